"""The explorer page without a browser: payload, layout, escaping, self-containment."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import networkx as nx
import pytest

from kgraph.model import Actor, Assertion, Corpus, Document, Mention, Relation
from kgraph.render.html import (
    PROPERTY_COLORS,
    ExplorerData,
    ExplorerEvidence,
    ExplorerNode,
    layout,
    render_html,
    safe_json,
)


def _payload(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kgraph-data">(.*?)</script>', page, re.S)
    d = re.search(r'<script type="application/json" id="kgraph-docs">(.*?)</script>', page, re.S)
    e = re.search(r'<script type="application/json" id="kgraph-evidence">(.*?)</script>', page, re.S)
    assert m and d and e, "no data block"
    return {**json.loads(m.group(1)), "details": {**json.loads(d.group(1)), "ev": json.loads(e.group(1))}}


def _mention(doc: str, name: str, cls: str = "Organization") -> Mention:
    return Mention(doc_id=doc, start=0, end=len(name), text=name, name=name, cls=cls, lang="en", sentence=0)


def _corpus() -> Corpus:
    docs = (Document(id="d1", text="x", lang="en", source="a.txt", content_hash="h1", title="First", date="2024-01-02"),
            Document(id="d2", text="y", lang="ar", source="b.txt", content_hash="h2", title="ثاني", date="2024-02-03"))
    actors = {
        "north_front": Actor(id="north_front", cls="ArmedGroup", labels={"en": "North Front", "ar": "الجبهة الشمالية"},
                             alt_labels=frozenset({("the Front", "en"), ("North Front", "en")}), mention_count=3,
                             documents=frozenset({"d1", "d2"})),
        "river_council": Actor(id="river_council", cls="Government", labels={"en": "River Council"}, mention_count=2,
                               documents=frozenset({"d1"})),
        "lena_ross": Actor(id="lena_ross", cls="Person", labels={"en": "Lena Ross"}, mention_count=1,
                           documents=frozenset({"d2"})),
    }

    def rel(doc: str, pred: str, text: str, *, negated: bool = False, hedged: bool = False) -> Relation:
        return Relation(doc_id=doc, subject=_mention(doc, "North Front"), predicate=pred,
                        object=_mention(doc, "River Council"), sentence=0, sent_start=0, sent_end=len(text),
                        evidence=text, trigger="t", rule="r", negated=negated, hedged=hedged)

    assertions = (
        Assertion("north_front", "attacks", "river_council", rel("d1", "attacks", "The Front attacked the council.")),
        Assertion("north_front", "attacks", "river_council", rel("d2", "attacks", "هاجمت الجبهة المجلس."),
                  speaker="lena_ross"),
        Assertion("north_front", "attacks", "river_council",
                  rel("d2", "attacks", "The Front did not attack the council.", negated=True)),
        Assertion("north_front", "supports", "river_council",
                  rel("d1", "supports", "The Front may back the council.", hedged=True)),
    )
    return Corpus(documents=docs, actors=actors, assertions=assertions)


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "<!-- x", "a & b > c", "\u2028\u2029",
                                  "`${x}` \"q\" 'q'"])
def test_html_safe_json_leaves_no_markup(text: str) -> None:
    out = safe_json({"t": text})
    assert not set(out) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(out) == {"t": text}


def test_html_payload_from_corpus_has_every_evidence_sentence() -> None:
    payload = _payload(render_html(_corpus(), title="t", family={"attacks": "opposes"}))
    edges = {(e["from"], e["p"], e["to"]): e for e in payload["edges"]}
    assert set(edges) == {("north_front", "attacks", "river_council")}  # hedged-only supports is no fact
    attack = edges[("north_front", "attacks", "river_council")]
    assert attack["support"] == 2
    # the dates of its asserted evidence, as indices into the dates table, for the date control
    assert payload["dates"] == ["2024-01-02", "2024-02-03"] and attack["t"] == [0, 1]
    details = payload["details"]
    ev = details["ev"][payload["edges"].index(attack)]  # [sentence, speaker, date, document, negated, hedged]
    assert len(ev) == 3 and [e[2] for e in ev] == ["2024-01-02", "2024-02-03", "2024-02-03"]  # oldest first
    flags = {e[0]: (e[4], e[5], e[1], e[2]) for e in ev}
    assert flags["The Front did not attack the council."] == (1, 0, "", "2024-02-03")
    assert flags["هاجمت الجبهة المجلس."] == (0, 0, "lena_ross", "2024-02-03")
    docs = details["documents"]
    assert {docs[e[3]]["title"] for e in ev} == {"First", "ثاني"}
    assert payload["properties"]["attacks"]["family"] == "opposes"
    assert payload["properties"]["attacks"]["color"] == PROPERTY_COLORS["opposes"]
    node = next(n for n in payload["nodes"] if n["id"] == "north_front")
    assert (node["en"], node["ar"], node["type"], node["mentions"], node["ndocs"]) == (
        "North Front", "الجبهة الشمالية", "ArmedGroup", 3, 2)
    assert node["aliases"] == ["the Front"]  # the label itself is not repeated as an alias
    assert sorted(docs[i]["id"] for i in details["docs"][payload["nodes"].index(node)]) == ["d1", "d2"]


def test_html_render_is_deterministic() -> None:
    assert render_html(_corpus(), title="t") == render_html(_corpus(), title="t")


@pytest.mark.parametrize("title", ["__DATA__", "__VIS__ <b>", "a </title><script>alert(1)</script>"])
def test_html_title_is_escaped_and_never_substituted(title: str) -> None:
    page = render_html(_corpus(), title=title)
    head = page.split("</title>", 1)[0]
    assert "<script>" not in head and "<b>" not in head
    assert _payload(page)["title"] == title
    assert page.count('id="kgraph-data"') == 1


def test_html_page_is_self_contained() -> None:
    page = render_html(_corpus())
    assert "default-src 'none'" in page  # the CSP blocks every fetch even if a script tried
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", page, re.I)
    assert "vis.Network" in page and "kgraphExplorer" in page
    # every inline script closes where it should (data, documents, evidence, vis-network, explorer), none can open a
    # comment that would hide the next "</script>" from the HTML parser
    assert page.lower().count("</script") == 5
    assert "<!--" not in page


def test_html_renders_a_plain_networkx_graph() -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", label="A", type="Person")
    g.add_node("b", label_en="B", label_ar="ب", type="Nonesuch")
    g.add_edge("a", "b", key="meets", weight=2, evidence="A met B.", speakers="")
    payload = _payload(render_html(g))
    pairs = zip(payload["edges"], payload["details"]["ev"], strict=True)
    got = [(e["from"], e["p"], e["to"], ev[0][0]) for e, ev in pairs]
    assert got == [("a", "meets", "b", "A met B.")]
    assert payload["classes"]["Nonesuch"]["shape"] == "dot"  # unknown classes still get a style


@pytest.mark.parametrize(("n", "edges"), [
    (0, []), (1, []), (2, [(0, 1)]), (7, []),
    (40, [(i, (i * 7 + 3) % 40) for i in range(40)]),
    (60, [(i, i + 1) for i in range(29)] + [(30 + i, 30 + (i + 1) % 10) for i in range(10)]),
])
def test_html_layout_is_deterministic_and_spread(n: int, edges: list[tuple[int, int]]) -> None:
    pos = layout(n, edges, seed=3)
    assert pos == layout(n, edges, seed=3)
    assert len(pos) == n and all(math.isfinite(c) for p in pos for c in p)
    if n > 1:
        closest = min(math.dist(pos[i], pos[j]) for i in range(n) for j in range(i + 1, n))
        assert closest > 0.05, "two nodes drawn on top of each other"


def test_html_layout_keeps_components_apart() -> None:
    # two triangles and a lone node: the boxes of the components do not overlap
    pos = layout(7, [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)], seed=1)

    def box(ix: list[int]) -> tuple[float, float, float, float]:
        xs, ys = [pos[i][0] for i in ix], [pos[i][1] for i in ix]
        return min(xs), max(xs), min(ys), max(ys)

    a, b = box([0, 1, 2]), box([3, 4, 5])
    assert a[1] < b[0] or b[1] < a[0] or a[3] < b[2] or b[3] < a[2]


def test_html_subgraph_keeps_only_picked_nodes() -> None:
    nodes = {k: ExplorerNode(id=k, label_en=k.upper()) for k in "abc"}
    data = ExplorerData(nodes=nodes, edges=[("a", "meets", "b"), ("b", "leads", "c")],
                        evidence={("a", "meets", "b"): [ExplorerEvidence(text="A met B.")]})
    assert list(data.subgraph(["a", "b"]).edges) == [("a", "meets", "b")]
    sub = data.subgraph([], edges=[("b", "leads", "c")])
    assert sorted(sub.nodes) == ["b", "c"] and list(sub.edges) == [("b", "leads", "c")]


def test_html_output_folder_page_uses_the_corpus(example_out: Path) -> None:
    payload = _payload((example_out / "graph.html").read_text(encoding="utf-8"))
    assert payload["nodes"] and payload["edges"]
    ev = payload["details"]["ev"]
    assert len(ev) == len(payload["edges"]) and all(e and all(v[0] for v in e) for e in ev)
    docs = payload["details"]["documents"]
    assert docs and all(d["source"] for d in docs)


@pytest.mark.parametrize(("n_nodes", "n_edges", "want"), [(10, 20, "vis"), (2000, 8000, "vis"), (2001, 10, "webgl"),
                                                          (100, 8001, "webgl")])
def test_html_renderer_switches_to_webgl_above_the_settings(n_nodes: int, n_edges: int, want: str) -> None:
    from kgraph.render.html import choose_renderer

    assert choose_renderer(n_nodes, n_edges) == want
    assert choose_renderer(n_nodes, n_edges, "vis") == "vis"
    with pytest.raises(ValueError, match="renderer"):
        choose_renderer(n_nodes, n_edges, "canvas")


def test_html_webgl_page_inlines_sigma_from_ipysigma_with_its_licence() -> None:
    page = render_html(_corpus(), renderer="webgl")
    assert _payload(page)["renderer"] == "webgl"
    assert "sigma.js 3" in page and "MIT" in page and "Permission is hereby granted" in page  # the notices
    from kgraph.render.assets import vis_network_assets

    assert "window.kgraphSigma" in page and vis_network_assets()[0][:300] not in page  # only the renderer it needs
    assert "default-src 'none'" in page and page.lower().count("</script") == 5
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", page, re.I)


def test_html_user_subclass_is_styled_as_its_superclass() -> None:
    from kgraph.render.html import CLASS_STYLES, class_style

    assert class_style("Camp") == CLASS_STYLES["Camp"]
    assert class_style("Nonesuch") == CLASS_STYLES["Actor"]
