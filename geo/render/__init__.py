"""The escaping boundary: every HTML, JS, folium, altair and picture built from data is built here."""
