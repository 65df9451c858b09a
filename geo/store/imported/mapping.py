"""Any other CSV or GeoJSON, read through the analyst's column mapping.

The mapping says which column holds what; the mapped cells come under fixed names (raw_date, raw_lat …) whatever the
file calls them, so one SQL select types and checks them, with dates read as the curated data reads them.
"""

from dataclasses import dataclass

from geo.store.imported.checks import CellLimit, check, cut, length_checks, problems_column, shown, stored_text


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which column (CSV header or GeoJSON property) holds what; unset fields are left empty.

    Coordinates come from a GeoJSON Point, else `latitude`/`longitude`; a row without them is placed by geocoding
    `place` (with `country` as context), and is drawn as precise as the place found: a town precisely, a province
    or country as an area. Without a `country` the row is filed under the country whose outline holds its point;
    a point at sea or outside every outline has no country, so a country filter never shows it. A given country
    is kept even where the point lies in another (borders are disputed, outlines simplified).
    """

    date: str
    latitude: str | None = None
    longitude: str | None = None
    place: str | None = None
    title: str | None = None
    category: str | None = None
    source: str | None = None
    country: str | None = None  # a country name or ISO3 code
    actor: str | None = None

    def columns(self) -> tuple[str, ...]:
        named = (
            self.date,
            self.latitude,
            self.longitude,
            self.place,
            self.title,
            self.category,
            self.source,
            self.country,
            self.actor,
        )
        return tuple(dict.fromkeys(c for c in named if c))


RAW_COLUMNS = (
    "raw_date",
    "raw_place",
    "raw_title",
    "raw_category",
    "raw_source",
    "raw_country",
    "raw_actor",
    "raw_lat",
    "raw_lon",
)


def raw_sources(mapping: ColumnMapping) -> dict[str, str | None]:
    return dict(
        zip(
            RAW_COLUMNS,
            (
                mapping.date,
                mapping.place,
                mapping.title,
                mapping.category,
                mapping.source,
                mapping.country,
                mapping.actor,
                mapping.latitude,
                mapping.longitude,
            ),
        )
    )


# The words geo.dates.parse_fuzzy uses, so a date is rejected alike in curated and imported data.
_FUZZY_DATE_MESSAGE = (
    f"CASE WHEN written IS NULL OR written = '' THEN 'is empty' WHEN date_precision IS NULL THEN "
    f"{shown('written')} || ' is not YYYY-MM-DD, YYYY-MM or YYYY' "
    f"ELSE {shown('written')} || ' is not a real date' END"
)


def mapped_typed(mapping: ColumnMapping, limit: CellLimit) -> str:
    """Dates as the curated data writes them (YYYY-MM-DD, YYYY-MM or YYYY, as geo.dates.parse_fuzzy reads them)."""
    date_field, lat_field, lon_field = mapping.date, mapping.latitude or "latitude", mapping.longitude or "longitude"
    located = "(raw_lat IS NOT NULL OR raw_lon IS NOT NULL)"
    texts = {
        name: alias
        for alias, name in raw_sources(mapping).items()
        if name and alias not in ("raw_date", "raw_lat", "raw_lon")
    }
    raw_place, raw_title, raw_category, raw_source, raw_country, raw_actor = (
        stored_text(alias, limit)
        for alias in ("raw_place", "raw_title", "raw_category", "raw_source", "raw_country", "raw_actor")
    )
    return f"""
    'row:' || md5(concat_ws(chr(31), raw_date, raw_lat, raw_lon, raw_place, raw_title, raw_category, raw_source,
                            raw_country, raw_actor)) AS key,
    trim(raw_date) AS written,
    CASE WHEN regexp_full_match(written, '\\d{{4}}-\\d{{2}}-\\d{{2}}') THEN 'day'
         WHEN regexp_full_match(written, '\\d{{4}}-\\d{{2}}') THEN 'month'
         WHEN regexp_full_match(written, '\\d{{4}}') THEN 'year' END AS date_precision,
    CASE date_precision WHEN 'day' THEN try_cast(written AS DATE) WHEN 'month' THEN try_cast(written || '-01' AS DATE)
         WHEN 'year' THEN try_cast(written || '-01-01' AS DATE) END AS first_day,
    CASE date_precision WHEN 'day' THEN first_day WHEN 'month' THEN last_day(first_day)
         WHEN 'year' THEN (first_day + INTERVAL 1 YEAR - INTERVAL 1 DAY)::DATE END AS last_day,
    try_cast(trim(raw_lat) AS DOUBLE) AS lat, try_cast(trim(raw_lon) AS DOUBLE) AS lon,
    CASE WHEN lat IS NOT NULL THEN 1 END::TINYINT AS geo_precision,
    coalesce(nullif(trim({raw_category}), ''), 'uncategorised') AS event_type, NULL::VARCHAR AS sub_event_type,
    nullif(trim({raw_actor}), '') AS actor1, NULL::VARCHAR AS actor2, nullif(trim({raw_country}), '') AS country,
    NULL::VARCHAR AS admin1, nullif(trim({raw_place}), '') AS location, {raw_title} AS title,
    {raw_source} AS source, NULL::INTEGER AS fatalities, NULL::VARCHAR AS notes, NULL::VARCHAR AS place_iso3,
    {cut(texts, limit)},
    {
        problems_column(
            *length_checks(texts, limit),
            check(date_field, "first_day IS NULL OR year(first_day) < 1", _FUZZY_DATE_MESSAGE),
            check(
                lat_field,
                f"{located} AND (lat IS NULL OR NOT lat BETWEEN -90 AND 90)",
                f"coalesce({shown('raw_lat')} || ' is not a latitude (-90..90)', 'is empty')",
            ),
            check(
                lon_field,
                f"{located} AND (lon IS NULL OR NOT lon BETWEEN -180 AND 180)",
                f"coalesce({shown('raw_lon')} || ' is not a longitude (-180..180)', 'is empty')",
            ),
            check(
                mapping.place or lat_field,
                f"NOT {located} AND nullif(trim(raw_place), '') IS NULL",
                "'has no coordinates and no place name'",
            ),
        )
    }, raw_country"""
