"""Education levels: the project's levels from the ways Dutch vacancies, course pages and structured data state an
education requirement. One rule for the crawlers (a structured field: ``normalise_education_level``), the nlp
stage (free text: ``find_education``) and the warehouse.

The levels are ``LEVELS``; ``warehouse/reference/education_levels.csv`` describes them. A level word counts only
as a whole word ("wordt", "woont", "masterclass" are none) and, where it is also an ordinary word or a title
("wo" is also Wednesday, "Scrum Master", "MBO Utrecht" is a school), only in an education phrase: joined to
another level ("hbo/wo", "Bachelor of Master"), followed by an education word ("wo-denkniveau", "masteropleiding",
"hbo werk- en denkniveau", "wo IT-opleiding") or after "afgeronde". Alternatives ("mbo 3/4", "hbo of wo") are
each a stated level; an elliptical "bachelor- en masteropleiding" asks for both, so it is one mention at the
higher level. Named diplomas whose level is fixed ("opleiding Verzorgende IG": mbo 3)
state that level. "Geen diploma vereist" and the like state that no education is required (``none_required``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from ..codes import StoredCode
from .words import word_starts


class EducationLevelCode(StoredCode):
    """The project's education levels as stored (``vacancies.education_level``, ``offers.level``), lowest first.
    The established Dutch abbreviations are codes; the one level that is a word is English."""

    NONE_REQUIRED = "none_required"
    """No education required (a vacancy), or none needed to enrol (an offer): "geen diploma vereist"."""
    MBO_1 = "MBO 1"
    MBO_2 = "MBO 2"
    MBO_3 = "MBO 3"
    MBO_4 = "MBO 4"
    MBO = "MBO"
    """MBO without a stated level (1 to 4)."""
    HBO = "HBO"
    POST_HBO = "post-HBO"
    WO = "WO"


LEVELS = tuple(EducationLevelCode)
"""The project's levels, lowest first."""


@dataclass(slots=True, kw_only=True)
class EducationMention:
    """An education requirement stated in a text."""

    start: int
    """Character offset of the phrase (inclusive)."""
    end: int
    """Character offset of the phrase (exclusive)."""
    text: str
    """The phrase as written."""
    level: EducationLevelCode
    """The level it states."""


