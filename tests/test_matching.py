"""Sentence matching on the cases of issue 15: formulaic sentences are matched on what is particular to them."""

from __future__ import annotations

from hypothesis import given, strategies as st

from revtrack.provenance import Tracker
from revtrack.provenance._matcher import nonspace_tokens
from revtrack.provenance._similarity import other_quote, quoted_words


def _track(*texts: str) -> Tracker:
    tracker = Tracker()
    for text in texts:
        tracker.add(text)
    return tracker


BASE = "Crews fought the fire all night. "


def test_a_new_quote_from_the_same_speaker_is_a_new_sentence() -> None:
    t = _track(
        BASE + '"We are still gathering information," the company said in a statement.',
        BASE + '"Our thoughts are with the families," the company said in a statement.',
    )
    quote = t.sentences(1)[1]
    assert (quote.introduced, quote.modified) == (1, ())
    assert {s.revision for s in quote.spans} == {1}


def test_an_edited_quote_is_still_an_edit() -> None:
    t = _track(
        BASE + '"We are still gathering information about the fire," the company said.',
        BASE + '"We are still gathering information about the blaze," the company said.',
    )
    quote = t.sentences(1)[1]
    assert (quote.introduced, quote.modified) == (0, (1,))


def test_a_deleted_quote_does_not_lend_its_origin_to_a_new_one() -> None:
    t = _track(
        BASE + '"No comment," said Karen Liu, chief strategist at Harbor Point Capital.',
        BASE,
        BASE + '"Too early to tell," said Karen Liu, chief strategist at Harbor Point Capital.',
    )
    assert t.sentences(2)[1].introduced == 2


def test_the_same_quote_restored_keeps_its_origin() -> None:
    t = _track(
        BASE + '"Nobody expected this at all," officials said.',
        BASE,
        BASE + '"Nobody expected this at all," police said.',
    )
    assert t.sentences(2)[1].introduced == 0


def test_quoted_words() -> None:
    assert quoted_words(nonspace_tokens('"We are here," he said.')) == {"we": 1, "are": 1, "here": 1}
    assert quoted_words(nonspace_tokens("He said it's «fine» now.")) == {"fine": 1}
    assert quoted_words(nonspace_tokens("He said so.")) is None
    # An unquoted sentence is never "another quote": the rule needs two quotes.
    assert not other_quote(nonspace_tokens("Officials said so."), nonspace_tokens('"No," officials said.'))


_words = st.lists(
    st.sampled_from(["fire", "crews", "said", "we", "the", '"', "“", "”", ",", "."]), max_size=12
)


@given(_words, _words)
def test_other_quote_is_symmetric_and_never_true_of_one_sentence(a: list[str], b: list[str]) -> None:
    assert other_quote(a, b) == other_quote(b, a)
    assert not other_quote(a, a)


def test_a_new_sentence_around_a_phrase_of_a_deleted_one_is_new() -> None:
    t = _track(
        BASE + "The warehouse stored paint thinners for hardware chains.",
        BASE,
        BASE + "Inspectors had warned that paint thinners for hardware chains were kept beside the exits.",
    )
    s = t.sentences(2)[1]
    assert (s.introduced, s.modified) == (2, ())


def test_a_deleted_sentence_restored_with_an_edit_keeps_its_origin() -> None:
    t = _track(
        BASE + "The warehouse stored paint thinners for hardware chains across the region.",
        BASE,
        BASE + "The warehouse stored paint thinners for hardware stores across the region.",
    )
    s = t.sentences(2)[1]
    assert (s.introduced, s.modified) == (0, (2,))
