"""The HTML reader: main text, title and date, and its cost on sloppy markup."""

from __future__ import annotations

from typing import Any

import pytest

from kgraph.ingest import html as html_module


class _CountingList(list):  # type: ignore[type-arg]
    """A list that counts how many of its elements are looked at (by iteration or by index)."""

    looked = 0

    def __iter__(self) -> Any:
        for item in super().__iter__():
            _CountingList.looked += 1
            yield item

    def __getitem__(self, index: Any) -> Any:
        _CountingList.looked += 1
        return super().__getitem__(index)


@pytest.mark.parametrize("tags", [1_000, 4_000])
def test_html_issue13_unclosed_tags_cost_linear_work(monkeypatch: pytest.MonkeyPatch, tags: int) -> None:
    """A page of thousands of unclosed tags (429 KB took 33.6 s): the work per tag, text or stray end tag must
    not grow with the number of open elements."""
    original = html_module._Extractor.__init__

    def init(self: Any) -> None:
        original(self)
        self.stack = _CountingList()

    monkeypatch.setattr(html_module._Extractor, "__init__", init)
    _CountingList.looked = 0
    page = "<div><span>word " * tags + "</p></b>" * tags + "</div>"
    text = html_module.html_to_text(page).text
    assert text.split() == ["word"] * tags
    assert _CountingList.looked <= 10 * tags, _CountingList.looked  # quadratic was ~ tags**2 / 2


def test_html_issue13_end_tags_still_close_what_they_match() -> None:
    page = ("<article><div class='share'>Share this <b>now</div><p>Kept <i>text</p></article>"
            "<aside>dropped</aside><p>outside</p>")
    assert html_module.html_to_text(page).text == "Kept text"
