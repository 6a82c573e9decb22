"""Validate kgraph's standoff annotations (format: corpus/README.md).

usage: python corpus/check.py [FILE.json ...] [--show]

With no file, checks every corpus/{ar,en}/*.json and corpus/batches.json. ``--show`` prints each mention's
text (read back from the annotated text) so an annotation can be proof-read. Exit 1 on any error.

The checks live in ``kgraph.train.corpus`` (training reads the corpus through them); this file runs them with
the kgraph of this checkout.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from kgraph.train.corpus import main  # noqa: E402  (after the checkout's src is on the path)

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], corpus_dir=HERE))
