"""The explorer page as an object a notebook shows: :class:`Explorer`.

Jupyter shows an object through its ``_repr_html_``; the explorer is a whole page (its own scripts and
styles), so it is shown in an ``<iframe>`` whose ``srcdoc`` carries the page, escaped as an attribute value:
nothing of the page (labels, evidence sentences) can reach the notebook's own document, and the frame is
sandboxed to run scripts only. The page needs no network (its renderer is inlined).

>>> frame = Explorer(html="<p>a & b</p>", title="t")._repr_html_()
>>> frame[frame.index("srcdoc="):]
'srcdoc="&lt;p&gt;a &amp; b&lt;/p&gt;"></iframe>'
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Explorer:
    """A self-contained explorer page.

    Attributes:
        html: the page (what ``graph.html`` holds).
        title: its title.
        height: the height of the frame a notebook shows it in, in pixels.
    """

    html: str
    title: str = "kgraph"
    height: int = 640

    def _repr_html_(self) -> str:
        return (f'<iframe class="kgraph-explorer" title="{html.escape(self.title, quote=True)}" '
                f'sandbox="allow-scripts" style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" '
                f'srcdoc="{html.escape(self.html, quote=True)}"></iframe>')

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to ``path`` (atomically) and return the path.

        Raises:
            OSError: the file cannot be written.
        """
        from kgraph.atomic import write_text

        target = Path(path)
        write_text(target, self.html)
        return target


__all__ = ["Explorer"]
