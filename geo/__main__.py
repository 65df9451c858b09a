"""The atlas's command line, `python -m geo COMMAND …`; each command is a module of geo/cli/."""

import argparse
import sys

from geo.cli import build, geocode, geoparse, import_file, membership

COMMANDS = (geocode, geoparse, membership, import_file, build)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__.splitlines()[0])
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        subparser = subcommands.add_parser(command.NAME, help=command.HELP, description=command.__doc__)
        command.add_arguments(subparser)
        subparser.set_defaults(run=command.run)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
