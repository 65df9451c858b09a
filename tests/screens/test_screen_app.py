from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def test_app_has_the_shared_sidebar_and_opens_the_map():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["year"] = "2023"
    at.run()
    assert not at.exception
    assert at.slider(key="year").value == 2023
    assert at.title[0].value == "CSTO in 2023"
    labels = {t.label for t in at.toggle}
    assert {"Membership status", "Events", "Places and bases", "Regions and borders", "Play"} <= labels


def test_single_user_mode_says_nothing_about_signing_in():
    """Without the proxy's trusted header configured there is no sign-in, so the sidebar neither greets nor invites."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "Sign in" not in captions and "Signed in as" not in captions


def test_in_team_mode_a_reader_is_invited_to_sign_in(team_mode):
    """AppTest sends no websocket headers, so in team mode it is exactly a reader who has not signed in."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert "Reading as a guest" in " ".join(c.value for c in at.sidebar.caption)
