"""Long histories for the memory and speed benchmarks (issue 12): a live blog and a wiki-style page.

    python benchmarks/gen_long.py liveblog --updates 10000 -o blog.json
    python benchmarks/gen_long.py wiki --revisions 15000 --kb 70 -o wiki.json          # whole texts
    python benchmarks/gen_long.py wiki --revisions 15000 --kb 70 --patches -o wiki-p.json
    python benchmarks/gen_long.py reworded --mb 10 --revisions 5 --share 0.32 -o big.json
    python benchmarks/gen_long.py reworded --mb 10 --vocabulary zipf -o big-zipf.json  # natural word frequencies

* ``liveblog``: a base (headline, lead, a few paragraphs), then updates that
  mostly append a paragraph of 3–6 sentences; one in ten patches the lead (a
  count or a word changes), stored as an exact patch.
* ``wiki``: a ~70 KB article, then revisions of a few small edits each (a word
  changed, a sentence added or removed, a paragraph moved), with vandalism
  (the page blanked, or junk put in) reverted in the next revision; every
  revision stored as a whole text, as a wiki dump holds them (``--patches``:
  in their smallest form).
* ``reworded``: a large text whose updates each reword a share of its paragraphs.

Each is written a revision at a time, so a 1 GB file needs no 1 GB of memory.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import itertools
import json
import random
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone

from revtrack.files import atomic_writer
from revtrack.story import Story, StoryBuilder, Update, smallest_update
from revtrack.storyfile import save_story

T0 = datetime(2024, 5, 1, 6, 0, tzinfo=timezone(timedelta(hours=-4)))

_VOCABULARY = (
    "officials police residents rescue crews river bridge storm water power city county mayor governor "
    "hospital school road highway shelter damage families volunteers night morning afternoon update "
    "reported confirmed said warned announced closed opened evacuated injured missing killed found "
    "north south east west downtown nearby several dozens hundreds thousands emergency federal state "
    "local national weather service agency spokesperson statement conference area homes buildings cars"
)
_WORDS = _VOCABULARY.split()
_Pick = Callable[[random.Random], str]


def _flat(rnd: random.Random) -> str:
    """A word of the 63-word vocabulary, each as likely: every word is common (the worst case for
    finding a reworded sentence's source: any two sentences share words)."""
    return rnd.choice(_WORDS)


@functools.cache
def _zipf_vocabulary(size: int = 20_000) -> tuple[list[str], list[float]]:
    rnd = random.Random(7)
    syllables = [
        "ba",
        "ke",
        "lo",
        "mi",
        "nu",
        "ra",
        "se",
        "ti",
        "vo",
        "za",
        "dor",
        "fen",
        "gal",
        "hin",
        "jur",
        "mar",
        "pol",
        "quin",
        "sut",
        "wex",
    ]
    words = list(_WORDS)
    seen = set(words)
    while len(words) < size:
        word = "".join(rnd.choice(syllables) for _ in range(rnd.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words, list(itertools.accumulate(1 / rank for rank in range(1, size + 1)))


def _zipf(rnd: random.Random) -> str:
    """A word of a 20,000-word vocabulary, the word of rank *r* drawn as often as 1/*r* (Zipf's law,
    as natural text): a few common words, many rare ones."""
    words, cumulative = _zipf_vocabulary()
    return words[bisect.bisect_left(cumulative, rnd.random() * cumulative[-1])]


VOCABULARIES: dict[str, _Pick] = {"flat": _flat, "zipf": _zipf}


def _sentence(rnd: random.Random, n: int | None = None, pick: _Pick = _flat) -> str:
    words = [pick(rnd) for _ in range(n or rnd.randint(6, 14))]
    if rnd.random() < 0.4:
        words.insert(rnd.randint(0, len(words)), str(rnd.randint(2, 900)))
    return " ".join(words).capitalize() + "."


def _paragraph(rnd: random.Random, sentences: tuple[int, int] = (3, 6), pick: _Pick = _flat) -> str:
    return " ".join(_sentence(rnd, pick=pick) for _ in range(rnd.randint(*sentences)))


def liveblog(updates: int, seed: int = 1) -> Story:
    rnd = random.Random(seed)
    count = 12
    lead = f"At least {count} people were killed when the river flooded the city overnight, officials said."
    base = "\n\n".join(["Live: flooding in the river city", lead, *(_paragraph(rnd) for _ in range(3))])
    builder = StoryBuilder(Update(T0, "Original", "Newsroom", text=base), source="<liveblog>")
    text = base
    for k in range(1, updates + 1):
        when = T0 + timedelta(minutes=2 * k)
        label = f"Update {when:%H:%M}"
        if rnd.random() < 0.1:
            old_lead = text.split("\n\n")[1]
            count += rnd.randint(1, 3)
            verb = rnd.choice(["killed", "confirmed dead", "reported dead"])
            new_lead = f"At least {count} people were {verb} when the river flooded the city overnight, officials said."
            new = text.replace(old_lead, new_lead, 1)
            builder.add(smallest_update(text, new, when, label, "Newsroom"))
        else:
            paragraph = _paragraph(rnd)
            new = text + "\n\n" + paragraph
            builder.add(Update(when, label, "Newsroom", append=paragraph))
        text = new
    return builder.build("liveblog", "Live: flooding in the river city")


def _wiki_texts(revisions: int, kb: int, seed: int) -> Iterator[str]:
    rnd = random.Random(seed)
    paragraphs: list[str] = []
    while sum(len(p) + 2 for p in paragraphs) < kb * 1024:
        paragraphs.append(_paragraph(rnd, (4, 9)))
    yield "\n\n".join(paragraphs)
    vandalized = False
    for _ in range(1, revisions):
        if vandalized:  # the revert
            vandalized = False
            yield "\n\n".join(paragraphs)
            continue
        if rnd.random() < 0.03:
            vandalized = True
            yield "" if rnd.random() < 0.5 else "\n\n".join([*paragraphs[:3], "lol " * 40, *paragraphs[3:]])
            continue
        for _ in range(rnd.randint(1, 3)):
            at = rnd.randrange(len(paragraphs))
            sentences = paragraphs[at].split(". ")
            roll = rnd.random()
            if roll < 0.5:  # a word changed
                i = rnd.randrange(len(sentences))
                words = sentences[i].split(" ")
                words[rnd.randrange(len(words))] = rnd.choice(_WORDS)
                sentences[i] = " ".join(words)
            elif roll < 0.71:  # a sentence added (as often as one is removed: the page keeps its size)
                sentences.insert(rnd.randint(0, len(sentences)), _sentence(rnd).rstrip("."))
            elif roll < 0.92 and len(sentences) > 1:  # a sentence removed
                del sentences[rnd.randrange(len(sentences))]
            else:  # a paragraph moved
                paragraphs.insert(rnd.randrange(len(paragraphs)), paragraphs.pop(at))
                continue
            paragraphs[at] = ". ".join(sentences)
        yield "\n\n".join(paragraphs)


def write_wiki(path: str, revisions: int, kb: int, seed: int = 1) -> None:
    """The wiki history as a story file of whole texts, a revision at a time."""
    with atomic_writer(path) as out:
        out.write('{\n  "format": "revtrack/story@1",\n  "id": "wiki",\n  "title": "Wiki-style article",\n')
        for k, text in enumerate(_wiki_texts(revisions, kb, seed)):
            when = (T0 + timedelta(minutes=37 * k)).isoformat()
            update = json.dumps(
                {"timestamp": when, "label": f"rev {1000 + k}", "author": f"user{k % 97}", "text": text},
                ensure_ascii=False,
                indent=2,
            ).replace("\n", "\n    " if k else "\n  ")
            if k == 0:
                out.write(f'  "base": {update},\n  "updates": [\n')
            else:
                out.write(("    " if k == 1 else ",\n    ") + update)
        out.write("\n  ]\n}\n")


def wiki_patches(revisions: int, kb: int, seed: int = 1) -> Story:
    """The same history, each revision in its smallest form."""
    texts = _wiki_texts(revisions, kb, seed)
    base = next(texts)
    builder = StoryBuilder(Update(T0, "rev 1000", "user0", text=base), source="<wiki>")
    before = base
    for k, text in enumerate(texts, 1):
        when = T0 + timedelta(minutes=37 * k)
        builder.add(smallest_update(before, text, when, f"rev {1000 + k}", f"user{k % 97}"))
        before = text
    return builder.build("wiki", "Wiki-style article")


def reworded(
    mb: float, revisions: int, share: float, seed: int = 1, vocabulary: str = "flat"
) -> Iterator[str]:
    """A text of about *mb* megabytes whose every update rewords *share* of its paragraphs (a
    quarter of one sentence's words replaced), words drawn from a *vocabulary* of
    :data:`VOCABULARIES`."""
    pick = VOCABULARIES[vocabulary]
    rnd = random.Random(seed)
    paragraphs: list[str] = []
    while sum(len(p) + 2 for p in paragraphs) < mb * 1_000_000:
        paragraphs.append(_paragraph(rnd, (3, 7), pick))
    yield "\n\n".join(paragraphs)
    for _ in range(1, revisions):
        for at in rnd.sample(range(len(paragraphs)), int(share * len(paragraphs))):
            sentences = paragraphs[at].split(". ")
            i = rnd.randrange(len(sentences))
            words = sentences[i].split(" ")
            for _ in range(max(1, len(words) // 4)):
                words[rnd.randrange(len(words))] = pick(rnd)
            sentences[i] = " ".join(words)
            paragraphs[at] = ". ".join(sentences)
        yield "\n\n".join(paragraphs)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("kind", choices=["liveblog", "wiki", "reworded"])
    parser.add_argument("--updates", type=int, default=10_000)
    parser.add_argument("--revisions", type=int, default=15_000)
    parser.add_argument("--kb", type=int, default=70)
    parser.add_argument("--mb", type=float, default=10)
    parser.add_argument("--share", type=float, default=0.32)
    parser.add_argument("--vocabulary", choices=sorted(VOCABULARIES), default="flat")
    parser.add_argument("--patches", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    if args.kind == "liveblog":
        save_story(liveblog(args.updates, args.seed), args.output)
    elif args.kind == "wiki" and args.patches:
        save_story(wiki_patches(args.revisions, args.kb, args.seed), args.output)
    elif args.kind == "wiki":
        write_wiki(args.output, args.revisions, args.kb, args.seed)
    else:
        texts = list(reworded(args.mb, args.revisions, args.share, args.seed, args.vocabulary))
        times = [T0 + timedelta(hours=k) for k in range(len(texts))]
        save_story(Story.from_texts(texts, times, id="reworded"), args.output)


if __name__ == "__main__":
    main()
