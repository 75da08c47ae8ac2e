"""Places: Dutch place names resolved to gemeenten, location fields parsed, and the places a free text names for
where a job is done or a course given. One rule for the crawlers (location fields), the nlp stage (free text)
and the warehouse (the gemeente of an item).

The gazetteer is ``data/gemeenten.csv`` (CBS gemeente code and name, province and arbeidsmarktregio) and
``data/woonplaatsen.csv`` (woonplaats names that differ from their gemeente's, and common other names such as
Den Haag); ``warehouse/reference`` builds its region dimension from the same gemeenten.

In free text (``find_places``) a place name counts only where the text says it is a place, never by the word
alone: many names are ordinary words or names of people and organisations too ("Een", "Best", "Buren", "Son",
"Enter", "Leiden en begeleiden", "van der Velden", "MBO Utrecht"). What tells it (``PlaceMention.method``):

- ``label``: the value of a labelled line ("Standplaats: Tilburg", "Locatie:", "Werklocatie:", "Lesplaats:",
  "Waar:"), or the paragraph under a label that is a heading of its own ("Cursuslocatie", "Waar?"): there even a
  street address is the venue, not a footer.
- ``title``: the title, after "in", a bracket or a separator ("Developer bij Eagerly (Utrecht)", "Monteur - Best").
- ``area``: "regio Utrecht", "omgeving Amersfoort", "rondom Zwolle", "de Haagse regio", "Zoetermeer & omgeving".
- ``context``: a place word shortly before it in the sentence ("gevestigd in Purmerend", "werkplek in hartje
  Utrecht", "te Enter", "vanuit Zaandam", "Hartje Amsterdam" at the start of a line).
- ``line``: alone on its line or between separators ("Burdaard", "FULLTIME · STEENBERGEN"), an area after a comma
  allowed ("Fulltime · Enter, Twente").
- ``list``: listed with a place found one of the ways above ("Amsterdam/Huizen/Amersfoort").
- ``address``: after a postcode or in a street address: the company's address (a footer, where to send a
  letter), so not the job's place unless a label says so.
- ``phrase``: a scope rather than a gemeente: ``national`` ("landelijk", "heel Nederland", "locaties in
  Nederland"), ``remote`` ("thuiswerken", "thuis te werken", "remote"), ``online`` ("online cursus", "online
  leeromgeving", "e-learning", "via Zoom") or ``abroad``.

Postcodes alone are not resolved: no openly licensed table of postcodes per gemeente is available.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
SCOPES = ("national", "remote", "online", "abroad")
"""Where something is done when it is no gemeente."""
_JOB_PLACE_ORDER = ("label", "title")
"""Methods whose places are the job's before any other (then text order); ``address`` never is."""


@dataclass(frozen=True, slots=True)
class Gemeente:
    """A gemeente with the areas it belongs to."""

    code: str
    name: str
    provincie: str
    arbeidsmarktregio: str


