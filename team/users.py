"""The proxy's users file: one `name:bcrypt-hash` line per analyst, the htpasswd format nginx reads on every request.

Because nginx rereads the file for each sign-in, a user added while the team runs can sign in at once. Names are
restricted to a plain alphabet because they travel on in an HTTP header and are shown in the app.
"""

import os
import pwd
import re
import tempfile
from pathlib import Path

import bcrypt

from team.account import running_as_root, service_account

USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
BCRYPT_MAX_BYTES = 72  # bcrypt ignores (bcrypt 5 refuses) anything longer


class UserError(ValueError):
    """A name or password the users file cannot hold; the message says which and why."""


def add_user(users_file: Path, name: str, password: str) -> None:
    """Add the user, or replace their password; other lines are kept as they are."""
    if not USER_NAME.fullmatch(name):
        raise UserError(
            f"user name {name!r}: use 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit"
        )
    if not password or len(password.encode()) > BCRYPT_MAX_BYTES:
        raise UserError(f"password for {name}: must be 1-{BCRYPT_MAX_BYTES} bytes")
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=10, prefix=b"2b")).decode()
    kept = [line for line in _lines(users_file) if line.split(":", 1)[0] != name]
    _write_atomically(users_file, [*kept, f"{name}:{hashed}"])


def user_names(users_file: Path) -> list[str]:
    return [line.split(":", 1)[0] for line in _lines(users_file)]


def _lines(users_file: Path) -> list[str]:
    if not users_file.exists():
        return []
    return [line for line in users_file.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write_atomically(users_file: Path, lines: list[str]) -> None:
    """nginx may read the file at any moment: it sees the old file or the new one, never half of it."""
    users_file.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=users_file.parent, prefix=".users-")
    with os.fdopen(descriptor, "w", encoding="utf-8") as sink:
        sink.write("\n".join(lines) + "\n")
    os.chmod(temporary, 0o600)  # password hashes: for nginx (the service account) only
    if running_as_root():
        account = pwd.getpwnam(service_account())
        os.chown(temporary, account.pw_uid, account.pw_gid)
    os.replace(temporary, users_file)
