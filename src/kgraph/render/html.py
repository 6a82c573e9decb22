"""A graph → one self-contained, interactive HTML page (the explorer).

The page needs no network: vis-network (shipped in the pyvis package) and the explorer's own script and
style (``explorer.js``, ``explorer.css`` next to this module) are inlined. Node positions are computed here
(:func:`layout`), so the page draws at once instead of waiting for a physics simulation.

Safety: every piece of text (labels, aliases, evidence, document titles, speakers) travels as JSON inside a
``<script type="application/json">`` block with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page
inserts it with ``textContent`` (or vis-network's canvas and ``innerText`` tooltips) only — never as HTML.

The payload is built from a :class:`~kgraph.model.Corpus` (what ``kgraph build`` writes, with every evidence
sentence of every edge), from a bare networkx projection, or from an RDF output folder
(:mod:`kgraph.render.rdf`).
"""

from __future__ import annotations

import functools
import html
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from kgraph.errors import OutputError
from kgraph.model import Corpus

#: Colour and vis-network shape of each actor class (unknown classes: grey dot).
CLASS_STYLES: dict[str, tuple[str, str]] = {
    "Person": ("#e07a5f", "dot"),
    "Organization": ("#3d5a80", "square"),
    "Government": ("#2a9d8f", "hexagon"),
    "ArmedGroup": ("#c1121f", "triangle"),
    "Coalition": ("#7b2cbf", "star"),
    "Media": ("#8d99ae", "square"),
    "Military": ("#1d3557", "triangleDown"),
    "Place": ("#52b788", "diamond"),
    "Country": ("#40916c", "diamond"),
    "Province": ("#74c69d", "diamond"),
    "City": ("#95d5b2", "diamond"),
    "Facility": ("#dda15e", "square"),
    "Camp": ("#bc6c25", "square"),
    "Prison": ("#7f5539", "square"),
    "Event": ("#ffb703", "star"),
    "Meeting": ("#fb8500", "star"),
    "Attack": ("#d62828", "star"),
    "Group": ("#b5838d", "dot"),
    "Actor": ("#6c757d", "dot"),
}
#: Colour of each core relation property; a sub-property takes its core property's colour.
PROPERTY_COLORS: dict[str, str] = {
    "supports": "#2a9d8f", "opposes": "#d62828", "threatens": "#f77f00", "meets": "#457b9d",
    "participatesIn": "#e9c46a", "memberOf": "#6c757d", "leads": "#7b2cbf", "locatedIn": "#95d5b2",
    "requests": "#9d4edd", "controls": "#7f5539",
}
_OTHER_COLOR = "#999999"
_ASSETS = Path(__file__).resolve().parent


@dataclass(frozen=True)
class ExplorerNode:
    """One actor as the explorer shows it. ``documents``: ids of the documents it is mentioned in."""

    id: str
    label_en: str = ""
    label_ar: str = ""
    type: str = "Actor"
    mentions: int = 0
    documents: tuple[str, ...] = ()
    document_count: int = 0
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExplorerEvidence:
    """One assertion of an edge: the sentence, who said it, when, where, and its flags."""

    text: str
    doc: str = ""
    speaker: str = ""
    date: str = ""
    negated: bool = False
    hedged: bool = False


@dataclass(frozen=True)
class ExplorerData:
    """Everything the page shows, before layout: nodes, fact edges, their evidence, the documents."""

    nodes: Mapping[str, ExplorerNode]
    edges: Sequence[tuple[str, str, str]]
    evidence: Mapping[tuple[str, str, str], Sequence[ExplorerEvidence]] = field(default_factory=dict)
    documents: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    family: Mapping[str, str] = field(default_factory=dict)

    def subgraph(self, node_ids: Iterable[str], *, edges: Iterable[tuple[str, str, str]] | None = None
                 ) -> ExplorerData:
        """The part of this data on ``node_ids`` and every edge among them; or, given ``edges``, those edges,
        ``node_ids`` and the ends of the edges."""
        keep = {n for n in node_ids if n in self.nodes}
        if edges is None:
            chosen = [e for e in self.edges if e[0] in keep and e[2] in keep]
        else:
            chosen = sorted(set(edges))
            keep |= {n for s, _, o in chosen for n in (s, o)}
        nodes = {n: self.nodes.get(n, ExplorerNode(id=n)) for n in sorted(keep)}
        return ExplorerData(nodes=nodes, edges=chosen, evidence=self.evidence, documents=self.documents,
                            family=self.family)


