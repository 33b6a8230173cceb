"""Diff Match and Patch: the diff routines the token core relies on, vendored.

Copyright 2018 The diff-match-patch Authors.
https://github.com/google/diff-match-patch

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

  http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.

Taken from the Python package ``diff-match-patch`` 20241021 (these routines are
unchanged since 20230430), file ``diff_match_patch/diff_match_patch.py``:
``diff_main``, ``diff_compute``, ``diff_bisect``, ``diff_bisectSplit``,
``diff_commonPrefix``, ``diff_commonSuffix``, ``diff_commonOverlap``,
``diff_cleanupMerge``, ``diff_cleanupSemantic``, ``diff_cleanupSemanticLossless``
and its score. Why vendored: ``revtrack/_speedups.c`` is a statement-by-statement
port of exactly these, and the pure-Python core must give the same answers on
every install; a new upstream release must not be able to change them.

Changes, all of them:
- module functions instead of methods of ``diff_match_patch``;
- specialised to the settings revtrack uses, ``Diff_Timeout = 0`` and
  ``checklines=False``: no deadline (the bisection never bails out), no line
  mode, and no half-match (upstream skips it when there is no deadline), so those
  branches are gone;
- ``DIFF_DELETE``, ``DIFF_EQUAL``, ``DIFF_INSERT`` are module constants;
- type annotations, and the formatting of this project.
"""

from __future__ import annotations

import re

DIFF_DELETE = -1
DIFF_INSERT = 1
DIFF_EQUAL = 0

Diffs = list[tuple[int, str]]


def diff_main(text1: str, text2: str) -> Diffs:
    """The differences between two texts (``diff_main(text1, text2, checklines=False)`` with no
    deadline). Simplifies the problem by stripping any common prefix or suffix first."""
    # Check for equality (speedup).
    if text1 == text2:
        if text1:
            return [(DIFF_EQUAL, text1)]
        return []

    # Trim off common prefix (speedup).
    commonlength = diff_commonPrefix(text1, text2)
    commonprefix = text1[:commonlength]
    text1 = text1[commonlength:]
    text2 = text2[commonlength:]

    # Trim off common suffix (speedup).
    commonlength = diff_commonSuffix(text1, text2)
    if commonlength == 0:
        commonsuffix = ""
    else:
        commonsuffix = text1[-commonlength:]
        text1 = text1[:-commonlength]
        text2 = text2[:-commonlength]

    # Compute the diff on the middle block.
    diffs = diff_compute(text1, text2)

    # Restore the prefix and suffix.
    if commonprefix:
        diffs[:0] = [(DIFF_EQUAL, commonprefix)]
    if commonsuffix:
        diffs.append((DIFF_EQUAL, commonsuffix))
    diff_cleanupMerge(diffs)
    return diffs


def diff_compute(text1: str, text2: str) -> Diffs:
    """The differences between two texts with no common prefix or suffix."""
    if not text1:
        # Just add some text (speedup).
        return [(DIFF_INSERT, text2)]

    if not text2:
        # Just delete some text (speedup).
        return [(DIFF_DELETE, text1)]

    if len(text1) > len(text2):
        (longtext, shorttext) = (text1, text2)
    else:
        (shorttext, longtext) = (text1, text2)
    i = longtext.find(shorttext)
    if i != -1:
        # Shorter text is inside the longer text (speedup).
        diffs = [
            (DIFF_INSERT, longtext[:i]),
            (DIFF_EQUAL, shorttext),
            (DIFF_INSERT, longtext[i + len(shorttext) :]),
        ]
        # Swap insertions for deletions if diff is reversed.
        if len(text1) > len(text2):
            diffs[0] = (DIFF_DELETE, diffs[0][1])
            diffs[2] = (DIFF_DELETE, diffs[2][1])
        return diffs

    if len(shorttext) == 1:
        # Single character string.
        # After the previous speedup, the character can't be an equality.
        return [(DIFF_DELETE, text1), (DIFF_INSERT, text2)]

    # (Upstream tries a half-match here only when it has a deadline, and a line mode only
    # with checklines: neither applies.)
    return diff_bisect(text1, text2)


