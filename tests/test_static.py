"""The stylesheet and scripts are served (WhiteNoise), so pages work on a phone without a web server."""

from __future__ import annotations

from typing import Any


def test_it_serves_the_stylesheet(client: Any) -> None:
    response = client.get("/static/openlead/site.css")
    assert response.status_code == 200
    assert b"box-sizing" in b"".join(response.streaming_content)
