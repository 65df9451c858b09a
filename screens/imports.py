"""Import: ACLED exports or any CSV/GeoJSON streamed into the local analytic store, checked row by row first."""

import streamlit as st

from geo.problems import DataError
from geo.store import imported
from ui import imports, signin

st.title("Import events")
signin.analysts_only("Importing events")
st.caption(
    "ACLED exports are recognised by their columns; any other CSV or GeoJSON is read through the column "
    "mapping below. Every row is checked first; you decide whether to keep the good rows. Imported events "
    "appear on the Map as “Imported events”, binned into hexagons wherever many are in view. Exports too "
    "large to upload are imported on the command line: `python -m geo import FILE`."
)
try:
    store = imports.store()
except imported.StoreInUse:
    st.error(imports.IN_USE)
    st.stop()
if outcome := st.session_state.pop("import_outcome", None):  # the last file's, told after the rerun that shows it
    text, kept = outcome
    (st.success if kept else st.info)(text)
st.metric("Events in your store", f"{store.event_count():,}")
upload = st.file_uploader("File", type=["csv", "geojson", "json"], key=imports.uploader_key())
path = imported.save_upload(upload.getbuffer(), upload.name) if upload is not None else None

if path is not None and "staged" not in st.session_state:
    try:
        columns = imported.columns_of(path)
    except DataError as error:
        imported.remove_upload(path)
        st.error(imports.problems_text(error, upload.name))
        st.stop()
    mapping = None if imported.is_acled(columns) else imports.mapping_form(columns)
    st.info("ACLED layout recognised." if mapping is None else "Map the columns, then check the file.")
    truncate = st.checkbox(
        f"Keep rows whose text is longer than {imported.MAX_CELL_CHARS:,} characters, with that text cut",
        key="truncate",
        help="Otherwise such a row is listed as a problem and left out",
    )
    if st.button("Check the file", type="primary", disabled=mapping is False):
        bar = st.progress(0.0, text="Reading…")
        try:
            st.session_state.staged = imports.stage(
                path, mapping, lambda stage, done: bar.progress(done, text=stage), truncate
            )
            st.rerun()
        except (DataError, ValueError) as error:
            imported.remove_upload(path)
            st.error(imports.problems_text(error, upload.name))

if staged := st.session_state.get("staged"):
    imports.report(staged)
    keep, drop = st.columns(2)
    # Either button ends the file in its callback, before the page is drawn again: the count above, the empty
    # uploader and the outcome then agree, and no report with live buttons is left under the outcome.
    keep.button(
        imports.keep_label(staged),
        type="primary",
        disabled=not staged.new + staged.changed,
        on_click=imports.keep_file,
        args=(store,),
    )
    drop.button("Discard this file", on_click=imports.discard_file, args=(store,))
