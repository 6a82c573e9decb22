"""Reading inputs: files and folders → Documents (or Skipped, with a reason)."""

from kgraph.ingest.read import decode_bytes, make_document, read_inputs

__all__ = ["decode_bytes", "make_document", "read_inputs"]
