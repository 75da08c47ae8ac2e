"""Grouping vacancies into jobs: candidate pairs from MinHash signatures of the vocabulary with locality-sensitive
hashing (datasketch) and from vacancies in the same place sharing a title word or employer, so the work grows with
the number of vacancies, not its square; each pair is checked with the similarity rules (``similarity.py``), and
groups are closed transitively. A job's id is the smallest id of its vacancies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from datasketch import MinHash, MinHashLSH

from .similarity import Posting, duplicate_reason

NUM_PERM = 128
LSH_THRESHOLD = 0.3
"""Estimated vocabulary Jaccard above which two vacancies become candidates (verified exactly afterwards)."""
MAX_BLOCK = 200
"""Blocks (same place and title word or employer) larger than this are left to LSH alone."""


def _minhash(posting: Posting) -> MinHash:
    signature = MinHash(num_perm=NUM_PERM)
    signature.update_batch([word.encode() for word in posting.vocabulary])
    return signature


def candidate_pairs(postings: Sequence[Posting]) -> set[tuple[int, int]]:
    """Index pairs worth comparing: similar vocabularies (MinHash LSH), the same URL, or the same place with a
    title word or employer in common."""
    pairs: set[tuple[int, int]] = set()
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    for index, posting in enumerate(postings):
        signature = _minhash(posting)
        pairs.update((other, index) for other in lsh.query(signature))
        lsh.insert(index, signature)
    blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, posting in enumerate(postings):
        blocks["url", posting.canonical_url].append(index)
        for word in posting.title_words:
            if len(word) >= 4:
                blocks["title", word, posting.place or ""].append(index)
        if posting.named_employer:
            blocks["employer", posting.named_employer, posting.place or ""].append(index)
    for members in blocks.values():
        if len(members) <= MAX_BLOCK:
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
