"""Who is signed in, in team mode: the name the proxy checked, which Streamlit copies into `st.user` from a
trusted header.

Team mode is simply `server.trustedUserHeaders` being set (`python -m team serve` sets it); in single-user mode
nobody signs in and nothing here changes what the app shows.
"""

import streamlit as st

from geo.render.markdown import md_text
from team.replicas import USER_KEY  # st.user key of the proxy's user header


def team_mode() -> bool:
    return bool(st.get_option("server.trustedUserHeaders"))


def signed_in_user() -> str | None:
    """The analyst's name; None for a reader who has not signed in, and always in single-user mode."""
    if not team_mode():
        return None
    return st.user.get(USER_KEY) or None


def signin_status() -> None:
    """One line in the sidebar in team mode: who is signed in, or a link to sign in."""
    if not team_mode():
        return
    if user := signed_in_user():
        st.sidebar.caption(f"Signed in as **{md_text(user)}**")
    else:
        st.sidebar.caption("Reading as a guest · [Sign in](/signin) to keep and import events")
