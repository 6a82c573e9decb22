"""Node positions for the explorer, computed in Python (numpy), deterministic, linear in the graph's size.

Each connected component is laid out on its own and the components are packed in rows, largest first:

* up to :data:`STRESS_MAX` nodes: stress majorization (SMACOF, weights 1/d²), started on a circle — node
  distances follow graph distances, which reads best on small graphs;
* above: pivot MDS (breadth-first distances to :data:`PIVOTS` far-apart pivots, then a classical MDS of that
  n × k matrix; Brandes & Pich 2006) for the global shape, refined by Fruchterman–Reingold steps whose repulsion
  is exact up to :data:`EXACT_MAX` nodes and, above, read from a density grid convolved with the 1/r force
  kernel by FFT (particle–mesh) — O(n + m + G² log G) per step instead of O(n²).

Lone actors (no relation) are not laid out by the explorer (it lists them in a panel); :func:`layout` still
gives them places in a grid after the components so that every node has one.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from kgraph.unionfind import DisjointSets

#: Components up to this size are laid out by stress majorization.
STRESS_MAX = 150
#: Above this size, force-directed repulsion is read from a density grid (particle–mesh) instead of pairs.
EXACT_MAX = 1500
#: Pivots of the pivot MDS start of large components.
PIVOTS = 40


def _stress_layout(n: int, src: Any, dst: Any, *, iterations: int = 300) -> Any:
    """Stress majorization of one connected component in the unit square (deterministic, no seed)."""
    import numpy as np

    dist = _bfs_matrix(n, src, dst, range(n)).T.astype(float)
    sq = dist ** 2
    angle = np.linspace(0.0, 2 * math.pi, n, endpoint=False)  # start on a circle, as networkx's Kamada–Kawai
    x = np.stack([np.cos(angle), np.sin(angle)], axis=1) * (float(dist.max()) / 2)
    weights = np.zeros_like(dist)
    np.divide(1.0, sq, out=weights, where=sq > 0)
    laplacian = -weights
    laplacian[np.diag_indices(n)] = weights.sum(axis=1)
    v_pinv = np.linalg.pinv(laplacian)
    last = math.inf
    for _ in range(iterations):
        diff = x[:, None, :] - x[None, :, :]
        now = np.sqrt((diff ** 2).sum(axis=2))
        np.maximum(now, 1e-9, out=now)
        b = -weights * dist / now
        b[np.diag_indices(n)] = 0.0
        b[np.diag_indices(n)] = -b.sum(axis=1)
        x = v_pinv @ (b @ x)
        stress = float((weights * (now - dist) ** 2).sum())
        if last - stress < 1e-5 * last:
            break
        last = stress
    return _unit(x)


def _csr(n: int, src: Any, dst: Any) -> tuple[Any, Any]:
    """Undirected adjacency of ``n`` nodes as (row pointers, neighbour indices)."""
    import numpy as np

    a = np.concatenate([src, dst])
    b = np.concatenate([dst, src])
    order = np.argsort(a, kind="stable")
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(a, minlength=n), out=ptr[1:])
    return ptr, b[order]


def _bfs_matrix(n: int, src: Any, dst: Any, starts: Any, *, csr: tuple[Any, Any] | None = None) -> Any:
    """Breadth-first hop distances from each of ``starts`` to every node: an ``n × len(starts)`` array
    (unreached nodes: the largest distance + 1). Each level is one vectorised step over the frontier's edges."""
    import numpy as np

    ptr, nbr = csr if csr is not None else _csr(n, src, dst)
    starts = list(starts)
    out = np.full((n, len(starts)), -1, dtype=np.int32)
    for col, s in enumerate(starts):
        dist = out[:, col]
        dist[s] = 0
        frontier = np.array([s], dtype=np.int64)
        level = 0
        while frontier.size:
            level += 1
            counts = ptr[frontier + 1] - ptr[frontier]
            if not counts.sum():
                break
            idx = np.repeat(ptr[frontier] - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
            cand = nbr[idx]
            cand = np.unique(cand[dist[cand] < 0])
            dist[cand] = level
            frontier = cand
        dist[dist < 0] = level + 1
    return out


def _pivot_mds(n: int, src: Any, dst: Any, *, pivots: int = PIVOTS) -> Any:
    """A 2-D embedding whose distances follow hop distances, from ``pivots`` far-apart pivots (max–min
    choice, starting at the node of highest degree)."""
    import numpy as np

    k = min(pivots, n)
    degree = np.bincount(np.concatenate([src, dst]), minlength=n)
    csr = _csr(n, src, dst)
    chosen = [int(np.argmax(degree))]
    cols = [_bfs_matrix(n, src, dst, chosen, csr=csr)[:, 0].astype(np.float64)]
    nearest = cols[0].copy()
    while len(chosen) < k:
        nxt = int(np.argmax(nearest))
        if nearest[nxt] <= 0:
            break
        chosen.append(nxt)
        cols.append(_bfs_matrix(n, src, dst, [nxt], csr=csr)[:, 0].astype(np.float64))
        np.minimum(nearest, cols[-1], out=nearest)
    d2 = np.stack(cols, axis=1) ** 2
    c = d2 - d2.mean(axis=0) - d2.mean(axis=1, keepdims=True) + d2.mean()
    c *= -0.5
    u, s, _ = np.linalg.svd(c, full_matrices=False)
    coords = u[:, :2] * s[:2]
    if coords.shape[1] < 2:
        coords = np.concatenate([coords, np.zeros((n, 2 - coords.shape[1]))], axis=1)
    for j in range(2):  # fix the sign so that the same graph always faces the same way
        if coords[chosen[0], j] > 0:
            coords[:, j] = -coords[:, j]
    return coords


def _grid_repulsion(pos: Any, k2: float, kernel: Any, grid: int) -> Any:
    """Fruchterman–Reingold repulsion (k²/d along the separation) of every node from every other, read from
    the node density on a ``grid × grid`` mesh (bilinear deposit and read-back) convolved with the force
    kernel by FFT; ``kernel`` is :func:`_kernel` of the same grid."""
    import numpy as np

    lo = pos.min(axis=0)
    span = float((pos.max(axis=0) - lo).max()) or 1.0
    cell = span * 1.0001 / (grid - 1)
    g = (pos - lo) / cell
    i0 = np.floor(g).astype(np.int64)
    np.clip(i0, 0, grid - 2, out=i0)
    f = g - i0
    w = [((1 - f[:, 0]) * (1 - f[:, 1]), 0, 0), (f[:, 0] * (1 - f[:, 1]), 1, 0),
         ((1 - f[:, 0]) * f[:, 1], 0, 1), (f[:, 0] * f[:, 1], 1, 1)]
    size = 2 * grid
    flat = [(i0[:, 0] + a) * size + (i0[:, 1] + b) for _, a, b in w]
    density = np.zeros(size * size)
    for (wt, _, _), at in zip(w, flat, strict=True):
        density += np.bincount(at, weights=wt, minlength=size * size)
    rho = np.fft.rfft2(density.reshape(size, size))
    scale = k2 / cell
    out = np.zeros_like(pos)
    for axis in range(2):
        field = np.fft.irfft2(rho * kernel[axis], s=(size, size)).ravel() * scale
        for (wt, _, _), at in zip(w, flat, strict=True):
            out[:, axis] += wt * field[at]
    return out


def _kernel(grid: int) -> Any:
    """FFTs of the x and y force kernels (d / |d|² in cell units, 0 at the origin) on a zero-padded mesh."""
    import numpy as np

    size = 2 * grid
    off = np.arange(size)
    off = np.where(off < grid, off, off - size).astype(np.float64)
    dx, dy = np.meshgrid(off, off, indexing="ij")
    r2 = dx * dx + dy * dy
    r2[0, 0] = 1.0
    kx, ky = dx / r2, dy / r2
    kx[0, 0] = ky[0, 0] = 0.0
    return np.stack([np.fft.rfft2(kx), np.fft.rfft2(ky)])


def _force_layout(n: int, src: Any, dst: Any, *, rng: Any, iterations: int, start: Any = None,
                  temperature: float = 0.1) -> Any:
    """Fruchterman–Reingold in about the unit square, from ``start`` (or seeded random places): exact repulsion
    up to :data:`EXACT_MAX` nodes, particle–mesh repulsion above; attraction along the edges."""
    import numpy as np

    pos = rng.random((n, 2)) if start is None else _unit(np.asarray(start, dtype=np.float64))
    k2 = 1.0 / n
    k = math.sqrt(k2)
    temp = temperature
    step = temp / (iterations + 1)
    grid = int(min(512, max(64, 2 ** math.ceil(math.log2(math.sqrt(n) * 1.5)))))
    kernel = _kernel(grid) if n > EXACT_MAX else None
    for _ in range(iterations):
        if kernel is None:
            dx = np.subtract.outer(pos[:, 0], pos[:, 0])
            dy = np.subtract.outer(pos[:, 1], pos[:, 1])
            f = dx * dx + dy * dy
            np.maximum(f, 1e-9, out=f)
            np.divide(k2, f, out=f)
            disp = np.stack([np.einsum("ij,ij->i", dx, f), np.einsum("ij,ij->i", dy, f)], axis=1)
        else:
            disp = _grid_repulsion(pos, k2, kernel, grid)
        if len(src):
            de = pos[src] - pos[dst]
            att = de * (np.sqrt((de * de).sum(axis=1)) / k)[:, None]
            for axis in range(2):
                disp[:, axis] += np.bincount(dst, weights=att[:, axis], minlength=n)
                disp[:, axis] -= np.bincount(src, weights=att[:, axis], minlength=n)
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), 1e-12)
        disp *= (np.minimum(length, temp) / length)[:, None]
        pos += disp
        temp -= step
    return _unit(pos)


