"""The session's PostgreSQL cluster is the engine the store backends get: PostGIS answers and keeps geometries."""

import psycopg


def test_postgis_answers(postgres_url):
    with psycopg.connect(postgres_url) as connection:
        version = connection.execute("SELECT postgis_version()").fetchone()[0]
    assert version.startswith("3.")


def test_a_point_goes_in_and_comes_back(postgres_url):
    """Yerevan as WGS84 text in, the same coordinates and SRID out, through a table and a bound parameter."""
    with psycopg.connect(postgres_url) as connection:
        connection.execute("CREATE TEMPORARY TABLE place (name text, location geometry(Point, 4326))")
        connection.execute(
            "INSERT INTO place VALUES (%s, ST_GeomFromText(%s, 4326))", ("Yerevan", "POINT(44.5152 40.1872)")
        )
        name, lon, lat, srid = connection.execute(
            "SELECT name, ST_X(location), ST_Y(location), ST_SRID(location) FROM place"
        ).fetchone()
    assert (name, lon, lat, srid) == ("Yerevan", 44.5152, 40.1872, 4326)


def test_the_cluster_listens_only_on_its_private_socket(postgres_url):
    """Only the unix socket in the cluster's private folder reaches it, which is why `trust` is safe there."""
    with psycopg.connect(postgres_url) as connection:
        listen = connection.execute("SHOW listen_addresses").fetchone()[0]
        user = connection.execute("SELECT current_user").fetchone()[0]
    assert (listen, user) == ("", "atlas")
