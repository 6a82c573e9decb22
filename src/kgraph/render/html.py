"""networkx graph → one self-contained HTML page (vis-network from the pyvis package, inlined).

No network access at view time: the vis-network script ships inside pyvis and is inlined. All text is
passed as JSON inside a ``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and
inserted into the page with ``textContent`` only, so labels and evidence can never run as HTML.
"""

from __future__ import annotations

import functools
import html
import json
from pathlib import Path
from typing import Any

import networkx as nx

CLASS_COLORS = {
    "Person": "#e07a5f", "Organization": "#3d5a80", "Government": "#2a9d8f", "ArmedGroup": "#c1121f",
    "Coalition": "#5f0f40", "Media": "#8d99ae", "Military": "#1d3557", "Place": "#81b29a", "Country": "#81b29a",
    "Province": "#a7c957", "City": "#a7c957", "Facility": "#f2cc8f", "Camp": "#f2cc8f", "Prison": "#f2cc8f",
    "Event": "#ffb703", "Meeting": "#ffb703", "Attack": "#d62828", "Group": "#b5838d", "Actor": "#6c757d",
}
PROPERTY_COLORS = {
    "supports": "#2a9d8f", "opposes": "#d62828", "threatens": "#f77f00", "meets": "#457b9d",
    "participatesIn": "#ffb703", "memberOf": "#6c757d", "leads": "#5f0f40", "locatedIn": "#81b29a",
    "requests": "#9d4edd", "controls": "#7f5539",
}


@functools.lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The vis-network script shipped in the pyvis package (read once)."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib"
    candidates = sorted(lib.glob("vis-*/vis-network.min.js"))
    if not candidates:
        from kgraph.errors import OutputError

        raise OutputError("vis-network.min.js not found in the pyvis package",
                          fix="reinstall pyvis: pip install --force-reinstall 'pyvis>=0.3.2'")
    return candidates[-1].read_text(encoding="utf-8")


def _safe_json(data: Any) -> str:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True)
            .replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def graph_payload(g: nx.MultiDiGraph, *, family: dict[str, str] | None = None) -> dict[str, Any]:
    """Nodes and edges as plain JSON-able data, with a layout computed in Python."""
    pos = nx.spring_layout(nx.Graph(g), seed=7, k=None, iterations=60) if len(g) else {}
    fam = family or {}
    nodes = []
    for n, d in sorted(g.nodes(data=True)):
        x, y = pos.get(n, (0.0, 0.0))
        nodes.append({"id": n, "label": d.get("label", n), "label_en": d.get("label_en", ""),
                      "label_ar": d.get("label_ar", ""), "type": d.get("type", "Actor"),
                      "mentions": d.get("mentions", 0), "documents": d.get("documents", 0),
                      "aliases": d.get("aliases", ""), "x": round(float(x) * 1000, 1),
                      "y": round(float(y) * 1000, 1), "color": CLASS_COLORS.get(d.get("type", ""), "#6c757d")})
    edges = []
    for s, o, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        base = fam.get(k, k)
        edges.append({"from": s, "to": o, "predicate": k, "family": base,
                      "weight": d.get("weight", 1), "evidence": d.get("evidence", ""),
                      "speakers": d.get("speakers", ""), "color": PROPERTY_COLORS.get(base, "#999999")})
    return {"nodes": nodes, "edges": edges}


_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>__TITLE__</title>
<style>
body{margin:0;font-family:"Noto Sans","Noto Sans Arabic","DejaVu Sans",sans-serif;display:flex;height:100vh}
#graph{flex:1;min-width:0}#side{width:340px;overflow:auto;border-left:1px solid #ddd;padding:10px;font-size:14px}
#side h2{font-size:16px;margin:4px 0}.ev{border-top:1px solid #eee;padding:4px 0;unicode-bidi:plaintext}
</style></head><body>
<div id="graph"></div><div id="side"><h2 id="title"></h2><p id="info">Click a node or an edge.</p><div id="details"></div></div>
<script type="application/json" id="kgraph-data">__DATA__</script>
<script>__VIS__</script>
<script>
(function(){
  var data = JSON.parse(document.getElementById('kgraph-data').textContent);
  document.getElementById('title').textContent = data.title;
  var nodes = new vis.DataSet(data.nodes.map(function(n){return {id:n.id,label:n.label,x:n.x,y:n.y,
      color:n.color,shape:'dot',size:8+Math.min(30,Math.sqrt(n.mentions)*3),title:n.type};}));
  var edges = new vis.DataSet(data.edges.map(function(e,i){return {id:i,from:e.from,to:e.to,label:e.predicate,
      color:{color:e.color},width:Math.min(8,1+Math.log(1+e.weight)),arrows:'to',font:{size:9}};}));
  var net = new vis.Network(document.getElementById('graph'), {nodes:nodes, edges:edges},
      {physics:false, interaction:{hover:true}});
  var details = document.getElementById('details');
  function row(text){var d=document.createElement('div');d.className='ev';d.textContent=text;details.appendChild(d);}
  net.on('click', function(p){
    details.textContent='';
    if(p.nodes.length){var n=data.nodes.find(function(x){return x.id===p.nodes[0];});
      row(n.label+' ('+n.type+')');row('ar: '+n.label_ar);row('en: '+n.label_en);row('aliases: '+n.aliases);
      row('mentions: '+n.mentions+', documents: '+n.documents);}
    else if(p.edges.length){var e=data.edges[p.edges[0]];
      row(e.from+' '+e.predicate+' '+e.to);row('assertions: '+e.weight);row('speakers: '+e.speakers);row(e.evidence);}
  });
  window.kgraphNetwork = net;
})();
</script></body></html>
"""


def render_html(g: nx.MultiDiGraph, *, title: str = "kgraph", family: dict[str, str] | None = None) -> str:
    """Return the self-contained HTML page of ``g`` (a :func:`kgraph.graph.to_networkx` projection)."""
    payload = graph_payload(g, family=family)
    payload["title"] = title
    page = _TEMPLATE.replace("__TITLE__", html.escape(title)).replace("__DATA__", _safe_json(payload))
    return page.replace("__VIS__", vis_network_js().replace("</script", "<\\/script"))
