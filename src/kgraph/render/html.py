"""A graph → one self-contained, interactive HTML page (the explorer).

The page needs no network: its renderer (vis-network from the pyvis package for small graphs, sigma.js and
graphology from the ipysigma package — WebGL — above the ``explorer_webgl_*`` settings; see
:mod:`kgraph.render.assets`) and the explorer's own script and style (``explorer.js``, ``explorer.css`` next to
this module) are inlined. Node positions are computed here (:mod:`kgraph.render.layout`), so the page draws at
once instead of waiting for a physics simulation; the page places the labels itself (level of detail by
importance, no two overlapping).

Safety: every piece of text (labels, aliases, evidence, document titles, speakers) travels as JSON inside
``<script type="application/json">`` blocks with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page
inserts it with ``textContent`` (or draws it on a canvas) only — never as HTML.

The payload is built from a :class:`~kgraph.model.Corpus` (what ``kgraph build`` writes, with every evidence
sentence of every edge), from a bare networkx projection, or from an RDF output folder
(:mod:`kgraph.render.rdf`).
"""

from __future__ import annotations

import html
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import networkx as nx

from kgraph import settings
from kgraph.model import Corpus
from kgraph.render.assets import explorer_asset, sigma_bundle, vis_network_assets
from kgraph.render.layout import layout, make_room

if TYPE_CHECKING:
    from kgraph.dedup import Stories

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
#: The renderers :func:`render_html` can use.
RENDERERS = ("auto", "vis", "webgl")
#: Canvas units between neighbouring nodes (the page zooms to fit; node sizes are set for the first view).
UNIT = 100.0


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
    """One assertion of an edge: the sentence, who said it, when, where, and its flags. ``copy``: it comes from
    a copy of a story that an earlier document of the story already tells (shown, not counted in the support)."""

    text: str
    doc: str = ""
    speaker: str = ""
    date: str = ""
    negated: bool = False
    hedged: bool = False
    copy: bool = False


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
    from kgraph.dedup import Stories
    from kgraph.graph import to_networkx

    g = to_networkx(corpus)
    data = data_from_networkx(g, family=family)
    dates = {d.id: d.date or "" for d in corpus.documents}
    evidence: dict[tuple[str, str, str], list[ExplorerEvidence]] = defaultdict(list)
    for a in corpus.assertions:
        r = a.relation
        evidence[(a.subject, a.predicate, a.object)].append(ExplorerEvidence(
            text=r.evidence, doc=r.doc_id, speaker=a.speaker or "", date=a.when or dates.get(r.doc_id, ""),
            negated=r.negated, hedged=r.hedged))
    if corpus.duplicates:
        evidence = mark_copies(evidence, Stories(corpus.documents, corpus.duplicates))
    nodes = {}
    for aid, node in data.nodes.items():
        actor = corpus.actors.get(aid)
        docs = tuple(sorted(actor.documents)) if actor is not None else ()
        nodes[aid] = ExplorerNode(id=aid, label_en=node.label_en, label_ar=node.label_ar, type=node.type,
                                  mentions=node.mentions, documents=docs,
                                  document_count=node.document_count or len(docs),
                                  aliases=tuple(a for a in node.aliases if a not in (node.label_en, node.label_ar)))
    documents = {d.id: {"title": d.title or "", "date": d.date or "", "source": d.source}
                 for d in corpus.documents}
    return ExplorerData(nodes=nodes, edges=data.edges, evidence=dict(evidence), documents=documents,
                        family=data.family)


def mark_copies(evidence: Mapping[tuple[str, str, str], Sequence[ExplorerEvidence]], stories: Stories
                ) -> dict[tuple[str, str, str], list[ExplorerEvidence]]:
    """``evidence`` with ``copy`` set on the assertions that a story's copies repeat (:meth:`Stories.counted`:
    the asserted ones and the others, each counted as the graph counts them)."""
    out: dict[tuple[str, str, str], list[ExplorerEvidence]] = {}
    for key, items in evidence.items():
        marked = list(items)
        for group in ([i for i, e in enumerate(items) if not e.negated and not e.hedged],
                      [i for i, e in enumerate(items) if e.negated or e.hedged]):
            for i, counted in zip(group, stories.counted([items[i].doc for i in group]), strict=True):
                if not counted:
                    marked[i] = replace(items[i], copy=True)
        out[key] = marked
    return out


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


def class_style(cls: str) -> tuple[str, str]:
    """Colour and shape of an actor class: its own, else its nearest styled super-class in the shipped
    ontology (a user's ``ex:Militia rdfs:subClassOf kg:ArmedGroup`` is drawn as an armed group), else grey."""
    if cls in CLASS_STYLES:
        return CLASS_STYLES[cls]
    from kgraph.schema import load_schema

    ancestors = load_schema().ancestors.get(cls, frozenset())
    # the table lists a class after its super-classes: the last styled ancestor is the nearest
    best = [c for c in reversed(list(CLASS_STYLES)) if c in ancestors and c != "Actor"]
    return CLASS_STYLES[best[0]] if best else CLASS_STYLES["Actor"]


