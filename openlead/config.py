"""Settings from environment variables only, through small helpers that reject bad values.

Every variable read here must be listed in docs/configuration.md (a test checks this).
Defaults are safe: DEBUG is off, and outside demo mode (OPENLEAD_DEMO=1) there is no
built-in secret: the service refuses to start and names the missing variable. DEBUG
alone never generates keys: a debug server pointed at real data must not quietly switch
to keys nobody holds.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent


class ConfigError(Exception):
    """A missing or malformed environment variable; the message names it."""


def env_bool(env: Mapping[str, str], name: str, default: bool = False) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false (1/0, yes/no), not {raw!r}")


def env_int(env: Mapping[str, str], name: str, default: int, *, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(env: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(
    env: Mapping[str, str], name: str
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Comma-separated addresses or CIDR blocks, e.g. `10.0.0.5, 192.168.1.0/24`."""
    networks = []
    for item in env_list(env, name, []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ConfigError(
                f"{name} must list IP addresses or CIDR blocks (10.0.0.5, 10.0.0.0/8), not {item!r}"
            ) from None
    return tuple(networks)


def parse_key(name: str, raw: str) -> tuple[str, bytes]:
    """A key written as `KEYID:BASE64` holding exactly 32 bytes (AES-256 / HMAC-SHA256)."""
    key_id, sep, encoded = raw.strip().partition(":")
    if not sep or not key_id or not key_id.replace("-", "").replace("_", "").isalnum():
        raise ConfigError(f"{name} must look like KEYID:BASE64 (e.g. k2026:...), got no key id")
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise ConfigError(f"{name} key {key_id!r} is not valid base64") from None
    if len(key) != 32:
        raise ConfigError(f"{name} key {key_id!r} must be 32 bytes, got {len(key)}")
    return key_id, key


def new_key_text(key_id: str) -> str:
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(32)).decode()}"


@dataclass
class Config:
    demo: bool
    debug: bool
    secret_key: str
    kek_id: str
    keks: dict[str, bytes]
    blind_index_key: bytes
    database_url: str
    keys_database_url: str
    allowed_hosts: list[str]
    secure_cookies: bool
    session_idle_minutes: int
    data_dir: Path
    log_level: str
    csrf_trusted_origins: list[str] = field(default_factory=list)
    axes_failure_limit: int = 5
    axes_cooloff_minutes: int = 15
    trusted_proxy_hops: int = 0
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    login_address_failures: int = 50
    mfa_insecure_disabled: bool = False
    # Outgoing mail (record-view alerts); None means no email is sent.
    email: EmailConfig | None = None


@dataclass(frozen=True)
class EmailConfig:
    host: str
    port: int
    user: str
    password: str
    use_tls: bool
    use_ssl: bool
    sender: str


EMAIL_SCHEMES = {
    "smtp": (False, False, 25),
    "smtp+tls": (True, False, 587),
    "smtps": (False, True, 465),
}


def parse_email_url(env: Mapping[str, str]) -> EmailConfig | None:
    """`OPENLEAD_EMAIL_URL` as `smtp://`, `smtp+tls://` (STARTTLS) or `smtps://` (TLS)
    `user:password@host:port`; unset means no mail. The sender is `OPENLEAD_EMAIL_FROM`."""
    raw = (env.get("OPENLEAD_EMAIL_URL") or "").strip()
    if not raw:
        return None
    url = urlsplit(raw)
    if url.scheme not in EMAIL_SCHEMES or not url.hostname:
        raise ConfigError(
            "OPENLEAD_EMAIL_URL must look like smtp+tls://user:password@host:587 "
            "(schemes smtp, smtp+tls, smtps)"
        )
    tls, ssl, default_port = EMAIL_SCHEMES[url.scheme]
    try:
        port = url.port or default_port
    except ValueError:
        raise ConfigError("OPENLEAD_EMAIL_URL has a port that is not a number") from None
    sender = (env.get("OPENLEAD_EMAIL_FROM") or "").strip()
    if "@" not in sender:
        raise ConfigError(
            "OPENLEAD_EMAIL_FROM must be an email address when OPENLEAD_EMAIL_URL is set"
        )
    return EmailConfig(
        host=url.hostname,
        port=port,
        user=unquote(url.username or ""),
        password=unquote(url.password or ""),
        use_tls=tls,
        use_ssl=ssl,
        sender=sender,
    )


