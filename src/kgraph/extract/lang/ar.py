"""Arabic language data for the rule-based extractor (all entries folded: see ``normalize.fold``)."""

from __future__ import annotations

from kgraph.ingest.normalize import fold


def _f(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


# قال and its continuation verbs, with and without و/ف (the clitic is stripped before lookup too)
SPEECH_VERBS = _f(
    "قال يقول تقول قالت صرح صرّح أعلن اعلن أعلنت أكد أكدت اكد أضاف اضاف أضافت أوضح اوضح أوضحت أشار اشار"
    " أشارت بين بيّن بينت تابع تابعت ذكر ذكرت أردف اردف شدد شددت لفت لفتت رأى يرى ويرى يجد وجد واصل يواصل"
    " يسترسل استرسل استطرد مضى ذهب أورد اورد تحدث أفاد افاد نقل كشف كشفت نفى نفت اعتبر اعتبرت أوضح"
    " أبلغ ابلغ قالوا أكدوا"
)
CONTINUE_VERBS = SPEECH_VERBS
NEGATED_SPEECH = _f("نفى نفت")

TITLES = _f(
    "مسؤول المسؤول رئيس رئيسة وزير وزيرة المتحدث المتحدثة الناطق الناطقة متحدث ناطق السفير سفير السفيرة قائد القائد"
    " اللواء الفريق العميد العقيد المقدم الرائد النقيب الجنرال الأدميرال مستشار المستشار مدير المدير"
    " أمين الأمين نائب النائب المبعوث مبعوث المنسق منسق الملك الأمير الرئيس رئيس_الوزراء الشيخ السيد"
    " السيدة الدكتور زعيم الزعيم أركان قائدة ممثل الممثل المدعو المدعوة المكنى الملقب القيادي قيادي"
)
# role words that make "ROLE X" (X an organisation) a memberOf X
MEMBER_ROLES = _f(
    "رئيس وزير المتحدث الناطق متحدث ناطق السفير سفير قائد مستشار مدير أمين نائب المبعوث مبعوث منسق"
    " زعيم أركان ممثل عضو القيادي قيادي"
)
LEAD_ROLES = _f("رئيس قائد زعيم أمين مدير قائدة")
FIRST_PERSON = _f(
    "نحن إننا اننا أننا لنا قواتنا دورنا ولايتنا عملياتنا مساعدتنا معنا جنودنا بلادنا حكومتنا لدينا"
    " مهمتنا تحالفنا دعمنا"
)
NEGATIONS = _f("لا لم لن ليس ليست غير عدم لسنا ما ولا ولم ولن فلا فلم فلن وليس وليست")
DOUBLE_NEGATION = ("لا يعني", "لا يعني انه لن", "ليس من المستبعد")
HEDGES = _f("ربما قد يتوقع توقع يتوقعون المتوقع المحتمل محتمل يحتمل ممكن لعل يبدو يرجح ربّما يمكن")
ORG_HEADS = _f(
    "وزارة قيادة مجلس قوات جهاز هيئة مديرية لجنة فرقة لواء كتائب كتيبة حركة جبهة منظمة وكالة سفارة"
    " حكومة الحكومة جيش الجيش شرطة الشرطة حزب تحالف ائتلاف قوة"
)
PLACE_PREPS = _f("في من إلى الى قرب بالقرب شمال جنوب شرق غرب شمالي جنوبي شرقي غربي داخل")
PLACE_HEADS = _f("محافظة مدينة مخيم قضاء ناحية بلدة قرية منطقة سجن قاعدة مطار معبر")
STOP = _f(
    "في من إلى الى على عن مع أن ان إن لا لم لن قد هو هي هذا هذه ذلك التي الذي الذين و أو ثم بعد قبل"
    " كما حول عبر ضد بين خلال منذ حتى لدى عند ما كان كانت يكون"
)

_PROCLITIC_CONJ = ("و", "ف")
_PROCLITIC_PREP = ("ب", "ل", "ك")


def variants(tok: str) -> list[str]:
    """Clitic-stripped forms of a folded Arabic token, most likely first; the token itself first.

    Forms are only *candidates*: a form is used only when the gazetteer or lexicon knows it.

    >>> variants("وللتحالف")
    ['وللتحالف', 'للتحالف', 'التحالف', 'تحالف', 'لتحالف']
    """
    out = [tok]
    stems = [tok]
    if len(tok) > 3 and tok[0] in _PROCLITIC_CONJ:
        stems.append(tok[1:])
    for s in list(stems):
        if len(s) > 3 and s.startswith("لل"):
            stems.append("ال" + s[2:])
        if len(s) > 3 and s[0] in _PROCLITIC_PREP:
            stems.append(s[1:])
    for s in stems:
        if s not in out:
            out.append(s)
        if s.startswith("ال") and len(s) > 4 and s[2:] not in out:
            out.append(s[2:])
    return out
