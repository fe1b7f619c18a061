"""The WebAuthn ceremonies of the participant's passkeys (py_webauthn does the crypto).

The relying party is the host the participant's browser reached, as Django's
request.get_host() gives it (it refuses any host not in OPENLEAD_ALLOWED_HOSTS), so a
passkey works only on the program's own address. Each challenge lives in the session and
is spent by the first verification that reads it: a replayed answer finds none.
Sign-in is discoverable (the phone offers its passkey): the page never learns whether a
typed username has passkeys, so it cannot be used to probe accounts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.http.request import split_domain_port
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from openlead.portal.models import PortalAccount, PortalPasskey

CHALLENGE = "portal_passkey_challenge"
RP_NAME = "My pages"
MAX_BODY = 16_000  # a real answer is a few kilobytes
# What py_webauthn raises for a wrong answer, and what a malformed one can raise in parsing.
BROKEN = (WebAuthnException, ValueError, KeyError, TypeError, AttributeError)


class PasskeyError(Exception):
    """The answer did not verify (wrong, replayed, expired or malformed)."""


@dataclass(frozen=True)
class Relying:
    rp_id: str
    origin: str


def relying_party(request: HttpRequest) -> Relying:
    host = request.get_host()  # DisallowedHost (a 400) unless in ALLOWED_HOSTS
    domain, _port = split_domain_port(host)
    return Relying(rp_id=domain, origin=f"{request.scheme}://{host}")


def _remember(request: HttpRequest, challenge: bytes) -> None:
    request.session[CHALLENGE] = bytes_to_base64url(challenge)


def _spend(request: HttpRequest) -> bytes:
    stored = request.session.pop(CHALLENGE, "")
    if not stored:
        raise PasskeyError("no challenge")
    return base64url_to_bytes(stored)


def credential_of(request: HttpRequest) -> dict[str, Any]:
    """The browser's answer, as JSON in the POST body; anything else is refused."""
    if len(request.body) > MAX_BODY:
        raise PasskeyError("too large")
    try:
        data = json.loads(request.body or b"null")
    except ValueError as error:
        raise PasskeyError("not json") from error
    if not isinstance(data, dict) or not isinstance(data.get("rawId"), str):
        raise PasskeyError("not a credential")
    return data


def registration_options(request: HttpRequest, account: PortalAccount) -> str:
    rp = relying_party(request)
    ids = account.passkeys.values_list("credential_id", flat=True)
    existing = [PublicKeyCredentialDescriptor(id=bytes(raw)) for raw in ids]
    options = generate_registration_options(
        rp_id=rp.rp_id,
        rp_name=RP_NAME,
        user_name=account.user.username,
        user_id=account.user.public_id.encode(),
        exclude_credentials=existing,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
    )
    _remember(request, options.challenge)
    return options_to_json(options)


@dataclass(frozen=True)
class NewPasskey:
    credential_id: bytes
    public_key: bytes
    sign_count: int
    transports: list[str]


def verify_registration(request: HttpRequest, credential: dict[str, Any]) -> NewPasskey:
    rp = relying_party(request)
    challenge = _spend(request)
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp.rp_id,
            expected_origin=rp.origin,
            require_user_verification=True,
        )
    except BROKEN as error:
        raise PasskeyError(type(error).__name__) from error
    transports = credential.get("response", {}).get("transports") or []
    return NewPasskey(
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports=[str(t)[:20] for t in transports if isinstance(t, str)][:8],
    )


def authentication_options(request: HttpRequest) -> str:
    options = generate_authentication_options(
        rp_id=relying_party(request).rp_id,
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    _remember(request, options.challenge)
    return options_to_json(options)


def passkey_answering(credential: dict[str, Any]) -> PortalPasskey | None:
    try:
        raw = base64url_to_bytes(credential["rawId"])
    except (ValueError, TypeError):
        return None
    found = PortalPasskey.objects.filter(credential_id=raw).select_related(
        "account__user", "account__person"
    )
    return found.first()


def verify_sign_in(request: HttpRequest, credential: dict[str, Any], passkey: PortalPasskey) -> int:
    """The new sign count; PasskeyError if the answer does not verify."""
    rp = relying_party(request)
    challenge = _spend(request)
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp.rp_id,
            expected_origin=rp.origin,
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except BROKEN as error:
        raise PasskeyError(type(error).__name__) from error
    return verified.new_sign_count
