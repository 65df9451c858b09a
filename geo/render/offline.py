"""Leaflet, its marker-cluster plugin and jQuery from pip packages, and our own map scripts, served by Streamlit's
static serving, so maps need no internet."""

import base64
import hashlib
import re
import shutil
from pathlib import Path

import xstatic.pkg.jquery
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster

from geo import files

STATIC_URL = "/app/static/vendor"
_SOURCES = {
    "leaflet": Path(xstatic.pkg.leaflet.BASE_DIR),
    "jquery": Path(xstatic.pkg.jquery.BASE_DIR),
    "markercluster": Path(xstatic.pkg.leaflet_markercluster.BASE_DIR),
    "atlas": Path(__file__).with_name("js"),  # ours, versioned with the code
}
JS = [
    ("leaflet", f"{STATIC_URL}/leaflet/leaflet.js"),
    ("jquery", f"{STATIC_URL}/jquery/jquery.min.js"),
    ("markercluster", f"{STATIC_URL}/markercluster/leaflet.markercluster.js"),
]
# Only the plugin's layout and animations: the clusters' look is ours (layers.py), in the palette's colours.
CSS = [
    ("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css"),
    ("markercluster_css", f"{STATIC_URL}/markercluster/MarkerCluster.css"),
]
SYNC_JS = ("atlas_sync", f"{STATIC_URL}/atlas/sync.js")
_SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)  # a browser ends a script at </SCRIPT too


def install_assets(static_dir: Path) -> None:
    """Copy the packaged files under static/vendor once; a newer package version, or an edit to ours, replaces them."""
    for name, source in _SOURCES.items():
        target = static_dir / "vendor" / name
        stamp, version = target / ".source", _version(source)
        if stamp.exists() and stamp.read_text() == version:
            continue
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.map", "*.esm.js", "__pycache__"))
        stamp.write_text(version)


def _version(source: Path) -> str:
    """The folder and its newest file's time: a package upgrade moves or rewrites it, and so does an edit."""
    return f"{source} {max(p.stat().st_mtime_ns for p in source.rglob('*') if p.is_file())}"


def publish(static_dir: Path, name: str, text: str) -> str:
    """Write data the browser fetches once (named by content, so a change is never served stale); return its URL."""
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    target = static_dir / "data" / f"{name}-{digest}.json"
    if not target.exists():
        files.atomic_write(target, text.encode("utf-8"))
    return f"/app/static/data/{target.name}"


def local_file(url: str) -> Path:
    """The packaged file behind one of our /app/static/vendor URLs."""
    name, _, rest = url.removeprefix(STATIC_URL + "/").partition("/")
    return _SOURCES[name] / rest


def inline_assets(page: str) -> str:
    """A rendered map page with our script and style links replaced by their contents: it opens from a file."""
    for _, url in JS:
        code = _SCRIPT_END.sub(r"<\\/\1", local_file(url).read_text(encoding="utf-8"))
        page = page.replace(f'<script src="{url}"></script>', f"<script>{code}</script>")
    for _, url in CSS:
        css = _with_data_images(local_file(url))
        page = page.replace(f'<link rel="stylesheet" href="{url}"/>', f"<style>{css}</style>")
    return page


def _with_data_images(css_path: Path) -> str:
    def embed(match: re.Match) -> str:
        image = css_path.parent / match.group(1)
        if not image.exists():
            return match.group(0)
        return f"url(data:image/png;base64,{base64.b64encode(image.read_bytes()).decode()})"

    return re.sub(r"url\((images/[^)]+\.png)\)", embed, css_path.read_text(encoding="utf-8"))
