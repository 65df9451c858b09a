"""Which addresses may become links: checked where sources are loaded, and again where links are drawn."""

import unicodedata
from urllib.parse import quote, urlsplit

MAX_URL_CHARS = 2000  # longer "addresses" are shown as text, not linked (they are never real sources)
# Characters an address may keep as typed (RFC 3986 reserved and unreserved, and "%" of escapes already there);
# anything else, such as quotes, angle brackets, backslashes and non-ASCII letters, is percent-encoded.
_URL_SAFE = ";/?:@&=+$,#[]!'()*~-._%"


def web_url(url: str) -> str | None:
    """The address ready to link to, or None unless the whole text is one http(s) URL.

    A control character or a space inside an address would end a markdown or HTML link early and let the rest
    run as markup (a newline followed by an image), so such text is never a link: it is shown as text.
    """
    candidate = url.strip()
    if len(candidate) > MAX_URL_CHARS or any(unicodedata.category(c)[0] in "CZ" for c in candidate):
        return None
    try:
        parsed = urlsplit(candidate)
        host = parsed.hostname
    except ValueError:  # e.g. an unclosed [IPv6] host
        return None
    if parsed.scheme.lower() not in ("http", "https") or not host:
        return None
    return quote(candidate, safe=_URL_SAFE)


def is_web_url(url: str) -> bool:
    """Only http(s) addresses with a host become links; javascript:, data: and the like never do."""
    return web_url(url) is not None
