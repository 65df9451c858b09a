"""Files uploaded through the browser, kept on disk only while their import is under way.

DuckDB reads files, not bytes, so an upload is written under the store's folder; it is deleted once its rows are
kept or discarded.
"""

import hashlib
from pathlib import Path

from geo import files
from geo.store.imported.geojson_reading import is_geojson
from geo.store.imported.store import default_store_path


def save_upload(data: bytes | memoryview, name: str) -> Path:
    """DuckDB reads files, so an upload is written under the store's folder, named by its content's hash (and
    by its kind, never by the name the browser sent). It is written atomically (geo.files.atomic_write), so an
    interrupted write never leaves a file that the next upload would take as whole; one already there is reused only
    if its hash matches."""
    digest = hashlib.sha256(data).hexdigest()
    target = (
        default_store_path().parent / "uploads" / (digest[:16] + (".geojson" if is_geojson(Path(name)) else ".csv"))
    )
    if target.exists() and _sha256(target) == digest:
        return target
    return files.atomic_write(target, bytes(data))


def remove_upload(path: Path) -> None:
    """An upload is deleted once it is kept or discarded; a file named on the command line is the analyst's."""
    if path.parent == default_store_path().parent / "uploads":
        path.unlink(missing_ok=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