# ------------------------------------------------------------------------------------------------ payload
#: Graphs up to this many linked actors get room made for their most important labels (:func:`make_room`).
ROOM_NODES = 400
#: The page draws the labels of this many most important actors larger (explorer.js ``LABEL.top``).
TOP_LABELS = 12


def _first_view_box(node: ExplorerNode, rank: int, importance: float) -> tuple[float, float]:
    """Pixels a node needs in the first view: its glyph, and for the most important its label as the page
    draws it (both languages, 13.5 px semibold; widths estimated per character)."""
    radius = 2 * (6 + 9 * math.sqrt(max(0.0, importance))) + 4
    if rank >= TOP_LABELS:
        return radius, radius
    lines = [t for t in dict.fromkeys((node.label_en, node.label_ar)) if t] or [node.id]
    width = max(len(t) * (7.4 if t.isascii() else 6.8) for t in lines)
    return width + radius, len(lines) * 2 * 18 + radius



def choose_renderer(n_nodes: int, n_edges: int, renderer: str = "auto") -> str:
    """``"vis"`` (vis-network: shapes, curved parallel edges, edge labels) or ``"webgl"`` (sigma.js), for a
    graph of this size: WebGL above the ``explorer_webgl_actors`` / ``explorer_webgl_relations`` settings.

    Raises:
        ValueError: ``renderer`` is not ``auto``, ``vis`` or ``webgl``.
    """
    if renderer not in RENDERERS:
        raise ValueError(f"renderer must be one of {', '.join(RENDERERS)}, not {renderer!r}")
    if renderer != "auto":
        return renderer
    big = n_nodes > settings.get("explorer_webgl_actors") or n_edges > settings.get("explorer_webgl_relations")
    return "webgl" if big else "vis"


def explorer_payload(data: ExplorerData, *, title: str = "kgraph", seed: int = 7, renderer: str = "auto"
                     ) -> dict[str, Any]:
    """The JSON the page reads (plain data; :func:`page_from_payload` makes the page of it).

    Keys: ``nodes`` (id, labels, class, counts, ``rank`` by importance, position; lone actors have ``iso`` and
    no position), ``edges`` (ends, property, support, dates of its asserted evidence as indices into
    ``dates``, ``-1`` for undated), ``dates``, ``classes``, ``properties``, ``renderer``, and ``details``:
    ``ev`` (the evidence of each edge, oldest first, as ``[sentence, speaker, date, document index, negated,
    hedged, copy]``; ``copy``: from a copy of a story, not counted in the support), ``docs`` (the documents of each node) and ``documents`` (the table), which the page keeps in
    blocks of their own and parses only when a panel first needs them.

    Raises:
        ValueError: unknown ``renderer``.
    """
    ids = sorted(data.nodes)
    index = {n: i for i, n in enumerate(ids)}
    edges = sorted({e for e in data.edges if e[0] in index and e[2] in index})
    all_docs = set(data.documents)
    all_docs.update(d for n in ids for d in data.nodes[n].documents)
    evidence = {key: sorted(data.evidence.get(key, ()), key=lambda e: (not e.date, e.date, e.doc, e.text, e.speaker))
                for key in edges}
    all_docs.update(e.doc for items in evidence.values() for e in items if e.doc)
    doc_ids = {d: i for i, d in enumerate(sorted(all_docs))}
    dates = sorted({e.date for items in evidence.values() for e in items if e.date})
    date_ids = {d: i for i, d in enumerate(dates)}

    weight = [0] * len(ids)
    pair_count: dict[frozenset[str], int] = defaultdict(int)
    out_edges: list[dict[str, Any]] = []
    ev_out: list[list[list[Any]]] = []
    for s, p, o in edges:
        items = evidence[(s, p, o)]
        asserted = [e for e in items if not e.negated and not e.hedged]
        support = sum(1 for e in asserted if not e.copy) or max(1, sum(1 for e in items if not e.copy))
        weight[index[s]] += support
        weight[index[o]] += support
        pair = frozenset((s, o))
        lane = pair_count[pair]
        pair_count[pair] += 1
        out_edges.append({
            "from": s, "to": o, "p": p, "support": support, "lane": lane,
            "t": [date_ids[e.date] if e.date else -1 for e in (asserted or items) if not e.copy],
        })
        # [sentence, speaker, date, document index (-1: none), negated, hedged, copy]: compact for large graphs
        ev_out.append([[e.text, e.speaker, e.date, doc_ids[e.doc] if e.doc else -1, int(e.negated), int(e.hedged),
                        int(e.copy)] for e in items])
    order = sorted(range(len(ids)), key=lambda i: (-weight[i], -data.nodes[ids[i]].mentions, ids[i]))
    rank = [0] * len(ids)
    for r, i in enumerate(order):
        rank[i] = r
    linked = sorted({index[n] for s, _, o in edges for n in (s, o)})
    local = {v: i for i, v in enumerate(linked)}
    pos = layout(len(linked), [(local[index[s]], local[index[o]]) for s, _, o in edges], seed=seed)
    if len(linked) <= ROOM_NODES:
        top = max(weight, default=1) or 1
        pos = make_room(pos, [_first_view_box(data.nodes[ids[v]], rank[v], weight[v] / top) for v in linked])
    cx = sum(p[0] for p in pos) / len(pos) if pos else 0.0
    cy = sum(p[1] for p in pos) / len(pos) if pos else 0.0
    nodes: list[dict[str, Any]] = []
    for i, n in enumerate(ids):
        node = data.nodes[n]
        out = {"id": n, "en": node.label_en, "ar": node.label_ar, "type": node.type or "Actor",
               "mentions": node.mentions, "ndocs": node.document_count or len(node.documents),
               "aliases": list(node.aliases), "rank": rank[i], "w": weight[i]}
        if i in local:
            x, y = pos[local[i]]
            out["x"], out["y"] = round((x - cx) * UNIT, 1), round((y - cy) * UNIT, 1)
        else:
            out["iso"] = True
        nodes.append(out)
    documents = []
    for doc in sorted(doc_ids, key=doc_ids.__getitem__):
        meta = data.documents.get(doc, {})
        documents.append({"id": doc, "title": meta.get("title", ""), "date": meta.get("date", ""),
                          "source": meta.get("source", "")})
    types = sorted({n["type"] for n in nodes})
    classes = {t: {"color": class_style(t)[0], "shape": class_style(t)[1]} for t in types}
    properties = {}
    for p in sorted({e["p"] for e in out_edges}):
        fam = data.family.get(p, p)
        properties[p] = {"family": fam, "color": PROPERTY_COLORS.get(fam, _OTHER_COLOR)}
    details = {"ev": ev_out, "docs": [[doc_ids[d] for d in data.nodes[n].documents] for n in ids],
               "documents": documents}
    return {"title": title, "renderer": choose_renderer(len(nodes), len(out_edges), renderer), "nodes": nodes,
            "edges": out_edges, "dates": dates, "classes": classes, "properties": properties, "details": details}


