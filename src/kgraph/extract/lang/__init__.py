"""Language data for the extractor: one module per language, the same names in each.

A language module defines (all folded with :func:`kgraph.ingest.normalize.fold`):

``SPEECH_VERBS``       words that introduce reported speech (said / قال)
``CONTINUE_VERBS``     speech verbs that, with no named subject, continue the last speaker
``TITLES``             role words that introduce a person (spokesman, minister / المتحدث، وزير)
``FIRST_PERSON``       we / our forces / نحن / قواتنا: resolve to the speaker's organisation
``NEGATIONS``          negation cues; ``DOUBLE_NEGATION`` phrases that cancel them
``HEDGES``             modality cues (may, expected / ربما، قد، يتوقع)
``ORG_HEADS``          head nouns of organisation names (Ministry, Forces / وزارة، قوات)
``PLACE_PREPS``        prepositions before places (in, near / في، قرب)
``STOP``               function words that never start or end a name
and the function ``variants(folded_token) -> list[str]`` giving clitic-stripped forms to try.
"""

from __future__ import annotations

from types import ModuleType


def get(lang: str) -> ModuleType:
    """Return the language module registered for ``lang`` (``kgraph.lang.<lang>.v1``); English rules otherwise."""
    from kgraph.registry import language

    return language(lang)
