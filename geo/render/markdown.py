"""Text from data placed in Streamlit markdown: shown literally, links only to http(s) addresses; and our own
documents fitted under a page's title."""

import re

from geo.weblinks import web_url

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:])")
# Streamlit links web and e-mail addresses found in text after parsing, escaped or not; an invisible word joiner
# after "http:", "www" or "@" keeps them text (a link in data is shown, never made clickable).
_AUTOLINKED = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def md_text(value: str) -> str:
    """Every markdown (and HTML) special character escaped, so data can neither format nor inject."""
    return _SPECIAL.sub(r"\\\1", _AUTOLINKED.sub(WORD_JOINER, " ".join(value.split())))


def md_link(url: str, label: str) -> str:
    """A link only for a whole http(s) address; web_url() percent-encodes what could end the <...> destination."""
    address = web_url(url)
    if address is None:
        return md_text(label)
    return f"[{md_text(label)}](<{address}>)"


_HEADING = re.compile(r"#{1,6}(?= )")


def under_title(document: str, levels: int = 2) -> str:
    """One of our Markdown documents (data/'s READMEs) with its headings `levels` smaller, so its title does not
    outsize the page's own; lines inside fenced code, where '#' starts a comment, are left as they are."""
    lines, fenced = [], False
    for line in document.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and (heading := _HEADING.match(line)):
            line = "#" * min(len(heading.group()) + levels, 6) + line[heading.end() :]
        lines.append(line)
    return "\n".join(lines)
