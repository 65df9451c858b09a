from tests.conftest import ROOT
from streamlit.testing.v1 import AppTest


def test_app_has_the_shared_sidebar_and_opens_the_map():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["year"] = "2023"
    at.run()
    assert not at.exception
    assert at.slider(key="year").value == 2023
    assert at.title[0].value == "CSTO in 2023"
    labels = {t.label for t in at.toggle}
    assert {"Membership status", "Events", "Places and bases", "Regions and borders", "Play"} <= labels
