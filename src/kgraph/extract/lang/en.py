"""English language data for the rule-based extractor (all entries folded, i.e. lower-case)."""

from __future__ import annotations

from kgraph.ingest.normalize import fold_phrase


def _f(words: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in words.split())


SPEECH_VERBS = _f(
    "said says told added stated noted explained stressed emphasized emphasised announced declared"
    " warned confirmed reported affirmed according continued remarked argued claimed denied"
)
CONTINUE_VERBS = _f("added continued")
NEGATED_SPEECH = _f("denied")
TITLES = _f(
    "gen. gen general maj. maj major col. col colonel lt. lt lieutenant brig. brig brigadier adm. adm"
    " admiral capt. capt captain sgt. sgt sergeant cmdr. commander secretary minister president"
    " ambassador spokesman spokeswoman spokesperson envoy director chief chairman prime deputy"
    " mr. mrs. ms. dr. sheikh king prince foreign defense defence consul governor mayor commissioner"
    " coordinator undersecretary emir"
)
MEMBER_ROLES = _f(
    "spokesman spokeswoman spokesperson minister secretary ambassador commander director chief envoy"
    " chairman deputy president member representative head leader official officer"
)
# words after "Secretary of" / "Minister of" that belong to the title, not to the name
ROLE_COMPLEMENTS = _f("of state defense defence foreign affairs interior the homeland security treasury justice")
LEAD_ROLES = _f("commander director chief chairman head leader president")
FIRST_PERSON = _f("we our us ourselves")
NEGATIONS = _f("not never no n't without neither nor")
DOUBLE_NEGATION = ("not only",)
HEDGES = _f(
    "may might could would possibly likely probably perhaps expected reportedly allegedly appears seems"
    " plans intends believed suspected unconfirmed potential possible reports rumoured rumored"
)
ORG_HEADS = _f(
    "forces force ministry council army command task department embassy agency police service office"
    " committee government coalition front brigade brigades battalion division corps party movement"
    " organization organisation directorate authority guard group observatory units"
)
PLACE_PREPS = _f("in near from to at outside inside into across throughout")
PLACE_HEADS = _f("province governorate city camp prison base district village region")
# a capital named as an actor ("urged Baghdad", "Washington condemned") stands for that government
CAPITAL_GOVERNMENTS = {
    "baghdad": "iraqi_government", "erbil": "krg", "damascus": "syrian_government", "washington": "united_states",
    "ankara": "turkish_government", "tehran": "iranian_government",
}
STOP = _f(
    "the a an of in on at to for from with by and or but as that this these those is was were are be"
    " been has have had it its their his her they he she which who whom"
)


def variants(tok: str) -> list[str]:
    """English has no clitics to strip; a token with inner punctuation also matches without it.

    >>> variants("u.s.")
    ['u.s.', 'u s']
    """
    if len(tok) > 1 and any(c in ".-’'" for c in tok):
        plain = fold_phrase(tok)
        if plain and plain != tok:
            return [tok, plain]
    return [tok]
