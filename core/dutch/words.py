"""Words in text: whether a phrase stands as whole words, and where words begin, found by substring search rather
than a regular expression that re would try at every position of a text."""

from __future__ import annotations

from collections.abc import Iterator


def is_word_character(character: str) -> bool:
    """Whether a one-character string is a word character (re's ``\\w``); False for the empty string.

    >>> is_word_character("é"), is_word_character("-"), is_word_character("")
    (True, False, False)
    """
    return character.isalnum() or character == "_"


def contains_words(text: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` with no word character (re's ``\\w``) right before or after it: for a
    phrase that starts and ends with a letter, what ``re.search(r"\\b" + phrase + r"\\b", text)`` finds.

    Found by substring search, which is fast: most texts hold none of the phrases, and a regex starting with
    ``\\b`` tries every position of the text.

    >>> contains_words("een vast contract", "vast contract"), contains_words("vaste contracten", "vast contract")
    (True, False)
    """
    start = text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        if not is_word_character(text[start - 1 : start]) and not is_word_character(text[end : end + 1]):
            return True
        start = text.find(phrase, start + 1)
    return False


def word_starts(lowered: str, word: str) -> Iterator[int]:
    """Offsets where ``word`` (lower case) begins a word of ``lowered`` (a lower-cased text): no word character and
    no hyphen right before it. A substring search, for the same reason as ``contains_words``.

    >>> list(word_starts("wo, hbo/wo en post-wo; wordt", "wo"))
    [0, 8, 23]
    """
    start = lowered.find(word)
    while start >= 0:
        before = lowered[start - 1 : start]
        if before != "-" and not is_word_character(before):
            yield start
        start = lowered.find(word, start + 1)
