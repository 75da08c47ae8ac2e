"""Deduplication: vacancies that publish the same job are grouped into one job, so demand counts unique jobs.

The same job appears on the employer's site and on several boards, and agencies repost it, often rewritten or
anonymised ("onze opdrachtgever"). Two vacancies are the same job when

- their URLs are the same once tracking parameters and such are dropped (``url``);
- their texts and titles are identical (``text``);
- or they are similar (``similar``): texts that share most of their word 3-grams (Jaccard or containment, so
  a truncated copy on an aggregator still matches), with titles that agree, and nothing that tells them apart:
  different gemeenten, different named employers (agencies and anonymous employers agree with anyone),
  different seniority in the title, or working hours that do not overlap.

Candidates for the similarity test come from MinHash signatures with locality-sensitive hashing (datasketch)
and from vacancies with the same title in the same place, so the work grows with the number of vacancies, not
its square. Groups are closed transitively; a job's id is the smallest id of its vacancies.
``rebuild_jobs`` then derives the ``jobs`` and ``job_skills`` tables in SQL.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import parse_qsl, urlencode, urlsplit

from datasketch import MinHash, MinHashLSH
from sqlalchemy import Float, bindparam, case, delete, func, insert, select, update
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from .models import Job, JobSkill, Vacancy, VacancySkill

NUM_PERM = 128
LSH_THRESHOLD = 0.3
"""Estimated Jaccard similarity above which two vacancies become candidates (verified exactly afterwards)."""
SAME_TEXT = 0.85
"""Texts this similar are the same job whatever the titles say (containment covers truncated copies)."""
SIMILAR_TEXT = 0.45
SIMILAR_TITLE = 0.5
REWRITTEN_TEXT = 0.2
SAME_TITLE = 0.75
"""A rewritten repost (an agency's) shares less text, so its title must agree more."""

_TRACKING = re.compile(r"^(utm_|gclid|fbclid|mc_|ref$|source$|src$)")
_TITLE_NOISE = re.compile(r"\(?\b[mvx](?:\s*/\s*[mvx])+\b\)?|\b\d+(?:\s*[-–]\s*\d+)?\s*(?:uur|u)\b|[^\w\s]")
_SENIORITY = {"junior": 1, "medior": 2, "senior": 3, "trainee": 0, "stagiair": 0, "stage": 0, "lead": 4}
_HOURS = re.compile(r"\b(\d{1,2})(?:\s*(?:-|–|tot|a|à)\s*(\d{1,2}))?\s*(?:uur|u)\b")
_ANONYMOUS = re.compile(r"opdrachtgever|werkgever|klant|toonaangevend|anoniem|uitzend|detacher|recruit|werving")
_LEGAL_FORM = re.compile(r"\b(b\.?v\.?|n\.?v\.?|v\.?o\.?f\.?|stichting|holding)\b")


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
        words = _plain(self.description).split()
        return frozenset(" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 1)))

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
        return levels.pop() if len(levels) == 1 else None

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
    if a.seniority is not None and b.seniority is not None and a.seniority != b.seniority:
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
    text, title = text_similarity(a, b), _jaccard(a.title_words, b.title_words)
    if text >= SAME_TEXT or (text >= SIMILAR_TEXT and title >= SIMILAR_TITLE):
        return "similar"
    return "similar" if text >= REWRITTEN_TEXT and title >= SAME_TITLE else None


def _minhash(posting: Posting) -> MinHash:
    signature = MinHash(num_perm=NUM_PERM)
    signature.update_batch([shingle.encode() for shingle in posting.shingles])
    return signature


def candidate_pairs(postings: Sequence[Posting]) -> set[tuple[int, int]]:
    """Index pairs worth comparing: similar MinHash signatures, same URL, or same title in the same place."""
    pairs: set[tuple[int, int]] = set()
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    signatures = []
    for index, posting in enumerate(postings):
        signature = _minhash(posting)
        signatures.append(signature)
        pairs.update((other, index) for other in lsh.query(signature))
        lsh.insert(index, signature)
    blocks: dict[object, list[int]] = defaultdict(list)
    for index, posting in enumerate(postings):
        blocks["url", posting.canonical_url].append(index)
        blocks["title", posting.title_words, posting.place].append(index)
    for members in blocks.values():
        pairs.update((members[i], later) for i in range(len(members)) for later in members[i + 1 :])
    return pairs


def group_duplicates(postings: Sequence[Posting]) -> dict[int, tuple[int, str | None]]:
    """Vacancy id → (job id, why it joined the job; None for the job's own representative)."""
    parent = list(range(len(postings)))
    reasons: dict[int, str] = {}

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for first, second in sorted(candidate_pairs(postings)):
        if root(first) == root(second):
            continue
        reason = duplicate_reason(postings[first], postings[second])
        if reason:
            newer = max(first, second, key=lambda i: postings[i].id)
            reasons.setdefault(newer, reason)
            low, high = sorted((root(first), root(second)), key=lambda i: postings[i].id)
            parent[high] = low
    grouping = {}
    for index, posting in enumerate(postings):
        job = postings[root(index)].id
        grouping[posting.id] = (job, None if job == posting.id else reasons.get(index, "similar"))
    return grouping


def read_postings(session: Session) -> list[Posting]:
    """Every vacancy as a posting, in id order."""
    rows = session.execute(
        select(
            Vacancy.id,
            Vacancy.url,
            Vacancy.title,
            Vacancy.description,
            Vacancy.employer,
            Vacancy.employer_type,
            Vacancy.gemeente_code,
            Vacancy.location_raw,
            Vacancy.content_hash,
        ).order_by(Vacancy.id)
    )
    return [Posting(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class DedupeResult:
    """What a deduplication run found."""

    vacancies: int
    jobs: int
    changed: int
    by_reason: dict[str, int]


def deduplicate(session: Session) -> DedupeResult:
    """Group all vacancies into jobs, store the grouping on the vacancies and rebuild ``jobs``/``job_skills``.

    Idempotent: the same vacancies give the same jobs. Runs in the caller's transaction."""
    postings = read_postings(session)
    groups = group_duplicates(postings)
    stored = dict(
        (vacancy_id, (job_id, reason))
        for vacancy_id, job_id, reason in session.execute(select(Vacancy.id, Vacancy.job_id, Vacancy.duplicate_reason))
    )
    changes = [
        {"vacancy": vacancy_id, "job": job_id, "reason": reason}
        for vacancy_id, (job_id, reason) in groups.items()
        if stored.get(vacancy_id) != (job_id, reason)
    ]
    if changes:
        statement = (
            update(Vacancy)
            .where(Vacancy.id == bindparam("vacancy"))
            .values(job_id=bindparam("job"), duplicate_reason=bindparam("reason"))
        )
        session.connection().execute(statement, changes)
    jobs = rebuild_jobs(session)
    by_reason: dict[str, int] = defaultdict(int)
    for _, reason in groups.values():
        if reason:
            by_reason[reason] += 1
    return DedupeResult(len(postings), jobs, len(changes), dict(by_reason))


class days_between(FunctionElement):
    """Days from the first to the second timestamp, as a real number, on every supported database."""

    type = Float()
    inherit_cache = True


@compiles(days_between)
def _days_between(element, compiler, **kw) -> str:
    start, end = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 86400.0)"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw) -> str:
    start, end = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"(julianday({end}) - julianday({start}))"


def rebuild_jobs(session: Session) -> int:
    """Derive the ``jobs`` and ``job_skills`` tables from the vacancies and their grouping (a vacancy not yet
    grouped is a job of its own). Returns the number of jobs."""
    job = func.coalesce(Vacancy.job_id, Vacancy.id)
    all_members = func.count()
    groups = (
        select(
            job.label("job_id"),
            all_members.label("members"),
            func.min(Vacancy.date_posted).label("date_posted"),
            case((func.count(Vacancy.valid_through) == all_members, func.max(Vacancy.valid_through))).label(
                "valid_through"
            ),
            func.min(Vacancy.first_seen).label("first_seen"),
            case((func.count(Vacancy.closed_at) == all_members, func.max(Vacancy.closed_at))).label("closed_at"),
        )
        .group_by(job)
        .subquery("groups")
    )
    representative = Vacancy.__table__.alias("representative")
    rows = select(
        groups.c.job_id,
        groups.c.members,
        representative.c.gemeente_code,
        representative.c.sector_code,
        representative.c.education_level,
        representative.c.isco_code,
        groups.c.date_posted,
        groups.c.valid_through,
        groups.c.first_seen,
        groups.c.closed_at,
        days_between(groups.c.first_seen, groups.c.closed_at),
    ).join(representative, representative.c.id == groups.c.job_id)
    session.execute(delete(JobSkill))
    session.execute(delete(Job))
    columns = [
        "id",
        "members",
        "gemeente_code",
        "sector_code",
        "education_level",
        "isco_code",
        "date_posted",
        "valid_through",
        "first_seen",
        "closed_at",
        "open_days",
    ]
    session.execute(insert(Job).from_select(columns, rows))
    required = func.sum(case((VacancySkill.nice_to_have, 0), else_=1))
    skills = (
        select(job, VacancySkill.skill_id, required == 0)
        .join(Vacancy, Vacancy.id == VacancySkill.vacancy_id)
        .group_by(job, VacancySkill.skill_id)
    )
    session.execute(insert(JobSkill).from_select(["job_id", "skill_id", "nice_to_have"], skills))
    return session.scalar(select(func.count()).select_from(Job)) or 0
