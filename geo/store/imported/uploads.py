"""Files uploaded through the browser, kept on disk only while their import is under way.

DuckDB reads files, not bytes, so an upload is written under the store's folder; it is deleted once its rows are
kept or discarded.
"""

import hashlib
import os
import tempfile
from pathlib import Path

from geo.store.imported.geojson_reading import is_geojson
from geo.store.imported.store import default_store_path


def save_upload(data: bytes | memoryview, name: str) -> Path:
    """DuckDB reads files, so an upload is written under the store's folder, named by its content's hash (and
    by its kind, never by the name the browser sent). It is written to a private temporary file and renamed only
    once its hash checks: an interrupted write never leaves a file that the next upload would take as whole."""
    digest = hashlib.sha256(data).hexdigest()
    folder = default_store_path().parent / "uploads"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / (digest[:16] + (".geojson" if is_geojson(Path(name)) else ".csv"))
    if target.exists() and _sha256(target) == digest:
        return target
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False) as handle:  # created 0600
        handle.write(data)
    written = Path(handle.name)
    if _sha256(written) != digest:
        written.unlink()
        raise OSError("the upload could not be saved whole; try again")
    os.replace(written, target)
    return target


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
