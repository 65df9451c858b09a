"""Which addresses may become links: checked where sources are loaded, and again where links are drawn."""
from urllib.parse import urlparse


def is_web_url(url: str) -> bool:
    """Only http(s) addresses with a host become links; javascript:, data: and the like never do."""
    parsed = urlparse(url.strip())
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)
