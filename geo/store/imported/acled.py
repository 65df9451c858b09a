"""How an ACLED export's columns become stored events, in one SQL select over the file.

ACLED's own layout is recognised by its columns, so an export needs no column mapping: its `event_id_cnty` is the
key, its time precision widens the day to the week or month it may mean, and each column has its own check.
"""

from geo.store.imported.checks import CellLimit, Check, check, cut, length_checks, problems_column, shown, stored_text

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)


def is_acled(columns: list[str]) -> bool:
    return set(ACLED_COLUMNS) <= set(columns)


_ACLED_DAY = (
    "coalesce(try_cast(trim(event_date) AS DATE), try_strptime(trim(event_date), '%d %B %Y')::DATE, "
    "try_strptime(trim(event_date), '%d-%m-%Y')::DATE)"
)
# ACLED's text columns that are stored, each checked against the cell limit.
_ACLED_TEXT = (
    "event_id_cnty",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "source",
    "notes",
)


def _number_check(field: str, raw: str, value: str, low: int, high: int) -> Check:
    message = (
        f"CASE WHEN nullif(trim({raw}), '') IS NULL THEN 'is empty' WHEN {value} IS NULL THEN "
        f"{shown(raw)} || ' is not a number' ELSE {shown(raw)} || ' is outside {low}..{high}' END"
    )
    return check(field, f"{value} IS NULL OR NOT {value} BETWEEN {low} AND {high}", message)


def _code_check(field: str, raw: str, value: str) -> Check:
    return check(
        field, f"{value} IS NULL OR {value} NOT IN (1, 2, 3)", f"coalesce({shown(raw)}, '''''') || ' is not 1, 2 or 3'"
    )


def _empty_check(field: str, value: str) -> Check:
    return check(field, f"{value} IS NULL", "'is empty'")


def acled_typed(limit: CellLimit) -> str:
    """ACLED's columns as stored and checked; time_precision 1 is the day, 2 a day within that week, 3 a day within
    that month."""
    event_id_cnty, event_type, sub_event_type, actor1, actor2, country, admin1, location, source, notes = (
        stored_text(column, limit) for column in _ACLED_TEXT
    )
    return f"""
    nullif(trim({event_id_cnty}), '') AS key,
    {_ACLED_DAY} AS day, try_cast(trim(time_precision) AS TINYINT) AS tp,
    CASE tp WHEN 1 THEN day WHEN 2 THEN day - 3 WHEN 3 THEN date_trunc('month', day)::DATE END AS first_day,
    CASE tp WHEN 1 THEN day WHEN 2 THEN day + 3 WHEN 3 THEN last_day(day) END AS last_day,
    CASE tp WHEN 1 THEN 'day' WHEN 2 THEN 'week' WHEN 3 THEN 'month' END AS date_precision,
    try_cast(trim(latitude) AS DOUBLE) AS lat, try_cast(trim(longitude) AS DOUBLE) AS lon,
    try_cast(trim(geo_precision) AS TINYINT) AS geo_precision,
    nullif(trim({event_type}), '') AS event_type, {sub_event_type} AS sub_event_type, {actor1} AS actor1,
    nullif({actor2}, '') AS actor2, nullif(trim({country}), '') AS country, {admin1} AS admin1,
    {location} AS location, {sub_event_type} AS title, {source} AS source,
    coalesce(try_cast(trim(fatalities) AS INTEGER), 0) AS fatalities, {notes} AS notes, NULL::VARCHAR AS place_iso3,
    {cut({name: name for name in _ACLED_TEXT}, limit)},
    {
        problems_column(
            *length_checks({name: name for name in _ACLED_TEXT}, limit),
            _empty_check("event_id_cnty", "key"),
            check(
                "event_date",
                "day IS NULL",
                f"coalesce({shown('event_date')}, '''''') || ' is not a date (YYYY-MM-DD, DD-MM-YYYY or D Month YYYY)'",
            ),
            check(
                "year",
                "day IS NOT NULL AND try_cast(trim(year) AS INTEGER) IS DISTINCT FROM year(day)",
                f"coalesce({shown('year')}, '''''') || ' is not the year of event_date'",
            ),
            _code_check("time_precision", "time_precision", "tp"),
            _number_check("latitude", "latitude", "lat", -90, 90),
            _number_check("longitude", "longitude", "lon", -180, 180),
            _code_check("geo_precision", "geo_precision", "try_cast(trim(geo_precision) AS TINYINT)"),
            _empty_check("event_type", "nullif(trim(event_type), '')"),
            _empty_check("country", "nullif(trim(country), '')"),
            check(
                "fatalities",
                "nullif(trim(fatalities), '') IS NOT NULL AND coalesce(try_cast(trim(fatalities) AS INTEGER), -1) < 0",
                f"{shown('fatalities')} || ' is not a whole number of 0 or more'",
            ),
        )
    }"""