# Level words. "context" words are ordinary words or titles too: they need an education phrase around them.
_WORDS: dict[str, tuple[str, bool]] = {
    "mbo": ("MBO", False),
    "hbo": ("HBO", False),
    "hbo-v": ("HBO", False),
    "post-hbo": ("post-HBO", False),
    "posthbo": ("post-HBO", False),
    "wo": ("WO", True),
    "bachelor": ("HBO", True),
    "bsc": ("HBO", True),
    "master": ("WO", True),
    "msc": ("WO", True),
    "universitair": ("WO", False),
    "universitaire": ("WO", False),
    "universiteit": ("WO", True),
    "academisch": ("WO", True),
    "academische": ("WO", True),
    # School types of before 1997 that vacancies still name.
    "mts": ("MBO 4", False),
    "meao": ("MBO 4", False),
    "mdgo": ("MBO 4", False),
    "hts": ("HBO", False),
    "heao": ("HBO", False),
    "pabo": ("HBO", False),
}
_EDUCATION_WORD = (
    r"(?:(?:werk[- ]?(?:en|/)[- ]?denk|denk|werk\W{1,3}denk) ?)?niveau|opleiding|diploma|getuigschrift|propedeuse"
    r"|studie|student(?:en)?|afgestudeerde?|achtergrond|degree|titel|graad|bachelor|master"
)
_LEVEL_WORD = re.compile(
    r"(?<![\w-])(?P<word>post[- ]?hbo|hbo-v|mbo|hbo|wo|bachelor|bsc|master|msc|universitaire?|universiteit"
    r"|academische?|MTS|MEAO|MDGO|HTS|HEAO|PABO)"
    r"(?:(?P<glue>-?(?:s|'s)?)(?P<compound>" + _EDUCATION_WORD + r"))?"  # masteropleiding, hbo-diploma
    r"(?:[- ]?(?:niveau[- ]?)?(?P<mbo>[1-4])(?:\s*(?:/|-|of|t/m|tot)\s*[1-4])?(?!\w))?"  # mbo-niveau 4, MBO 3/4
    r"(?!\w)",
    re.IGNORECASE,
)
_FOLLOWED_BY_EDUCATION = re.compile(
    r"[- ]?(?:werk- en |werk/)?(?:\w+-)?(?:" + _EDUCATION_WORD + r")(?!\w)|\s+(?:\w+-)?opleiding", re.IGNORECASE
)
_AFTER_COMPLETED = re.compile(r"(?:afgeronde?|voltooide?|relevante|diploma)\s+$", re.IGNORECASE)
_JOINER = re.compile(r"\s*(?:/|,|\bof\b|\ben\b|\ben/of\b|-\s*(?:of|en)\b)\s*", re.IGNORECASE)
_ELLIPTICAL_AND = re.compile(r"-\s*en\s*", re.IGNORECASE)
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
_NAMED_DIPLOMA = r"(?<!\w)(?:opleiding|\w*diploma)(?:\s*,?\s+minimaal)?\s+"
"""What names a diploma: "opleiding", "(zorg)diploma", "diploma, minimaal"."""
_PHRASES: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = (
    # (pattern, level, words one of which the text must hold): a diploma of a school type; the school type alone
    # is often where a course leads, not what it asks.
    (
        re.compile(
            r"(?<!\w)(?:hogere?\s+diploma|diploma\s+(?:van\s+(?:het\s+)?)?hoger\s+(?:beroeps)?onderwijs)(?!\w)", re.I
        ),
        "HBO",
        ("hoger",),
    ),
    (
        re.compile(r"(?<!\w)diploma\s+(?:van\s+(?:het\s+)?)?middelbaar\s+beroepsonderwijs(?!\w)", re.I),
        "MBO",
        ("middelbaar",),
    ),
    (
        re.compile(r"(?<!\w)diploma\s+(?:van\s+(?:het\s+)?)?wetenschappelijk\s+onderwijs(?!\w)", re.I),
        "WO",
        ("wetenschappelijk",),
    ),
    (
        re.compile(
            r"(?<!\w)(?:(?:geen|zonder)\s+(?:\w+\s+(?:of|en)\s+)?(?:specifieke\s+|relevante\s+)?"
            r"(?:diploma(?:'s)?|(?:voor)?opleiding|opleidingseisen|diploma-?eisen)"
            r"(?:\s+(?:nodig|vereist|noodzakelijk|verplicht))?"
            r"|(?:een\s+)?(?:diploma|opleiding)\s+(?:is\s+)?(?:niet|geen)\s+(?:vereist|nodig|noodzakelijk|verplicht))"
            r"(?!\w)",
            re.IGNORECASE,
        ),
        EducationLevelCode.NONE_REQUIRED,
        ("diploma", "opleiding"),
    ),
    (  # "diploma niveau 3", "opleiding op niveau 4", "MBO Bouwkunde, niveau 2": the mbo levels named apart
        re.compile(
            r"(?<!\w)(?:diploma|opleiding|mbo\s+[A-Z][\w-]*,?)(?:\s+op)?\s+niveau\s*([1-4])(?:\s*(?:/|-|of)\s*[1-4])?(?!\w)",
            re.I,
        ),
        "MBO {}",
        ("niveau",),
    ),
    # Named mbo diplomas of care (SBB's qualification files give their level), stated as a diploma or training:
    # "opleiding Verzorgende IG", "zorgdiploma, minimaal Helpende Plus"; the job title alone states none.
    (re.compile(_NAMED_DIPLOMA + r"Verzorgende[- ]IG(?!\w)", re.I), "MBO 3", ("verzorgende",)),
    (re.compile(_NAMED_DIPLOMA + r"Helpende(?:[- ]Plus|\+)?(?!\w)", re.I), "MBO 2", ("helpende",)),
)
_LEVEL_WORD_STARTS = ("mbo", "hbo", "post", "wo", "bachelor", "bsc", "master", "msc", "universit", "academisch",
                      "mts", "meao", "mdgo", "hts", "heao", "pabo")  # fmt: skip
"""How level words begin: where to try ``_LEVEL_WORD``, found by substring search (a text holds few)."""


def _level_of(match: re.Match[str]) -> tuple[str, bool]:
    """The level a level word names, and whether it needs an education phrase around it."""
    word = match.group("word").lower().replace(" ", "-")
    level, needs_context = _WORDS["post-hbo" if word.startswith("post") else word]
    if word == "mbo" and match.group("mbo"):
        return f"MBO {match.group('mbo')}", False
    return level, needs_context and not match.group("compound")


