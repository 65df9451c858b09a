from datetime import UTC, datetime

import pytest

from geo.store.authorship import SOLO, Authorship, Viewer, is_mine, kept_now, may_delete, may_keep, visible_to
from tests.conftest import HOSTILE

NOON = datetime(2024, 2, 23, 12, 0, tzinfo=UTC)
ALICES_DRAFT = Authorship("alice", NOON)
ALICES_PUBLISHED = Authorship("alice", NOON, published=True)
SOLO_KEPT = Authorship(None, NOON)


@pytest.mark.parametrize(
    ("authorship", "user", "team", "expected"),
    [
        (ALICES_DRAFT, "alice", True, True),
        (ALICES_DRAFT, "bob", True, False),
        (ALICES_PUBLISHED, "bob", True, False),  # published is for reading, not for deleting
        (ALICES_DRAFT, None, True, False),  # a reader who has not signed in
        (SOLO_KEPT, None, True, False),  # kept before team mode: nobody's in the team
        (SOLO_KEPT, None, False, True),  # single-user mode: the one user deletes anything
        (ALICES_DRAFT, None, False, True),
    ],
)
def test_only_the_author_may_delete(authorship, user, team, expected):
    assert may_delete(authorship, user, team) is expected


@pytest.mark.parametrize(
    ("authorship", "user", "team", "expected"),
    [
        (ALICES_DRAFT, "alice", True, True),
        (ALICES_DRAFT, "bob", True, False),
        (ALICES_DRAFT, None, True, False),
        (ALICES_PUBLISHED, None, True, True),
        (ALICES_PUBLISHED, "bob", True, True),
        (SOLO_KEPT, None, True, False),
        (SOLO_KEPT, None, False, True),
    ],
)
def test_readers_see_published_events_and_analysts_their_own(authorship, user, team, expected):
    assert visible_to(authorship, user, team) is expected


@pytest.mark.parametrize("name", HOSTILE)
def test_a_name_is_compared_not_interpreted(name):
    assert may_delete(Authorship(name, NOON), name, team=True)
    assert not visible_to(Authorship(name, NOON), name.upper() + "x", team=True)


def test_kept_now_is_unpublished_and_stamped_in_utc():
    assert kept_now("alice", clock=lambda: NOON) == Authorship("alice", NOON, published=False)
    assert kept_now("alice").kept_at.tzinfo is not None


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        Authorship("alice", datetime(2024, 2, 23, 12, 0))


@pytest.mark.parametrize(
    ("authorship", "viewer", "expected"),
    [
        (ALICES_DRAFT, Viewer("alice", team=True), True),
        (ALICES_PUBLISHED, Viewer("alice", team=True), True),  # still hers once the team may read it
        (ALICES_PUBLISHED, Viewer("bob", team=True), False),
        (ALICES_DRAFT, Viewer(None, team=True), False),
        (ALICES_DRAFT, SOLO, True),
        (SOLO_KEPT, SOLO, True),
    ],
)
def test_my_events_are_the_signed_in_analysts_own_or_all_when_alone(authorship, viewer, expected):
    assert is_mine(authorship, viewer.user, viewer.team) is expected


@pytest.mark.parametrize(
    ("authorship", "user", "team", "expected"),
    [
        (ALICES_DRAFT, "alice", True, True),
        (ALICES_DRAFT, "bob", True, False),  # not in another's name
        (SOLO_KEPT, None, True, False),  # a reader who has not signed in keeps nothing
        (ALICES_DRAFT, None, True, False),
        (SOLO_KEPT, None, False, True),  # single-user mode: as before sign-in existed
    ],
)
def test_only_a_signed_in_analyst_keeps_events_and_in_their_own_name(authorship, user, team, expected):
    assert may_keep(authorship, user, team) is expected
