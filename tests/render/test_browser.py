"""The explorer in headless Chromium: offline, drawn, safe, interactive, Arabic-aware, fast."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kgraph.cli import cli
from kgraph.model import Actor, Assertion, Corpus, Document, Mention, Relation
from kgraph.render.html import ExplorerData, ExplorerEvidence, ExplorerNode, render_html

pytestmark = pytest.mark.browser


# ---------------------------------------------------------------------------------------------- test data
def _mention(doc: str, name: str) -> Mention:
    return Mention(doc_id=doc, start=0, end=len(name), text=name, name=name, cls="Actor", lang="en", sentence=0)


def _corpus(actors: dict[str, tuple[str, dict[str, str], set[str]]], docs: list[tuple[str, str, str]],
            facts: list[tuple[str, str, str, str, str, dict[str, Any]]]) -> Corpus:
    """actors: id → (class, labels, aliases); docs: (id, title, date); facts: (s, p, o, doc, sentence, flags)."""
    documents = tuple(Document(id=d, text="-", lang="en", source=f"{d}.txt", content_hash=d, title=t, date=dt)
                      for d, t, dt in docs)
    acts = {a: Actor(id=a, cls=cls, labels=labels, alt_labels=frozenset((x, "en") for x in aliases),
                     mention_count=2, documents=frozenset(d for s, _, o, d, _, _ in facts if a in (s, o)))
            for a, (cls, labels, aliases) in actors.items()}
    out = []
    for s, p, o, doc, text, flags in facts:
        rel = Relation(doc_id=doc, subject=_mention(doc, s), predicate=p, object=_mention(doc, o), sentence=0,
                       sent_start=0, sent_end=len(text), evidence=text, trigger="t", rule="r",
                       negated=flags.get("negated", False), hedged=flags.get("hedged", False))
        out.append(Assertion(s, p, o, rel, speaker=flags.get("speaker")))
    return Corpus(documents=documents, actors=acts, assertions=tuple(out))


def _world() -> Corpus:
    return _corpus(
        {"north_front": ("ArmedGroup", {"en": "North Front", "ar": "الجبهة الشمالية"}, {"the Front"}),
         "river_council": ("Government", {"en": "River Council", "ar": "مجلس النهر"}, set()),
         "lena_ross": ("Person", {"en": "Lena Ross"}, set()),
         "security_forces": ("Military", {"en": "Security Forces", "ar": "قوّات الأمن"}, set()),
         "port_city": ("City", {"en": "Port City", "ar": "مدينة الميناء"}, set())},
        [("d1", "First", "2024-01-02"), ("d2", "ثاني", "2024-02-03")],
        [("north_front", "attacks", "river_council", "d1", "The Front attacked the council.", {}),
         ("north_front", "attacks", "river_council", "d2", "هاجمت الجبهة المجلس.", {"speaker": "lena_ross"}),
         ("north_front", "attacks", "river_council", "d2", "The Front did not attack the council.",
          {"negated": True}),
         ("security_forces", "opposes", "north_front", "d1", "The forces fought the Front.", {}),
         ("security_forces", "supports", "river_council", "d1", "The forces back the council.", {}),
         ("security_forces", "supports", "river_council", "d2", "The forces helped the council.", {}),
         ("security_forces", "supports", "river_council", "d2", "دعمت القوات المجلس.", {}),
         ("river_council", "locatedIn", "port_city", "d1", "The council sits in Port City.", {}),
         ("lena_ross", "memberOf", "river_council", "d2", "Lena Ross sits on the council.", {})])


FAMILY = {"attacks": "opposes"}


def _world_edges() -> set[tuple[str, str, str]]:
    return {(a.subject, a.predicate, a.object) for a in _world().assertions}


def _open_world(open_page, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "world.html"
    path.write_text(render_html(_world(), title="World", family=FAMILY), encoding="utf-8")
    return open_page(path)


def _assert_clean(page) -> None:  # type: ignore[no-untyped-def]
    assert page.kg_errors == [] and page.kg_blocked == [] and page.kg_dialogs == []


def _visible(page) -> tuple[set[str], set[tuple[str, str, str]]]:  # type: ignore[no-untyped-def]
    v = page.evaluate("""() => { const x = window.kgraphExplorer, vis = x.visible();
        return {nodes: vis.nodes, edges: vis.edges.map(i => [x.data.edges[i].from, x.data.edges[i].p,
                                                              x.data.edges[i].to])}; }""")
    return set(v["nodes"]), {tuple(e) for e in v["edges"]}


def _wait(page, expression: str, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """Poll ``expression`` (page.wait_for_function would eval it, which the page's CSP forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(20)


def _dom_point(page, node: str, other: str | None = None) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Page coordinates of a node (or of the middle of the straight edge node → other)."""
    return tuple(page.evaluate("""([a, b]) => {
        const net = window.kgraphExplorer.network, p = net.getPositions(b ? [a, b] : [a]);
        const c = b ? {x: (p[a].x + p[b].x) / 2, y: (p[a].y + p[b].y) / 2} : p[a];
        const d = net.canvasToDOM(c), r = document.getElementById('graph').getBoundingClientRect();
        return [r.left + d.x, r.top + d.y]; }""", [node, other]))


# ---------------------------------------------------------------------------------------------- offline, drawn
def test_browser_example_page_is_offline_and_draws_its_nodes(example_out: Path, open_page, tmp_path: Path) -> None:
    page = open_page(example_out / "graph.html")
    page.wait_for_timeout(200)
    # every node inside the viewport has its class colour at its centre on the canvas
    drawn = page.evaluate("""() => {
        const x = window.kgraphExplorer, net = x.network, canvas = document.querySelector('#graph canvas');
        const ctx = canvas.getContext('2d'), ratio = canvas.width / canvas.clientWidth, pos = net.getPositions();
        let inside = 0, coloured = 0;
        for (const n of x.data.nodes.filter(n => !n.iso)) {
          const d = net.canvasToDOM(pos[n.id]);
          if (d.x < 0 || d.y < 0 || d.x > canvas.clientWidth || d.y > canvas.clientHeight) continue;
          inside++;
          const px = ctx.getImageData(Math.round(d.x * ratio), Math.round(d.y * ratio), 1, 1).data;
          const want = x.data.classes[n.type].color.match(/[0-9a-f]{2}/gi).map(h => parseInt(h, 16));
          if (want.every((v, i) => Math.abs(v - px[i]) < 40)) coloured++;
        }
        return {total: x.data.nodes.filter(n => !n.iso).length, inside: inside, coloured: coloured}; }""")
    assert drawn["total"] > 5
    assert drawn["inside"] == drawn["total"], "fit() shows the whole graph"
    assert drawn["coloured"] >= 0.8 * drawn["total"], drawn
    shot = tmp_path / "explorer.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    assert page.kg_blocked == [] and page.kg_errors == [] and page.kg_dialogs == []
    # and the page could not fetch if it tried: the CSP refuses before any request is made
    assert page.evaluate("fetch('https://example.org/x.js').then(() => 'fetched', () => 'refused')") == "refused"
    assert page.kg_blocked == [] and all("Content Security Policy" in e for e in page.kg_errors)


def test_browser_viz_subgraph_page_draws(example_out: Path, open_page, tmp_path: Path) -> None:
    out = tmp_path / "opp.html"
    q = "CONSTRUCT { ?a ?p ?b } WHERE { ?a ?p ?b . ?p rdfs:subPropertyOf* kg:opposes }"
    res = CliRunner().invoke(cli, ["viz", str(example_out), "--out", str(out), "--query", q])
    assert res.exit_code == 0, res.output
    page = open_page(out)
    nodes, edges = _visible(page)
    families = page.evaluate("Object.values(window.kgraphExplorer.data.properties).map(p => p.family)")
    assert edges and set(families) == {"opposes"}
    assert nodes == {n for s, _, o in edges for n in (s, o)}
    assert page.kg_blocked == [] and page.kg_errors == []


# ---------------------------------------------------------------------------------------------- safety
NASTY_NAMES = {
    "en": "Zorb <script>window.__pwned=1</script> Brigade",
    "ar": "لواء <img src=x onerror=window.__pwned=2>",
    "council": "Council \"'`${window.__pwned=3}` <a href=\"javascript:window.__pwned=4\">x</a>",
    "person": "Omar <svg onload=window.__pwned=5> Farouk",
}
NASTY_TITLE = "<script>window.__pwned=6</script> news \"'` <iframe src=javascript:window.__pwned=11>"


def _nasty_articles(articles) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    def lit(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    gazetteer = (
        "@prefix kg: <https://w3id.org/kgraph/ns#> . @prefix kga: <https://w3id.org/kgraph/actor/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . "
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        f"kga:zorb_brigade a kg:ArmedGroup ; rdfs:label {lit(NASTY_NAMES['en'])}@en , {lit(NASTY_NAMES['ar'])}@ar ;\n"
        '    skos:altLabel "the Zorb brigade"@en , "Zorb brigade"@en , "<b onmouseover=window.__pwned=12>"@en .\n'
        f"kga:elder_council a kg:Government ; rdfs:label {lit(NASTY_NAMES['council'])}@en ;\n"
        '    skos:altLabel "the Council of Elders"@en , "Council of Elders"@en .\n'
        f"kga:omar_farouk a kg:Person ; rdfs:label {lit(NASTY_NAMES['person'])}@en ;\n"
        '    skos:altLabel "Omar Farouk"@en .\n')
    text = ("The Zorb brigade attacked the Council of Elders near <img src=x onerror=window.__pwned=7> the river.\n\n"
            "\"The Zorb brigade supports ISIS <script>window.__pwned=8</script>,\" said Omar Farouk.\n\n"
            "The Zorb brigade did not attack the Council of Elders `${window.__pwned=9}` "
            "<a href=\"javascript:window.__pwned=10\">yesterday</a>.\n")
    row = {"title": NASTY_TITLE, "date": "2024-03-01", "lang": "en", "text": text}
    folder = articles({"news.jsonl": json.dumps(row) + "\n", "actors.ttl": gazetteer})
    return folder / "news.jsonl", folder / "actors.ttl"


def _nasty_corpus() -> Corpus:
    evil = "<img src=x onerror=window.__pwned=20> `${window.__pwned=21}` \"' <script>window.__pwned=22</script>"
    return _corpus(
        {"a<b": ("ArmedGroup", {"en": NASTY_NAMES["en"], "ar": NASTY_NAMES["ar"]}, {evil}),
         "c\"d": ("Government", {"en": NASTY_NAMES["council"]}, set()),
         "e'f": ("Person", {"en": NASTY_NAMES["person"]}, set())},
        [("d<1>", NASTY_TITLE, "2024-03-01</script>")],
        [("a<b", "attacks", "c\"d", "d<1>", "They attacked " + evil, {"speaker": "e'f"}),
         ("a<b", "attacks", "c\"d", "d<1>", "Not " + evil, {"negated": True, "hedged": True})])


def _exercise(page) -> None:  # type: ignore[no-untyped-def]
    """Show every panel, hover every node (tooltips), toggle labels, search, focus."""
    n_nodes = page.evaluate("window.kgraphExplorer.data.nodes.length")
    n_edges = page.evaluate("window.kgraphExplorer.data.edges.length")
    assert n_nodes >= 2 and n_edges >= 1
    for lang in ("ar", "en", "both"):
        page.locator(f"input[name=lang][value={lang}]").evaluate("r => r.parentElement.click()")
    for i in range(n_nodes):
        nid, iso = page.evaluate(f"(n => [n.id, !!n.iso])(window.kgraphExplorer.data.nodes[{i}])")
        page.evaluate("id => window.kgraphExplorer.showNode(id)", nid)
        if iso:
            page.click(f"#iso-list li[data-id='{nid}']") if _css_safe(nid) else page.evaluate(
                "id => window.kgraphExplorer.select(id)", nid)
            continue
        page.mouse.move(*_dom_point(page, nid))
        page.wait_for_timeout(100)
        assert page.is_visible("#tooltip")  # the tooltip: text only
    page.mouse.move(2, 2)
    assert not page.is_visible("#tooltip")  # and gone when the mouse leaves
    for i in range(n_edges):
        page.evaluate(f"window.kgraphExplorer.showEdge({i})")
    page.fill("#search", "<script>")
    page.wait_for_timeout(50)
    for li in page.locator("#results li").all():
        li.click()
    page.fill("#search", "")
    page.dblclick("#graph", position={"x": 5, "y": 5})


def _css_safe(text: str) -> bool:
    return text.replace("_", "").isalnum()


def _assert_inert(page, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("window.__pwned") is None
    assert page.kg_dialogs == [] and page.kg_errors == [] and page.kg_blocked == []
    # nothing from the data became an element: only the page's own markup is there
    tags = page.evaluate("Array.from(document.body.querySelectorAll('*')).map(e => e.tagName.toLowerCase())")
    assert not set(tags) & {"img", "svg", "a", "b", "iframe", "object", "embed"}
    assert tags.count("script") == 5
    text = page.evaluate("document.body.innerText + JSON.stringify(window.kgraphExplorer.data) + "
                         "JSON.stringify(window.kgraphExplorer.details())")
    for s in expected:
        assert s in text  # shown literally, as text


def test_browser_text_from_articles_never_executes(articles, open_page, tmp_path: Path) -> None:
    news, gazetteer = _nasty_articles(articles)
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["build", str(news), "--actors", str(gazetteer), "--out", str(out), "--quiet"])
    assert res.exit_code == 0, res.output
    viz = tmp_path / "viz.html"
    assert CliRunner().invoke(cli, ["viz", str(out), "--out", str(viz)]).exit_code == 0
    for path in (out / "graph.html", viz):
        page = open_page(path)
        data = page.evaluate("window.kgraphExplorer.data")
        labels = {n["en"] for n in data["nodes"]} | {n["ar"] for n in data["nodes"]}
        assert {NASTY_NAMES["en"], NASTY_NAMES["ar"], NASTY_NAMES["council"]} <= labels
        documents = page.evaluate("window.kgraphExplorer.details().documents")
        assert NASTY_TITLE in {d["title"] for d in documents}
        _exercise(page)
        _assert_inert(page, [NASTY_NAMES["en"], NASTY_TITLE])
        page.evaluate("window.kgraphExplorer.showNode('zorb_brigade')")
        panel = page.inner_text("#details")
        assert NASTY_NAMES["en"] in panel and NASTY_NAMES["ar"] in panel and NASTY_TITLE in panel


def test_browser_names_sentences_and_titles_never_execute(open_page, tmp_path: Path) -> None:
    path = tmp_path / "nasty.html"
    path.write_text(render_html(_nasty_corpus(), title="<script>window.__pwned=30</script>"), encoding="utf-8")
    page = open_page(path)
    _exercise(page)
    page.evaluate("window.kgraphExplorer.showEdge(0)")
    panel = page.inner_text("#details")
    assert "They attacked <img src=x onerror=window.__pwned=20>" in panel
    assert "negated" in panel and "hedged" in panel and NASTY_NAMES["person"] in panel and NASTY_TITLE in panel
    assert page.title() == "<script>window.__pwned=30</script>"
    _assert_inert(page, ["<script>window.__pwned=22</script>", "2024-03-01</script>"])


# ---------------------------------------------------------------------------------------------- interaction
def test_browser_filters_by_property_class_and_support(open_page, tmp_path: Path) -> None:
    page = _open_world(open_page, tmp_path)
    nodes, edges = _visible(page)
    assert len(nodes) == 5 and len(edges) == 5
    page.check("#legend-props input[value=attacks]")  # already checked: no change
    page.uncheck("#legend-props input[value=attacks]")
    assert {p for _, p, _ in _visible(page)[1]} == {"opposes", "supports", "locatedIn", "memberOf"}
    page.uncheck("#legend-classes input[value=Person]")
    nodes, edges = _visible(page)
    assert "lena_ross" not in nodes and all("lena_ross" not in (s, o) for s, _, o in edges)
    page.click("#reset")
    assert len(_visible(page)[1]) == 5
    page.fill("#support", "2")
    assert _visible(page)[1] == {("north_front", "attacks", "river_council"),
                                 ("security_forces", "supports", "river_council")}
    assert page.inner_text("#support-value") == "2"
    page.fill("#support", "3")
    assert _visible(page)[1] == {("security_forces", "supports", "river_council")}
    counts = page.inner_text("#counts")
    assert "1 of 5 relations" in counts
    _assert_clean(page)


@pytest.mark.parametrize(("query", "match"), [
    ("قوات الامن", "security_forces"),      # shadda and hamza folded
    ("الجبهه الشماليه", "north_front"),     # ta marbuta folded
    ("river COUNCIL", "river_council"),     # case-insensitive
    ("the front", "north_front"),           # aliases are searched
    ("  Port   city ", "port_city"),        # spaces collapsed
])
def test_browser_search_is_arabic_normalised_and_case_insensitive(open_page, tmp_path: Path, query: str,
                                                                  match: str) -> None:
    page = _open_world(open_page, tmp_path)
    page.fill("#search", query)
    _wait(page, "document.querySelectorAll('#results li').length > 0")
    ids = page.evaluate("() => Array.from(document.querySelectorAll('#results li .name')).map(li => li.textContent)")
    label = page.evaluate("id => window.kgraphExplorer.data.nodes.find(n => n.id === id).en", match)
    assert len(ids) == 1 and ids[0].startswith(label)
    nodes, edges = _visible(page)
    around = {n for s, _, o in _world_edges() if match in (s, o) for n in (s, o)}
    assert nodes == around | {match}  # the match and its neighbourhood
    assert edges == {e for e in _world_edges() if e[0] in nodes and e[2] in nodes}
    page.press("#search", "Enter")
    assert page.inner_text("#details h3") == label
    _assert_clean(page)


def test_browser_search_without_match_says_so(open_page, tmp_path: Path) -> None:
    page = _open_world(open_page, tmp_path)
    page.fill("#search", "zzzz")
    assert page.inner_text("#results") == "No actor matches."
    assert _visible(page) == (set(), set())
    _assert_clean(page)


@pytest.mark.parametrize(("lang", "north", "lena"), [
    ("ar", "الجبهة الشمالية", "Lena Ross"),
    ("en", "North Front", "Lena Ross"),
    ("both", "North Front\nالجبهة الشمالية", "Lena Ross"),
])
def test_browser_label_language_toggle(open_page, tmp_path: Path, lang: str, north: str, lena: str) -> None:
    page = _open_world(open_page, tmp_path)
    page.click(f".seg label:has(input[value={lang}])")
    labels = page.evaluate("""() => { const ls = window.kgraphExplorer.labels();
        return ['north_front', 'lena_ross'].map(id => ls.find(l => l.id === id).lines.join('\\n')); }""")
    assert labels == [north, lena]  # the labels drawn on the canvas
    _assert_clean(page)


def test_browser_click_node_shows_its_panel(open_page, tmp_path: Path) -> None:
    page = _open_world(open_page, tmp_path)
    page.mouse.click(*_dom_point(page, "north_front"))
    assert page.inner_text("#details h3") == "North Front"
    panel = page.inner_text("#details")
    for text in ("ArmedGroup", "الجبهة الشمالية", "the Front", "First", "ثاني"):
        assert text in panel
    _assert_clean(page)


def test_browser_click_edge_shows_every_evidence_sentence(open_page, tmp_path: Path) -> None:
    page = _open_world(open_page, tmp_path)
    page.mouse.click(*_dom_point(page, "north_front", "river_council"))
    assert page.locator("#details .ev").count() == 3
    evs = page.locator("#details .ev").all_inner_texts()
    negated = [e for e in evs if "The Front did not attack the council." in e]
    assert len(negated) == 1 and "negated" in negated[0]
    spoken = [e for e in evs if "هاجمت الجبهة المجلس." in e]
    assert len(spoken) == 1
    for text in ("asserted", "speaker: Lena Ross", "date: 2024-02-03", "document: ثاني"):
        assert text in spoken[0]
    assert "support" in page.inner_text("#details") and "2 of 3 assertions" in page.inner_text("#details")
    assert "attacks (opposes)" in page.inner_text("#details h3")
    _assert_clean(page)


def test_browser_double_click_focuses_on_the_neighbourhood(open_page, tmp_path: Path) -> None:
    page = _open_world(open_page, tmp_path)
    page.mouse.dblclick(*_dom_point(page, "lena_ross"))
    assert _visible(page) == ({"lena_ross", "river_council"}, {("lena_ross", "memberOf", "river_council")})
    page.click("#reset")
    assert len(_visible(page)[0]) == 5
    _assert_clean(page)


def test_browser_arabic_is_right_to_left_and_shaped(open_page, tmp_path: Path) -> None:
    page = _open_world(open_page, tmp_path)
    page.evaluate("window.kgraphExplorer.showNode('north_front')")
    # the Arabic label in the side panel: its first letter is drawn to the right of its last
    order = page.evaluate("""() => {
        const dd = document.querySelector('#details dd.ar'), t = dd.firstChild, r = document.createRange();
        r.setStart(t, 0); r.setEnd(t, 1); const first = r.getBoundingClientRect();
        r.setStart(t, t.length - 1); r.setEnd(t, t.length); const last = r.getBoundingClientRect();
        return [first.left, last.left, getComputedStyle(dd).direction]; }""")
    assert order[0] > order[1], order
    # shaping: joined letters differ in width from the same letters kept apart by ZWNJ, in the label font
    widths = page.evaluate("""() => {
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = '13px "Noto Sans","Noto Sans Arabic","Noto Naskh Arabic","DejaVu Sans",sans-serif';
        const w = 'الجبهة', apart = Array.from(w).join('\\u200c');
        return [ctx.measureText(w).width, ctx.measureText(apart).width, ctx.measureText('\\u25a1').width]; }""")
    assert abs(widths[0] - widths[1]) > 1.0, widths
    _assert_clean(page)


# ---------------------------------------------------------------------------------------------- speed
def _random_data(n_nodes: int, n_edges: int, seed: int) -> ExplorerData:
    rng = random.Random(seed)
    classes = ["Person", "ArmedGroup", "Government", "City", "Military", "Organization"]
    props = ["supports", "opposes", "meets", "leads", "memberOf", "locatedIn", "attacks"]
    nodes = {f"n{i}": ExplorerNode(id=f"n{i}", label_en=f"Actor {i}", label_ar=f"فاعل {i}",
                                   type=rng.choice(classes), mentions=rng.randint(1, 30)) for i in range(n_nodes)}
    edges: set[tuple[str, str, str]] = set()
    while len(edges) < n_edges:
        s, o = rng.randrange(n_nodes), rng.randrange(n_nodes)
        if s != o:
            edges.add((f"n{s}", rng.choice(props), f"n{o}"))
    evidence = {e: [ExplorerEvidence(text=f"Actor {e[0]} {e[1]} actor {e[2]}.", doc=f"d{rng.randrange(300)}")]
                for e in sorted(edges)}
    return ExplorerData(nodes=nodes, edges=sorted(edges), evidence=evidence, family={"attacks": "opposes"})


def test_browser_large_graph_is_drawn_and_interactive(open_page, tmp_path: Path) -> None:
    # how fast is measured by benchmarks/render_large.py (never a timed unit test); this checks it works
    path = tmp_path / "large.html"
    path.write_text(render_html(_random_data(2000, 8000, seed=5), title="large"), encoding="utf-8")
    page = open_page(path)
    assert page.evaluate("window.kgraphDrawn") > 0
    assert page.kg_errors == [] and page.kg_blocked == []
    # and it answers: a search redraws, a click fills the panel
    page.fill("#search", "Actor 17")
    _wait(page, "document.querySelectorAll('#results li').length > 0")
    page.press("#search", "Enter")
    assert page.inner_text("#details h3") == "Actor 17"


# ---------------------------------------------------------------------------------------------- readable by default
def _quiet(page, *, still_ms: int = 300, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """Wait until the explorer has drawn no frame for ``still_ms``: a click may resize the canvas or move the view,
    and the labels of the last frame must be compared with the glyphs of that same frame."""
    deadline = time.monotonic() + timeout
    last, since = page.evaluate("window.kgraphExplorer.draws()"), time.monotonic()
    while time.monotonic() - since < still_ms / 1000:
        assert time.monotonic() < deadline, "the explorer kept redrawing"
        page.wait_for_timeout(50)
        now = page.evaluate("window.kgraphExplorer.draws()")
        if now != last:
            last, since = now, time.monotonic()


def _labels(page) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The labels on screen, each box measured again here with Chromium's own text metrics in the label's font,
    the node glyphs (vis-network's own bounding boxes, in page pixels), and the canvas size (once drawing rests)."""
    _quiet(page)
    return page.evaluate("""() => {
        const x = window.kgraphExplorer, g = document.getElementById('graph');
        const ctx = document.createElement('canvas').getContext('2d');
        const labels = x.labels().map(l => {
          ctx.font = l.font;
          const w = Math.max(...l.lines.map(t => ctx.measureText(t).width));
          return {id: l.id, kind: l.kind, text: l.lines.join(' / '), size: l.size, reported: l.w,
                  x0: l.x, y0: l.y, x1: l.x + w, y1: l.y + l.lh * l.lines.length}; });
        const glyphs = [];
        if (x.network) {
          for (const id of x.visible().nodes) {
            if (x.data.nodes.find(n => n.id === id).iso) continue;
            const b = x.network.getBoundingBox(id), a = x.network.canvasToDOM({x: b.left, y: b.top}),
                  c = x.network.canvasToDOM({x: b.right, y: b.bottom});
            glyphs.push({id: id, x0: a.x, y0: a.y, x1: c.x, y1: c.y});
          }
        }
        return {w: g.clientWidth, h: g.clientHeight, labels: labels, glyphs: glyphs}; }""")


def _overlap(a: dict[str, Any], b: dict[str, Any], slack: float = 0.5) -> bool:
    return (a["x0"] + slack < b["x1"] and b["x0"] + slack < a["x1"]
            and a["y0"] + slack < b["y1"] and b["y0"] + slack < a["y1"])


def _assert_readable(got: dict[str, Any], *, top: list[str]) -> None:
    labels = got["labels"]
    assert labels, "no label drawn"
    for lab in labels:
        assert abs(lab["reported"] - (lab["x1"] - lab["x0"])) < 1.0, lab  # the page measured what it drew
        assert lab["size"] >= 11, lab  # legible
        assert 0 <= lab["x0"] and lab["x1"] <= got["w"] and 0 <= lab["y0"] and lab["y1"] <= got["h"], lab  # not cut
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not _overlap(a, b), (a, b)
        for glyph in got["glyphs"]:
            if a["kind"] == "node" and glyph["id"] != a["id"]:
                assert not _overlap(a, glyph, slack=1.0), (a, glyph)
    shown = {lab["id"] for lab in labels if lab["kind"] == "node"}
    assert set(top) <= shown, set(top) - shown  # the most important actors are labelled


def _top(page, k: int) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate("k => window.kgraphExplorer.data.nodes.filter(n => !n.iso && n.rank < k).map(n => n.id)", k)


def _preferential(n_nodes: int, n_edges: int, seed: int) -> ExplorerData:
    """A news-like graph: a few hubs, long names in two languages, some actors with no relation."""
    rng = random.Random(seed)
    words = ["Northern", "Council", "Brigade", "Forces", "Ministry", "of", "Defence", "Front", "Popular", "Army",
             "Office", "Camp", "Province", "Security", "Committee", "Liberation", "Sheikh", "Omar", "Hassan"]
    ar = ["مجلس", "قوات", "لواء", "وزارة", "الدفاع", "جبهة", "الشمال", "مخيم", "محافظة", "الأمن", "حسن", "عمر"]
    classes = ["Person", "ArmedGroup", "Government", "City", "Military", "Organization", "Camp", "Meeting"]
    nodes = {f"n{i}": ExplorerNode(id=f"n{i}", label_en=" ".join(rng.choice(words) for _ in range(rng.randint(1, 4))),
                                   label_ar=" ".join(rng.choice(ar) for _ in range(rng.randint(1, 3))) if i % 3 else "",
                                   type=rng.choice(classes), mentions=rng.randint(1, 30)) for i in range(n_nodes)}
    edges: set[tuple[str, str, str]] = set()
    props = ["supports", "opposes", "meets", "leads", "memberOf", "locatedIn", "attacks"]
    linked = int(n_nodes * 0.9)
    while len(edges) < n_edges:
        s = min(int(rng.paretovariate(1.1)) - 1, linked - 1) if rng.random() < 0.5 else rng.randrange(linked)
        o = rng.randrange(linked)
        if s != o:
            edges.add((f"n{s}", rng.choice(props), f"n{o}"))
    evidence = {e: [ExplorerEvidence(text=f"{e[0]} {e[1]} {e[2]}.", doc=f"d{rng.randrange(40)}",
                                     date=f"2024-0{rng.randint(1, 6)}-1{rng.randint(0, 9)}")] for e in sorted(edges)}
    return ExplorerData(nodes=nodes, edges=sorted(edges), evidence=evidence, family={"attacks": "opposes"})


@pytest.mark.parametrize("lang", ["both", "en", "ar"])
def test_browser_example_first_view_is_readable(example_out: Path, open_page, lang: str) -> None:
    page = open_page(example_out / "graph.html", width=1400, height=820)
    if lang != "both":
        page.click(f".seg label:has(input[value={lang}])")
    got = _labels(page)
    _assert_readable(got, top=_top(page, 6))
    assert len([lab for lab in got["labels"] if lab["kind"] == "node"]) >= 20
    _assert_clean(page)


@pytest.mark.parametrize(("width", "height"), [(1400, 850), (1280, 720)])
def test_browser_300_actor_first_view_is_readable(open_page, tmp_path: Path, width: int, height: int) -> None:
    path = tmp_path / "g300.html"
    path.write_text(render_html(_preferential(300, 600, seed=3), title="300"), encoding="utf-8")
    page = open_page(path, width=width, height=height)
    got = _labels(page)
    _assert_readable(got, top=_top(page, 3))
    # zooming in shows more labels (level of detail), still without overlaps
    before = len(got["labels"])
    page.evaluate("() => { const n = window.kgraphExplorer.network; n.moveTo({scale: n.getScale() * 3}); }")
    page.wait_for_timeout(100)
    zoomed = _labels(page)
    _assert_readable(zoomed, top=[])
    assert len(zoomed["labels"]) > 0 and before > 0
    _assert_clean(page)


def test_browser_lone_actors_are_listed_not_drawn(example_out: Path, open_page) -> None:
    page = open_page(example_out / "graph.html")
    lone = page.evaluate("window.kgraphExplorer.data.nodes.filter(n => n.iso).map(n => n.id)")
    assert lone, "the example has actors without relations"
    listed = page.evaluate("Array.from(document.querySelectorAll('#iso-list li')).map(li => li.dataset.id)")
    assert sorted(listed) == sorted(lone)
    assert page.evaluate("ids => ids.every(id => window.kgraphExplorer.network.body.nodes[id] === undefined)", lone)
    page.click(f"#iso-list li[data-id='{lone[0]}']")
    assert page.inner_text("#details h3")
    assert page.evaluate("location.hash") == f"#actor=kga:{lone[0]}"
    _assert_clean(page)


# ---------------------------------------------------------------------------------------------- search leads somewhere
def _settle(page, node: str) -> None:  # type: ignore[no-untyped-def]
    """Wait until the view has moved to ``node`` (the move is animated; on a loaded machine frames come late)."""
    page.evaluate("id => { window.__settleOn = id; }", node)
    _wait(page, """(() => {
        const p = window.kgraphExplorer.toDOM(window.__settleOn), g = document.getElementById('graph');
        return p && Math.abs(p.x - g.clientWidth / 2) < 0.03 * g.clientWidth
                 && Math.abs(p.y - g.clientHeight / 2) < 0.03 * g.clientHeight; })()""")
    page.wait_for_timeout(100)


def _centre_offset(page, node: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    return tuple(page.evaluate("""id => {
        const p = window.kgraphExplorer.toDOM(id), g = document.getElementById('graph');
        return [(p.x - g.clientWidth / 2) / g.clientWidth, (p.y - g.clientHeight / 2) / g.clientHeight]; }""", node))


@pytest.mark.parametrize(("query", "match"), [("al-hol", "al_hol_camp"), ("مخيم الهول", "al_hol_camp"),
                                              ("Syrian Democratic", "sdf")])
def test_browser_search_moves_the_view_to_the_match(example_out: Path, open_page, query: str, match: str) -> None:
    page = open_page(example_out / "graph.html")
    scale = page.evaluate("window.kgraphExplorer.scale()")
    page.fill("#search", query)
    _wait(page, "document.querySelectorAll('#results li[data-id]').length > 0")
    # the matches are at the top of the side panel, above the details
    top = page.evaluate("[document.getElementById('results').getBoundingClientRect().top, "
                        "document.getElementById('details').getBoundingClientRect().top]")
    assert top[0] < top[1] < 200
    page.press("#search", "Enter")
    assert page.evaluate("window.kgraphExplorer.state.selected") == {"kind": "node", "id": match}
    _settle(page, match)
    dx, dy = _centre_offset(page, match)
    assert abs(dx) < 0.05 and abs(dy) < 0.05, (dx, dy)  # the match is in the middle of the view
    assert page.evaluate("window.kgraphExplorer.scale()") > scale  # and zoomed in
    assert page.evaluate("location.hash") == f"#actor=kga:{match}"
    assert match in {lab["id"] for lab in _labels(page)["labels"]}
    _assert_clean(page)


def test_browser_url_keeps_the_selection(example_out: Path, open_page) -> None:
    url = (example_out / "graph.html").resolve().as_uri()
    page = open_page(example_out / "graph.html")
    page.goto(url + "#actor=kga:isis")
    _wait(page, "window.kgraphExplorer && window.kgraphExplorer.state.selected !== null")
    assert page.evaluate("window.kgraphExplorer.state.selected") == {"kind": "node", "id": "isis"}
    _settle(page, "isis")
    assert page.inner_text("#details h3") == "ISIS"
    dx, dy = _centre_offset(page, "isis")
    assert abs(dx) < 0.05 and abs(dy) < 0.05
    # a relation too
    edge = page.evaluate("window.kgraphExplorer.data.edges.findIndex(e => e.from === 'isis')")
    page.evaluate("i => window.kgraphExplorer.selectEdge(i)", edge)
    shared = page.evaluate("location.hash")
    assert shared.startswith("#relation=kga:isis/kg:")
    page.goto(url + shared)
    _wait(page, "window.kgraphExplorer && window.kgraphExplorer.state.selected !== null")
    assert page.evaluate("window.kgraphExplorer.state.selected") == {"kind": "edge", "id": edge}
    _assert_clean(page)


# ---------------------------------------------------------------------------------------------- time
def test_browser_date_control_filters_facts(open_page, tmp_path: Path) -> None:
    page = _open_world(open_page, tmp_path)
    assert page.is_visible("#time-box")
    buckets = page.evaluate("window.kgraphExplorer.buckets()")
    assert buckets[0] == "2024-01-02" and buckets[-1] == "2024-02-03"
    page.fill("#date-to", "0")  # up to 2 January: the facts asserted in the first report
    assert page.inner_text("#date-value") == "2024-01-02"
    nodes, edges = _visible(page)
    assert edges == {("north_front", "attacks", "river_council"), ("security_forces", "opposes", "north_front"),
                     ("security_forces", "supports", "river_council"), ("river_council", "locatedIn", "port_city")}
    assert "lena_ross" not in nodes  # her only relation is from February
    page.fill("#date-to", str(len(buckets) - 1))
    page.fill("#date-from", str(len(buckets) - 1))  # February only
    nodes, edges = _visible(page)
    assert edges == {("north_front", "attacks", "river_council"), ("security_forces", "supports", "river_council"),
                     ("lena_ross", "memberOf", "river_council")}
    assert "port_city" not in nodes
    # the minimum support counts the evidence in the range: 2 supporting sentences in February
    page.fill("#support", "2")
    assert _visible(page)[1] == {("security_forces", "supports", "river_council")}
    # the relation's panel: its evidence oldest first, what lies outside the range dimmed, and its timeline
    page.evaluate("""() => { const x = window.kgraphExplorer;
        x.selectEdge(x.data.edges.findIndex(e => e.from === 'security_forces' && e.p === 'supports')); }""")
    dates = page.evaluate("""() => Array.from(document.querySelectorAll('#details .ev')).map(e =>
        [e.querySelector('bdi').textContent, e.classList.contains('out')])""")
    assert dates == [["2024-01-02", True], ["2024-02-03", False], ["2024-02-03", False]]
    assert page.locator("#details .timeline span").count() == len(buckets)
    page.click("#reset")
    assert len(_visible(page)[1]) == 5
    _assert_clean(page)


# ---------------------------------------------------------------------------------------------- WebGL
def _webgl_pixel(page, node: str) -> list[int]:  # type: ignore[no-untyped-def]
    """The colour sigma drew at a node's centre (read from the WebGL node layer right after a render)."""
    return page.evaluate("""id => { const x = window.kgraphExplorer, s = x.sigma; s.refresh();
        const c = s.getCanvases().nodes, gl = c.getContext('webgl2') || c.getContext('webgl');
        const p = x.toDOM(id), r = c.width / c.clientWidth, px = new Uint8Array(4);
        gl.readPixels(Math.round(p.x * r), Math.round(c.height - p.y * r), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
        return Array.from(px); }""", node)


def test_browser_webgl_renderer_draws_searches_and_shows_panels(open_page, tmp_path: Path) -> None:
    path = tmp_path / "webgl.html"
    path.write_text(render_html(_world(), title="World", family=FAMILY, renderer="webgl"), encoding="utf-8")
    page = open_page(path)
    assert page.evaluate("window.kgraphExplorer.renderer") == "webgl"
    assert page.evaluate("typeof vis") == "undefined"  # only the renderer the page needs is inlined
    colour = page.evaluate("window.kgraphExplorer.data.classes.ArmedGroup.color")
    want = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    got = _webgl_pixel(page, "north_front")
    assert all(abs(a - b) < 40 for a, b in zip(got[:3], want, strict=True)), (got, want)
    _wait(page, "window.kgraphExplorer.labels().length > 0")  # WebGL: placed once the view rests
    _assert_readable(_labels(page), top=_top(page, 3))
    page.fill("#search", "قوات الامن")
    _wait(page, "document.querySelectorAll('#results li[data-id]').length > 0")
    page.press("#search", "Enter")
    _settle(page, "security_forces")
    dx, dy = _centre_offset(page, "security_forces")
    assert abs(dx) < 0.05 and abs(dy) < 0.05
    assert page.inner_text("#details h3") == "Security Forces"
    pos = page.evaluate("window.kgraphExplorer.toDOM('lena_ross')")
    page.fill("#search", "")
    page.wait_for_timeout(100)
    pos = page.evaluate("window.kgraphExplorer.toDOM('lena_ross')")
    box = page.evaluate("(r => [r.left, r.top])(document.getElementById('graph').getBoundingClientRect())")
    page.mouse.click(box[0] + pos["x"], box[1] + pos["y"])
    assert page.inner_text("#details h3") == "Lena Ross"
    _assert_clean(page)


def test_browser_large_graph_draws_with_webgl_and_answers(open_page, tmp_path: Path) -> None:
    # speed is measured by benchmarks/render_large.py; this checks that a graph past the threshold works
    path = tmp_path / "big.html"
    path.write_text(render_html(_random_data(6000, 24000, seed=2), title="big"), encoding="utf-8")
    page = open_page(path)
    assert page.evaluate("window.kgraphExplorer.renderer") == "webgl"
    assert page.evaluate("window.kgraphExplorer.data.nodes.length") == 6000
    _wait(page, "window.kgraphExplorer.labels().length > 0")
    _assert_readable(_labels(page), top=_top(page, 1))
    page.fill("#search", "Actor 4321")
    _wait(page, "document.querySelectorAll('#results li[data-id]').length > 0")
    page.press("#search", "Enter")
    assert page.inner_text("#details h3") == "Actor 4321"
    _settle(page, "n4321")
    dx, dy = _centre_offset(page, "n4321")
    assert abs(dx) < 0.05 and abs(dy) < 0.05
    _assert_clean(page)
