"""A small reader for gettext .po files and the msgids templates use (tests/test_i18n.py).

polib would do the reading, but it is not a dependency, and a fresh machine has no GNU
gettext: this covers what makemessages writes (contexts, plurals, flags, obsolete entries).
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation.template import templatize

# What templatize turns {% translate %} and {% blocktranslate %} into, and where the
# msgid sits among each call's arguments.
_CALLS = {"gettext": 0, "ngettext": 0, "pgettext": 1, "npgettext": 1}


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        """The key gettext's catalog files it under (context, EOT, msgid)."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    @property
    def translated(self) -> bool:
        return "fuzzy" not in self.flags and bool(self.msgstr) and all(self.msgstr.values())


def _start(entries: list[Entry], current: Entry | None, flags: set[str]) -> Entry:
    if current is not None:
        entries.append(current)
    return Entry(msgid="", flags=flags)


def read_po(path: Path) -> list[Entry]:
    """Every live entry of the .po file, the header (msgid "") included."""
    entries: list[Entry] = []
    current: Entry | None = None
    flags: set[str] = set()
    target = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#,"):
            flags = {flag.strip() for flag in line[2:].split(",")}
        elif not line or line.startswith("#"):
            continue  # comments, and obsolete "#~" entries, which gettext leaves out
        elif line.startswith('"'):
            _append(current, target, ast.literal_eval(line))
        else:
            keyword, _, value = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and (
                current is None or keyword == "msgctxt" or target != "msgctxt"
            ):
                current, flags = _start(entries, current, flags), set()
            target = keyword
            _append(current, target, ast.literal_eval(value))
    if current is not None:
        entries.append(current)
    return entries


def _append(entry: Entry | None, target: str, text: str) -> None:
    assert entry is not None, "a string before any msgid"
    if target == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + text
    elif target == "msgid":
        entry.msgid += text
    elif target == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    else:  # msgstr or msgstr[n]
        index = int(target[7:-1]) if target.startswith("msgstr[") else 0
        entry.msgstr[index] = entry.msgstr.get(index, "") + text


def catalog_of(entries: list[Entry]) -> dict[object, str]:
    """The catalog a compiled .mo of these entries holds, in GNUTranslations' shape."""
    catalog: dict[object, str] = {}
    for entry in entries:
        if not entry.translated:
            continue  # msgfmt leaves out untranslated and fuzzy entries
        if entry.msgid_plural is None:
            catalog[entry.key] = entry.msgstr[0]
        else:
            catalog.update({(entry.key, n): text for n, text in entry.msgstr.items()})
    return catalog


def template_msgids(path: Path) -> set[str]:
    """The msgids (with any context) that a template's translate tags ask for."""
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(code).readline)
        if t.type in (tokenize.NAME, tokenize.STRING, tokenize.OP)
    ]
    found: set[str] = set()
    for i, token in enumerate(tokens[:-1]):
        if token.type == tokenize.NAME and token.string in _CALLS and tokens[i + 1].string == "(":
            strings = _string_arguments(tokens[i + 2 :])
            context, msgid = (
                (strings[0], strings[1]) if _CALLS[token.string] else (None, strings[0])
            )
            found.add(msgid if context is None else f"{context}\x04{msgid}")
    return found


def _string_arguments(tokens: list[tokenize.TokenInfo]) -> list[str]:
    strings: list[str] = []
    for token in tokens:
        if token.string == ")":
            break
        if token.type == tokenize.STRING:
            strings.append(ast.literal_eval(token.string))
    return strings
