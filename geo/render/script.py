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


class Script(MacroElement):
    """A script that runs where the element is added; `this` in the template is the element, `this._parent` its layer.

    The template is one of the module-level compiled ones: data reaches it only as the element's values (JSON or
    escaped text), never as template source, where Jinja would run any `{{ }}` in it.
    """

    def __init__(self, template: Template, **values) -> None:
        super().__init__()
        self._template = template
        self.__dict__.update(values)
