from tests.screens.conftest import page


def test_sources_page_offers_downloads_and_provenance():
    at = page("sources", year=2022).run()
    assert not at.exception
    assert "events match" in at.caption[0].value
    assert any("Natural Earth" in m.value for m in at.markdown)
    assert len(at.get("download_button")) == 2
    at.button[0].click().run()
    assert len(at.get("download_button")) == 3
