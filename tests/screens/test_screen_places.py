import pytest

from tests.screens.conftest import map_assets, page


@pytest.mark.parametrize("name, expected", [("Xankəndi", "Khankendi"), ("Leninakan", "Gyumri"), ("Zangezur", "Syunik")])
def test_lookup_shows_best_match_and_candidates(name, expected):
    at = page("places", place=name).run()
    assert not at.exception
    assert expected.casefold() in at.success[0].value.casefold()
    assert len(at.dataframe[0].value) >= 1


def test_unknown_name_says_so():
    at = page("places", place="Atlantis-under-the-sea").run()
    assert at.warning[0].value == "No place matches that name."


def test_an_unknown_country_code_is_a_message_not_a_traceback():
    at = page("places", place="Gyumri", place_country="XQZ").run()
    assert not at.exception
    assert at.error[0].value == "'XQZ' is not an ISO3 or ISO2 code or a country name"


def test_the_candidates_map_loads_its_libraries_from_this_server_only():
    at = page("places", place="Leninakan").run()
    assets = map_assets(at)
    assert assets and all(link.startswith("/app/static/vendor/") for link in assets)