def diff_bisect(text1: str, text2: str) -> Diffs:
    """Find the 'middle snake' of a diff, split the problem in two and return the recursively
    constructed diff. See Myers 1986 paper: An O(ND) Difference Algorithm and Its Variations."""
    # Cache the text lengths to prevent multiple calls.
    text1_length = len(text1)
    text2_length = len(text2)
    max_d = (text1_length + text2_length + 1) // 2
    v_offset = max_d
    v_length = 2 * max_d
    v1 = [-1] * v_length
    v1[v_offset + 1] = 0
    v2 = v1[:]
    delta = text1_length - text2_length
    # If the total number of characters is odd, then the front path will
    # collide with the reverse path.
    front = delta % 2 != 0
    # Offsets for start and end of k loop.
    # Prevents mapping of space beyond the grid.
    k1start = 0
    k1end = 0
    k2start = 0
    k2end = 0
    for d in range(max_d):
        # Walk the front path one step.
        for k1 in range(-d + k1start, d + 1 - k1end, 2):
            k1_offset = v_offset + k1
            if k1 == -d or (k1 != d and v1[k1_offset - 1] < v1[k1_offset + 1]):
                x1 = v1[k1_offset + 1]
            else:
                x1 = v1[k1_offset - 1] + 1
            y1 = x1 - k1
            while x1 < text1_length and y1 < text2_length and text1[x1] == text2[y1]:
                x1 += 1
                y1 += 1
            v1[k1_offset] = x1
            if x1 > text1_length:
                # Ran off the right of the graph.
                k1end += 2
            elif y1 > text2_length:
                # Ran off the bottom of the graph.
                k1start += 2
            elif front:
                k2_offset = v_offset + delta - k1
                if k2_offset >= 0 and k2_offset < v_length and v2[k2_offset] != -1:
                    # Mirror x2 onto top-left coordinate system.
                    x2 = text1_length - v2[k2_offset]
                    if x1 >= x2:
                        # Overlap detected.
                        return diff_bisectSplit(text1, text2, x1, y1)

        # Walk the reverse path one step.
        for k2 in range(-d + k2start, d + 1 - k2end, 2):
            k2_offset = v_offset + k2
            if k2 == -d or (k2 != d and v2[k2_offset - 1] < v2[k2_offset + 1]):
                x2 = v2[k2_offset + 1]
            else:
                x2 = v2[k2_offset - 1] + 1
            y2 = x2 - k2
            while x2 < text1_length and y2 < text2_length and text1[-x2 - 1] == text2[-y2 - 1]:
                x2 += 1
                y2 += 1
            v2[k2_offset] = x2
            if x2 > text1_length:
                # Ran off the left of the graph.
                k2end += 2
            elif y2 > text2_length:
                # Ran off the top of the graph.
                k2start += 2
            elif not front:
                k1_offset = v_offset + delta - k2
                if k1_offset >= 0 and k1_offset < v_length and v1[k1_offset] != -1:
                    x1 = v1[k1_offset]
                    y1 = v_offset + x1 - k1_offset
                    # Mirror x2 onto top-left coordinate system.
                    x2 = text1_length - x2
                    if x1 >= x2:
                        # Overlap detected.
                        return diff_bisectSplit(text1, text2, x1, y1)

    # Number of diffs equals number of characters, no commonality at all.
    return [(DIFF_DELETE, text1), (DIFF_INSERT, text2)]


def diff_bisectSplit(text1: str, text2: str, x: int, y: int) -> Diffs:
    """Given the location of the 'middle snake', split the diff in two parts and recurse."""
    text1a = text1[:x]
    text2a = text2[:y]
    text1b = text1[x:]
    text2b = text2[y:]

    # Compute both diffs serially.
    diffs = diff_main(text1a, text2a)
    diffsb = diff_main(text1b, text2b)

    return diffs + diffsb


