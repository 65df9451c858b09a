"""`python -m team serve` (what `make team` runs) and `python -m team adduser NAME`."""

import argparse
import getpass
import os
import signal
import sys
from pathlib import Path

from geo import files
from team import pgcluster, proxy, users
from team.account import check_reachable
from team.replicas import Team


def users_file() -> Path:
    """$ALLIANCE_ATLAS_USERS, else users.htpasswd under ALLIANCE_ATLAS_HOME."""
    return Path(os.environ.get("ALLIANCE_ATLAS_USERS") or files.home_dir() / "users.htpasswd").resolve()


def adduser(name: str, password_stdin: bool) -> int:
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"Password for {name}: ")
        if getpass.getpass("Again: ") != password:
            print("the two passwords differ; nothing changed", file=sys.stderr)
            return 1
    try:
        users.add_user(users_file(), name, password)
    except users.UserError as problem:
        print(f"{users_file()}: {problem}", file=sys.stderr)
        return 1
    print(f"{name} can sign in at /signin ({users_file()})")
    return 0


def serve(port: int, replica_count: int, address: str) -> int:
    """Database, replicas, proxy; a replica that dies is restarted; Ctrl-C or SIGTERM stops everything in order."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in the background, where it is ignored
    run = files.home_dir().resolve() / "team"
    database_url = files.database_url()
    try:
        check_reachable(run)
        team = Team.on_free_ports(run, replica_count, database_url)
    except OSError as problem:
        print(f"team: {problem}", file=sys.stderr)
        return 1
    try:
        if not database_url:
            if missing := pgcluster.missing_binaries():
                print(
                    f"missing {', '.join(missing)}: `make team` installs postgresql-15 and postgresql-15-postgis-3",
                    file=sys.stderr,
                )
                return 1
            cluster = pgcluster.create(pgcluster.default_folder())
            team.others["postgres"] = pgcluster.start(cluster, run / "postgres.log")
            team.env["ALLIANCE_ATLAS_DATABASE_URL"] = cluster.url
        team.start_replicas()
        settings = proxy.Proxy(run / "nginx", users_file(), port, tuple(r.port for r in team.replicas), address)
        team.others["proxy"] = proxy.start(settings)
        team.write_state()
        print(
            f"Alliance Atlas for a team on http://{address}:{port}/ ({replica_count} replicas; analysts sign in at "
            f"/signin, users in {settings.users_file}; logs in {run})",
            flush=True,
        )
        print(team.supervise(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    except (OSError, RuntimeError, ValueError) as problem:
        print(f"team: {problem}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the orderly stop short
        team.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m team", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve_command = commands.add_parser("serve", help="database, N replicas and nginx on one port")
    serve_command.add_argument("--port", type=int, default=8501)
    serve_command.add_argument("--replicas", type=int, default=os.cpu_count() or 1, help="default: one per core")
    serve_command.add_argument("--address", default="127.0.0.1", help="where nginx listens (0.0.0.0: every interface)")
    adduser_command = commands.add_parser("adduser", help="add an analyst to the users file, or change their password")
    adduser_command.add_argument("name")
    adduser_command.add_argument("--password-stdin", action="store_true", help="read the password from one stdin line")
    arguments = parser.parse_args(argv)
    if arguments.command == "adduser":
        return adduser(arguments.name, arguments.password_stdin)
    return serve(arguments.port, arguments.replicas, arguments.address)


if __name__ == "__main__":
    sys.exit(main())
