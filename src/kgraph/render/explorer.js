/* kgraph explorer: reads the JSON blocks, draws the graph (vis-network, or sigma.js/WebGL for large graphs),
   places the labels itself (by importance, none overlapping), and wires search, dates, filters and panels.
   Text from the data is only ever inserted with textContent or drawn on a canvas. */
(function () {
  'use strict';
  performance.mark('kgraph-start');
  var data = JSON.parse(document.getElementById('kgraph-data').textContent);
  performance.mark('kgraph-parsed');
  /* documents and evidence sit in blocks of their own, parsed when a panel first needs them */
  var docsData = null, evData = null;
  function docsBlock() {
    if (!docsData) { docsData = JSON.parse(document.getElementById('kgraph-docs').textContent); }
    return docsData;
  }
  function evidenceOf(i) {  /* [sentence, speaker, date, document, negated, hedged, copy of a story] */
    if (!evData) { evData = JSON.parse(document.getElementById('kgraph-evidence').textContent); }
    return (evData[i] || []).map(function (v) {
      return {t: v[0], s: v[1], d: v[2], doc: v[3], neg: !!v[4], hedge: !!v[5], copy: !!v[6]};
    });
  }
  function details() {
    return {docs: docsBlock().docs, documents: docsBlock().documents,
            ev: data.edges.map(function (e, i) { return evidenceOf(i); })};
  }
  var FONT = '"Noto Sans","Noto Sans Arabic","Noto Naskh Arabic","DejaVu Sans",sans-serif';
  var SYMBOL = {dot: '\u25CF', square: '\u25A0', triangle: '\u25B2', triangleDown: '\u25BC', diamond: '\u25C6',
                star: '\u2605', hexagon: '\u2B22'};
  var WEBGL = data.renderer === 'webgl';
  var LABEL = {size: 12, topSize: 13.5, top: 12, sure: 8, maxLabels: 400, maxTries: WEBGL ? 1500 : 5000, glyphs: 3000,
               edgeLabels: 150};
  var byId = new Map(), linked = [], isolated = [];
  data.nodes.forEach(function (n, i) {
    n.i = i; byId.set(n.id, n);
    if (n.iso) { isolated.push(n); } else { linked.push(n); }
  });
  var byRank = data.nodes.slice().sort(function (a, b) { return a.rank - b.rank; });
  isolated.sort(function (a, b) { return a.rank - b.rank; });
  var incidentMap = null;
  for (var ei = 0; ei < data.edges.length; ei++) { data.edges[ei].id = ei; }
  function incident(id) {  /* the edges of an actor (made on first use) */
    if (!incidentMap) {
      incidentMap = new Map();
      data.edges.forEach(function (e, i) {
        var a = incidentMap.get(e.from), b = incidentMap.get(e.to);
        if (!a) { a = []; incidentMap.set(e.from, a); }
        a.push(i);
        if (e.to !== e.from) {
          if (!b) { b = []; incidentMap.set(e.to, b); }
          b.push(i);
        }
      });
    }
    return incidentMap.get(id) || [];
  }
  var maxW = byRank.length ? Math.max(1, byRank[0].w) : 1;

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
  var keysReady = false;
  function searchKeys() {  /* folded search keys, made on the first search */
    if (keysReady) { return; }
    data.nodes.forEach(function (n) { n.key = ' \u0001 ' + fold([n.id, n.en, n.ar].concat(n.aliases).join(' \u0001 ')) + ' \u0001 '; });
    keysReady = true;
  }
  var ARABIC = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;
  var LATIN = /[A-Za-z\u00c0-\u024f]/;
  function isRtl(s) {  /* first strong character */
    for (var k = 0; k < s.length; k++) {
      if (ARABIC.test(s[k])) { return true; }
      if (LATIN.test(s[k])) { return false; }
    }
    return false;
  }

  var state = {lang: 'both', props: new Set(Object.keys(data.properties)), classes: new Set(Object.keys(data.classes)),
               minSupport: 1, query: '', focus: null, from: 0, to: 0, undated: true, selected: null, hover: null};

  function labelLines(n, lang) {
    lang = lang || state.lang;
    if (!n) { return ['']; }
    if (lang === 'en') { return [n.en || n.ar || n.id]; }
    if (lang === 'ar') { return [n.ar || n.en || n.id]; }
    if (n.en && n.ar && n.en !== n.ar) { return [n.en, n.ar]; }
    return [n.en || n.ar || n.id];
  }
  function labelOf(n, lang) { return labelLines(n, lang).join('\n'); }
  var SHORT = 34;
  function shortLines(n) {
    /* what the canvas shows: a long name by its acronym when it has one (CJTF-OIR), else cut with an ellipsis */
    if (n.short === undefined) {
      n.short = null;
      (n.aliases || []).forEach(function (a) {
        if (/^[A-Z][A-Z0-9\-&.]{1,11}$/.test(a) && (!n.short || a.length > n.short.length)) { n.short = a; }
      });
    }
    return labelLines(n).map(function (t) {
      if (t.length <= SHORT) { return t; }
      if (n.short && !isRtl(t)) { return n.short; }
      return t.slice(0, SHORT - 1).trim() + '\u2026';
    });
  }
  function nameOf(id) { var n = byId.get(id); return n ? labelOf(n, state.lang === 'ar' ? 'ar' : 'en') : id; }
  function classStyle(t) { return data.classes[t] || {color: '#6c757d', shape: 'dot'}; }
  function propStyle(p) { return data.properties[p] || {color: '#999999', family: p}; }
  function propName(p) { var f = propStyle(p).family; return f && f !== p ? p + ' (' + f + ')' : p; }
  function swatch(t) {
    var st = classStyle(t), s = el('span', 'sw', SYMBOL[st.shape] || SYMBOL.dot);
    s.style.color = st.color;
    return s;
  }
  function importance(n) { return Math.sqrt((n.w || 0) / maxW); }

  // ------------------------------------------------------------------ dates: buckets for the range control
  var dates = data.dates || [];
  var time = {buckets: [], ofDate: []};
  (function () {
    if (!dates.length) { return; }
    var first = new Date(dates[0] + 'T00:00:00Z'), last = new Date(dates[dates.length - 1] + 'T00:00:00Z');
    var days = (last - first) / 864e5;
    var unit = days <= 62 ? 10 : days <= 366 * 8 ? 7 : 4;  /* YYYY-MM-DD, YYYY-MM or YYYY */
    var seen = new Map();
    dates.forEach(function (d, i) {
      var key = d.slice(0, unit);
      if (!seen.has(key)) { seen.set(key, time.buckets.length); time.buckets.push({key: key, n: 0}); }
      time.ofDate[i] = seen.get(key);
    });
    if (unit === 10 && !isNaN(first)) {  /* every day between, so the histogram shows the gaps */
      var all = [], map = new Map();
      for (var t = first.getTime(); t <= last.getTime(); t += 864e5) {
        var k = new Date(t).toISOString().slice(0, 10);
        map.set(k, all.length); all.push({key: k, n: 0});
      }
      if (all.length <= 400) {
        time.buckets = all;
        time.ofDate = dates.map(function (d) { return map.get(d); });
      }
    }
    data.edges.forEach(function (e) {
      e.t.forEach(function (d) { if (d >= 0) { time.buckets[time.ofDate[d]].n++; } });
    });
  }());
  state.to = Math.max(0, time.buckets.length - 1);
  function timeFiltered() { return time.buckets.length > 0 && (state.from > 0 || state.to < time.buckets.length - 1 || !state.undated); }
  function supportNow(e) {
    if (!timeFiltered()) { return e.support; }
    var n = 0;
    for (var k = 0; k < e.t.length; k++) {
      var d = e.t[k];
      if (d < 0) { if (state.undated) { n++; } } else {
        var b = time.ofDate[d];
        if (b >= state.from && b <= state.to) { n++; }
      }
    }
    return n;
  }
  function edgeWidth(s) { return Math.min(10, 1 + 1.6 * Math.log2(Math.max(1, s))); }

  // ------------------------------------------------------------------ the canvas renderers
  var box = document.getElementById('canvas-box');
  var container = document.getElementById('graph');
  var shownNodes = new Set(data.nodes.map(function (n) { return n.id; }));
  var shownEdges = new Set(data.edges.map(function (e) { return e.id; }));
  var nowSupport = data.edges.map(function (e) { return e.support; });
  var lastMatches = [];

  var topLabelWidth = 0;  /* the widest label of the most important actors, estimated: room kept at the sides */
  linked.forEach(function (n) {
    if (n.rank < LABEL.top) { labelLines(n).forEach(function (t) { topLabelWidth = Math.max(topLabelWidth, Math.min(t.length, SHORT) * 7.6); }); }
  });
  function fitView(ids, W, H, centre) {
    /* centre and scale that show every node of ids with room for labels (canvas units); given a centre node,
       that node is put in the middle */
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    var c = centre ? byId.get(centre) : null;
    ids.forEach(function (id) {
      var n = byId.get(id);
      if (!n || n.iso) { return; }
      var x = n.x, y = n.y;
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      if (c) { x0 = Math.min(x0, 2 * c.x - x); x1 = Math.max(x1, 2 * c.x - x); y0 = Math.min(y0, 2 * c.y - y); y1 = Math.max(y1, 2 * c.y - y); }
    });
    if (c) {  /* a selected actor: in the middle, its neighbours around it, and always closer than the whole graph */
      var whole = fitView(linked.map(function (n) { return n.id; }), W, H).scale;
      return {x: c.x, y: c.y, scale: Math.max(whole * 1.3, Math.min((W - 220) / Math.max(1, x1 - x0),
                                                                    (H - 80) / Math.max(1, y1 - y0), 2.2))};
    }
    if (x0 === Infinity) { return {x: 0, y: 0, scale: 1}; }
    var padX = Math.min(Math.max(110, topLabelWidth / 2 + 16), W * 0.2), padTop = 26, padBottom = 44;
    var sx = (W - 2 * padX) / Math.max(1, x1 - x0), sy = (H - padTop - padBottom) / Math.max(1, y1 - y0);
    var scale = Math.max(1e-5, Math.min(sx, sy, 2.2));
    return {x: (x0 + x1) / 2, y: (y0 + y1) / 2 + (padBottom - padTop) / 2 / scale, scale: scale};
  }

  showIsolated();  /* first, so that the canvas has its final size when the first view is fitted */
  var R = WEBGL ? sigmaRenderer() : visRenderer();

  function visRenderer() {
    var W = container.clientWidth || 800, H = container.clientHeight || 600;
    var first = fitView(linked.map(function (n) { return n.id; }), W, H);
    var unit = 1 / first.scale;  /* node sizes in canvas units that give these pixel sizes in the first view */
    var pairs = new Map();
    data.edges.forEach(function (e) {
      var k = e.from < e.to ? e.from + '\u0000' + e.to : e.to + '\u0000' + e.from;
      pairs.set(k, (pairs.get(k) || 0) + 1);
      e.pairKey = k;
    });
    function radius(n) { return 6 + 9 * importance(n); }
    var nodes = new vis.DataSet(linked.map(function (n) {
      return {id: n.id, x: n.x, y: n.y, group: n.type, size: radius(n) * unit};
    }));
    var edges = new vis.DataSet(data.edges.map(function (e) {
      var c = propStyle(e.p).color;
      var out = {id: e.id, from: e.from, to: e.to, color: {color: c, highlight: '#1f2933', hover: c},
                 width: edgeWidth(e.support)};
      if (pairs.get(e.pairKey) > 1) { out.smooth = {enabled: true, type: 'curvedCW', roundness: 0.15 + 0.14 * e.lane}; }
      return out;
    }));
    var groups = {};
    Object.keys(data.classes).forEach(function (t) {
      var st = classStyle(t);
      groups[t] = {shape: st.shape, color: {background: st.color, border: '#ffffff',
                   highlight: {background: st.color, border: '#111111'}, hover: {background: st.color, border: '#111111'}}};
    });
    performance.mark('kgraph-datasets');
    var big = data.edges.length > 1500 || linked.length > 800;
    var network = new vis.Network(container, {nodes: nodes, edges: edges}, {
      physics: false, autoResize: true,
      layout: {improvedLayout: false, randomSeed: 7},
      interaction: {hover: true, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: false,
                    navigationButtons: false, keyboard: false, zoomSpeed: 0.7},
      groups: groups,
      edges: {selectionWidth: function (w) { return w + 3; }, hoverWidth: 1, smooth: false, arrows: {to: {enabled: true, scaleFactor: 0.55}},
              color: {opacity: 0.85, inherit: false}},
      nodes: {borderWidth: 1.5, borderWidthSelected: 3}
    });
    network.moveTo({position: {x: first.x, y: first.y}, scale: first.scale, animation: false});
    var shownLinked = new Set(linked.map(function (n) { return n.id; }));
    var shownE = new Set(data.edges.map(function (e) { return e.id; }));
    var widths = data.edges.map(function (e) { return e.support; });
    var r = {
      network: network, nodes: nodes, edges: edges,
      onDraw: function (cb) { network.on('afterDrawing', cb); },
      view: function () {
        var s = network.getScale(), c = network.getViewPosition(), w = container.clientWidth, h = container.clientHeight;
        return {w: w, h: h, toScreen: function (n) { return [(n.x - c.x) * s + w / 2, (n.y - c.y) * s + h / 2]; },
                radius: function (n) { return radius(n) * unit * s + 1; }};
      },
      edgeMiddle: function (e) {
        var item = network.body.edges[e.id];
        if (item && item.edgeType && item.edgeType.getPoint) {
          try { return item.edgeType.getPoint(0.5); } catch (err) { /* straight edge */ }
        }
        var a = byId.get(e.from), b = byId.get(e.to);
        return {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2};
      },
      update: function (nodeSet, edgeSet) {
        var nu = [], eu = [];
        linked.forEach(function (n) {
          var v = nodeSet.has(n.id);
          if (v !== shownLinked.has(n.id)) {
            nu.push({id: n.id, hidden: !v});
            if (v) { shownLinked.add(n.id); } else { shownLinked.delete(n.id); }
          }
        });
        data.edges.forEach(function (e) {
          var v = edgeSet.has(e.id), upd = null;
          if (v !== shownE.has(e.id)) {
            upd = {id: e.id, hidden: !v};
            if (v) { shownE.add(e.id); } else { shownE.delete(e.id); }
          }
          if (v && nowSupport[e.id] !== widths[e.id]) {
            upd = upd || {id: e.id};
            upd.width = edgeWidth(nowSupport[e.id]);
            widths[e.id] = nowSupport[e.id];
          }
          if (upd) { eu.push(upd); }
        });
        if (nu.length) { nodes.update(nu); }
        if (eu.length) { edges.update(eu); }
      },
      fit: function (ids, animate, centre) {
        var v = fitView(ids, container.clientWidth, container.clientHeight, centre);
        network.moveTo({position: {x: v.x, y: v.y}, scale: v.scale,
                        animation: animate ? {duration: 350, easingFunction: 'easeInOutQuad'} : false});
      },
      scale: function () { return network.getScale(); },
      select: function (kind, id) {
        if (kind === 'node') { network.selectNodes([id]); } else if (kind === 'edge') { network.selectEdges([id]); }
        else { network.unselectAll(); }
      },
      redraw: function () { network.redraw(); },
      toDOM: function (id) { var p = network.getPositions([id])[id]; return p ? network.canvasToDOM(p) : null; }
    };
    network.on('click', function (p) {
      if (p.nodes.length) { select(p.nodes[0], {move: false}); }
      else if (p.edges.length) { selectEdge(p.edges[0]); }
      else { clearSelection(); }
    });
    network.on('doubleClick', function (p) { if (p.nodes.length) { focusOn(p.nodes[0]); showNode(p.nodes[0]); } });
    network.on('hoverNode', function (p) { hoverOn('node', p.node, p.pointer.DOM); });
    network.on('blurNode', function () { hoverOff(); });
    network.on('hoverEdge', function (p) { hoverOn('edge', p.edge, p.pointer.DOM); });
    network.on('blurEdge', function () { hoverOff(); });
    network.on('dragStart', function () { hoverOff(); });
    return r;
  }

  function sigmaRenderer() {
    var lib = window.kgraphSigma;
    performance.mark('kgraph-init');
    var graph = new lib.Graph({multi: true, type: 'directed', allowSelfLoops: true});
    function radius(n) { return 2 + 7 * importance(n); }
    /* every attribute sigma would otherwise add to each copy, given up front (same shape, no re-layout) */
    linked.forEach(function (n) {
      graph.addNode(n.id, {x: n.x, y: -n.y, size: radius(n), color: classStyle(n.type).color, label: '', type: 'circle',
                           hidden: false, highlighted: false, forceLabel: false, zIndex: 0});
    });
    performance.mark('kgraph-gnodes');
    var many = data.edges.length > 20000;
    var edgeType = many ? 'thin' : 'arrow';
    data.edges.forEach(function (e) {
      graph.addEdgeWithKey(String(e.id), e.from, e.to,
        {size: 0.5 + edgeWidth(e.support) / 3, color: propStyle(e.p).color, label: '', type: edgeType, hidden: false,
         forceLabel: false, zIndex: 0});
    });
    performance.mark('kgraph-datasets');
    var sig = new lib.Sigma(graph, container, {
      renderLabels: false, renderEdgeLabels: false, enableEdgeClickEvents: true, enableEdgeHoverEvents: false,
      defaultEdgeType: edgeType, edgeProgramClasses: {thin: lib.EdgeLine}, stagePadding: 40, zIndex: false,
      minCameraRatio: 0.002, maxCameraRatio: 4,
      hideEdgesOnMove: many,
      /* the reducers allocate only for what differs (hidden, or thinner in a date range): selection and
         matches are drawn on the label canvas, so selecting never re-processes the graph */
      nodeReducer: function (id, attr) {
        if (shownNodes.has(id)) { return attr; }
        attr.hidden = true;
        return attr;
      },
      edgeReducer: function (key, attr) {
        var i = +key;
        if (!shownEdges.has(i)) { attr.hidden = true; }  /* attr: sigma's own copy, safe to change */
        else if (nowSupport[i] !== data.edges[i].support) { attr.size = 0.5 + edgeWidth(nowSupport[i]) / 3; }
        return attr;
      }
    });
    performance.mark('kgraph-renderer');
    var camera = sig.getCamera();
    function display(id) { return sig.getNodeDisplayData(id); }
    var r = {
      sigma: sig, graph: graph,
      onDraw: function (cb) { sig.on('afterRender', cb); },
      view: function () {
        var dim = sig.getDimensions();
        return {w: dim.width, h: dim.height,
                toScreen: function (n) { var p = sig.graphToViewport({x: n.x, y: -n.y}); return [p.x, p.y]; },
                radius: function (n) { return sig.scaleSize(radius(n)) + 1.5; }};
      },
      edgeMiddle: null,
      update: function () { sig.refresh(); },
      fit: function (ids, animate, centre) {
        var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, k = 0;
        var c = centre ? display(centre) : null;
        ids.forEach(function (id) {
          var d = byId.get(id) && !byId.get(id).iso ? display(id) : null;
          if (!d) { return; }
          k++;
          x0 = Math.min(x0, d.x); x1 = Math.max(x1, d.x); y0 = Math.min(y0, d.y); y1 = Math.max(y1, d.y);
          if (c) { x0 = Math.min(x0, 2 * c.x - d.x); x1 = Math.max(x1, 2 * c.x - d.x); y0 = Math.min(y0, 2 * c.y - d.y); y1 = Math.max(y1, 2 * c.y - d.y); }
        });
        var st = k ? {x: c ? c.x : (x0 + x1) / 2, y: c ? c.y : (y0 + y1) / 2, angle: 0,
                      ratio: Math.min(c ? 0.75 : 1.15, Math.max(0.004, Math.max(x1 - x0, y1 - y0) * 1.3))}
                   : {x: 0.5, y: 0.5, angle: 0, ratio: 1};
        if (ids.length === linked.length) { st = {x: 0.5, y: 0.5, angle: 0, ratio: 1}; }
        if (animate) { camera.animate(st, {duration: 350}); } else { camera.setState(st); }
      },
      scale: function () { return 1 / camera.getState().ratio; },
      select: function () { scheduleLabels(); },
      redraw: function () { sig.refresh(); },
      toDOM: function (id) {
        var n = byId.get(id);
        if (!n || n.iso) { return null; }
        var p = sig.graphToViewport({x: n.x, y: -n.y});
        return {x: p.x, y: p.y};
      }
    };
    sig.on('clickNode', function (p) { select(p.node, {move: false}); });
    sig.on('clickEdge', function (p) { selectEdge(+p.edge); });
    sig.on('clickStage', function () { clearSelection(); });
    sig.on('doubleClickNode', function (p) { p.preventSigmaDefault(); focusOn(p.node); showNode(p.node); });
    sig.on('enterNode', function (p) { hoverOn('node', p.node, {x: p.event.x, y: p.event.y}); });
    sig.on('leaveNode', function () { hoverOff(); });
    return r;
  }

  // ------------------------------------------------------------------ labels: level of detail, no overlaps
  var labelCanvas = document.getElementById('labels');
  var lctx = labelCanvas.getContext('2d');
  var placed = [];
  var widthCache = new Map();
  function textWidth(text, font) {
    var k = font + '\u0000' + text, w = widthCache.get(k);
    if (w === undefined) { lctx.font = font; w = lctx.measureText(text).width; widthCache.set(k, w); }
    return w;
  }
  function Grid(cell) { this.cell = cell; this.map = new Map(); }
  Grid.prototype.keys = function (b, fn) {
    var c = this.cell;
    for (var gx = Math.floor(b[0] / c); gx <= Math.floor(b[2] / c); gx++) {
      for (var gy = Math.floor(b[1] / c); gy <= Math.floor(b[3] / c); gy++) { if (fn(gx + ',' + gy)) { return true; } }
    }
    return false;
  };
  Grid.prototype.add = function (b) {
    var m = this.map;
    this.keys(b, function (k) { if (!m.has(k)) { m.set(k, []); } m.get(k).push(b); return false; });
  };
  Grid.prototype.hits = function (b, owner) {
    var m = this.map;
    return this.keys(b, function (k) {
      var list = m.get(k);
      if (!list) { return false; }
      for (var i = 0; i < list.length; i++) {
        var o = list[i];
        if (o[4] !== owner && o[0] < b[2] && b[0] < o[2] && o[1] < b[3] && b[1] < o[3]) { return true; }
      }
      return false;
    });
  };
  function placeLabels() {
    var v = R.view(), W = v.w, H = v.h, M = 3;
    var grid = new Grid(48), out = [];
    function inside(p) { return p[0] > -20 && p[1] > -20 && p[0] < W + 20 && p[1] < H + 20; }
    /* node glyphs are obstacles too (all of them while there are few in view) */
    var inView = [];
    linked.forEach(function (n) {
      if (!shownNodes.has(n.id)) { return; }
      var p = v.toScreen(n);
      if (inside(p)) { inView.push([n, p]); }
    });
    if (inView.length <= LABEL.glyphs) {
      inView.forEach(function (np) {
        var r = v.radius(np[0]), p = np[1];
        grid.add([p[0] - r, p[1] - r, p[0] + r, p[1] + r, np[0].id]);
      });
    }
    var forced = [];
    if (state.selected && state.selected.kind === 'node') { forced.push(state.selected.id); }
    if (state.selected && state.selected.kind === 'edge') {
      var se = data.edges[state.selected.id];
      forced.push(se.from, se.to);
    }
    if (state.hover) { forced.push(state.hover); }
    if (state.focus) { forced.push(state.focus); }
    lastMatches.slice(0, 30).forEach(function (n) { forced.push(n.id); });
    var done = new Set(), tries = 0;
    function tryNode(n, force) {
      if (done.has(n.id) || n.iso || !shownNodes.has(n.id)) { return; }
      done.add(n.id);
      var p = v.toScreen(n);
      if (p[0] < 0 || p[1] < 0 || p[0] > W || p[1] > H) { return; }
      tries++;
      var top = n.rank < LABEL.top || force;
      var size = top ? LABEL.topSize : LABEL.size;
      var font = (top ? '600 ' : '') + size + 'px ' + FONT;
      var lines = shortLines(n), lh = Math.round(size * 1.3);
      var w = 0;
      lines.forEach(function (t) { w = Math.max(w, textWidth(t, font)); });
      var h = lh * lines.length, r = v.radius(n);
      /* below, above, right, left, then the corners; the most important also a step further out, with a
         leader line to the node */
      /* in a crowded hub the first rings can all be taken: the most important labels then search further out
         on a circle of directions (with a leader line) before they give up */
      var rings = n.rank < LABEL.sure || force ? [2, 16, 40, 70, 110, 160] : top ? [2, 16] : [2];
      for (var ring = 0; ring < rings.length; ring++) {
        var g = r + rings[ring], d = g * 0.72;
        var cands = [[p[0] - w / 2, p[1] + g], [p[0] - w / 2, p[1] - g - h], [p[0] + g + 1, p[1] - h / 2],
                     [p[0] - g - 1 - w, p[1] - h / 2], [p[0] + d, p[1] + d], [p[0] - d - w, p[1] + d],
                     [p[0] + d, p[1] - d - h], [p[0] - d - w, p[1] - d - h]];
        [0.3, -0.3, 0.45, -0.45].forEach(function (f) {  /* slid along the node, still touching it */
          cands.push([p[0] - w / 2 + f * w, p[1] + g], [p[0] - w / 2 + f * w, p[1] - g - h]);
        });
        if (ring >= 2) {
          for (var a = 0; a < 24; a++) {  /* the box's nearest corner or side on the circle, every 15 degrees */
            var cx = Math.cos(a * Math.PI / 12), cy = Math.sin(a * Math.PI / 12);
            cands.push([p[0] + cx * g - w / 2 + cx * w / 2, p[1] + cy * g - h / 2 + cy * h / 2]);
          }
        }
        for (var k = 0; k < cands.length; k++) {
          var b = [cands[k][0], cands[k][1], cands[k][0] + w, cands[k][1] + h, n.id];
          if (b[0] < M || b[1] < M || b[2] > W - M || b[3] > H - M) { continue; }
          if (grid.hits(b, n.id)) { continue; }
          grid.add(b);
          out.push({id: n.id, kind: 'node', lines: lines, font: font, size: size, lh: lh, x: b[0], y: b[1], w: w, h: h,
                    leader: ring > 0 ? [p[0], p[1], Math.max(b[0], Math.min(p[0], b[2])), Math.max(b[1], Math.min(p[1], b[3]))]
                                     : null});
          return;
        }
      }
    }
    forced.forEach(function (id) { var n = byId.get(id); if (n) { tryNode(n, true); } });
    for (var i = 0; i < byRank.length && out.length < LABEL.maxLabels && tries < LABEL.maxTries; i++) {
      tryNode(byRank[i], false);
    }
    /* relation names at the middle of their edges, where there is room (small graphs) */
    if (R.edgeMiddle && shownEdges.size <= LABEL.edgeLabels) {
      var ef = '11px ' + FONT;
      data.edges.forEach(function (e) {
        if (!shownEdges.has(e.id)) { return; }
        var m = R.edgeMiddle(e), p = v.toScreen(m), w = textWidth(e.p, ef), h = 14;
        var b = [p[0] - w / 2, p[1] - h / 2, p[0] + w / 2, p[1] + h / 2, 'e' + e.id];
        if (b[0] < M || b[1] < M || b[2] > W - M || b[3] > H - M || grid.hits(b, b[4])) { return; }
        grid.add(b);
        out.push({id: e.id, kind: 'edge', lines: [e.p], font: ef, size: 11, lh: h, x: b[0], y: b[1], w: w, h: h,
                  color: propStyle(e.p).color});
      });
    }
    return out;
  }
  function drawLabels() {
    var dpr = window.devicePixelRatio || 1, W = box.clientWidth, H = box.clientHeight;
    if (labelCanvas.width !== Math.round(W * dpr) || labelCanvas.height !== Math.round(H * dpr)) {
      labelCanvas.width = Math.round(W * dpr); labelCanvas.height = Math.round(H * dpr);
    }
    lctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    lctx.clearRect(0, 0, W, H);
    placed = placeLabels();
    if (WEBGL) { drawMarks(); }
    lctx.textBaseline = 'middle';
    lctx.lineJoin = 'round';
    placed.forEach(function (l) {
      if (l.leader) {
        lctx.strokeStyle = '#9aa5b1'; lctx.lineWidth = 1;
        lctx.beginPath(); lctx.moveTo(l.leader[0], l.leader[1]); lctx.lineTo(l.leader[2], l.leader[3]); lctx.stroke();
      }
    });
    placed.forEach(function (l) {
      lctx.font = l.font;
      l.lines.forEach(function (t, k) {
        var tw = textWidth(t, l.font), x = l.x + (l.w - tw) / 2, y = l.y + l.lh * (k + 0.5);
        lctx.direction = isRtl(t) ? 'rtl' : 'ltr';
        lctx.textAlign = isRtl(t) ? 'right' : 'left';
        var ax = isRtl(t) ? x + tw : x;
        lctx.strokeStyle = 'rgba(255,255,255,0.92)'; lctx.lineWidth = 3.5;
        lctx.strokeText(t, ax, y);
        lctx.fillStyle = l.kind === 'edge' ? l.color : '#1f2933';
        lctx.fillText(t, ax, y);
      });
    });
  }
  function drawMarks() {
    /* WebGL pages: the matches, the selected actor and the selected relation, drawn above the graph */
    var v = R.view();
    function ring(n, colour, width, gap) {
      if (!n || n.iso || !shownNodes.has(n.id)) { return; }
      var p = v.toScreen(n);
      lctx.strokeStyle = colour; lctx.lineWidth = width;
      lctx.beginPath(); lctx.arc(p[0], p[1], v.radius(n) + gap, 0, 2 * Math.PI); lctx.stroke();
    }
    lastMatches.slice(0, 50).forEach(function (n) { ring(n, '#3d5a80', 2, 3); });
    var sel = state.selected;
    if (sel && sel.kind === 'edge' && shownEdges.has(sel.id)) {
      var e = data.edges[sel.id], a = v.toScreen(byId.get(e.from)), b = v.toScreen(byId.get(e.to));
      lctx.strokeStyle = '#1f2933'; lctx.lineWidth = 3.5;
      lctx.beginPath(); lctx.moveTo(a[0], a[1]); lctx.lineTo(b[0], b[1]); lctx.stroke();
      ring(byId.get(e.from), '#1f2933', 2.5, 3); ring(byId.get(e.to), '#1f2933', 2.5, 3);
    }
    if (sel && sel.kind === 'node') { ring(byId.get(sel.id), '#1f2933', 3, 3); }
  }
  var labelTimer = null;
  function scheduleLabels() {
    if (!WEBGL) { drawLabels(); return; }
    /* WebGL: during camera moves the labels are cleared and placed again once the view rests */
    lctx.clearRect(0, 0, labelCanvas.width, labelCanvas.height);
    placed = [];
    clearTimeout(labelTimer);
    labelTimer = setTimeout(drawLabels, 80);
  }

  // ------------------------------------------------------------------ tooltip
  var tip = document.getElementById('tooltip');
  function hoverOn(kind, id, at) {
    var text;
    if (kind === 'node') {
      var n = byId.get(id);
      text = labelOf(n, 'both') + '\n' + n.type;
      state.hover = id;
    } else {
      var e = data.edges[id];
      text = nameOf(e.from) + ' \u2192 ' + propName(e.p) + ' \u2192 ' + nameOf(e.to) + '\nsupport ' + nowSupport[e.id];
    }
    tip.textContent = text;
    tip.hidden = false;
    var x = Math.min(at.x + 14, box.clientWidth - tip.offsetWidth - 4), y = at.y + 14;
    if (y + tip.offsetHeight > box.clientHeight - 4) { y = at.y - tip.offsetHeight - 10; }
    tip.style.left = Math.max(4, x) + 'px'; tip.style.top = Math.max(4, y) + 'px';
    if (kind === 'node' && WEBGL) { scheduleLabels(); }
  }
  function hoverOff() {
    tip.hidden = true;
    if (state.hover !== null) { state.hover = null; if (WEBGL) { scheduleLabels(); } }
  }
  box.addEventListener('mouseleave', hoverOff);

  // ------------------------------------------------------------------ visibility
  var started = false, filterKey = null, okEdge = null, nodeHas = null, restricted = false;
  function apply() {
    var tf = timeFiltered(), minS = Math.max(1, state.minSupport);
    var key = [Array.from(state.props).sort().join(','), Array.from(state.classes).sort().join(','), minS,
               state.from, state.to, state.undated].join('|');
    var filtersChanged = key !== filterKey;
    if (filtersChanged) {  /* one pass over the relations, only when a filter changed */
      filterKey = key;
      okEdge = new Uint8Array(data.edges.length);
      nodeHas = new Uint8Array(data.nodes.length);
      for (var i = 0; i < data.edges.length; i++) {
        var e = data.edges[i], a = byId.get(e.from), b = byId.get(e.to);
        nowSupport[i] = tf ? supportNow(e) : e.support;
        if (state.props.has(e.p) && nowSupport[i] >= minS && state.classes.has(a.type) && state.classes.has(b.type)) {
          okEdge[i] = 1; nodeHas[a.i] = 1; nodeHas[b.i] = 1;
        }
      }
    }
    var matches = [];
    var q = fold(state.query);
    if (q) {
      searchKeys();
      byRank.forEach(function (n) { if (state.classes.has(n.type) && n.key.indexOf(q) >= 0) { matches.push(n); } });
      /* a name equal to the query first, then names starting with it, each by importance */
      var exact = ' \u0001 ' + q + ' \u0001 ', prefix = ' \u0001 ' + q;
      var grade = function (n) { return n.key.indexOf(exact) >= 0 ? 0 : n.key.indexOf(prefix) >= 0 ? 1 : 2; };
      matches = matches.map(function (n, k) { return [grade(n), k, n]; })
        .sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; }).map(function (x) { return x[2]; });
    }
    /* the matches (vis-network pages; WebGL pages mark them instead) or the focus, and their neighbours */
    var around = state.focus !== null ? [state.focus] : q && !WEBGL ? matches.map(function (n) { return n.id; }) : null;
    var changed = filtersChanged || around !== null || restricted;
    if (around !== null) {
      var keep = new Set();
      around.forEach(function (id) {
        var n = byId.get(id);
        if (!n || !state.classes.has(n.type)) { return; }
        keep.add(id);
        incident(id).forEach(function (k) { if (okEdge[k]) { keep.add(data.edges[k].from); keep.add(data.edges[k].to); } });
      });
      var edgesNow = new Set();
      keep.forEach(function (id) {
        incident(id).forEach(function (k) {
          var e = data.edges[k];
          if (okEdge[k] && keep.has(e.from) && keep.has(e.to)) { edgesNow.add(k); }
        });
      });
      shownNodes = keep; shownEdges = edgesNow;
    } else if (changed) {
      /* an actor with relations is shown while one of them is; a lone actor while its class is */
      shownNodes = new Set();
      data.nodes.forEach(function (n) {
        if (state.classes.has(n.type) && (n.iso || nodeHas[n.i])) { shownNodes.add(n.id); }
      });
      shownEdges = new Set();
      for (var k = 0; k < okEdge.length; k++) { if (okEdge[k]) { shownEdges.add(k); } }
    }
    restricted = around !== null;
    lastMatches = q ? matches : [];
    if (changed && (started || !WEBGL)) { R.update(shownNodes, shownEdges); }  /* sigma drew everything once */
    showResults(q ? matches : null);
    if (changed) { showIsolated(); }
    showHistogram();
    document.getElementById('counts').textContent = shownNodes.size + ' of ' + data.nodes.length + ' actors \u00b7 ' +
      shownEdges.size + ' of ' + data.edges.length + ' relations';
    if (!WEBGL) { R.redraw(); } else { scheduleLabels(); }
  }

  // ------------------------------------------------------------------ search results, lone actors
  var results = document.getElementById('results');
  var activeResult = 0;
  function showResults(matches) {
    results.textContent = '';
    results.hidden = matches === null;
    activeResult = 0;
    if (matches === null) { return; }
    if (!matches.length) { results.appendChild(el('li', 'hint', 'No actor matches.')); return; }
    matches.slice(0, 50).forEach(function (n, k) {
      var li = el('li', k === 0 ? 'active' : null);
      li.appendChild(swatch(n.type));
      var name = el('span', 'name', labelLines(n, 'both').join(' \u00b7 '));
      name.dir = 'auto';
      li.appendChild(name);
      li.appendChild(el('span', 'cls', n.type));
      li.dataset.id = n.id;
      li.addEventListener('click', function () { select(n.id, {move: true}); });
      results.appendChild(li);
    });
    if (matches.length > 50) { results.appendChild(el('li', 'hint', (matches.length - 50) + ' more: type more of the name')); }
  }
  function showIsolated() {
    var sec = document.getElementById('isolated'), list = document.getElementById('iso-list');
    var shown = isolated.filter(function (n) { return shownNodes.has(n.id); });
    sec.hidden = !shown.length;
    document.getElementById('iso-count').textContent = String(shown.length);
    list.textContent = '';
    shown.slice(0, 300).forEach(function (n) {
      var li = el('li');
      li.appendChild(swatch(n.type));
      var t = el('span', null, ' ' + labelLines(n).join(' \u00b7 '));
      t.dir = 'auto';
      li.appendChild(t);
      li.dataset.id = n.id;
      li.title = n.type;
      if (state.selected && state.selected.kind === 'node' && state.selected.id === n.id) { li.className = 'sel'; }
      li.addEventListener('click', function () { select(n.id, {move: true}); });
      list.appendChild(li);
    });
    if (shown.length > 300) { list.appendChild(el('li', 'hint', '\u2026 ' + (shown.length - 300) + ' more (search finds them)')); }
  }

  // ------------------------------------------------------------------ dates
  var fromInput = document.getElementById('date-from'), toInput = document.getElementById('date-to');
  function showHistogram() {
    if (!time.buckets.length) { return; }
    var hist = document.getElementById('histogram');
    if (!hist.childNodes.length) {
      var top = Math.max.apply(null, time.buckets.map(function (b) { return b.n; }).concat([1]));
      time.buckets.forEach(function (b) {
        var s = el('span');
        s.style.height = Math.round(100 * b.n / top) + '%';
        s.title = b.key + ': ' + b.n;
        hist.appendChild(s);
      });
    }
    Array.prototype.forEach.call(hist.childNodes, function (s, k) {
      s.className = k >= state.from && k <= state.to ? 'in' : '';
    });
    var a = time.buckets[state.from].key, b = time.buckets[state.to].key;
    document.getElementById('date-value').textContent = (a === b ? a : a + ' \u2013 ' + b) +
      (state.undated ? '' : ' (dated only)');
  }
  function setDates(from, to, undated) {
    var last = Math.max(0, time.buckets.length - 1);
    state.from = Math.max(0, Math.min(from, last));
    state.to = Math.max(state.from, Math.min(to, last));
    if (undated !== undefined) { state.undated = undated; }
    fromInput.value = String(state.from); toInput.value = String(state.to);
    document.getElementById('undated').checked = state.undated;
    apply();
    if (state.selected && state.selected.kind === 'edge') { showEdge(state.selected.id); }
  }

  // ------------------------------------------------------------------ side panel
  var detailsBox = document.getElementById('details');
  function kv(dl, key, value, cls) {
    if (value === undefined || value === null || value === '') { return; }
    dl.appendChild(el('dt', null, key));
    var dd = el('dd', cls, value);
    dd.dir = 'auto';
    dl.appendChild(dd);
  }
  function docLine(ref) {
    var d = docsBlock().documents[ref];
    if (!d) { return el('li', null, '(unknown document)'); }
    var li = el('li', null, (d.title || d.source || d.id) + (d.date ? ' \u00b7 ' + d.date : ''));
    li.dir = 'auto';
    if (d.source && d.title) { li.title = d.source; }
    return li;
  }
  function actorLink(id) {
    var s = el('span', 'link', nameOf(id));
    s.dir = 'auto';
    s.addEventListener('click', function () { select(id, {move: true}); });
    return s;
  }
  function showNode(id) {
    var n = byId.get(id);
    detailsBox.textContent = '';
    if (!n) { return; }
    var h = el('h3', null, labelOf(n, state.lang === 'ar' ? 'ar' : 'en'));
    h.dir = 'auto';
    detailsBox.appendChild(h);
    var type = el('div', 'meta');
    type.appendChild(swatch(n.type));
    type.appendChild(document.createTextNode(' ' + n.type));
    detailsBox.appendChild(type);
    var dl = el('dl', 'kv');
    kv(dl, 'English', n.en);
    kv(dl, 'Arabic', n.ar, 'ar');
    kv(dl, 'id', 'kga:' + n.id);
    kv(dl, 'mentions', String(n.mentions));
    kv(dl, 'documents', String(n.ndocs));
    var rel = incident(id);
    kv(dl, 'relations', String(rel.length));
    detailsBox.appendChild(dl);
    if (n.aliases.length) {
      detailsBox.appendChild(el('h2', null, 'Also called'));
      var ul = el('ul', 'docs');
      n.aliases.forEach(function (a) { var li = el('li', null, a); li.dir = 'auto'; ul.appendChild(li); });
      detailsBox.appendChild(ul);
    }
    if (rel.length) {
      detailsBox.appendChild(el('h2', null, 'Relations'));
      var rl = el('ul', 'rels');
      rel.slice().sort(function (a, b) { return data.edges[b].support - data.edges[a].support || a - b; })
        .slice(0, 40).forEach(function (i) {
          var e = data.edges[i], li = el('li'), out = e.from === id;
          var p = el('span', 'link', (out ? '' : '\u2190 ') + propName(e.p) + (out ? ' \u2192' : ''));
          p.style.color = propStyle(e.p).color;
          p.addEventListener('click', function () { selectEdge(i); });
          li.appendChild(p);
          li.appendChild(document.createTextNode(' '));
          li.appendChild(actorLink(out ? e.to : e.from));
          li.appendChild(el('span', 'hint', ' \u00b7 ' + e.support));
          rl.appendChild(li);
        });
      detailsBox.appendChild(rl);
      if (rel.length > 40) { detailsBox.appendChild(el('p', 'hint', (rel.length - 40) + ' more relations')); }
    }
    var docs = docsBlock().docs[n.i] || [];
    if (docs.length) {
      detailsBox.appendChild(el('h2', null, 'Documents'));
      var dul = el('ul', 'docs');
      docs.forEach(function (r) { dul.appendChild(docLine(r)); });
      detailsBox.appendChild(dul);
    }
    if (!n.iso) {
      var b = el('button', null, state.focus === id ? 'Show all' : 'Focus on neighbourhood');
      b.type = 'button';
      b.addEventListener('click', function () { focusOn(state.focus === id ? null : id); showNode(id); });
      detailsBox.appendChild(b);
    }
  }
  function evidenceBucket(v) {
    if (!v.d || !time.buckets.length) { return -1; }
    var i = dates.indexOf(v.d);
    return i < 0 ? -1 : time.ofDate[i];
  }
  function timeline(evs) {
    /* the relation over time: one column per period with evidence, asserted / hedged / negated stacked */
    var cols = new Map();
    evs.forEach(function (v) {
      var b = evidenceBucket(v);
      if (b < 0) { return; }
      if (!cols.has(b)) { cols.set(b, {ok: 0, neg: 0, hedge: 0}); }
      cols.get(b)[v.neg ? 'neg' : v.hedge ? 'hedge' : 'ok']++;
    });
    if (!cols.size) { return null; }
    var keys = Array.from(cols.keys()).sort(function (a, b) { return a - b; });
    var lo = keys[0], hi = keys[keys.length - 1];
    if (hi - lo > 120) { return null; }
    var top = 1;
    cols.forEach(function (c) { top = Math.max(top, c.ok + c.neg + c.hedge); });
    var wrap = el('div'), bars = el('div', 'timeline');
    for (var k = lo; k <= hi; k++) {
      var s = el('span'), c = cols.get(k) || {ok: 0, neg: 0, hedge: 0};
      s.title = time.buckets[k].key + ': ' + c.ok + ' asserted' + (c.neg ? ', ' + c.neg + ' negated' : '') +
        (c.hedge ? ', ' + c.hedge + ' hedged' : '');
      ['ok', 'hedge', 'neg'].forEach(function (f) {
        if (!c[f]) { return; }
        var i = el('i', f === 'ok' ? null : f);
        i.style.height = (26 * c[f] / top) + 'px';
        s.appendChild(i);
      });
      bars.appendChild(s);
    }
    wrap.appendChild(bars);
    var axis = el('div', 'timeline-axis');
    axis.appendChild(el('span', null, time.buckets[lo].key));
    if (hi > lo) { axis.appendChild(el('span', null, time.buckets[hi].key)); }
    wrap.appendChild(axis);
    return wrap;
  }
  function showEdge(eid) {
    var e = data.edges[eid];
    detailsBox.textContent = '';
    if (!e) { return; }
    var h = el('h3');
    h.appendChild(actorLink(e.from));
    var p = el('span', null, ' \u2014' + propName(e.p) + '\u2192 ');
    p.style.color = propStyle(e.p).color;
    h.appendChild(p);
    h.appendChild(actorLink(e.to));
    detailsBox.appendChild(h);
    var evs = evidenceOf(eid), n = evs.length;
    var when = evs.map(function (v) { return v.d; }).filter(Boolean).sort();
    var first = when[0] || '', last = when[when.length - 1] || '';
    var dl = el('dl', 'kv');
    kv(dl, 'relation', propName(e.p));
    var copies = evs.filter(function (v) { return v.copy; }).length;
    kv(dl, 'support', String(e.support) + ' of ' + (n - copies) + ' assertion' + (n - copies === 1 ? '' : 's') +
       (copies ? ' (and ' + copies + ' in copies of a story, counted once)' : ''));
    if (timeFiltered()) { kv(dl, 'in dates', String(nowSupport[e.id])); }
    kv(dl, 'documents', String(new Set(evs.filter(function (v) { return v.doc >= 0; }).map(function (v) { return v.doc; })).size));
    kv(dl, 'dates', first && last && first !== last ? first + ' \u2013 ' + last : first);
    detailsBox.appendChild(dl);
    var tl = timeline(evs);
    if (tl) { detailsBox.appendChild(el('h2', null, 'Over time')); detailsBox.appendChild(tl); }
    detailsBox.appendChild(el('h2', null, 'Evidence, oldest first'));
    if (!evs.length) { detailsBox.appendChild(el('p', 'hint', 'No evidence sentence recorded for this relation.')); }
    var tf = timeFiltered();
    evs.forEach(function (v) {
      var b = evidenceBucket(v);
      var inRange = !tf || (b < 0 ? state.undated : b >= state.from && b <= state.to);
      var item = el('div', inRange ? 'ev' : 'ev out');
      var q = el('blockquote', null, v.t);
      q.dir = 'auto';
      item.appendChild(q);
      var meta = el('div', 'meta');
      meta.appendChild(el('span', 'flag ' + (v.neg ? 'neg' : v.hedge ? 'hedge' : 'ok'),
                          v.neg ? 'negated' : v.hedge ? 'hedged' : 'asserted'));
      if (v.neg && v.hedge) { meta.appendChild(el('span', 'flag hedge', 'hedged')); }
      if (v.copy) { meta.appendChild(el('span', 'flag hedge', 'copy')); }
      /* each value isolated (bdi) so an Arabic name does not reorder the labels around it */
      var bits = [];
      if (v.d) { bits.push(['date', v.d]); }
      if (v.s) { bits.push(['speaker', nameOf(v.s)]); }
      var d = docsBlock().documents[v.doc];
      if (d) { bits.push(['document', d.title || d.source || d.id]); }
      bits.forEach(function (bit, k) {
        meta.appendChild(document.createTextNode((k ? ' \u00b7 ' : '') + bit[0] + ': '));
        meta.appendChild(el('bdi', null, bit[1]));
      });
      item.appendChild(meta);
      detailsBox.appendChild(item);
    });
  }

  // ------------------------------------------------------------------ actions
  function neighbourhood(id) {
    var out = [id];
    incident(id).forEach(function (i) {
      var e = data.edges[i];
      if (!shownEdges.has(i)) { return; }
      out.push(e.from === id ? e.to : e.from);
    });
    return out;
  }
  var hashLock = false;
  function setHash(value) {
    hashLock = true;
    try { history.replaceState(null, '', value ? '#' + value : location.pathname + location.search); }
    catch (err) { location.hash = value; }
    hashLock = false;
  }
  function select(id, opts) {
    var n = byId.get(id);
    if (!n) { return; }
    if (!shownNodes.has(id)) { reset({fit: false}); }
    state.selected = {kind: 'node', id: id};
    if (n.iso) { R.select(null); } else { R.select('node', id); }
    if (opts && opts.move && !n.iso) { R.fit(neighbourhood(id), true, id); }
    showNode(id);
    if (n.iso) { showIsolated(); }
    setHash('actor=kga:' + encodeURIComponent(id));
    scheduleLabels();
  }
  function selectEdge(eid) {
    var e = data.edges[eid];
    if (!e) { return; }
    state.selected = {kind: 'edge', id: eid};
    R.select('edge', eid);
    showEdge(eid);
    setHash('relation=' + ['kga:' + encodeURIComponent(e.from), 'kg:' + encodeURIComponent(e.p),
                           'kga:' + encodeURIComponent(e.to)].join('/'));
    scheduleLabels();
  }
  function clearSelection() {
    state.selected = null;
    R.select(null);
    setHash('');
    scheduleLabels();
  }
  function fromHash() {
    if (hashLock) { return false; }
    var h = location.hash.replace(/^#/, ''), m;
    if ((m = /^actor=(.*)$/.exec(h))) {
      var id = decodeURIComponent(m[1]).replace(/^kga:/, '');
      if (byId.has(id)) { select(id, {move: true}); return true; }
    } else if ((m = /^relation=([^/]*)\/([^/]*)\/([^/]*)$/.exec(h))) {
      var s = decodeURIComponent(m[1]).replace(/^kga:/, ''), p = decodeURIComponent(m[2]).replace(/^kg:/, ''),
          o = decodeURIComponent(m[3]).replace(/^kga:/, '');
      var hit = incident(s).filter(function (i) { var e = data.edges[i]; return e.p === p && e.to === o && e.from === s; });
      if (hit.length) { selectEdge(hit[0]); R.fit([s, o], true); return true; }
    }
    return false;
  }
  function focusOn(id) { state.focus = id; apply(); if (id) { R.fit(Array.from(shownNodes), true); } }
  function setLang(lang) {
    state.lang = lang;
    document.querySelectorAll('input[name=lang]').forEach(function (r) { r.checked = r.value === lang; });
    if (!WEBGL) { R.redraw(); } else { scheduleLabels(); }
    showIsolated();
    if (lastMatches.length || state.query) { showResults(lastMatches); }
  }
  function search(q) { state.query = q; state.focus = null; apply(); }
  function reset(opts) {
    state.query = ''; state.focus = null; state.minSupport = 1; state.undated = true;
    state.from = 0; state.to = Math.max(0, time.buckets.length - 1);
    state.props = new Set(Object.keys(data.properties)); state.classes = new Set(Object.keys(data.classes));
    document.getElementById('search').value = '';
    document.getElementById('support').value = '1';
    document.getElementById('support-value').textContent = '1';
    fromInput.value = '0'; toInput.value = String(state.to);
    document.getElementById('undated').checked = true;
    document.querySelectorAll('.legend input').forEach(function (c) { c.checked = true; });
    apply();
    if (!opts || opts.fit !== false) { R.fit(linked.map(function (n) { return n.id; }), false); }
  }

  // ------------------------------------------------------------------ controls and legends
  function legend(listId, entries, set, mark) {
    var ul = document.getElementById(listId);
    entries.forEach(function (ent) {
      var li = el('li'), lab = el('label'), cb = el('input');
      cb.type = 'checkbox'; cb.checked = true; cb.value = ent.key;
      cb.addEventListener('change', function () {
        if (cb.checked) { set().add(ent.key); } else { set().delete(ent.key); }
        apply();
      });
      lab.appendChild(cb);
      lab.appendChild(mark(ent.key));
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
  }), function () { return state.classes; }, swatch);
  var maxSupport = data.edges.reduce(function (m, e) { return Math.max(m, e.support); }, 1);
  var slider = document.getElementById('support');
  slider.max = String(maxSupport);
  slider.addEventListener('input', function () {
    state.minSupport = Number(slider.value);
    document.getElementById('support-value').textContent = slider.value;
    apply();
  });
  if (time.buckets.length) {
    document.getElementById('time-box').hidden = false;
    fromInput.max = toInput.max = String(time.buckets.length - 1);
    toInput.value = String(state.to);
    fromInput.addEventListener('input', function () {
      var f = Number(fromInput.value);
      setDates(f, Math.max(f, state.to));
    });
    toInput.addEventListener('input', function () {
      var t = Number(toInput.value);
      setDates(Math.min(state.from, t), t);
    });
    document.getElementById('undated').addEventListener('change', function (ev) {
      setDates(state.from, state.to, ev.target.checked);
    });
  }
  var timer = null, searchBox = document.getElementById('search');
  searchBox.addEventListener('input', function (ev) {
    var v = ev.target.value;
    clearTimeout(timer);
    timer = setTimeout(function () { search(v); }, data.nodes.length > 5000 ? 120 : 0);
  });
  searchBox.addEventListener('keydown', function (ev) {
    var items = results.querySelectorAll('li[data-id]');
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (!items.length) { return; }
      ev.preventDefault();
      activeResult = (activeResult + (ev.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      items.forEach(function (li, k) { li.className = k === activeResult ? 'active' : ''; });
      items[activeResult].scrollIntoView({block: 'nearest'});
      return;
    }
    if (ev.key !== 'Enter') { return; }
    if (timer !== null && fold(searchBox.value) !== fold(state.query)) { clearTimeout(timer); search(searchBox.value); }
    items = results.querySelectorAll('li[data-id]');
    if (items.length) { select(items[Math.min(activeResult, items.length - 1)].dataset.id, {move: true}); }
  });
  document.querySelectorAll('input[name=lang]').forEach(function (r) {
    r.addEventListener('change', function () { if (r.checked) { setLang(r.value); } });
  });
  document.getElementById('reset').addEventListener('click', function () { reset(); clearSelection(); });
  document.getElementById('fit').addEventListener('click', function () {
    R.fit(Array.from(shownNodes), true);
  });
  window.addEventListener('hashchange', fromHash);

  document.getElementById('title').textContent = data.title;
  window.kgraphDrawn = null;
  var draws = 0;
  R.onDraw(function () {
    draws++;
    scheduleLabels();
    if (window.kgraphDrawn === null && !WEBGL) {
      performance.mark('kgraph-drawn');
      window.kgraphDrawn = performance.now();
    }
  });
  apply();
  performance.mark('kgraph-applied');
  started = true;
  if (!WEBGL) { R.fit(linked.map(function (n) { return n.id; }), false); }  /* sigma's first camera shows it all */
  if (WEBGL) {  /* the camera's move renders; the first frame is the one after it */
    requestAnimationFrame(function () {
      scheduleLabels();
      if (window.kgraphDrawn === null) { performance.mark('kgraph-drawn'); window.kgraphDrawn = performance.now(); }
    });
  }
  fromHash();

  /* the explorer's state and actions, for scripting and tests */
  window.kgraphExplorer = {renderer: data.renderer, network: R.network || null, sigma: R.sigma || null, data: data,
    state: state, apply: apply, showNode: showNode, showEdge: showEdge, select: select, selectEdge: selectEdge,
    setLang: setLang, search: search, focus: focusOn, reset: reset, fold: fold, setDates: setDates,
    buckets: function () { return time.buckets.map(function (b) { return b.key; }); },
    details: details, toDOM: R.toDOM, scale: R.scale,
    labels: function () { return placed.map(function (l) { return Object.assign({}, l); }); },
    draws: function () { return draws; },
    visible: function () { return {nodes: Array.from(shownNodes), edges: Array.from(shownEdges)}; }};
}());