def diff_commonPrefix(text1: str, text2: str) -> int:
    """The number of characters common to the start of each string."""
    # Quick check for common null cases.
    if not text1 or not text2 or text1[0] != text2[0]:
        return 0
    # Binary search.
    # Performance analysis: https://neil.fraser.name/news/2007/10/09/
    pointermin = 0
    pointermax = min(len(text1), len(text2))
    pointermid = pointermax
    pointerstart = 0
    while pointermin < pointermid:
        if text1[pointerstart:pointermid] == text2[pointerstart:pointermid]:
            pointermin = pointermid
            pointerstart = pointermin
        else:
            pointermax = pointermid
        pointermid = (pointermax - pointermin) // 2 + pointermin
    return pointermid


def diff_commonSuffix(text1: str, text2: str) -> int:
    """The number of characters common to the end of each string."""
    # Quick check for common null cases.
    if not text1 or not text2 or text1[-1] != text2[-1]:
        return 0
    # Binary search.
    # Performance analysis: https://neil.fraser.name/news/2007/10/09/
    pointermin = 0
    pointermax = min(len(text1), len(text2))
    pointermid = pointermax
    pointerend = 0
    while pointermin < pointermid:
        if text1[-pointermid : len(text1) - pointerend] == text2[-pointermid : len(text2) - pointerend]:
            pointermin = pointermid
            pointerend = pointermin
        else:
            pointermax = pointermid
        pointermid = (pointermax - pointermin) // 2 + pointermin
    return pointermid


def diff_commonOverlap(text1: str, text2: str) -> int:
    """The number of characters common to the end of the first string and the start of the second."""
    # Cache the text lengths to prevent multiple calls.
    text1_length = len(text1)
    text2_length = len(text2)
    # Eliminate the null case.
    if text1_length == 0 or text2_length == 0:
        return 0
    # Truncate the longer string.
    if text1_length > text2_length:
        text1 = text1[-text2_length:]
    elif text1_length < text2_length:
        text2 = text2[:text1_length]
    text_length = min(text1_length, text2_length)
    # Quick check for the worst case.
    if text1 == text2:
        return text_length

    # Start by looking for a single character match
    # and increase length until no match is found.
    # Performance analysis: https://neil.fraser.name/news/2010/11/04/
    best = 0
    length = 1
    while True:
        pattern = text1[-length:]
        found = text2.find(pattern)
        if found == -1:
            return best
        length += found
        if found == 0 or text1[-length:] == text2[:length]:
            best = length
            length += 1


