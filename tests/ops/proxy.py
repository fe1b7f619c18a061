"""deploy/nginx/openlead.conf run for real on loopback: a self-signed certificate and a
main nginx.conf around the shipped site file (only host names, ports and paths change)."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "openlead.conf"
LOG_FORMAT = ROOT / "deploy" / "nginx" / "log-format.conf"


def self_signed(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def site_config(directory: Path, *, listen: int, upstream: int, cert: Path, key: Path) -> str:
    text = SITE.read_text()
    for old, new in [
        ("lead.example.org;", "localhost;"),
        ("listen 443 ssl", f"listen 127.0.0.1:{listen} ssl"),
        ("listen 80;", f"listen 127.0.0.1:{listen + 1};"),
        ("/etc/letsencrypt/live/lead.example.org/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/lead.example.org/privkey.pem", str(key)),
        ("http://127.0.0.1:8000", f"http://127.0.0.1:{upstream}"),
        ("/var/log/nginx/openlead.access.log", str(directory / "access.log")),
    ]:
        assert old in text, f"deploy/nginx/openlead.conf no longer has {old!r}"
        text = text.replace(old, new)
    return text


def nginx_config(directory: Path, *, listen: int, upstream: int, cert: Path, key: Path) -> Path:
    site = site_config(directory, listen=listen, upstream=upstream, cert=cert, key=key)
    temp = directory / "temp"
    temp.mkdir(exist_ok=True)
    conf = directory / "nginx.conf"
    conf.write_text(
        f"""daemon off;
pid {directory / "nginx.pid"};
error_log {directory / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    {LOG_FORMAT.read_text()}
    {site}
}}
"""
    )
    return conf


def start_nginx(conf: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603
        ["nginx", "-p", str(conf.parent), "-c", str(conf)],  # noqa: S607
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _free_pair() -> int:
    """A free port whose next port is free too: the site listens on both (TLS, plain)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        try:
            with socket.socket() as s:
                s.bind(("127.0.0.1", port + 1))
            return port
        except OSError:
            continue


def _answers(port: int, proxy: subprocess.Popen[bytes], seconds: float) -> bool:
    """Whether nginx accepts on `port` before it exits or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proxy.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def start_proxy(
    directory: Path, *, upstream: int, cert: Path, key: Path, tries: int = 5
) -> tuple[subprocess.Popen[bytes], int]:
    """nginx listening, and its TLS port. Another test's server can take a port between
    choosing it and nginx binding it (the suite runs two workers), so a bind failure picks
    new ports; any other failure stops with nginx's own words, not a refused connection."""
    for _ in range(tries):
        listen = _free_pair()
        proxy = start_nginx(
            nginx_config(directory, listen=listen, upstream=upstream, cert=cert, key=key)
        )
        if _answers(listen, proxy, seconds=30):
            return proxy, listen
        proxy.terminate()
        _, err = proxy.communicate(timeout=20)
        log = directory / "error.log"
        said = err.decode(errors="replace") + (log.read_text() if log.exists() else "")
        if "Address already in use" not in said:
            raise AssertionError(f"nginx did not start on {listen}: {said}")
    raise AssertionError(f"nginx found no free port pair in {tries} tries")
