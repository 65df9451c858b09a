"""Imported event sets (ACLED exports, analysts' CSV and GeoJSON files) in an embedded DuckDB file, or in
PostgreSQL when ALLIANCE_ATLAS_DATABASE_URL names a database (team mode; geo.store.imported.backend).

An import has two steps, so that nothing is kept before the analyst has read what is wrong with a file:
`stage_acled()` or `stage_mapped()` streams the file into a staging table through DuckDB's own readers and checks
every row in SQL; `staged_problems()` lists each bad row's problems with file, line and field; then `commit()` keeps
the good rows or `discard()` drops them all. An event is known by its key: ACLED's `event_id_cnty`, or a hash of
the mapped cells for other files; a key already stored is not added again, and an ACLED event whose coding changed
(ACLED revises fatalities, actors, places) replaces the stored one.

Events are filtered by country through `country_iso3`: the ISO3 code of the row's country name, else that of the
place it was geocoded to, else that of the country outline (data/boundaries/countries.geojson) its point falls in.

Callers use the names below (`from geo.store import imported`, then `imported.open_store()`); each module holds one
step: backend, store (DuckDB), postgres and pg_schema, schema, staging, csv_reading, geojson_reading, checks,
acled, mapping, places, problem_lines, events, uploads.
"""

from geo.store.imported.acled import is_acled
from geo.store.imported.backend import EventStore, open_store, store_exists
from geo.store.imported.checks import MAX_CELL_CHARS, CellLimit
from geo.store.imported.events import ImportedEvent, choices, date_label, imported_event
from geo.store.imported.mapping import ColumnMapping
from geo.store.imported.places import BIN_RESOLUTIONS, CELL_RESOLUTION
from geo.store.imported.postgres import PostgresStore
from geo.store.imported.schema import LONGEST_EVENT
from geo.store.imported.staging import (
    Staged,
    columns_of,
    commit,
    discard,
    stage_acled,
    stage_file,
    stage_mapped,
    staged_problems,
)
from geo.store.imported.store import ImportedStore, StoreInUse, default_store_path
from geo.store.imported.uploads import remove_upload, save_upload

__all__ = [
    "BIN_RESOLUTIONS",
    "CELL_RESOLUTION",
    "MAX_CELL_CHARS",
    "CellLimit",
    "ColumnMapping",
    "EventStore",
    "ImportedEvent",
    "ImportedStore",
    "LONGEST_EVENT",
    "PostgresStore",
    "Staged",
    "StoreInUse",
    "choices",
    "columns_of",
    "commit",
    "date_label",
    "default_store_path",
    "discard",
    "imported_event",
    "is_acled",
    "open_store",
    "remove_upload",
    "save_upload",
    "stage_acled",
    "stage_file",
    "stage_mapped",
    "staged_problems",
    "store_exists",
]
