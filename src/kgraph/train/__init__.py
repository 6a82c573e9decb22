"""Training kgraph's own mention models (``kgraph train``; ``docs/training.md``).

The modules, in the order a run uses them:

* :mod:`~kgraph.train.corpus` — read and validate standoff annotation files (``corpus/check.py`` runs it);
* :mod:`~kgraph.train.selection` — which files may train a model (never a closed or sealed batch), and the
  seeded train/dev split;
* :mod:`~kgraph.train.convert` — annotations → ``Doc``/``DocBin`` with the runtime tokenizer and pre-model
  steps, spans aligned to tokens;
* :mod:`~kgraph.train.reader` — the spaCy corpus reader the configs (``configs/ner-<lang>.cfg``) name;
* :mod:`~kgraph.train.trainer` — the run: convert, ``spacy.cli.train``, evaluate, package;
* :mod:`~kgraph.train.evaluate`, :mod:`~kgraph.train.speed` — P/R/F per label; words per second;
* :mod:`~kgraph.train.package` — the shipped model folders, their ``training.json``, and the check that a
  model still matches its data and config.

Importing this package is light; spaCy is imported when a run starts.
"""

from __future__ import annotations

from kgraph.train.package import ModelCheck, check_model, model_dir
from kgraph.train.selection import Selection, select_documents, split_documents
from kgraph.train.trainer import TrainResult, train

__all__ = ["ModelCheck", "Selection", "TrainResult", "check_model", "model_dir", "select_documents",
           "split_documents", "train"]
