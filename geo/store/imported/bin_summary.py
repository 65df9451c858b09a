"""The coarse map views' bins, kept per year and event type, so that a view of the whole world over many years does
not aggregate every event (PostgreSQL at a million events: 1 s a view, where the floor is 300 ms; issue 13).

One row per resolution, H3 cell, year of the first and of the last day, and event type: how many events, how many of
them imprecise, the sums of their coordinates (a bin's mean position), their first and last day, and the box their
points lie in. A view takes a row whole when its box lies inside the view and leaves it out when the box lies outside;
a row cut by the view's edge, a date window that is not whole years, a country or actor filter are answered from
the events instead (geo.store.bins). The rows change in the transaction that writes the events
(geo.store.imported.postgres), so the counts always add up with the events, and a killed import changes neither.

A file of new events adds its own groups (DuckDB sums them while the rows stream to PostgreSQL); a commit that
revises stored events counts the groups it touched again from the events, since a minimum or a box cannot be
decremented. Commits take their turn on the table (SHARE ROW EXCLUSIVE, after their events are written), so a
recount never misses another commit's events.
"""

from collections.abc import Callable

# The world at zoom 2 is binned at resolution 1, a continent at zoom 4 at 2; at 3 and finer a million generated
# events fall into 340,000 groups or more, hardly fewer than the events a view of that size reads anyway.
RESOLUTIONS = range(0, 3)
KEY = ("resolution", "cell", "first_year", "last_year", "event_type")
# The table's primary key: rows written in this order append to its index (and lie on the pages a year's view reads).
KEY_ORDER = "resolution, first_year, last_year, event_type, cell"
COLUMNS = (*KEY, "events", "imprecise", "sum_lat", "sum_lon", "first_day", "last_day", "south", "north", "west", "east")
_ADDED = ("events", "imprecise", "sum_lat", "sum_lon")
_WIDENED = (
    ("first_day", "least"),
    ("last_day", "greatest"),
    ("south", "least"),
    ("north", "greatest"),
    ("west", "least"),
    ("east", "greatest"),
)


def merge(table: str) -> str:
    """Adds a table of another commit's groups (a name from a fixed pattern, never input) to the stored rows:
    counts and sums add up, days and box widen; in key order, as concurrent commits lock rows in one order."""
    updates = [f"{c} = bin_summary.{c} + excluded.{c}" for c in _ADDED]
    updates += [f"{c} = {widest}(bin_summary.{c}, excluded.{c})" for c, widest in _WIDENED]
    return (
        f"INSERT INTO bin_summary SELECT * FROM {table} ORDER BY {KEY_ORDER} "
        f"ON CONFLICT ({KEY_ORDER}) DO UPDATE SET {', '.join(updates)}"
    )


TAKE_TURN = "LOCK TABLE bin_summary IN SHARE ROW EXCLUSIVE MODE"


def recount(touched: str, parent: Callable[[int], str]) -> list[str]:
    """The statements that count the rows of a table of group keys again, after a commit revised some events: the
    finest resolution's from the events of those groups (read once, bounded by their years), each coarser one's
    from the finest rows of the summary, whose untouched groups are still right."""
    finest = RESOLUTIONS[-1]

    def touched_at(resolution: int) -> str:
        return f"(SELECT cell, first_year, last_year, event_type FROM {touched} WHERE resolution = {resolution})"

    events = (
        f"SELECT * FROM events WHERE first_day >= (SELECT make_date(min(first_year), 1, 1) FROM {touched}) "
        f"AND first_day < (SELECT make_date(max(first_year) + 1, 1, 1) FROM {touched}) AND "
        f"({parent(finest)}, {_YEAR_OF_FIRST_DAY}, {_YEAR_OF_LAST_DAY}, event_type) IN {touched_at(finest)}"
    )
    statements = [
        f"DELETE FROM bin_summary b USING {touched} t WHERE ({', '.join('b.' + c for c in KEY)}) = "
        f"({', '.join('t.' + c for c in KEY)})",
        f"INSERT INTO bin_summary {_finest(events, parent)} ORDER BY {KEY_ORDER}",
    ]
    for resolution in RESOLUTIONS[:-1]:
        finer = (
            f"(SELECT * FROM bin_summary WHERE resolution = {finest} AND "
            f"({parent(resolution)}, first_year, last_year, event_type) IN {touched_at(resolution)})"
        )
        statements.append(f"INSERT INTO bin_summary {_coarser(resolution, finer, parent)} ORDER BY 1, 3, 4, 5, 2")
    return statements


def groups(source: str, parent: Callable[[int], str]) -> str:
    """The summary rows of the events a query returns (with cell, days, type, precision and point), in SQL both
    DuckDB and PostgreSQL run; `parent(resolution)` is the dialect's bin of a cell. The events are read once, for
    the finest kept resolution; each coarser one sums those groups (a third of the work at a million events)."""
    coarser = [_coarser(resolution, "finest", parent) for resolution in RESOLUTIONS[:-1]]
    return f"WITH finest AS MATERIALIZED ({_finest(source, parent)}) " + " UNION ALL ".join(
        ["SELECT * FROM finest", *coarser]
    )


def group_keys(source: str, parent: Callable[[int], str]) -> str:
    """The keys of the summary rows the events of a query fall in: what a revising commit counts again."""
    return f"SELECT {', '.join(KEY)} FROM ({groups(source, parent)}) g"


_YEAR_OF_FIRST_DAY = "CAST(extract(year FROM first_day) AS integer)"
_YEAR_OF_LAST_DAY = "CAST(extract(year FROM last_day) AS integer)"


def _finest(source: str, parent: Callable[[int], str]) -> str:
    """The finest kept resolution's summary rows of the events a query returns."""
    finest = RESOLUTIONS[-1]
    return (
        f"SELECT {finest} AS resolution, {parent(finest)} AS cell, {_YEAR_OF_FIRST_DAY} AS first_year, "
        f"{_YEAR_OF_LAST_DAY} AS last_year, event_type, count(*) AS events, "
        "count(*) FILTER (WHERE geo_precision >= 2) AS imprecise, sum(lat) AS sum_lat, sum(lon) AS sum_lon, "
        "min(first_day) AS first_day, max(last_day) AS last_day, min(lat) AS south, max(lat) AS north, "
        f"min(lon) AS west, max(lon) AS east FROM ({source}) e GROUP BY 1, 2, 3, 4, 5"
    )


def _coarser(resolution: int, finest: str, parent: Callable[[int], str]) -> str:
    """A coarser resolution's summary rows, summed from a table (or subquery) of finer ones."""
    return (
        f"SELECT {resolution}, {parent(resolution)}, first_year, last_year, event_type, sum(events), sum(imprecise), "
        "sum(sum_lat), sum(sum_lon), min(first_day), max(last_day), min(south), max(north), min(west), max(east) "
        f"FROM {finest} f GROUP BY 1, 2, 3, 4, 5"
    )
