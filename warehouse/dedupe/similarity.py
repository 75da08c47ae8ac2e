"""When two vacancies publish the same job: the similarity rules of deduplication (see ``warehouse/dedupe``).

Two vacancies are the same job when

- their URLs are the same once tracking parameters and such are dropped (``url``);
- their texts and titles are identical (``text``);
- or they are similar (``similar``) and nothing tells them apart. Similar: nearly the same text (word 3-grams,
  Jaccard or containment, so a truncated copy on an aggregator still matches); or much of the same vocabulary
  with agreeing titles (compound-aware: "Klantenservicemedewerker" agrees with "Medewerker klantenservice");
  or a rewritten repost: some shared vocabulary with the same facts (the numbers: salary, hours, fte). Told
  apart by: different gemeenten, different named employers (agencies and anonymous employers agree with
  anyone), seniority or shift in one title and not the other, or working hours that do not overlap.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import parse_qsl, urlencode, urlsplit

SAME_TEXT = 0.8
SIMILAR_WORDS, AGREEING_TITLE = 0.45, 0.5
SHARED_WORDS, SAME_FACTS, RELATED_TITLE = 0.2, 0.4, 0.3
"""A rewritten repost shares less vocabulary: the facts must agree, and the titles somewhat."""
CLOSE_WORDS, IDENTICAL_FACTS = 0.4, 0.7
"""A translated or renamed title (Warehouse Operator, Magazijnmedewerker): vocabulary and facts must agree."""

_TRACKING = re.compile(r"^(utm_|gclid|fbclid|mc_|ref$|source$|src$)")
_TITLE_NOISE = re.compile(r"\(?\b[mvx](?:\s*/\s*[mvx])+\b\)?|\b\d+(?:\s*[-–]\s*\d+)?\s*(?:uur|u)\b|[^\w\s]")
_SENIORITY = {"junior": 1, "medior": 2, "senior": 3, "trainee": 0, "stagiair": 0, "leerling": 0, "eerste": 3}
_SHIFTS = ("dagdienst", "avonddienst", "nachtdienst", "weekenddienst")
_HOURS = re.compile(r"\b(\d{1,2})(?:\s*(?:-|–|tot|a|à)\s*(\d{1,2}))?\s*(?:uur|u)\b")
_FACTS = re.compile(r"\d+(?:[.,]\d+)*")
_ANONYMOUS = re.compile(r"opdrachtgever|werkgever|klant|toonaangevend|anoniem|uitzend|detacher|recruit|werving")
_LEGAL_FORM = re.compile(r"\b(b\.?v\.?|n\.?v\.?|v\.?o\.?f\.?|stichting|holding)\b")
_STOP_WORDS = frozenset(
    {"voor", "over", "jouw", "onze", "deze", "zijn", "heeft", "hebben", "wordt", "worden", "naar", "niet", "maar",
     "door", "waar", "zich", "jezelf", "binnen", "graag", "meer", "zoek", "zoeken", "zoekt", "werk", "bent", "kunt"}
)  # fmt: skip


@dataclass
class Posting:
    """What deduplication reads of a vacancy."""

    id: int
    url: str
    title: str
    description: str
    employer: str | None = None
    employer_type: str | None = None
    gemeente_code: str | None = None
    location_raw: str | None = None
    content_hash: str | None = None

    @cached_property
    def canonical_url(self) -> str:
        """The URL without scheme, ``www.``, fragment, tracking parameters and trailing slash."""
        parts = urlsplit(self.url.strip())
        host = parts.netloc.lower().removeprefix("www.")
        query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k.lower())))
        return f"{host}{parts.path.rstrip('/')}{'?' + query if query else ''}"

    @cached_property
    def title_words(self) -> frozenset[str]:
        """Title words without gender marks, hours and punctuation."""
        return frozenset(_plain(_TITLE_NOISE.sub(" ", self.title.lower())).split())

    @cached_property
    def shingles(self) -> frozenset[str]:
        """Word 3-grams of the text."""
        words = _plain(self.description).split()
        return frozenset(" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 1)))

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Distinct content words of the title and text (longer than three letters, no stop words)."""
        words = _plain(f"{self.title} {self.description}").split()
        return frozenset(w for w in words if len(w) > 3 and not w.isdigit() and w not in _STOP_WORDS)

    @cached_property
    def facts(self) -> frozenset[str]:
        """The numbers of the title and text: salary, hours, fte, postcode."""
        return frozenset(_FACTS.findall(f"{self.title} {self.description}"))

    @cached_property
    def place(self) -> str | None:
        if self.gemeente_code:
            return self.gemeente_code
        return _plain(self.location_raw) or None if self.location_raw else None

    @cached_property
    def named_employer(self) -> str | None:
        """The employer's name when it names the employer itself (not an agency or an anonymous client)."""
        if not self.employer or self.employer_type == "agency" or _ANONYMOUS.search(self.employer.lower()):
            return None
        return _plain(_LEGAL_FORM.sub(" ", self.employer.lower())) or None

    @cached_property
    def seniority(self) -> int | None:
        levels = {_SENIORITY[word] for word in self.title_words if word in _SENIORITY}
        return min(levels) if levels else None

    @cached_property
    def shift(self) -> str | None:
        title = self.title.lower()
        return next((shift for shift in _SHIFTS if shift in title), None)

    @cached_property
    def hours(self) -> tuple[int, int] | None:
        """Hours per week the title or text states (the widest range), or None."""
        found = [
            (int(low), int(high or low))
            for low, high in _HOURS.findall(f"{self.title} {self.description}")
            if 4 <= int(low) <= 40
        ]
        return (min(low for low, _ in found), max(high for _, high in found)) if found else None


