"""Who kept or imported an event, and when: what a shared store records with it, and whom it shows it to.

In team mode `user` is the signed-in analyst's name (None for a reader); in single-user mode there is one user who
owns everything, so nothing is hidden and everything may be deleted, exactly as before sign-in existed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class Authorship:
    author: str | None  # the analyst who kept or imported the event; None if kept in single-user mode
    kept_at: datetime  # timezone-aware, so replicas in different zones agree on the order
    published: bool = False  # publishing to the team is an explicit action, never the default

    def __post_init__(self) -> None:
        if self.kept_at.tzinfo is None:
            raise ValueError("kept_at must be timezone-aware")


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who asks a store: the rules below need both the name and whether the app runs for a team at all."""

    user: str | None  # the signed-in analyst; None for a reader, and always in single-user mode
    team: bool


SOLO = Viewer(None, team=False)  # single-user mode: the one user, who owns everything


def kept_now(author: str | None, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> Authorship:
    """The record a store writes with a newly kept or imported event: unpublished, stamped in UTC."""
    return Authorship(author, clock())


def is_mine(authorship: Authorship, user: str | None, team: bool) -> bool:
    """What "My events" lists: in team mode the signed-in analyst's own (a reader has none), in single-user mode all."""
    return not team or (user is not None and authorship.author == user)


class NotAllowed(PermissionError):
    """A write the rules refuse: the screens do not offer it, so reaching the store with it is a bug or a forgery."""


def may_keep(authorship: Authorship, user: str | None, team: bool) -> bool:
    """In team mode only a signed-in analyst keeps or imports, and in their own name: a reader who has not signed in
    keeps nothing (an authorless event would be nobody's, never listed, never deletable)."""
    return is_mine(authorship, user, team)


def may_delete(authorship: Authorship, user: str | None, team: bool) -> bool:
    """Only the author deletes (and publishes) in team mode: exactly the events that are theirs."""
    return is_mine(authorship, user, team)


def visible_to(authorship: Authorship, user: str | None, team: bool) -> bool:
    """In team mode everyone sees published events, and an analyst also their own unpublished ones."""
    return authorship.published or is_mine(authorship, user, team)