# ------------------------------------------------------------------------------------------------ sources
def data_from_corpus(corpus: Corpus, *, family: Mapping[str, str] | None = None) -> ExplorerData:
    """Explorer data of a corpus: the facts of :func:`kgraph.graph.to_networkx`, with every assertion of
    each fact (asserted, negated or hedged) as evidence."""
    from kgraph.graph import to_networkx

    g = to_networkx(corpus)
    data = data_from_networkx(g, family=family)
    dates = {d.id: d.date or "" for d in corpus.documents}
    evidence: dict[tuple[str, str, str], list[ExplorerEvidence]] = defaultdict(list)
    for a in corpus.assertions:
        r = a.relation
        evidence[(a.subject, a.predicate, a.object)].append(ExplorerEvidence(
            text=r.evidence, doc=r.doc_id, speaker=a.speaker or "", date=dates.get(r.doc_id, ""),
            negated=r.negated, hedged=r.hedged))
    nodes = {}
    for aid, node in data.nodes.items():
        actor = corpus.actors.get(aid)
        docs = tuple(sorted(actor.documents)) if actor is not None else ()
        nodes[aid] = ExplorerNode(id=aid, label_en=node.label_en, label_ar=node.label_ar, type=node.type,
                                  mentions=node.mentions, documents=docs,
                                  document_count=max(node.document_count, len(docs)),
                                  aliases=tuple(a for a in node.aliases if a not in (node.label_en, node.label_ar)))
    documents = {d.id: {"title": d.title or "", "date": d.date or "", "source": d.source}
                 for d in corpus.documents}
    return ExplorerData(nodes=nodes, edges=data.edges, evidence=dict(evidence), documents=documents,
                        family=data.family)


def data_from_networkx(g: nx.MultiDiGraph[str], *, family: Mapping[str, str] | None = None) -> ExplorerData:
    """Explorer data of a :func:`kgraph.graph.to_networkx` projection (evidence: each edge's first sentence)."""
    nodes = {}
    for n, d in g.nodes(data=True):
        aliases = tuple(a for a in str(d.get("aliases", "")).split(" | ") if a)
        label_en = str(d.get("label_en", "") or "")
        label_ar = str(d.get("label_ar", "") or "")
        if not label_en and not label_ar:
            label_en = str(d.get("label", "") or n)
        nodes[str(n)] = ExplorerNode(id=str(n), label_en=label_en, label_ar=label_ar,
                                     type=str(d.get("type", "Actor") or "Actor"),
                                     mentions=int(d.get("mentions", 0) or 0),
                                     document_count=int(d.get("documents", 0) or 0), aliases=aliases)
    edges = []
    evidence = {}
    for s, o, k, d in g.edges(keys=True, data=True):
        key = (str(s), str(k), str(o))
        edges.append(key)
        if d.get("evidence"):
            evidence[key] = [ExplorerEvidence(text=str(d["evidence"]), speaker=str(d.get("speakers", "")),
                                              date=str(d.get("first_date", "")))]
    return ExplorerData(nodes=nodes, edges=sorted(edges), evidence=evidence,
                        family=dict(family) if family is not None else default_families())


def default_families() -> dict[str, str]:
    """Each sub-property of the shipped ontology → its core property (``attacks`` → ``opposes``)."""
    from kgraph.schema import load_schema

    return load_schema().families()


