"""English extraction speed: words per second on one core — the English twin of ``speed_ar.py`` (same options;
the default texts are ``examples/articles/en-*.txt``). Run from the repository root::

    PYTHONPATH=src python benchmarks/speed_en.py [FILES ...] [--repeat 20]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from speed_ar import main

if __name__ == "__main__":
    raise SystemExit(main(lang="en"))
