"""The unprivileged account the daemons run as: PostgreSQL refuses to start as root, and nginx should not need it."""

import os
import pwd
import subprocess
from pathlib import Path

SERVICE_ACCOUNT = "atlas"


def running_as_root() -> bool:
    return os.geteuid() == 0


def service_account() -> str:
    """`atlas` (created on first use) when run as root, else the caller: a non-root caller already is unprivileged."""
    if not running_as_root():
        return pwd.getpwuid(os.geteuid()).pw_name
    try:
        pwd.getpwnam(SERVICE_ACCOUNT)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                SERVICE_ACCOUNT,
            ],
            check=True,
        )
    return SERVICE_ACCOUNT


def as_service_account(argv: list[str]) -> list[str]:
    """The same command under the service account when we are root.

    `setpriv` execs in place (unlike `runuser`, which forks and kills its child two seconds after a SIGTERM), so the
    process we start is the daemon itself and gets our signals; argv stays a list, no shell sees it.
    """
    if not running_as_root():
        return argv
    account = service_account()
    return ["setpriv", f"--reuid={account}", f"--regid={account}", "--init-groups", "--", *argv]


def check_reachable(path: Path) -> None:
    """Fail before creating anything if the service account could not enter the folders above `path`."""
    account = pwd.getpwnam(service_account())
    for parent in path.resolve().parents:
        if parent.exists() and not _traversable(parent, account):  # folders we create are 0755
            raise PermissionError(
                f"{path}: the account {account.pw_name!r} cannot enter {parent}; "
                "put it somewhere it can reach (e.g. ALLIANCE_ATLAS_HOME=/srv/alliance-atlas)"
            )


def hand_over(path: Path) -> None:
    """Make a folder (and what it holds) or a file the service account's."""
    check_reachable(path)
    account = pwd.getpwnam(service_account())
    if running_as_root():
        for owned in [path, *path.rglob("*")] if path.is_dir() else [path]:
            os.chown(owned, account.pw_uid, account.pw_gid)


def _traversable(directory: Path, account: pwd.struct_passwd) -> bool:
    mode = directory.stat()
    if mode.st_uid == account.pw_uid:
        return bool(mode.st_mode & 0o100)
    if mode.st_gid == account.pw_gid:
        return bool(mode.st_mode & 0o010)
    return bool(mode.st_mode & 0o001)