def diff_cleanupSemantic(diffs: Diffs) -> None:
    """Reduce the number of edits by eliminating semantically trivial equalities (in place)."""
    changes = False
    equalities = []  # Stack of indices where equalities are found.
    lastEquality = None  # Always equal to diffs[equalities[-1]][1]
    pointer = 0  # Index of current position.
    # Number of chars that changed prior to the equality.
    length_insertions1, length_deletions1 = 0, 0
    # Number of chars that changed after the equality.
    length_insertions2, length_deletions2 = 0, 0
    while pointer < len(diffs):
        if diffs[pointer][0] == DIFF_EQUAL:  # Equality found.
            equalities.append(pointer)
            length_insertions1, length_insertions2 = length_insertions2, 0
            length_deletions1, length_deletions2 = length_deletions2, 0
            lastEquality = diffs[pointer][1]
        else:  # An insertion or deletion.
            if diffs[pointer][0] == DIFF_INSERT:
                length_insertions2 += len(diffs[pointer][1])
            else:
                length_deletions2 += len(diffs[pointer][1])
            # Eliminate an equality that is smaller or equal to the edits on both
            # sides of it.
            if (
                lastEquality
                and (len(lastEquality) <= max(length_insertions1, length_deletions1))
                and (len(lastEquality) <= max(length_insertions2, length_deletions2))
            ):
                # Duplicate record.
                diffs.insert(equalities[-1], (DIFF_DELETE, lastEquality))
                # Change second copy to insert.
                diffs[equalities[-1] + 1] = (DIFF_INSERT, diffs[equalities[-1] + 1][1])
                # Throw away the equality we just deleted.
                equalities.pop()
                # Throw away the previous equality (it needs to be reevaluated).
                if len(equalities):
                    equalities.pop()
                if len(equalities):
                    pointer = equalities[-1]
                else:
                    pointer = -1
                # Reset the counters.
                length_insertions1, length_deletions1 = 0, 0
                length_insertions2, length_deletions2 = 0, 0
                lastEquality = None
                changes = True
        pointer += 1

    # Normalize the diff.
    if changes:
        diff_cleanupMerge(diffs)
    diff_cleanupSemanticLossless(diffs)

    # Find any overlaps between deletions and insertions.
    # e.g: <del>abcxxx</del><ins>xxxdef</ins>
    #   -> <del>abc</del>xxx<ins>def</ins>
    # e.g: <del>xxxabc</del><ins>defxxx</ins>
    #   -> <ins>def</ins>xxx<del>abc</del>
    # Only extract an overlap if it is as big as the edit ahead or behind it.
    pointer = 1
    while pointer < len(diffs):
        if diffs[pointer - 1][0] == DIFF_DELETE and diffs[pointer][0] == DIFF_INSERT:
            deletion = diffs[pointer - 1][1]
            insertion = diffs[pointer][1]
            overlap_length1 = diff_commonOverlap(deletion, insertion)
            overlap_length2 = diff_commonOverlap(insertion, deletion)
            if overlap_length1 >= overlap_length2:
                if overlap_length1 >= len(deletion) / 2.0 or overlap_length1 >= len(insertion) / 2.0:
                    # Overlap found.  Insert an equality and trim the surrounding edits.
                    diffs.insert(pointer, (DIFF_EQUAL, insertion[:overlap_length1]))
                    diffs[pointer - 1] = (DIFF_DELETE, deletion[: len(deletion) - overlap_length1])
                    diffs[pointer + 1] = (DIFF_INSERT, insertion[overlap_length1:])
                    pointer += 1
            elif overlap_length2 >= len(deletion) / 2.0 or overlap_length2 >= len(insertion) / 2.0:
                # Reverse overlap found.
                # Insert an equality and swap and trim the surrounding edits.
                diffs.insert(pointer, (DIFF_EQUAL, deletion[:overlap_length2]))
                diffs[pointer - 1] = (DIFF_INSERT, insertion[: len(insertion) - overlap_length2])
                diffs[pointer + 1] = (DIFF_DELETE, deletion[overlap_length2:])
                pointer += 1
            pointer += 1
        pointer += 1


# Define some regex patterns for matching boundaries.
BLANKLINEEND = re.compile(r"\n\r?\n$")
BLANKLINESTART = re.compile(r"^\r?\n\r?\n")


