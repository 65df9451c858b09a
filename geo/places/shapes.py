"""Country shapes prepared for the browser: a map page's weight is mostly coordinates."""

import geopandas as gpd
import shapely

# ~1 km: below a pixel at the zooms the map opens at; one frame serves basemap and shading so their lines coincide.
TOLERANCE_DEG = 0.01
BROWSER_GRID_DEG = 0.001


def for_browser(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Fewer vertices (topology kept per shape) and three decimals; still valid geometries."""
    lighter = countries.copy()
    simplified = lighter.geometry.simplify(TOLERANCE_DEG, preserve_topology=True).values
    lighter["geometry"] = shapely.make_valid(shapely.set_precision(simplified, BROWSER_GRID_DEG))
    return lighter
