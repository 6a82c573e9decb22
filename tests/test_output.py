from __future__ import annotations

from pathlib import Path

from kgraph.atomic import check_outputs
from kgraph.output import OUTPUT_FILES


def test_output_built_folder_is_queryable_and_complete(example_out: Path) -> None:
    from kgraph.query.sparql import run_query

    files = check_outputs(example_out)
    assert set(OUTPUT_FILES) == files.keys()
    res = run_query(example_out, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(res.rows[0][0].value) > 100
