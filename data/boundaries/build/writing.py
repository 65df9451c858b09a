"""Writing the derived files: compact, rounded GeoJSON whose bytes depend only on the data, and the README's table."""

from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from .tables import Fix

DECIMALS = 4  # 11 m at the equator, far below the smallest tolerance (0.002 degrees, ~200 m)


def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> int:
    """Compact JSON (no spaces, UTF-8 names) with coordinates already rounded to DECIMALS; returns the size."""
    frame = frame.copy()
    frame["geometry"] = shapely.transform(frame.geometry.values, lambda xy: np.round(xy, DECIMALS))
    text = frame.to_json(drop_id=True, na="null", separators=(",", ":"), ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path.stat().st_size


def province_fixes_markdown(fixes: Iterable[Fix]) -> str:
    """The README's table of province fixes, generated so that it cannot drift from province_fixes.csv."""
    lines = ["| gn_a1_code | iso3 | changed to | why |", "|---|---|---|---|"]
    for fix in fixes:
        changes = "; ".join(f"`{column}` {value}" for column, value in fix.changes.items())
        lines.append(f"| {fix.gn_a1_code} | {fix.iso3} | {markdown_cell(changes)} | {markdown_cell(fix.reason)} |")
    return "\n".join(lines) + "\n"


def markdown_cell(text: str) -> str:
    """A pipe would end the cell early."""
    return text.replace("|", "\\|")