# ------------------------------------------------------------------------------------------------ layout
def _force_layout(n: int, src: Any, dst: Any, *, rng: Any, iterations: int, start: Any = None,
                  temperature: float = 0.1) -> Any:
    """Fruchterman–Reingold in the unit square (numpy): exact repulsion up to 3,000 nodes, a seeded sample of
    1,500 repelling nodes per iteration above that; attraction along the edges only."""
    import numpy as np

    pos = (rng.random((n, 2)) if start is None else start).astype(np.float32)
    k2 = 1.0 / n
    k = math.sqrt(k2)
    temp = temperature
    step = temp / (iterations + 1)
    sample = 1500
    for _ in range(iterations):
        if n <= 3000:
            other, scale = pos, 1.0
        else:
            other, scale = pos[rng.choice(n, size=sample, replace=False)], n / sample
        dx = np.subtract.outer(pos[:, 0], other[:, 0])
        dy = np.subtract.outer(pos[:, 1], other[:, 1])
        f = dx * dx
        f += dy * dy
        np.maximum(f, np.float32(1e-9), out=f)
        np.divide(np.float32(k2 * scale), f, out=f)
        disp = np.stack([np.einsum("ij,ij->i", dx, f), np.einsum("ij,ij->i", dy, f)], axis=1)
        if len(src):
            de = pos[src] - pos[dst]
            att = de * (np.sqrt((de * de).sum(axis=1)) / np.float32(k))[:, None]
            np.add.at(disp, src, -att)
            np.add.at(disp, dst, att)
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), np.float32(1e-12))
        disp *= (np.minimum(length, np.float32(temp)) / length)[:, None]
        pos += disp.astype(np.float32)
        temp -= step
    pos -= pos.min(axis=0)
    span = float(pos.max()) or 1.0
    return pos / span


def _stress_layout(n: int, src: Any, dst: Any, *, iterations: int = 300) -> Any:
    """Stress majorization (SMACOF, weights 1/d²) of one connected component in the unit square: node
    distances follow graph distances, which reads better than forces on small graphs. Started on a circle, so
    it is deterministic without a seed."""
    import numpy as np

    neighbours: list[list[int]] = [[] for _ in range(n)]
    for a, b in zip(src.tolist(), dst.tolist(), strict=True):
        neighbours[a].append(b)
        neighbours[b].append(a)
    dist = np.zeros((n, n))
    for start in range(n):  # breadth-first distances
        seen = {start: 0}
        frontier = [start]
        while frontier:
            nxt = []
            for v in frontier:
                for w in neighbours[v]:
                    if w not in seen:
                        seen[w] = seen[v] + 1
                        nxt.append(w)
            frontier = nxt
        for v, d in seen.items():
            dist[start, v] = d
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
    x -= x.min(axis=0)
    return x / (float(x.max()) or 1.0)


def layout(n: int, edges: Sequence[tuple[int, int]], *, seed: int = 7) -> list[tuple[float, float]]:
    """Positions of nodes ``0..n-1``, about one unit apart, deterministic for ``seed``.

    Each connected component is laid out on its own (stress majorization up to 150 nodes,
    :func:`_stress_layout`; force-directed above, :func:`_force_layout`) in a square of side ≈ √size, and the squares are packed in rows,
    largest first, so small components and lone actors do not squash the big one.
    """
    import numpy as np

    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[find(i)].append(i)
    comps = sorted(groups.values(), key=lambda c: (-len(c), c[0]))
    singles = [c[0] for c in comps if len(c) == 1]
    comps = [c for c in comps if len(c) > 1]
    comp_edges: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b in edges:
        if a != b:
            comp_edges[find(a)].append((a, b))
    rng = np.random.default_rng(seed)
    boxes: list[tuple[float, dict[int, tuple[float, float]]]] = []
    for comp in comps:
        local = {v: i for i, v in enumerate(comp)}
        es = comp_edges[find(comp[0])]
        src = np.array([local[a] for a, _ in es], dtype=np.int64)
        dst = np.array([local[b] for _, b in es], dtype=np.int64)
        side = math.sqrt(len(comp)) * (1.6 if len(comp) < 50 else 1.0)
        iterations = 150 if len(comp) <= 500 else 60
        pos = _stress_layout(len(comp), src, dst) if len(comp) <= 150 else None
        if pos is None:
            pos = _force_layout(len(comp), src, dst, rng=rng, iterations=iterations)
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


