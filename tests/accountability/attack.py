"""An attacker with the published CSV (and the page, which shows the same cells) who tries
to work out a hidden count exactly, by any linear combination of what is published:
subtraction over lines, over quarters and the year, across the three tables of referrals
(their quarter totals are the same people), and the shares, which are ratios of published
counts. Written apart from the code it attacks: numpy's rank, not the app's span."""

from __future__ import annotations

import csv
import io

import numpy as np

LINKED = {"doors": "doors", "groups": "groups", "widening": "charges"}
CHARGE_LINES = {"no_charge", "charge"}
SHARES = {
    "social_contact_share": ("doors", "social_contact"),
    "no_charge_share": ("charges", "no_charge"),
}


def published(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


class System:
    def __init__(self, rows: list[dict[str, str]]) -> None:
        self.quarters = sorted({r["quarter"] for r in rows if r["quarter"] != "year"})
        self.lines: dict[str, list[str]] = {}
        for r in rows:
            table = self._table(r)
            if table and r["line"] != "total" and r["kind"] == "count":
                self.lines.setdefault(table, [])
                if r["line"] not in self.lines[table]:
                    self.lines[table].append(r["line"])
        order = [(t, line, q) for t in self.lines for line in self.lines[t] for q in self.quarters]
        self.index = {key: i for i, key in enumerate(order)}
        self.equations: list[np.ndarray] = []
        self.hidden: list[tuple[str, str, str]] = []
        for r in rows:
            self._read(r)
        self._ties()

    @staticmethod
    def _table(r: dict[str, str]) -> str | None:
        if r["section"] == "widening":
            return "charges" if r["line"] in CHARGE_LINES else None
        return LINKED.get(r["section"])

    def _vector(self, cells: list[tuple[str, str, str]], weight: float = 1.0) -> np.ndarray:
        v = np.zeros(len(self.index))
        for key in cells:
            v[self.index[key]] += weight
        return v

    def _cells(self, t: str, line: str | None, q: str) -> list[tuple[str, str, str]]:
        lines = self.lines[t] if line is None else [line]
        quarters = self.quarters if q == "year" else [q]
        return [(t, a, b) for a in lines for b in quarters]

    def _read(self, r: dict[str, str]) -> None:
        table, value = self._table(r), r["value"]
        if r["line"] in SHARES and value not in ("", "hidden"):
            t, line = SHARES[r["line"]]
            p = float(value)
            part = self._vector(self._cells(t, line, r["quarter"]))
            whole = self._vector(self._cells(t, None, r["quarter"]))
            self.equations.append(part - p * whole)  # part = p * whole: linear, and known
            return
        if table is None or r["kind"] != "count":
            return
        line = None if r["line"] == "total" else r["line"]
        if value == "hidden":
            if line is not None and r["quarter"] != "year":
                self.hidden.append((table, line, r["quarter"]))
            return
        if value != "":
            self.equations.append(self._vector(self._cells(table, line, r["quarter"])))

    def _ties(self) -> None:
        tables = list(self.lines)
        for other in tables[1:]:
            for q in self.quarters:
                a = self._vector(self._cells(tables[0], None, q))
                b = self._vector(self._cells(other, None, q))
                self.equations.append(a - b)

    def recoverable(self) -> list[tuple[str, str, str]]:
        """The hidden cells whose unit vector lies in the span of what is published."""
        known = np.array(self.equations) if self.equations else np.zeros((0, len(self.index)))
        rank = np.linalg.matrix_rank(known)
        found = []
        for key in self.hidden:
            unit = self._vector([key])
            if np.linalg.matrix_rank(np.vstack([known, unit])) == rank:
                found.append(key)
        return found


def recover(text: str) -> tuple[list[tuple[str, str, str]], int]:
    """(the hidden cells an attacker can work out, how many cells were hidden)."""
    system = System(published(text))
    return system.recoverable(), len(system.hidden)
