"""kgraph's version: the one place it is written (the package metadata reads it too, see pyproject.toml)."""

__version__ = "0.1.0"
