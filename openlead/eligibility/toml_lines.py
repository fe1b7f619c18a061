"""Find the line of a key in TOML source text.

tomllib returns plain dicts with no positions, yet a protocol author needs "line 14" to
fix a typo. This scans headers (`[a.b]`, `[[a.b]]`) and `key =` lines, skipping string
contents and multi-line arrays, and maps each key path to the line where it first
appears. It is forgiving by design: on text tomllib rejects it still gives a best guess.
"""

from __future__ import annotations

import re

KeyPath = tuple[str | int, ...]

_BARE = r"[A-Za-z0-9_-]+"
_PART = rf"""(?:{_BARE}|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_DOTTED = rf"{_PART}(?:[ \t]*\.[ \t]*{_PART})*"
_HEADER = re.compile(rf"[ \t]*(\[\[?)[ \t]*({_DOTTED})[ \t]*\]")
_KEY = re.compile(rf"[ \t]*({_DOTTED})[ \t]*=")
_PART_RE = re.compile(_PART)


def format_key(path: KeyPath) -> str:
    """`('a', 'b', 0, 'c')` -> `a.b[0].c`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(p[1:-1] if p[0] in "\"'" else p for p in _PART_RE.findall(dotted))


def _string_end(line: str, start: int) -> int:
    quote, index = line[start], start + 1
    while index < len(line):
        if quote == '"' and line[index] == "\\":
            index += 2
            continue
        if line[index] == quote:
            return index + 1
        index += 1
    return len(line)


class _ValueScanner:
    """Tracks multi-line strings and open brackets across lines."""

    def __init__(self) -> None:
        self.open_string: str | None = None
        self.depth = 0

    @property
    def busy(self) -> bool:
        return self.open_string is not None or self.depth > 0

    def consume(self, line: str) -> None:
        index = 0
        while index < len(line):
            if self.open_string is not None:
                end = line.find(self.open_string, index)
                if end < 0:
                    return
                index, self.open_string = end + 3, None
                continue
            char = line[index]
            if char == "#":
                return
            if line.startswith(('"""', "'''"), index):
                self.open_string, index = line[index : index + 3], index + 3
                continue
            if char in "\"'":
                index = _string_end(line, index)
                continue
            if char in "[{":
                self.depth += 1
            elif char in "]}":
                self.depth = max(0, self.depth - 1)
            index += 1


class KeyLocator:
    """Line numbers (1-based) of the keys and tables in one TOML text."""

    def __init__(self, text: str) -> None:
        self.source_lines = text.splitlines()
        self._lines: dict[KeyPath, int] = {}
        self._at_line: dict[int, KeyPath] = {}
        self._array_counts: dict[tuple[str, ...], int] = {}
        self._scan()

    def _scan(self) -> None:
        table: KeyPath = ()
        current: KeyPath = ()  # the key whose value may run over several lines
        scanner = _ValueScanner()
        for number, line in enumerate(self.source_lines, start=1):
            self._at_line[number] = current if scanner.busy else table
            if scanner.busy:
                scanner.consume(line)
            elif header := _HEADER.match(line):
                table = self._table_path(_parts(header.group(2)), header.group(1) == "[[")
                self._record(table, number)
                scanner.consume(line[header.end() :].lstrip("]"))
            elif line.lstrip().startswith("["):
                # A broken header: name what it tried to declare.
                self._at_line[number] = _parts(line.lstrip().lstrip("["))
            elif key := _KEY.match(line):
                current = table + _parts(key.group(1))
                self._record(current, number)
                scanner.consume(line[key.end() :])

    def _table_path(self, parts: tuple[str, ...], is_array: bool) -> KeyPath:
        path: list[str | int] = []
        for index, part in enumerate(parts):
            path.append(part)
            prefix = parts[: index + 1]
            if is_array and index == len(parts) - 1:
                self._array_counts[prefix] = self._array_counts.get(prefix, -1) + 1
                path.append(self._array_counts[prefix])
            elif prefix in self._array_counts:
                path.append(self._array_counts[prefix])
        return tuple(path)

    def _record(self, path: KeyPath, number: int) -> None:
        self._at_line[number] = path
        for end in range(1, len(path) + 1):
            if not self._lines.get(path[:end]):
                self._lines[path[:end]] = number

    def line_of(self, path: KeyPath) -> int:
        """The line of `path`, or of its nearest recorded parent; 1 for the top level."""
        for end in range(len(path), 0, -1):
            if self._lines.get(path[:end]):
                return self._lines[path[:end]]
        return 1

    def line_of_item(self, path: KeyPath, item: str) -> int:
        """The line of a string item inside the array at `path` (multi-line arrays)."""
        start = self.line_of(path)
        for number in range(start, min(start + 200, len(self.source_lines)) + 1):
            line = self.source_lines[number - 1]
            if f'"{item}"' in line or f"'{item}'" in line:
                return number
            if number > start and (_HEADER.match(line) or _KEY.match(line)):
                break
        return start

    def key_at(self, number: int) -> KeyPath:
        """The key or table header on line `number`, or the table that line belongs to."""
        return self._at_line.get(number, ())
