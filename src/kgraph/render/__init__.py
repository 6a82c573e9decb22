"""Rendering: the interactive, self-contained HTML page of a graph."""

from kgraph.render.html import render_html

__all__ = ["render_html"]
