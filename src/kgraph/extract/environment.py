"""What the rules of a document may consult besides its text: the gazetteer and the schema."""

from __future__ import annotations

from dataclasses import dataclass

from kgraph.gazetteer import Gazetteer
from kgraph.schema import Schema


@dataclass(frozen=True)
class Environment:
    """The gazetteer and the schema of a pipeline (loaded once, shared by every document)."""

    gazetteer: Gazetteer
    schema: Schema


__all__ = ["Environment"]