def read_place_table(name: str) -> list[dict[str, str]]:
    """Rows of a bundled place table: ``gemeenten.csv`` or ``woonplaatsen.csv``."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def gemeenten() -> tuple[Gemeente, ...]:
    """All bundled gemeenten (read once: place resolution asks for them per name)."""
    return tuple(Gemeente(**row) for row in read_place_table("gemeenten.csv"))


def normalise_place(name: str, *, keep_suffix: bool = False) -> str:
    """Comparable form of a place name: no accents, case or punctuation; CBS suffixes like "(O.)" dropped
    unless ``keep_suffix`` (they tell apart places of the same name, such as Hengelo and Hengelo (Gld)).

    >>> normalise_place("Hengelo (O.)"), normalise_place("Hengelo (Gld)", keep_suffix=True)
    ('hengelo', 'hengelo gld')
    >>> normalise_place("  's-Gravenhage ") == "'s-gravenhage"
    True
    """
    name = name.strip()
    if keep_suffix:
        name = re.sub(r"\s*\(([^)]*)\)\s*$", r" \1", name).replace(".", "")
    else:
        name = re.sub(r"\s*\([^)]*\)\s*$", "", name)
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().replace("’", "'")
    return re.sub(r"\s+", " ", name).casefold()


@lru_cache(maxsize=1)
def place_index() -> dict[str, frozenset[str]]:
    """Normalised place name → the gemeenten that have a place of that name, from gemeente names and woonplaatsen;
    each name is indexed with its CBS suffix ("hengelo gld") and without it ("hengelo")."""
    index: dict[str, set[str]] = {}
    names = [(g.name, g.code) for g in gemeenten()]
    names += [(row["woonplaats"], row["gemeente"]) for row in read_place_table("woonplaatsen.csv")]
    for name, code in names:
        for key in {normalise_place(name, keep_suffix=True), normalise_place(name)}:
            index.setdefault(key, set()).add(code)
    return {key: frozenset(codes) for key, codes in index.items()}


@lru_cache(maxsize=1)
def _gemeente_names() -> dict[str, str]:
    """Normalised gemeente name → code, for names only one gemeente has (not Bergen: L. and NH.)."""
    codes: dict[str, list[str]] = {}
    for g in gemeenten():
        codes.setdefault(normalise_place(g.name), []).append(g.code)
    return {name: found[0] for name, found in codes.items() if len(found) == 1}


def resolve_gemeente(place: str | None) -> str | None:
    """The gemeente code of a place name, or None when the name is unknown or ambiguous. A name several gemeenten
    have a place of resolves to the gemeente of that name (Hengelo, not Hengelo in Bronckhorst), else to none.

    >>> resolve_gemeente("Hengelo"), resolve_gemeente("Hengelo (Gld)"), resolve_gemeente("Den Bosch")
    ('GM0164', 'GM1876', 'GM0796')
    """
    if not place:
        return None
    index = place_index()
    for key in (normalise_place(place, keep_suffix=True), normalise_place(place)):
        if key in index:
            return _code_of(key)
    return None


def _code_of(key: str) -> str | None:
    """The gemeente of a normalised name in the index: its only one, else the gemeente of that name, else none."""
    codes = place_index().get(key)
    if not codes:
        return None
    return next(iter(codes)) if len(codes) == 1 else _gemeente_names().get(key)


def gemeente_code(name_or_code: str) -> str | None:
    """The code of a gemeente given by its code or its name (not the name of another place in it)."""
    codes = {g.code for g in gemeenten()}
    return name_or_code if name_or_code in codes else _gemeente_names().get(normalise_place(name_or_code))


_POSTCODE = re.compile(r"\b([1-9][0-9]{3})\s?([A-Z]{2})\b")


def parse_postcode(value: str | None) -> str | None:
    """Dutch postcode as ``1234 AB``.

    >>> parse_postcode("Stationsplein 1, 1186AM Amstelveen")
    '1186 AM'
    """
    match = _POSTCODE.search(str(value or ""))
    return f"{match.group(1)} {match.group(2)}" if match else None


def parse_place(value: str | None) -> str | None:
    """Place name from a location field: postcode, street and province parts removed.

    >>> parse_place("1186 AM Amstelveen"), parse_place("Amstelveen, Noord-Holland"), parse_place("Den Haag")
    ('Amstelveen', 'Amstelveen', 'Den Haag')
    """
    if not value:
        return None
    text = _POSTCODE.sub("", str(value))
    parts = [p.strip() for p in text.split(",") if p.strip() and not re.search(r"\d", p)]
    return parts[0] if parts else None


@dataclass(slots=True, kw_only=True)
class PlaceMention:
    """A place a text names for where a job is done or a course given."""

    start: int
    """Character offset of the name or phrase (inclusive)."""
    end: int
    """Character offset of the name or phrase (exclusive)."""
    text: str
    """The name or phrase as written."""
    gemeente_code: str | None = None
    """CBS code (``GM0363``) of the gemeente the place lies in; None for a scope."""
    scope: str | None = None
    """``national``, ``remote``, ``online`` or ``abroad`` when the text names no gemeente but a scope."""
    method: str
    """How it was found: ``label``, ``title``, ``area``, ``context``, ``line``, ``list``, ``address``,
    ``phrase`` (see the module's docstring)."""


_WORD = re.compile(r"(?:['’]s-)?\w[\w'’]*(?:-\w[\w'’]*)*")
# A capitalised word, found by scanning for its first character (a class re scans for in C); the look-behind after
# it keeps it from starting inside a word ("iPhone"), where "\b" first would be tried at every position.
_CAPITALISED = re.compile(r"(?:['’]s-\w|[A-ZÀ-ÖØ-Þ](?<![\w'’-].))[\w'’]*(?:-\w[\w'’]*)*")
_SPACES = re.compile(r"[ \t]+")
_LABEL = re.compile(
    r"^[ \t]*(?:[-*•][ \t]+)?(?:standplaats|(?:werk|les|cursus|opleidings|training)?locaties?|werkplek|plaats|"
    r"vestiging|lesplaats|werkgebied|plaats van tewerkstelling|werkadres|regio|waar)[ \t]*:[ \t]*(?P<value>[^\n]+)",
    re.IGNORECASE | re.MULTILINE,
)
_LABEL_HEADING = re.compile(
    r"^[ \t]*(?:(?:werk|les|cursus|opleidings|training)?locaties?|lesplaats|standplaats|waar)[ \t]*\??[ \t]*\n"
    r"(?:[ \t]*\n)*(?P<value>[^\n]+(?:\n[^\n]+)*)",
    re.IGNORECASE | re.MULTILINE,
)
"""A label as a heading of its own ("Cursuslocatie", "Waar?"): its value is the paragraph below it."""
_PLACE_WORDS = frozenset(
    {"in", "te", "vanuit", "uit", "nabij", "rond", "rondom", "omgeving", "regio", "hartje", "centrum", "locatie",
     "locaties", "vestiging", "vestigingen", "kantoor", "kantoren", "hoofdkantoor", "standplaats", "gemeente", "stad"}
)  # fmt: skip
_REGION_AFTER = re.compile(r"\s*(?:(?:en|&)\s+(?:wijde\s+)?omgeving|e\.\s?o\.)", re.IGNORECASE)
_LETTER_OR_DIGIT = re.compile(r"\w")
_DISTRICT = re.compile(r"(.+)-(?:noord|oost|zuid|west|noordoost|noordwest|zuidoost|zuidwest|centrum|centraal)", re.I)
_REGION_WORDS = re.compile(r"(?:regio|omgeving(?:\s+van)?|rondom|rond)\s+$", re.IGNORECASE)
_TITLE_BEFORE = re.compile(r"(?:[(/,:|·–—-]|\s(?:in|te))\s*$", re.IGNORECASE)
_SEPARATOR = r"(?:·|\||//|–|—|\s-\s)"
_AREA_AFTER = re.compile(r",[ \t]*[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*)?[ \t.]*")
"""The area after a place alone on its line: "Enter, Twente", "Zelhem, Gelderland"."""
_LIST_GAP = re.compile(r"\s*(?:/|,|&|\ben\b|\bof\b|\bof in\b)\s*", re.IGNORECASE)
_ADDRESS_BEFORE = re.compile(
    r"(?:\b[1-9][0-9]{3}\s?[A-Z]{2}|\b[A-Z][\w.'-]+\s+\d+[a-zA-Z]?(?:-\d+)?,?|\b(?i:postbus)\s+\d+,?)\s*(?:[-–,]\s*)?$"
)
_SENTENCE_BREAK = re.compile(r"[.!?;:\n]")
_ADJECTIVE_REGION = re.compile(r"\b([A-Z][\w'-]*se)\s+(?:regio|omgeving)\b")
_SCOPE_PHRASES: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = tuple(
    # (scope, pattern, words one of which a text must hold, lower case: most texts hold none, and "in" is fast)
    (scope, re.compile(pattern, re.IGNORECASE | re.MULTILINE), needed)
    for scope, pattern, needed in (
        (
            "national",
            r"\blandelijke?\b(?:\s+(?:dekking|werkzaam|inzetbaar))?|\b(?:door\s+)?heel\s+(?:Nederland|het\s+land)\b"
            r"|\bin\s+het\s+hele\s+land\b|\blocaties\s+in\s+(?:heel\s+)?Nederland\b"
            r"|\bnationaal\b",
            ("landelijk", "heel ", "hele land", "locaties in", "nationaal"),
        ),
        (
            "remote",
            r"\bremote(?:\s+werken)?\b|\bthuiswerk\w*|\(thuis\)\s?werk\w*|\b(?:werken\s+)?vanuit\s+huis\b"
            r"|\bthuis\s+(?:te\s+)?werken\b|\bwerk\w*\s+(?:\w+\s+)?thuis\b|\b(?:werken\s+)?op\s+afstand\s+werken\b"
            r"|\bhybride?\s+werk\w*",
            ("remote", "thuis", "huis", "afstand", "hybride"),
        ),
        (
            "online",
            r"\bvolledig\s+online\b|\bonline[-\s]+(?:cursus|training|opleiding|leren|les|lessen|module|modules|variant"
            r"|programma|klas|sessies?|bijeenkomsten?|leeromgeving)\b|\b(?:is|wordt|worden|ook|of)\s+online\b"
            r"|^[ \t]*(?:[-*•][ \t]+)?online[ \t]*$|\be-learning\w*|\bvia\s+(?:Zoom|Skype|Teams|MS\s+Teams)\b"
            r"|\bwebinars?\b|\bvirtuele?\s+klas\w*|\bafstandsonderwijs\b",
            ("online", "e-learning", "zoom", "skype", "teams", "webinar", "virtue", "afstandsonderwijs"),
        ),
        (
            "abroad",
            r"\b(?:in|heel|door\s+heel)\s+(?:België|Vlaanderen|Duitsland)\b",
            ("belgië", "vlaanderen", "duitsland"),
        ),
    )
)
_NOT_PLACES = frozenset({"nederland"})
"""Names in the gazetteer that texts use for something else: Nederland is the country (a scope), not the
village in Steenwijkerland."""


@lru_cache(maxsize=1)
def _name_starts() -> dict[str, int]:
    """First word of every place name (normalised) → the most words a name starting with it has: the cheap test
    a word passes before longer look-ups."""
    starts: dict[str, int] = {}
    for key in place_index():
        words = key.split(" ")
        starts[words[0]] = max(starts.get(words[0], 0), len(words))
    return starts


@lru_cache(maxsize=1)
def _region_adjectives() -> dict[str, str]:
    """Adjectives of place names, as in "de Haagse regio": Haagse, Amsterdamse, Leidse, Groningse → code (left out
    when places in different gemeenten give the same adjective)."""
    codes_of: dict[str, set[str]] = {}
    for name, codes in place_index().items():
        base = re.sub(r"^(?:den|de|het|'s-)\s*", "", name)
        forms = {
            base + "se",
            base[:-2] + "se" if base.endswith("en") else "",
            base[:-1] + "se" if base.endswith("e") else "",
        }
        for form in forms - {""}:
            codes_of.setdefault(form, set()).update(codes)
    return {form: next(iter(codes)) for form, codes in codes_of.items() if len(codes) == 1}


def _names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, gemeente code) of every capitalised place name in a text, the longest name at each place."""
    starts, found = _name_starts(), []
    position = 0
    while first := _CAPITALISED.search(text, position):
        position = first.end()
        word = first.group()
        most = starts.get(word.casefold()) or (not word.isascii() and starts.get(normalise_place(word)))
        if not most:
            if (district := _DISTRICT.fullmatch(word)) and (code := resolve_gemeente(district.group(1))):
                found.append((first.start(), first.end(), code))  # Amsterdam-Zuidoost, Utrecht-Centrum
            continue
        ends = [first.end()]
        while len(ends) < most and (gap := _SPACES.match(text, ends[-1])) and (nxt := _WORD.match(text, gap.end())):
            ends.append(nxt.end())  # "Capelle aan den IJssel": the next words on the line, however written
        for end in reversed(ends):
            name = " ".join(text[first.start() : end].split())
            key = name.casefold() if name.isascii() else normalise_place(name)  # the same key, without the work
            if key not in _NOT_PLACES and (code := _code_of(key)):
                found.append((first.start(), end, code))
                position = end
                break
    return found


def _method(text: str, start: int, end: int, headline_end: int, labelled: list[tuple[int, int]]) -> str | None:
    """How the context of the name at ``start``-``end`` shows it is a place, or None when it does not."""
    if any(a <= start and end <= b for a, b in labelled):
        return "label"
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before, after = text[line_start:start], text[end:line_end]
    if _ADDRESS_BEFORE.search(before):
        return "address"
    if start < headline_end and (_TITLE_BEFORE.search(before) or not after.strip(" \t.,;:!?)")):
        return "title"
    if _REGION_WORDS.search(before) or _REGION_AFTER.match(after):
        return "area"
    clause = _SENTENCE_BREAK.split(before)[-1]
    words = clause.split()
    previous = words[-3:]
    # The word before is in lower case ("werkplek in Utrecht", not "Kantoor Leiden" as a name) unless it starts the
    # clause ("Hartje Amsterdam", "In Utrecht werk je").
    if (
        previous
        and (previous[-1][:1].islower() or len(words) == 1)
        and _PLACE_WORDS & {w.lower().strip("(,") for w in previous}
    ):
        return "context"
    segment_before = re.split(_SEPARATOR, before)[-1]
    segment_after = re.split(_SEPARATOR, after)[0]
    if not _LETTER_OR_DIGIT.search(segment_before) and (
        not segment_after.strip(" \t.,;:!?)") or _AREA_AFTER.fullmatch(segment_after)
    ):
        return "line"
    return None


def find_places(text: str, headline_end: int = 0) -> list[PlaceMention]:
    """The places a text names, in text order; ``headline_end``: where the title ends (0: no title).

    >>> [(p.text, p.gemeente_code, p.method) for p in find_places("Developer (Utrecht)\\nHet team zit in Leiden.", 19)]
    [('Utrecht', 'GM0344', 'title'), ('Leiden', 'GM0546', 'context')]
    >>> [(p.text, p.method) for p in find_places("Leiden en begeleiden van Een team. Bel Anne van der Velden.")]
    []
    >>> [(p.text, p.scope) for p in find_places("Werken vanuit huis kan; wij zijn landelijk actief.")]
    [('Werken vanuit huis', 'remote'), ('landelijk', 'national')]
    """
    labelled = [(m.start("value"), m.end("value")) for label in (_LABEL, _LABEL_HEADING) for m in label.finditer(text)]
    places: list[PlaceMention] = []
    pending: list[tuple[int, int, str]] = []
    for start, end, code in _names(text):
        method = _method(text, start, end, headline_end, labelled)
        if method:
            places.append(PlaceMention(start=start, end=end, text=text[start:end], gemeente_code=code, method=method))
        else:
            pending.append((start, end, code))
    _add_listed(text, places, pending)
    lowered = text.lower()
    for start, end in _lines_with(text, lowered, ("regio", "omgeving")):
        for match in _ADJECTIVE_REGION.finditer(text, start, end):
            if region_code := _region_adjectives().get(match.group(1).casefold()):
                adjective = PlaceMention(
                    start=match.start(1),
                    end=match.end(1),
                    text=match.group(1),
                    gemeente_code=region_code,
                    method="area",
                )
                places.append(adjective)
    taken = [(p.start, p.end) for p in places]
    for scope, pattern, needed in _SCOPE_PHRASES:
        for start, end in _lines_with(text, lowered, needed):
            for match in pattern.finditer(text, start, end):
                if not any(a < match.end() and match.start() < b for a, b in taken):
                    phrase = PlaceMention(
                        start=match.start(), end=match.end(), text=match.group(), scope=scope, method="phrase"
                    )
                    places.append(phrase)
    return sorted(places, key=lambda place: place.start)


def _lines_with(text: str, lowered: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of the lines of ``text`` that hold one of ``words`` (lower case), in order: where a phrase can
    be, searched in those lines only (most texts hold none of the words; a pattern starting with "\\b" would be
    tried at every position of the text)."""
    if len(lowered) != len(text):  # a character whose lower case is longer ("İ"): offsets differ, search it all
        return [(0, len(text))] if any(word in lowered for word in words) else []
    lines = set()
    for word in words:
        found = lowered.find(word)
        while found >= 0:
            start, end = text.rfind("\n", 0, found) + 1, text.find("\n", found)
            end = len(text) if end < 0 else end
            lines.add((start, end))
            found = lowered.find(word, end)  # the rest of this line is searched anyway
    return sorted(lines)


