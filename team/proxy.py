"""nginx in front of the replicas: one port, websockets, sticky sessions, and optional sign-in by HTTP basic auth.

Why nginx (not HAProxy): it reads an htpasswd users file on every request, so `python -m team adduser` works without a
reload, and `auth_basic` takes a variable, which makes sign-in optional per request (readers need none).

Who is who: Streamlit copies trusted headers into `st.user` only when the websocket (`/_stcore/stream`) connects, so
that is the one place nginx puts the user name into `X-Atlas-User`, and only after checking the password. Every other
request, and a websocket without credentials, has the header set empty, which nginx sends as no header at all: a
client's own `X-Atlas-User` never reaches a replica. `/signin` always asks for a password; once the browser has one
for this site it sends it with later requests to the same directory (`/`), websocket included.

Stickiness: Streamlit sessions, uploads and media live in one process, so a browser keeps its replica: the first
response sets `atlas_replica` to a random request id, and the upstream is chosen by a consistent hash of that cookie.
If that replica is down, nginx tries the next one and the browser reconnects there. A replica knows the map's
component (`/component/...`) only once a script has run on it, so a freshly restarted one answers 404 to readers who
failed over while it was down and whose cookie hashes back to it (measured: a blank map); those requests go on to
another replica.
"""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from team.account import as_service_account, hand_over

NGINX = Path("/usr/sbin/nginx")
USER_HEADER = "X-Atlas-User"
SAFE_PATH = re.compile(r"/[A-Za-z0-9_./-]*")  # nginx expands `$` and splits on spaces: paths stay plain

CONFIG = """\
daemon off;
worker_processes auto;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {run}/nginx-access.log;
    client_body_temp_path {run}/client-body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    client_max_body_size {upload_mb}m;
    types {{ text/html html; }}

    map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
    map $cookie_atlas_replica $replica_key {{ "" $request_id; default $cookie_atlas_replica; }}
    map $http_authorization $signin_realm {{ "" off; default "Alliance Atlas"; }}

    upstream replicas {{
        hash $replica_key consistent;
{servers}
    }}

    server {{
        listen {address}:{port};
        proxy_http_version 1.1;
        proxy_read_timeout 1d;
        proxy_next_upstream error timeout http_502 http_503;
        add_header Set-Cookie "atlas_replica=$replica_key; Path=/; HttpOnly; SameSite=Lax" always;

        location / {{
            proxy_set_header Host $host;
            proxy_set_header Authorization "";
            proxy_set_header {header} "";
            proxy_pass http://replicas;
        }}
        location /component/ {{
            proxy_set_header Host $host;
            proxy_set_header Authorization "";
            proxy_set_header {header} "";
            proxy_next_upstream error timeout http_502 http_503 http_404;
            proxy_pass http://replicas;
        }}
        location = /_stcore/stream {{
            auth_basic $signin_realm;
            auth_basic_user_file {users};
            proxy_set_header Host $host;
            proxy_set_header Authorization "";
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header {header} $remote_user;
            proxy_pass http://replicas;
        }}
        location = /signin {{
            auth_basic "Alliance Atlas";
            auth_basic_user_file {users};
            default_type text/html;
            alias {run}/signin.html;
        }}
    }}
}}
"""

SIGNED_IN_PAGE = """<!doctype html>
<meta charset="utf-8"><meta http-equiv="refresh" content="0; url=/">
<title>Signed in</title><p>Signed in. <a href="/">Back to the atlas</a></p>
"""


@dataclass(frozen=True, slots=True)
class Proxy:
    run: Path  # config, logs and nginx's temp folders
    users_file: Path
    port: int
    replica_ports: tuple[int, ...]
    address: str = "127.0.0.1"
    upload_mb: int = 200  # Streamlit's server.maxUploadSize default


def config_text(proxy: Proxy) -> str:
    """nginx.conf for the proxy: only ints, a checked address and checked plain paths are put into the text."""
    for label, path in (("run folder", proxy.run), ("users file", proxy.users_file)):
        if not SAFE_PATH.fullmatch(str(path)):
            raise ValueError(f"{label} {str(path)!r}: nginx needs a plain absolute path (letters, digits, _ . / -)")
    if not re.fullmatch(r"[0-9.]+|\[[0-9a-fA-F:]+\]", proxy.address):
        raise ValueError(f"proxy address {proxy.address!r}: give an IPv4 address or a bracketed IPv6 address")
    servers = "\n".join(
        f"        server 127.0.0.1:{int(port)} max_fails=1 fail_timeout=5s;" for port in proxy.replica_ports
    )
    return CONFIG.format(
        run=proxy.run,
        users=proxy.users_file,
        port=int(proxy.port),
        address=proxy.address,
        servers=servers,
        header=USER_HEADER,
        upload_mb=int(proxy.upload_mb),
    )


def start(proxy: Proxy) -> subprocess.Popen:
    """nginx in the foreground, as the service account; its errors go to `<run>/nginx-error.log`."""
    proxy.run.mkdir(parents=True, exist_ok=True)
    if not proxy.users_file.exists():
        proxy.users_file.touch(mode=0o600)  # nobody can sign in yet; readers are served
    (proxy.run / "nginx.conf").write_text(config_text(proxy), encoding="utf-8")
    (proxy.run / "signin.html").write_text(SIGNED_IN_PAGE, encoding="utf-8")
    hand_over(proxy.run)
    hand_over(proxy.users_file)
    config = proxy.run / "nginx.conf"
    command = [str(NGINX), "-p", str(proxy.run), "-c", str(config), "-e", str(proxy.run / "nginx-error.log")]
    subprocess.run(as_service_account([*command, "-t", "-q"]), check=True, cwd=proxy.run)
    return subprocess.Popen(as_service_account(command), cwd=proxy.run, start_new_session=True)
