"""geo/render/script.py: data reach a map's script only as inert values."""

import json

import folium
from branca.element import Template

from geo.render.script import Script, js_json

_SHOW = Template("{% macro script(this, kwargs) %}var shown = {{ this.value }};{% endmacro %}")


def test_json_for_a_script_cannot_end_it_nor_open_jinja_and_reads_back_the_same():
    value = {"name": "</script><script>alert(1)</script>", "trap": "{{ 7*7 }} {% if %} {# x #}", "n": [1, {}]}
    text = js_json(value)
    assert "</" not in text and "{{" not in text and "{%" not in text and "{#" not in text
    assert json.loads(text) == value


def test_a_script_element_prints_its_value_as_given_where_it_is_added():
    fmap = folium.Map(tiles=None)
    Script(_SHOW, value=js_json("{{ 7*7 }}")).add_to(fmap)
    page = fmap.get_root().render()
    assert 'var shown = "\\u007b{ 7*7 }}";' in page and "49" not in page.split("var shown", 1)[1][:30]
