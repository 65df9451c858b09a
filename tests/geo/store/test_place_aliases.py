"""Place aliases on both backends (tests/geo/store/conftest.py): kept, replaced by a second correction of the same
name, read back after a reopening (a place the reader put on the map still theirs and approximate), each author's
own in team mode, refused for a reader, and hostile names kept as text by bound parameters."""

from datetime import UTC, datetime

import pytest

from geo.news.reader_places import VILLAGE, is_placed_by_reader
from geo.places.gazetteer import Place
from geo.store.authorship import SOLO, Authorship, NotAllowed, Viewer
from geo.store.place_aliases import KeptAlias, alias_from_row, alias_row
from tests.conftest import HOSTILE

BERD = Place("gn:616802", "Berd", "city", 40.88066, 45.38901, "ARM", "616802")
NOYEMBERYAN = Place("gn:616629", "Noyemberyan", "city", 41.17244, 44.99917, "ARM", "616629")
AYGEPAR = Place(
    "reader:18e72320b3d7e579", "Aygepar", VILLAGE, 40.91219, 45.3714, "ARM", "18e72320b3d7e579", 0, None, True
)
NOW = datetime(2026, 12, 2, 3, 30, tzinfo=UTC)
ALICE, BOB, READER = Viewer("alice", team=True), Viewer("bob", team=True), Viewer(None, team=True)


def names(aliases: list[KeptAlias]) -> list[tuple[str, str]]:
    return [(alias.surface, alias.place.id) for alias in aliases]


def test_a_row_reads_back_as_written():
    alias = KeptAlias("Aygepar", BERD, Authorship("alice", NOW))
    assert alias_row(alias)[:3] == ("alice", "aygepar", "Aygepar")
    assert alias_from_row(alias_row(alias)) == alias
    solo = KeptAlias("Aygepar", BERD, Authorship(None, NOW))
    assert alias_row(solo)[0] == "" and alias_from_row(alias_row(solo)) == solo


def test_an_alias_survives_a_reopening_and_a_second_correction_replaces_it(opener):
    opener().keep_alias("Aygepar", BERD, Authorship(None, NOW), SOLO)
    assert names(opener().aliases(SOLO)) == [("Aygepar", "gn:616802")]
    opener().keep_alias("AYGEPAR", NOYEMBERYAN, Authorship(None, NOW), SOLO)
    kept = opener().aliases(SOLO)
    assert names(kept) == [("AYGEPAR", "gn:616629")]
    assert kept[0].place == NOYEMBERYAN and kept[0].authorship == Authorship(None, NOW)


def test_in_team_mode_each_analyst_reads_their_own_aliases_and_a_reader_keeps_none(store):
    store.keep_alias("Aygepar", BERD, Authorship("alice", NOW), ALICE)
    store.keep_alias("Aygepar", NOYEMBERYAN, Authorship("bob", NOW), BOB)
    assert names(store.aliases(ALICE)) == [("Aygepar", "gn:616802")]
    assert names(store.aliases(BOB)) == [("Aygepar", "gn:616629")]
    assert store.aliases(READER) == []
    with pytest.raises(NotAllowed):
        store.keep_alias("Kut", BERD, Authorship(None, NOW), READER)
    with pytest.raises(NotAllowed):
        store.keep_alias("Kut", BERD, Authorship("alice", NOW), BOB)  # not in another's name
    assert names(store.aliases(BOB)) == [("Aygepar", "gn:616629")]


@pytest.mark.parametrize("surface", [*HOSTILE, "{{ 7*7 }}", "Kut'); DROP TABLE place_aliases; --"])
def test_a_hostile_name_is_kept_as_text(store, surface):
    store.keep_alias(surface, BERD, Authorship(None, NOW), SOLO)
    assert names(store.aliases(SOLO)) == [(surface, "gn:616802")]
    assert store.events(SOLO) == []  # the events table is still there


def test_a_place_put_on_the_map_reads_back_as_the_readers_approximate_village(opener):
    opener().keep_alias("Aygepar", AYGEPAR, Authorship(None, NOW), SOLO)
    opener().keep_alias("Kut", BERD, Authorship(None, NOW), SOLO)
    aygepar, kut = opener().aliases(SOLO)
    assert aygepar.place == AYGEPAR and is_placed_by_reader(aygepar.place) and aygepar.place.approximate
    assert not kut.place.approximate and not is_placed_by_reader(kut.place)
    opener().keep_alias("AYGEPAR", BERD, Authorship(None, NOW), SOLO)  # typed over the click: the click is gone
    assert names(opener().aliases(SOLO)) == [("AYGEPAR", "gn:616802"), ("Kut", "gn:616802")]
