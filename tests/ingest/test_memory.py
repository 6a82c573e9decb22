"""Building from texts and records in memory: arguments checked, and the same graph as from files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import kgraph
from kgraph.errors import ArgumentError, KGraphError
from kgraph.ingest.memory import read_records, read_texts
from kgraph.model import Document, Skipped

EN = "The Global Coalition to Defeat ISIS supports the Iraqi Security Forces in Anbar."
AR = "التحالف الدولي يدعم قوات سوريا الديمقراطية في الحسكة."


def _quads_without_sources(result: kgraph.BuildResult) -> set[tuple[object, ...]]:
    """The quads of ``result``'s dataset but the ``dcterms:source`` ones (the only triples that name where a
    document came from). kgraph's graphs have no blank nodes, so equal sets are isomorphic datasets."""
    from rdflib import DCTERMS

    return {q for q in result.dataset.quads((None, None, None, None)) if q[1] != DCTERMS.source}


def test_memory_texts_give_the_graph_of_the_same_texts_in_files(articles) -> None:  # type: ignore[no-untyped-def]
    texts = [EN, AR, "   ", "ISIS threatens the al-Hol camp, the SDF said."]
    folder = articles({f"{i}.txt": t for i, t in enumerate(texts)})
    from_files = kgraph.build_graph([folder])
    from_memory = kgraph.build_graph(texts=texts)
    assert _quads_without_sources(from_memory) == _quads_without_sources(from_files)
    assert from_memory.report["documents"] == from_files.report["documents"]
    assert [s["code"] for s in from_memory.report["skipped"]] == ["E101"]
    assert from_memory.report["skipped"][0]["source"] == "texts[2]"
    assert from_memory.facts() == from_files.facts()


def test_memory_records_give_the_graph_of_the_same_jsonl_lines(articles) -> None:  # type: ignore[no-untyped-def]
    records = [
        {"text": EN, "title": "Training", "date": "2024-03-04", "url": "https://example.org/a"},
        {"text": AR, "lang": "ar", "date": "2024-03-12"},
        {"text": "ISIS threatens the al-Hol camp.", "id": "brief-3"},
    ]
    folder = articles({"feed.jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)})
    from_file = kgraph.build_graph([folder])
    from_memory = kgraph.build_graph(records=records)
    assert _quads_without_sources(from_memory) == _quads_without_sources(from_file)
    assert sorted(d.source for d in from_memory.corpus.documents) == ["brief-3", "https://example.org/a",
                                                                     "records[1]"]
    assert {d.date for d in from_memory.corpus.documents} == {"2024-03-04", "2024-03-12", None}


@pytest.mark.parametrize(("texts", "message"), [
    ("one text", "not one string"),
    ([EN, 3], "texts[1] is an int"),
    ([b"bytes"], "texts[0] is a bytes"),
    (42, "texts must be a list of strings, not an int"),
])
def test_memory_bad_texts_raise(texts: object, message: str) -> None:
    with pytest.raises(ArgumentError, match=message.replace("[", r"\[").replace("]", r"\]")):
        read_texts(texts)  # type: ignore[arg-type]


@pytest.mark.parametrize(("records", "message"), [
    ({"text": EN}, "not one"),
    ([EN], r"records\[0\] is a str, not a mapping"),
    ([{"title": "no text"}], r"records\[0\] has no \"text\""),
    ([{"text": EN, "body": "x"}], r"unknown key\(s\) 'body'"),
    ([{"text": EN}, {"text": EN, "date": "March 2024"}], r"records\[1\]: date 'March 2024' is not an ISO date"),
    ([{"text": EN, "title": 7}], "title is an int"),
    ([{"text": EN, "lang": 3}], "lang is an int"),
])
def test_memory_bad_records_raise(records: object, message: str) -> None:
    with pytest.raises(ArgumentError, match=message):
        read_records(records)  # type: ignore[arg-type]


@pytest.mark.parametrize(("record", "date"), [
    ({"text": EN, "date": dt.date(2024, 3, 4)}, "2024-03-04"),
    ({"text": EN, "date": dt.datetime(2024, 3, 4, 12, 30)}, "2024-03-04"),
    ({"text": EN, "date": "2024-03-04T10:00:00Z"}, "2024-03-04"),
    ({"text": EN}, None),
])
def test_memory_record_dates(record: dict[str, object], date: str | None) -> None:
    [doc] = read_records([record])
    assert isinstance(doc, Document) and doc.date == date


def test_memory_empty_text_is_skipped_not_raised() -> None:
    [item] = read_texts(["\n \t"])
    assert isinstance(item, Skipped) and item.code == "E101" and item.source == "texts[0]"


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    ((), {}, "nothing to build"),
    ((["The coalition supports the SDF."],), {}, "(?s)no such file or folder.*pass texts="),
    (([3],), {}, r"paths\[0\] is an int"),
    ((), {"texts": [EN], "lang": 3}, "lang is an int"),
    ((), {"texts": [EN], "update": True, "out": "x"}, "texts and records are not files"),
    ((["x"],), {"update": True}, "needs the output folder"),
])
def test_memory_build_graph_bad_arguments_raise(args: tuple[object, ...], kwargs: dict[str, object],
                                                message: str) -> None:
    with pytest.raises(ArgumentError, match=message) as info:
        kgraph.build_graph(*args, **kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, KGraphError) and isinstance(info.value, ValueError)
    assert info.value.fix


def test_memory_one_path_may_be_given_alone(articles) -> None:  # type: ignore[no-untyped-def]
    folder: Path = articles({"a.txt": EN})
    assert kgraph.build_graph(folder).facts() == kgraph.build_graph(str(folder)).facts() == \
        kgraph.build_graph([folder]).facts()


def test_memory_languages_are_checked_as_in_a_build_from_files() -> None:
    from kgraph.errors import UnknownLanguage

    with pytest.raises(UnknownLanguage, match="no language plug-in for 'xx'"):
        kgraph.build_graph(texts=[EN], lang="xx")
    # a record in a language no plug-in reads is skipped, as a .jsonl line would be
    result = kgraph.build_graph(records=[{"text": EN}, {"text": EN + " ", "lang": "xx"}])
    assert [s["code"] for s in result.report["skipped"]] == ["E110"] and result.report["documents"]["read"] == 1
