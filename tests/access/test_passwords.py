"""Breached and guessable passwords are refused (CJIS IA-5(1), ASVS 6.2.12, issue 12)."""

from __future__ import annotations

import gzip

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from openlead.access.passwords import (
    BREACH_LIST,
    BreachedPasswordValidator,
    GuessabilityValidator,
    breached_passwords,
)


def _codes(password: str) -> set[str]:
    try:
        validate_password(password)
    except ValidationError as exc:
        return {str(error.code) for error in exc.error_list}
    return set()


def test_it_ships_at_least_a_hundred_thousand_breached_passwords() -> None:
    with gzip.open(BREACH_LIST, "rt", encoding="utf-8", errors="replace") as handle:
        lines = handle.read().splitlines()
    assert len(lines) == 100_000
    assert lines[:3] == ["123456", "password", "12345678"]  # most common first
    assert len(breached_passwords()) >= 96_000  # a few differ only in case


@pytest.mark.parametrize("password", ["Password1234!", "P@ssw0rd2024"])
def test_it_refuses_the_passwords_the_review_got_accepted(password: str) -> None:
    assert "password_guessable" in _codes(password)


def test_it_refuses_a_sample_of_listed_passwords_in_any_case() -> None:
    with gzip.open(BREACH_LIST, "rt", encoding="utf-8", errors="replace") as handle:
        lines = handle.read().splitlines()
    # Every 997th entry, from the top of the list to its far end, and upper-cased too.
    sample = lines[::997]
    assert len(sample) == 101
    validator = BreachedPasswordValidator()
    refused = 0
    for password in sample + [p.upper() for p in sample]:
        with pytest.raises(ValidationError) as caught:
            validator.validate(password)
        refused += caught.value.code == "password_breached"
    assert refused == 202


def test_it_refuses_long_listed_passwords_that_pass_the_length_rule() -> None:
    long_ones = [p for p in sorted(breached_passwords()) if len(p) >= 12][:50]
    assert len(long_ones) == 50
    for password in long_ones:
        assert "password_breached" in _codes(password), password


def test_it_refuses_a_password_built_from_the_username() -> None:
    from openlead.access.models import User

    user = User(username="quinncasefield", first_name="Quinn", last_name="Casefield")
    with pytest.raises(ValidationError) as caught:
        GuessabilityValidator().validate("quinncasefield2024", user)
    assert caught.value.code == "password_guessable"


def test_it_accepts_a_sixty_four_character_passphrase() -> None:
    passphrase = "lantern orchard velvet compass drizzle marble tundra kettle plume"[:64]
    assert len(passphrase) == 64
    assert _codes(passphrase) == set()
    validate_password("correct-horse-battery-staple")  # the personas' password still works
