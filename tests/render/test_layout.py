"""Positions for the explorer: deterministic, spread, linear at scale, room for the important labels."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from kgraph.render.layout import _force_layout, _grid_repulsion, _kernel, component_layout, make_room


def _exact_repulsion(pos: np.ndarray, k2: float) -> np.ndarray:
    d = pos[:, None, :] - pos[None, :, :]
    r2 = (d ** 2).sum(axis=2)
    np.fill_diagonal(r2, np.inf)
    return (d * (k2 / r2)[:, :, None]).sum(axis=1)


@pytest.mark.parametrize("seed", [1, 2])
def test_layout_grid_repulsion_follows_the_exact_forces(seed: int) -> None:
    # the particle–mesh forces point where the pairwise ones do (what a large layout relies on)
    pos = np.random.default_rng(seed).random((800, 2))
    exact = _exact_repulsion(pos, 1 / 800)
    grid = _grid_repulsion(pos, 1 / 800, _kernel(128), 128)
    cos = (exact * grid).sum(axis=1) / (np.linalg.norm(exact, axis=1) * np.linalg.norm(grid, axis=1))
    assert np.median(cos) > 0.9
    assert 0.5 < np.median(np.linalg.norm(grid, axis=1) / np.linalg.norm(exact, axis=1)) < 2


def _random_component(n: int, m: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = random.Random(seed)
    edges = {(i, rng.randrange(i)) for i in range(1, n)}  # a spanning tree: one component
    while len(edges) < m:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            edges.add((a, b))
    src, dst = zip(*sorted(edges), strict=True)
    return np.array(src), np.array(dst)


@pytest.mark.parametrize(("n", "m"), [(400, 800), (4000, 6000)])
def test_layout_component_is_deterministic_and_spread(n: int, m: int) -> None:
    src, dst = _random_component(n, m, seed=n)
    pos = component_layout(n, src, dst, seed=3)
    assert np.array_equal(pos, component_layout(n, src, dst, seed=3))
    assert np.isfinite(pos).all() and pos.min() >= 0 and pos.max() <= 1
    # no pile-up: few nodes closer to their nearest other node than a tenth of the ideal distance 1/sqrt(n)
    cells = np.floor(pos * math.sqrt(n) * 10).astype(int)
    assert len({tuple(c) for c in cells}) > 0.9 * n
    # edges are short: neighbours lie closer than random pairs
    rng = np.random.default_rng(0)
    other = rng.permutation(n)
    assert np.linalg.norm(pos[src] - pos[dst], axis=1).mean() < 0.5 * np.linalg.norm(pos - pos[other], axis=1).mean()


def test_layout_force_layout_uses_the_grid_above_the_exact_limit() -> None:
    # 20,000 nodes: pairwise repulsion would need 400 million pairs per step; the grid keeps it linear
    n = 20_000
    src, dst = _random_component(n, 3 * n, seed=5)
    pos = _force_layout(n, src, dst, rng=np.random.default_rng(1), iterations=3)
    assert pos.shape == (n, 2) and np.isfinite(pos).all()


def test_layout_make_room_clears_the_label_boxes() -> None:
    # two hubs with long labels among small nodes: afterwards no small node lies in a hub's box
    rng = np.random.default_rng(4)
    pos = [tuple(p) for p in rng.random((60, 2))]
    boxes = [(220.0, 60.0), (180.0, 60.0)] + [(16.0, 16.0)] * 58
    out = np.array(make_room(pos, boxes))
    extent = out.max(axis=0) - out.min(axis=0)
    scale = min(580 / extent[0], 600 / extent[1])
    for hub in (0, 1):
        half = np.array(boxes[hub]) / scale / 2
        inside = (np.abs(out - out[hub]) < half + 8 / scale / 2).all(axis=1)
        inside[hub] = False
        assert inside.sum() <= 2, (hub, inside.sum())
    assert make_room(pos, boxes) == make_room(pos, boxes)
