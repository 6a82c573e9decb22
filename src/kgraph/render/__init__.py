"""Rendering: the interactive, self-contained HTML explorer of a graph (see ``kgraph viz``)."""

from kgraph.render.html import ExplorerData, explorer_payload, render_html

__all__ = ["ExplorerData", "explorer_payload", "render_html"]
