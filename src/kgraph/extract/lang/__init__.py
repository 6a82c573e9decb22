"""The shipped language plug-ins: one package per language (``ar/``, ``en/``), each a folder of data — its
spaCy ``config.cfg``, ``language.json`` (what the shared components read) and ``rules.json`` (the word lists of its
own rules) — and only the code that is truly language-specific (``rules.py`` and helpers), behind
:class:`kgraph.extract.plugin.LanguagePlugin`. They are registered as ``kgraph.lang.ar.v1`` and
``kgraph.lang.en.v1`` (:mod:`kgraph.registry`); a third-party language registers the same way.
"""
