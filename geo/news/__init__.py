"""From a news text to places and dates: article reading, date finding, the geoparser, ingest review."""