# ------------------------------------------------------------------------------------------------ payload
def explorer_payload(data: ExplorerData, *, title: str = "kgraph", seed: int = 7) -> dict[str, Any]:
    """The JSON the page reads: nodes with positions, edges with evidence, documents, styles."""
    ids = sorted(data.nodes)
    index = {n: i for i, n in enumerate(ids)}
    edges = sorted({e for e in data.edges if e[0] in index and e[2] in index})
    pos = layout(len(ids), [(index[s], index[o]) for s, _, o in edges], seed=seed)
    unit = 130.0 if len(ids) < 300 else 90.0
    cx = sum(p[0] for p in pos) / len(pos) if pos else 0.0
    cy = sum(p[1] for p in pos) / len(pos) if pos else 0.0
    all_docs = set(data.documents)
    all_docs.update(d for n in ids for d in data.nodes[n].documents)
    all_docs.update(e.doc for key in edges for e in data.evidence.get(key, ()) if e.doc)
    doc_ids = {d: i for i, d in enumerate(sorted(all_docs))}
    doc_ref = doc_ids.__getitem__

    nodes: list[dict[str, Any]] = []
    for n in ids:
        node = data.nodes[n]
        x, y = pos[index[n]]
        nodes.append({
            "id": n, "en": node.label_en, "ar": node.label_ar, "type": node.type or "Actor",
            "mentions": node.mentions, "ndocs": max(node.document_count, len(node.documents)),
            "docs": [doc_ref(d) for d in node.documents], "aliases": list(node.aliases),
            "x": round((x - cx) * unit, 1), "y": round((y - cy) * unit, 1),
        })
    pair_count: dict[frozenset[str], int] = defaultdict(int)
    out_edges: list[dict[str, Any]] = []
    for s, p, o in edges:
        items = sorted(data.evidence.get((s, p, o), ()), key=lambda e: (e.date, e.doc, e.text, e.speaker))
        asserted = [e for e in items if not e.negated and not e.hedged]
        pair = frozenset((s, o))
        lane = pair_count[pair]
        pair_count[pair] += 1
        dates = sorted(e.date for e in items if e.date)
        out_edges.append({
            "from": s, "to": o, "p": p, "support": len(asserted) or max(1, len(items)),
            "assertions": len(items), "ndocs": len({e.doc for e in items if e.doc}),
            "first": dates[0] if dates else "", "last": dates[-1] if dates else "",
            "lane": lane,
            "ev": [{"t": e.text, "s": e.speaker, "d": e.date, "doc": doc_ref(e.doc) if e.doc else -1,
                    "neg": e.negated, "hedge": e.hedged} for e in items],
        })
    documents = []
    for doc in sorted(doc_ids, key=doc_ids.__getitem__):
        meta = data.documents.get(doc, {})
        documents.append({"id": doc, "title": meta.get("title", ""), "date": meta.get("date", ""),
                          "source": meta.get("source", "")})
    types = sorted({n["type"] for n in nodes})
    preds = sorted({e["p"] for e in out_edges})
    classes = {t: {"color": CLASS_STYLES.get(t, CLASS_STYLES["Actor"])[0],
                   "shape": CLASS_STYLES.get(t, CLASS_STYLES["Actor"])[1]} for t in types}
    properties = {}
    for p in preds:
        fam = data.family.get(p, p)
        properties[p] = {"family": fam, "color": PROPERTY_COLORS.get(fam, _OTHER_COLOR)}
    return {"title": title, "nodes": nodes, "edges": out_edges, "documents": documents,
            "classes": classes, "properties": properties}


