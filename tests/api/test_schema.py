"""The OpenAPI document: served at /api/schema/, OpenAPI 3.1, and valid."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_it_serves_a_valid_openapi_3_1_document(client: Any) -> None:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    assert document["openapi"] == "3.1.0"
    validate(document)  # raises on an invalid document
    assert "/api/v1/referrals/" in document["paths"]
    assert document["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"


def test_it_documents_a_problem_answer_on_every_operation(client: Any) -> None:
    document = yaml.safe_load(client.get("/api/schema/").content)
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            assert "application/problem+json" in operation["responses"]["default"]["content"], (
                path,
                method,
            )


def test_it_lists_the_operations_on_a_page_without_scripts(client: Any) -> None:
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/api/v1/referrals/" in page and "<script" not in page.split("</header>")[-1]


def test_it_documents_the_upload_as_multipart_with_an_idempotency_key(client: Any) -> None:
    document = yaml.safe_load(client.get("/api/schema/").content)
    upload = document["paths"]["/api/v1/imports/"]["post"]
    assert list(upload["requestBody"]["content"]) == ["multipart/form-data"]
    form = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
    name = form["$ref"].rsplit("/", 1)[-1]
    fields = document["components"]["schemas"][name]
    assert set(fields["required"]) == {"file", "mapping", "source"}
    assert fields["properties"]["file"]["format"] == "binary"
    assert "201" in upload["responses"]
    assert "Idempotency-Key" in [p["name"] for p in upload["parameters"]]
