"""Uploads: written whole under the store's folder, named by content and kind, deleted once used."""

import hashlib
import stat

import pytest

from geo.store import imported


@pytest.fixture
def home(monkeypatch, tmp_path):
    monkeypatch.setenv("ALLIANCE_ATLAS_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_an_upload_is_named_by_its_content_and_kind_never_by_the_browsers_name(home):
    data = b"event_id_cnty\nARM1\n"
    path = imported.save_upload(data, "../../evil name.CSV")
    assert path == home / "uploads" / (hashlib.sha256(data).hexdigest()[:16] + ".csv")
    assert path.read_bytes() == data and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert imported.save_upload(memoryview(data), "again.csv") == path
    geojson = imported.save_upload(b"{}", "points.GeoJSON")
    assert geojson.suffix == ".geojson"
    assert sorted((home / "uploads").iterdir()) == sorted([path, geojson])  # no partial file left behind


def test_a_copy_that_is_not_whole_is_written_again(home):
    data = b"date,lat,lon\n2020,40,44\n"
    path = imported.save_upload(data, "mine.csv")
    path.write_bytes(data[:7])
    assert imported.save_upload(data, "mine.csv") == path and path.read_bytes() == data


def test_an_upload_is_removed_but_a_file_named_on_the_command_line_is_not(home, tmp_path):
    upload = imported.save_upload(b"x", "a.csv")
    own = tmp_path / "mine.csv"
    own.write_bytes(b"x")
    imported.remove_upload(upload)
    imported.remove_upload(own)
    assert not upload.exists() and own.exists()
