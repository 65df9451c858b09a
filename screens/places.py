"""Places: look a name up in the offline gazetteer and see where it resolves, with the other candidates."""

import streamlit as st
from streamlit_folium import st_folium

from geo.places.geocode import candidates
from geo.render.place_maps import candidates_frame, candidates_map
from ui import loaders

atlas = loaders.atlas()
st.title("Places")
st.caption("Any spelling the gazetteer knows: Khankendi, Xankəndi, Stepanakert; Leninakan; Zangezur; Nur-Sultan…")
name = st.text_input("Place name", key="place", bind="query-params", max_chars=120)
country = st.text_input("Country (ISO3 code, optional)", key="place_country", bind="query-params", max_chars=3)
try:
    matches = (
        candidates(name, country=country.strip().upper() or None, gazetteer=atlas.gazetteer, limit=10)
        if name.strip()
        else None
    )
except ValueError as error:  # a country code the gazetteer does not know, e.g. from a link's place_country
    st.error(str(error))
    matches = None
if matches is not None:
    if not matches:
        st.warning("No place matches that name.")
    else:
        best = matches[0]
        st.success(
            f"Best match: {best.place.name} ({best.place.kind}, {best.place.country_iso3 or 'no country'}) — "
            f"confidence {best.confidence:.2f}"
        )
        st_folium(
            candidates_map(matches, atlas, loaders.outlines()),
            key="place_map",
            height=380,
            use_container_width=True,
            returned_objects=[],
        )
        st.dataframe(candidates_frame(matches), hide_index=True, width="stretch")
