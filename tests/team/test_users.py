import os

import bcrypt
import pytest

from team.users import UserError, add_user, user_names
from tests.conftest import HOSTILE


def password_of(users_file, name: str) -> bytes:
    line = next(line for line in users_file.read_text().splitlines() if line.startswith(f"{name}:"))
    return line.split(":", 1)[1].encode()


def test_an_added_user_has_a_bcrypt_line_that_checks_their_password(tmp_path):
    users_file = tmp_path / "users.htpasswd"
    add_user(users_file, "alice", "correct horse")
    hashed = password_of(users_file, "alice")
    assert hashed.startswith(b"$2b$")  # what nginx's crypt() (libxcrypt) checks
    assert bcrypt.checkpw(b"correct horse", hashed)
    assert not bcrypt.checkpw(b"Correct horse", hashed)
    assert oct(users_file.stat().st_mode & 0o777) == "0o600"


def test_adding_again_changes_the_password_and_keeps_the_others(tmp_path):
    users_file = tmp_path / "users.htpasswd"
    add_user(users_file, "alice", "one")
    add_user(users_file, "bob", "two")
    add_user(users_file, "alice", "three")
    assert user_names(users_file) == ["bob", "alice"]
    assert bcrypt.checkpw(b"three", password_of(users_file, "alice"))
    assert bcrypt.checkpw(b"two", password_of(users_file, "bob"))


@pytest.mark.parametrize("name", [*HOSTILE, "", "al ice", "alice:x", "-alice", "a" * 65, "alice\nbob:x"])
def test_a_name_that_could_not_travel_in_a_header_is_refused(tmp_path, name):
    with pytest.raises(UserError, match="user name"):
        add_user(tmp_path / "users.htpasswd", name, "pw")
    assert not (tmp_path / "users.htpasswd").exists()


@pytest.mark.parametrize("password", ["", "x" * 73, "é" * 37])
def test_a_password_bcrypt_cannot_hold_is_refused(tmp_path, password):
    with pytest.raises(UserError, match="1-72 bytes"):
        add_user(tmp_path / "users.htpasswd", "alice", password)


def test_no_temporary_file_is_left_behind(tmp_path):
    add_user(tmp_path / "users.htpasswd", "alice", "pw")
    assert os.listdir(tmp_path) == ["users.htpasswd"]
