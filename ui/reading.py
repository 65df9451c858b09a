"""An article read and parsed once per content, not on every rerun: a 2 MB upload costs seconds to read and geoparse,
and every click on the Ingest screen reruns it. Keyed by the bytes themselves (Streamlit hashes them), so an edited
text is read again; a few recent articles are kept."""

from datetime import date

import streamlit as st

from geo.news.article import Article, article_from_bytes
from geo.news.geoparse import Mention
from geo.news.textdates import DateMention, find_dates
from ui import loaders

RECENT_ARTICLES = 8


@st.cache_data(max_entries=RECENT_ARTICLES, show_spinner="Reading the article…")
def article(name: str, data: bytes) -> Article:
    """ArticleError (not cached) says why a file is refused."""
    return article_from_bytes(name, data)


@st.cache_data(max_entries=RECENT_ARTICLES, show_spinner="Finding places…")
def place_mentions(text: str) -> list[Mention]:
    return loaders.geoparser().mentions(text)


@st.cache_data(max_entries=RECENT_ARTICLES)
def date_mentions(text: str, published: date | None) -> list[DateMention]:
    return find_dates(text, published)
