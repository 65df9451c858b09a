"""What every replica is started with: the proxy's user header trusted, one cookie secret, loopback only, and no
reloading of source files under running readers."""

import json

from team.proxy import USER_HEADER
from team.replicas import USER_KEY, replica_environment


def test_replicas_trust_the_proxys_header_share_a_secret_and_do_not_reload_source():
    env = replica_environment("s3cret", "postgresql:///atlas")
    assert json.loads(env["STREAMLIT_SERVER_TRUSTED_USER_HEADERS"]) == {USER_HEADER: USER_KEY}
    assert env["STREAMLIT_SERVER_COOKIE_SECRET"] == "s3cret"
    assert env["STREAMLIT_SERVER_ADDRESS"] == "127.0.0.1"
    assert env["STREAMLIT_SERVER_FILE_WATCHER_TYPE"] == "none"
    assert env["ALLIANCE_ATLAS_DATABASE_URL"] == "postgresql:///atlas"
