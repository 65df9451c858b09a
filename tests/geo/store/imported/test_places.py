"""Where rows are: places found by name drawn as precise as they are, points filed under country outlines."""

from dataclasses import replace

import duckdb
import h3.api.basic_int as h3
import numpy as np
import pytest

from geo.store import imported
from geo.store.imported import places
from geo.store.imported.mapping import ColumnMapping
from tests.geo.store.imported.conftest import GULF_OF_GUINEA, GYUMRI, MOSCOW, SYUNIK, YEREVAN, stored_countries


def test_rows_without_a_country_are_filed_under_the_outline_holding_their_point(store, tmp_path):
    path = tmp_path / "points.csv"
    path.write_text(
        "date,lat,lon,title,land\n"
        f"2020,{YEREVAN[0]},{YEREVAN[1]},Yerevan,\n"
        f"2020,{MOSCOW[0]},{MOSCOW[1]},Moscow,\n"
        f"2020,{GULF_OF_GUINEA[0]},{GULF_OF_GUINEA[1]},At sea,\n"
        f"2020,{YEREVAN[0]},{YEREVAN[1]},Named elsewhere,Kazakhstan\n"
        f"2020,{MOSCOW[0]},{MOSCOW[1]},Unknown name,Atlantis\n"
    )
    mapping = ColumnMapping(date="date", latitude="lat", longitude="lon", title="title", country="land")
    imported.commit(store, imported.stage_mapped(store, path, mapping))
    assert stored_countries(store) == {
        "Yerevan": (None, "ARM"),
        "Moscow": (None, "RUS"),
        "At sea": (None, None),
        "Named elsewhere": ("Kazakhstan", "KAZ"),
        "Unknown name": ("Atlantis", "RUS"),
    }
    assert imported.choices(store, "country_iso3") == ["RUS", "ARM", "KAZ"]


def test_points_are_placed_in_countries_a_batch_at_a_time(monkeypatch):
    monkeypatch.setattr(places, "POINT_BATCH", 2)
    lats, lons = zip(YEREVAN, MOSCOW, GULF_OF_GUINEA, MOSCOW, YEREVAN)
    assert list(places._countries_at(np.array(lats), np.array(lons))) == ["ARM", "RUS", None, "RUS", "ARM"]


@pytest.mark.parametrize(
    "place, precision",
    [(GYUMRI, 1), (SYUNIK, 2), (replace(GYUMRI, approximate=True), 2), (replace(GYUMRI, kind="country"), 3)],
)
def test_a_place_found_by_name_is_drawn_as_precise_as_it_is(place, precision):
    assert places._place_fields(place) == (place.lat, place.lon, precision, "ARM")


@pytest.mark.parametrize("resolution", range(0, 11))
def test_parent_cells_in_sql_match_h3(resolution):
    cell = h3.latlng_to_cell(40.18, 44.51, imported.CELL_RESOLUTION)
    sql = f"SELECT {places.parent_sql(resolution)} FROM (SELECT {cell}::UBIGINT AS cell)"
    assert duckdb.sql(sql).fetchall()[0][0] == h3.cell_to_parent(cell, resolution)
