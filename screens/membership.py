"""Membership: a country × year matrix of statuses, and the intervals with their sources."""

from datetime import date

import streamlit as st

from geo.alliance.membership import intervals_table
from geo.render.charts import status_matrix, status_matrix_frame
from geo.render.scene import country_names
from ui import loaders, sidebar

atlas = loaders.atlas()
org = sidebar.organisation()
organisation = atlas.memberships.organisations[org]
st.title(f"Membership of the {organisation.name}")
st.caption(organisation.note)
names = country_names(atlas)
years = range(atlas.years[0], date.today().year + 1)
st.altair_chart(status_matrix(status_matrix_frame(atlas.memberships, org, names, years)), width="stretch")
st.subheader("Intervals and sources", anchor=False)
st.caption("An interval runs from its start up to (not including) its end; dates carry the precision the sources give.")
st.dataframe(
    intervals_table(atlas.memberships, org, names),
    hide_index=True,
    width="stretch",
    column_config={
        "source": st.column_config.LinkColumn("source"),
        "more sources": st.column_config.ListColumn("more sources"),
    },
)
