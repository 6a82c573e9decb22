"""When things happened: dates in the text, resolved against the report date, kept apart from it.

A news report has a date (``dcterms:date`` of the document: when it was published) and tells of things that
happened on other days: "met in Rome on Thursday", «يوم الثلاثاء الماضي», "on 7 March 2024", "yesterday".
:func:`find_dates` finds those expressions in a sentence with the word lists of its language
(``extract/lang/<lang>/dates.json``: weekdays, months, relative days, the words that point a weekday back or
forward) and resolves them:

* an explicit date with its year is that day; without a year, the year of the report (the year before when
  that would put it more than a week after the report);
* a weekday is the last such day on or before the report date ("on Thursday" in a report of Friday 8 March is
  7 March; «الخميس الماضي», "last Thursday": strictly before it); "next"/«المقبل» points forward;
* "yesterday"/«أمس» is the day before the report.

Relative expressions need the report date: without it they are not resolved. The date of an assertion is the
first resolved date of its evidence sentence (:func:`sentence_date`); an event's dates are those of the
sentences that name it. They are used to tell events apart (:mod:`kgraph.resolve`) and for ``kg:firstDate`` /
``kg:lastDate``, which fall back on the report date when the text gives none.

>>> find_dates("The ministers met in Rome on Thursday.", "en", "2024-03-08")
['2024-03-07']
>>> find_dates("عقد الاجتماع يوم الثلاثاء الماضي في بغداد", "ar", "2024-03-08")
['2024-03-05']
>>> find_dates("ISIS fighters attacked the camp on 2 March 2024.", "en", None)
['2024-03-02']
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from kgraph.errors import LanguageDataError

LANG_DIR = Path(__file__).resolve().parent / "extract" / "lang"
#: a date without a year more than this many days after the report is taken for the year before
_YEAR_SLACK = 7
_FOLD = str.maketrans({**{a: str(i) for i, a in enumerate("٠١٢٣٤٥٦٧٨٩")},
                       "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                       **{chr(c): None for c in (*range(0x610, 0x61B), *range(0x64B, 0x660), 0x670, 0x640)}})


def fold(text: str) -> str:
    """``text`` as date words are matched: lower case, Arabic digits and letter forms folded, no diacritics."""
    return text.lower().translate(_FOLD)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(fold(w)) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class DateWords:
    """The date words of one language, and the patterns made of them."""

    weekdays: dict[str, int]
    months: dict[str, int]
    relative: dict[str, int]
    past: frozenset[str]
    future: frozenset[str]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    #: any word a date needs (a weekday, a month, a relative day) or a digit: most sentences have none
    cue: re.Pattern[str]

    @classmethod
    def from_file(cls, path: Path) -> DateWords:
        """Read a ``dates.json`` (see ``extract/lang/en/dates.json``).

        Raises:
            LanguageDataError: the file does not parse or lacks a list.
        """
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            weekdays = {fold(k): int(v) for k, v in data["weekdays"].items()}
            months = {fold(k): int(v) for k, v in data["months"].items()}
            relative = {fold(k): int(v) for k, v in data["relative_days"].items()}
            before, after = list(data["before_weekday"]), list(data["after_weekday"])
            past, future = frozenset(map(fold, data["past"])), frozenset(map(fold, data["future"]))
            suffixes = list(data["ordinal_suffixes"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise LanguageDataError(f"{path}: not a date word list ({exc})",
                                    fix="give weekdays, months, relative_days (objects) and before_weekday, "
                                        "after_weekday, past, future, ordinal_suffixes (lists)") from exc
        wd, mo = _alternation(list(weekdays)), _alternation(list(months))
        suf = f"(?:{_alternation(suffixes)})?" if suffixes else ""
        year = r"(?:,?\s+(?P<year>\d{4}))?"
        day = rf"(?P<day>\d{{1,2}}){suf}"
        month = rf"(?P<month>{mo})(?:\s*/\s*(?:{mo}))?"
        pre = rf"(?:(?P<pre>{_alternation(before)})\s+)?" if before else ""
        post = rf"(?:\s+(?P<post>{_alternation(after)}))?" if after else ""
        patterns = [
            ("iso", re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})(?!\d)")),
            ("day-month", re.compile(rf"(?<!\d){day}\s+(?:of\s+)?{month}\b{year}")),
            ("month-day", re.compile(rf"\b{month}\.?\s+{day}\b{year}")),
            ("weekday", re.compile(rf"{pre}\b(?P<weekday>{wd})\b{post}")),
        ]
        if relative:
            patterns.append(("relative", re.compile(rf"(?<!\w)(?P<rel>{_alternation(list(relative))})(?!\w)")))
        cue = re.compile(rf"\d|{_alternation([*weekdays, *months, *relative])}")
        return cls(weekdays=weekdays, months=months, relative=relative, past=past, future=future,
                   patterns=tuple(patterns), cue=cue)


@functools.cache
def date_words(lang: str) -> DateWords | None:
    """The date words of ``lang`` (None when kgraph has none for it)."""
    path = LANG_DIR / lang / "dates.json"
    if not re.fullmatch(r"[a-z]{2,3}", lang) or not path.is_file():
        return None
    return DateWords.from_file(path)


def _report_day(report: str | None) -> datetime.date | None:
    if not report:
        return None
    try:
        return datetime.date.fromisoformat(report[:10])
    except ValueError:
        return None


def _resolve(kind: str, m: re.Match[str], words: DateWords, report: datetime.date | None) -> datetime.date | None:
    g = m.groupdict()
    if kind in ("iso", "day-month", "month-day"):
        month = int(g["mnum"]) if kind == "iso" else words.months[g["month"]]
        day = int(g["day"])
        if g.get("year"):
            year = int(g["year"])
        elif report is not None:
            year = report.year
        else:
            return None
        try:
            found = datetime.date(year, month, day)
        except ValueError:
            return None
        if not g.get("year") and report is not None and (found - report).days > _YEAR_SLACK:
            try:
                found = found.replace(year=year - 1)
            except ValueError:
                return None
        return found
    if report is None:
        return None
    if kind == "relative":
        return report + datetime.timedelta(days=words.relative[g["rel"]])
    target = words.weekdays[g["weekday"]]
    pointers = {g.get("pre") or "", g.get("post") or ""}
    if pointers & words.future:
        return report + datetime.timedelta(days=(target - report.weekday() - 1) % 7 + 1)
    back = (report.weekday() - target) % 7
    if pointers & words.past and back == 0:
        back = 7
    return report - datetime.timedelta(days=back)


def find_dates(text: str, lang: str, report: str | None) -> list[str]:
    """The dates (``YYYY-MM-DD``) that ``text`` (a sentence in ``lang``) gives, in the order they come,
    resolved against the ``report`` date (see the module docstring); none for a language without date words."""
    words = date_words(lang)
    if words is None:
        return []
    folded = fold(text)
    if not words.cue.search(folded):
        return []
    day = _report_day(report)
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in words.patterns:
        for m in pattern.finditer(folded):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue  # "Thursday, March 7" is one date, not two
            when = _resolve(kind, m, words, day)
            if when is not None:
                taken.append((m.start(), m.end()))
                found.append((m.start(), when.isoformat()))
    return [d for _, d in sorted(found)]


def sentence_date(text: str, lang: str, report: str | None) -> str | None:
    """The date the sentence ``text`` says something happened (its first resolved date), or None."""
    dates = find_dates(text, lang, report)
    return dates[0] if dates else None


__all__ = ["DateWords", "date_words", "find_dates", "fold", "sentence_date"]


# ------------------------------------------------------------------------------------------------ identity
#: Days two explicit dates of one event may differ (a night attack reported on either side of midnight, time zones).
DATE_SLACK = 1
#: An event the text gives no date for happened at most this many days before its report (or one day after).
REPORT_WINDOW = 7


def _day(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


@dataclass
class EventEvidence:
    """What one provisional event (one document's "meeting in Rome") is known by: its class, the documents and
    stories that name it, the dates the text gives (``dates``) and the report dates (``reports``), the places it
    is located in, the actors that take part in it or act on it, and its names."""

    cls: str
    docs: set[str]
    stories: set[str]
    dates: set[str]
    reports: set[str]
    places: set[str]
    participants: set[str]
    names: set[tuple[str, str]]

    def days(self) -> set[datetime.date]:
        """The days it may have happened on (for blocking candidates; empty: no date known at all)."""
        if self.dates:
            return {_day(d) + datetime.timedelta(days=k) for d in self.dates
                    for k in range(-DATE_SLACK, DATE_SLACK + 1)}
        return {_day(r) + datetime.timedelta(days=k) for r in self.reports for k in range(-REPORT_WINDOW, 2)}

    def copy(self) -> EventEvidence:
        """A copy whose sets can grow without touching this one."""
        return EventEvidence(cls=self.cls, docs=set(self.docs), stories=set(self.stories), dates=set(self.dates),
                             reports=set(self.reports), places=set(self.places),
                             participants=set(self.participants), names=set(self.names))

    def absorb(self, other: EventEvidence) -> None:
        """Take in what ``other`` is known by (the two were joined)."""
        for name in ("docs", "stories", "dates", "reports", "places", "participants", "names"):
            getattr(self, name).update(getattr(other, name))


def date_agreement(a: EventEvidence, b: EventEvidence) -> str:
    """``"same"`` (both texts date it, within :data:`DATE_SLACK` days), ``"compatible"`` (a date in the text of
    one falls in the days before the other's report, or both reports lie within :data:`REPORT_WINDOW` days of
    each other), ``"unknown"`` (one of them is not dated at all: no day in its text, no report date), or
    ``"conflict"``."""
    if a.dates and b.dates:
        close = any(abs((_day(x) - _day(y)).days) <= DATE_SLACK for x in a.dates for y in b.dates)
        far = any(abs((_day(x) - _day(y)).days) > DATE_SLACK for x in a.dates for y in b.dates)
        return "same" if close and not far else "conflict"
    if a.dates or b.dates:
        dated, other = (a, b) if a.dates else (b, a)
        if not other.reports:
            return "unknown"
        ok = any(-REPORT_WINDOW <= (_day(d) - _day(r)).days <= 1 for d in dated.dates for r in other.reports)
        return "compatible" if ok else "conflict"
    if a.reports and b.reports:
        ok = any(abs((_day(x) - _day(y)).days) <= REPORT_WINDOW for x in a.reports for y in b.reports)
        return "compatible" if ok else "conflict"
    return "unknown"


__all__ += ["DATE_SLACK", "REPORT_WINDOW", "EventEvidence", "date_agreement"]
