from tests.screens.conftest import page


def test_membership_matrix_and_intervals():
    at = page("membership").run()
    assert not at.exception
    table = at.dataframe[0].value
    armenia = table[table["country"] == "Armenia"]
    assert set(armenia["status"]) == {"member", "participation frozen"}
    assert "former member" not in set(armenia["status"])
    assert table["source"].str.startswith("http").all() and len(table) == len(
        table.drop_duplicates(["country", "organisation", "from"])
    )


def test_choosing_another_organisation():
    at = page("membership", org="EAEU").run()
    assert "Eurasian Economic Union" in at.title[0].value
    assert set(at.dataframe[0].value["organisation"]) == {"EAEU"}
