"""Where kgraph's shipped ontology, gazetteer and lexicon files are, and the namespaces they use.

Only strings here (no rdflib), so every stage can import it cheaply.
"""

from __future__ import annotations

from pathlib import Path

KG = "https://w3id.org/kgraph/ns#"
KGA = "https://w3id.org/kgraph/actor/"
KGD = "https://w3id.org/kgraph/doc/"
KGX = "https://w3id.org/kgraph/assertion/"
KGL = "https://w3id.org/kgraph/lexicon/"

PREFIXES: dict[str, str] = {
    "kg": KG,
    "kga": KGA,
    "kgd": KGD,
    "kgx": KGX,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
}


def ontology_dir() -> Path:
    """The folder holding ``kgraph.ttl``, ``shapes.ttl``, ``actors/`` and ``lexicon/``.

    In an installed wheel it is ``kgraph/ontologies``; in a source checkout, the top-level
    ``ontologies/`` folder.
    """
    packaged = Path(__file__).resolve().parent / "ontologies"
    if (packaged / "kgraph.ttl").exists():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "ontologies"
    return checkout


def ontology_file() -> Path:
    return ontology_dir() / "kgraph.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def actor_files() -> list[Path]:
    return sorted((ontology_dir() / "actors").glob("*.ttl"))


def lexicon_files() -> list[Path]:
    return sorted((ontology_dir() / "lexicon").glob("*.ttl"))
