"""Split news text into paragraphs and sentences, with code-point offsets.

Rules, in brief (why: revisions are compared sentence by sentence, so a split
must be predictable and must cover the text exactly):

* Every line break ends a sentence; one or more blank lines end a paragraph.
  Line breaks are those of :meth:`str.splitlines` (``\\n``, ``\\r\\n``,
  ``\\r``, ``\\u2028`` ...), so scraped text with odd line ends still splits.
* A sentence ends after ``.``, ``!``, ``?`` or ``…`` (runs like ``?!`` or
  ``...`` included) plus any closing quotes or brackets (even spaced off,
  as in ``part. »``), and only where whitespace follows: ``U.S.-led`` and ``end.Next`` stay whole.
  Other scripts' terminators end one the same way: ``।`` ``॥`` (Indic
  dandas), ``؟`` ``۔`` (Arabic, Urdu), ``։`` (Armenian), ``።`` ``፧``
  (Ethiopic), ``။`` (Burmese), ``។`` ``៕`` (Khmer), U+037E (Greek question
  mark); so do ``;`` after a Greek word and ``:`` after an Armenian one, the
  ASCII stand-ins for those two. Quotes that open in one language close in
  another (``„gut.“``, ``»gut.«``, ``‚so.‘``): trailing a word, they close it.
* Chinese and Japanese put no space between sentences: ``。`` ``！`` ``？``
  ``｡`` ``．`` (not before a digit or Latin letter: ``１．５``), with any
  closing brackets after them (``。」``), end a sentence even when text follows
  at once, and so do ``.`` ``!`` ``?`` between two CJK characters (``吗?我``).
* No end before a lowercase word, after a title (``Mr.``, ``Gen.``), after
  ``e.g.``/``vs.``, or inside a spaced ellipsis (``. . .``). Ambiguous
  abbreviations (``U.S.``, ``Inc.``, ``Mar.``, initials) end a sentence only
  before a word that typically starts one (``The``, ``He``, ``However``).
* Numbered list items on one line (``1. a 2. b``) are sentences of their own.

Everything is a single pass over whitespace-separated tokens (cut after those
CJK ends): linear time.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Callable, Iterator

import attrs

from revtrack._compiled import compiled
from revtrack.text import HAN_KANA

__all__ = ["Sentence", "sentence_spans", "split_paragraphs", "split_sentences"]


@attrs.frozen
class Sentence:
    """One sentence: text[start:end], with offsets in code points, end exclusive."""

    start: int
    end: int
    # Index of the paragraph (blocks separated by a blank line), from 0.
    paragraph: int


def _words(words: str) -> frozenset[str]:
    """A set of the space-separated words in *words*."""
    return frozenset(words.split())


_TOKEN = re.compile(r"\S+")
_SPACES = re.compile(r"(\s+)")
# Closing brackets and quotes that close in every language (Pe and Pf, with CJK and fullwidth
# forms); ASCII and fullwidth quotes can open too. Only these stand alone as a closer ("part. »").
_STRICT_CLOSERS = "\"')]}»›”’」』）］｝〉》】〕〗〙〛｣〞〟＂＇⟩|"
# Quotes that open in some languages and close in others (“ and ‘ close German „…“ and ‚…‘,
# « closes »…«, ‹ closes ›…‹): closers when they trail a word, openers when they lead one.
# Markdown's emphasis marks close and open too: "**Start here.** Then" is two sentences.
_EMPHASIS = "*_~"
_OPENERS = "\"'([{«‹“‘„‚¿¡「『（［｛〈《【〔〖〘〚｢〝＂＇⟨" + _EMPHASIS
_CLOSERS = _STRICT_CLOSERS + "“‘«‹" + _EMPHASIS
_STRICT_CLOSER_CHARS = frozenset(_STRICT_CLOSERS)
# Sentence terminators: Latin, CJK (full-width, half-width, small forms), Devanagari and other
# Indic dandas, Arabic question mark and Urdu full stop, Armenian, Ethiopic, Burmese, Khmer,
# Mongolian and Syriac full stops, the interrobang, the Greek question mark (U+037E).
_TERMINALS = ".!?…‼⁇⁈⁉‽。！？．｡﹒﹖﹗।॥؟۔։።፧။។៕᠃᠉܀܁܂\u037e"
# ASCII stand-ins that a script uses as a terminator: the Greek question mark is typed (and
# NFC-normalized) as ";", the Armenian full stop often as ":". An end only after that script.
_SCRIPT_STOPS = {";": ((0x370, 0x3FF), (0x1F00, 0x1FFF)), ":": ((0x531, 0x58F), (0xFB13, 0xFB17))}
_TERMINAL_CHARS = frozenset(_TERMINALS)
_DOTS = ".…"
# Last characters of a token that may end a sentence (fast pre-filter).
_END_CHARS = frozenset(_TERMINALS + _CLOSERS + "".join(_SCRIPT_STOPS))
_DOTS_OR_CLOSERS = frozenset(_DOTS + _CLOSERS)
_ENDING = re.compile("[" + re.escape("".join(sorted(_END_CHARS))) + r"](?!\S)")
"""One of ``_END_CHARS`` that ends a whitespace-separated token."""
# Chinese and Japanese (HAN_KANA) put no spaces between sentences either.
# Where a sentence of those scripts may end with no space after it: after a run of CJK
# terminators (．not before a digit or Latin letter: １．５) or of . ! ? between two CJK
# characters, with the closing brackets after it (the strict closers but for the ASCII and
# fullwidth quotes, which may open the next).
# Possessive, so that a run is never cut short ("！？" at the end of a line stays whole), and a
# run is tried from its first stop only, so that a long one costs linear time.
_CJK_TERMINALS = "。！？｡﹒﹖﹗．"
_CUT_CLOSERS = re.escape(_STRICT_CLOSERS.translate(dict.fromkeys(map(ord, "\"'＂＇"))) + _EMPHASIS)
_CUT = re.compile(
    rf"""[{HAN_KANA}] [.!?]++ [{_CUT_CLOSERS}]*+ (?=[{HAN_KANA}“‘「『（《〈【〔〖])
    | (?<![{_CJK_TERMINALS}])  # a run of stops is tried once, from its start: linear time
      [{_CJK_TERMINALS}]++ (?:(?<!．)|(?![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])) [{_CUT_CLOSERS}]*+ (?=\S)
    """,
    re.VERBOSE,
)
_ALPHA = re.compile(r"[^\W\d_]+")
_HAN_KANA_CHAR = re.compile(f"[{HAN_KANA}]")
# Letters joined by dots: U.S, a.m, Ph.D, U.S.A (the final dot is cut off).
_DOTTED = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")

# Titles and similar words that precede a name: never sentence-final.
_TITLES = _words(
    """Mr Mrs Ms Mx Messrs Mmes Dr Drs Prof Profs Gen Gens Sen Sens Rep Reps
    Gov Govs Lt Col Capt Cmdr Cdr Sgt Maj Adm Cpl Pvt Spc Brig Ens Hon Pres
    Supt Det Insp Atty Rev Msgr Fr Mt Ft St
    Sra Sras Srta Dra Dras Ziff"""
)
# Titles that are also street words ("Main St. The ..."): after a
# capitalized word they are treated as ambiguous instead.
_STREET_TITLES = frozenset({"St", "Dr"})
# Abbreviations that are never sentence-final, in any case.
_NEVER_FINAL = _words("vs v e.g i.e cf viz approx aprox incl")
# Ambiguous abbreviations, in any case: an end only before a sentence starter.
_AMBIGUOUS = _words(
    """etc inc co cos corp ltd llc plc bros jr sr esq no nos p pp vol vols
    fig figs ch sec art para ed eds est ave blvd rd hwy dept univ assn al
    mins hrs min hr sq oz lb lbs ft mi km cm mm kg
    nr abs bd bzw usw ca vgl ggf evtl inkl sog str tel mio mrd
    pág núm av ext"""
)
# Ambiguous abbreviations that are only abbreviations when capitalized:
# months, weekdays, AP-style state names.
_AMBIGUOUS_CAPITALIZED = _words(
    """Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Jän Mär Okt Dez EE UU
    Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass
    Mich Minn Miss Mo Mont Neb Nev Okla Ore Pa Tenn Vt Va Wash Wis Wyo"""
)
# German writes ordinals with a full stop ("am 3. Oktober", "der 1. FC Köln", "die 2. Liga"): a
# number then one of its month names that English lacks, or a number after one of the words that
# lead an ordinal, is no end (German capitalizes the noun after it, so case cannot tell).
_GERMAN_MONTHS = _words("Januar Jänner Februar März Mai Juni Juli Oktober Dezember")
_ORDINAL_LEAD = _words(
    """am im vom zum zur beim bis ab seit der die das den dem des ein eine einer einem
    einen eines jeden jedem jeder"""
)
# Function words that cannot follow an ordinal inside a phrase: after "am 5." one of them starts
# the next sentence ("Sie kam am 5. Er ging am 6.").
_GERMAN_STARTERS = _words(
    """der die das den dem des ein eine einer einem einen er sie es wir ich ihr du man
    dies diese dieser dieses jene jener und aber doch oder denn dann danach dort hier heute
    nun so da als wenn weil auch noch schon bereits jetzt später zudem außerdem trotzdem
    deshalb daher in im an am auf aus bei mit nach von vom vor zu zum zur für um über unter
    gegen ohne seit bis ab wie was wer wo warum"""
)
_TIMES = frozenset({"a.m", "p.m"})
# Prepositions that front a time phrase: "At 5 a.m. Mr. Smith left" is one
# sentence, since "At 5 a.m." alone is not one.
_FRONTING = _words("at by around about after before until till from since shortly just")
# Words that commonly start a sentence; after an ambiguous abbreviation only
# these make a boundary ("the U.S. Embassy" vs "the U.S. The ...").
_STARTERS = _words(
    """a an the this that these those there here it its he she we they i you
    his her their our my your but and or so yet nor however meanwhile still
    also then now thus therefore instead later earlier afterward afterwards
    moreover furthermore nevertheless nonetheless indeed in on at for from
    by with without after before during since until while when where what
    who whom whose which why how whether if although though because as once
    despite according among under over to is are was were do does did has
    have had will would can could should might must shall some many most
    all both each every several few not only even just more less other
    another such being let please yes"""
)
# List markers: 1.  1.)  1)  (1)  a.  a)  with an optional bullet glued on.
_MARKER = re.compile(r"([•◦▪‣⁃·*])?(\(?)(\d{1,3}|[a-z])(\.\)|\.|\))")
_BULLETS = frozenset("•◦▪‣⁃·*-–")
_HEADING = re.compile(r"#{1,6}|={2,6}")
_TABLE_MARKS = frozenset(("!!", "{{!}}"))
"""Wiki table syntax between cells (``! A !! B``, ``{{!}}``): marks, not the end of a sentence."""
"""A Markdown or wikitext heading's mark: a numbered heading (``### 8. Access``, ``== 2. History ==``)
begins with a list marker after it, as a bullet's item does."""


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split *text* into sentences, in order, covering every non-space character."""
    out: list[Sentence] = []
    for base, line, paragraph in _content_lines(text):
        out.extend(Sentence(base + a, base + b, paragraph) for a, b in sentence_spans(line))
    return tuple(out)


def sentence_spans(line: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of *line*, one line of text (a line break at its end at
    most): :func:`split_sentences` of it, without the objects (what attribution splits, line by line)."""
    if not line or line.isspace():
        return []
    bounds = iter(_line_bounds(line))
    return list(zip(bounds, bounds, strict=True))


