"""Labels of Arabic actors in the output graph: Arabic surface forms, plus the English label of gazetteer actors."""

from __future__ import annotations

import pytest

TEXT = ("وقال المتحدث باسم التحالف الدولي العقيد كريم الساعدي، إن «التحالف يدعم القوات الأمنية العراقية».\n"
        "وأضاف الساعدي أن «قواتنا تواصل الضغط على داعش».")


@pytest.fixture(scope="module")
def ar_graph(tmp_path_factory):  # type: ignore[no-untyped-def]
    import rdflib

    from kgraph.build import build_graph

    folder = tmp_path_factory.mktemp("ar") / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    out = folder.parent / "out"
    build_graph([folder], out=out)
    return rdflib.Graph().parse(out / "graph.ttl")


def _labels(g, local: str) -> set[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    import rdflib

    node = rdflib.URIRef("https://w3id.org/kgraph/actor/" + local)
    preds = (rdflib.RDFS.label, rdflib.SKOS.altLabel)
    return {(str(o), o.language) for p in preds for o in g.objects(node, p)}


@pytest.mark.parametrize(
    ("local", "label"),
    [
        ("coalition", ("التحالف الدولي", "ar")),
        ("isis", ("داعش", "ar")),
        ("isis", ("ISIS", "en")),
        ("iraqi_security_forces", ("القوات الأمنية العراقية", "ar")),
    ],
)
def test_ar_labels_gazetteer_actor_has_arabic_and_english(ar_graph, local: str,  # type: ignore[no-untyped-def]
                                                          label: tuple[str, str]) -> None:
    labels = _labels(ar_graph, local)
    assert label in labels
    assert any(lang == "en" for _t, lang in labels)


def test_ar_labels_minted_person_keeps_arabic_name(ar_graph) -> None:  # type: ignore[no-untyped-def]
    import rdflib

    names = {str(o) for o in ar_graph.objects(None, rdflib.RDFS.label) if o.language == "ar"}
    assert "كريم الساعدي" in names
