"""The store file: where it lives, that it keeps its events, that only its user reads it, one process at a time."""

import stat
from pathlib import Path

import pytest

from geo.store import imported
from tests.geo.store.imported.conftest import acled_row, holding, write_csv


def test_the_store_lives_under_alliance_atlas_home(monkeypatch, tmp_path):
    monkeypatch.setenv("ALLIANCE_ATLAS_HOME", str(tmp_path / "atlas"))
    assert imported.default_store_path() == tmp_path / "atlas" / "bulk.duckdb"
    monkeypatch.delenv("ALLIANCE_ATLAS_HOME")
    assert imported.default_store_path() == Path.home() / ".alliance-atlas" / "bulk.duckdb"


def test_a_store_reopens_with_its_events(tmp_path):
    path = tmp_path / "bulk.duckdb"
    first = imported.open_store(path)
    imported.commit(first, imported.stage_acled(first, write_csv(tmp_path / "one.csv", [acled_row()])))
    first.close()
    again = imported.open_store(path)
    assert again.event_count() == 1
    again.close()


def test_the_store_is_private_to_its_user(tmp_path):
    imported.open_store(tmp_path / "home" / "bulk.duckdb").close()
    assert (
        stat.S_IMODE((tmp_path / "home").stat().st_mode),
        stat.S_IMODE((tmp_path / "home" / "bulk.duckdb").stat().st_mode),
    ) == (0o700, 0o600)


def test_another_process_holding_the_store_is_store_in_use(tmp_path):
    path = tmp_path / "bulk.duckdb"
    imported.open_store(path).close()
    with holding(path), pytest.raises(imported.StoreInUse, match="open in another program"):
        imported.open_store(path)
