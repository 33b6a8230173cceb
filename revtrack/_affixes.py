"""How much two strings (or two lists) begin and end with alike, compared in C.

Comparing ``a[lo:mid] == b[lo:mid]`` runs at memory speed; a Python loop over
characters does not. Steps widen from the start, so a difference near the
start costs little copying, then halve, so the whole costs about twice the
common part. ``b.startswith(a)`` — an update that only adds at the end — is
checked first, in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

__all__ = ["common_prefix", "common_suffix"]

T = TypeVar("T", str, Sequence[object])

_FIRST_STEP = 256


def common_prefix(a: T, b: T, known: int = 0) -> int:
    """How many items *a* and *b* begin with alike (at least *known*, which the caller knows)."""
    if isinstance(a, str) and isinstance(b, str) and b.startswith(a):
        return len(a)
    lo, hi = known, min(len(a), len(b))
    step = _FIRST_STEP
    while lo + step < hi and a[lo : lo + step] == b[lo : lo + step]:
        lo += step
        step *= 2
    hi = min(hi, lo + step)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_suffix(a: T, b: T, limit: int, known: int = 0) -> int:
    """How many items (at most *limit*, at least *known*) *a* and *b* end with alike."""
    na, nb = len(a), len(b)
    lo, hi = min(known, limit), limit
    step = _FIRST_STEP
    while lo + step < hi and a[na - lo - step : na - lo] == b[nb - lo - step : nb - lo]:
        lo += step
        step *= 2
    hi = min(hi, lo + step)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[na - mid : na - lo] == b[nb - mid : nb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo
