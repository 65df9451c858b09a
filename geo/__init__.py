"""Every computation of the atlas; nothing here imports Streamlit (the screens in screens/ and ui/ call into it).

Five concerns, each a subpackage, each importing only those above it in this list (tests/geo/test_layering.py):
    places/    where things are: gazetteer, geocoding, boundaries, country shapes
    alliance/  who belonged when and what happened: memberships, curated events, bases, control periods, filters
    news/      from a news text to places and dates: article reading, date finding, the geoparser
    store/     what users keep: my events (SQLite), imported events (DuckDB) and the per-view queries on them
    render/    the escaping boundary: every HTML, JS, folium, altair and picture made from data is made here
Shared by all: problems (file:line: field errors), records (curated CSV/YAML rows with their lines), dates, files
(where data, home and cache live; atomic writes), weblinks, spreadsheet. `atlas` gathers places and alliance for the
screens; `cli/` is the command line, `python -m geo COMMAND`.
"""