# ------------------------------------------------------------------------------------------------ page
def vis_network_js() -> str:
    """The vis-network script shipped in the pyvis package."""
    return vis_network_assets()[0]


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
    """The HTML page of an :func:`explorer_payload`: its renderer's library, the explorer's script and style
    and the data (the ``details`` in a block of their own) inlined."""
    graph = {k: v for k, v in payload.items() if k != "details"}
    details = payload.get("details", {})
    if payload.get("renderer") == "webgl":
        lib_js, lib_css = sigma_bundle(), ""
    else:
        lib_js, lib_css = vis_network_assets()
    parts = {
        "__TITLE__": html.escape(str(payload.get("title", "kgraph"))),
        "__LIB_CSS__": _inline_style(lib_css),
        "__CSS__": _inline_style(explorer_asset("explorer.css")),
        "__DATA__": safe_json(graph),
        "__DOCS__": safe_json({"docs": details.get("docs", []), "documents": details.get("documents", [])}),
        "__EVIDENCE__": safe_json(details.get("ev", [])),
        "__LIB__": _inline_script(lib_js),
        "__JS__": _inline_script(explorer_asset("explorer.js")),
    }
    page = explorer_asset("explorer.html")
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
                family: Mapping[str, str] | None = None, seed: int = 7, renderer: str = "auto") -> str:
    """Return the self-contained explorer page of ``source``.

    Args:
        source: a :class:`~kgraph.model.Corpus` (every evidence sentence of every edge is shown), a
            :func:`kgraph.graph.to_networkx` projection (each edge's first sentence only), or
            :class:`ExplorerData` (e.g. from :func:`kgraph.render.rdf.data_from_rdf`).
        title: page title.
        family: sub-property → core property (edge colours); default: from the shipped ontology.
        seed: layout seed (same input and seed → same page).
        renderer: ``"auto"`` (vis-network, or WebGL above the size settings), ``"vis"`` or ``"webgl"``.

    Raises:
        ValueError: unknown ``renderer``.
        OutputError: a library the page inlines is missing from its package.
    """
    if isinstance(source, Corpus):
        data = data_from_corpus(source, family=family)
    elif isinstance(source, ExplorerData):
        data = source
    else:
        data = data_from_networkx(source, family=family)
    return page_from_payload(explorer_payload(data, title=title, seed=seed, renderer=renderer))
