"""A signature drawn on screen: a PNG data URL from the browser's canvas, checked before
it is sealed under the person's data key (people.actions.do_record_consent).

Only a real, small PNG is kept: the data URL prefix, strict base64, the PNG signature,
an IHDR chunk of sane size and the IEND trailer. Anything else is refused with a sentence
for the form.
"""

from __future__ import annotations

import base64
import binascii
import struct

PREFIX = "data:image/png;base64,"
MAX_BYTES = 150_000  # a drawn signature is 5-40 KB; the cap keeps the row and the page small
MAX_CHARS = len(PREFIX) + (MAX_BYTES * 4) // 3 + 4
MAX_SIDE = 4000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
IEND = b"\x00\x00\x00\x00IEND\xaeB`\x82"
NOT_A_SIGNATURE = "The signature did not come through. Ask the participant to sign again."


def signature_problem(data_url: str) -> str:
    """ "" when `data_url` is a plausible drawn signature, else the sentence to show."""
    if not data_url:
        return "Ask the participant to sign in the box."
    if len(data_url) > MAX_CHARS:
        return "The signature is too large. Clear it and ask the participant to sign again."
    if not data_url.startswith(PREFIX):
        return NOT_A_SIGNATURE
    try:
        png = base64.b64decode(data_url[len(PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        return NOT_A_SIGNATURE
    if len(png) > MAX_BYTES:
        return "The signature is too large. Clear it and ask the participant to sign again."
    return "" if _is_png(png) else NOT_A_SIGNATURE


def _is_png(png: bytes) -> bool:
    if len(png) < 8 + 25 + len(IEND) or not png.startswith(PNG_MAGIC):
        return False
    length, kind = struct.unpack(">I4s", png[8:16])
    if length != 13 or kind != b"IHDR":
        return False
    width, height = struct.unpack(">II", png[16:24])
    return 0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE and png.endswith(IEND)
