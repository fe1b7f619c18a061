"""Counting a persona's taps in the browser tests (issue 11): a tap is a click, a check or a
choice from a list; typing a fact is counted apart; screens are page heights / 844."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PHONE_HEIGHT = 844


@dataclass
class Counted:
    """The page, with every tap and typed fact counted and each screen's height kept."""

    page: Any
    taps: list[str] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)
    heights: dict[str, int] = field(default_factory=dict)

    def tap(self, selector: str) -> None:
        self.taps.append(selector)
        self.page.click(selector)

    def check(self, selector: str) -> None:
        self.taps.append(selector)
        self.page.check(selector)

    def choose(self, selector: str, label: str) -> None:
        self.taps.append(selector)
        self.page.select_option(selector, label=label)

    def type(self, selector: str, text: str) -> None:
        self.typed.append(selector)
        self.page.fill(selector, text)

    def measure(self, screen: str) -> None:
        self.heights[screen] = int(self.page.evaluate("document.documentElement.scrollHeight"))
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{screen} scrolls sideways at 390 px ({width} px wide)"

    def screens(self, screen: str) -> float:
        return round(self.heights[screen] / PHONE_HEIGHT, 1)

    def step(self) -> tuple[int, int]:
        """Taps and typed facts since the last step, then start counting afresh."""
        counts = (len(self.taps), len(self.typed))
        self.taps, self.typed = [], []
        return counts
