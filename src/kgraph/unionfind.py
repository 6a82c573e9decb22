"""Disjoint sets (union-find with path halving) over ordered keys: the smaller root stays a group's root, so the
groups do not depend on the order of the unions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Generic, TypeVar

#: the keys: ids (str) or indices (int)
K = TypeVar("K", str, int)


class DisjointSets(Generic[K]):
    """Groups of keys; a key is its own group until :meth:`union` joins it to another."""

    def __init__(self, keys: Iterable[K] = ()) -> None:
        self.parent: dict[K, K] = {k: k for k in keys}

    def find(self, key: K) -> K:
        """The root of ``key``'s group (an unknown key becomes a group of its own)."""
        parent = self.parent
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(self, a: K, b: K) -> None:
        """Join the groups of ``a`` and ``b``; the smaller root stays."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self, keys: Iterable[K]) -> list[list[K]]:
        """``keys`` by group, each group in the order of ``keys``, the groups in the order of their first key."""
        out: dict[K, list[K]] = defaultdict(list)
        for k in keys:
            out[self.find(k)].append(k)
        return list(out.values())
