"""Ingest: an article's places and dates found offline, reviewed, and turned into events the user keeps."""

import streamlit as st
from streamlit_folium import st_folium

from geo.news.article import MAX_ARTICLE_BYTES, ArticleError
from geo.news.geoparse import countries_mentioned
from geo.news.ingest import (
    corrections,
    distinct_places,
    mention_rows,
    not_found_note,
    placeable_names,
    resolved_places,
)
from geo.render.highlight import highlighted_html
from geo.render.markdown import md_text
from geo.render.place_maps import preview_map
from geo.render.scene import counted
from ui import loaders, mine, placing, reading, signin

st.title("Ingest an article")
signin.analysts_only("Ingesting articles")
atlas = loaders.atlas()
st.caption(
    "Paste a news text or upload .txt, .md or .html: its places and dates are found offline. Review them, "
    "then keep the events you confirm in your own store (they appear on the Map as “My events”)."
)
pasted, uploaded = st.tabs(["Paste text", "Upload a file"])
text = pasted.text_area("Article text", key="article_text", height=200, max_chars=MAX_ARTICLE_BYTES // 4)
upload = uploaded.file_uploader("Article file", type=["txt", "md", "markdown", "html", "htm"], key="article_file")
article = None
try:
    if upload is not None:
        article = reading.article(upload.name, upload.getvalue())
    elif text.strip():
        article = reading.article("pasted.txt", text.encode("utf-8"))
except ArticleError as error:
    st.error(str(error))
# The article's own date (a 'Published:' line, a dateline, HTML meta) unless the reader picks one: a widget's value
# is set when it is first drawn, before any article is pasted, so the article's date cannot be its value.
picked = st.date_input("Publication date (completes dates such as 'on October 31')", value=None, key="published")
published = picked or (article.published if article else None)
if published and not picked:
    st.caption(f"The article gives its date: {published:%d %b %Y}. Pick another above to change it.")

if article:
    aliases = reading.alias_book()
    mentions = reading.place_mentions(article.text, aliases.version, aliases)
    dates = reading.date_mentions(article.text, published)
    st.subheader(
        f"{counted(len(mentions), 'place mention', 'place mentions')}, {counted(len(dates), 'date', 'dates')}",
        anchor=False,
    )
    st.html(highlighted_html(article.text, mentions, dates))
    st.markdown(
        "**Places** — correct a resolution by typing another name in the *place* column, or place a possible place "
        "by clicking the map below; what you place is remembered for your next articles."
    )
    if note := not_found_note(mentions):
        st.info(md_text(note))
    edited = st.data_editor(
        mention_rows(mentions, signin.viewer().user),
        key="mention_table",
        hide_index=True,
        width="stretch",
        disabled=["surface", "kind", "source", "country", "lat", "lon", "confidence", "start", "end"],
        column_config={"source": st.column_config.TextColumn(width="large")},  # 'placed by you on the map, …'
    )
    countries = countries_mentioned(mentions)
    places, unknown = resolved_places(edited, mentions, atlas.gazetteer, countries)
    for message in unknown:
        st.warning(message)
    mine.keep_aliases(corrections(mentions, places, aliases))
    candidates = distinct_places(places)
    to_place = placing.chosen_name(placeable_names(mentions))
    returned = st_folium(
        preview_map(candidates, atlas.view, loaders.outlines()),
        key=placing.MAP_KEY,
        height=320,
        use_container_width=True,
        returned_objects=["last_clicked"] if to_place else [],
    )
    placing.offer(to_place, returned)
    placing.approximate_note(candidates)
    mine.propose_event(candidates, dates, countries, article.name)
mine.my_events()
