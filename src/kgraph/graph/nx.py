"""Corpus → networkx MultiDiGraph: one node per actor, one edge per (subject, property, object) fact.

Edge key = property local name. Attributes are scalars so that GraphML (Gephi, Cytoscape) keeps them.
``weight``, ``documents``, ``copies``, ``speakers``, ``first_date`` and ``last_date`` count the asserted (not
negated, not hedged) occurrences, like the ``kg:Fact`` aggregate of the RDF graph; ``assertions`` counts them all.
A story and its copies (:mod:`kgraph.dedup`) count once in ``weight``, ``assertions`` and ``documents``;
``copies`` counts every document that carried the fact. Nodes have ``documents`` (stories) and ``copies`` too.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from kgraph.model import Assertion, Corpus


def to_networkx(corpus: Corpus, *, include_negated: bool = False) -> nx.MultiDiGraph[str]:
    """Project ``corpus`` onto a MultiDiGraph.

    Args:
        include_negated: also draw edges that only negated or hedged assertions support (attribute
            ``asserted`` is then ``False``). Default ``False``: edges are the graph's facts.
    """
    from kgraph.dedup import Stories

    stories = Stories(corpus.documents, corpus.duplicates, corpus.exact_copies)
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    groups: dict[tuple[str, str, str], list[Assertion]] = defaultdict(list)
    for a in corpus.assertions:
        groups[(a.subject, a.predicate, a.object)].append(a)
    for aid, actor in sorted(corpus.actors.items()):
        g.add_node(
            aid,
            label=actor.labels.get("en") or actor.labels.get("ar") or aid,
            label_en=actor.labels.get("en", ""),
            label_ar=actor.labels.get("ar", ""),
            type=actor.cls,
            mentions=actor.mention_count,
            documents=actor.stories or len(actor.documents),
            copies=actor.copies or len(actor.documents),
            aliases=" | ".join(sorted({t for t, _ in actor.alt_labels})),
        )
    doc_dates = {d.id: d.date for d in corpus.documents}
    for (s, p, o), items in sorted(groups.items()):
        asserted = [a for a in items if not a.relation.negated and not a.relation.hedged]
        if not asserted and not include_negated:
            continue
        # counted over the asserted occurrences, as the kg:Fact aggregate of the RDF graph counts them
        support = asserted or items
        weight, documents, copies = stories.count(a.relation.doc_id for a in support)
        # the dates of the documents counted (a later copy of a story does not make the fact newer)
        chosen = stories.chosen(a.relation.doc_id for a in support)
        dates = sorted(d for d in (a.when or doc_dates.get(a.relation.doc_id) for a in support
                                   if a.relation.doc_id in chosen) if d)
        g.add_edge(
            s, o, key=p,
            predicate=p,
            weight=weight,
            assertions=stories.count(a.relation.doc_id for a in items)[0],
            documents=documents,
            copies=copies,
            asserted=bool(asserted),
            speakers=" | ".join(sorted({a.speaker for a in support if a.speaker})),
            evidence=(asserted or items)[0].relation.evidence[:500],
            first_date=dates[0] if dates else "",
            last_date=dates[-1] if dates else "",
        )
    return g

