"""Text that left the story (revtrack.provenance._origins): the same answers live and after a reload."""

from __future__ import annotations

import random

import pytest

from revtrack.provenance._model import Wording
from revtrack.provenance._origins import LeftText, Piece

_WORDS = ("alpha", "beta", "gamma")  # few: the same stretch left from many places


def _run(rnd: random.Random) -> list[str]:
    return [rnd.choice(_WORDS) for _ in range(rnd.randint(3, 20))]


@pytest.mark.parametrize("seed", range(12))
def test_text_that_left_answers_alike_live_and_reloaded(seed: int) -> None:
    """A saved state's index is rebuilt from whole stretches only; the live index still listed
    places whose stretch had come back in part, and reading them spent the budget of places read
    (``MAX_POSTINGS``): on a real history (a law's "<sup>3</sup>" in hundreds of paragraphs) a
    tracker saved and loaded gave other origins than one that ran through. (Random histories of
    300 left runs: 262 of 300 seeds answered otherwise before.)"""
    rnd = random.Random(seed)
    live = LeftText()
    for n in range(300):
        tokens = tuple(_run(rnd))
        origin = rnd.randint(0, 3)  # in any order: the newest run may be the oldest text
        live.add(
            Wording(n, origin, (), tokens, (origin,) * len(tokens), " ".join(tokens), n),
            range(len(tokens)),
            n + 1,
        )
    probes = [_run(rnd) for _ in range(60)]
    before = rnd.randint(0, len(probes))
    for tokens in probes[:before]:  # what comes back is taken out
        live.origins(tokens, 0, len(tokens), [-1] * len(tokens))
    loaded = LeftText()  # as the saved-state codec rebuilds it
    for piece in live:
        loaded.keep(Piece(piece.wording, piece.start, piece.end, piece.left, bytearray(piece.taken)))
    for tokens in probes[before:]:
        found_live, found_loaded = [-1] * len(tokens), [-1] * len(tokens)
        live.origins(tokens, 0, len(tokens), found_live)
        loaded.origins(tokens, 0, len(tokens), found_loaded)
        assert found_live == found_loaded
