"""The tables: one event per key, even in a store written before keys were unique; country names to ISO3."""

import duckdb
import pytest

from geo.store import imported
from geo.store.imported.schema import create_schema
from tests.geo.store.imported.conftest import acled_row, write_csv


def test_a_store_with_repeated_keys_keeps_one_of_each_when_reopened(tmp_path):
    path = tmp_path / "bulk.duckdb"
    opened = imported.open_store(path)
    imported.commit(opened, imported.stage_acled(opened, write_csv(tmp_path / "one.csv", [acled_row()])))
    opened.cursor().execute("DROP INDEX events_key; INSERT INTO events SELECT * FROM events")
    opened.close()
    again = imported.open_store(path)
    assert again.event_count() == 1
    with pytest.raises(duckdb.ConstraintException):
        again.cursor().execute("INSERT INTO events SELECT * FROM events")
    again.close()


def test_countries_are_filed_under_iso3_like_the_curated_data(store, tmp_path):
    rows = [
        acled_row(),
        acled_row(event_id_cnty="RUS1", country="Russia"),
        acled_row(event_id_cnty="COD1", country="Democratic Republic of Congo"),
        acled_row(event_id_cnty="XXX1", country="Atlantis"),
    ]
    imported.commit(store, imported.stage_acled(store, write_csv(tmp_path / "c.csv", rows)))
    assert imported.choices(store, "country_iso3") == ["ARM", "COD", "RUS"]


def test_country_names_are_geonames_and_acled_spellings_and_codes():
    con = duckdb.connect()
    create_schema(con)
    names = dict(
        con.execute(
            "SELECT name, iso3 FROM staging.country_names WHERE name IN ('russia', 'rus', "
            "'türkiye', 'democratic republic of congo', 'armenia')"
        ).fetchall()
    )
    assert names == {
        "russia": "RUS",
        "rus": "RUS",
        "türkiye": "TUR",
        "democratic republic of congo": "COD",
        "armenia": "ARM",
    }


def test_creating_the_tables_again_keeps_what_they_hold():
    con = duckdb.connect()
    create_schema(con)
    con.execute("INSERT INTO imports (id, path) VALUES (7, 'kept.csv')")
    create_schema(con)
    assert con.execute("SELECT id, path FROM imports").fetchall() == [(7, "kept.csv")]
