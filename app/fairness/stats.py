"""Small exact statistics for the bias audit, written by hand (no SciPy in the product).

- `fisher_exact_two_sided`: the probability, under independence with fixed
  margins, of a 2x2 table at least as unlikely as the one observed (the usual
  "sum of the probabilities no larger than the observed one" definition, as in
  R's fisher.test and SciPy). Log-factorials keep it exact enough for 10 000s.
- `two_proportion_z`: the pooled two-proportion z-test, two-sided.
- `median`: of the full sample, for LL144's scoring rate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

_RELATIVE_TOLERANCE = 1 + 1e-7  # tables whose probability ties the observed one count


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def fisher_exact_two_sided(a: int, b: int, c: int, d: int) -> float:
    """p for the table [[a, b], [c, d]] (rows: groups; columns: selected, not selected)."""
    if min(a, b, c, d) < 0:
        raise ValueError("a contingency table holds counts")
    row1, col1, total = a + b, a + c, a + b + c + d
    if total == 0 or row1 in (0, total) or col1 in (0, total):
        return 1.0
    low, high = max(0, col1 - (total - row1)), min(row1, col1)
    denominator = _log_choose(total, col1)

    def log_p(x: int) -> float:
        return _log_choose(row1, x) + _log_choose(total - row1, col1 - x) - denominator

    observed = log_p(a)
    threshold = observed + math.log(_RELATIVE_TOLERANCE)
    p = math.fsum(math.exp(lp) for x in range(low, high + 1) if (lp := log_p(x)) <= threshold)
    return min(1.0, p)


def two_proportion_z(selected1: int, n1: int, selected2: int, n2: int) -> tuple[float, float]:
    """(z, two-sided p) for equal selection rates; (0, 1) when undefined."""
    if n1 == 0 or n2 == 0:
        return 0.0, 1.0
    pooled = (selected1 + selected2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance <= 0:
        return 0.0, 1.0
    z = (selected1 / n1 - selected2 / n2) / math.sqrt(variance)
    return z, math.erfc(abs(z) / math.sqrt(2))


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
