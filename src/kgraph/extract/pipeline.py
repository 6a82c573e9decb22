"""The extraction pipeline: :func:`load_pipeline` builds a language's spaCy pipeline from its config, and
:class:`Extractor` runs it over :class:`~kgraph.model.Document` objects and returns
:class:`~kgraph.model.Extraction` objects (what the rest of kgraph reads).

>>> from kgraph.ingest import make_document
>>> doc = make_document("The Coalition supports the Iraqi Security Forces.", source="t", lang="en")
>>> [(r.subject.key, r.predicate, r.object.key) for r in Extractor().extract(doc).relations]
[('coalition', 'supports', 'iraqi_security_forces')]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kgraph import settings
from kgraph.errors import UnknownLanguage, UnsupportedLanguage
from kgraph.extract.plugin import DEFAULT_CONFIG
from kgraph.extract.state import Session
from kgraph.gazetteer import Gazetteer, load_gazetteer
from kgraph.model import Document, Extraction, Mention, Relation
from kgraph.registry import language, language_codes
from kgraph.schema import Schema, load_schema

if TYPE_CHECKING:
    from spacy.language import Language


def load_pipeline(lang: str, *, actors: Sequence[Path | str] = (), lexicons: Sequence[Path | str] = (),
                  spacy_model: str | None = None) -> Language:
    """The spaCy pipeline of language ``lang``, built from the plug-in's ``config.cfg``.

    Args:
        lang: a registered language code (``"ar"``, ``"en"``, or one a plug-in adds).
        actors: extra gazetteer Turtle files (they extend the shipped gazetteer).
        lexicons: extra trigger Turtle files (they may declare properties of their own).
        spacy_model: name or path of an installed spaCy pipeline whose entities the rules may use
            (added as ``kgraph_ner`` after ``kgraph_gazetteer``).

    Returns:
        A ``spacy.Language``; ``nlp(text)`` leaves the mentions in ``doc.spans["kgraph_mentions"]``, the
        relations in ``doc._.kgraph_relations`` (see ``docs/extraction.md``).

    Raises:
        UnknownLanguage: no plug-in is registered for ``lang``.
        ConfigError: ``spacy_model`` cannot be loaded or recognises no entities.
        OntologyError: a Turtle file does not parse, or a lexicon entry names an unknown frame or property.

    >>> nlp = load_pipeline("en")
    >>> nlp.pipe_names[:3]
    ['kgraph_normalizer', 'kgraph_analysis', 'kgraph_sentences']
    >>> doc = nlp("ISIS attacked the Syrian Democratic Forces.")
    >>> [(s.text, s.label_, s.kb_id_) for s in doc.spans["kgraph_mentions"]]
    [('ISIS', 'ArmedGroup', 'isis'), ('Syrian Democratic Forces', 'Military', 'sdf')]
    >>> [(r.subject.key, r.predicate, r.object.key) for r in doc._.kgraph_relations]
    [('isis', 'attacks', 'sdf')]
    """
    from spacy.util import load_config, load_model_from_config

    import kgraph.extract.components  # noqa: F401  (registers the factories and the setup callback)

    plugin = language(lang)
    path = plugin.config_path()
    overrides: dict[str, object] = {"kgraph.lang": lang, "kgraph.actors": [str(a) for a in actors],
                                    "kgraph.lexicons": [str(x) for x in lexicons]}
    if path == DEFAULT_CONFIG:
        overrides["nlp.lang"] = getattr(plugin, "spacy_lang", "xx")
    config = load_config(path, overrides=overrides, interpolate=True)
    nlp: Language = load_model_from_config(config, auto_fill=True, validate=True)
    if spacy_model:
        nlp.add_pipe("kgraph_ner", after="kgraph_gazetteer", config={"model": spacy_model})
    nlp.max_length = max(nlp.max_length, settings.get("chunk_chars") + 1)
    return nlp


def tokenizer_pipeline(lang: str) -> Language:
    """A pipeline of ``lang`` with no component: the language's tokenizer and folded norms — what a trained
    component (a mention model) sees before it runs; ``kgraph train`` makes its training data with it.

    Raises:
        UnknownLanguage: no plug-in is registered for ``lang``.

    >>> [t.norm_ for t in tokenizer_pipeline("ar")("أعلنت الإدارة")]
    ['اعلنت', 'الاداره']
    """
    import spacy
    from spacy.util import load_config

    from kgraph.extract.components import language_setup

    plugin = language(lang)
    path = plugin.config_path()
    spacy_lang = getattr(plugin, "spacy_lang", "xx") if path == DEFAULT_CONFIG else load_config(path)["nlp"]["lang"]
    return language_setup(lang)(spacy.blank(spacy_lang))


class Extractor:
    """Runs the language pipelines over documents.

    Args:
        actors: extra gazetteer Turtle files (extend the shipped ones).
        lexicons: extra trigger Turtle files.
        lang: ``"auto"`` keeps each document's detected language; a registered code forces one.
        spacy_model: an installed spaCy pipeline whose entities the rules may use (``--spacy-model``).

    Raises:
        UnknownLanguage: ``lang`` is neither ``"auto"`` nor a registered language (a usage error).

    >>> try:
    ...     Extractor(lang="xx")
    ... except UnknownLanguage as exc:
    ...     print(exc.message)
    no language plug-in for 'xx'; registered: ar, en
    """

    def __init__(self, *, actors: Sequence[Path] = (), lexicons: Sequence[Path] = (), lang: str = "auto",
                 spacy_model: str | None = None) -> None:
        #: the language every document is read in, or None to keep each document's own ("auto")
        self.forced: str | None = None if lang in ("auto", "") else lang
        own = language(self.forced).actor_files() if self.forced is not None else ()
        self.actors = tuple(Path(a) for a in actors)
        self.lexicons = tuple(Path(x) for x in lexicons)
        self.lang = lang
        self.spacy_model = spacy_model
        self.gazetteer: Gazetteer = load_gazetteer((*own, *self.actors))
        self.schema: Schema = load_schema((*own, *self.actors, *self.lexicons))
        self._nlp: dict[str, Language] = {}

    def nlp(self, lang: str) -> Language:
        """The pipeline of ``lang`` (built on first use).

        Raises:
            UnknownLanguage: no plug-in is registered for ``lang``.
        """
        if lang not in self._nlp:
            self._nlp[lang] = load_pipeline(lang, actors=self.actors, lexicons=self.lexicons,
                                            spacy_model=self.spacy_model)
        return self._nlp[lang]

    def extract(self, doc: Document) -> Extraction:
        """Find the mentions and relations of one document.

        A document longer than the ``chunk_chars`` setting is processed in pieces (cut at paragraph breaks, or
        inside a very long paragraph at a sentence end), with what the rules know carried from piece to piece.

        Raises:
            UnsupportedLanguage: no plug-in reads the document's language (the build skips it with E110).
        """
        lang = self.forced or doc.lang
        try:
            nlp = self.nlp(lang)
        except UnknownLanguage as exc:
            raise UnsupportedLanguage(f"{doc.source}: the document's language {lang!r} has no plug-in "
                                      f"(registered: {', '.join(language_codes())})",
                                      fix="give --lang with a registered language, or install a plug-in for it"
                                      ) from exc
        session = Session(doc_id=doc.id)
        mentions: list[Mention] = []
        relations: list[Relation] = []
        for offset, piece in pieces(doc.text, settings.get("chunk_chars")):
            sdoc = nlp.make_doc(piece)
            session.offset = offset
            sdoc._.kgraph_session = session
            sdoc = nlp(sdoc)
            mentions.extend(sdoc._.kgraph_mentions)
            relations.extend(sdoc._.kgraph_relations)
        return Extraction(document=doc, mentions=tuple(mentions), relations=tuple(relations))


def pieces(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """``(offset, piece)``: ``text`` in pieces of at most ``limit`` characters, cut at paragraph breaks, and a
    paragraph longer than that at sentence ends (or spaces).

    >>> list(pieces("ab\\ncd\\nef", 5))
    [(0, 'ab\\ncd'), (6, 'ef')]
    """
    start = 0
    pos = 0
    for para in text.split("\n"):
        end = pos + len(para)
        if len(para) > limit:
            if pos > start:
                yield start, text[start:pos - 1]
            for cut, part in _cut(para, limit):
                yield pos + cut, part
            start = end + 1
        elif end - start > limit:
            yield start, text[start:pos - 1]
            start = pos
        pos = end + 1
    if start < len(text):
        yield start, text[start:]


def _cut(para: str, limit: int) -> Iterator[tuple[int, str]]:
    """Cut one very long paragraph at sentence ends (or spaces) into pieces of at most ``limit`` characters."""
    pos = 0
    while pos < len(para):
        end = min(len(para), pos + limit)
        if end < len(para):
            cut = max(para.rfind(". ", pos, end), para.rfind("۔", pos, end), para.rfind(" ", pos, end))
            if cut > pos:
                end = cut + 1
        yield pos, para[pos:end]
        pos = end


__all__ = ["Extractor", "load_pipeline", "pieces", "tokenizer_pipeline"]
