"""geo/render/offline.py: Leaflet and jQuery from pip packages, published once and inlined for a file that opens
offline."""
import re

from geo.render import offline


def test_assets_are_copied_once_and_kept_until_the_package_changes(tmp_path):
    offline.install_assets(tmp_path)
    leaflet = tmp_path / "vendor" / "leaflet" / "leaflet.js"
    assert leaflet.exists() and (tmp_path / "vendor" / "jquery" / "jquery.min.js").exists()
    leaflet.write_text("edited")
    offline.install_assets(tmp_path)
    assert leaflet.read_text() == "edited"  # same package: not copied again
    (tmp_path / "vendor" / "leaflet" / ".source").write_text("an older package")
    offline.install_assets(tmp_path)
    assert leaflet.read_text() != "edited"


def test_published_data_is_named_by_its_content(tmp_path):
    first = offline.publish(tmp_path, "countries", '{"a": 1}')
    assert first == offline.publish(tmp_path, "countries", '{"a": 1}')
    second = offline.publish(tmp_path, "countries", '{"a": 2}')
    assert first != second and re.fullmatch(r"/app/static/data/countries-[0-9a-f]{12}\.json", second)
    assert (tmp_path / "data" / second.rsplit("/", 1)[1]).read_text() == '{"a": 2}'
    assert not list((tmp_path / "data").glob("*.partial"))


def test_an_inlined_page_links_to_nothing_and_cannot_be_closed_by_its_scripts():
    page = "".join(f'<script src="{url}"></script>' for _, url in offline.JS)
    page += "".join(f'<link rel="stylesheet" href="{url}"/>' for _, url in offline.CSS)
    inlined = offline.inline_assets(page)
    assert offline.STATIC_URL not in inlined and re.search(r"\.version=\"\d+\.\d+", inlined) and "jQuery" in inlined
    scripts = re.findall(r"<script>(.*?)</script>", inlined, re.DOTALL)
    assert len(scripts) == len(offline.JS) and all("</script" not in s for s in scripts)
    assert "url(images/" not in inlined and "data:image/png;base64," in inlined
