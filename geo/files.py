"""Where the atlas keeps things, in one place: the curated data, the user's home, the caches.

Each folder has one environment variable, read here and nowhere else:
- ALLIANCE_ATLAS_DATA: a folder of data/'s layout (a reviewer's copy, a test fixture); default: the repository's data/.
- ALLIANCE_ATLAS_HOME: what users keep (their events, imported events, uploads); default ~/.alliance-atlas.
- ALLIANCE_ATLAS_CACHE: rebuildable indexes; default ~/.cache/alliance-atlas.
And one that is not a folder: ALLIANCE_ATLAS_DATABASE_URL=postgresql://… puts the stores in that PostgreSQL
database (team mode) instead of the embedded files under the home.
The home and the cache hold other people's data and our own indexes, so they are private to the server's user
(folders 0700, files 0600), and every file in them is written atomically: a reader never sees half a file.
"""

import logging
import os
import tempfile
from pathlib import Path

REPOSITORY_DATA = Path(__file__).resolve().parent.parent / "data"
PRIVATE_FOLDER, PRIVATE_FILE = 0o700, 0o600


def data_dir() -> Path:
    return Path(os.environ.get("ALLIANCE_ATLAS_DATA") or REPOSITORY_DATA)


def home_dir() -> Path:
    configured = os.environ.get("ALLIANCE_ATLAS_HOME")
    return Path(configured).expanduser() if configured else Path.home() / ".alliance-atlas"


def cache_dir() -> Path:
    configured = os.environ.get("ALLIANCE_ATLAS_CACHE")
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "alliance-atlas"


def database_url() -> str | None:
    """The PostgreSQL database the stores use instead of their embedded files; None (the default) for the files.
    Only a postgresql:// (or postgres://) URL counts, so a stray value never sends a user's data elsewhere."""
    configured = os.environ.get("ALLIANCE_ATLAS_DATABASE_URL", "").strip()
    return configured if configured.startswith(("postgresql://", "postgres://")) else None


def private_folder(path: Path) -> Path:
    """The folder, created 0700 if missing (parents included, as `mkdir -p` under a umask of 077 would)."""
    path.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    return path


def is_private(*paths: Path) -> bool:
    """Each path is this user's and nobody else may write to it (a warning names the first that is not): the
    gazetteer's cache is a pickle, and unpickling a file someone else could write would run their code."""
    for path in paths:
        status = path.stat()
        if status.st_uid != os.getuid() or status.st_mode & 0o022:
            logging.getLogger(__name__).warning(
                "%s is not private to this user (owner %d, mode %o): not used",
                path,
                status.st_uid,
                status.st_mode & 0o777,
            )
            return False
    return True


def atomic_write(path: Path, data: bytes) -> Path:
    """Written to a private temporary file beside the target, flushed, then renamed over it."""
    private_folder(path.parent)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as stream:  # mkstemp creates the file 0600
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
