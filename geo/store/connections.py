"""The PostgreSQL connections of one store in one app process: a small pool, opened lazily and shared by threads.

Why a pool: Streamlit runs each rerun on a new thread. A connection per call costs a connect (and a server process)
per rerun; a connection per thread is never given back: measured, 50 readers through one replica left 100 idle
connections behind in a minute, and every later page failed with "sorry, too many clients already". A pool hands the
same few connections to whichever thread asks, and checks each one before use, so a restarted database costs one
failed check, not a broken page.
"""

from psycopg_pool import ConnectionPool

# Per store and process. A replica's reruns share one interpreter, so few queries overlap; two stores × 4 × 12
# replicas stay under PostgreSQL's default max_connections of 100.
MAX_CONNECTIONS = 4


def connection_pool(url: str, options: str, autocommit: bool = False) -> ConnectionPool:
    """Up to MAX_CONNECTIONS connections with these server options; none kept while idle (min_size 0), so a store
    opened and dropped, as tests do, holds nothing on the server."""
    return ConnectionPool(
        url,
        min_size=0,
        max_size=MAX_CONNECTIONS,
        kwargs={"options": options, "autocommit": autocommit},
        check=ConnectionPool.check_connection,
        open=True,
    )
