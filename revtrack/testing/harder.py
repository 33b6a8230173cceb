"""Harder generated histories: formulaic sentences, splits that gain words, crossing lineages, returning text.

:func:`generate_hard` extends :func:`revtrack.testing.synthetic.generate_history`
with the changes that make news hard to attribute:

* formulaic quotes (``"…," the minister said.``, ``"…," officials said.``), whose
  attribution is shared by many short sentences, and quotes replaced by new
  quotes from the same speaker;
* datelines and update stamps that open paragraphs (``KADIRO (Reuters) — …``);
* boilerplate ("Check back for updates.") added, removed, added again;
* a clause split off into a sentence of its own with a few new words
  ("…, and spread east." → "… The blaze spread east.");
* a clause that leaves one sentence for another (lineages that cross);
* a phrase of a deleted sentence that comes back inside another sentence, and a
  phrase of a live sentence copied into a new one (a second copy: new words);
* restorations with an edit.

The truth follows :mod:`revtrack.testing.synthetic`'s conventions, and adds:

* of two identical live sentences neither is edited, moved or deleted (which one
  changed would be a guess); of identical deleted ones, the first written is the
  one restored;
* a formulaic quote is a new sentence, and so is a quote that replaces another
  from the same speaker (they share only the formula, whose words keep their
  ``origin``: they left with the old quote and came back in the new); re-adding a deleted boilerplate sentence
  word for word restores it;
* a split that gains words is a split: each part's ``introduced`` is the revision
  most of its words have (the gained words belong to the splitting revision, and
  are always fewer than the words kept), ``modified`` the original's plus it;
* a clause that moves from sentence B to sentence A edits both: A keeps its
  lineage (``modified`` gains the revision, not B's edits), and the clause's words
  are new to A's lineage (lineage revision = this revision) while their
  ``origin`` stays where they first appeared;
* a phrase that returns from a deleted sentence is new to its lineage but keeps
  its ``origin``; a phrase copied from a live sentence is new in both senses.

Seeds: the benchmarks tune on seeds below 1000 and keep seeds 1000 and above as
a held-out set (``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from revtrack.testing.synthetic import (
    _OPERATIONS,
    History,
    _derived,
    _Sentence,
    _Word,
    _Writer,
    run_writer,
)

__all__ = ["HARD_OPERATIONS", "HardWriter", "generate_hard"]

_CONJUNCTIONS = frozenset({"and", "but", "while", "after", "as", "which", "where", "when", "because"})
_BOILERPLATE_HARD = (
    "Check back for updates",
    "This is a developing story",
    "Follow our live coverage",
    "This story will be updated",
)
_ATTRIBUTIONS = (
    ("the", "minister", "said"),
    ("officials", "said"),
    ("police", "said"),
    ("a", "spokeswoman", "said"),
    ("the", "company", "said", "in", "a", "statement"),
    ("he", "said"),
    ("she", "told", "reporters"),
)


def _has_quote(s: _Sentence) -> bool:
    return s.quoted or any('"' in w.text for w in s.words)


class HardWriter(_Writer):
    """The generic writer (pseudo-words) with formulaic sentences and the harder operations.

    Subclasses change the material (:meth:`quote_body`, :meth:`attribution`, :meth:`gain`,
    :meth:`joiner`, :meth:`frame`, :meth:`boilerplates`) and keep the operations.
    """

    def __init__(self, seed: int, words: int) -> None:
        super().__init__(seed, words)
        self.city = self.names[0].upper()
        self.sources = ("Reuters", "AP", "AFP")
        self.speakers: list[Sequence[str]] = [
            *_ATTRIBUTIONS,
            *((name, "said") for name in self.names[1:4]),
            *(
                ("said", title, name)
                for title, name in zip(("Dr.", "Gov.", "Sen."), self.names[4:7], strict=True)
            ),
        ]
        if self.paragraphs:
            first = self.paragraphs[0][0]
            first.quoted = False
            first.words[0:0] = [
                _Word(self.city, 0),
                _Word(f"({self.rng.choice(self.sources)})", 0),
                _Word("—", 0),
            ]

    # --- material ---

    def quote_body(self) -> list[str]:
        """The words of a short quote."""
        body = [self.plain() for _ in range(self.rng.randint(2, 9))]
        return [body[0].capitalize(), *body[1:]]

    def attribution(self) -> Sequence[str]:
        """Who said it: the formula after a quote."""
        return self.rng.choice(self.speakers)

    def gain(self) -> list[str]:
        """One to three words that open a clause made a sentence of its own (the first capitalized)."""
        opener = self.rng.choice(["It", "This", "They", "Officials", "The", "He", "She"])
        return [opener, *(self.plain() for _ in range(self.rng.randint(0, 2)))]

    def joiner(self) -> str:
        """The word that joins a clause to another sentence."""
        return self.rng.choice(["and", "while", "after", "as", "but"])

    def frame(self) -> tuple[list[str], list[str]]:
        """New words before and after a phrase that a new sentence is built around (the first capitalized)."""
        return [self.rng.choice(self.names)], [self.plain() for _ in range(self.rng.randint(4, 7))]

    def boilerplates(self) -> Sequence[str]:
        """Sentences a newsroom repeats (without the full stop)."""
        return _BOILERPLATE_HARD

    def pick(self, min_words: int = 0) -> tuple[int, int] | None:
        """A sentence to change; never one of two identical live sentences (which copy changed would
        be a guess: the truth avoids it)."""
        texts = Counter(s.text() for p in self.paragraphs for s in p)
        spots = [
            (i, k)
            for i, p in enumerate(self.paragraphs)
            for k, s in enumerate(p)
            if len(s.words) >= min_words and texts[s.text()] == 1
        ]
        return self.rng.choice(spots) if spots else None

    def _plain_spots(self, min_words: int) -> list[tuple[int, int]]:
        return [
            (i, k)
            for i, p in enumerate(self.paragraphs)
            for k, s in enumerate(p)
            if len(s.words) >= min_words and not _has_quote(s) and "boilerplate" not in s.events
        ]

    # --- operations ---

    def quote(self) -> None:
        """A formulaic quote: ``"…," the minister said.``"""
        body = self.quote_body()
        body[0] = '"' + body[0]
        body[-1] = body[-1] + ',"'
        s = _Sentence([_Word(w, self.r) for w in (*body, *self.attribution())], self.r, [])
        s.events |= {"new", "formula"}
        self._place(s)

    def requote(self) -> None:
        """A quote replaced by another quote from the same speaker: a new sentence that shares only its
        formula (``"…," officials said.``) with the one it replaces."""
        spots = [
            (i, k)
            for i, p in enumerate(self.paragraphs)
            for k, s in enumerate(p)
            if "formula" in s.events and s.words[0].text.startswith('"')
        ]
        if not spots:
            return
        i, k = self.rng.choice(spots)
        old = self.paragraphs[i][k]
        end = next(j for j, w in enumerate(old.words) if w.text.endswith(',"'))
        body = self.quote_body()
        body[0] = '"' + body[0]
        body[-1] = body[-1] + ',"'
        # The formula is the old one's: new to this sentence, its words keep their origin.
        formula = [_Word(w.text, self.r, w.origin) for w in old.words[end + 1 :]]
        s = _Sentence([*(_Word(w, self.r) for w in body), *formula], self.r, [])
        s.events |= {"new", "formula", "requoted"}
        self.graveyard.append((self.r, old))
        self.paragraphs[i][k] = s

    def boilerplate(self) -> None:
        """Boilerplate: restored word for word if a deleted copy exists, else new (a duplicate if live)."""
        text = self.rng.choice(self.boilerplates())
        graves = [
            (s.introduced, -when, k)
            for k, (when, s) in enumerate(self.graveyard)
            if when < self.r and "boilerplate" in s.events and s.text() == text + "."
        ]
        if (
            graves
        ):  # of identical deleted copies, the first written comes back (and among those, the last seen)
            s = self.unbury(min(graves)[2])
            self._place(s)
            return
        live = any(s.text() == text + "." for p in self.paragraphs for s in p)
        s = _Sentence([_Word(w, self.r) for w in text.split()], self.r, [])
        s.events |= {"boilerplate", "formula", "duplicate" if live else "new"}
        self._place(s)

    def drop_boilerplate(self) -> None:
        texts = Counter(s.text() for p in self.paragraphs for s in p)
        spots = [
            (i, k)
            for i, p in enumerate(self.paragraphs)
            for k, s in enumerate(p)
            if "boilerplate" in s.events and texts[s.text()] == 1
        ]
        if not spots or sum(len(p) for p in self.paragraphs) < 4:
            return
        i, k = spots[self.rng.randrange(len(spots))]
        s = self.paragraphs[i].pop(k)
        self.graveyard.append((self.r, s))
        self.paragraphs = [p for p in self.paragraphs if p]

    def split_gain(self) -> None:
        """A clause split off into a sentence of its own, opened by a few new words."""
        spots = self._plain_spots(10)
        if not spots:
            return
        i, k = spots[self.rng.randrange(len(spots))]
        s = self.paragraphs[i][k]
        n = len(s.words)
        cuts = [
            c
            for c in range(4, n - 4)
            if (s.words[c - 1].text.endswith(",") or s.words[c].text in _CONJUNCTIONS)
            and s.words[c].text[:1].isalpha()
            and s.words[c - 1].text.rstrip(",").replace("-", "").isalpha()
            and len(s.words[c - 1].text) >= 4
        ]
        if not cuts:
            cuts = [
                c
                for c in range(4, n - 4)
                if s.words[c].text.isalpha()
                and s.words[c - 1].text.isalpha()
                and len(s.words[c - 1].text) >= 4
            ]
        if not cuts:
            return
        c = cuts[self.rng.randrange(len(cuts))]
        last = s.words[c - 1]
        head = [*s.words[: c - 1], _Word(last.text.rstrip(","), last.revision, last.origin)]
        rest = s.words[c:]
        if rest[0].text in _CONJUNCTIONS:
            rest = rest[1:]
        gained = self.gain()[: max(1, len(rest) - 2)]
        tail = [_Word(w, self.r) for w in gained] + rest
        parts = [_derived(head, s.modified, self.r), _derived(tail, s.modified, self.r)]
        for part in parts:
            part.events |= s.events | {"split", "split_gain"}
        self.paragraphs[i][k : k + 1] = parts

    def cross(self) -> None:
        """A clause leaves the end of one sentence for the end of another."""
        spots = self._plain_spots(5)
        donors = [(i, k) for i, k in spots if len(self.paragraphs[i][k].words) >= 11]
        if not donors or len(spots) < 2:
            return
        di, dk = donors[self.rng.randrange(len(donors))]
        takers = [spot for spot in spots if spot != (di, dk)]
        ti, tk = takers[self.rng.randrange(len(takers))]
        donor, taker = self.paragraphs[di][dk], self.paragraphs[ti][tk]
        size = self.rng.randint(3, 5)
        clause = donor.words[-size:]
        if (
            not all(w.text.replace(",", "").isalpha() for w in clause)
            or not donor.words[-size - 1].text.isalpha()
        ):
            return
        del donor.words[-size:]
        taker.words.append(_Word(self.joiner(), self.r))
        taker.words.extend(_Word(w.text, self.r, w.origin) for w in clause)
        for s in (donor, taker):
            if self.r not in s.modified and self.r > s.introduced:
                s.modified.append(self.r)
            s.events |= {"crossed", "edited"}

    def return_phrase(self) -> None:
        """Words of a deleted sentence come back inside another sentence (a new one or a live one)."""
        choices = [
            k
            for k, (when, s) in enumerate(self.graveyard)
            if when < self.r and len(s.words) >= 6 and not _has_quote(s) and "boilerplate" not in s.events
        ]
        if not choices:
            return
        source = self.unbury(choices[self.rng.randrange(len(choices))])
        size = self.rng.randint(3, min(5, len(source.words) - 2))
        at = self.rng.randint(1, len(source.words) - size)
        phrase = source.words[at : at + size]
        if not all(w.text.isalpha() for w in phrase):
            return
        moved = [_Word(w.text, self.r, w.origin) for w in phrase]
        spots = self._plain_spots(5)
        if spots and self.rng.random() < 0.5:
            i, k = spots[self.rng.randrange(len(spots))]
            s = self.paragraphs[i][k]
            s.words.extend([_Word(self.joiner(), self.r), *moved])
            if self.r not in s.modified and self.r > s.introduced:
                s.modified.append(self.r)
            s.events |= {"returned", "edited"}
            return
        before, after = self.frame()
        words = [*(_Word(w, self.r) for w in before), *moved, *(_Word(w, self.r) for w in after)]
        s = _Sentence(words, self.r, [])
        s.events |= {"new", "returned"}
        self._place(s)

    def echo(self) -> None:
        """A phrase of a live sentence copied into a new sentence: a second copy, new words."""
        spots = self._plain_spots(8)
        if not spots:
            return
        i, k = spots[self.rng.randrange(len(spots))]
        source = self.paragraphs[i][k]
        size = self.rng.randint(3, 4)
        at = self.rng.randint(1, len(source.words) - size)
        phrase = [w.text for w in source.words[at : at + size]]
        if not all(w.isalpha() for w in phrase):
            return
        before, after = self.frame()
        s = _Sentence([_Word(w, self.r) for w in (*before, *phrase, *after)], self.r, [])
        s.events.add("new")
        self._place(s)

    def restore(self) -> None:
        """A deleted sentence back as it was (boilerplate comes back through :meth:`boilerplate`)."""
        choices = [
            k for k, (when, s) in enumerate(self.graveyard) if when < self.r and "boilerplate" not in s.events
        ]
        if choices:
            s = self.unbury(self.rng.choice(choices))
            self._place(s)

    def restore_edited(self) -> None:
        """A deleted sentence restored with one word changed."""
        choices = [
            k
            for k, (when, s) in enumerate(self.graveyard)
            if when < self.r and len(s.words) >= 6 and not _has_quote(s) and "boilerplate" not in s.events
        ]
        if not choices:
            return
        s = self.unbury(choices[self.rng.randrange(len(choices))])
        alpha = [k for k in range(1, len(s.words)) if s.words[k].text.isalpha()]
        if alpha:
            s.words[alpha[self.rng.randrange(len(alpha))]] = _Word(self.plain(), self.r)
            if self.r not in s.modified and self.r > s.introduced:
                s.modified.append(self.r)
            s.events.add("edited")
        self._place(s)

    def append_update(self) -> None:
        super().append_update()
        first = self.paragraphs[-1][0]
        roll = self.rng.random()
        if roll < 0.4:  # a dateline instead of the bare stamp
            first.words[0:1] = [
                _Word(self.city, self.r),
                _Word(f"({self.rng.choice(self.sources)})", self.r),
                _Word("—", self.r),
            ]
        elif roll < 0.7:
            first.words[0:1] = [
                _Word("UPDATE", self.r),
                _Word(f"{6 + self.r // 60 % 12}:{self.r % 60:02d}pm:", self.r),
            ]

    def split(self) -> None:
        spot = self.pick(min_words=10)
        s = self.paragraphs[spot[0]][spot[1]] if spot is not None else None
        if spot is not None and s is not None and not _has_quote(s) and "boilerplate" not in s.events:
            self._split_at(spot)

    def _split_at(self, spot: tuple[int, int]) -> None:
        i, k = spot
        s = self.paragraphs[i][k]
        cut = self.rng.randint(4, len(s.words) - 4)
        if (
            not s.words[cut].text.isalpha()
            or not s.words[cut - 1].text.isalpha()
            or len(s.words[cut - 1].text) < 4
        ):
            return  # a sentence may not end on a one-letter word (an initial, to a news splitter)
        second = s.words[cut:]
        second[0] = _Word(second[0].text[0].upper() + second[0].text[1:], self.r)
        parts = [_derived(s.words[:cut], s.modified, self.r), _derived(second, s.modified, self.r)]
        for part in parts:
            part.events |= s.events | {"split"}
        self.paragraphs[i][k : k + 1] = parts

    def merge(self) -> None:
        pairs = [(i, k) for i, p in enumerate(self.paragraphs) for k in range(len(p) - 1)]
        if pairs:
            i, k = self.rng.choice(pairs)
            a, b = self.paragraphs[i][k], self.paragraphs[i][k + 1]
            if not any(_has_quote(s) or "boilerplate" in s.events for s in (a, b)):
                self._merge_at(i, k)

    def _merge_at(self, i: int, k: int) -> None:
        a, b = self.paragraphs[i][k], self.paragraphs[i][k + 1]
        head = b.words[0]
        keep = head.text.split(" ")[0] in ("Dr.", "Gen.", "Sen.", "Gov.", "Lt.") or head.text in self.names
        joined = [
            *a.words,
            _Word(self.joiner() if self.rng.random() < 0.5 else "and", self.r),
            _Word(head.text, head.revision, head.origin) if keep else _Word(head.text.lower(), self.r),
        ]
        merged = _derived([*joined, *b.words[1:]], [*a.modified, *b.modified], self.r)
        merged.events |= a.events | b.events | {"merged"}
        self.paragraphs[i][k : k + 2] = [merged]

    def edit(self) -> None:
        spot = self.pick(min_words=5)
        if spot is None:
            return
        s = self.paragraphs[spot[0]][spot[1]]
        alpha = [k for k in range(1, len(s.words)) if s.words[k].text.isalpha()]
        if not alpha:
            return
        before = list(s.words)
        for _ in range(self.rng.randint(1, 3)):
            alpha = [k for k in range(1, len(s.words)) if s.words[k].text.isalpha()]
            k = self.rng.choice(alpha)
            roll = self.rng.random()
            if roll < 0.5:
                word = self.plain()
                if word != s.words[k].text:  # the same word again is no change
                    s.words[k] = _Word(word, self.r)
            elif roll < 0.8 or len(alpha) < 6:
                s.words.insert(k, _Word(self.plain(), self.r))
            else:
                del s.words[k]
        if [w.text for w in s.words] == [w.text for w in before]:
            s.words[:] = before  # the edits undid each other: no edit
            return
        if self.r not in s.modified and self.r > s.introduced:
            s.modified.append(self.r)
        s.events.add("edited")


HARD_OPERATIONS: dict[str, float] = {
    **_OPERATIONS,
    "boilerplate": 0.6,
    "quote": 2.0,
    "requote": 1.0,
    "drop_boilerplate": 0.4,
    "split_gain": 1.0,
    "cross": 0.6,
    "return_phrase": 0.6,
    "echo": 0.4,
    "restore_edited": 0.5,
}
"""Relative frequency of each operation in :func:`generate_hard`."""


def generate_hard(seed: int, revisions: int = 50, *, words: int = 5000) -> History:
    """A deterministic hard history of *revisions* revisions of a story of about *words* words."""
    return run_writer(HardWriter(seed, words), HARD_OPERATIONS, revisions, seed)
