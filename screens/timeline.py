"""Timeline: events over time by category (click one to read it), and when each country belonged to the organisation."""

from datetime import date

import streamlit as st

from geo.alliance.filters import Filters
from geo.render.charts import control_band, event_timeline, membership_gantt, picked_event_id
from geo.render.scene import country_names
from ui import loaders, panels, sidebar
from ui.control import control_table

atlas = loaders.atlas()
filters, org = sidebar.current_filters(), sidebar.organisation()
everywhen = Filters(
    year=filters.year, date_from=date.min, date_to=date.max, categories=filters.categories, countries=filters.countries
)
events = atlas.events_matching(everywhen)
st.title("Timeline")
st.caption(
    f"{len(events)} events with the sidebar's categories and countries; the band marks {filters.year}. "
    "Click an event to read it here."
)
picked = st.altair_chart(
    event_timeline(events, atlas.categories, filters.year), width="stretch", on_select="rerun", key="timeline_pick"
)
if event := atlas.event(picked_event_id(picked) or ""):
    with st.container(border=True):
        panels.event_panel(event, atlas, related=False)
        if st.button("Show on the map", icon=":material/map:"):
            st.switch_page("screens/map.py", query_params={"event": event.id, "year": event.first_day.year})
st.subheader(f"Membership: {atlas.memberships.organisations[org].name}", anchor=False)
st.altair_chart(membership_gantt(atlas.memberships, org, country_names(atlas), date.today()), width="stretch")
st.subheader("Nagorno-Karabakh: who held each area", anchor=False)
st.caption(
    "Pale where a holder had only part of a district (no offline line of contact exists, so the whole district "
    "stands for it); the peacekeeping zone is approximate. Sources: Data & sources."
)
st.altair_chart(control_band(control_table(), date.today(), filters.year), width="stretch")