def _demo_keys(data_dir: Path) -> dict[str, str]:
    """Random keys kept in DATA_DIR for the demo, so its SQLite data stays readable.

    Only with OPENLEAD_DEMO=1 (not DEBUG): production keys come from the environment.
    """
    path = data_dir / "demo-keys.json"
    if path.exists():
        stored: dict[str, str] = json.loads(path.read_text())
        return stored
    data_dir.mkdir(parents=True, exist_ok=True)
    keys = {
        "OPENLEAD_SECRET_KEY": secrets.token_urlsafe(50),
        "OPENLEAD_KEK": new_key_text("demo1"),
        "OPENLEAD_BLIND_INDEX_KEY": new_key_text("bidx1"),
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(keys, handle)
    return keys


def _required(env: Mapping[str, str], fallback: Mapping[str, str], name: str) -> str:
    value = env.get(name) or fallback.get(name)
    if not value:
        raise ConfigError(
            f"{name} is not set. openlead refuses to start without it outside demo mode "
            f"(see docs/configuration.md; OPENLEAD_DEMO=1 runs the demo with generated keys)."
        )
    return value


def _kek_text(env: Mapping[str, str], fallback: Mapping[str, str]) -> str:
    key_file = env.get("OPENLEAD_KEK_FILE")
    if key_file:
        try:
            return Path(key_file).read_text().strip()
        except OSError as exc:
            raise ConfigError(f"OPENLEAD_KEK_FILE {key_file!r} cannot be read: {exc}") from None
    return _required(env, fallback, "OPENLEAD_KEK")


def load_config(env: Mapping[str, str]) -> Config:
    demo = env_bool(env, "OPENLEAD_DEMO")
    debug = env_bool(env, "DEBUG")
    data_dir = Path(env.get("OPENLEAD_DATA_DIR") or BASE_DIR / "var")
    fallback = _demo_keys(data_dir) if demo else {}
    kek_id, kek = parse_key("OPENLEAD_KEK", _kek_text(env, fallback))
    keks = {kek_id: kek}
    for raw in env_list(env, "OPENLEAD_RETIRED_KEKS", []):
        old_id, old_key = parse_key("OPENLEAD_RETIRED_KEKS", raw)
        keks.setdefault(old_id, old_key)
    _, bidx = parse_key(
        "OPENLEAD_BLIND_INDEX_KEY", _required(env, fallback, "OPENLEAD_BLIND_INDEX_KEY")
    )
    database_url = env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'openlead.sqlite3'}"
    keys_url = env.get("OPENLEAD_KEYS_DATABASE_URL") or f"sqlite:///{data_dir / 'keys.sqlite3'}"
    return Config(
        demo=demo,
        debug=debug,
        secret_key=_required(env, fallback, "OPENLEAD_SECRET_KEY"),
        kek_id=kek_id,
        keks=keks,
        blind_index_key=bidx,
        database_url=database_url,
        keys_database_url=keys_url,
        allowed_hosts=env_list(env, "OPENLEAD_ALLOWED_HOSTS", ["127.0.0.1", "localhost"]),
        secure_cookies=env_bool(env, "OPENLEAD_SECURE_COOKIES", default=not (demo or debug)),
        session_idle_minutes=env_int(env, "OPENLEAD_SESSION_IDLE_MINUTES", 15, minimum=1),
        data_dir=data_dir,
        log_level=env.get("OPENLEAD_LOG_LEVEL", "INFO").upper(),
        csrf_trusted_origins=env_list(env, "OPENLEAD_CSRF_TRUSTED_ORIGINS", []),
        axes_failure_limit=env_int(env, "OPENLEAD_LOCKOUT_FAILURES", 5, minimum=1),
        axes_cooloff_minutes=env_int(env, "OPENLEAD_LOCKOUT_MINUTES", 15, minimum=1),
        trusted_proxy_hops=env_int(env, "OPENLEAD_TRUSTED_PROXY_HOPS", 0, minimum=0),
        trusted_proxies=env_networks(env, "OPENLEAD_TRUSTED_PROXIES"),
        login_address_failures=env_int(env, "OPENLEAD_LOGIN_ADDRESS_FAILURES", 50, minimum=1),
        # Named so that nobody turns it on by accident or without knowing what it costs.
        mfa_insecure_disabled=env_bool(env, "OPENLEAD_MFA_INSECURE_DISABLED"),
        email=parse_email_url(env),
    )
