"""`python -m geo membership --org CSTO --on 2024-06-01`: each country's status in an organisation on a day.

Non-members are left out. Exit status 1 for an unknown organisation, a bad date or curated data with problems.
"""

import argparse
import json
import sys
from datetime import date

from geo.alliance.membership import Status, load_memberships
from geo.problems import DataError

NAME = "membership"
HELP = "membership statuses on a day, e.g. --org CSTO --on 2024-06-01"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--org", required=True)
    parser.add_argument("--on", required=True, help="YYYY-MM-DD")
    parser.add_argument("--json", action="store_true", help="print one JSON object {ISO3: status}")


def run(args: argparse.Namespace) -> int:
    try:
        memberships = load_memberships()
        day = date.fromisoformat(args.on)
    except (DataError, ValueError) as error:
        print(error, file=sys.stderr)
        return 1
    if args.org not in memberships.organisations:
        print(f"unknown organisation {args.org!r}; known: {', '.join(memberships.organisations)}", file=sys.stderr)
        return 1
    statuses = {c: s.value for c, s in memberships.statuses_on(args.org, day).items() if s is not Status.NON_MEMBER}
    if args.json:
        print(json.dumps(statuses, sort_keys=True))
    else:
        for country, status in sorted(statuses.items()):
            print(f"{country}\t{status}")
    return 0
