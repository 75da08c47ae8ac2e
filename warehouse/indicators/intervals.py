"""Shares and their 95% intervals as SQL expressions, the same on SQLite, PostgreSQL and DuckDB (formulas in
docs/indicators.md, "Uncertainty").
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Float, case, cast, func, null

Z95 = 1.959963984540054
"""Standard normal quantile of the 95% intervals."""


def real(value: ColumnElement) -> ColumnElement[float]:
    """``value`` as a double-precision number."""
    return cast(value, Float)


def divide(numerator: ColumnElement, denominator: ColumnElement) -> ColumnElement[float]:
    """``numerator / denominator`` in floating point."""
    # Both sides as floats: SQLAlchemy casts an integer divisor to NUMERIC on PostgreSQL, whose arithmetic is
    # several times slower than double precision.
    return real(numerator) / real(denominator)


def share(part: ColumnElement, whole: ColumnElement) -> ColumnElement[float]:
    """``part / whole``; NULL when ``whole`` is 0."""
    return case((whole > 0, divide(part, whole)), else_=null())


def wilson(successes: ColumnElement, trials: ColumnElement) -> tuple[ColumnElement[float], ColumnElement[float]]:
    """Bounds of the 95% Wilson score interval of a proportion ``successes / trials`` (NULL for no trials)."""
    z2 = Z95 * Z95
    x, n = real(successes), real(trials)
    centre = (x + z2 / 2) / (n + z2)
    half = Z95 / (n + z2) * func.sqrt(x * (n - x) / n + z2 / 4)
    valid = trials > 0
    return case((valid, centre - half), else_=null()), case((valid, centre + half), else_=null())


def difference_interval(
    first: tuple[ColumnElement, ColumnElement, ColumnElement],
    second: tuple[ColumnElement, ColumnElement, ColumnElement],
) -> tuple[ColumnElement[float], ColumnElement[float]]:
    """Newcombe's hybrid score interval for the difference of two independent proportions, each given as
    (proportion, Wilson lower bound, Wilson upper bound): the bounds of ``first - second``."""
    (p1, low1, high1), (p2, low2, high2) = first, second
    difference = p1 - p2
    low = difference - func.sqrt((p1 - low1) * (p1 - low1) + (high2 - p2) * (high2 - p2))
    high = difference + func.sqrt((high1 - p1) * (high1 - p1) + (p2 - low2) * (p2 - low2))
    return low, high