def diff_cleanupSemanticScore(one: str, two: str) -> int:
    """A score for whether the boundary between two strings falls on a logical boundary:
    from 6 (best) to 0 (worst)."""
    if not one or not two:
        # Edges are the best.
        return 6

    # Each port of this function behaves slightly differently due to
    # subtle differences in each language's definition of things like
    # 'whitespace'.  Since this function's purpose is largely cosmetic,
    # the choice has been made to use each language's native features
    # rather than force total conformity.
    char1 = one[-1]
    char2 = two[0]
    nonAlphaNumeric1 = not char1.isalnum()
    nonAlphaNumeric2 = not char2.isalnum()
    whitespace1 = nonAlphaNumeric1 and char1.isspace()
    whitespace2 = nonAlphaNumeric2 and char2.isspace()
    lineBreak1 = whitespace1 and (char1 == "\r" or char1 == "\n")
    lineBreak2 = whitespace2 and (char2 == "\r" or char2 == "\n")
    blankLine1 = lineBreak1 and BLANKLINEEND.search(one)
    blankLine2 = lineBreak2 and BLANKLINESTART.match(two)

    if blankLine1 or blankLine2:
        # Five points for blank lines.
        return 5
    elif lineBreak1 or lineBreak2:
        # Four points for line breaks.
        return 4
    elif nonAlphaNumeric1 and not whitespace1 and whitespace2:
        # Three points for end of sentences.
        return 3
    elif whitespace1 or whitespace2:
        # Two points for whitespace.
        return 2
    elif nonAlphaNumeric1 or nonAlphaNumeric2:
        # One point for non-alphanumeric.
        return 1
    return 0


def diff_cleanupSemanticLossless(diffs: Diffs) -> None:
    """Single edits surrounded on both sides by equalities shifted sideways to align the edit
    to a word boundary (in place). e.g: The c<ins>at c</ins>ame. -> The <ins>cat </ins>came."""
    pointer = 1
    # Intentionally ignore the first and last element (don't need checking).
    while pointer < len(diffs) - 1:
        if diffs[pointer - 1][0] == DIFF_EQUAL and diffs[pointer + 1][0] == DIFF_EQUAL:
            # This is a single edit surrounded by equalities.
            equality1 = diffs[pointer - 1][1]
            edit = diffs[pointer][1]
            equality2 = diffs[pointer + 1][1]

            # First, shift the edit as far left as possible.
            commonOffset = diff_commonSuffix(equality1, edit)
            if commonOffset:
                commonString = edit[-commonOffset:]
                equality1 = equality1[:-commonOffset]
                edit = commonString + edit[:-commonOffset]
                equality2 = commonString + equality2

            # Second, step character by character right, looking for the best fit.
            bestEquality1 = equality1
            bestEdit = edit
            bestEquality2 = equality2
            bestScore = diff_cleanupSemanticScore(equality1, edit) + diff_cleanupSemanticScore(
                edit, equality2
            )
            while edit and equality2 and edit[0] == equality2[0]:
                equality1 += edit[0]
                edit = edit[1:] + equality2[0]
                equality2 = equality2[1:]
                score = diff_cleanupSemanticScore(equality1, edit) + diff_cleanupSemanticScore(
                    edit, equality2
                )
                # The >= encourages trailing rather than leading whitespace on edits.
                if score >= bestScore:
                    bestScore = score
                    bestEquality1 = equality1
                    bestEdit = edit
                    bestEquality2 = equality2

            if diffs[pointer - 1][1] != bestEquality1:
                # We have an improvement, save it back to the diff.
                if bestEquality1:
                    diffs[pointer - 1] = (diffs[pointer - 1][0], bestEquality1)
                else:
                    del diffs[pointer - 1]
                    pointer -= 1
                diffs[pointer] = (diffs[pointer][0], bestEdit)
                if bestEquality2:
                    diffs[pointer + 1] = (diffs[pointer + 1][0], bestEquality2)
                else:
                    del diffs[pointer + 1]
                    pointer -= 1
        pointer += 1