def _line_bounds(line: str) -> list[int]:
    """Start, end, start, end... of the sentences of one line that is not blank."""
    if line.isascii():
        if _compiled_ascii is not None:
            found = _compiled_ascii(line, _ASCII_CLASSES, _WORD_SETS)
            if found is not None:
                return found
        return _ascii_bounds(line)
    spans = _cut_unspaced(line, [m.span() for m in _TOKEN.finditer(line)])
    words = [line[a:b] for a, b in spans]
    out: list[int] = []
    first = 0
    for nxt in _sentence_starts(words):
        out += (spans[first][0], spans[nxt - 1][1])
        first = nxt
    out += (spans[first][0], spans[-1][1])
    return out


def _ascii_bounds(line: str) -> list[int]:
    """:func:`_line_bounds` of an ASCII line, in Python: the twin of
    ``revtrack._speedups.ascii_sentences``."""
    words = line.split()  # what _TOKEN finds: both split at str.isspace
    ends = _token_ends(line, words)
    # The words that end in a terminator, closer or dot, found in the line at once.
    looked = [bisect.bisect_left(ends, m.end()) for m in _ENDING.finditer(line)]
    out: list[int] = []
    first = 0
    for nxt in _sentence_starts(words, looked):
        out += (ends[first] - len(words[first]), ends[nxt - 1])
        first = nxt
    out += (ends[first] - len(words[first]), ends[-1])
    return out


