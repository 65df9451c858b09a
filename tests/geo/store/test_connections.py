"""The pooled connections: few, whichever threads ask (each Streamlit rerun is a new one), with the store's options,
and a connection the server dropped replaced rather than handed out."""

import threading

import psycopg
import pytest

from geo.dates import parse_fuzzy
from geo.store import imported
from geo.store.authorship import SOLO, kept_now
from geo.store.connections import MAX_CONNECTIONS, connection_pool
from geo.store.my_events import new_event
from geo.store.my_events_postgres import PostgresMyEvents


def backends(url: str) -> int:
    """Server processes connected to this test's database, apart from the one asking."""
    with psycopg.connect(url) as connection:
        return connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]


def on_fresh_threads(work, count: int) -> None:
    """Each call on a thread of its own, as Streamlit runs each rerun; a few at once."""
    for _ in range(count // 4):
        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def test_reads_from_many_threads_share_a_few_connections(fresh_database):
    pool = connection_pool(fresh_database, "-c TimeZone=UTC")
    seen = []

    def read() -> None:
        with pool.connection() as connection:
            seen.append(connection.execute("SHOW TimeZone").fetchone()[0])

    on_fresh_threads(read, 12 * MAX_CONNECTIONS)
    assert seen == ["UTC"] * 12 * MAX_CONNECTIONS
    assert backends(fresh_database) <= MAX_CONNECTIONS
    pool.close()


def test_a_connection_the_server_dropped_is_replaced(fresh_database):
    pool = connection_pool(fresh_database, "", autocommit=True)
    with pool.connection() as connection:
        victim = connection.info.backend_pid
    with psycopg.connect(fresh_database, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (victim,))
    with pool.connection() as connection:  # the check finds the dead one and connects anew
        assert connection.execute("SELECT pg_backend_pid()").fetchone()[0] != victim
    pool.close()


@pytest.mark.parametrize("store_kind", ["my events", "imported"])
def test_a_store_read_on_every_rerun_keeps_at_most_a_pool_of_connections(fresh_database, store_kind):
    """The imported store kept one connection per thread: 100 reruns exhausted the server ("too many clients")."""
    if store_kind == "my events":
        store = PostgresMyEvents(fresh_database)
        store.add(new_event("Summit", parse_fuzzy("2024-05-01", "day")), kept_now(None), SOLO)
        on_fresh_threads(lambda: store.events(SOLO), 12 * MAX_CONNECTIONS)
    else:
        store = imported.PostgresStore(fresh_database)
        on_fresh_threads(store.event_count, 12 * MAX_CONNECTIONS)
    assert backends(fresh_database) <= MAX_CONNECTIONS