def diff_cleanupMerge(diffs: Diffs) -> None:
    """Reorder and merge like edit sections, merge equalities (in place). Any edit section can
    move as long as it doesn't cross an equality."""
    diffs.append((DIFF_EQUAL, ""))  # Add a dummy entry at the end.
    pointer = 0
    count_delete = 0
    count_insert = 0
    text_delete = ""
    text_insert = ""
    while pointer < len(diffs):
        if diffs[pointer][0] == DIFF_INSERT:
            count_insert += 1
            text_insert += diffs[pointer][1]
            pointer += 1
        elif diffs[pointer][0] == DIFF_DELETE:
            count_delete += 1
            text_delete += diffs[pointer][1]
            pointer += 1
        elif diffs[pointer][0] == DIFF_EQUAL:
            # Upon reaching an equality, check for prior redundancies.
            if count_delete + count_insert > 1:
                if count_delete != 0 and count_insert != 0:
                    # Factor out any common prefixies.
                    commonlength = diff_commonPrefix(text_insert, text_delete)
                    if commonlength != 0:
                        x = pointer - count_delete - count_insert - 1
                        if x >= 0 and diffs[x][0] == DIFF_EQUAL:
                            diffs[x] = (diffs[x][0], diffs[x][1] + text_insert[:commonlength])
                        else:
                            diffs.insert(0, (DIFF_EQUAL, text_insert[:commonlength]))
                            pointer += 1
                        text_insert = text_insert[commonlength:]
                        text_delete = text_delete[commonlength:]
                    # Factor out any common suffixies.
                    commonlength = diff_commonSuffix(text_insert, text_delete)
                    if commonlength != 0:
                        diffs[pointer] = (diffs[pointer][0], text_insert[-commonlength:] + diffs[pointer][1])
                        text_insert = text_insert[:-commonlength]
                        text_delete = text_delete[:-commonlength]
                # Delete the offending records and add the merged ones.
                new_ops = []
                if len(text_delete) != 0:
                    new_ops.append((DIFF_DELETE, text_delete))
                if len(text_insert) != 0:
                    new_ops.append((DIFF_INSERT, text_insert))
                pointer -= count_delete + count_insert
                diffs[pointer : pointer + count_delete + count_insert] = new_ops
                pointer += len(new_ops) + 1
            elif pointer != 0 and diffs[pointer - 1][0] == DIFF_EQUAL:
                # Merge this equality with the previous one.
                diffs[pointer - 1] = (diffs[pointer - 1][0], diffs[pointer - 1][1] + diffs[pointer][1])
                del diffs[pointer]
            else:
                pointer += 1

            count_insert = 0
            count_delete = 0
            text_delete = ""
            text_insert = ""

    if diffs[-1][1] == "":
        diffs.pop()  # Remove the dummy entry at the end.

    # Second pass: look for single edits surrounded on both sides by equalities
    # which can be shifted sideways to eliminate an equality.
    # e.g: A<ins>BA</ins>C -> <ins>AB</ins>AC
    changes = False
    pointer = 1
    # Intentionally ignore the first and last element (don't need checking).
    while pointer < len(diffs) - 1:
        if diffs[pointer - 1][0] == DIFF_EQUAL and diffs[pointer + 1][0] == DIFF_EQUAL:
            # This is a single edit surrounded by equalities.
            if diffs[pointer][1].endswith(diffs[pointer - 1][1]):
                # Shift the edit over the previous equality.
                if diffs[pointer - 1][1] != "":
                    diffs[pointer] = (
                        diffs[pointer][0],
                        diffs[pointer - 1][1] + diffs[pointer][1][: -len(diffs[pointer - 1][1])],
                    )
                    diffs[pointer + 1] = (
                        diffs[pointer + 1][0],
                        diffs[pointer - 1][1] + diffs[pointer + 1][1],
                    )
                del diffs[pointer - 1]
                changes = True
            elif diffs[pointer][1].startswith(diffs[pointer + 1][1]):
                # Shift the edit over the next equality.
                diffs[pointer - 1] = (diffs[pointer - 1][0], diffs[pointer - 1][1] + diffs[pointer + 1][1])
                diffs[pointer] = (
                    diffs[pointer][0],
                    diffs[pointer][1][len(diffs[pointer + 1][1]) :] + diffs[pointer + 1][1],
                )
                del diffs[pointer + 1]
                changes = True
        pointer += 1

    # If shifts were made, the diff needs reordering and another shift sweep.
    if changes:
        diff_cleanupMerge(diffs)
