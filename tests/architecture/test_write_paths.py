"""Every model write lives in an `actions` module (issue 10): a `.save()`, `.create()`,
`.delete()`, queryset `.update()` or bulk write anywhere else in openlead/ fails here.

The allowlist names the few places that write by design, each with the reason; an entry
that no longer writes fails too, so the list cannot go stale."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "openlead"

ALWAYS = {"save", "create", "delete", "get_or_create", "update_or_create", "bulk_create"}
ALWAYS |= {"bulk_update"}
# `.update(` is also dict.update and hashlib's: count it only on a queryset chain.
QUERYSET_HINTS = {"objects", "filter", "exclude", "all", "select_for_update", "order_by"}

ALLOWED: dict[str, str] = {
    "access/chain.py": "the audit writer: appends the hash-chained event",
    "access/alerts.py": "record-view alerts are raised inside the audit writer (issue 12)",
    "access/rotation.py": "key material: rewraps data keys under a new key-encryption key",
    "people/vault.py": "key material: creates and destroys (crypto-shreds) data keys",
    "people/tokens.py": "name-search tokens: derived rows rewritten inside the audited "
    "identity write that calls reindex_person (do_create_person, the identity actions)",
    "access/logins.py": "the login throttle counts failures before any account is known",
    "records/importer.py": "the importer: batches of justice rows, by the thousand",
    "records/store.py": "the importer's row writer (COPY on PostgreSQL)",
    "records/keys.py": "key material: the per-source keys that seal justice-record identity",
    "casework/defaults.py": "a program's casework defaults, seeded inside do_create_program "
    "(programs' program_created signal) and by migration 0003 with the historical models",
    "access/immutable.py": "the append-only mixin itself: its save() refuses or passes on",
    "demo.py": "the demo seeds fake personas",
    "people/identity_actions.py": "the person record's writes (issue 11), an actions module "
    "beside people/actions.py",
    "people/merge.py": "merging duplicates: re-seals and re-points every row of the absorbed "
    "person, append-only ones included (do_merge_people, do_undo_merge)",
}
DEMO = "demo.py"  # every app's demo module seeds the demo too


def _is_allowed(rel: str) -> bool:
    parts = rel.split("/")
    if "actions" in parts[:-1] or parts[-1] == "actions.py":
        return True
    return rel in ALLOWED or parts[-1] == DEMO


def _chain_names(node: ast.AST) -> set[str]:
    names: set[str] = set()
    while isinstance(node, ast.Attribute | ast.Call):
        if isinstance(node, ast.Call):
            node = node.func
            continue
        names.add(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        names.add(node.id)
    return names


def writes_in(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        receiver = node.func.value
        if name in ALWAYS or (name == "update" and _chain_names(receiver) & QUERYSET_HINTS):
            found.append((node.lineno, name))
    return found


def _modules() -> list[Path]:
    return [p for p in sorted(ROOT.rglob("*.py")) if "migrations" not in p.parts]


def test_it_finds_no_model_write_outside_actions() -> None:
    stray = [
        f"openlead/{rel}:{line} .{name}()"
        for path in _modules()
        if not _is_allowed(rel := str(path.relative_to(ROOT)))
        for line, name in writes_in(path.read_text(encoding="utf-8"))
    ]
    assert stray == [], "model writes belong in an actions module:\n" + "\n".join(stray)


@pytest.mark.parametrize("rel", sorted(ALLOWED))
def test_it_keeps_no_stale_allowlist_entry(rel: str) -> None:
    path = ROOT / rel
    assert path.exists() and writes_in(path.read_text(encoding="utf-8")), rel


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("person.save(update_fields=['status'])", [(1, "save")]),
        ("Note.objects.create(text=b'')", [(1, "create")]),
        ("Referral.objects.filter(pk=1).update(status='x')", [(1, "update")]),
        ("qs.select_for_update().update(n=1)", [(1, "update")]),
        ("row.delete()", [(1, "delete")]),
        ("fields.update({'a': 1})", []),  # a dict
        ("digest.update(b'x')", []),  # hashlib
    ],
)
def test_it_tells_model_writes_from_other_calls(
    source: str, expected: list[tuple[int, str]]
) -> None:
    assert writes_in(source) == expected
