"""Texts and records held in memory → :class:`~kgraph.model.Document` (or Skipped), as files would give.

A text is read as a ``.txt`` file holding it would be, a record as a line of a ``.jsonl`` file: same cleaning,
same title, same document id (a hash of the text), so a build from memory and a build from those files make
the same graph. What differs is the name each document is reported under (``dcterms:source``): a record's
``url``, else its ``id``, else ``records[i]``; ``texts[i]`` for a text.

Arguments of the wrong shape are the caller's mistake and raise :class:`~kgraph.errors.ArgumentError` before
anything is read; a text with nothing in it is skipped and reported, as an empty file is.

>>> [d.title for d in read_records([{"text": "Talks in Baghdad.", "title": "Talks", "date": "2024-05-01"}])]
['Talks']
>>> read_texts("one string")
Traceback (most recent call last):
...
kgraph.errors.ArgumentError: texts must be a list of strings, not one string (E210)
  fix: wrap it: texts=[text]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from kgraph.errors import ArgumentError, InputError
from kgraph.ingest.read import make_document
from kgraph.model import Document, Skipped

#: The keys a record may have (``text`` is required).
RECORD_KEYS = ("text", "title", "date", "url", "lang", "id")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_texts(texts: Iterable[str], *, lang: str = "auto",
               warnings: list[str] | None = None) -> list[Document | Skipped]:
    """One document per text (``texts[i]`` is its source), or a Skipped for a text with no words in it.

    Raises:
        ArgumentError: ``texts`` is one string, or holds something that is not a string.
    """
    if isinstance(texts, str | bytes):
        raise ArgumentError("texts must be a list of strings, not one string", fix="wrap it: texts=[text]")
    items = _listed(texts, "texts", "a list of strings")
    strings: list[str] = []
    for i, text in enumerate(items):
        if not isinstance(text, str):
            raise ArgumentError(f"texts[{i}] is {a_type(text)}, not a string",
                                fix="give texts=[...] strings; pass files and folders as paths, records as records=")
        strings.append(text)
    return [_document(text, source=f"texts[{i}]", lang=lang, warnings=warnings) for i, text in enumerate(strings)]


def read_records(records: Iterable[Mapping[str, object]], *, lang: str = "auto",
                 warnings: list[str] | None = None) -> list[Document | Skipped]:
    """One document per record: a mapping with ``text`` and optional ``title``, ``date`` (ISO ``YYYY-MM-DD``
    text, or a ``datetime.date``), ``url``, ``lang`` (``auto`` or a language code; default ``lang``) and ``id``.
    A record in a language no plug-in reads is skipped at extraction (``E110``), as a ``.jsonl`` line is.

    Raises:
        ArgumentError: ``records`` is not a list of mappings, or a record lacks ``text``, has a key not in
            :data:`RECORD_KEYS` or a value of the wrong type.
    """
    if isinstance(records, Mapping) or isinstance(records, str | bytes):
        raise ArgumentError("records must be a list of mappings, not one", fix="wrap it: records=[record]")
    items = _listed(records, "records", "a list of mappings")
    out: list[Document | Skipped] = []
    for i, record in enumerate(items):
        where = f"records[{i}]"
        if not isinstance(record, Mapping):
            raise ArgumentError(f"{where} is {a_type(record)}, not a mapping",
                                fix='give each record as {"text": ..., "title": ..., "date": ..., "url": ...}')
        unknown = sorted(str(k) for k in record if k not in RECORD_KEYS)
        if unknown:
            raise ArgumentError(f"{where} has unknown key(s) {', '.join(map(repr, unknown))}",
                                fix=f"use only {', '.join(RECORD_KEYS)} (text is required)")
        fields = {k: _field(record, k, where) for k in RECORD_KEYS}
        if fields["text"] is None:
            raise ArgumentError(f"{where} has no \"text\"", fix=f'give {where} a "text" string')
        rec_lang = fields["lang"] or lang
        source = fields["url"] or fields["id"] or where
        out.append(_document(fields["text"], source=source, lang=rec_lang, title=fields["title"],
                             date=fields["date"], warnings=warnings))
    return out


def a_type(value: object) -> str:
    """``value``'s type with its article, for messages: ``"an int"``, ``"a dict"``."""
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _listed(items: Iterable[object], name: str, shape: str) -> list[object]:
    try:
        return list(items)
    except TypeError:
        raise ArgumentError(f"{name} must be {shape}, not {a_type(items)}",
                            fix=f"give {name}=[...]") from None


def _field(record: Mapping[str, object], key: str, where: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if key == "date":
        if isinstance(value, dt.date):
            return value.isoformat()[:10]
        if not isinstance(value, str) or not _ISO_DATE.match(value):
            raise ArgumentError(f"{where}: date {value!r} is not an ISO date",
                                fix='write it as "YYYY-MM-DD" (or give a datetime.date)')
        return value[:10]
    if not isinstance(value, str):
        raise ArgumentError(f"{where}: {key} is {a_type(value)}, not a string", fix=f"give {key} as text")
    return value


def _document(text: str, *, source: str, lang: str, title: str | None = None,
              date: str | None = None, warnings: list[str] | None = None) -> Document | Skipped:
    try:
        return make_document(text, source=source, lang=lang, title=title, date=date, warnings=warnings)
    except InputError as exc:
        return Skipped(source=source, reason=exc.message + (f"; {exc.fix}" if exc.fix else ""), code=exc.code)


__all__ = ["RECORD_KEYS", "a_type", "read_records", "read_texts"]
