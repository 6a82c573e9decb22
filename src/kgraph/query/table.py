"""Terminal tables that keep their columns when cells hold Arabic (or any right-to-left) text.

* Widths are counted in terminal cells: combining marks (Arabic harakat), format characters and zero-width
  joiners take none, wide East Asian characters take two.
* A cell holding right-to-left letters is wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, so a
  terminal that applies the Unicode bidi algorithm reorders the text inside the cell only, never the columns
  around it; cells of left-to-right text are written as they are.
* Control characters (newlines, escape sequences) are shown as spaces or ``\\uFFFD`` and cannot reach the
  terminal; long cells are cut to ``max_width`` cells with an ellipsis.

>>> print(render_table(["who", "label"], [["kga:isis", "داعش"], ["kga:sdf", "SDF"]]))
who      | label
---------+------
kga:isis | \u2068داعش\u2069
kga:sdf  | SDF
(2 rows)
"""

from __future__ import annotations

import unicodedata

#: Widest cell of a terminal table, in terminal cells; longer text is cut with "…".
TABLE_CELL_MAX = 80
_FSI, _PDI = "\u2068", "\u2069"


def cell_width(text: str) -> int:
    """Terminal cells ``text`` takes.

    >>> cell_width("داعشٌ"), cell_width("ab"), cell_width("中")
    (4, 2, 2)
    """
    width = 0
    for c in text:
        if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(c) in "WF" else 1
    return width


def _is_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def _clean(text: str, max_width: int) -> str:
    out = []
    for c in text:
        cat = unicodedata.category(c)
        if c in "\t\n\r\v\f":
            out.append(" ")
        elif cat == "Cc" or c in "\u2028\u2029":
            out.append("\ufffd")
        else:
            out.append(c)
    clean = "".join(out)
    if cell_width(clean) <= max_width:
        return clean
    cut, width = [], 0
    for c in clean:
        w = cell_width(c)
        if width + w > max_width - 1:
            break
        cut.append(c)
        width += w
    return "".join(cut) + "…"


def render_table(header: list[str], rows: list[list[str]], *, max_width: int = TABLE_CELL_MAX) -> str:
    """``rows`` under ``header`` as an aligned text table, with a row count line at the end."""
    cells = [[_clean(c, max_width) for c in r] for r in [header, *rows]]
    widths = [max(cell_width(r[i]) for r in cells) for i in range(len(header))]

    def line(r: list[str]) -> str:
        parts = []
        for c, w in zip(r, widths, strict=True):
            shown = _FSI + c + _PDI if _is_rtl(c) else c
            parts.append(shown + " " * (w - cell_width(c)))
        return " | ".join(parts).rstrip()

    sep = "-+-".join("-" * w for w in widths)
    n = len(rows)
    return "\n".join([line(cells[0]), sep, *(line(r) for r in cells[1:]), f"({n} row{'' if n == 1 else 's'})"])
