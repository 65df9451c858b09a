"""geo/render/offline.py: Leaflet and jQuery from pip packages, published once and inlined for a file that opens
offline."""

import os
import re
import time

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


def asset_tags() -> str:
    """The script and style links a rendered map page carries for our packaged assets."""
    return "".join(f'<script src="{url}"></script>' for _, url in offline.JS) + "".join(
        f'<link rel="stylesheet" href="{url}"/>' for _, url in offline.CSS
    )


def test_an_inlined_page_links_to_nothing_and_keeps_its_own_text():
    text = "<div>&#123;&#123; 7*7 &#125;&#125; &lt;img src=x onerror=alert(1)&gt;</div>"  # escaped data, as rendered
    inlined = offline.inline_assets(text + asset_tags() + text)
    assert offline.STATIC_URL not in inlined and re.search(r"\.version=\"\d+\.\d+", inlined) and "jQuery" in inlined
    assert inlined.startswith(text) and inlined.endswith(text) and inlined.count("7*7") == 2
    assert inlined.count("</script>") == len(offline.JS) and inlined.count("</style>") == len(offline.CSS)
    assert "url(images/" not in inlined and "data:image/png;base64," in inlined


def test_a_script_that_spells_its_closing_tag_cannot_end_its_element(tmp_path, monkeypatch):
    package = tmp_path / "leaflet"
    (package / "images").mkdir(parents=True)
    (package / "leaflet.js").write_text('var s = "</script><script>alert(1)</SCRIPT >";', encoding="utf-8")
    (package / "leaflet.css").write_text(".a{background:url(images/a.png)}.b{background:url(images/gone.png)}")
    (package / "images" / "a.png").write_bytes(b"\x89PNG")
    monkeypatch.setitem(offline._SOURCES, "leaflet", package)
    inlined = offline.inline_assets(asset_tags())
    leaflet = inlined.split("<script>", 1)[1].split("</script>", 1)[0]
    assert leaflet == 'var s = "<\\/script><script>alert(1)<\\/SCRIPT >";'
    assert "url(data:image/png;base64,iVBORw==)" in inlined and "url(images/gone.png)" in inlined  # missing: as it was


def test_our_own_scripts_are_copied_again_after_an_edit(tmp_path, monkeypatch):
    ours = tmp_path / "ours"
    ours.mkdir()
    (ours / "sync.js").write_text("first")
    monkeypatch.setitem(offline._SOURCES, "atlas", ours)
    static = tmp_path / "static"
    offline.install_assets(static)
    (ours / "sync.js").write_text("second")
    os.utime(ours / "sync.js", ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    offline.install_assets(static)
    assert (static / "vendor" / "atlas" / "sync.js").read_text() == "second"
