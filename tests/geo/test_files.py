"""The folders come from their environment variables, are private to the user, and files are written whole."""

import os

import pytest

from geo import files


@pytest.mark.parametrize(
    ("variable", "folder"),
    [
        ("ALLIANCE_ATLAS_DATA", files.data_dir),
        ("ALLIANCE_ATLAS_HOME", files.home_dir),
        ("ALLIANCE_ATLAS_CACHE", files.cache_dir),
    ],
)
def test_each_folder_comes_from_its_variable(monkeypatch, tmp_path, variable, folder):
    monkeypatch.setenv(variable, str(tmp_path / "here"))
    assert folder() == tmp_path / "here"


def test_defaults_are_the_repository_data_and_the_users_folders(monkeypatch):
    for variable in ("ALLIANCE_ATLAS_DATA", "ALLIANCE_ATLAS_HOME", "ALLIANCE_ATLAS_CACHE"):
        monkeypatch.delenv(variable, raising=False)
    assert (files.data_dir() / "events.yaml").exists()
    assert files.home_dir() == files.Path.home() / ".alliance-atlas"
    assert files.cache_dir() == files.Path.home() / ".cache" / "alliance-atlas"


def test_atomic_write_creates_private_folders_and_files(tmp_path):
    target = tmp_path / "a" / "b" / "store.json"
    os.umask(0o022)
    files.atomic_write(target, b"{}")
    assert target.read_bytes() == b"{}"
    assert (target.parent.stat().st_mode & 0o777, target.stat().st_mode & 0o777) == (0o700, 0o600)
    assert [p.name for p in target.parent.iterdir()] == ["store.json"]  # no partial file left behind


def test_a_failed_write_leaves_the_old_file_and_no_partial(tmp_path):
    target = files.atomic_write(tmp_path / "x.txt", b"old")
    with pytest.raises(TypeError):
        files.atomic_write(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_a_folder_others_may_write_is_not_private(tmp_path, caplog):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    assert not files.is_private(shared)
    assert "is not private to this user" in caplog.text
    assert files.is_private(files.private_folder(tmp_path / "mine"))


@pytest.mark.parametrize(
    ("configured", "url"),
    [
        (None, None),
        ("", None),
        ("postgresql://atlas@/atlas?host=/srv/run", "postgresql://atlas@/atlas?host=/srv/run"),
        ("postgres://db.example/atlas", "postgres://db.example/atlas"),
        ("sqlite:///tmp/x.db", None),
    ],
)
def test_the_database_url_is_a_postgresql_one_or_none(monkeypatch, configured, url):
    if configured is None:
        monkeypatch.delenv("ALLIANCE_ATLAS_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("ALLIANCE_ATLAS_DATABASE_URL", configured)
    assert files.database_url() == url
