/* kgraph explorer: reads the JSON block, draws it with vis-network, wires filters, search and panels.
   Text from the data is only ever inserted with textContent (or vis-network's canvas / innerText). */
(function () {
  'use strict';
  performance.mark('kgraph-start');
  var data = JSON.parse(document.getElementById('kgraph-data').textContent);
  var FONT = '"Noto Sans","Noto Sans Arabic","Noto Naskh Arabic","DejaVu Sans",sans-serif';
  var SYMBOL = {dot: '\u25CF', square: '\u25A0', triangle: '\u25B2', triangleDown: '\u25BC', diamond: '\u25C6',
                star: '\u2605', hexagon: '\u2B22'};
  var big = data.edges.length > 1500 || data.nodes.length > 800;
  var byId = new Map();
  data.nodes.forEach(function (n) { byId.set(n.id, n); });
  data.edges.forEach(function (e, i) { e.id = i; });

  // ------------------------------------------------------------------ text helpers
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  var AR_DIACRITICS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
  /* the same folding as kgraph.ingest.normalize.fold: NFKC, no diacritics or tatweel, one alef, case-folded */
  function fold(s) {
    return String(s || '').normalize('NFKC').replace(AR_DIACRITICS, '')
      .replace(/[\u0623\u0625\u0622\u0671]/g, '\u0627').replace(/\u0649/g, '\u064a').replace(/\u0629/g, '\u0647')
      .replace(/\u0624/g, '\u0648').replace(/\u0626/g, '\u064a').toLowerCase().replace(/\s+/g, ' ').trim();
  }
  data.nodes.forEach(function (n) { n.key = fold([n.id, n.en, n.ar].concat(n.aliases).join(' \u0001 ')); });

  var state = {lang: 'both', props: new Set(Object.keys(data.properties)), classes: new Set(Object.keys(data.classes)),
               minSupport: 1, query: '', focus: null};

  function labelOf(n, lang) {
    lang = lang || state.lang;
    if (!n) { return ''; }
    if (lang === 'en') { return n.en || n.ar || n.id; }
    if (lang === 'ar') { return n.ar || n.en || n.id; }
    if (n.en && n.ar && n.en !== n.ar) { return n.en + '\n' + n.ar; }
    return n.en || n.ar || n.id;
  }
  function nameOf(id) { var n = byId.get(id); return n ? labelOf(n, state.lang === 'ar' ? 'ar' : 'en') : id; }
  function classStyle(t) { return data.classes[t] || {color: '#6c757d', shape: 'dot'}; }
  function propStyle(p) { return data.properties[p] || {color: '#999999', family: p}; }
  function propName(p) { var f = propStyle(p).family; return f && f !== p ? p + ' (' + f + ')' : p; }

  // ------------------------------------------------------------------ vis data
  var pairs = new Map();
  data.edges.forEach(function (e) {
    var k = e.from < e.to ? e.from + '\u0000' + e.to : e.to + '\u0000' + e.from;
    pairs.set(k, (pairs.get(k) || 0) + 1);
    e.pairKey = k;
  });
  /* per-item options are few: class styles live in vis groups, fonts and arrows in the global options */
  function visNode(n) {
    return {id: n.id, label: labelOf(n), x: n.x, y: n.y, group: n.type,
            size: (big ? 9 : 12) + Math.min(22, Math.sqrt(n.mentions || 0) * 3), title: labelOf(n, 'both') + '\n' + n.type};
  }
  function visEdge(e) {
    var out = {id: e.id, from: e.from, to: e.to, color: propStyle(e.p).color,
               width: Math.min(10, 1 + 1.6 * Math.log2(Math.max(1, e.support))),
               title: nameOf(e.from) + ' \u2192 ' + propName(e.p) + ' \u2192 ' + nameOf(e.to) + '\nsupport ' + e.support};
    if (pairs.get(e.pairKey) > 1) { out.smooth = {enabled: true, type: 'curvedCW', roundness: 0.15 + 0.14 * e.lane}; }
    if (data.edges.length <= 120) { out.label = e.p; }
    return out;
  }
  var groups = {};
  Object.keys(data.classes).forEach(function (t) {
    var st = classStyle(t);
    groups[t] = {shape: st.shape, color: {background: st.color, border: '#ffffff',
                 highlight: {background: st.color, border: '#111111'}, hover: {background: st.color, border: '#111111'}}};
  });
  performance.mark('kgraph-parsed');
  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  performance.mark('kgraph-datasets');
  var container = document.getElementById('graph');
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, {
    physics: false,
    layout: {improvedLayout: false, randomSeed: 7},
    interaction: {hover: !big, tooltipDelay: 250, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: false,
                  navigationButtons: false, keyboard: false},
    groups: groups,
    edges: {selectionWidth: 2, hoverWidth: 1, smooth: false, arrows: {to: {enabled: true, scaleFactor: 0.55}},
            color: {opacity: 0.85, inherit: false},
            font: {face: FONT, size: big ? 10 : 12, color: '#52606d', strokeWidth: 3, strokeColor: '#ffffff', align: 'middle'}},
    nodes: {borderWidth: 1.5, font: {face: FONT, size: big ? 13 : 17, color: '#1f2933', strokeWidth: 3, strokeColor: '#ffffff'},
            scaling: {label: {drawThreshold: 6}}}
  });
  performance.mark('kgraph-network');
  window.kgraphDrawn = null;
  network.once('beforeDrawing', function () { performance.mark('kgraph-before-draw'); });
  network.once('afterDrawing', function () { window.kgraphDrawn = performance.now(); });

  // ------------------------------------------------------------------ visibility
  var shownNodes = new Set(data.nodes.map(function (n) { return n.id; }));
  var shownEdges = new Set(data.edges.map(function (e) { return e.id; }));
  function apply() {
    var edgeOk = data.edges.filter(function (e) {
      var a = byId.get(e.from), b = byId.get(e.to);
      return state.props.has(e.p) && e.support >= state.minSupport && state.classes.has(a.type) && state.classes.has(b.type);
    });
    var adj = new Map();
    edgeOk.forEach(function (e) {
      if (!adj.has(e.from)) { adj.set(e.from, new Set()); }
      if (!adj.has(e.to)) { adj.set(e.to, new Set()); }
      adj.get(e.from).add(e.to); adj.get(e.to).add(e.from);
    });
    var keep = new Set();
    var matches = [];
    var q = fold(state.query);
    data.nodes.forEach(function (n) {
      if (!state.classes.has(n.type)) { return; }
      if (q && n.key.indexOf(q) >= 0) { matches.push(n); }
      keep.add(n.id);
    });
    function around(ids) {
      var out = new Set();
      ids.forEach(function (id) {
        if (!keep.has(id)) { return; }
        out.add(id);
        (adj.get(id) || []).forEach(function (m) { if (keep.has(m)) { out.add(m); } });
      });
      return out;
    }
    if (q) { keep = around(matches.map(function (n) { return n.id; })); }
    if (state.focus !== null) { keep = around([state.focus]); }
    var nodeUpdates = [], edgeUpdates = [];
    data.nodes.forEach(function (n) {
      var vis = keep.has(n.id);
      if (vis !== shownNodes.has(n.id)) {
        nodeUpdates.push({id: n.id, hidden: !vis});
        if (vis) { shownNodes.add(n.id); } else { shownNodes.delete(n.id); }
      }
    });
    var okIds = new Set(edgeOk.filter(function (e) { return keep.has(e.from) && keep.has(e.to); })
      .map(function (e) { return e.id; }));
    data.edges.forEach(function (e) {
      var vis = okIds.has(e.id);
      if (vis !== shownEdges.has(e.id)) {
        edgeUpdates.push({id: e.id, hidden: !vis});
        if (vis) { shownEdges.add(e.id); } else { shownEdges.delete(e.id); }
      }
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    showResults(q ? matches : null);
    document.getElementById('counts').textContent = shownNodes.size + ' of ' + data.nodes.length + ' actors \u00b7 ' +
      shownEdges.size + ' of ' + data.edges.length + ' relations';
  }

  function showResults(matches) {
    var box = document.getElementById('results-box'), list = document.getElementById('results');
    list.textContent = '';
    box.hidden = matches === null;
    if (matches === null) { return; }
    if (!matches.length) { list.appendChild(el('li', 'hint', 'No actor matches.')); return; }
    matches.slice(0, 50).forEach(function (n) {
      var li = el('li', null, labelOf(n, 'both').replace('\n', ' \u00b7 '));
      li.dir = 'auto';
      li.addEventListener('click', function () { select(n.id); });
      list.appendChild(li);
    });
  }

  // ------------------------------------------------------------------ side panel
  var details = document.getElementById('details');
  function kv(dl, key, value, cls) {
    if (value === undefined || value === null || value === '') { return; }
    dl.appendChild(el('dt', null, key));
    var dd = el('dd', cls, value);
    dd.dir = 'auto';
    dl.appendChild(dd);
  }
  function docLine(ref) {
    var d = data.documents[ref];
    if (!d) { return el('li', null, '(unknown document)'); }
    var li = el('li', null, (d.title || d.source || d.id) + (d.date ? ' \u00b7 ' + d.date : ''));
    li.dir = 'auto';
    if (d.source && d.title) { li.title = d.source; }
    return li;
  }
  function showNode(id) {
    var n = byId.get(id);
    details.textContent = '';
    if (!n) { return; }
    var h = el('h3', null, labelOf(n, state.lang === 'ar' ? 'ar' : 'en'));
    h.dir = 'auto';
    details.appendChild(h);
    var st = classStyle(n.type);
    var type = el('div', 'meta');
    var sw = el('span', 'sw', SYMBOL[st.shape] || SYMBOL.dot);
    sw.style.color = st.color;
    type.appendChild(sw);
    type.appendChild(document.createTextNode(' ' + n.type));
    details.appendChild(type);
    var dl = el('dl', 'kv');
    kv(dl, 'English', n.en);
    kv(dl, 'Arabic', n.ar, 'ar');
    kv(dl, 'id', n.id);
    kv(dl, 'mentions', String(n.mentions));
    kv(dl, 'documents', String(n.ndocs));
    var rel = data.edges.filter(function (e) { return e.from === id || e.to === id; }).length;
    kv(dl, 'relations', String(rel));
    details.appendChild(dl);
    if (n.aliases.length) {
      details.appendChild(el('h2', null, 'Also called'));
      var ul = el('ul', 'docs');
      n.aliases.forEach(function (a) { var li = el('li', null, a); li.dir = 'auto'; ul.appendChild(li); });
      details.appendChild(ul);
    }
    if (n.docs.length) {
      details.appendChild(el('h2', null, 'Documents'));
      var dul = el('ul', 'docs');
      n.docs.forEach(function (r) { dul.appendChild(docLine(r)); });
      details.appendChild(dul);
    }
    var b = el('button', null, state.focus === id ? 'Show all' : 'Focus on neighbourhood');
    b.type = 'button';
    b.addEventListener('click', function () { focusOn(state.focus === id ? null : id); showNode(id); });
    details.appendChild(b);
  }
  function actorLink(id) {
    var s = el('span', 'link', nameOf(id));
    s.dir = 'auto';
    s.addEventListener('click', function () { select(id); });
    return s;
  }
  function showEdge(eid) {
    var e = data.edges[eid];
    details.textContent = '';
    if (!e) { return; }
    var h = el('h3');
    h.appendChild(actorLink(e.from));
    var p = el('span', null, ' \u2014' + propName(e.p) + '\u2192 ');
    p.style.color = propStyle(e.p).color;
    h.appendChild(p);
    h.appendChild(actorLink(e.to));
    details.appendChild(h);
    var dl = el('dl', 'kv');
    kv(dl, 'relation', propName(e.p));
    kv(dl, 'support', String(e.support) + ' of ' + e.assertions + ' assertion' + (e.assertions === 1 ? '' : 's'));
    kv(dl, 'documents', String(e.ndocs));
    kv(dl, 'dates', e.first && e.last && e.first !== e.last ? e.first + ' \u2013 ' + e.last : e.first);
    details.appendChild(dl);
    details.appendChild(el('h2', null, 'Evidence'));
    if (!e.ev.length) { details.appendChild(el('p', 'hint', 'No evidence sentence recorded for this relation.')); }
    e.ev.forEach(function (v) {
      var box = el('div', 'ev');
      var q = el('blockquote', null, v.t);
      q.dir = 'auto';
      box.appendChild(q);
      var meta = el('div', 'meta');
      meta.appendChild(el('span', 'flag ' + (v.neg ? 'neg' : v.hedge ? 'hedge' : 'ok'),
                          v.neg ? 'negated' : v.hedge ? 'hedged' : 'asserted'));
      if (v.neg && v.hedge) { meta.appendChild(el('span', 'flag hedge', 'hedged')); }
      /* each value isolated (bdi) so an Arabic name does not reorder the labels around it */
      var bits = [];
      if (v.s) { bits.push(['speaker', nameOf(v.s)]); }
      if (v.d) { bits.push(['date', v.d]); }
      var d = data.documents[v.doc];
      if (d) { bits.push(['document', d.title || d.source || d.id]); }
      bits.forEach(function (b, k) {
        meta.appendChild(document.createTextNode((k ? ' \u00b7 ' : '') + b[0] + ': '));
        meta.appendChild(el('bdi', null, b[1]));
      });
      box.appendChild(meta);
      details.appendChild(box);
    });
  }

  // ------------------------------------------------------------------ actions
  function select(id) {
    if (!shownNodes.has(id)) { reset(); }
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: false});
    showNode(id);
  }
  function focusOn(id) { state.focus = id; apply(); }
  function setLang(lang) {
    state.lang = lang;
    nodes.update(data.nodes.map(function (n) { return {id: n.id, label: labelOf(n)}; }));
    document.querySelectorAll('input[name=lang]').forEach(function (r) { r.checked = r.value === lang; });
  }
  function search(q) { state.query = q; state.focus = null; apply(); }
  function reset() {
    state.query = ''; state.focus = null; state.minSupport = 1;
    state.props = new Set(Object.keys(data.properties)); state.classes = new Set(Object.keys(data.classes));
    document.getElementById('search').value = '';
    document.getElementById('support').value = '1';
    document.getElementById('support-value').textContent = '1';
    document.querySelectorAll('.legend input').forEach(function (c) { c.checked = true; });
    apply();
    network.fit({animation: false});
  }

  // ------------------------------------------------------------------ controls and legends
  function legend(listId, entries, set, swatch) {
    var ul = document.getElementById(listId);
    entries.forEach(function (ent) {
      var li = el('li'), lab = el('label'), cb = el('input');
      cb.type = 'checkbox'; cb.checked = true; cb.value = ent.key;
      cb.addEventListener('change', function () {
        if (cb.checked) { set().add(ent.key); } else { set().delete(ent.key); }
        apply();
      });
      lab.appendChild(cb);
      lab.appendChild(swatch(ent.key));
      lab.appendChild(el('span', null, ent.name));
      li.appendChild(lab);
      li.appendChild(el('span', 'n', String(ent.count)));
      ul.appendChild(li);
    });
  }
  function counts(items, key) {
    var m = new Map();
    items.forEach(function (x) { m.set(x[key], (m.get(x[key]) || 0) + 1); });
    return m;
  }
  var pc = counts(data.edges, 'p'), cc = counts(data.nodes, 'type');
  legend('legend-props', Object.keys(data.properties).sort().map(function (p) {
    return {key: p, name: propName(p), count: pc.get(p) || 0};
  }), function () { return state.props; }, function (p) {
    var b = el('span', 'bar'); b.style.background = propStyle(p).color; return b;
  });
  legend('legend-classes', Object.keys(data.classes).sort().map(function (t) {
    return {key: t, name: t, count: cc.get(t) || 0};
  }), function () { return state.classes; }, function (t) {
    var st = classStyle(t), s = el('span', 'sw', SYMBOL[st.shape] || SYMBOL.dot); s.style.color = st.color; return s;
  });
  var maxSupport = data.edges.reduce(function (m, e) { return Math.max(m, e.support); }, 1);
  var slider = document.getElementById('support');
  slider.max = String(maxSupport);
  slider.addEventListener('input', function () {
    state.minSupport = Number(slider.value);
    document.getElementById('support-value').textContent = slider.value;
    apply();
  });
  var timer = null;
  document.getElementById('search').addEventListener('input', function (ev) {
    var v = ev.target.value;
    clearTimeout(timer);
    timer = setTimeout(function () { search(v); }, big ? 150 : 0);
  });
  document.getElementById('search').addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter') { return; }
    var first = document.querySelector('#results li:not(.hint)');
    if (first) { first.click(); }
  });
  document.querySelectorAll('input[name=lang]').forEach(function (r) {
    r.addEventListener('change', function () { if (r.checked) { setLang(r.value); } });
  });
  document.getElementById('reset').addEventListener('click', reset);
  document.getElementById('fit').addEventListener('click', function () { network.fit({animation: false}); });
  network.on('click', function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); } else if (p.edges.length) { showEdge(p.edges[0]); }
  });
  network.on('doubleClick', function (p) { if (p.nodes.length) { focusOn(p.nodes[0]); showNode(p.nodes[0]); } });

  document.getElementById('title').textContent = data.title;
  apply();

  /* the explorer's state and actions, for scripting and tests */
  window.kgraphExplorer = {network: network, data: data, state: state, apply: apply, showNode: showNode,
    showEdge: showEdge, select: select, setLang: setLang, search: search, focus: focusOn, reset: reset, fold: fold,
    visible: function () { return {nodes: Array.from(shownNodes), edges: Array.from(shownEdges)}; }};
}());
