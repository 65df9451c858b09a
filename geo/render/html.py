"""The only place where text from data becomes HTML (folium escapes nothing, STYLE §6)."""

import html

from geo.weblinks import web_url


def html_text(value: str) -> str:
    """HTML-escaped, inert inside the JS template literals folium wraps popups and tooltips in, and inert as Jinja.

    Braces are escaped because branca compiles the rendered output of every folium element once more as a Jinja
    template (MacroElement.render wraps it in Element(...)), so a tooltip reading `{{ 7*7 }}` would show 49 even
    when passed as a value, and `{% if %}` would stop the map with a syntax error.
    """
    return (
        html.escape(value)
        .replace("\\", "&#92;")
        .replace("`", "&#96;")
        .replace("$", "&#36;")
        .replace("{", "&#123;")
        .replace("}", "&#125;")
    )


def safe_link(url: str, label: str) -> str:
    """A link that opens in a new tab, or the escaped label alone when the address is not http(s)."""
    address = web_url(url)
    if address is None:
        return html_text(label)
    return f'<a href="{html_text(address)}" target="_blank" rel="noopener noreferrer">{html_text(label)}</a>'
