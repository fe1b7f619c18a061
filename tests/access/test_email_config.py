"""OPENLEAD_EMAIL_URL: outgoing mail for record-view alerts, refused when malformed."""

from __future__ import annotations

from pathlib import Path

import pytest

from openlead.config import ConfigError, EmailConfig, load_config
from tests.access.test_config import GOOD


def _load(tmp_path: Path, **env: str) -> object:
    return load_config({**GOOD, "OPENLEAD_DATA_DIR": str(tmp_path), **env}).email


@pytest.mark.parametrize(
    ("url", "sender", "message"),
    [
        ("http://mail.example.org", "a@example.org", "OPENLEAD_EMAIL_URL must look like"),
        ("smtp+tls://", "a@example.org", "OPENLEAD_EMAIL_URL must look like"),
        ("smtp://mail.example.org:port", "a@example.org", "port that is not a number"),
        ("smtp://mail.example.org", "", "OPENLEAD_EMAIL_FROM must be an email address"),
        ("smtp://mail.example.org", "openlead", "OPENLEAD_EMAIL_FROM must be an email address"),
    ],
)
def test_it_refuses_a_malformed_email_setting(
    tmp_path: Path, url: str, sender: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        _load(tmp_path, OPENLEAD_EMAIL_URL=url, OPENLEAD_EMAIL_FROM=sender)


def test_it_sends_no_mail_unless_configured(tmp_path: Path) -> None:
    assert _load(tmp_path) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp+tls://alerts%40lead:p%3Ass@mail.example.org",
            EmailConfig("mail.example.org", 587, "alerts@lead", "p:ss", True, False, "o@x.org"),
        ),
        (
            "smtps://mail.example.org",
            EmailConfig("mail.example.org", 465, "", "", False, True, "o@x.org"),
        ),
        (
            "smtp://127.0.0.1:2525",
            EmailConfig("127.0.0.1", 2525, "", "", False, False, "o@x.org"),
        ),
    ],
)
def test_it_reads_the_mail_server_from_the_url(
    tmp_path: Path, url: str, expected: EmailConfig
) -> None:
    assert _load(tmp_path, OPENLEAD_EMAIL_URL=url, OPENLEAD_EMAIL_FROM="o@x.org") == expected