def find_education(text: str) -> list[EducationMention]:
    """The education requirements stated in a text, in text order.

    >>> [(m.text, m.level) for m in find_education("Je hebt hbo werk- en denkniveau of een afgeronde Master.")]
    [('hbo werk- en denkniveau', 'HBO'), ('Master', 'WO')]
    >>> [(m.text, m.level) for m in find_education("MBO 3/4 of hbo/wo. Geen Scrum Master; vrij op wo en vr.")]
    [('MBO 3/4', 'MBO 3'), ('hbo', 'HBO'), ('wo', 'WO')]
    >>> [(m.text, m.level) for m in find_education("Je hebt MBO werk- en denk niveau.")]
    [('MBO werk- en denk niveau', 'MBO')]
    >>> [(m.text, m.level) for m in find_education("Als Verzorgende IG heb je een diploma, minimaal Helpende Plus.")]
    [('diploma, minimaal Helpende Plus', 'MBO 2')]
    >>> [(m.text, m.level) for m in find_education("Een afgeronde bachelor- en masteropleiding. Diploma niet vereist.")]
    [('bachelor- en masteropleiding', 'WO'), ('Diploma niet vereist', 'none_required')]
    """
    lowered = text.lower()
    starts = sorted({start for word in _LEVEL_WORD_STARTS for start in word_starts(lowered, word)})
    words = [match for start in starts if (match := _LEVEL_WORD.match(text, start))]
    mentions: list[EducationMention] = []
    index = 0
    while index < len(words):
        group = [words[index]]
        while index + len(group) < len(words):
            gap = text[group[-1].end() : words[index + len(group)].start()]
            if not (_JOINER.fullmatch(gap) or _ELLIPTICAL_AND.fullmatch(gap)):
                break
            group.append(words[index + len(group)])
        index += len(group)
        mentions += _group_mentions(text, group)
    for pattern, level, needed in _PHRASES:
        if not any(word in lowered for word in needed):
            continue
        for match in pattern.finditer(text):
            if not any(m.start < match.end() and match.start() < m.end for m in mentions):
                mentions.append(_mention(text, match.start(), match.end(), level.format(*match.groups())))
    return sorted(mentions, key=lambda m: m.start)


def _group_mentions(text: str, group: list[re.Match[str]]) -> list[EducationMention]:
    """The mentions of level words joined by "/", "of", "en" or an elliptical "en": one per level word, or one at
    the highest level for an elliptical "bachelor- en masteropleiding", which asks for both."""
    end = group[-1].end()
    followed = _FOLLOWED_BY_EDUCATION.match(text, end)
    first = group[0]
    in_phrase = (
        len(group) > 1
        or followed is not None
        or _AFTER_COMPLETED.search(text, max(0, first.start() - 20), first.start()) is not None
    )
    if not in_phrase and not first.group("compound") and not first.group("mbo") and _NAME_AFTER.match(text, end):
        return []  # "MBO Utrecht", "HBO Rotterdam": the name of a school
    kept = [
        (match, level)
        for match in group
        for level, needs_context in [_level_of(match)]
        if in_phrase or not needs_context
    ]
    if not kept:
        return []
    phrase_end = followed.end() if followed else end
    if len(group) > 1 and all(_ELLIPTICAL_AND.fullmatch(text[a.end() : b.start()]) for a, b in pairwise(group)):
        level = max((level for _, level in kept), key=LEVELS.index)
        return [_mention(text, first.start(), phrase_end, level)]
    return [
        _mention(text, match.start(), phrase_end if match is group[-1] else match.end(), level) for match, level in kept
    ]


def _mention(text: str, start: int, end: int, level: str) -> EducationMention:
    return EducationMention(start=start, end=end, text=text[start:end], level=EducationLevelCode(level))


def lowest_level(levels: Iterable[str]) -> EducationLevelCode | None:
    """The lowest of some levels: what a job asks at least.

    >>> lowest_level(["HBO", "MBO 4", "WO"]), lowest_level([])
    ('MBO 4', None)
    """
    lowest = min(levels, key=LEVELS.index, default=None)
    return None if lowest is None else EducationLevelCode(lowest)


def normalise_education_level(value: str | None) -> EducationLevelCode | None:
    """The level of a structured education field (the whole value states a requirement): the lowest it names.

    >>> [normalise_education_level(v) for v in ["mbo-niveau 4", "HBO werk- en denkniveau", "Master", "MBO"]]
    ['MBO 4', 'HBO', 'WO', 'MBO']
    >>> [normalise_education_level(v) for v in ["Je woont in de regio", "Masterclass Excel", "24 uur (ma, wo, vr)"]]
    [None, None, None]
    """
    if not value:
        return None
    text = str(value).strip()
    bare = re.fullmatch(r"[\W_]*([\w-]+)[\W_]*", text)
    if bare and bare.group(1).lower() in _WORDS:  # "Master", "wo", "Universitair": the field is the level
        return EducationLevelCode(_WORDS[bare.group(1).lower()][0])
    return lowest_level(m.level for m in find_education(text))
