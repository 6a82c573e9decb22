"""The Arabic rules never fail on odd input: random token soup from the words the rules care about."""

from __future__ import annotations

import random

import pytest

from kgraph.ingest import make_document

WORDS = ("« » ، ؛ : . ( ) \" – - التحالف الدولي داعش بقيادة بدعوة من الذي التي قال وأضاف المتحدث باسم العقيد "
         "نحن قواتنا لا لن لم قد يعني أنه الاجتماع الوزاري عقد في المغرب الواقع عليه تسيطر ضد هجمات لداعش على "
         "السجون بحسب وفقاً لـ «كتائب الحكومة العراقية يدعم هاجم التنظيم الإرهابي رئيس الوزراء حيدر العبادي "
         "مخيم الهول سجن بلدة وزارة ولا تزال ما زال 2014 ١٩ ربما يتوقع حربها شنه والذي الذين لكنه").split()


@pytest.mark.parametrize("seed", range(6))
def test_ar_robustness_random_token_soup(extractor, seed: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    for _ in range(40):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 50)))
        ex = extractor.extract(make_document(text.replace(" . ", ".\n"), source="t", lang="ar"))
        for r in ex.relations:
            assert r.sent_start <= r.sent_end
            assert r.subject.key != r.object.key or r.subject.key is None
