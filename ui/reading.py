"""An article read and parsed once per content, not on every rerun: a 2 MB upload costs seconds to read and geoparse,
and every click on the Ingest screen reruns it. Keyed by the bytes themselves (Streamlit hashes them), so an edited
text is read again; a few recent articles are kept."""

from datetime import date

import streamlit as st

from geo.news.aliases import AliasBook, alias_key
from geo.news.article import Article, article_from_bytes
from geo.news.geoparse import Mention
from geo.news.textdates import DateMention, find_dates
from ui import loaders, signin

RECENT_ARTICLES = 8


@st.cache_data(max_entries=RECENT_ARTICLES, show_spinner="Reading the article…")
def article(name: str, data: bytes) -> Article:
    """ArticleError (not cached) says why a file is refused."""
    return article_from_bytes(name, data)


@st.cache_data(max_entries=RECENT_ARTICLES, show_spinner="Finding places…")
def place_mentions(text: str, aliases_version: str, _aliases: AliasBook) -> list[Mention]:
    """Parsed again when the reader's aliases change (a correction just kept), so the article shows its effect."""
    return loaders.geoparser().mentions(text, aliases=_aliases)


def alias_book() -> AliasBook:
    """The viewer's aliases, read from the store on each rerun (a few rows): another replica may have kept one."""
    kept = loaders.store().aliases(signin.viewer())
    return AliasBook({alias_key(alias.surface): alias.place for alias in kept}, loaders.atlas().gazetteer)


@st.cache_data(max_entries=RECENT_ARTICLES)
def date_mentions(text: str, published: date | None) -> list[DateMention]:
    return find_dates(text, published)
