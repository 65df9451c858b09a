"""What changed between two years, as lines a reader can scan: statuses by country, then Karabakh's areas.

Built for the Map's comparison (`?compare=2021`): the two maps show the years, this list says where to look.
Every piece of data is escaped for Streamlit markdown (geo.render.markdown).
"""

from geo.alliance.control import ControlTable, Period
from geo.alliance.membership import Memberships
from geo.render.markdown import md_text


def difference_lines(
    memberships: Memberships, control: ControlTable | None, org: str, year: int, other: int, names: dict[str, str]
) -> list[str]:
    """Markdown list items, statuses first; an empty list when nothing differs at the two years' ends."""
    lines = [
        f"- **{md_text(names.get(country, country))}**: {md_text(before.label)} → {md_text(after.label)}"
        for country, before, after in memberships.status_changes(org, year, other)
    ]
    if control is not None:
        lines += [
            f"- **{md_text(change.area.name)}**: {md_text(_holding(change.before))} → {md_text(_holding(change.after))}"
            for change in control.differences(year, other)
        ]
    return lines


def _holding(period: Period | None) -> str:
    if period is None:
        return "no period recorded"
    return period.control.label + (" (part)" if period.extent == "part" else "")
