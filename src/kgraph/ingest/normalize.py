"""Text normalisation: for storage (NFC, invisible characters) and for matching (Arabic folding).

Two different jobs:

* :func:`clean_text` makes the text that is stored and shown: NFC, one newline convention, bidi
  controls and zero-width characters removed (they hide inside names and break matching).
* :func:`fold` makes a *matching key*: case-folded, Arabic alef/hamza forms, alef maqsura, ta marbuta,
  diacritics and tatweel folded. It is never shown to users.
"""

from __future__ import annotations

import re
import unicodedata

# Bidi controls, zero-width characters, BOM, soft hyphen. ZWNJ/ZWJ inside Arabic names are noise here.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad\u061c\u2060]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_AR_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_AR_ALEF = re.compile("[أإآٱ]")
_PUNCT = re.compile(r"[\"'«»“”‘’()\[\]{}\-–—_.,،:;؛!?؟/\\]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_LATIN_LETTER = re.compile("[A-Za-z]")


def clean_text(text: str) -> str:
    """Return ``text`` as kgraph stores it: NFC, ``\\n`` newlines, no invisible or control characters.

    >>> clean_text("Da\\u200besh\\r\\n")
    'Daesh\\n'
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", text)
    return _CONTROL.sub(" ", text)


def fold(token: str) -> str:
    """Return the matching key of one token or phrase (never shown to users).

    >>> fold("الإرهابيّة") == fold("الارهابيه")
    True
    >>> fold("ISIS")
    'isis'
    """
    t = unicodedata.normalize("NFKC", token)
    t = _AR_DIACRITICS.sub("", t)
    t = _AR_ALEF.sub("ا", t).replace("ى", "ي").replace("ة", "ه").replace("ؤ", "و").replace("ئ", "ي")
    return t.casefold()


def fold_phrase(text: str) -> str:
    """Fold a phrase and drop punctuation, collapsing whitespace: the key of a gazetteer label."""
    return " ".join(_PUNCT.sub(" ", fold(text)).split())


def detect_lang(text: str, *, default: str = "en") -> str:
    """Guess ``"ar"`` or ``"en"`` from the share of Arabic letters among the letters of ``text``.

    >>> detect_lang("قال المتحدث")
    'ar'
    >>> detect_lang("The spokesman said")
    'en'
    """
    sample = text[:20_000]
    ar = len(_ARABIC_LETTER.findall(sample))
    la = len(_LATIN_LETTER.findall(sample))
    if ar == 0 and la == 0:
        return default
    return "ar" if ar >= la else "en"


_BOILERPLATE = re.compile(
    r"(cookie|privacy policy|all rights reserved|terms of (use|service)|subscribe to|sign up for"
    r"|read more|click here|accept all|newsletter|\bclose\b\s*$|^close$|advertisement|share this"
    r"|جميع الحقوق محفوظة|سياسة الخصوصية|ملفات تعريف الارتباط|اقرأ أيضا|اقرأ ايضا|اقرأ المزيد"
    r"|^تنويه|إخلاء المسؤولية|اشترك في|النشرة البريدية|تابعونا على|شارك هذا)",
    re.IGNORECASE,
)


def is_boilerplate(line: str) -> bool:
    """True for site furniture: cookie and privacy banners, disclaimers, "read more" lines.

    >>> is_boilerplate("By continuing to use the site, you agree to the use of cookies.")
    True
    >>> is_boilerplate("The coalition supports the Iraqi Security Forces.")
    False
    """
    stripped = line.strip()
    if not stripped:
        return False
    return bool(_BOILERPLATE.search(stripped)) and len(stripped) < 600


def strip_boilerplate(text: str) -> str:
    """Blank out boilerplate lines, keeping every other character's offset."""
    out = []
    for line in text.split("\n"):
        out.append(" " * len(line) if is_boilerplate(line) else line)
    return "\n".join(out)
