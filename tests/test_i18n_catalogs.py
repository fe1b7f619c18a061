"""The Spanish catalog (issue 14): the committed .mo matches its .po, every string the
covered templates ask for is translated, and no visible English is left unmarked in them."""

from __future__ import annotations

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

from tests.i18n_po import catalog_of, read_po, template_msgids

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "openlead" / "locale"
# The templates that must be complete in Spanish: the public pages, the error pages and
# what they include, and the participant portal once it exists. Add a page here when it
# is translated; a directory covers every .html under it.
TRANSLATED_TEMPLATES = (
    "openlead/templates/base.html",
    "openlead/templates/_language_switch.html",
    "openlead/templates/_error_summary.html",
    "openlead/templates/public_home.html",
    "openlead/templates/403.html",
    "openlead/templates/403_csrf.html",
    "openlead/templates/404.html",
    "openlead/templates/405.html",
    "openlead/templates/500.html",
    "openlead/templates/registration/login.html",
    "openlead/templates/registration/throttled.html",
    "openlead/templates/registration/locked.html",
    "openlead/referrals/templates/referrals/self.html",
    "openlead/referrals/templates/referrals/self_index.html",
    "openlead/referrals/templates/referrals/self_slow_down.html",
    "openlead/referrals/templates/referrals/self_thanks.html",
    "openlead/referrals/templates/referrals/_self_door_links.html",
    "openlead/referrals/templates/referrals/_what_happens.html",
    "openlead/referrals/templates/referrals/_field.html",
    "openlead/portal/templates",
    "openlead/accountability/templates/accountability/public.html",
)
# Words that read the same in every language: the product's name.
SAME_IN_EVERY_LANGUAGE = {"openlead"}
# Attributes a screen reader or a browser shows as text.
SHOWN_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}
LETTERS = re.compile(r"[^\W\d_]{2,}")


def covered_templates() -> list[Path]:
    found: list[Path] = []
    for name in TRANSLATED_TEMPLATES:
        path = ROOT / name
        if path.is_dir():
            found.extend(sorted(path.rglob("*.html")))
        elif not name.startswith("openlead/portal/"):
            assert path.is_file(), f"{name} is listed but missing"
            found.append(path)
    return found


def catalogs() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def _without_creation_date(catalog: dict[object, str]) -> dict[object, str]:
    # msgfmt leaves the POT-Creation-Date header out of the .mo; it is not a translation.
    header = "".join(
        line for line in catalog.get("", "").splitlines(True) if "POT-Creation-Date" not in line
    )
    return {**catalog, "": header}


def test_it_has_a_spanish_catalog() -> None:
    assert [p.relative_to(LOCALE).as_posix() for p in catalogs()] == ["es/LC_MESSAGES/django.po"]


@pytest.mark.parametrize("po", catalogs(), ids=lambda p: p.relative_to(LOCALE).as_posix())
def test_it_fails_when_a_compiled_catalog_is_stale(po: Path) -> None:
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"compile {po.name}: msgfmt -o {mo} {po}"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    expected = catalog_of(read_po(po))
    stale = sorted(
        str(k)
        for k in set(compiled) | set(expected)
        if _without_creation_date(compiled).get(k) != _without_creation_date(expected).get(k)
    )
    assert stale == [], f"{mo} differs from {po.name}: run msgfmt -o {mo} {po}"


def untranslated(po: Path, templates: list[Path]) -> list[str]:
    """The msgids the templates use that have no finished translation in `po`."""
    done = {entry.key for entry in read_po(po) if entry.translated}
    used = set().union(*(template_msgids(path) for path in templates))
    return sorted(used - done)


def test_it_leaves_no_string_of_the_covered_templates_untranslated() -> None:
    for po in catalogs():
        missing = untranslated(po, covered_templates())
        assert missing == [], f"translate these in {po} (make messages, docs/i18n.md)"


def test_it_counts_empty_fuzzy_and_missing_strings_as_untranslated(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr "Language: es\\n"\n\n'
        'msgid "Done"\nmsgstr "Hecho"\n\n'
        'msgid "Empty"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Fuzzy"\nmsgstr "Difuso"\n\n'
        'msgctxt "door"\nmsgid "Open"\nmsgstr "Abierta"\n',
        encoding="utf-8",
    )
    page = tmp_path / "page.html"
    page.write_text(
        '{% load i18n %}{% translate "Done" %}{% translate "Empty" %}{% translate "Fuzzy" %}'
        '{% translate "Open" context "door" %}{% blocktranslate %}Missing{% endblocktranslate %}'
    )
    assert untranslated(po, [page]) == ["Empty", "Fuzzy", "Missing"]


class _ShownText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.shown.extend(value or "" for name, value in attrs if name in SHOWN_ATTRIBUTES)

    def handle_data(self, data: str) -> None:
        self.shown.append(data)


def _outside_translate_tags(source: str) -> str:
    """The template with every tag, comment and translated block taken out: variables
    become "0" (a value, never words to translate), other tags nothing."""
    kept: list[str] = []
    skipping: str | None = None  # the end tag of the block being skipped
    for token in Lexer(source).tokenize():
        words = token.split_contents() if token.token_type == TokenType.BLOCK else []
        if skipping:
            skipping = None if words[:1] == [skipping] else skipping
        elif words[:1] in (["blocktranslate"], ["blocktrans"], ["comment"]):
            skipping = "end" + words[0]
        elif token.token_type == TokenType.TEXT:
            kept.append(token.contents)
        elif token.token_type == TokenType.VAR:
            kept.append("0")
    return "".join(kept)


def unmarked_text(path: Path) -> list[str]:
    parser = _ShownText()
    parser.feed(_outside_translate_tags(path.read_text(encoding="utf-8")))
    words = [" ".join(text.split()) for text in parser.shown]
    return [
        text
        for text in words
        if any(w not in SAME_IN_EVERY_LANGUAGE for w in LETTERS.findall(text))
    ]


@pytest.mark.parametrize("path", covered_templates(), ids=lambda p: p.name)
def test_it_leaves_no_visible_english_unmarked(path: Path) -> None:
    assert unmarked_text(path) == []


def test_it_finds_unmarked_english_so_the_check_above_means_something(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '{% load i18n %}<h1>{% translate "Fine" %}</h1><p title="Hover me">{{ name }} Hello</p>'
        "{% comment %}Not shown{% endcomment %}{% blocktranslate %}Also fine{% endblocktranslate %}"
    )
    assert unmarked_text(page) == ["Hover me", "0 Hello"]
