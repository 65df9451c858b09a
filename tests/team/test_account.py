import os

import pytest

from team import pgcluster
from team.account import running_as_root


@pytest.mark.skipif(not running_as_root(), reason="only root hands folders to the service account")
def test_a_folder_the_service_account_cannot_reach_is_refused_before_anything_is_created(tmp_path):
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    with pytest.raises(PermissionError, match=f"cannot enter {private}"):
        pgcluster.create(private / "home" / "postgres")
    assert os.listdir(private) == []