def _plain(text: str) -> str:
    """Lower-case words without accents or punctuation."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"\w+", text))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def text_similarity(a: Posting, b: Posting) -> float:
    """Jaccard similarity of the texts' word 3-grams, or the share of the shorter text found in the longer one
    (a truncated copy), whichever is higher."""
    if not a.shingles or not b.shingles:
        return 0.0
    common = len(a.shingles & b.shingles)
    return max(common / len(a.shingles | b.shingles), common / min(len(a.shingles), len(b.shingles)))


def _word_agrees(word: str, others: frozenset[str]) -> bool:
    """A title word agrees with another title when it is part of one of its words, contains one, or shares a
    long stem with one: "monteur" and "servicemonteur", "crediteurenadministrateur" and "...administratie"."""
    for other in others:
        if word == other or (min(len(word), len(other)) >= 4 and (word in other or other in word)):
            return True
        if len(word) >= 8 and len(other) >= 8 and word[:-3] == other[: len(word) - 3]:
            return True
    return False


def title_similarity(a: Posting, b: Posting) -> float:
    """Share of one title's words that agree with the other title, the higher of both directions.

    >>> one = Posting(1, "", "Medewerker Klantenservice 32-40 uur", "")
    >>> title_similarity(one, Posting(2, "", "Klantenservicemedewerker", ""))
    1.0
    """
    scores = [
        sum(_word_agrees(word, other.title_words) for word in one.title_words) / len(one.title_words)
        for one, other in ((a, b), (b, a))
        if one.title_words
    ]
    return max(scores, default=0.0)


def _told_apart(a: Posting, b: Posting) -> bool:
    """Facts that make two similar postings different jobs."""
    if a.place and b.place and a.place != b.place:
        return True
    if (
        a.named_employer
        and b.named_employer
        and not (a.named_employer in b.named_employer or b.named_employer in a.named_employer)
    ):
        return True
    if a.seniority != b.seniority or a.shift != b.shift:
        return True
    return bool(a.hours and b.hours and (a.hours[1] < b.hours[0] or b.hours[1] < a.hours[0]))


def duplicate_reason(a: Posting, b: Posting) -> str | None:
    """Why two postings are the same job (``url``, ``text`` or ``similar``), or None when they are not.

    >>> text = "Je onderhoudt installaties bij klanten in de regio. Je hebt mbo niveau 4 en een rijbewijs B."
    >>> a = Posting(1, "https://werk.nl/v/12/", "Servicemonteur (m/v) 32-40 uur", text, gemeente_code="GM0228")
    >>> duplicate_reason(a, Posting(2, "https://www.werk.nl/v/12?utm_source=mail", "Monteur", ""))
    'url'
    >>> duplicate_reason(a, Posting(3, "https://bord.nl/9", "Servicemonteur", text + " Solliciteer nu!"))
    'similar'
    >>> duplicate_reason(a, Posting(4, "https://bord.nl/8", "Servicemonteur", text, gemeente_code="GM0202"))
    """
    if a.canonical_url == b.canonical_url:
        return "url"
    if a.content_hash and a.content_hash == b.content_hash and a.title_words == b.title_words:
        return "text"
    if _told_apart(a, b):
        return None
    if text_similarity(a, b) >= SAME_TEXT:
        return "similar"
    words, facts, title = _jaccard(a.vocabulary, b.vocabulary), _jaccard(a.facts, b.facts), title_similarity(a, b)
    if (
        (words >= SIMILAR_WORDS and title >= AGREEING_TITLE)
        or (words >= SHARED_WORDS and facts >= SAME_FACTS and title >= RELATED_TITLE)
        or (words >= CLOSE_WORDS and facts >= IDENTICAL_FACTS)
    ):
        return "similar"
    return None
