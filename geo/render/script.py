"""A script element for folium maps: its template is compiled once, at import, and data reach it only as values.

Data in template source would be run by Jinja (`{{ 7*7 }}` in a place name); data as a value is JSON or escaped
text, which Jinja prints as it is.
"""

import json
import re

from branca.element import MacroElement, Template

_JINJA_OPENING = re.compile(r"\{(?=[{%#])")


def js_json(value) -> str:
    """Compact JSON, safe inside <script> and inert as Jinja (see geo.render.html.html_text): in compact JSON a `{` that
    starts an object is followed by `"` or `}`, so only one inside a string can open `{{`, `{%` or `{#`."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")
    return _JINJA_OPENING.sub(r"\\u007b", text)


def fetched(url: str) -> str:
    """A JS promise of a static JSON file, fetched once per page however many reruns ask for it (st_folium runs a
    layer's script again on every rerun, in the same page)."""
    return (
        f"((window.aaFetched = window.aaFetched || {{}})[{js_json(url)}] = window.aaFetched[{js_json(url)}] || "
        f"fetch({js_json(url)}).then(function (r) {{ return r.json(); }}))"
    )


def promised(data_json: str) -> str:
    """The same promise with the data in the page, for a map that must open without a server (the HTML download)."""
    return f"Promise.resolve({data_json})"


class Script(MacroElement):
    """A script that runs where the element is added; `this` in the template is the element, `this._parent` its layer.

    The template is one of the module-level compiled ones: data reaches it only as the element's values (JSON or
    escaped text), never as template source, where Jinja would run any `{{ }}` in it.
    """

    def __init__(self, template: Template, **values) -> None:
        super().__init__()
        self._template = template
        self.__dict__.update(values)
