"""Who is signed in, in team mode: the name the proxy checked, which Streamlit copies into `st.user` from a
trusted header.

Team mode is simply `server.trustedUserHeaders` being set (`python -m team serve` sets it); in single-user mode
nobody signs in and nothing here changes what the app shows.
"""

import streamlit as st

from geo.render.markdown import md_text
from geo.store.authorship import Viewer
from team.replicas import USER_KEY  # st.user key of the proxy's user header


def team_mode() -> bool:
    return bool(st.get_option("server.trustedUserHeaders"))


def signed_in_user() -> str | None:
    """The analyst's name; None for a reader who has not signed in, and always in single-user mode."""
    if not team_mode():
        return None
    return st.user.get(USER_KEY) or None


def viewer() -> Viewer:
    """Who the stores answer: what they show, list and let delete follows from it (geo.store.authorship)."""
    return Viewer(signed_in_user(), team_mode())


def analysts_only(what: str) -> None:
    """In team mode a reader who has not signed in gets a line with a link to sign in instead of the screen, which
    stops here; in single-user mode, and for a signed-in analyst, nothing happens."""
    if team_mode() and signed_in_user() is None:
        st.info(f"{what} is for the team's analysts. [Sign in](/signin) to use it; the map is open to everyone.")
        st.stop()


def signin_status() -> None:
    """One line in the sidebar in team mode: who is signed in, or a link to sign in."""
    if not team_mode():
        return
    if user := signed_in_user():
        st.sidebar.caption(f"Signed in as **{md_text(user)}**")
    else:
        st.sidebar.caption("Reading as a guest · [Sign in](/signin) to keep and import events")
