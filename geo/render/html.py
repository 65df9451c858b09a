"""The only place where text from data becomes HTML (folium escapes nothing, STYLE §6)."""
import html

from geo.weblinks import is_web_url


def html_text(value: str) -> str:
    """HTML-escaped and inert inside the JS template literals folium wraps popups and tooltips in."""
    return html.escape(value).replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def safe_link(url: str, label: str) -> str:
    """A link that opens in a new tab, or the escaped label alone when the address is not http(s)."""
    if not is_web_url(url):
        return html_text(label)
    return f'<a href="{html_text(url.strip())}" target="_blank" rel="noopener noreferrer">{html_text(label)}</a>'