def _token_ends(line: str, words: list[str]) -> list[int]:
    """Where each of the line's whitespace-separated *words* ends, counted without a match object
    per token: at once when one character separates each word from the next (the usual case)."""
    lengths = list(map(len, words))
    if len(line.strip()) == sum(lengths) + len(words) - 1:
        lead = len(line) - len(line.lstrip())
        ends = itertools.accumulate(lengths, initial=lead)
        next(ends)
        return list(map(operator.add, ends, itertools.count()))
    parts = _SPACES.split(line)  # word, space, word, ... (the first and the last maybe empty)
    skip = 0 if parts[0] else 2
    return list(itertools.accumulate(map(len, parts)))[skip::2][: len(words)]


def split_paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """Return (start, end) of each paragraph's non-space extent, in order."""
    out: list[tuple[int, int]] = []
    for base, line, paragraph in _content_lines(text):
        start = base + len(line) - len(line.lstrip())
        end = base + len(line.rstrip())
        if paragraph == len(out):
            out.append((start, end))
        else:
            out[-1] = (out[-1][0], end)
    return tuple(out)


def _content_lines(text: str) -> Iterator[tuple[int, str, int]]:
    """Yield (offset, line, paragraph index) for each line that is not blank."""
    pos = 0
    paragraph = -1
    after_blank = True
    for line in text.splitlines(keepends=True):
        if line.isspace():
            after_blank = True
        else:
            if after_blank:
                paragraph += 1
                after_blank = False
            yield pos, line, paragraph
        pos += len(line)


