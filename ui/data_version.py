"""Which version of data/ a cached object was built from: one short digest of every data file's name and mtime.

Walking data/ costs a few ms and a rerun asks several times (the atlas, the outlines, the control table, the shared
view, the sidebar), so a version is reused for a second, by every session. It is a short string because Streamlit
hashes a cached function's arguments on every call: the tuple of every file's name and mtime it replaces was hashed
four times a rerun, about a third of a rerun's time (bench/README-load.md).
"""

import hashlib
import time
from pathlib import Path

STAMP_SECONDS = 1.0  # how long a version is trusted: an edit to data/ shows at the next rerun after that
_versions: dict[Path, tuple[float, str]] = {}


def data_version(folder: Path) -> str:
    now = time.monotonic()
    taken, version = _versions.get(folder, (-STAMP_SECONDS, ""))
    if now - taken >= STAMP_SECONDS:
        stamp = tuple(
            (str(p.relative_to(folder)), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts  # Python's own caches of the boundary build
        )
        version = hashlib.blake2b(repr(stamp).encode(), digest_size=8).hexdigest()
        _versions[folder] = (now, version)
    return version