def _add_listed(text: str, places: list[PlaceMention], pending: list[tuple[int, int, str]]) -> None:
    """Add the names listed with a place already found ("Amsterdam/Huizen/Amersfoort"), until none is left."""
    added = True
    while added and pending:
        added = False
        for candidate in list(pending):
            start, end, code = candidate
            for place in places:
                if place.method == "address":
                    continue
                gap = text[place.end : start] if place.end <= start else text[end : place.start]
                if _LIST_GAP.fullmatch(gap):
                    places.append(
                        PlaceMention(start=start, end=end, text=text[start:end], gemeente_code=code, method="list")
                    )
                    pending.remove(candidate)
                    added = True
                    break


def gemeente_places(places: Iterable[PlaceMention]) -> list[PlaceMention]:
    """The places with a gemeente where a job is done or a course given, the job's own first: labelled ones, then
    those in the title, then the others in text order; never an address (a company's, for letters).

    >>> [p.text for p in gemeente_places(find_places("Kantoor in Leiden\\nStandplaats: Tilburg of Breda"))]
    ['Tilburg', 'Breda', 'Leiden']
    """
    candidates = [p for p in places if p.gemeente_code and p.method != "address"]
    first = [p for method in _JOB_PLACE_ORDER for p in candidates if p.method == method]
    return first + [p for p in candidates if p.method not in _JOB_PLACE_ORDER]


def gemeente_codes(places: Iterable[PlaceMention]) -> list[str]:
    """The CBS codes of ``gemeente_places``, in its order.

    >>> gemeente_codes(find_places("Standplaats: Tilburg"))
    ['GM0855']
    """
    return [place.gemeente_code for place in gemeente_places(places) if place.gemeente_code]


def job_place(places: Iterable[PlaceMention]) -> PlaceMention | None:
    """The place with a gemeente that says where the job is: the first of ``gemeente_places``."""
    found = gemeente_places(places)
    return found[0] if found else None
