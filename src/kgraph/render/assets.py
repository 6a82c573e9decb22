"""The scripts and styles the explorer page inlines, read from installed packages and from this folder.

* **vis-network** (the renderer of small graphs) ships in the ``pyvis`` package.
* **sigma.js + graphology** (the WebGL renderer of large graphs) ship in the ``ipysigma`` package, as webpack
  chunks of its JupyterLab extension. :func:`sigma_bundle` picks the chunks that hold ``sigma/index.js``,
  ``graphology.umd.min.js`` and everything they require (found by reading the chunks' module tables), and adds a
  20-line module loader that exposes ``window.kgraphSigma = {Sigma, Graph, EdgeLine}`` (``EdgeLine``: sigma's
  one-pixel ``gl.LINES`` edge program, the cheapest to draw hundreds of thousands of relations). Nothing is
  copied into this repository: the code comes from the installed package, with its licence notices
  (:data:`SIGMA_NOTICE` and ipysigma's ``LICENSE.txt``) inlined in front of it.
* **explorer.js / explorer.css / explorer.html**: the page itself, next to this module.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from kgraph.errors import OutputError

_HERE = Path(__file__).resolve().parent
#: The webpack modules the WebGL renderer needs: sigma's entry point and graphology's browser build.
SIGMA_ENTRIES = ("./node_modules/sigma/index.js", "./node_modules/graphology/dist/graphology.umd.min.js",
                 "./node_modules/sigma/rendering/webgl/programs/edge.line.js")
#: Licence notice of the libraries inside ipysigma's bundle that the page inlines (all MIT).
SIGMA_NOTICE = """sigma.js 3 (https://www.sigmajs.org) - MIT licence, Copyright (C) 2013-2024 Alexis Jacomy,
Guillaume Plique, Benoit Simard. graphology (https://graphology.github.io) - MIT licence, Copyright (c)
2016-2024 Guillaume Plique. events (https://github.com/browserify/events) - MIT licence, Copyright Joyent, Inc.
and other Node contributors. @yomguithereal/helpers - MIT licence, Copyright (c) Guillaume Plique.
Taken from the ipysigma package (https://github.com/medialab/ipysigma), whose licence follows.

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and
to permit persons to whom the Software is furnished to do so, subject to the following conditions: The above
copyright notice and this permission notice shall be included in all copies or substantial portions of the
Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT
SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION
OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
DEALINGS IN THE SOFTWARE."""
# the module loader run after the chunks: the few webpack runtime helpers sigma's CommonJS modules use
_LOADER = """
(function () {
  'use strict';
  var chunks = self.webpackChunkipysigma || [], modules = {}, cache = {};
  chunks.forEach(function (c) { Object.keys(c[1]).forEach(function (k) { modules[k] = c[1][k]; }); });
  function req(id) {
    if (cache[id]) { return cache[id].exports; }
    var m = cache[id] = {id: id, exports: {}};
    modules[id].call(m.exports, m, m.exports, req);
    return m.exports;
  }
  req.o = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };
  req.d = function (e, d) { Object.keys(d).forEach(function (k) {
    if (!req.o(e, k)) { Object.defineProperty(e, k, {enumerable: true, get: d[k]}); } }); };
  req.r = function (e) { Object.defineProperty(e, '__esModule', {value: true}); };
  req.n = function (m) { var g = m && m.__esModule ? function () { return m['default']; } : function () { return m; };
    req.d(g, {a: g}); return g; };
  req.g = self;
  window.kgraphSigma = {Sigma: req(%(sigma)s).Sigma, Graph: req(%(graph)s), EdgeLine: req(%(line)s)['default']};
  delete self.webpackChunkipysigma;
}());
"""
_MODULE = re.compile(r'^/\*\*\*/ "([^"]+)":', re.M)
_REQUIRE = re.compile(r'__webpack_require__\(/\*![^*]*\*/ "([^"]+)"\)')


@functools.lru_cache(maxsize=1)
def vis_network_assets() -> tuple[str, str]:
    """``(vis-network.min.js, vis-network.css)`` shipped in the pyvis package (read once).

    Raises:
        OutputError: pyvis has no vis-network script.
    """
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib"
    candidates = sorted(lib.glob("vis-*/vis-network.min.js"), key=lambda p: _version_key(p.parent.name))
    if not candidates:
        raise OutputError("vis-network.min.js not found in the pyvis package",
                          fix="reinstall pyvis: pip install --force-reinstall 'pyvis>=0.3.2'")
    js = candidates[-1]
    css = js.with_name("vis-network.css")
    return js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8") if css.exists() else ""


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in name.removeprefix("vis-").split("."))


def _chunk_modules(text: str) -> dict[str, set[str]]:
    """Each module of one webpack chunk → the modules it requires."""
    starts = [(m.start(), m.group(1)) for m in _MODULE.finditer(text)]
    out: dict[str, set[str]] = {}
    for k, (at, name) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(text)
        out[name] = set(_REQUIRE.findall(text, at, end))
    return out


@functools.lru_cache(maxsize=1)
def sigma_bundle() -> str:
    """The script that defines ``window.kgraphSigma = {Sigma, Graph, EdgeLine}`` (sigma.js and graphology from the
    installed ipysigma package), its licence notices first. Read once.

    Raises:
        OutputError: ipysigma is missing, or its bundle no longer holds sigma and graphology.
    """
    fix = "install the version kgraph names: pip install 'ipysigma>=0.24,<0.25'"
    try:
        import ipysigma
    except ImportError as exc:
        raise OutputError("the WebGL renderer needs the ipysigma package, which is not installed", fix=fix) from exc
    static = Path(ipysigma.__file__).resolve().parent / "labextension" / "static"
    chunks = {p.name: p.read_text(encoding="utf-8") for p in sorted(static.glob("*.js"))}
    where: dict[str, str] = {}
    needs: dict[str, set[str]] = {}
    for name, text in chunks.items():
        for module, deps in _chunk_modules(text).items():
            where.setdefault(module, name)
            needs.setdefault(module, deps)
    wanted: list[str] = []
    todo = list(SIGMA_ENTRIES)
    seen: set[str] = set()
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        if module not in where:
            raise OutputError(f"ipysigma's bundle has no module {module} (sigma.js or graphology changed)", fix=fix)
        if where[module] not in wanted:
            wanted.append(where[module])
        todo.extend(sorted(needs[module]))
    licence = ""
    try:
        from importlib.metadata import distribution

        dist = distribution("ipysigma")
        licence = next((f.read_text() for f in dist.files or () if f.name == "LICENSE.txt"), "") or ""
    except Exception:  # the notice above names the licence even when the file is not found
        licence = ""
    header = "/*! " + (SIGMA_NOTICE + "\n\nipysigma LICENSE.txt:\n" + licence).replace("*/", "* /") + " */\n"
    body = "\n".join(chunks[name] for name in sorted(wanted))
    names = {key: '"' + module + '"' for key, module in zip(("sigma", "graph", "line"), SIGMA_ENTRIES, strict=True)}
    return header + body + _LOADER % names


@functools.lru_cache(maxsize=4)
def explorer_asset(name: str) -> str:
    """``explorer.js``, ``explorer.css`` or ``explorer.html`` from this package.

    Raises:
        OutputError: the file is missing from the installed package.
    """
    path = _HERE / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"explorer asset {name} missing from the kgraph package ({exc.strerror})",
                          fix="reinstall kgraph") from exc


__all__ = ["SIGMA_ENTRIES", "SIGMA_NOTICE", "explorer_asset", "sigma_bundle", "vis_network_assets"]