# ------------------------------------------------------------------------------------------------ page
@functools.lru_cache(maxsize=1)
def vis_network_assets() -> tuple[str, str]:
    """``(vis-network.min.js, vis-network.css)`` shipped in the pyvis package (read once).

    The package is found, not imported: importing pyvis imports IPython (half a second of start-up).
    """
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise OutputError("the pyvis package is not installed", fix="pip install 'pyvis>=0.3.2,<0.4'")
    lib = Path(next(iter(spec.submodule_search_locations))).resolve() / "templates" / "lib"
    candidates = sorted(lib.glob("vis-*/vis-network.min.js"), key=lambda p: _version_key(p.parent.name))
    if not candidates:
        raise OutputError("vis-network.min.js not found in the pyvis package",
                          fix="reinstall pyvis: pip install --force-reinstall 'pyvis>=0.3.2'")
    js = candidates[-1]
    css = js.with_name("vis-network.css")
    return js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8") if css.exists() else ""


def vis_network_js() -> str:
    """The vis-network script shipped in the pyvis package."""
    return vis_network_assets()[0]


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in name.removeprefix("vis-").split("."))


@functools.lru_cache(maxsize=3)
def _asset(name: str) -> str:
    path = _ASSETS / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"explorer asset {name} missing from the kgraph package ({exc.strerror})",
                          fix="reinstall kgraph") from exc


def safe_json(data: Any) -> str:
    """JSON that can sit inside a ``<script>`` element: no ``<``, ``>``, ``&``, U+2028, U+2029 left raw."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            .replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _inline_script(code: str) -> str:
    # "</script" would end the element and "<!--" would change how the HTML parser reads it
    return code.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT").replace("<!--", "<\\!--")


def _inline_style(code: str) -> str:
    return code.replace("</style", "<\\/style")


def page_from_payload(payload: Mapping[str, Any]) -> str:
    """The HTML page of an :func:`explorer_payload`."""
    vis_js, vis_css = vis_network_assets()
    parts = {
        "__TITLE__": html.escape(str(payload.get("title", "kgraph"))),
        "__VIS_CSS__": _inline_style(vis_css),
        "__CSS__": _inline_style(_asset("explorer.css")),
        "__DATA__": safe_json(payload),
        "__VIS__": _inline_script(vis_js),
        "__JS__": _inline_script(_asset("explorer.js")),
    }
    page = _asset("explorer.html")
    # one pass, so a placeholder-like string inside the data is never substituted again
    out = []
    rest = page
    while True:
        hits = [(rest.find(k), k) for k in parts if rest.find(k) >= 0]
        if not hits:
            out.append(rest)
            break
        at, key = min(hits)
        out.append(rest[:at])
        out.append(parts[key])
        rest = rest[at + len(key):]
    return "".join(out)


def render_html(source: Corpus | nx.MultiDiGraph[str] | ExplorerData, *, title: str = "kgraph",
                family: Mapping[str, str] | None = None, seed: int = 7) -> str:
    """Return the self-contained explorer page of ``source``.

    Args:
        source: a :class:`~kgraph.model.Corpus` (every evidence sentence of every edge is shown), a
            :func:`kgraph.graph.to_networkx` projection (each edge's first sentence only), or
            :class:`ExplorerData` (e.g. from :func:`kgraph.render.rdf.data_from_rdf`).
        title: page title.
        family: sub-property → core property (edge colours); default: from the shipped ontology.
        seed: layout seed (same input and seed → same page).
    """
    if isinstance(source, Corpus):
        data = data_from_corpus(source, family=family)
    elif isinstance(source, ExplorerData):
        data = source
    else:
        data = data_from_networkx(source, family=family)
    return page_from_payload(explorer_payload(data, title=title, seed=seed))
