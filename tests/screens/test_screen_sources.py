from tests.screens.conftest import page


def test_sources_page_offers_downloads_and_provenance():
    at = page("sources", year=2022).run()
    assert not at.exception
    assert "events match" in at.caption[0].value
    assert any("Natural Earth" in m.value for m in at.markdown)
    documents = [m.value for m in at.markdown if "Natural Earth" in m.value or "aliases" in m.value]
    assert not any(line.startswith(("# ", "## ")) for d in documents for line in d.splitlines())  # under the title
    assert len(at.get("download_button")) == 2
    at.button[0].click().run()
    assert len(at.get("download_button")) == 3


def test_sources_page_offers_the_map_as_png_and_the_years_as_gif():
    at = page("sources", year=2021).run()
    picture_button = next(b for b in at.button if b.label.startswith("Prepare pictures"))
    assert "1992–2025" in picture_button.label
    picture_button.click().run()
    assert not at.exception
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Map picture (PNG)" in labels and "Years 1992–2025 (GIF)" in labels