def _cut_unspaced(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The token *spans* of *line*, cut where a CJK sentence ends with no space after it."""
    cuts = [m.end() for m in _CUT.finditer(line)]
    if not cuts:
        return spans
    out: list[tuple[int, int]] = []
    k = 0
    for a, b in spans:
        while k < len(cuts) and cuts[k] <= a:
            k += 1
        while k < len(cuts) and cuts[k] < b:
            out.append((a, cuts[k]))
            a = cuts[k]
            k += 1
        out.append((a, b))
    return out


def _sentence_starts(words: list[str], looked: list[int] | None = None) -> Iterator[int]:
    """Yield the index of each token of one line that starts a new sentence; *looked*: the
    indices of the tokens that end in one of ``_END_CHARS``, when the caller has them."""
    n = len(words)
    items, markers = _list_items(words)
    # Only a token ending in a terminator, closer or dot (or one before a list item) may end a
    # sentence: the others are passed over, as the loop would (each ends a run of dots).
    if looked is None:
        looked = [i for i, w in enumerate(words) if w[-1] in _END_CHARS]
    dot = [False] * n
    for i in looked:
        w = words[i]
        dot[i] = w[-1] in _DOTS_OR_CLOSERS and _is_dots(w)
    if items:
        looked = sorted({*looked, *(i - 1 for i in items)})
    sent_start = 0
    run_dots = 0  # dots in the run of dot-only tokens ending at token i
    prev_run = 0  # the same, ending at token i - 1
    last = -1  # the token looked at before i
    for i in looked:
        if i >= n - 1:
            break
        if i > last + 1:  # the token before i was passed over: no run of dots ends there
            run_dots = 0
        last = i
        prev_run, run_dots = run_dots, (run_dots + _count_dots(words[i]) if dot[i] else 0)
        if i + 1 in items:
            brk = True
        elif i in markers or words[i][-1] not in _END_CHARS or _only_closers(words[i + 1]):
            brk = False  # a spaced closing quote ("Il part. »") stays with its sentence
        elif dot[i + 1]:
            brk = not dot[i] and _ends_before_ellipsis(words, dot, i)
        elif dot[i] or (_only_closers(words[i]) and i > sent_start and dot[i - 1]):
            # A bare "..." (three dots) marks an omission inside a sentence;
            # four ("...." or ". . . .") are an ellipsis plus a full stop.
            brk = (run_dots if dot[i] else prev_run) != 3 and not _starts_lower(words[i + 1])
        elif _only_closers(words[i]):
            brk = i > sent_start and _ends_after(words[i - 1] + words[i], words, i - 1, sent_start)
        else:
            brk = _ends_after(words[i], words, i, sent_start)
        if brk:
            sent_start = i + 1
            yield sent_start


def _ends_after(token: str, words: list[str], i: int, sent_start: int) -> bool:
    """Whether the sentence ends after *token*, word *i* of *words* or its stand-in.

    *token* is not dot-only; the next word is the first after it that is not
    a closing quote or bracket.
    """
    if token in _TABLE_MARKS or (token == "!" and i == 0):  # "! Header !! Header" begins a table row
        return False
    core = _core(token)
    if not core or (core[-1] not in _TERMINAL_CHARS and not _script_stop(core)):
        return False
    nxt = words[i + 1]
    if _only_closers(nxt):
        nxt = words[i + 2]
    if core[-1] != "." or (len(core) > 1 and core[-2] in _TERMINAL_CHARS):
        # ! ? … and runs such as ?! or "...": an end unless lowercase follows.
        return not _starts_lower(nxt)
    word = core[:-1].rstrip(_CLOSERS)
    if (cut := max(word.rfind("="), word.rfind("|"))) >= 0 and cut + 1 < len(word):
        word = word[cut + 1 :]  # a template's value: "|first=J. A." (an initial, as "J. A.")
    prev = words[i - 1] if i > sent_start else ""
    lower = word.lower()
    if word in _TITLES:
        if word in _STREET_TITLES and _capitalized(prev):
            return _is_starter(nxt)
        return False
    if lower in _NEVER_FINAL:
        return False
    if lower in _TIMES:
        if (
            i - sent_start < 5
            and _capitalized(words[sent_start])
            and (_core(words[sent_start]).lower() in _FRONTING)
        ):
            return False
        return _is_starter(nxt) or _is_title(nxt)
    if len(word) == 1 and word.isalpha() and (word.isascii() or not _HAN_KANA_CHAR.match(word)):
        if (
            word == "I"
            and prev
            and not _capitalized(prev)
            and not (prev in _BULLETS or _HEADING.fullmatch(prev))
        ):
            return not _starts_lower(nxt)  # the pronoun: "you and I. Did" (not "## I. Terms")
        return _is_starter(nxt)  # an initial: "J. T. Smith", "p. 55"
    if word.isdigit() and len(word) <= 3 and word.isascii():
        after = _core(nxt)
        if after in _GERMAN_MONTHS and int(word) <= 31:
            return False
        if _core(prev).lower() in _ORDINAL_LEAD and after.lower() not in _GERMAN_STARTERS:
            return False
    if (
        lower in _AMBIGUOUS
        or word in _AMBIGUOUS_CAPITALIZED
        or word == "N°"
        or ("." in word and len(word) <= 12 and _DOTTED.fullmatch(word))
    ):
        return _is_starter(nxt)
    return not _starts_lower(nxt)


def _script_stop(core: str) -> bool:
    """Whether *core* ends in an ASCII stand-in for the terminator of the script before it."""
    ranges = _SCRIPT_STOPS.get(core[-1])
    if ranges is None:
        return False
    for c in reversed(core[:-1]):
        if c.isalpha():
            return any(lo <= ord(c) <= hi for lo, hi in ranges)
    return False


def _ends_before_ellipsis(words: list[str], dot: list[bool], i: int) -> bool:
    """Whether a word ending in a full stop, then ". . .", ends a sentence.

    "compounds. . . . The" is "compounds." then ". . . The": the spaced
    ellipsis opens the next sentence when a non-lowercase word follows it.
    """
    core = _core(words[i])
    if not core or core[-1] not in _TERMINAL_CHARS:
        return False
    j = i + 1
    total = 0
    while j < len(words) and dot[j] and total <= 3:
        total += _count_dots(words[j])
        j += 1
    return total == 3 and j < len(words) and not dot[j] and not _starts_lower(words[j])


def _list_items(words: list[str]) -> tuple[set[int], set[int]]:
    """Find list items in a line that starts with a list marker.

    Returns (tokens that start an item after the first, marker tokens).
    Markers must run on from the first (1. 2. 3. or a. b. c.), in one style.
    """
    first = 0
    bullet = ""
    if len(words) > 1 and (words[0] in _BULLETS or _HEADING.fullmatch(words[0])):
        bullet = words[0]
        first = 1
    m = _MARKER.fullmatch(words[first]) if words and len(words[first]) <= 8 else None
    if m is None or (bullet and m[1]) or (m[2] and m[4] != ")"):
        return set(), set()
    glued, paren, value, suffix = m[1], m[2], m[3], m[4]
    items: set[int] = set()
    markers = {first}
    expected = _successor(value)
    for j in range(first + 1, len(words)):
        w = words[j]
        if len(w) > 8 or w[-1] not in ".)":
            continue
        m = _MARKER.fullmatch(w)
        if m is None or (m[1], m[2], m[3], m[4]) != (glued, paren, expected, suffix):
            continue
        if bullet:
            if words[j - 1] != bullet:
                continue
            items.add(j - 1)
        else:
            items.add(j)
        markers.add(j)
        expected = _successor(expected)
    return items, markers


def _successor(value: str) -> str:
    """The list marker value after *value*: "9" -> "10", "a" -> "b"."""
    return str(int(value) + 1) if value.isdigit() else chr(ord(value) + 1)


def _core(token: str) -> str:
    """The token without leading opening and trailing closing punctuation."""
    return token.rstrip(_CLOSERS).lstrip(_OPENERS)


def _only_closers(token: str) -> bool:
    """Whether the token is only closing quotes and brackets."""
    return token[0] in _STRICT_CLOSER_CHARS and not token.strip(_STRICT_CLOSERS)


def _is_dots(token: str) -> bool:
    """Whether the token is only dots and ellipses, maybe quoted or bracketed."""
    core = _core(token)
    return bool(core) and not core.strip(_DOTS)


def _count_dots(token: str) -> int:
    """Dots in a dot-only token, counting "…" as three."""
    return token.count(".") + 3 * token.count("…")


def _starts_lower(token: str) -> bool:
    """Whether the token's first letter or digit is a lowercase letter."""
    if token[0].isalnum():
        return token[0].islower()
    for c in token:
        if c.isalnum():
            return c.islower()
    return False


def _capitalized(token: str) -> bool:
    """Whether the token, after opening punctuation, starts with a capital."""
    core = token.lstrip(_OPENERS)
    return bool(core) and core[0].isupper()


def _leading_word(token: str) -> tuple[str, str]:
    """The first run of letters of the token and the character after it."""
    s = token.lstrip(_OPENERS)[:32]
    m = _ALPHA.match(s)
    if m is None:
        return "", ""
    return m[0], s[m.end() : m.end() + 1]


def _is_starter(token: str) -> bool:
    """Whether the token is a capitalized word that often starts a sentence."""
    word, after = _leading_word(token)
    if not word or not word[0].isupper() or (len(word) == 1 and after == "."):
        return False  # an initial such as "A." is not the article "A"
    return word.lower() in _STARTERS


def _is_title(token: str) -> bool:
    """Whether the token is a title such as "Mr." that starts a name."""
    word, after = _leading_word(token)
    return after == "." and word in _TITLES


def _ascii(chars: str) -> str:
    return "".join(c for c in chars if c.isascii())


_ASCII_CLASSES = (
    _ascii(_STRICT_CLOSERS),
    _ascii(_CLOSERS),
    _ascii(_OPENERS),
    _ascii(_TERMINALS),
    _ascii("".join(sorted(_END_CHARS))),
)
"""The ASCII members of the character classes, as the compiled splitter takes them."""
_WORD_SETS = (
    _TITLES,
    _STREET_TITLES,
    _NEVER_FINAL,
    _AMBIGUOUS,
    _AMBIGUOUS_CAPITALIZED,
    _TIMES,
    _FRONTING,
    _STARTERS,
    _GERMAN_MONTHS,
    _ORDINAL_LEAD,
    _GERMAN_STARTERS,
)
"""The word lists the rules name, in the order the compiled splitter takes them."""
_compiled_ascii: Callable[[str, tuple[str, ...], tuple[frozenset[str], ...]], list[int] | None] | None = (
    compiled("ascii_sentences")
)
"""``revtrack._speedups.ascii_sentences``: :func:`_ascii_bounds` compiled (None for a line it leaves
to Python: one that begins with a list marker)."""
