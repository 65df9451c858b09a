"""Where things are: the gazetteer, geocoding, boundaries and country shapes."""
