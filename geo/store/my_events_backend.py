"""Which backend keeps my events: the team's PostgreSQL database when ALLIANCE_ATLAS_DATABASE_URL names one, else the
single user's SQLite file under ALLIANCE_ATLAS_HOME, exactly as before team mode existed."""

from pathlib import Path

from geo import files
from geo.store.my_events import MyEventStore
from geo.store.my_events_postgres import PostgresMyEvents
from geo.store.my_events_sqlite import SqliteMyEvents


def my_event_store(home: Path | None = None) -> MyEventStore:
    """Opened (the schema created or migrated) once per process by ui.loaders.store; `home` is for tests."""
    url = files.database_url()
    return PostgresMyEvents(url) if url else SqliteMyEvents.open(home)
