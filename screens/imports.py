"""Import: ACLED exports or any CSV/GeoJSON streamed into the local analytic store, checked row by row first."""
import streamlit as st

from geo.store import bulk
from geo.problems import DataError
from ui import imports

st.title("Import events")
st.caption("ACLED exports are recognised by their columns; any other CSV or GeoJSON is read through the column "
           "mapping below. Every row is checked first; you decide whether to keep the good rows. Imported events "
           "appear on the Map as “Imported events”, binned into hexagons wherever many are in view.")
store = imports.store()
st.metric("Events in your store", f"{store.event_count():,}")
upload = st.file_uploader("File", type=["csv", "geojson", "json"], key="bulk_file")
local = st.text_input("…or a file path on this machine (for exports larger than an upload)", key="bulk_path")
path = imports.saved_upload(upload) if upload is not None else imports.local_file(local)

if path is not None and "staged" not in st.session_state:
    columns = bulk.columns_of(path)
    mapping = None if bulk.is_acled(columns) else imports.mapping_form(columns)
    st.info("ACLED layout recognised." if mapping is None else "Map the columns, then check the file.")
    if st.button("Check the file", type="primary", disabled=mapping is False):
        bar = st.progress(0.0, text="Reading…")
        try:
            st.session_state.staged = imports.stage(path, mapping, lambda stage, done: bar.progress(done, text=stage))
            st.rerun()
        except (DataError, ValueError) as error:
            st.error(imports.problems_text(error))

if staged := st.session_state.get("staged"):
    imports.report(staged)
    keep, drop = st.columns(2)
    if keep.button(f"Keep the {staged.rows - staged.bad_rows:,} good rows", type="primary"):
        added = bulk.commit(store, st.session_state.pop("staged"))
        st.success(f"{added:,} events written.")
    if drop.button("Discard this file"):
        bulk.discard(store, st.session_state.pop("staged"))
        st.info("Nothing was imported.")
