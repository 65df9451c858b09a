"""The my-events store tests run on both backends: a fresh SQLite file, or a fresh database in the session's cluster."""

import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql

from geo.store.my_events import MyEventStore
from geo.store.my_events_postgres import PostgresMyEvents
from geo.store.my_events_sqlite import SqliteMyEvents


@pytest.fixture
def fresh_database(postgres_url) -> str:
    """A database of its own for one test, dropped afterwards: no test sees another's rows or schema."""
    name = f"test_{uuid.uuid4().hex}"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield urlsplit(postgres_url)._replace(path=f"/{name}").geturl()
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(params=["sqlite", "postgres"])
def opener(request, tmp_path) -> Callable[[], MyEventStore]:
    """Opens the same store anew at each call, as another process or replica would: nothing is cached in memory."""
    if request.param == "sqlite":
        return lambda: SqliteMyEvents.open(tmp_path / "home")
    url = request.getfixturevalue("fresh_database")
    return lambda: PostgresMyEvents(url)


@pytest.fixture
def store(opener) -> MyEventStore:
    return opener()
