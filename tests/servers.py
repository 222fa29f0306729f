"""Real web servers for the tests: Debian's nginx and Apache, on 127.0.0.1 only,
serving a built site with the configuration the build wrote into it
(``nginx.conf``, ``.htaccess``), as the guide « Publier le site » tells a host to.

The servers run their workers as ``nobody``: the site is copied into a folder
every user can read (pytest's own temporary folders are private to root).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

NGINX = Path("/usr/sbin/nginx")
APACHE = Path("/usr/sbin/apache2")
APACHE_MODULES = Path("/usr/lib/apache2/modules")
MODULES = ("mpm_event", "authz_core", "dir", "mime", "headers", "deflate", "filter", "alias")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = [p.read_text(errors="replace") for p in (log, log.with_suffix(".out")) if p.exists()]
            raise AssertionError(f"le serveur s'est arrêté ({process.returncode}) :\n" + "\n".join(said))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("le serveur n'a pas répondu en 20 s")


def public_copy(site: Path) -> tuple[Path, Path]:
    """(a world-readable work folder, the site copied in it)."""
    work = Path(tempfile.mkdtemp(prefix="coop-server-"))
    work.chmod(0o755)
    dest = work / "site"
    shutil.copytree(site, dest)
    for path in [dest, *dest.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return work, dest


@contextmanager
def running(command: list[str], port: int, log: Path, work: Path):
    with open(log.with_suffix(".out"), "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait(port, process, log)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(work, ignore_errors=True)


@contextmanager
def nginx(site: Path):
    """nginx serving ``site`` with the ``nginx.conf`` the build wrote, included in a server block."""
    if not NGINX.exists():
        pytest.fail("nginx introuvable : lancez « python3 tasks.py test », qui installe le paquet Debian nginx.")
    work, root = public_copy(site)
    port = free_port()
    temp = work / "tmp"
    temp.mkdir()
    temp.chmod(0o777)
    conf = work / "nginx-test.conf"
    conf.write_text(f"""daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        include {root}/nginx.conf;
    }}
}}
""", encoding="utf-8")
    with running([str(NGINX), "-c", str(conf), "-e", str(work / "error.log")], port, work / "error.log",
                 work) as url:
        yield url


@contextmanager
def apache(site: Path):
    """Apache serving ``site`` with the ``.htaccess`` the build wrote (AllowOverride All)."""
    if not APACHE.exists():
        pytest.fail("Apache introuvable : lancez « python3 tasks.py test », qui installe le paquet Debian apache2-bin.")
    work, root = public_copy(site)
    port = free_port()
    modules = "\n".join(f"LoadModule {m}_module {APACHE_MODULES}/mod_{m}.so" for m in MODULES)
    conf = work / "apache-test.conf"
    conf.write_text(f"""{modules}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {work}/httpd.pid
DefaultRuntimeDir {work}
ErrorLog {work}/error.log
LogLevel warn
User nobody
Group nogroup
TypesConfig /etc/mime.types
DocumentRoot {root}
DirectoryIndex index.html
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {root}>
    AllowOverride All
    Require all granted
</Directory>
""", encoding="utf-8")
    with running([str(APACHE), "-f", str(conf), "-DFOREGROUND"], port, work / "error.log", work) as url:
        yield url
