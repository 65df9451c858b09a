import subprocess
import tempfile
from pathlib import Path

import pytest

from team.proxy import NGINX, Proxy, config_text

PLAIN = Proxy(Path("/srv/atlas/team/nginx"), Path("/srv/atlas/users.htpasswd"), 8501, (40001, 40002))


def test_every_replica_is_an_upstream_on_loopback():
    text = config_text(PLAIN)
    assert "server 127.0.0.1:40001 " in text and "server 127.0.0.1:40002 " in text
    assert "listen 127.0.0.1:8501;" in text


@pytest.mark.parametrize(
    "path", ["/srv/$remote_user/run", "/srv/a b", "/srv/a;b", "relative/run", "/srv/a\nb", "/srv/{x}"]
)
def test_a_path_nginx_would_read_as_syntax_is_refused(path):
    with pytest.raises(ValueError, match="plain absolute path"):
        config_text(Proxy(Path(path), PLAIN.users_file, 8501, (40001,)))


@pytest.mark.parametrize("address", ["0.0.0.0; include /etc/passwd", "localhost", ""])
def test_an_address_that_is_not_an_ip_is_refused(address):
    with pytest.raises(ValueError, match="proxy address"):
        config_text(Proxy(PLAIN.run, PLAIN.users_file, 8501, (40001,), address))


@pytest.mark.skipif(not NGINX.exists(), reason="`make team` installs nginx")
def test_a_component_a_restarted_replica_does_not_know_yet_is_asked_of_another():
    text = config_text(PLAIN)
    component = text.split("location /component/", 1)[1].split("}", 1)[0]
    assert "proxy_next_upstream error timeout http_502 http_503 http_404;" in component


def test_nginx_accepts_the_configuration():
    with tempfile.TemporaryDirectory() as folder:
        run = Path(folder)
        (run / "users.htpasswd").touch()
        (run / "signin.html").touch()
        (run / "nginx.conf").write_text(config_text(Proxy(run, run / "users.htpasswd", 8501, (40001, 40002))))
        checked = subprocess.run(
            [str(NGINX), "-t", "-p", str(run), "-c", str(run / "nginx.conf"), "-e", str(run / "e.log")],
            capture_output=True,
            text=True,
            check=False,
        )
    assert checked.returncode == 0, checked.stderr