def _unit(x: Any) -> Any:
    """``x`` moved and scaled into the unit square (aspect kept)."""
    x = x - x.min(axis=0)
    return x / (float(x.max()) or 1.0)


def _components(n: int, edges: Sequence[tuple[int, int]]) -> list[list[int]]:
    sets: DisjointSets[int] = DisjointSets(range(n))
    for a, b in edges:
        sets.union(a, b)
    return sorted(sets.groups(range(n)), key=lambda c: (-len(c), c[0]))


def component_layout(n: int, src: Any, dst: Any, *, seed: int = 7) -> Any:
    """Positions (an ``n × 2`` array in the unit square) of one connected component with edges
    ``src[i] → dst[i]`` (local indices)."""
    import numpy as np

    if n == 1:
        return np.zeros((1, 2))
    if n <= STRESS_MAX:
        return _stress_layout(n, src, dst)
    rng = np.random.default_rng(seed)
    start = _pivot_mds(n, src, dst)
    start += rng.normal(scale=1e-3 * (float(np.ptp(start)) or 1.0), size=start.shape)  # split equal places
    iterations = 80 if n <= EXACT_MAX else 50
    return _force_layout(n, src, dst, rng=rng, iterations=iterations, start=start, temperature=0.05)


def layout(n: int, edges: Sequence[tuple[int, int]], *, seed: int = 7) -> list[tuple[float, float]]:
    """Positions of nodes ``0..n-1``, about one unit apart, deterministic for ``seed``.

    Each connected component is laid out on its own (:func:`component_layout`) in a square of side ≈ √size and
    the squares are packed in rows, largest first, so small components and lone nodes do not squash the big
    one; lone nodes come last, in a grid.

    >>> pos = layout(4, [(0, 1), (1, 2)])
    >>> len(pos), pos == layout(4, [(0, 1), (1, 2)])
    (4, True)
    """
    import numpy as np

    comps = _components(n, edges)
    singles = [c[0] for c in comps if len(c) == 1]
    comps = [c for c in comps if len(c) > 1]
    owner = {v: k for k, comp in enumerate(comps) for v in comp}
    comp_edges: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b in edges:
        if a != b:
            comp_edges[owner[a]].append((a, b))
    boxes: list[tuple[float, dict[int, tuple[float, float]]]] = []
    for k, comp in enumerate(comps):
        local = {v: i for i, v in enumerate(comp)}
        es = comp_edges[k]
        src = np.array([local[a] for a, _ in es], dtype=np.int64)
        dst = np.array([local[b] for _, b in es], dtype=np.int64)
        side = math.sqrt(len(comp)) * (1.6 if len(comp) < 50 else 1.0)
        pos = component_layout(len(comp), src, dst, seed=seed)
        boxes.append((side, {v: (float(pos[i, 0]) * side, float(pos[i, 1]) * side) for i, v in enumerate(comp)}))
    if singles:
        cols = max(1, math.ceil(math.sqrt(len(singles))))
        side = float(cols - 1) * 1.1
        boxes.append((side, {v: (float(i % cols) * 1.1, float(i // cols) * 1.1) for i, v in enumerate(singles)}))
    total = sum((side + 1.5) ** 2 for side, _ in boxes)
    width = max(max((side + 1.5 for side, _ in boxes), default=1.0), math.sqrt(total) * 1.2)
    out: list[tuple[float, float]] = [(0.0, 0.0)] * n
    x = y = row = 0.0
    for side, pos in boxes:
        if x > 0 and x + side > width:
            x, y, row = 0.0, y + row + 1.5, 0.0
        for v, (px, py) in pos.items():
            out[v] = (x + px, y + py)
        x += side + 1.5
        row = max(row, side)
    return out




#: The canvas the first view is planned for (pixels): the graph area of a 1400 × 820 window, less the margins
#: the page keeps for labels.
FIRST_VIEW = (580.0, 600.0)
#: Most nodes :func:`make_room` makes room for (the page labels the most important first).
ROOM_MAX = 40


def make_room(pos: Sequence[tuple[float, float]], boxes: Sequence[tuple[float, float]], *,
              iterations: int = 100, canvas: tuple[float, float] = FIRST_VIEW) -> list[tuple[float, float]]:
    """Move nodes apart so that, when the graph is fitted to ``canvas``, a box of ``boxes[i]`` pixels
    (width, height) centred on node ``i`` overlaps no other node's box: room for the labels of the most important
    actors at their on-screen size. Pairs are pushed apart along the axis of least overlap (as PRISM does);
    O(iterations × n × k) for the k nodes with a label box. Deterministic.

    >>> make_room([(0.0, 0.0), (0.1, 0.0)], [(120.0, 30.0), (120.0, 30.0)])[1][0] > 0.1
    True
    """
    import numpy as np

    n = len(pos)
    if n < 2:
        return list(pos)
    x = np.array(pos, dtype=np.float64)
    size = np.array(boxes, dtype=np.float64)
    big = np.argsort(-(size[:, 0] * size[:, 1]), kind="stable")[: min(ROOM_MAX, n)]
    start = np.maximum(x.max(axis=0) - x.min(axis=0), 1e-9)
    for _ in range(iterations):
        # the first view shrinks as the graph spreads: plan for that, but only up to twice the starting extent,
        # or a crowded graph would push itself apart for ever (it then keeps some overlaps for zooming to solve)
        extent = np.minimum(np.maximum(x.max(axis=0) - x.min(axis=0), 1e-9), 2 * start)
        scale = min(canvas[0] / extent[0], canvas[1] / extent[1])  # pixels per unit in the first view
        half = size / scale / 2
        moved = False
        for i in big:
            d = x - x[i]
            over_x = half[i, 0] + half[:, 0] - np.abs(d[:, 0])
            over_y = half[i, 1] + half[:, 1] - np.abs(d[:, 1])
            hit = (over_x > 0) & (over_y > 0)
            hit[i] = False
            if not hit.any():
                continue
            moved = True
            idx = np.nonzero(hit)[0]
            along_x = over_x[idx] * half[i, 1] < over_y[idx] * half[i, 0]  # the cheaper way out
            push = np.zeros((len(idx), 2))
            sx = np.where(d[idx, 0] >= 0, 1.0, -1.0)
            sy = np.where(d[idx, 1] >= 0, 1.0, -1.0)
            push[:, 0] = np.where(along_x, sx * over_x[idx], 0.0)
            push[:, 1] = np.where(along_x, 0.0, sy * over_y[idx])
            x[idx] += push * 0.5
            x[i] -= push.sum(axis=0) * 0.5 / max(1, len(idx))
        if not moved:
            break
    return [(float(a), float(b)) for a, b in x]


__all__ = ["EXACT_MAX", "FIRST_VIEW", "PIVOTS", "ROOM_MAX", "STRESS_MAX", "component_layout", "layout", "make_room"]
