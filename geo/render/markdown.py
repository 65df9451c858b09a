"""Text from data placed in Streamlit markdown: shown literally, links only to http(s) addresses."""
import re

from geo.weblinks import is_web_url

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:])")


def md_text(value: str) -> str:
    """Every markdown (and HTML) special character escaped, so data can neither format nor inject."""
    return _SPECIAL.sub(r"\\\1", " ".join(value.split()))


def md_link(url: str, label: str) -> str:
    if not is_web_url(url):
        return md_text(label)
    return f"[{md_text(label)}](<{url.strip().replace('>', '%3E').replace(' ', '%20')}>)"
