/* revtrack._speedups: the word diff's core, compiled.
 *
 * core() computes exactly what revtrack.diff._core._core_py computes --
 * the same runs for every input, on every machine -- only faster: units mapped
 * to integer codes, the anchored split (patience/histogram style), and
 * diff-match-patch's diff_main (no deadline), cleanupMerge and cleanupSemantic,
 * ported statement by statement from its Python implementation so that each
 * step makes the same choice. Codes are compared only for equality, and
 * diff-match-patch's semantic score sees every code as the same kind of
 * character (not a letter, digit or space), so integers stand in for the
 * private-use characters the Python version uses.
 *
 * tests/test_speedups.py checks, with hypothesis, that both give the same runs.
 * When this module cannot be built, revtrack uses the Python version: slower,
 * never different.
 *
 * prefix() and suffix() say how many characters two str begin or end with alike, reading them
 * where they lie (revtrack.diff._core._prefix_length and _suffix_length slice and bisect).
 *
 * The text level of the word diff (revtrack.diff._lines), where a long text's changed lines are
 * diffed one by one, each step with its Python twin: lines() cuts a text into lines (_LINE),
 * in_place() pairs changed lines in place (_in_place_py), words() diffs two lines' units and writes
 * the edits (_word_pieces_py), changed_in_place() does both for a stretch of lines in one call
 * (_changed_in_place_py), merge() joins the pieces into Edit objects (_merge_py); and
 * patch_lines() writes a patch's lines (revtrack.patch._patch_lines_py).
 *
 * probe() counts, through an inverted index (postings()), how many items a sentence's counted word
 * set shares with each indexed set (revtrack.provenance._candidates._overlaps_py is its Python
 * twin): the exact overlap of every pair, at the cost of reading the probe's postings.
 *
 * Attribution's steps per sentence, each with its Python twin: ascii_tokens() (revtrack.text's
 * tokens of ASCII text), ascii_sentences() (revtrack.sentences._ascii_bounds), words_of()
 * (revtrack.provenance._model._words_of_py), ascii_runs() (_model._runs_py), and token_runs()
 * (the token diff of a sentence's words: revtrack.diff._lines._diff_runs_py).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef int32_t code_t;
typedef Py_ssize_t ssize;

enum { DEL = -1, EQ = 0, INS = 1 };

/* The constants of the core, given by the caller on every call (revtrack.diff._core._Limits):
 * defined once, in Python, so that the two cores cannot drift apart. */
typedef struct {
    ssize capacity;   /* _CAPACITY: past this many distinct units, no answer (None) */
    ssize small;      /* _SMALL: stretches up to this many units go to diff_main directly */
    ssize huge;       /* _HUGE: an anchorless stretch whose sides multiply past this is replaced whole */
    ssize rarest;     /* _RAREST: codes more frequent than this are not anchors */
    ssize work;       /* _WORK, _WORK_FLOOR: the anchored split's budget, in units read */
    ssize work_floor;
    ssize shared;     /* _SHARED, _PART: a change the semantic cleanup made keeps the runs its sides */
    ssize part;       /* share of at least `shared` units, when they are at least 1/part of its shorter side */
} Limits;

/* --- strings of codes ---------------------------------------------------- */

typedef struct {
    code_t *p; /* owned; NULL when n == 0 */
    ssize n;
} Str;

static int str_make(Str *out, const code_t *a, ssize na, const code_t *b, ssize nb) {
    ssize n = na + nb;
    out->n = n;
    out->p = NULL;
    if (n == 0) return 0;
    out->p = (code_t *)PyMem_Malloc((size_t)n * sizeof(code_t));
    if (!out->p) {
        PyErr_NoMemory();
        return -1;
    }
    if (na) memcpy(out->p, a, (size_t)na * sizeof(code_t));
    if (nb) memcpy(out->p + na, b, (size_t)nb * sizeof(code_t));
    return 0;
}

static void str_free(Str *s) {
    PyMem_Free(s->p);
    s->p = NULL;
    s->n = 0;
}

static int eq_codes(const code_t *a, const code_t *b, ssize n) {
    return n == 0 || memcmp(a, b, (size_t)n * sizeof(code_t)) == 0;
}

static ssize common_prefix(const code_t *a, ssize na, const code_t *b, ssize nb) {
    ssize n = na < nb ? na : nb, k = 0;
    while (k < n && a[k] == b[k]) k++;
    return k;
}

static ssize common_suffix(const code_t *a, ssize na, const code_t *b, ssize nb) {
    ssize n = na < nb ? na : nb, k = 0;
    while (k < n && a[na - 1 - k] == b[nb - 1 - k]) k++;
    return k;
}

/* First index of needle in hay, as str.find (0 for an empty needle), or -1. */
static ssize find_codes(const code_t *hay, ssize nh, const code_t *needle, ssize nn) {
    if (nn == 0) return 0;
    for (ssize i = 0; i + nn <= nh; i++) {
        if (hay[i] == needle[0] && eq_codes(hay + i, needle, nn)) return i;
    }
    return -1;
}

/* The array `v` (of `*cap` items of `size` bytes) grown to hold `need` > *cap items, doubling from
 * `first`: the new array, *cap updated; or NULL with MemoryError set, `v` left as it was. */
static void *grow(void *v, ssize *cap, ssize need, size_t size, ssize first) {
    ssize c = *cap ? *cap : first;
    while (c < need) c *= 2;
    void *p = PyMem_Realloc(v, (size_t)c * size);
    if (!p) {
        PyErr_NoMemory();
        return NULL;
    }
    *cap = c;
    return p;
}

/* --- lists of diffs ------------------------------------------------------ */

typedef struct {
    int op;
    Str s;
} Diff;

typedef struct {
    Diff *v;
    ssize n, cap;
} Diffs;

static void diffs_free(Diffs *d) {
    for (ssize k = 0; k < d->n; k++) str_free(&d->v[k].s);
    PyMem_Free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}

static int diffs_reserve(Diffs *d, ssize extra) {
    if (d->n + extra <= d->cap) return 0;
    Diff *v = (Diff *)grow(d->v, &d->cap, d->n + extra, sizeof(Diff), 8);
    if (!v) return -1;
    d->v = v;
    return 0;
}

/* Insert (op, a + b) at index k (a copy is made). */
static int diffs_insert(Diffs *d, ssize k, int op, const code_t *a, ssize na, const code_t *b, ssize nb) {
    Str s;
    if (diffs_reserve(d, 1) < 0) return -1;
    if (str_make(&s, a, na, b, nb) < 0) return -1;
    memmove(d->v + k + 1, d->v + k, (size_t)(d->n - k) * sizeof(Diff));
    d->v[k].op = op;
    d->v[k].s = s;
    d->n++;
    return 0;
}

static int diffs_append(Diffs *d, int op, const code_t *a, ssize na) {
    return diffs_insert(d, d->n, op, a, na, NULL, 0);
}

/* Move every diff of src to the end of dst; src is left empty. */
static int diffs_extend(Diffs *dst, Diffs *src) {
    if (diffs_reserve(dst, src->n) < 0) return -1;
    memcpy(dst->v + dst->n, src->v, (size_t)src->n * sizeof(Diff));
    dst->n += src->n;
    PyMem_Free(src->v);
    src->v = NULL;
    src->n = src->cap = 0;
    return 0;
}

static void diffs_delete(Diffs *d, ssize k) {
    str_free(&d->v[k].s);
    memmove(d->v + k, d->v + k + 1, (size_t)(d->n - k - 1) * sizeof(Diff));
    d->n--;
}

/* diffs[k] = (op, a + b); the old text is freed after the new one is made (a or b may point into it). */
static int diffs_set(Diffs *d, ssize k, int op, const code_t *a, ssize na, const code_t *b, ssize nb) {
    Str s;
    if (str_make(&s, a, na, b, nb) < 0) return -1;
    str_free(&d->v[k].s);
    d->v[k].op = op;
    d->v[k].s = s;
    return 0;
}

/* --- diff-match-patch, ported from its Python version ---------------------- */

static int dmp_main(const code_t *t1, ssize n1, const code_t *t2, ssize n2, Diffs *out);
static int dmp_cleanup_merge(Diffs *diffs);

static int dmp_bisect_split(const code_t *t1, ssize n1, const code_t *t2, ssize n2, ssize x, ssize y,
                            Diffs *out) {
    Diffs b = {0};
    if (dmp_main(t1, x, t2, y, out) < 0) return -1;
    if (dmp_main(t1 + x, n1 - x, t2 + y, n2 - y, &b) < 0) {
        diffs_free(&b);
        return -1;
    }
    return diffs_extend(out, &b);
}

static int dmp_bisect(const code_t *t1, ssize n1, const code_t *t2, ssize n2, Diffs *out) {
    ssize max_d = (n1 + n2 + 1) / 2;
    ssize v_offset = max_d, v_length = 2 * max_d;
    ssize *v1 = (ssize *)PyMem_Malloc((size_t)v_length * 2 * sizeof(ssize));
    if (!v1) {
        PyErr_NoMemory();
        return -1;
    }
    ssize *v2 = v1 + v_length;
    for (ssize k = 0; k < v_length; k++) v1[k] = v2[k] = -1;
    v1[v_offset + 1] = 0;
    v2[v_offset + 1] = 0;
    ssize delta = n1 - n2;
    int front = (delta % 2 != 0);
    ssize k1start = 0, k1end = 0, k2start = 0, k2end = 0;
    for (ssize d = 0; d < max_d; d++) {
        for (ssize k1 = -d + k1start; k1 < d + 1 - k1end; k1 += 2) {
            ssize k1_offset = v_offset + k1, x1;
            if (k1 == -d || (k1 != d && v1[k1_offset - 1] < v1[k1_offset + 1]))
                x1 = v1[k1_offset + 1];
            else
                x1 = v1[k1_offset - 1] + 1;
            ssize y1 = x1 - k1;
            while (x1 < n1 && y1 < n2 && t1[x1] == t2[y1]) {
                x1++;
                y1++;
            }
            v1[k1_offset] = x1;
            if (x1 > n1) {
                k1end += 2;
            } else if (y1 > n2) {
                k1start += 2;
            } else if (front) {
                ssize k2_offset = v_offset + delta - k1;
                if (k2_offset >= 0 && k2_offset < v_length && v2[k2_offset] != -1) {
                    ssize x2 = n1 - v2[k2_offset];
                    if (x1 >= x2) {
                        PyMem_Free(v1);
                        return dmp_bisect_split(t1, n1, t2, n2, x1, y1, out);
                    }
                }
            }
        }
        for (ssize k2 = -d + k2start; k2 < d + 1 - k2end; k2 += 2) {
            ssize k2_offset = v_offset + k2, x2;
            if (k2 == -d || (k2 != d && v2[k2_offset - 1] < v2[k2_offset + 1]))
                x2 = v2[k2_offset + 1];
            else
                x2 = v2[k2_offset - 1] + 1;
            ssize y2 = x2 - k2;
            while (x2 < n1 && y2 < n2 && t1[n1 - x2 - 1] == t2[n2 - y2 - 1]) {
                x2++;
                y2++;
            }
            v2[k2_offset] = x2;
            if (x2 > n1) {
                k2end += 2;
            } else if (y2 > n2) {
                k2start += 2;
            } else if (!front) {
                ssize k1_offset = v_offset + delta - k2;
                if (k1_offset >= 0 && k1_offset < v_length && v1[k1_offset] != -1) {
                    ssize x1 = v1[k1_offset];
                    ssize y1 = v_offset + x1 - k1_offset;
                    x2 = n1 - x2;
                    if (x1 >= x2) {
                        PyMem_Free(v1);
                        return dmp_bisect_split(t1, n1, t2, n2, x1, y1, out);
                    }
                }
            }
        }
    }
    PyMem_Free(v1);
    if (diffs_append(out, DEL, t1, n1) < 0) return -1;
    return diffs_append(out, INS, t2, n2);
}

/* diff_compute, for texts with no common prefix or suffix; no half-match (there is no deadline). */
static int dmp_compute(const code_t *t1, ssize n1, const code_t *t2, ssize n2, Diffs *out) {
    if (n1 == 0) return diffs_append(out, INS, t2, n2);
    if (n2 == 0) return diffs_append(out, DEL, t1, n1);
    int reversed = n1 > n2;
    const code_t *lp = reversed ? t1 : t2, *sp = reversed ? t2 : t1;
    ssize ln = reversed ? n1 : n2, sn = reversed ? n2 : n1;
    ssize i = find_codes(lp, ln, sp, sn);
    if (i != -1) {
        int op = reversed ? DEL : INS;
        if (diffs_append(out, op, lp, i) < 0) return -1;
        if (diffs_append(out, EQ, sp, sn) < 0) return -1;
        return diffs_append(out, op, lp + i + sn, ln - i - sn);
    }
    if (sn == 1) {
        if (diffs_append(out, DEL, t1, n1) < 0) return -1;
        return diffs_append(out, INS, t2, n2);
    }
    return dmp_bisect(t1, n1, t2, n2, out);
}

/* diff_main(text1, text2, checklines=False) with Diff_Timeout = 0; appends to out. */
static int dmp_main(const code_t *t1, ssize n1, const code_t *t2, ssize n2, Diffs *out) {
    Diffs d = {0};
    if (n1 == n2 && eq_codes(t1, t2, n1)) {
        return n1 ? diffs_append(out, EQ, t1, n1) : 0;
    }
    ssize p = common_prefix(t1, n1, t2, n2);
    const code_t *prefix = t1;
    t1 += p;
    t2 += p;
    n1 -= p;
    n2 -= p;
    ssize s = common_suffix(t1, n1, t2, n2);
    const code_t *suffix = t1 + n1 - s;
    n1 -= s;
    n2 -= s;
    if (p && diffs_append(&d, EQ, prefix, p) < 0) goto fail;
    if (dmp_compute(t1, n1, t2, n2, &d) < 0) goto fail;
    if (s && diffs_append(&d, EQ, suffix, s) < 0) goto fail;
    if (dmp_cleanup_merge(&d) < 0) goto fail;
    return diffs_extend(out, &d);
fail:
    diffs_free(&d);
    return -1;
}

/* A growing string of codes (text_insert / text_delete in cleanupMerge). */
typedef struct {
    code_t *p;
    ssize n, cap, start; /* the text is p[start:n] */
} Buf;

static int buf_add(Buf *b, const code_t *a, ssize n) {
    if (b->n + n > b->cap) {
        code_t *p = (code_t *)grow(b->p, &b->cap, b->n + n, sizeof(code_t), 16);
        if (!p) return -1;
        b->p = p;
    }
    if (n) memcpy(b->p + b->n, a, (size_t)n * sizeof(code_t));
    b->n += n;
    return 0;
}

static int dmp_cleanup_merge(Diffs *diffs) {
    Buf ti = {0}, td = {0};
    if (diffs_append(diffs, EQ, NULL, 0) < 0) return -1; /* a dummy entry at the end */
    ssize pointer = 0, count_delete = 0, count_insert = 0;
    while (pointer < diffs->n) {
        Diff *cur = &diffs->v[pointer];
        if (cur->op == INS) {
            count_insert++;
            if (buf_add(&ti, cur->s.p, cur->s.n) < 0) goto fail;
            pointer++;
        } else if (cur->op == DEL) {
            count_delete++;
            if (buf_add(&td, cur->s.p, cur->s.n) < 0) goto fail;
            pointer++;
        } else {
            if (count_delete + count_insert > 1) {
                if (count_delete != 0 && count_insert != 0) {
                    ssize cl = common_prefix(ti.p + ti.start, ti.n - ti.start, td.p + td.start, td.n - td.start);
                    if (cl != 0) {
                        ssize x = pointer - count_delete - count_insert - 1;
                        if (x >= 0 && diffs->v[x].op == EQ) {
                            Diff *e = &diffs->v[x];
                            if (diffs_set(diffs, x, EQ, e->s.p, e->s.n, ti.p + ti.start, cl) < 0) goto fail;
                        } else {
                            if (diffs_insert(diffs, 0, EQ, ti.p + ti.start, cl, NULL, 0) < 0) goto fail;
                            pointer++;
                        }
                        ti.start += cl;
                        td.start += cl;
                    }
                    cl = common_suffix(ti.p + ti.start, ti.n - ti.start, td.p + td.start, td.n - td.start);
                    if (cl != 0) {
                        Diff *e = &diffs->v[pointer];
                        if (diffs_set(diffs, pointer, e->op, ti.p + ti.n - cl, cl, e->s.p, e->s.n) < 0) goto fail;
                        ti.n -= cl;
                        td.n -= cl;
                    }
                }
                /* Replace the run of edits with at most one removal and one insertion. */
                ssize first = pointer - count_delete - count_insert;
                ssize nd = td.n - td.start, ni = ti.n - ti.start;
                ssize new_ops = (nd != 0) + (ni != 0);
                for (ssize k = first; k < pointer; k++) str_free(&diffs->v[k].s);
                memmove(diffs->v + first + new_ops, diffs->v + pointer,
                        (size_t)(diffs->n - pointer) * sizeof(Diff));
                diffs->n += new_ops - (pointer - first);
                ssize at = first;
                if (nd != 0) {
                    diffs->v[at].op = DEL;
                    if (str_make(&diffs->v[at].s, td.p + td.start, nd, NULL, 0) < 0) {
                        diffs->v[at].s.p = NULL; /* keep the list freeable */
                        diffs->v[at].s.n = 0;
                        if (ni != 0) {
                            diffs->v[at + 1].s.p = NULL;
                            diffs->v[at + 1].s.n = 0;
                        }
                        goto fail;
                    }
                    at++;
                }
                if (ni != 0) {
                    diffs->v[at].op = INS;
                    if (str_make(&diffs->v[at].s, ti.p + ti.start, ni, NULL, 0) < 0) {
                        diffs->v[at].s.p = NULL;
                        diffs->v[at].s.n = 0;
                        goto fail;
                    }
                }
                pointer = first + new_ops + 1;
            } else if (pointer != 0 && diffs->v[pointer - 1].op == EQ) {
                Diff *prev = &diffs->v[pointer - 1];
                if (diffs_set(diffs, pointer - 1, EQ, prev->s.p, prev->s.n, cur->s.p, cur->s.n) < 0) goto fail;
                diffs_delete(diffs, pointer);
            } else {
                pointer++;
            }
            count_insert = count_delete = 0;
            ti.n = ti.start = 0;
            td.n = td.start = 0;
        }
    }
    if (diffs->v[diffs->n - 1].s.n == 0) diffs_delete(diffs, diffs->n - 1);
    PyMem_Free(ti.p);
    PyMem_Free(td.p);
    ti.p = td.p = NULL;

    /* Second pass: single edits between equalities shifted sideways to eliminate an equality. */
    int changes = 0;
    pointer = 1;
    while (pointer < diffs->n - 1) {
        Diff *prev = &diffs->v[pointer - 1], *cur = &diffs->v[pointer], *next = &diffs->v[pointer + 1];
        if (prev->op == EQ && next->op == EQ) {
            if (cur->s.n >= prev->s.n && eq_codes(cur->s.p + cur->s.n - prev->s.n, prev->s.p, prev->s.n)) {
                if (prev->s.n != 0) {
                    if (diffs_set(diffs, pointer, cur->op, prev->s.p, prev->s.n, cur->s.p, cur->s.n - prev->s.n) < 0)
                        return -1;
                    if (diffs_set(diffs, pointer + 1, next->op, prev->s.p, prev->s.n, next->s.p, next->s.n) < 0)
                        return -1;
                }
                diffs_delete(diffs, pointer - 1);
                changes = 1;
            } else if (cur->s.n >= next->s.n && eq_codes(cur->s.p, next->s.p, next->s.n)) {
                if (diffs_set(diffs, pointer - 1, prev->op, prev->s.p, prev->s.n, next->s.p, next->s.n) < 0)
                    return -1;
                if (diffs_set(diffs, pointer, cur->op, cur->s.p + next->s.n, cur->s.n - next->s.n, next->s.p,
                              next->s.n) < 0)
                    return -1;
                diffs_delete(diffs, pointer + 1);
                changes = 1;
            }
        }
        pointer++;
    }
    if (changes) return dmp_cleanup_merge(diffs);
    return 0;
fail:
    PyMem_Free(ti.p);
    PyMem_Free(td.p);
    return -1;
}

/* diff_cleanupSemanticScore for code characters: every code is "non-alphanumeric", so 6 at an
 * end of the text and 1 anywhere else. */
static int semantic_score(ssize one, ssize two) { return (one == 0 || two == 0) ? 6 : 1; }

static int dmp_cleanup_semantic_lossless(Diffs *diffs) {
    ssize pointer = 1;
    while (pointer < diffs->n - 1) {
        Diff *prev = &diffs->v[pointer - 1], *cur = &diffs->v[pointer], *next = &diffs->v[pointer + 1];
        if (prev->op == EQ && next->op == EQ) {
            /* equality1 + edit + equality2 stay the same text while the edit slides (it moves only past
             * codes equal to the ones it leaves), so the edit is a window [a, a + m) over that text. */
            ssize n1 = prev->s.n, m = cur->s.n, n2 = next->s.n, total = n1 + m + n2;
            ssize offset = common_suffix(prev->s.p, n1, cur->s.p, m);
            code_t *y = (code_t *)PyMem_Malloc((size_t)(total ? total : 1) * sizeof(code_t));
            if (!y) {
                PyErr_NoMemory();
                return -1;
            }
            if (n1) memcpy(y, prev->s.p, (size_t)n1 * sizeof(code_t));
            if (m) memcpy(y + n1, cur->s.p, (size_t)m * sizeof(code_t));
            if (n2) memcpy(y + n1 + m, next->s.p, (size_t)n2 * sizeof(code_t));
            ssize a = n1 - offset;
            ssize best = a;
            int best_score = semantic_score(a, m) + semantic_score(m, total - a - m);
            while (m && a + m < total && y[a] == y[a + m]) {
                a++;
                int score = semantic_score(a, m) + semantic_score(m, total - a - m);
                if (score >= best_score) {
                    best_score = score;
                    best = a;
                }
            }
            if (best != n1) {
                int prev_op = prev->op, cur_op = cur->op, next_op = next->op;
                int rc = 0;
                if (best) {
                    rc = diffs_set(diffs, pointer - 1, prev_op, y, best, NULL, 0);
                } else {
                    diffs_delete(diffs, pointer - 1);
                    pointer--;
                }
                if (rc == 0) rc = diffs_set(diffs, pointer, cur_op, y + best, m, NULL, 0);
                if (rc == 0) {
                    if (total - best - m) {
                        rc = diffs_set(diffs, pointer + 1, next_op, y + best + m, total - best - m, NULL, 0);
                    } else {
                        diffs_delete(diffs, pointer + 1);
                        pointer--;
                    }
                }
                if (rc < 0) {
                    PyMem_Free(y);
                    return -1;
                }
            }
            PyMem_Free(y);
        }
        pointer++;
    }
    return 0;
}

/* diff_commonOverlap: the longest suffix of t1 that is a prefix of t2, by the same steps. */
static ssize common_overlap(const code_t *t1, ssize n1, const code_t *t2, ssize n2) {
    if (n1 == 0 || n2 == 0) return 0;
    if (n1 > n2) {
        t1 += n1 - n2;
        n1 = n2;
    } else if (n1 < n2) {
        n2 = n1;
    }
    ssize tl = n1;
    if (eq_codes(t1, t2, tl)) return tl;
    ssize best = 0, length = 1;
    for (;;) {
        ssize k = length < tl ? length : tl;
        ssize found = find_codes(t2, n2, t1 + tl - k, k);
        if (found == -1) return best;
        length += found;
        k = length < tl ? length : tl;
        if (found == 0 || eq_codes(t1 + tl - k, t2, k)) {
            best = length;
            length++;
        }
    }
}

static int dmp_cleanup_semantic(Diffs *diffs) {
    int changes = 0;
    ssize *equalities = (ssize *)PyMem_Malloc((size_t)(diffs->n + 1) * sizeof(ssize));
    if (!equalities) {
        PyErr_NoMemory();
        return -1;
    }
    ssize neq = 0;
    int has_last = 0;    /* lastEquality is not None and not empty */
    ssize last_len = 0;  /* len(lastEquality) */
    ssize pointer = 0;
    ssize ins1 = 0, del1 = 0, ins2 = 0, del2 = 0;
    while (pointer < diffs->n) {
        Diff *cur = &diffs->v[pointer];
        if (cur->op == EQ) {
            equalities[neq++] = pointer;
            ins1 = ins2;
            ins2 = 0;
            del1 = del2;
            del2 = 0;
            has_last = cur->s.n != 0;
            last_len = cur->s.n;
        } else {
            if (cur->op == INS)
                ins2 += cur->s.n;
            else
                del2 += cur->s.n;
            if (has_last && last_len <= (ins1 > del1 ? ins1 : del1) && last_len <= (ins2 > del2 ? ins2 : del2)) {
                ssize e = equalities[neq - 1];
                Diff *eqd = &diffs->v[e];
                if (diffs_insert(diffs, e, DEL, eqd->s.p, eqd->s.n, NULL, 0) < 0) goto fail;
                diffs->v[e + 1].op = INS;
                neq--;
                if (neq) neq--;
                pointer = neq ? equalities[neq - 1] : -1;
                ins1 = del1 = ins2 = del2 = 0;
                has_last = 0;
                changes = 1;
            }
        }
        pointer++;
    }
    PyMem_Free(equalities);
    equalities = NULL;

    if (changes && dmp_cleanup_merge(diffs) < 0) return -1;
    if (dmp_cleanup_semantic_lossless(diffs) < 0) return -1;

    /* Overlaps between a removal and the insertion after it. */
    pointer = 1;
    while (pointer < diffs->n) {
        if (diffs->v[pointer - 1].op == DEL && diffs->v[pointer].op == INS) {
            Str deletion = diffs->v[pointer - 1].s, insertion = diffs->v[pointer].s;
            ssize o1 = common_overlap(deletion.p, deletion.n, insertion.p, insertion.n);
            ssize o2 = common_overlap(insertion.p, insertion.n, deletion.p, deletion.n);
            if (o1 >= o2) {
                if (2 * o1 >= deletion.n || 2 * o1 >= insertion.n) {
                    /* The slots are rewritten in place; the old texts are freed only at the end. */
                    if (diffs_insert(diffs, pointer, EQ, insertion.p, o1, NULL, 0) < 0) return -1;
                    Str a, b;
                    if (str_make(&a, deletion.p, deletion.n - o1, NULL, 0) < 0) return -1;
                    if (str_make(&b, insertion.p + o1, insertion.n - o1, NULL, 0) < 0) {
                        str_free(&a);
                        return -1;
                    }
                    diffs->v[pointer - 1].s = a;
                    diffs->v[pointer + 1].s = b;
                    str_free(&deletion);
                    str_free(&insertion);
                    pointer++;
                }
            } else {
                if (2 * o2 >= deletion.n || 2 * o2 >= insertion.n) {
                    if (diffs_insert(diffs, pointer, EQ, deletion.p, o2, NULL, 0) < 0) return -1;
                    Str a, b;
                    if (str_make(&a, insertion.p, insertion.n - o2, NULL, 0) < 0) return -1;
                    if (str_make(&b, deletion.p + o2, deletion.n - o2, NULL, 0) < 0) {
                        str_free(&a);
                        return -1;
                    }
                    diffs->v[pointer - 1].op = INS;
                    diffs->v[pointer - 1].s = a;
                    diffs->v[pointer + 1].op = DEL;
                    diffs->v[pointer + 1].s = b;
                    str_free(&deletion);
                    str_free(&insertion);
                    pointer++;
                }
            }
            pointer++;
        }
        pointer++;
    }
    return 0;
fail:
    PyMem_Free(equalities);
    return -1;
}

/* --- the anchored split (revtrack.diff._core._anchored and friends) -------------- */

typedef struct {
    ssize *count_a, *count_b; /* per code, zero between uses */
    ssize *where;             /* per code: a position in b, or the start of its positions */
    ssize *seen;              /* per code */
    unsigned *stamp;          /* per code: marks for set(ea).isdisjoint(eb) */
    unsigned generation;
    ssize size;        /* how many codes */
    const Limits *lim; /* the caller's constants */
} Scratch;

static int disjoint(Scratch *w, const code_t *a, ssize na, const code_t *b, ssize nb) {
    unsigned g = ++w->generation;
    if (g == 0) { /* wrapped around: old marks could pass for new ones */
        memset(w->stamp, 0, (size_t)w->size * sizeof(unsigned));
        g = ++w->generation;
    }
    for (ssize i = 0; i < na; i++) w->stamp[a[i]] = g;
    for (ssize j = 0; j < nb; j++)
        if (w->stamp[b[j]] == g) return 0;
    return 1;
}

typedef struct {
    ssize i, j;
} Pair;

/* revtrack.diff.longest_increasing (strict): indices of a longest increasing subsequence,
 * patience sorting with bisect_left; written to out, returns its length (or -1). */
static ssize longest_increasing(const Pair *pairs, ssize n, ssize *out) {
    ssize *tails = (ssize *)PyMem_Malloc((size_t)(3 * n + 1) * sizeof(ssize));
    if (!tails) {
        PyErr_NoMemory();
        return -1;
    }
    ssize *tail_at = tails + n, *back = tails + 2 * n;
    ssize len = 0;
    for (ssize k = 0; k < n; k++) {
        ssize v = pairs[k].j, lo = 0, hi = len;
        while (lo < hi) {
            ssize mid = (lo + hi) / 2;
            if (tails[mid] < v)
                lo = mid + 1;
            else
                hi = mid;
        }
        tails[lo] = v;
        tail_at[lo] = k;
        if (lo == len) len++;
        back[k] = lo ? tail_at[lo - 1] : -1;
    }
    ssize count = 0, k = len ? tail_at[len - 1] : -1;
    while (k >= 0) {
        out[count++] = k;
        k = back[k];
    }
    for (ssize x = 0, y = count - 1; x < y; x++, y--) {
        ssize t = out[x];
        out[x] = out[y];
        out[y] = t;
    }
    PyMem_Free(tails);
    return count;
}

/* _increasing: the pairs (in order of i) kept as they are when their j increase, else a longest
 * increasing run of them. Works in place; returns the new count, or -1. */
static ssize increasing(Pair *pairs, ssize n) {
    ssize k;
    for (k = 1; k < n; k++)
        if (pairs[k - 1].j >= pairs[k].j) break;
    if (k >= n) return n;
    ssize *idx = (ssize *)PyMem_Malloc((size_t)(n ? n : 1) * sizeof(ssize));
    if (!idx) {
        PyErr_NoMemory();
        return -1;
    }
    ssize count = longest_increasing(pairs, n, idx);
    if (count >= 0)
        for (ssize x = 0; x < count; x++) pairs[x] = pairs[idx[x]];
    PyMem_Free(idx);
    return count;
}

/* _anchors: the rarest codes that occur equally often on both sides, paired in order, as an
 * increasing run. *out is allocated (NULL when there are none); returns the count, or -1. */
static ssize anchors(Scratch *w, const code_t *ea, ssize na, const code_t *eb, ssize nb, Pair **out) {
    ssize count = 0;
    Pair *pairs = NULL;
    *out = NULL;
    for (ssize i = 0; i < na; i++) w->count_a[ea[i]]++;
    for (ssize j = 0; j < nb; j++) w->count_b[eb[j]]++;
    int once = 0;
    for (ssize i = 0; i < na; i++) {
        code_t c = ea[i];
        if (w->count_a[c] == 1 && w->count_b[c] == 1) {
            once = 1;
            break;
        }
    }
    if (once) {
        for (ssize j = 0; j < nb; j++)
            if (w->count_b[eb[j]] == 1 && w->count_a[eb[j]] == 1) w->where[eb[j]] = j;
        pairs = (Pair *)PyMem_Malloc((size_t)(na ? na : 1) * sizeof(Pair));
        if (!pairs) {
            PyErr_NoMemory();
            goto fail;
        }
        for (ssize i = 0; i < na; i++) {
            code_t c = ea[i];
            if (w->count_a[c] == 1 && w->count_b[c] == 1) {
                pairs[count].i = i;
                pairs[count].j = w->where[c];
                count++;
            }
        }
    } else {
        ssize rarity = 0;
        for (ssize i = 0; i < na; i++) {
            ssize n = w->count_a[ea[i]];
            if (w->count_b[ea[i]] == n && (rarity == 0 || n < rarity)) rarity = n;
        }
        if (rarity > 0 && rarity <= w->lim->rarest) {
            /* where[c]: where c's positions in b start in `positions`; seen[c]: how many used */
            ssize *positions = (ssize *)PyMem_Malloc((size_t)(nb ? nb : 1) * sizeof(ssize));
            pairs = (Pair *)PyMem_Malloc((size_t)(na ? na : 1) * sizeof(Pair));
            if (!positions || !pairs) {
                PyMem_Free(positions);
                PyErr_NoMemory();
                goto fail;
            }
            ssize used = 0;
            for (ssize j = 0; j < nb; j++) {
                code_t c = eb[j];
                if (w->count_b[c] == rarity && w->count_a[c] == rarity && w->seen[c] == 0) {
                    w->where[c] = used;
                    used += rarity;
                    w->seen[c] = 1; /* marks "slot made"; reset below */
                }
            }
            for (ssize j = 0; j < nb; j++) w->seen[eb[j]] = 0;
            for (ssize j = 0; j < nb; j++) {
                code_t c = eb[j];
                if (w->count_b[c] == rarity && w->count_a[c] == rarity) positions[w->where[c] + w->seen[c]++] = j;
            }
            for (ssize j = 0; j < nb; j++) w->seen[eb[j]] = 0;
            for (ssize i = 0; i < na; i++) {
                code_t c = ea[i];
                if (w->count_a[c] == rarity && w->count_b[c] == rarity) {
                    pairs[count].i = i;
                    pairs[count].j = positions[w->where[c] + w->seen[c]++];
                    count++;
                }
            }
            for (ssize i = 0; i < na; i++) w->seen[ea[i]] = 0;
            PyMem_Free(positions);
        }
    }
    for (ssize i = 0; i < na; i++) w->count_a[ea[i]] = 0;
    for (ssize j = 0; j < nb; j++) w->count_b[eb[j]] = 0;
    if (count) {
        count = increasing(pairs, count);
        if (count < 0) {
            PyMem_Free(pairs);
            return -1;
        }
        *out = pairs;
    } else {
        PyMem_Free(pairs);
    }
    return count;
fail:
    for (ssize i = 0; i < na; i++) w->count_a[ea[i]] = 0;
    for (ssize j = 0; j < nb; j++) w->count_b[eb[j]] = 0;
    return -1;
}

/* _gram_anchors: for a stretch too long to diff whole in which no code is rare, runs of k codes
 * (k = 2, 4, 8, 16: the first that has any) that occur once on each side, paired, as an
 * increasing run; each run gives its k positions, and a run that overlaps the one before off
 * its diagonal is passed over. *out is allocated (NULL when there are none); returns the count,
 * or -1. */
static const ssize GRAMS[] = {2, 4, 8, 16};

typedef struct {
    ssize first;   /* where the run first occurs in a (-1: an empty slot) */
    ssize count_a; /* how often it occurs in a */
    ssize count_b; /* how often in b (counted only for runs once in a) */
    ssize where_b; /* its last position in b */
    uint64_t hash;
} GramSlot;

static uint64_t gram_hash(const code_t *p, ssize k) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a over the codes */
    for (ssize t = 0; t < k; t++) {
        h ^= (uint64_t)(uint32_t)p[t];
        h *= 1099511628211ULL;
    }
    return h;
}

/* The slot of the run of k codes at p (a run of ea's when the slot is taken, else where it goes). */
static ssize gram_slot(const GramSlot *table, ssize mask, const code_t *ea, const code_t *p, ssize k, uint64_t h) {
    ssize s = (ssize)(h & (uint64_t)mask);
    while (table[s].first >= 0 && !(table[s].hash == h && eq_codes(ea + table[s].first, p, k)))
        s = (s + 1) & mask;
    return s;
}

static ssize gram_anchors(const code_t *ea, ssize na, const code_t *eb, ssize nb, Pair **out) {
    *out = NULL;
    for (size_t g = 0; g < sizeof GRAMS / sizeof GRAMS[0]; g++) {
        ssize k = GRAMS[g];
        if (k > na || k > nb) break;
        ssize runs = na - k + 1, size = 1;
        while (size < 2 * runs) size *= 2;
        GramSlot *table = (GramSlot *)PyMem_Malloc((size_t)size * sizeof(GramSlot));
        ssize *slot_of = (ssize *)PyMem_Malloc((size_t)runs * sizeof(ssize));
        Pair *pairs = (Pair *)PyMem_Malloc((size_t)runs * sizeof(Pair));
        if (!table || !slot_of || !pairs) {
            PyMem_Free(table);
            PyMem_Free(slot_of);
            PyMem_Free(pairs);
            PyErr_NoMemory();
            return -1;
        }
        for (ssize s = 0; s < size; s++) table[s].first = -1;
        ssize mask = size - 1;
        for (ssize i = 0; i < runs; i++) {
            uint64_t h = gram_hash(ea + i, k);
            ssize s = gram_slot(table, mask, ea, ea + i, k, h);
            if (table[s].first < 0) {
                table[s].first = i;
                table[s].hash = h;
                table[s].count_a = 0;
                table[s].count_b = 0;
            }
            table[s].count_a++;
            slot_of[i] = s;
        }
        for (ssize j = 0; j + k <= nb; j++) {
            uint64_t h = gram_hash(eb + j, k);
            ssize s = gram_slot(table, mask, ea, eb + j, k, h);
            if (table[s].first >= 0 && table[s].count_a == 1) {
                table[s].count_b++;
                table[s].where_b = j;
            }
        }
        ssize count = 0;
        for (ssize i = 0; i < runs; i++) {
            const GramSlot *x = &table[slot_of[i]];
            if (x->count_a == 1 && x->count_b == 1) {
                pairs[count].i = i;
                pairs[count].j = x->where_b;
                count++;
            }
        }
        PyMem_Free(table);
        PyMem_Free(slot_of);
        if (count == 0) {
            PyMem_Free(pairs);
            continue;
        }
        count = increasing(pairs, count);
        Pair *units = count < 0 ? NULL : (Pair *)PyMem_Malloc((size_t)count * (size_t)k * sizeof(Pair));
        if (!units) {
            PyMem_Free(pairs);
            if (count >= 0) PyErr_NoMemory();
            return -1;
        }
        ssize n = 0;
        for (ssize x = 0; x < count; x++) {
            ssize i = pairs[x].i, j = pairs[x].j;
            if (n && (i <= units[n - 1].i || j <= units[n - 1].j) && i - j != units[n - 1].i - units[n - 1].j)
                continue; /* overlaps the run before, and would pair its codes otherwise */
            for (ssize t = 0; t < k; t++) {
                if (!n || (i + t > units[n - 1].i && j + t > units[n - 1].j)) {
                    units[n].i = i + t;
                    units[n].j = j + t;
                    n++;
                }
            }
        }
        PyMem_Free(pairs);
        *out = units;
        return n;
    }
    return 0;
}

/* The work stack of anchored(): stretches still to search, and pieces of the answer waiting for
 * what comes before them. Texts point into the encoded inputs, which outlive the stack. */
enum { SEARCH = 2 };

typedef struct {
    int kind; /* SEARCH, or the op of a piece */
    const code_t *a;
    ssize na;
    const code_t *b;
    ssize nb;
} Task;

typedef struct {
    Task *v;
    ssize n, cap;
} Tasks;

static int tasks_push(Tasks *t, int kind, const code_t *a, ssize na, const code_t *b, ssize nb) {
    if (t->n == t->cap) {
        Task *v = (Task *)grow(t->v, &t->cap, t->n + 1, sizeof(Task), 64);
        if (!v) return -1;
        t->v = v;
    }
    Task *x = &t->v[t->n++];
    x->kind = kind;
    x->a = a;
    x->na = na;
    x->b = b;
    x->nb = nb;
    return 0;
}

/* A piece of the answer: written at once until the first stretch to search has been met, then
 * kept in `later`, in order (the caller pushes `later` onto the stack reversed). */
static int put(Diffs *out, Tasks *later, int op, const code_t *a, ssize na) {
    if (later->n) return tasks_push(later, op, a, na, NULL, 0);
    return diffs_append(out, op, a, na);
}

/* _unanchored: diff-match-patch when affordable, else the stretch replaced whole. */
static int unanchored(const Limits *lim, const code_t *ea, ssize na, const code_t *eb, ssize nb, Diffs *out) {
    if ((long long)na * (long long)nb <= (long long)lim->huge) return dmp_main(ea, na, eb, nb, out);
    if (diffs_append(out, DEL, ea, na) < 0) return -1;
    return diffs_append(out, INS, eb, nb);
}

static int split_on_anchors(Scratch *w, const code_t *ea, ssize na, const code_t *eb, ssize nb, Diffs *out,
                            Tasks *stack) {
    Pair *found;
    Tasks later = {0};
    ssize n = anchors(w, ea, na, eb, nb, &found);
    if (n == 0 && (long long)na * (long long)nb > (long long)w->lim->huge) /* anchor on runs of codes */
        n = gram_anchors(ea, na, eb, nb, &found);
    if (n < 0) return -1;
    if (n == 0) return unanchored(w->lim, ea, na, eb, nb, out);
    ssize i0 = 0, j0 = 0, run = 0;
    for (ssize k = 0; k < n; k++) {
        ssize i = found[k].i, j = found[k].j;
        if (i == i0 && j == j0) {
            i0 = i + 1;
            j0 = j + 1;
            continue;
        }
        if (i == i0 || j == j0) {
            if (run < i0 && put(out, &later, EQ, ea + run, i0 - run) < 0) goto fail;
            if (j == j0) {
                if (put(out, &later, DEL, ea + i0, i - i0) < 0) goto fail;
            } else if (put(out, &later, INS, eb + j0, j - j0) < 0) {
                goto fail;
            }
            run = i;
        } else if (i - i0 == 1 && j - j0 == 1 && ea[i0] != eb[j0]) {
            if (run < i0 && put(out, &later, EQ, ea + run, i0 - run) < 0) goto fail;
            if (put(out, &later, DEL, ea + i0, 1) < 0) goto fail;
            if (put(out, &later, INS, eb + j0, 1) < 0) goto fail;
            run = i;
        } else if (i - i0 != j - j0 || !eq_codes(ea + i0, eb + j0, i - i0)) {
            if (run < i0 && put(out, &later, EQ, ea + run, i0 - run) < 0) goto fail;
            if (tasks_push(&later, SEARCH, ea + i0, i - i0, eb + j0, j - j0) < 0) goto fail;
            run = i;
        }
        i0 = i + 1;
        j0 = j + 1;
    }
    if (put(out, &later, EQ, ea + run, i0 - run) < 0) goto fail;
    if ((i0 < na || j0 < nb) && tasks_push(&later, SEARCH, ea + i0, na - i0, eb + j0, nb - j0) < 0) goto fail;
    for (ssize k = later.n - 1; k >= 0; k--) {
        Task *x = &later.v[k];
        if (tasks_push(stack, x->kind, x->a, x->na, x->b, x->nb) < 0) goto fail;
    }
    PyMem_Free(later.v);
    PyMem_Free(found);
    return 0;
fail:
    PyMem_Free(later.v);
    PyMem_Free(found);
    return -1;
}

/* revtrack.diff._core._anchored: split on anchors, and again in the stretches between, until they are
 * small; the stretches wait on an explicit stack, so no input nests too deeply. */
static int anchored(Scratch *w, const code_t *ea_in, ssize na_in, const code_t *eb_in, ssize nb_in, Diffs *out) {
    Tasks stack = {0};
    /* work * (na + nb) + work_floor as Python computes it, saturated where a long long would overflow
     * (no input is that long: the budget is then never reached, as in Python). */
    long long work = 0, budget;
    if (__builtin_mul_overflow((long long)w->lim->work, (long long)(na_in + nb_in), &budget) ||
        __builtin_add_overflow(budget, (long long)w->lim->work_floor, &budget))
        budget = LLONG_MAX;
    if (tasks_push(&stack, SEARCH, ea_in, na_in, eb_in, nb_in) < 0) return -1;
    while (stack.n) {
        Task task = stack.v[--stack.n];
        const code_t *ea = task.a, *eb = task.b;
        ssize na = task.na, nb = task.nb;
        if (task.kind != SEARCH) {
            if (diffs_append(out, task.kind, ea, na) < 0) goto fail;
            continue;
        }
        if (na == 0 || nb == 0 || (na == nb && eq_codes(ea, eb, na))) {
            int rc;
            if (na == nb && eq_codes(ea, eb, na))
                rc = diffs_append(out, EQ, ea, na);
            else if (na)
                rc = diffs_append(out, DEL, ea, na);
            else
                rc = diffs_append(out, INS, eb, nb);
            if (rc < 0) goto fail;
            continue;
        }
        if (ea[0] == eb[0]) {
            ssize p = common_prefix(ea, na, eb, nb);
            if (diffs_append(out, EQ, ea, p) < 0) goto fail;
            ea += p;
            eb += p;
            na -= p;
            nb -= p;
        }
        ssize q = (na && nb && ea[na - 1] == eb[nb - 1]) ? common_suffix(ea, na, eb, nb) : 0;
        if (q) {
            if (tasks_push(&stack, EQ, ea + na - q, q, NULL, 0) < 0) goto fail; /* after all of the middle */
            na -= q;
            nb -= q;
        }
        if (na == 0 || nb == 0 || disjoint(w, ea, na, eb, nb)) {
            if (na && diffs_append(out, DEL, ea, na) < 0) goto fail;
            if (nb && diffs_append(out, INS, eb, nb) < 0) goto fail;
        } else if (na + nb <= w->lim->small) {
            if (dmp_main(ea, na, eb, nb, out) < 0) goto fail;
        } else {
            work += na + nb;
            int rc = work <= budget ? split_on_anchors(w, ea, na, eb, nb, out, &stack) /* past the budget: */
                                    : unanchored(w->lim, ea, na, eb, nb, out);    /* as if no anchors */
            if (rc < 0) goto fail;
        }
    }
    PyMem_Free(stack.v);
    return 0;
fail:
    PyMem_Free(stack.v);
    return -1;
}

/* _joined: neighbouring diffs of one kind joined, empty ones dropped, and between two
 * equalities one removal then one insertion. */
static int joined(Diffs *in, Diffs *out) {
    Buf gone = {0}, came = {0}, same = {0};
    for (ssize k = 0; k < in->n; k++) {
        Diff *d = &in->v[k];
        if (d->s.n == 0) continue;
        if (d->op == EQ) {
            if (gone.n || came.n) {
                if (gone.n) {
                    if (diffs_append(out, DEL, gone.p, gone.n) < 0) goto fail;
                    gone.n = 0;
                }
                if (came.n) {
                    if (diffs_append(out, INS, came.p, came.n) < 0) goto fail;
                    came.n = 0;
                }
            }
            if (buf_add(&same, d->s.p, d->s.n) < 0) goto fail;
        } else {
            if (same.n) {
                if (diffs_append(out, EQ, same.p, same.n) < 0) goto fail;
                same.n = 0;
            }
            if (buf_add(d->op == DEL ? &gone : &came, d->s.p, d->s.n) < 0) goto fail;
        }
    }
    if (gone.n && diffs_append(out, DEL, gone.p, gone.n) < 0) goto fail;
    if (came.n && diffs_append(out, INS, came.p, came.n) < 0) goto fail;
    if (same.n && diffs_append(out, EQ, same.p, same.n) < 0) goto fail;
    PyMem_Free(gone.p);
    PyMem_Free(came.p);
    PyMem_Free(same.p);
    return 0;
fail:
    PyMem_Free(gone.p);
    PyMem_Free(came.p);
    PyMem_Free(same.p);
    return -1;
}

/* _absorbable: whether an equality lies between changes at least as long as it on both sides. */
static int absorbable(const Diffs *d) {
    ssize before = 0, gone = 0, came = 0, pending = -1;
    for (ssize k = 0; k < d->n; k++) {
        const Diff *x = &d->v[k];
        if (x->op != EQ) {
            if (x->op < 0)
                gone += x->s.n;
            else
                came += x->s.n;
            if (pending >= 0 && pending <= before && pending <= (gone > came ? gone : came)) return 1;
        } else {
            if (gone || came) {
                before = gone > came ? gone : came;
                pending = x->s.n;
            } else {
                pending = -1;
            }
            gone = came = 0;
        }
    }
    return 0;
}

/* _keep_shared: each removal and the insertion after it diffed again; the runs they share of at
 * least lim->shared codes kept as equalities, when such runs make up at least 1/lim->part of the
 * shorter side (everything between them one removal and one insertion). Replaces *d. */
static int keep_shared(Scratch *w, Diffs *d) {
    const Limits *lim = w->lim;
    Diffs out = {0}, result = {0};
    for (ssize k = 0; k < d->n; k++) {
        Diff *x = &d->v[k];
        if (x->op == DEL && k + 1 < d->n && d->v[k + 1].op == INS) {
            Diff *y = &d->v[k + 1];
            ssize shorter = x->s.n < y->s.n ? x->s.n : y->s.n;
            if (shorter >= lim->shared) {
                Diffs raw = {0}, again = {0};
                if (anchored(w, x->s.p, x->s.n, y->s.p, y->s.n, &raw) < 0 || joined(&raw, &again) < 0) {
                    diffs_free(&raw);
                    diffs_free(&again);
                    goto fail;
                }
                diffs_free(&raw);
                long long kept = 0;
                for (ssize j = 0; j < again.n; j++)
                    if (again.v[j].op == EQ && again.v[j].s.n >= lim->shared) kept += again.v[j].s.n;
                if (kept && kept * (long long)lim->part >= (long long)shorter) {
                    Buf gone = {0}, came = {0};
                    int rc = 0;
                    for (ssize j = 0; j < again.n && rc == 0; j++) {
                        Diff *t = &again.v[j];
                        if (t->op == EQ && t->s.n >= lim->shared) {
                            if (gone.n) rc = diffs_append(&out, DEL, gone.p, gone.n);
                            if (rc == 0 && came.n) rc = diffs_append(&out, INS, came.p, came.n);
                            gone.n = came.n = 0;
                            if (rc == 0) rc = diffs_append(&out, EQ, t->s.p, t->s.n);
                            continue;
                        }
                        if (t->op <= 0) rc = buf_add(&gone, t->s.p, t->s.n);
                        if (rc == 0 && t->op >= 0) rc = buf_add(&came, t->s.p, t->s.n);
                    }
                    if (rc == 0 && gone.n) rc = diffs_append(&out, DEL, gone.p, gone.n);
                    if (rc == 0 && came.n) rc = diffs_append(&out, INS, came.p, came.n);
                    PyMem_Free(gone.p);
                    PyMem_Free(came.p);
                    diffs_free(&again);
                    if (rc < 0) goto fail;
                    k++;
                    continue;
                }
                diffs_free(&again);
            }
        }
        if (diffs_append(&out, x->op, x->s.p, x->s.n) < 0) goto fail;
    }
    if (joined(&out, &result) < 0) {
        diffs_free(&result);
        goto fail;
    }
    diffs_free(&out);
    diffs_free(d);
    *d = result;
    return 0;
fail:
    diffs_free(&out);
    return -1;
}

/* --- the Python face -------------------------------------------------------- */

typedef struct {
    int op;
    ssize n;
} Run;

/* _normalize: empty runs dropped, neighbours of one kind merged, in each stretch of changes
 * one removal then one insertion. Works in place; returns the new count. */
static ssize normalize(Run *runs, ssize n) {
    ssize m = 0;
    for (ssize k = 0; k < n; k++) {
        if (!runs[k].n) continue;
        if (m && runs[m - 1].op == runs[k].op)
            runs[m - 1].n += runs[k].n;
        else
            runs[m++] = runs[k];
    }
    ssize out = 0, k = 0;
    while (k < m) {
        if (runs[k].op == EQ) {
            runs[out++] = runs[k++];
            continue;
        }
        ssize dels = 0, ins = 0;
        while (k < m && runs[k].op != EQ) {
            if (runs[k].op == DEL)
                dels += runs[k].n;
            else
                ins += runs[k].n;
            k++;
        }
        if (dels) {
            runs[out].op = DEL;
            runs[out++].n = dels;
        }
        if (ins) {
            runs[out].op = INS;
            runs[out++].n = ins;
        }
    }
    return out;
}

static PyObject *runs_to_list(const Run *runs, ssize n, PyObject *ops[3]) {
    PyObject *list = PyList_New(n);
    if (!list) return NULL;
    for (ssize k = 0; k < n; k++) {
        PyObject *count = PyLong_FromSsize_t(runs[k].n);
        if (!count) {
            Py_DECREF(list);
            return NULL;
        }
        PyObject *op = ops[runs[k].op + 1];
        Py_INCREF(op);
        PyObject *pair = PyTuple_Pack(2, op, count);
        Py_DECREF(op);
        Py_DECREF(count);
        if (!pair) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, k, pair);
    }
    return list;
}

/* What core_runs() (or the like) found, for Python: the runs as a list for 1, None for 0 (the Python
 * path must answer), NULL for -1 (an exception is set). */
static PyObject *runs_or_none(int found, const Run *runs, ssize n, PyObject *ops[3]) {
    if (found < 0) return NULL;
    if (found == 0) Py_RETURN_NONE;
    return runs_to_list(runs, n, ops);
}

/* Codes for the units of `seq`, by first appearance (shared through `index`): any hashable units,
 * compared as Python compares them. */
static int encode_objects(PyObject *seq, PyObject *index, code_t *out, ssize n) {
    for (ssize k = 0; k < n; k++) {
        PyObject *item = PyTuple_GET_ITEM(seq, k);
        PyObject *code = PyDict_GetItemWithError(index, item);
        if (code) {
            out[k] = (code_t)PyLong_AsLong(code);
            continue;
        }
        if (PyErr_Occurred()) return -1;
        ssize next = PyDict_GET_SIZE(index);
        if (next >= INT32_MAX) {
            PyErr_SetString(PyExc_OverflowError, "too many distinct units");
            return -1;
        }
        code = PyLong_FromSsize_t(next);
        if (!code) return -1;
        int rc = PyDict_SetItem(index, item, code);
        Py_DECREF(code);
        if (rc < 0) return -1;
        out[k] = (code_t)next;
    }
    return 0;
}

/* Units that are all str get codes from a table of their characters (no Python object made or
 * called per unit), optionally without their leading whitespace, as str.lstrip() would cut it. */
typedef struct {
    uint64_t hash;
    const void *data;
    ssize len;
    int kind;
    code_t code; /* -1: an empty slot */
} Slot;

typedef struct {
    Slot *slots;
    size_t mask;
    code_t distinct;
} Table;

static uint64_t hash_chars(int kind, const void *data, ssize len) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a over code points: the same for every storage kind */
    for (ssize i = 0; i < len; i++) {
        h ^= (uint64_t)PyUnicode_READ(kind, data, i);
        h *= 1099511628211ULL;
    }
    return h;
}

/* A hash of a unit's storage, eight bytes at a time: for units taken whole, whose storage is their
 * canonical one (the narrowest that holds their characters), so that equal units hash alike. */
static uint64_t hash_bytes(const void *data, size_t n) {
    const unsigned char *p = (const unsigned char *)data;
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
    for (; n >= 8; n -= 8, p += 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
    }
    uint64_t w = 0;
    if (n) memcpy(&w, p, n);
    h = (h ^ w) * 0x94D049BB133111EBULL;
    return h ^ (h >> 29);
}

static int same_chars(const Slot *x, int kind, const void *data, ssize len) {
    if (x->len != len) return 0;
    if (x->kind == kind) return memcmp(x->data, data, (size_t)len * (size_t)kind) == 0;
    for (ssize i = 0; i < len; i++)
        if (PyUnicode_READ(x->kind, x->data, i) != PyUnicode_READ(kind, data, i)) return 0;
    return 1;
}

static int encode_strings(Table *t, PyObject *seq, code_t *out, ssize n, int strip) {
    for (ssize k = 0; k < n; k++) {
        PyObject *item = PyTuple_GET_ITEM(seq, k);
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(item) < 0) return -1;
#endif
        int kind = PyUnicode_KIND(item);
        const void *data = PyUnicode_DATA(item);
        ssize len = PyUnicode_GET_LENGTH(item), start = 0;
        if (strip)
            while (start < len && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, start))) start++;
        data = (const char *)data + start * kind;
        len -= start;
        /* Cut units can be stored wider than their characters need: those hash by character. */
        uint64_t h = strip ? hash_chars(kind, data, len) : hash_bytes(data, (size_t)len * (size_t)kind);
        size_t i = (size_t)h & t->mask;
        for (;;) {
            Slot *x = &t->slots[i];
            if (x->code < 0) {
                x->hash = h;
                x->data = data;
                x->len = len;
                x->kind = kind;
                x->code = t->distinct++;
                out[k] = x->code;
                break;
            }
            if (x->hash == h && same_chars(x, kind, data, len)) {
                out[k] = x->code;
                break;
            }
            i = (i + 1) & t->mask;
        }
    }
    return 0;
}

static int all_strings(PyObject *seq) {
    for (ssize k = 0; k < PyTuple_GET_SIZE(seq); k++)
        if (!PyUnicode_CheckExact(PyTuple_GET_ITEM(seq, k))) return 0;
    return 1;
}

/* Codes for both sides; the number of distinct units in *distinct. */
static int encode(PyObject *ua, PyObject *ub, code_t *ea, code_t *eb, int strip, ssize *distinct) {
    ssize na = PyTuple_GET_SIZE(ua), nb = PyTuple_GET_SIZE(ub);
    if (all_strings(ua) && all_strings(ub)) {
        size_t size = 16;
        while (size < 2 * (size_t)(na + nb)) size *= 2;
        Table t = {(Slot *)PyMem_Malloc(size * sizeof(Slot)), size - 1, 0};
        if (!t.slots) {
            PyErr_NoMemory();
            return -1;
        }
        for (size_t i = 0; i < size; i++) t.slots[i].code = -1;
        int rc = encode_strings(&t, ua, ea, na, strip) < 0 || encode_strings(&t, ub, eb, nb, strip) < 0 ? -1 : 0;
        PyMem_Free(t.slots);
        *distinct = t.distinct;
        return rc;
    }
    if (strip) { /* as map(str.lstrip, units) would */
        PyErr_SetString(PyExc_TypeError, "units to strip must be str");
        return -1;
    }
    PyObject *index = PyDict_New();
    if (!index) return -1;
    int rc = encode_objects(ua, index, ea, na) < 0 || encode_objects(ub, index, eb, nb) < 0 ? -1 : 0;
    *distinct = PyDict_GET_SIZE(index);
    Py_DECREF(index);
    return rc;
}

/* Every unit of one side removed and every unit of the other inserted, as runs in *runs_out (its
 * length in *n_out): 1, or -1 with an exception set. */
static int all_changed(ssize na, ssize nb, Run **runs_out, ssize *n_out) {
    Run *runs = (Run *)PyMem_Malloc(2 * sizeof(Run));
    if (!runs) {
        PyErr_NoMemory();
        return -1;
    }
    runs[0] = (Run){DEL, na};
    runs[1] = (Run){INS, nb};
    *n_out = normalize(runs, 2);
    *runs_out = runs;
    return 1;
}

/* The runs of core() for the unit tuples ua and ub: 1 with *runs_out (PyMem, the caller frees it)
 * and *n_out set; 0 when they hold more than lim->capacity distinct units; -1 with an exception set. */
static int core_runs(PyObject *ua, PyObject *ub, int semantic, int strip, const Limits *lim, Run **runs_out,
                     ssize *n_out) {
    int rc = -1;
    code_t *ea = NULL;
    Run *runs = NULL;
    Diffs pieces = {0}, diffs = {0};
    Scratch w = {0};
    ssize na = PyTuple_GET_SIZE(ua), nb = PyTuple_GET_SIZE(ub);
    *runs_out = NULL;
    *n_out = 0;
    if (na == 0 || nb == 0) { /* one side empty: the other is all changed (no unit is even hashed) */
        rc = all_changed(na, nb, &runs, n_out);
        goto done;
    }

    ea = (code_t *)PyMem_Malloc((size_t)(na + nb + 1) * sizeof(code_t));
    if (!ea) {
        PyErr_NoMemory();
        goto done;
    }
    code_t *eb = ea + na;
    ssize distinct;
    if (encode(ua, ub, ea, eb, strip, &distinct) < 0) goto done;

    if (na + nb <= 8) {
        int shared = 0; /* set(ua).isdisjoint(ub) */
        for (ssize j = 0; j < nb && !shared; j++)
            for (ssize i = 0; i < na && !shared; i++) shared = ea[i] == eb[j];
        if (!shared) {
            rc = all_changed(na, nb, &runs, n_out);
            goto done;
        }
    }
    if (distinct > lim->capacity) {
        rc = 0;
        goto done;
    }

    w.count_a = (ssize *)PyMem_Calloc((size_t)(4 * distinct + 1), sizeof(ssize));
    w.stamp = (unsigned *)PyMem_Calloc((size_t)(distinct + 1), sizeof(unsigned));
    if (!w.count_a || !w.stamp) {
        PyErr_NoMemory();
        goto done;
    }
    w.size = distinct;
    w.lim = lim;
    w.count_b = w.count_a + distinct;
    w.where = w.count_b + distinct;
    w.seen = w.where + distinct;

    if (anchored(&w, ea, na, eb, nb, &pieces) < 0) goto done;
    if (joined(&pieces, &diffs) < 0) goto done;
    diffs_free(&pieces);
    int cleaned = 0;
    if (semantic && absorbable(&diffs)) {
        if (dmp_cleanup_semantic(&diffs) < 0) goto done;
        if (keep_shared(&w, &diffs) < 0) goto done;
        cleaned = 1;
    }
    runs = (Run *)PyMem_Malloc((size_t)(diffs.n + 1) * sizeof(Run));
    if (!runs) {
        PyErr_NoMemory();
        goto done;
    }
    for (ssize k = 0; k < diffs.n; k++) {
        runs[k].op = diffs.v[k].op;
        runs[k].n = diffs.v[k].s.n;
    }
    *n_out = cleaned ? normalize(runs, diffs.n) : diffs.n;
    rc = 1;

done:
    if (rc == 1) {
        *runs_out = runs;
        runs = NULL;
    }
    PyMem_Free(ea);
    PyMem_Free(runs);
    PyMem_Free(w.count_a);
    PyMem_Free(w.stamp);
    diffs_free(&pieces);
    diffs_free(&diffs);
    return rc;
}

/* The arguments core() and words() share: limits, all >= 0 (ValueError otherwise). */
static int check_limits(const Limits *lim, const char *name) {
    if (lim->capacity < 0 || lim->small < 0 || lim->huge < 0 || lim->rarest < 0 || lim->work < 0 ||
        lim->work_floor < 0 || lim->shared < 0 || lim->part < 0) {
        PyErr_Format(PyExc_ValueError, "%s: limits must not be negative", name);
        return -1;
    }
    return 0;
}

PyDoc_STRVAR(core_doc,
             "core(ua, ub, semantic, limits, ops, strip=False)\n--\n\n"
             "revtrack.diff._core._core_py, compiled: the (op, unit count) runs of two unit sequences, or None\n"
             "when they hold more than limits[0] distinct units. *limits* is revtrack.diff._core._Limits\n"
             "(capacity, small, huge, rarest, work, work_floor, shared, part), none negative. *ops* is (delete, equal, insert): the\n"
             "objects the runs carry as their op. With *strip*, units (str) are matched without their\n"
             "leading whitespace.");

static PyObject *core(PyObject *self, PyObject *args) {
    PyObject *ua_in, *ub_in, *ops[3];
    int semantic, strip = 0;
    Limits lim;
    if (!PyArg_ParseTuple(args, "OOp(nnnnnnnn)(OOO)|p:core", &ua_in, &ub_in, &semantic, &lim.capacity, &lim.small,
                          &lim.huge, &lim.rarest, &lim.work, &lim.work_floor, &lim.shared, &lim.part, &ops[0],
                          &ops[1], &ops[2], &strip))
        return NULL;
    if (check_limits(&lim, "core") < 0) return NULL;
    PyObject *ua = NULL, *ub = NULL, *result = NULL;
    Run *runs = NULL;
    ssize n;
    /* Tuples of their own: comparing units runs Python code (__eq__, __hash__), which could change
     * the caller's lists while the codes are made. */
    ua = PySequence_Tuple(ua_in);
    if (!ua) goto done;
    ub = PySequence_Tuple(ub_in);
    if (!ub) goto done;
    int found = core_runs(ua, ub, semantic, strip, &lim, &runs, &n); /* before runs and n are read */
    result = runs_or_none(found, runs, n, ops);
done:
    Py_XDECREF(ua);
    Py_XDECREF(ub);
    PyMem_Free(runs);
    return result;
}

/* --- the word diff of two unit lists, as edits (revtrack.diff._lines._word_pieces_py) ------------ */

/* A stretch of a str: s[start:start + len] (borrowed). */
typedef struct {
    PyObject *s;
    ssize start, len;
} Slice;

/* A growing array of slices. */
typedef struct {
    Slice *v;
    ssize n, cap;
} Slices;

static int slices_add(Slices *a, PyObject *s, ssize start, ssize len) {
    if (a->n == a->cap) {
        Slice *v = (Slice *)grow(a->v, &a->cap, a->n + 1, sizeof(Slice), 16);
        if (!v) return -1;
        a->v = v;
    }
    a->v[a->n++] = (Slice){s, start, len};
    return 0;
}

static Py_UCS4 slice_char(const Slice *x, ssize i) {
    return PyUnicode_READ_CHAR(x->s, x->start + i);
}

/* The slices joined, as "".join would make them: a new str in its canonical (smallest) storage. */
static PyObject *join_slices(const Slice *v, ssize n) {
    ssize total = 0;
    int ascii = 1;
    for (ssize k = 0; k < n; k++) {
        total += v[k].len;
        if (v[k].len && !PyUnicode_IS_ASCII(v[k].s)) ascii = 0;
    }
    if (n == 1) return PyUnicode_Substring(v[0].s, v[0].start, v[0].start + v[0].len);
    Py_UCS4 maxchar = 127;
    if (!ascii) /* the characters themselves say which storage is canonical */
        for (ssize k = 0; k < n; k++)
            for (ssize i = 0; i < v[k].len; i++) {
                Py_UCS4 c = slice_char(&v[k], i);
                if (c > maxchar) maxchar = c;
            }
    PyObject *out = PyUnicode_New(total, maxchar);
    if (!out) return NULL;
    /* Copied here, not by PyUnicode_CopyCharacters: from a Latin-1 string into an ASCII one, that
     * checks the characters at the start of the source rather than those copied (CPython 3.11). */
    int kind = PyUnicode_KIND(out);
    void *data = PyUnicode_DATA(out);
    ssize at = 0;
    for (ssize k = 0; k < n; k++) {
        int from = PyUnicode_KIND(v[k].s);
        const char *src = (const char *)PyUnicode_DATA(v[k].s);
        if (from == kind) {
            if (v[k].len) memcpy((char *)data + at * kind, src + v[k].start * from, (size_t)v[k].len * (size_t)kind);
        } else {
            for (ssize i = 0; i < v[k].len; i++)
                PyUnicode_WRITE(kind, data, at + i, PyUnicode_READ(from, src, v[k].start + i));
        }
        at += v[k].len;
    }
    return out;
}

/* Whether two slices hold the same characters. */
static int slices_equal(const Slice *x, const Slice *y) {
    if (x->len != y->len) return 0;
    int kx = PyUnicode_KIND(x->s), ky = PyUnicode_KIND(y->s);
    const char *dx = (const char *)PyUnicode_DATA(x->s), *dy = (const char *)PyUnicode_DATA(y->s);
    if (kx == ky) return memcmp(dx + x->start * kx, dy + y->start * ky, (size_t)x->len * (size_t)kx) == 0;
    for (ssize i = 0; i < x->len; i++)
        if (PyUnicode_READ(kx, dx, x->start + i) != PyUnicode_READ(ky, dy, y->start + i)) return 0;
    return 1;
}

static ssize total_length(const Slice *v, ssize n) {
    ssize total = 0;
    for (ssize k = 0; k < n; k++) total += v[k].len;
    return total;
}

static Slice whole(PyObject *s) { return (Slice){s, 0, PyUnicode_GET_LENGTH(s)}; }

/* How many leading characters of s are whitespace (what str.lstrip() cuts). */
static ssize space_length(PyObject *s) {
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    ssize n = PyUnicode_GET_LENGTH(s), k = 0;
    while (k < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, k))) k++;
    return k;
}

/* _shared_ends: how many items x and y (nx, ny of them) share at their start, then at their end. */
static void shared_ends(const Slice *x, ssize nx, const Slice *y, ssize ny, ssize *head, ssize *tail) {
    ssize most = nx < ny ? nx : ny, h = 0, t = 0;
    while (h < most && slices_equal(&x[h], &y[h])) h++;
    while (t < most - h && slices_equal(&x[nx - 1 - t], &y[ny - 1 - t])) t++;
    *head = h;
    *tail = t;
}

/* _shared_ends of two strings, character by character. */
static void shared_chars(const Slice *x, const Slice *y, ssize *head, ssize *tail) {
    ssize most = x->len < y->len ? x->len : y->len, h = 0, t = 0;
    while (h < most && slice_char(x, h) == slice_char(y, h)) h++;
    while (t < most - h && slice_char(x, x->len - 1 - t) == slice_char(y, y->len - 1 - t)) t++;
    *head = h;
    *tail = t;
}

/* The first (or last) up to four characters of the concatenation of the str items seq[lo:hi]. */
typedef struct {
    Py_UCS4 c[4]; /* in text order */
    int n;
} Few;

static Few first_chars(PyObject *seq, ssize lo, ssize hi) {
    Few f = {{0}, 0};
    for (ssize k = lo; k < hi && f.n < 4; k++) {
        PyObject *s = PyTuple_GET_ITEM(seq, k);
        for (ssize i = 0; i < PyUnicode_GET_LENGTH(s) && f.n < 4; i++) f.c[f.n++] = PyUnicode_READ_CHAR(s, i);
    }
    return f;
}

static Few last_chars(PyObject *seq, ssize lo, ssize hi) {
    Py_UCS4 rev[4];
    int n = 0;
    for (ssize k = hi - 1; k >= lo && n < 4; k--) {
        PyObject *s = PyTuple_GET_ITEM(seq, k);
        for (ssize i = PyUnicode_GET_LENGTH(s) - 1; i >= 0 && n < 4; i--) rev[n++] = PyUnicode_READ_CHAR(s, i);
    }
    Few f = {{0}, n};
    for (int i = 0; i < n; i++) f.c[i] = rev[n - 1 - i];
    return f;
}

static int is_break(Py_UCS4 c) { return c == '\r' || c == '\n'; }

/* _boundary_score(before, after), from the last characters of before and the first of after. */
static int boundary_score(const Few *before, const Few *after) {
    if (before->n == 0 || after->n == 0) return 6;
    Py_UCS4 c1 = before->c[before->n - 1], c2 = after->c[0];
    if (is_break(c1) || is_break(c2)) {
        const Py_UCS4 *b = before->c + before->n;
        int blank = (before->n >= 2 && b[-2] == '\n' && b[-1] == '\n') ||
                    (before->n >= 3 && b[-3] == '\n' && b[-2] == '\r' && b[-1] == '\n') ||
                    (after->n >= 2 && after->c[0] == '\n' && after->c[1] == '\n') ||
                    (after->n >= 4 && after->c[0] == '\r' && after->c[1] == '\n' && after->c[2] == '\r' &&
                     after->c[3] == '\n');
        return blank ? 5 : 4;
    }
    if (Py_UNICODE_ISSPACE(c2)) return Py_UNICODE_ISSPACE(c1) || Py_UNICODE_ISALNUM(c1) ? 2 : 3;
    if (Py_UNICODE_ISSPACE(c1)) return 2;
    return Py_UNICODE_ISALNUM(c1) && Py_UNICODE_ISALNUM(c2) ? 0 : 1;
}

static int items_pair_equal(PyObject *a, ssize i, PyObject *b, ssize j) {
    Slice x = whole(PyTuple_GET_ITEM(a, i)), y = whole(PyTuple_GET_ITEM(b, j));
    return slices_equal(&x, &y);
}

static int items_equal(PyObject *seq, ssize i, ssize j) { return items_pair_equal(seq, i, seq, j); }

/* The score of the place between seq[pos - 1] and seq[pos], read on two items each side. */
static int place_score(PyObject *seq, ssize pos) {
    ssize n = PyTuple_GET_SIZE(seq), hi = pos + 2 < n ? pos + 2 : n;
    Few before = last_chars(seq, pos - 2 > 0 ? pos - 2 : 0, pos), after = first_chars(seq, pos, hi);
    return boundary_score(&before, &after);
}

/* _best_place: where the edit seq[start:start + n], slid left as far as pos, reads best. */
static ssize best_place(PyObject *seq, ssize pos, ssize start, ssize n, ssize right) {
    ssize best = start;
    int best_score = -1;
    for (;;) {
        int score = place_score(seq, pos) + place_score(seq, pos + n);
        if (score >= best_score) {
            best = pos;
            best_score = score;
        }
        if (pos + n >= start + n + right || !items_equal(seq, pos, pos + n)) break;
        pos++;
    }
    return best;
}

/* _shift_to_boundaries, in place on runs of units of the str tuples a and b. */
static void shift_to_boundaries(Run *runs, ssize count, PyObject *a, PyObject *b) {
    ssize pa = 0, pb = 0;
    for (ssize k = 0; k < count; k++) {
        int op = runs[k].op;
        ssize n = runs[k].n;
        if (op != EQ && 0 < k && k < count - 1 && runs[k - 1].op == EQ && runs[k + 1].op == EQ) {
            PyObject *seq = op == INS ? b : a;
            ssize start = op == INS ? pb : pa, left = runs[k - 1].n, right = runs[k + 1].n, pos = start;
            while (pos > start - left && items_equal(seq, pos - 1, pos - 1 + n)) pos--;
            if (pos != start || (right != 0 && items_equal(seq, pos, pos + n))) {
                ssize shift = best_place(seq, pos, start, n, right) - start;
                if (shift) {
                    runs[k - 1].n = left + shift;
                    runs[k + 1].n = right - shift;
                    pa += shift;
                    pb += shift;
                }
            }
        }
        if (op != INS) pa += n;
        if (op != DEL) pb += n;
    }
}

/* Where the edits go: the caller's list, the ops, and the equal text not yet written (`same`). */
typedef struct {
    PyObject *edits; /* list of (op, text) */
    PyObject **ops;  /* delete, equal, insert */
    PyObject *empty; /* "" */
    Slices same;
    Slices scratch; /* slices to join */
} Writer;

static int write_text(Writer *w, int op, PyObject *text) { /* steals text */
    if (!text) return -1;
    PyObject *pair = PyTuple_Pack(2, w->ops[op + 1], text);
    Py_DECREF(text);
    if (!pair) return -1;
    int rc = PyList_Append(w->edits, pair);
    Py_DECREF(pair);
    return rc;
}

static int write_slices(Writer *w, int op, const Slice *v, ssize n) { return write_text(w, op, join_slices(v, n)); }

/* The units seq[lo:hi] as slices, in w->scratch. */
static int units_to_scratch(Writer *w, PyObject *seq, ssize lo, ssize hi) {
    w->scratch.n = 0;
    for (ssize k = lo; k < hi; k++)
        if (slices_add(&w->scratch, PyTuple_GET_ITEM(seq, k), 0, PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(seq, k))) < 0)
            return -1;
    return 0;
}

/* Whether the units a[ia:ia + n] and b[ib:ib + n], each joined, are the same text (or -1). */
static int joins_equal(Writer *w, PyObject *a, ssize ia, PyObject *b, ssize ib, ssize n) {
    if (units_to_scratch(w, a, ia, ia + n) < 0) return -1;
    PyObject *x = join_slices(w->scratch.v, w->scratch.n);
    if (!x) return -1;
    if (units_to_scratch(w, b, ib, ib + n) < 0) {
        Py_DECREF(x);
        return -1;
    }
    PyObject *y = join_slices(w->scratch.v, w->scratch.n);
    if (!y) {
        Py_DECREF(x);
        return -1;
    }
    Slice sx = whole(x), sy = whole(y);
    int equal = slices_equal(&sx, &sy);
    Py_DECREF(x);
    Py_DECREF(y);
    return equal;
}

/* The equal text not yet written, written (when there is some). */
static int flush_same(Writer *w) {
    if (!w->same.n) return 0;
    int rc = write_slices(w, EQ, w->same.v, w->same.n);
    w->same.n = 0;
    return rc;
}

/* unit_tokens(seq[lo:hi]): each unit split into its whitespace and the token after it. */
static int unit_tokens(Slices *out, PyObject *seq, ssize lo, ssize hi) {
    out->n = 0;
    for (ssize k = lo; k < hi; k++) {
        PyObject *u = PyTuple_GET_ITEM(seq, k);
        ssize len = PyUnicode_GET_LENGTH(u), space = space_length(u);
        if (space < len && space > 0) {
            if (slices_add(out, u, 0, space) < 0 || slices_add(out, u, space, len - space) < 0) return -1;
        } else if (slices_add(out, u, 0, len) < 0) {
            return -1;
        }
    }
    return 0;
}

/* _replace then the writing after it in _word_pieces_py: units a[ia:ia + na] replaced by
 * b[ib:ib + nb]. */
static int write_replace(Writer *w, PyObject *a, ssize ia, ssize na, PyObject *b, ssize ib, ssize nb) {
    if (na == 1 && nb == 1) { /* one word for another, the usual case */
        PyObject *x = PyTuple_GET_ITEM(a, ia), *y = PyTuple_GET_ITEM(b, ib);
        ssize lx = PyUnicode_GET_LENGTH(x), ly = PyUnicode_GET_LENGTH(y), sx = space_length(x), sy = space_length(y);
        Slice space_x = {x, 0, sx}, space_y = {y, 0, sy};
        if (sx < lx && sy < ly && sx && slices_equal(&space_x, &space_y)) {
            if (slices_add(&w->same, x, 0, sx) < 0 || flush_same(w) < 0) return -1;
            if (write_slices(w, DEL, &(Slice){x, sx, lx - sx}, 1) < 0) return -1;
            return write_slices(w, INS, &(Slice){y, sy, ly - sy}, 1);
        }
    }
    Slices ta = {0}, tb = {0};
    int rc = -1;
    if (unit_tokens(&ta, a, ia, ia + na) < 0 || unit_tokens(&tb, b, ib, ib + nb) < 0) goto done;
    ssize head, tail;
    shared_ends(ta.v, ta.n, tb.v, tb.n, &head, &tail);
    if (total_length(ta.v, head)) /* same.append(head) when "".join(a[:head]) is not empty */
        for (ssize k = 0; k < head; k++)
            if (slices_add(&w->same, ta.v[k].s, ta.v[k].start, ta.v[k].len) < 0) goto done;
    if (flush_same(w) < 0) goto done;
    if (write_slices(w, DEL, ta.v + head, ta.n - tail - head) < 0) goto done;
    if (write_slices(w, INS, tb.v + head, tb.n - tail - head) < 0) goto done;
    if (total_length(ta.v + ta.n - tail, tail)) /* same = [tail] if tail else [] (w->same is empty) */
        for (ssize k = ta.n - tail; k < ta.n; k++)
            if (slices_add(&w->same, ta.v[k].s, ta.v[k].start, ta.v[k].len) < 0) goto done;
    rc = 0;
done:
    PyMem_Free(ta.v);
    PyMem_Free(tb.v);
    return rc;
}

/* _respaced: units holding the same tokens after different whitespace. */
static int write_respaced(Writer *w, PyObject *a, ssize ia, PyObject *b, ssize ib, ssize n) {
    for (ssize k = 0; k < n; k++) {
        PyObject *x = PyTuple_GET_ITEM(a, ia + k), *y = PyTuple_GET_ITEM(b, ib + k);
        Slice wx = whole(x), wy = whole(y);
        if (slices_equal(&wx, &wy)) {
            if (slices_add(&w->same, x, 0, wx.len) < 0) return -1;
            continue;
        }
        ssize token = wx.len - space_length(x); /* len(x.lstrip()) */
        Slice space_x = {x, 0, wx.len - token}, space_y = {y, 0, wy.len - token};
        if (space_y.len < 0) space_y.len = 0; /* y[:len(y) - len(token)] with a negative end */
        ssize head, tail;
        shared_chars(&space_x, &space_y, &head, &tail);
        if (slices_add(&w->same, x, 0, head) < 0 || flush_same(w) < 0) return -1;
        if (write_slices(w, DEL, &(Slice){x, head, space_x.len - tail - head}, 1) < 0) return -1;
        if (write_slices(w, INS, &(Slice){y, head, space_y.len - tail - head}, 1) < 0) return -1;
        if (slices_add(&w->same, x, space_x.len - tail, tail) < 0) return -1;
        if (slices_add(&w->same, x, space_x.len, token) < 0) return -1;
    }
    return 0;
}

/* The writing loop of _word_pieces_py: runs of units a and b as (op, text) edits. */
static int write_runs(Writer *w, const Run *runs, ssize count, PyObject *a, PyObject *b) {
    ssize ia = 0, ib = 0, gone = -1, gone_n = 0; /* gone: where a removal waiting for an insertion starts */
    for (ssize k = 0; k < count; k++) {
        ssize n = runs[k].n;
        if (runs[k].op == EQ) {
            if (gone >= 0) {
                if (flush_same(w) < 0 || units_to_scratch(w, a, gone, gone + gone_n) < 0) return -1;
                if (write_slices(w, DEL, w->scratch.v, w->scratch.n) < 0) return -1;
                gone = -1;
            }
            int equal = 1; /* "".join(a[ia:ia + n]) == "".join(b[ib:ib + n]): surely when unit by unit */
            for (ssize i = 0; i < n && equal; i++) equal = items_pair_equal(a, ia + i, b, ib + i);
            if (!equal && (equal = joins_equal(w, a, ia, b, ib, n)) < 0) return -1;
            if (equal) {
                if (n == 0 && slices_add(&w->same, w->empty, 0, 0) < 0) return -1; /* same.append("") */
                for (ssize i = ia; i < ia + n; i++)
                    if (slices_add(&w->same, PyTuple_GET_ITEM(a, i), 0, PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(a, i))) <
                        0)
                        return -1;
            } else if (write_respaced(w, a, ia, b, ib, n) < 0) {
                return -1;
            }
            ia += n;
            ib += n;
        } else if (runs[k].op == DEL) {
            gone = ia;
            gone_n = n;
            ia += n;
        } else {
            ssize came = ib;
            ib += n;
            if (gone < 0) {
                if (flush_same(w) < 0 || units_to_scratch(w, b, came, came + n) < 0) return -1;
                if (write_slices(w, INS, w->scratch.v, w->scratch.n) < 0) return -1;
                continue;
            }
            if (write_replace(w, a, gone, gone_n, b, came, n) < 0) return -1;
            gone = -1;
        }
    }
    if (flush_same(w) < 0) return -1;
    if (gone >= 0) {
        if (units_to_scratch(w, a, gone, gone + gone_n) < 0) return -1;
        if (write_slices(w, DEL, w->scratch.v, w->scratch.n) < 0) return -1;
    }
    return 0;
}

PyDoc_STRVAR(words_doc,
             "words(ua, ub, limits, ops, edits, /)\n--\n\n"
             "revtrack.diff._lines._word_pieces_py, compiled: the units (str) *ua* replaced by *ub*, diffed by\n"
             "core(ua, ub, True, limits, ops, True), each edit moved to its best boundary, written to the list\n"
             "*edits* as (op, text) pairs. False, with nothing written, when they hold more than limits[0]\n"
             "distinct units.");

/* The units ua replaced by ub (sequences of str), diffed and written by w: 1; 0, with nothing written,
 * past lim->capacity distinct units; -1 on error. */
static int words_into(Writer *w, PyObject *ua_in, PyObject *ub_in, const Limits *lim) {
    PyObject *ua = NULL, *ub = NULL;
    Run *runs = NULL;
    ssize n;
    int found = -1;
    ua = PySequence_Tuple(ua_in);
    if (!ua) goto done;
    ub = PySequence_Tuple(ub_in);
    if (!ub) goto done;
    if (!all_strings(ua) || !all_strings(ub)) {
        PyErr_SetString(PyExc_TypeError, "words: units must be str");
        goto done;
    }
    found = core_runs(ua, ub, 1, 1, lim, &runs, &n);
    if (found > 0) {
        shift_to_boundaries(runs, n, ua, ub);
        if (write_runs(w, runs, n, ua, ub) < 0) found = -1;
    }
done:
    Py_XDECREF(ua);
    Py_XDECREF(ub);
    PyMem_Free(runs);
    return found;
}

static PyObject *words(PyObject *self, PyObject *args) {
    PyObject *ua, *ub, *ops[3], *edits;
    Limits lim;
    if (!PyArg_ParseTuple(args, "OO(nnnnnnnn)(OOO)O!:words", &ua, &ub, &lim.capacity, &lim.small, &lim.huge,
                          &lim.rarest, &lim.work, &lim.work_floor, &lim.shared, &lim.part, &ops[0], &ops[1], &ops[2],
                          &PyList_Type, &edits))
        return NULL;
    if (check_limits(&lim, "words") < 0) return NULL;
    Writer w = {edits, ops, PyUnicode_New(0, 0), {0}, {0}};
    int found = w.empty ? words_into(&w, ua, ub, &lim) : -1;
    Py_XDECREF(w.empty);
    PyMem_Free(w.same.v);
    PyMem_Free(w.scratch.v);
    return found < 0 ? NULL : PyBool_FromLong(found);
}

/* --- the runs of two token sequences (revtrack.diff._lines._diff_runs_py) ---------------------- */

/* Whether str s is whitespace throughout (str.isspace: "" is not); -1 on error. */
static int is_space_str(PyObject *s) {
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(s) < 0) return -1;
#endif
    ssize n = PyUnicode_GET_LENGTH(s);
    if (!n) return 0;
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    for (ssize i = 0; i < n; i++)
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) return 0;
    return 1;
}

/* _unfold where every unit is one token: each stretch of changes gives the tokens both its sides
 * begin and end with to the equal stretches around it. runs (n items) -> out (room for 4n). */
static ssize unfold_tokens(const Run *runs, ssize n, PyObject *a, PyObject *b, Run *out) {
    ssize m = 0, ta = 0, tb = 0, k = 0;
    while (k < n) {
        if (runs[k].op == EQ) {
            out[m++] = runs[k];
            ta += runs[k].n;
            tb += runs[k].n;
            k++;
            continue;
        }
        ssize dels = 0, ins = 0;
        for (; k < n && runs[k].op != EQ; k++) {
            if (runs[k].op == DEL)
                dels += runs[k].n;
            else
                ins += runs[k].n;
        }
        ssize most = dels < ins ? dels : ins, head = 0, tail = 0;
        while (head < most && items_pair_equal(a, ta + head, b, tb + head)) head++;
        while (tail < most - head && items_pair_equal(a, ta + dels - 1 - tail, b, tb + ins - 1 - tail)) tail++;
        out[m++] = (Run){EQ, head};
        out[m++] = (Run){DEL, dels - head - tail};
        out[m++] = (Run){INS, ins - head - tail};
        out[m++] = (Run){EQ, tail};
        ta += dels;
        tb += ins;
    }
    return m;
}

PyDoc_STRVAR(token_runs_doc,
             "token_runs(a, b, semantic, limits, ops, /)\n--\n\n"
             "revtrack.diff._lines._diff_runs_py, compiled for tokens (str) none of which is whitespace (each\n"
             "its own unit, as a sentence's words): the (op, token count) runs. None where the Python path\n"
             "must answer: a whitespace or non-str token, or more than limits[0] distinct tokens.");

/* The runs of _diff_runs_py for the tuples a and b: 1 with *out (PyMem, the caller frees it) and *m set;
 * 0 where the Python path must answer (a whitespace or non-str token, or past lim->capacity distinct
 * tokens); -1 with an exception set. */
static int token_runs_of(PyObject *a, PyObject *b, int semantic, const Limits *lim, Run **out, ssize *m) {
    ssize na = PyTuple_GET_SIZE(a), nb = PyTuple_GET_SIZE(b), n = 0;
    Run *runs = NULL;
    *out = NULL;
    *m = 0;
    if (!all_strings(a) || !all_strings(b)) return 0;
    if (na == 0 || nb == 0) { /* before any token is looked at, as the Python path */
        *out = (Run *)PyMem_Malloc(sizeof(Run));
        if (!*out) {
            PyErr_NoMemory();
            return -1;
        }
        (*out)[0] = (Run){na ? DEL : INS, na ? na : nb};
        *m = na || nb ? 1 : 0;
        return 1;
    }
    for (ssize k = 0; k < na + nb; k++) {
        int space = is_space_str(k < na ? PyTuple_GET_ITEM(a, k) : PyTuple_GET_ITEM(b, k - na));
        if (space) return space < 0 ? -1 : 0;
    }
    int found = core_runs(a, b, semantic, 0, lim, &runs, &n);
    if (found <= 0) return found;
    *out = (Run *)PyMem_Malloc((size_t)(4 * n + 1) * sizeof(Run));
    if (!*out) {
        PyMem_Free(runs);
        PyErr_NoMemory();
        return -1;
    }
    ssize k = normalize(*out, unfold_tokens(runs, n, a, b, *out));
    PyMem_Free(runs);
    shift_to_boundaries(*out, k, a, b);
    *m = normalize(*out, k);
    return 1;
}

static PyObject *token_runs(PyObject *self, PyObject *args) {
    PyObject *a_in, *b_in, *ops[3];
    int semantic;
    Limits lim;
    if (!PyArg_ParseTuple(args, "OOp(nnnnnnnn)(OOO):token_runs", &a_in, &b_in, &semantic, &lim.capacity, &lim.small,
                          &lim.huge, &lim.rarest, &lim.work, &lim.work_floor, &lim.shared, &lim.part, &ops[0],
                          &ops[1], &ops[2]))
        return NULL;
    if (check_limits(&lim, "token_runs") < 0) return NULL;
    PyObject *a = NULL, *b = NULL, *result = NULL;
    Run *runs = NULL;
    ssize n = 0;
    a = PySequence_Tuple(a_in);
    if (!a) goto done;
    b = PySequence_Tuple(b_in);
    if (!b) goto done;
    int found = token_runs_of(a, b, semantic, &lim, &runs, &n); /* before runs and n are read */
    result = runs_or_none(found, runs, n, ops);
done:
    Py_XDECREF(a);
    Py_XDECREF(b);
    PyMem_Free(runs);
    return result;
}

PyDoc_STRVAR(align_one_doc,
             "align_one(old_tokens, old_revs, old_origins, tokens, r, limits, /)\n--\n\n"
             "revtrack.provenance._matcher._align_one_py, compiled: a new wording's *tokens* aligned with one\n"
             "old wording's (every common token kept, as token_runs() without semantic cleanup finds them):\n"
             "(revs, origins, kept, carried) -- the revision and origin of each new token (the old token's where\n"
             "kept, *r* elsewhere), the old positions kept, and whether each new token was. None where the\n"
             "Python path must answer (as token_runs()).");

static PyObject *align_one(PyObject *self, PyObject *args) {
    PyObject *a_in, *revs_in, *origins_in, *b_in, *r;
    Limits lim;
    if (!PyArg_ParseTuple(args, "OOOOO(nnnnnnnn):align_one", &a_in, &revs_in, &origins_in, &b_in, &r, &lim.capacity,
                          &lim.small, &lim.huge, &lim.rarest, &lim.work, &lim.work_floor, &lim.shared, &lim.part))
        return NULL;
    if (check_limits(&lim, "align_one") < 0) return NULL;
    PyObject *a = NULL, *b = NULL, *old_revs = NULL, *old_origins = NULL, *result = NULL;
    PyObject *revs = NULL, *origins = NULL, *kept = NULL, *carried = NULL;
    Run *runs = NULL;
    ssize n = 0;
    if (!(a = PySequence_Tuple(a_in)) || !(b = PySequence_Tuple(b_in))) goto done;
    if (!(old_revs = PySequence_Tuple(revs_in)) || !(old_origins = PySequence_Tuple(origins_in))) goto done;
    ssize na = PyTuple_GET_SIZE(a), nb = PyTuple_GET_SIZE(b);
    if (PyTuple_GET_SIZE(old_revs) < na || PyTuple_GET_SIZE(old_origins) < na) {
        PyErr_SetString(PyExc_ValueError, "align_one: a revision and an origin for every old token");
        goto done;
    }
    int found = token_runs_of(a, b, 0, &lim, &runs, &n);
    if (found < 0) goto done;
    if (found == 0) {
        result = Py_None;
        Py_INCREF(result);
        goto done;
    }
    ssize nkept = 0;
    for (ssize k = 0; k < n; k++)
        if (runs[k].op == EQ) nkept += runs[k].n;
    if (!(revs = PyTuple_New(nb)) || !(origins = PyTuple_New(nb)) || !(carried = PyTuple_New(nb)) ||
        !(kept = PyTuple_New(nkept)))
        goto done;
    for (ssize j = 0; j < nb; j++) { /* r and not carried, until a kept stretch says otherwise */
        Py_INCREF(r);
        PyTuple_SET_ITEM(revs, j, r);
        Py_INCREF(r);
        PyTuple_SET_ITEM(origins, j, r);
        Py_INCREF(Py_False);
        PyTuple_SET_ITEM(carried, j, Py_False);
    }
    ssize i = 0, j = 0, x = 0;
    for (ssize k = 0; k < n; k++) {
        ssize count = runs[k].n;
        if (runs[k].op == EQ) {
            for (ssize c = 0; c < count; c++) {
                PyObject *v = PyTuple_GET_ITEM(old_revs, i + c), *o = PyTuple_GET_ITEM(old_origins, i + c);
                PyObject *at = PyLong_FromSsize_t(i + c);
                if (!at) goto done;
                Py_INCREF(v);
                Py_SETREF(((PyTupleObject *)revs)->ob_item[j + c], v);
                Py_INCREF(o);
                Py_SETREF(((PyTupleObject *)origins)->ob_item[j + c], o);
                Py_INCREF(Py_True);
                Py_SETREF(((PyTupleObject *)carried)->ob_item[j + c], Py_True);
                PyTuple_SET_ITEM(kept, x++, at);
            }
            i += count;
            j += count;
        } else if (runs[k].op == DEL) {
            i += count;
        } else {
            j += count;
        }
    }
    result = PyTuple_Pack(4, revs, origins, kept, carried);
done:
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(old_revs);
    Py_XDECREF(old_origins);
    Py_XDECREF(revs);
    Py_XDECREF(origins);
    Py_XDECREF(kept);
    Py_XDECREF(carried);
    PyMem_Free(runs);
    return result;
}

/* --- how much two texts begin or end with alike, compared in place ---------------------- */

/* Characters of two str compared where they lie: no slice is made, so the cost is what is read,
 * at memory speed when both have the same storage kind (then a block at a time by memcmp). */
enum { BLOCK = 512 };

static ssize prefix_chars(PyObject *a, PyObject *b, ssize limit) {
    int ka = PyUnicode_KIND(a), kb = PyUnicode_KIND(b);
    const char *da = (const char *)PyUnicode_DATA(a), *db = (const char *)PyUnicode_DATA(b);
    ssize i = 0;
    if (ka == kb)
        while (i + BLOCK <= limit && memcmp(da + i * ka, db + i * ka, (size_t)BLOCK * (size_t)ka) == 0) i += BLOCK;
    while (i < limit && PyUnicode_READ(ka, da, i) == PyUnicode_READ(kb, db, i)) i++;
    return i;
}

static ssize suffix_chars(PyObject *a, PyObject *b, ssize limit) {
    int ka = PyUnicode_KIND(a), kb = PyUnicode_KIND(b);
    const char *da = (const char *)PyUnicode_DATA(a), *db = (const char *)PyUnicode_DATA(b);
    ssize na = PyUnicode_GET_LENGTH(a), nb = PyUnicode_GET_LENGTH(b), i = 0;
    if (ka == kb)
        while (i + BLOCK <= limit &&
               memcmp(da + (na - i - BLOCK) * ka, db + (nb - i - BLOCK) * ka, (size_t)BLOCK * (size_t)ka) == 0)
            i += BLOCK;
    while (i < limit && PyUnicode_READ(ka, da, na - 1 - i) == PyUnicode_READ(kb, db, nb - 1 - i)) i++;
    return i;
}

/* The arguments (a, b, limit) of prefix() and suffix(); limit is cut to the shorter text. */
static int affix_args(PyObject *args, const char *format, PyObject **a, PyObject **b, ssize *limit) {
    if (!PyArg_ParseTuple(args, format, &PyUnicode_Type, a, &PyUnicode_Type, b, limit)) return -1;
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(*a) < 0 || PyUnicode_READY(*b) < 0) return -1;
#endif
    if (*limit < 0) {
        PyErr_SetString(PyExc_ValueError, "limit must not be negative");
        return -1;
    }
    ssize shorter = PyUnicode_GET_LENGTH(*a) < PyUnicode_GET_LENGTH(*b) ? PyUnicode_GET_LENGTH(*a)
                                                                        : PyUnicode_GET_LENGTH(*b);
    if (*limit > shorter) *limit = shorter;
    return 0;
}

PyDoc_STRVAR(prefix_doc, "prefix(a, b, limit, /)\n--\n\n"
                         "How many characters str *a* and *b* begin with alike, at most *limit*: compared in place.");

static PyObject *prefix(PyObject *self, PyObject *args) {
    PyObject *a, *b;
    ssize limit;
    if (affix_args(args, "O!O!n:prefix", &a, &b, &limit) < 0) return NULL;
    return PyLong_FromSsize_t(prefix_chars(a, b, limit));
}

PyDoc_STRVAR(suffix_doc, "suffix(a, b, limit, /)\n--\n\n"
                         "How many characters str *a* and *b* end with alike, at most *limit*: compared in place.");

static PyObject *suffix(PyObject *self, PyObject *args) {
    PyObject *a, *b;
    ssize limit;
    if (affix_args(args, "O!O!n:suffix", &a, &b, &limit) < 0) return NULL;
    return PyLong_FromSsize_t(suffix_chars(a, b, limit));
}

/* --- lines paired in place (revtrack.diff._lines._in_place_py) --------------------------------- */

enum { IN_X = 1, IN_Y = 2, IN_HEAD = 4, IN_COMMON = 8 };

typedef struct {
    uint64_t hash;
    Slice word;
    int flags; /* 0: an empty slot */
} WordSlot;

/* A set of words, each with flags: where it was seen. */
typedef struct {
    WordSlot *slots;
    size_t mask;
    ssize count;
} WordSet;

static int wordset_init(WordSet *t, size_t size) {
    t->slots = (WordSlot *)PyMem_Calloc(size, sizeof(WordSlot));
    t->mask = size - 1;
    t->count = 0;
    if (!t->slots) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void wordset_put(WordSet *t, const WordSlot *x) {
    size_t i = (size_t)x->hash & t->mask;
    while (t->slots[i].flags) i = (i + 1) & t->mask;
    t->slots[i] = *x;
}

/* Twice the slots, when the set is half full. */
static int wordset_grow(WordSet *t) {
    WordSet bigger;
    if (wordset_init(&bigger, 2 * (t->mask + 1)) < 0) return -1;
    for (size_t i = 0; i <= t->mask; i++)
        if (t->slots[i].flags) wordset_put(&bigger, &t->slots[i]);
    bigger.count = t->count;
    PyMem_Free(t->slots);
    *t = bigger;
    return 0;
}

/* The next word (a run of characters that are not whitespace, as str.split() cuts) of s[*at:hi],
 * and its hash (FNV-1a over code points: the same for every storage kind): 1 with *word and *hash
 * set and *at moved past it, or 0 when there is none. */
#define NEXT_WORD(T)                                                           \
    do {                                                                       \
        const T *d = (const T *)PyUnicode_DATA(s);                             \
        while (i < hi && Py_UNICODE_ISSPACE(d[i])) i++;                        \
        start = i;                                                             \
        for (; i < hi && !Py_UNICODE_ISSPACE(d[i]); i++) h = (h ^ d[i]) * FNV; \
    } while (0)

static int next_word(PyObject *s, ssize *at, ssize hi, Slice *word, uint64_t *hash) {
    const uint64_t FNV = 1099511628211ULL;
    uint64_t h = 1469598103934665603ULL;
    ssize i = *at, start;
    switch (PyUnicode_KIND(s)) {
    case PyUnicode_1BYTE_KIND:
        NEXT_WORD(Py_UCS1);
        break;
    case PyUnicode_2BYTE_KIND:
        NEXT_WORD(Py_UCS2);
        break;
    default:
        NEXT_WORD(Py_UCS4);
    }
    *at = i;
    if (start >= hi) return 0;
    *word = (Slice){s, start, i - start};
    *hash = h;
    return 1;
}
#undef NEXT_WORD

/* Gives the word (of that hash) `flag`; returns the flags it had (0: it is new to the set), or -1. */
static int word_flag(WordSet *t, const Slice *word, uint64_t h, int flag) {
    for (size_t i = (size_t)h & t->mask;; i = (i + 1) & t->mask) {
        WordSlot *x = &t->slots[i];
        if (!x->flags) {
            if (2 * (size_t)(t->count + 1) > t->mask + 1) {
                if (wordset_grow(t) < 0) return -1;
                return word_flag(t, word, h, flag);
            }
            *x = (WordSlot){h, *word, flag};
            t->count++;
            return 0;
        }
        if (x->hash == h && slices_equal(&x->word, word)) {
            int had = x->flags;
            x->flags |= flag;
            return had;
        }
    }
}

/* Gives every word of s[lo:hi] (at most `most` of them) `flag`; returns how many had no such flag. */
static ssize flag_words(WordSet *t, PyObject *s, ssize lo, ssize hi, int flag, ssize most) {
    ssize fresh = 0;
    Slice word;
    uint64_t h;
    for (ssize k = 0; k < most && next_word(s, &lo, hi, &word, &h); k++) {
        int had = word_flag(t, &word, h, flag);
        if (had < 0) return -1;
        if (!(had & flag)) fresh++;
    }
    return fresh;
}

/* _alike_py: 1 when lines a and b, which begin with p and end with s characters alike (cut between
 * words), share at least half their words (as sets); 0 when not; -1 on error. */
static int alike_lines(PyObject *a, PyObject *b, ssize p, ssize s) {
    ssize na = PyUnicode_GET_LENGTH(a), nb = PyUnicode_GET_LENGTH(b), all = PY_SSIZE_T_MAX;
    WordSet t;
    int result = -1;
    if (wordset_init(&t, 64) < 0) return -1;
    if (flag_words(&t, a, p, na - s, IN_X, all) < 0 || flag_words(&t, b, p, nb - s, IN_Y, all) < 0) goto done;
    ssize changed = t.count; /* len(x | y): the set holds only those words so far */
    ssize head = p ? flag_words(&t, a, 0, p, IN_HEAD, 2 * changed + 2) : 0;
    if (head < 0) goto done;
    if (p && head >= changed) {
        result = 1; /* the first words of the common start are as many as the changed ones */
        goto done;
    }
    if (flag_words(&t, a, 0, p, IN_COMMON, all) < 0 || flag_words(&t, a, na - s, na, IN_COMMON, all) < 0) goto done;
    ssize common = 0, shared = 0, either = 0; /* |c|, |(x & y) - c|, |(x | y) - c| */
    for (size_t i = 0; i <= t.mask; i++) {
        int f = t.slots[i].flags;
        if (f & IN_COMMON) {
            common++;
        } else if (f & (IN_X | IN_Y)) {
            either++;
            if ((f & (IN_X | IN_Y)) == (IN_X | IN_Y)) shared++;
        }
    }
    result = 2 * shared + common >= either;
done:
    PyMem_Free(t.slots);
    return result;
}

/* _common_affixes: the common prefix and suffix of a and b, each cut back to where a's characters
 * change between whitespace and not. */
static void common_affixes(PyObject *a, PyObject *b, ssize *prefix_out, ssize *suffix_out) {
    int kind = PyUnicode_KIND(a);
    const void *data = PyUnicode_DATA(a);
    ssize na = PyUnicode_GET_LENGTH(a), nb = PyUnicode_GET_LENGTH(b), n = na < nb ? na : nb;
#define SPACE_AT(i) Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, (i)))
    ssize p = prefix_chars(a, b, n) - 1;
    while (p > 0 && SPACE_AT(p - 1) == SPACE_AT(p)) p--;
    if (p < 0) p = 0;
    ssize s = suffix_chars(a, b, n - p) - 1;
    while (s > 0 && SPACE_AT(na - s - 1) == SPACE_AT(na - s)) s--;
#undef SPACE_AT
    *prefix_out = p;
    *suffix_out = s < 0 ? 0 : s;
}

PyDoc_STRVAR(in_place_doc,
             "in_place(gone, came, /)\n--\n\n"
             "revtrack.diff._lines._in_place_py, compiled: (k, k, prefix, suffix) for each line gone[k] and\n"
             "came[k] (str, as many of each) with their common ends, when every pair is alike; else None.");

/* in_place's answer for the lists gone and came: a list, or None. */
static PyObject *in_place_pairs(PyObject *gone, PyObject *came) {
    ssize n = PyList_GET_SIZE(gone);
    if (PyList_GET_SIZE(came) != n) {
        PyErr_SetString(PyExc_ValueError, "in_place: as many lines on each side");
        return NULL;
    }
    PyObject *out = PyList_New(n);
    if (!out) return NULL;
    for (ssize k = 0; k < n; k++) {
        PyObject *a = PyList_GET_ITEM(gone, k), *b = PyList_GET_ITEM(came, k);
        if (!PyUnicode_Check(a) || !PyUnicode_Check(b)) {
            PyErr_SetString(PyExc_TypeError, "in_place: lines must be str");
            goto fail;
        }
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(a) < 0 || PyUnicode_READY(b) < 0) goto fail;
#endif
        ssize p, s;
        common_affixes(a, b, &p, &s);
        int found = alike_lines(a, b, p, s);
        if (found < 0) goto fail;
        if (!found) {
            Py_DECREF(out);
            Py_RETURN_NONE;
        }
        PyObject *pair = Py_BuildValue("(nnnn)", k, k, p, s);
        if (!pair) goto fail;
        PyList_SET_ITEM(out, k, pair);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

static PyObject *in_place(PyObject *self, PyObject *args) {
    PyObject *gone, *came;
    if (!PyArg_ParseTuple(args, "O!O!:in_place", &PyList_Type, &gone, &PyList_Type, &came)) return NULL;
    return in_place_pairs(gone, came);
}

/* An edit (op, text) appended to the list (steals text). */
static int append_edit(PyObject *edits, PyObject *op, PyObject *text) {
    if (!text) return -1;
    PyObject *pair = PyTuple_Pack(2, op, text);
    Py_DECREF(text);
    if (!pair) return -1;
    int rc = PyList_Append(edits, pair);
    Py_DECREF(pair);
    return rc;
}

/* _diff_words on old[p:len(old) - s] and new[p:len(new) - s]: tokens by split, words by w; `fallback`
 * (_diff_words itself) when they hold more distinct units than codes. */
static int pair_words(Writer *w, PyObject *old, PyObject *new, ssize p, ssize s, PyObject *split, PyObject *fallback,
                      const Limits *lim) {
    PyObject *a = PyUnicode_Substring(old, p, PyUnicode_GET_LENGTH(old) - s);
    PyObject *b = a ? PyUnicode_Substring(new, p, PyUnicode_GET_LENGTH(new) - s) : NULL;
    PyObject *ua = NULL, *ub = NULL;
    int rc = -1;
    if (!b) goto done;
    if (!PyUnicode_GET_LENGTH(a) || !PyUnicode_GET_LENGTH(b)) { /* a pure insertion or removal: nothing to split */
        rc = 0;
        if (PyUnicode_GET_LENGTH(a)) {
            Py_INCREF(a);
            rc = append_edit(w->edits, w->ops[0], a);
        } else if (PyUnicode_GET_LENGTH(b)) {
            Py_INCREF(b);
            rc = append_edit(w->edits, w->ops[2], b);
        }
        goto done;
    }
    ua = PyObject_CallOneArg(split, a);
    ub = ua ? PyObject_CallOneArg(split, b) : NULL;
    if (!ub) goto done;
    int found = words_into(w, ua, ub, lim);
    if (found < 0) goto done;
    rc = 0;
    if (!found) {
        PyObject *done_ = PyObject_CallFunctionObjArgs(fallback, a, b, w->edits, NULL);
        rc = done_ ? 0 : -1;
        Py_XDECREF(done_);
    }
done:
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(ua);
    Py_XDECREF(ub);
    return rc;
}

PyDoc_STRVAR(changed_in_place_doc,
             "changed_in_place(gone, came, split, fallback, limits, ops, edits, /)\n--\n\n"
             "revtrack.diff._lines._changed_in_place_py, compiled: when in_place(gone, came) pairs every line, each\n"
             "pair written to *edits*: its common start, the words of its middles (tokens by *split*, diffed as\n"
             "words() does, or by *fallback*(old, new, edits) past limits[0] distinct units), its common end; True.\n"
             "False, with nothing written, when some pair is not alike.");

static PyObject *changed_in_place(PyObject *self, PyObject *args) {
    PyObject *gone, *came, *split, *fallback, *ops[3], *edits;
    Limits lim;
    if (!PyArg_ParseTuple(args, "O!O!OO(nnnnnnnn)(OOO)O!:changed_in_place", &PyList_Type, &gone, &PyList_Type, &came,
                          &split, &fallback, &lim.capacity, &lim.small, &lim.huge, &lim.rarest, &lim.work,
                          &lim.work_floor, &lim.shared, &lim.part, &ops[0], &ops[1], &ops[2], &PyList_Type, &edits))
        return NULL;
    if (check_limits(&lim, "changed_in_place") < 0) return NULL;
    /* Copies of the lines: split and fallback run Python code, which could change the caller's lists. */
    PyObject *a_lines = PyList_GetSlice(gone, 0, PyList_GET_SIZE(gone));
    PyObject *b_lines = a_lines ? PyList_GetSlice(came, 0, PyList_GET_SIZE(came)) : NULL;
    PyObject *pairs = b_lines ? in_place_pairs(a_lines, b_lines) : NULL, *result = NULL;
    Writer w = {edits, ops, PyUnicode_New(0, 0), {0}, {0}};
    if (!pairs || !w.empty) goto done;
    if (pairs == Py_None) {
        result = Py_False;
        Py_INCREF(result);
        goto done;
    }
    for (ssize k = 0; k < PyList_GET_SIZE(pairs); k++) {
        PyObject *old = PyList_GET_ITEM(a_lines, k), *new = PyList_GET_ITEM(b_lines, k);
        ssize p = PyLong_AsSsize_t(PyTuple_GET_ITEM(PyList_GET_ITEM(pairs, k), 2));
        ssize s = PyLong_AsSsize_t(PyTuple_GET_ITEM(PyList_GET_ITEM(pairs, k), 3));
        ssize len = PyUnicode_GET_LENGTH(old);
        if (p && append_edit(edits, ops[1], PyUnicode_Substring(old, 0, p)) < 0) goto done;
        if (pair_words(&w, old, new, p, s, split, fallback, &lim) < 0) goto done;
        if (s && append_edit(edits, ops[1], PyUnicode_Substring(old, len - s, len)) < 0) goto done;
    }
    result = Py_True;
    Py_INCREF(result);
done:
    Py_XDECREF(a_lines);
    Py_XDECREF(b_lines);
    Py_XDECREF(pairs);
    Py_XDECREF(w.empty);
    PyMem_Free(w.same.v);
    PyMem_Free(w.scratch.v);
    return result;
}

/* --- lines (revtrack.diff._lines._LINE) ------------------------------------------------------ */

/* Where the line holding data[from] ends: after its line feed, or at n. */
static ssize line_end(int kind, const void *data, ssize from, ssize n) {
    if (kind == PyUnicode_1BYTE_KIND) {
        const char *found = memchr((const char *)data + from, '\n', (size_t)(n - from));
        return found ? found - (const char *)data + 1 : n;
    }
    while (from < n && PyUnicode_READ(kind, data, from) != '\n') from++;
    return from < n ? from + 1 : n;
}

PyDoc_STRVAR(lines_doc,
             "lines(text, start, end, /)\n--\n\n"
             "revtrack.diff._lines._LINE.findall(text, start, end), compiled: the lines of text[start:end], each\n"
             "with its line break, a blank line (whitespace alone) with the line after it, whitespace at the end\n"
             "on its own.");

static PyObject *lines(PyObject *self, PyObject *args) {
    PyObject *text;
    ssize i, n;
    if (!PyArg_ParseTuple(args, "O!nn:lines", &PyUnicode_Type, &text, &i, &n)) return NULL;
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) return NULL;
#endif
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    /* Bounds as re reads pos and endpos: a negative start is 0, an end past the text is its end. */
    if (i < 0) i = 0;
    if (n > PyUnicode_GET_LENGTH(text)) n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
#define AT(k) PyUnicode_READ(kind, data, (k))
#define BLANK(c) ((c) != '\n' && Py_UNICODE_ISSPACE(c)) /* [^\S\n] */
#define LINE_END(k) line_end(kind, data, (k), n)
    while (i < n) {
        ssize j = i, end;
        while (j < n && BLANK(AT(j))) j++;
        if (j < n && AT(j) == '\n') {
            ssize k = j + 1;
            while (k < n && BLANK(AT(k))) k++;
            if (k < n && !Py_UNICODE_ISSPACE(AT(k))) { /* a blank line, then a line */
                end = LINE_END(k);
            } else { /* a blank line alone */
                end = j + 1;
            }
        } else if (j < n) { /* a line (its first character that is not whitespace is at j) */
            end = LINE_END(j);
        } else { /* whitespace at the end */
            end = n;
        }
        PyObject *line = PyUnicode_Substring(text, i, end);
        if (!line || PyList_Append(out, line) < 0) {
            Py_XDECREF(line);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(line);
        i = end;
    }
#undef AT
#undef BLANK
#undef LINE_END
    return out;
}

/* --- a patch's lines (revtrack.patch._patch_lines_py) ------------------------------------------ */

/* n in decimal at p; returns the characters written (at most 20). */
static int decimal(char *p, ssize n) {
    char digits[24];
    int len = 0, at = 0;
    size_t u = n < 0 ? (size_t)0 - (size_t)n : (size_t)n;
    do {
        digits[len++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (n < 0) p[at++] = '-';
    while (len) p[at++] = digits[--len];
    return at;
}

/* _coords: a hunk header's "start,length", as diff-match-patch writes it, at p; the characters written. */
static int coords(char *p, ssize start, ssize length) {
    if (length == 1) return decimal(p, start + 1);
    int at = decimal(p, length == 0 ? start : start + 1);
    p[at++] = ',';
    return at + decimal(p + at, length);
}

/* The patch being written: its pieces, in order, joined at the end. */
typedef struct {
    PyObject *out;        /* list of str */
    PyObject *signs[3];   /* "-", " ", "+" */
    PyObject *line_end;   /* "\0" */
} PatchWriter;

/* A line of the patch: its sign (op -1, 0, 1), the text, NUL. */
static int patch_line(PatchWriter *w, int op, PyObject *text) {
    if (PyList_Append(w->out, w->signs[op + 1]) < 0 || PyList_Append(w->out, text) < 0) return -1;
    return PyList_Append(w->out, w->line_end);
}

static int patch_context(PatchWriter *w, PyObject *old, ssize start, ssize end) {
    PyObject *text = PyUnicode_Substring(old, start, end);
    if (!text) return -1;
    int rc = patch_line(w, EQ, text);
    Py_DECREF(text);
    return rc;
}

/* A place in old as a slice's end reads it: past the end, the end. */
static ssize clip(PyObject *old, ssize at) { return at < PyUnicode_GET_LENGTH(old) ? at : PyUnicode_GET_LENGTH(old); }

/* The open hunk closed: its trailing context written, its header put in its place. */
static int patch_close(PatchWriter *w, PyObject *old, ssize header, ssize start, ssize old_start, ssize prefix,
                       ssize length1, ssize length2, ssize margin) {
    ssize end = old_start + length1, from = clip(old, end), suffix = clip(old, end + margin) - from;
    if (suffix > 0 && patch_context(w, old, from, from + suffix) < 0) return -1;
    if (suffix < 0) suffix = 0;
    ssize context = prefix + suffix, first = start - prefix;
    char line[128]; /* "@@ -" coords " +" coords " @@" NUL: four numbers of at most 20 characters */
    int len = 0;
    memcpy(line, "@@ -", 4);
    len = 4 + coords(line + 4, first, length1 + context);
    memcpy(line + len, " +", 2);
    len += 2 + coords(line + len + 2, first, length2 + context);
    memcpy(line + len, " @@", 3);
    len += 3;
    line[len] = '\0'; /* the line end, NUL while the patch is built */
    PyObject *text = PyUnicode_FromStringAndSize(line, len + 1);
    if (!text) return -1;
    return PyList_SetItem(w->out, header, text); /* steals text */
}

/* Which of ops (delete, equal, insert) op is: -1, 0 or 1; 2 for none of them; -2 on error. */
static int which_op(PyObject *op, PyObject *ops[3]) {
    for (int k = 0; k < 3; k++)
        if (op == ops[k]) return k - 1;
    for (int k = 0; k < 3; k++) {
        int same = PyObject_RichCompareBool(op, ops[k], Py_EQ);
        if (same < 0) return -2;
        if (same) return k - 1;
    }
    return 2;
}

PyDoc_STRVAR(patch_lines_doc,
             "patch_lines(old, diffs, ops, margin, /)\n--\n\n"
             "revtrack.patch._patch_lines_py, compiled: the lines of the patch of *diffs* ((op, text) pairs, op\n"
             "one of *ops*: delete, equal, insert) applied to *old*, each ended by NUL and not escaped, with\n"
             "*margin* characters of context; None for an op that is none of the three.");

static PyObject *patch_lines(PyObject *self, PyObject *args) {
    PyObject *old, *diffs_in, *ops[3];
    ssize margin;
    if (!PyArg_ParseTuple(args, "O!O(OOO)n:patch_lines", &PyUnicode_Type, &old, &diffs_in, &ops[0], &ops[1],
                          &ops[2], &margin))
        return NULL;
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(old) < 0) return NULL;
#endif
    if (margin < 0) {
        PyErr_SetString(PyExc_ValueError, "patch_lines: margin must not be negative");
        return NULL;
    }
    PyObject *diffs = PySequence_Tuple(diffs_in), *result = NULL;
    PatchWriter w = {PyList_New(0), {PyUnicode_FromString("-"), PyUnicode_FromString(" "), PyUnicode_FromString("+")},
                     PyUnicode_FromStringAndSize("\0", 1)};
    if (!diffs || !w.out || !w.signs[0] || !w.signs[1] || !w.signs[2] || !w.line_end) goto done;
    ssize count = PyTuple_GET_SIZE(diffs), last = count - 1;
    ssize header = -1, start = 0, old_start = 0, prefix = 0, length1 = 0, length2 = 0, pos_old = 0, pos_new = 0;
    for (ssize x = 0; x < count; x++) {
        PyObject *item = PyTuple_GET_ITEM(diffs, x);
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2 || !PyUnicode_Check(PyTuple_GET_ITEM(item, 1))) {
            PyErr_SetString(PyExc_TypeError, "patch_lines: diffs are (op, str) pairs");
            goto done;
        }
        PyObject *text = PyTuple_GET_ITEM(item, 1);
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(text) < 0) goto done;
#endif
        int op = which_op(PyTuple_GET_ITEM(item, 0), ops);
        if (op == -2) goto done;
        if (op == 2) {
            result = Py_None;
            Py_INCREF(result);
            goto done;
        }
        if (header < 0 && op != EQ) { /* a hunk opens, after its leading context */
            start = pos_new;
            old_start = pos_old;
            header = PyList_GET_SIZE(w.out);
            if (PyList_Append(w.out, w.line_end) < 0) goto done; /* its header's place */
            ssize from = clip(old, old_start - margin > 0 ? old_start - margin : 0);
            prefix = clip(old, old_start) - from;
            if (prefix > 0 && patch_context(&w, old, from, from + prefix) < 0) goto done;
            if (prefix < 0) prefix = 0;
        }
        ssize size = PyUnicode_GET_LENGTH(text);
        if (op == INS) {
            if (patch_line(&w, INS, text) < 0) goto done;
            length2 += size;
            pos_new += size;
            continue;
        }
        if (op == DEL) {
            if (patch_line(&w, DEL, text) < 0) goto done;
            length1 += size;
            pos_old += size;
            continue;
        }
        if (header >= 0) {
            if (size <= 2 * margin && x != last) { /* a short unchanged stretch inside the hunk */
                if (patch_line(&w, EQ, text) < 0) goto done;
                length1 += size;
                length2 += size;
            }
            if (size >= 2 * margin) {
                if (patch_close(&w, old, header, start, old_start, prefix, length1, length2, margin) < 0) goto done;
                header = -1;
                length1 = length2 = 0;
            }
        }
        pos_old += size;
        pos_new += size;
    }
    if (header >= 0 && patch_close(&w, old, header, start, old_start, prefix, length1, length2, margin) < 0) goto done;
    PyObject *empty = PyUnicode_New(0, 0);
    if (!empty) goto done;
    result = PyUnicode_Join(empty, w.out);
    Py_DECREF(empty);
done:
    Py_XDECREF(diffs);
    Py_XDECREF(w.out);
    for (int k = 0; k < 3; k++) Py_XDECREF(w.signs[k]);
    Py_XDECREF(w.line_end);
    return result;
}

/* --- pieces of a text diff joined (revtrack.diff._lines._merge) ------------------------------------ */

/* An `edit` (a tuple subclass: revtrack.diff.Edit) of op and text, made as tuple.__new__(edit, ...) makes it. */
static PyObject *make_edit(PyTypeObject *edit, PyObject *op, PyObject *text) {
    PyObject *e = edit->tp_alloc(edit, 2);
    if (!e) return NULL;
    Py_INCREF(op);
    Py_INCREF(text);
    PyTuple_SET_ITEM(e, 0, op);
    PyTuple_SET_ITEM(e, 1, text);
    return e;
}

typedef struct {
    PyObject *out; /* list of edits */
    PyObject **ops;
    PyTypeObject *edit;
    PyObject *write; /* _flush */
    PyObject *keep;  /* what `write` returned, alive while its texts are read */
    Slices gone, came, same;
} Merger;

static int merge_append(Merger *m, int op, PyObject *text) { /* steals text */
    if (!text) return -1;
    PyObject *e = make_edit(m->edit, m->ops[op + 1], text);
    Py_DECREF(text);
    if (!e) return -1;
    int rc = PyList_Append(m->out, e);
    Py_DECREF(e);
    return rc;
}

/* The (op, text) pairs `write` put in out from `from` on made edits. */
static int merge_edits(Merger *m, ssize from) {
    for (ssize k = from; k < PyList_GET_SIZE(m->out); k++) {
        PyObject *item = PyList_GET_ITEM(m->out, k);
        if (Py_TYPE(item) == m->edit) continue;
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2) {
            PyErr_SetString(PyExc_TypeError, "merge: write must put (op, text) pairs");
            return -1;
        }
        PyObject *e = make_edit(m->edit, PyTuple_GET_ITEM(item, 0), PyTuple_GET_ITEM(item, 1));
        if (!e || PyList_SetItem(m->out, k, e) < 0) return -1; /* steals e */
    }
    return 0;
}

/* The removal and insertion waiting (either may be empty) written: as they are, or, when both begin or
 * both end with the same character (they may share tokens), by `write`, whose answer is the start of
 * the equal text after them. */
static int merge_change(Merger *m) {
    PyObject *removed = join_slices(m->gone.v, m->gone.n);
    if (!removed) return -1;
    PyObject *added = join_slices(m->came.v, m->came.n);
    if (!added) {
        Py_DECREF(removed);
        return -1;
    }
    m->gone.n = m->came.n = 0;
    m->same.n = 0;
    ssize nr = PyUnicode_GET_LENGTH(removed), na = PyUnicode_GET_LENGTH(added);
    if (nr && na &&
        (PyUnicode_READ_CHAR(removed, 0) == PyUnicode_READ_CHAR(added, 0) ||
         PyUnicode_READ_CHAR(removed, nr - 1) == PyUnicode_READ_CHAR(added, na - 1))) {
        ssize before = PyList_GET_SIZE(m->out);
        PyObject *same = PyObject_CallFunctionObjArgs(m->write, m->out, removed, added, NULL);
        Py_DECREF(removed);
        Py_DECREF(added);
        if (!same) return -1;
        int rc = PyList_Check(same) ? PyList_Append(m->keep, same) : -1;
        if (!PyList_Check(same)) PyErr_SetString(PyExc_TypeError, "merge: write must return a list of str");
        for (ssize k = 0; rc == 0 && k < PyList_GET_SIZE(same); k++) {
            PyObject *text = PyList_GET_ITEM(same, k);
            if (!PyUnicode_Check(text)) {
                PyErr_SetString(PyExc_TypeError, "merge: write must return a list of str");
                rc = -1;
            } else {
                rc = slices_add(&m->same, text, 0, PyUnicode_GET_LENGTH(text));
            }
        }
        Py_DECREF(same);
        if (rc == 0) rc = merge_edits(m, before > 0 ? before - 1 : 0);
        return rc;
    }
    int rc = 0;
    if (nr) {
        Py_INCREF(removed);
        rc = merge_append(m, DEL, removed);
    }
    if (rc == 0 && na) {
        Py_INCREF(added);
        rc = merge_append(m, INS, added);
    }
    Py_DECREF(removed);
    Py_DECREF(added);
    return rc;
}

PyDoc_STRVAR(merge_doc,
             "merge(pieces, ops, edit, write, /)\n--\n\n"
             "revtrack.diff._lines._merge, compiled: the (op, text) *pieces* (op one of *ops*: delete, equal,\n"
             "insert) with empty ones dropped, neighbours of one kind joined, and between two equal stretches\n"
             "one removal then one insertion, as *edit* objects (a tuple subclass). A removal and insertion\n"
             "that both begin or both end with the same character are written by *write* (out, removed,\n"
             "added), which returns the start of the equal text after them; any other is written as it is.");

static PyObject *merge(PyObject *self, PyObject *args) {
    PyObject *pieces_in, *ops[3], *write;
    PyTypeObject *edit;
    if (!PyArg_ParseTuple(args, "O(OOO)O!O:merge", &pieces_in, &ops[0], &ops[1], &ops[2], &PyType_Type, &edit,
                          &write))
        return NULL;
    if (!PyType_IsSubtype(edit, &PyTuple_Type) || !PyCallable_Check(write)) {
        PyErr_SetString(PyExc_TypeError, "merge: edit must be a tuple subclass and write callable");
        return NULL;
    }
    Merger m = {PyList_New(0), ops, edit, write, PyList_New(0), {0}, {0}, {0}};
    /* A tuple of its own: `write` runs Python code, which could change the caller's list. */
    PyObject *pieces = PySequence_Tuple(pieces_in), *result = NULL;
    if (!pieces || !m.out || !m.keep) goto done;
    for (ssize k = 0; k < PyTuple_GET_SIZE(pieces); k++) {
        PyObject *item = PyTuple_GET_ITEM(pieces, k);
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2 || !PyUnicode_Check(PyTuple_GET_ITEM(item, 1))) {
            PyErr_SetString(PyExc_TypeError, "merge: pieces are (op, str) pairs");
            goto done;
        }
        PyObject *text = PyTuple_GET_ITEM(item, 1);
        if (PyUnicode_GET_LENGTH(text) == 0) continue;
        int op = which_op(PyTuple_GET_ITEM(item, 0), ops);
        if (op == -2) goto done;
        if (op == EQ) {
            if ((m.gone.n || m.came.n) && merge_change(&m) < 0) goto done;
            if (slices_add(&m.same, text, 0, PyUnicode_GET_LENGTH(text)) < 0) goto done;
        } else {
            if (m.same.n) {
                if (merge_append(&m, EQ, join_slices(m.same.v, m.same.n)) < 0) goto done;
                m.same.n = 0;
            }
            if (slices_add(op == DEL ? &m.gone : &m.came, text, 0, PyUnicode_GET_LENGTH(text)) < 0) goto done;
        }
    }
    if ((m.gone.n || m.came.n) && merge_change(&m) < 0) goto done;
    if (m.same.n && merge_append(&m, EQ, join_slices(m.same.v, m.same.n)) < 0) goto done;
    result = m.out;
    m.out = NULL;
done:
    Py_XDECREF(pieces);
    Py_XDECREF(m.out);
    Py_XDECREF(m.keep);
    PyMem_Free(m.gone.v);
    PyMem_Free(m.came.v);
    PyMem_Free(m.same.v);
    return result;
}

/* --- the tokens of ASCII text (revtrack.text: split_nonspace, split_units) ------------------------- */

/* The ASCII classes of text.py's rules: \s (str.isspace), \w, and the characters that join two runs
 * of word characters into one word (_JOIN_ASCII). */
static int a_space(Py_UCS1 c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f); }
static int a_alpha(Py_UCS1 c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int a_word(Py_UCS1 c) { return a_alpha(c) || (c >= '0' && c <= '9') || c == '_'; }
static int a_join(Py_UCS1 c) {
    return c == '\'' || c == '.' || c == ':' || c == ',' || c == '/' || c == '@' || c == '&' || c == '-';
}

/* Where the token that starts at c[i] (not whitespace) ends: the first of text.py's alternatives that
 * matches there, as the regex tries them. */
static ssize a_token_end(const Py_UCS1 *c, ssize n, ssize i) {
    ssize p = i;
    if (a_alpha(c[i])) { /* _PLAIN_ASCII: letters, then nothing that could extend them */
        while (p < n && a_alpha(c[p])) p++;
        if (p == n || !(a_word(c[p]) || a_join(c[p]))) return p;
    }
    if (!a_word(c[i])) return i + 1; /* any other character */
    /* (?:\w\.){2,}(?!\w): the greedy repetition; giving some back cannot help, as a word
     * character follows every shorter one. */
    ssize reps = 0;
    for (p = i; p + 1 < n && a_word(c[p]) && c[p + 1] == '.'; p += 2) reps++;
    if (reps >= 2 && (p == n || !a_word(c[p]))) return p;
    /* \w+(?:[join]\w+)* */
    for (p = i; p < n && a_word(c[p]);) p++;
    while (p + 1 < n && a_join(c[p]) && a_word(c[p + 1]))
        for (p++; p < n && a_word(c[p]);) p++;
    return p;
}

PyDoc_STRVAR(ascii_tokens_doc,
             "ascii_tokens(text, units, /)\n--\n\n"
             "revtrack.text.split_nonspace (*units* false) or split_units (true), compiled for ASCII *text*:\n"
             "the tokens that are not whitespace, or each with the whitespace before it (and trailing\n"
             "whitespace as a unit of its own). None for text that is not ASCII.");

static PyObject *ascii_tokens(PyObject *self, PyObject *args) {
    PyObject *text;
    int units;
    if (!PyArg_ParseTuple(args, "O!p:ascii_tokens", &PyUnicode_Type, &text, &units)) return NULL;
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) return NULL;
#endif
    if (!PyUnicode_IS_ASCII(text)) Py_RETURN_NONE;
    const Py_UCS1 *c = PyUnicode_1BYTE_DATA(text);
    ssize n = PyUnicode_GET_LENGTH(text), i = 0;
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    while (i < n) {
        ssize start = i;
        while (i < n && a_space(c[i])) i++;
        if (!units) start = i;
        ssize end = i < n ? a_token_end(c, n, i) : n;
        if (end == start) break; /* nothing left but (for tokens) whitespace */
        PyObject *token = PyUnicode_Substring(text, start, end);
        if (!token || PyList_Append(out, token) < 0) {
            Py_XDECREF(token);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(token);
        i = end;
    }
    return out;
}

PyDoc_STRVAR(ascii_runs_doc,
             "ascii_runs(text, revs, /)\n--\n\n"
             "revtrack.provenance._model._runs_py, compiled for ASCII *text*: (start, end, revision) of each run\n"
             "of its non-space tokens of one revision (*revs*: the revision of each token, compared with ==).\n"
             "None for text that is not ASCII or has more tokens than *revs* (Python answers those).");

static PyObject *ascii_runs(PyObject *self, PyObject *args) {
    PyObject *text, *revs_in;
    if (!PyArg_ParseTuple(args, "O!O:ascii_runs", &PyUnicode_Type, &text, &revs_in)) return NULL;
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) return NULL;
#endif
    if (!PyUnicode_IS_ASCII(text)) Py_RETURN_NONE;
    PyObject *revs = PySequence_Fast(revs_in, "ascii_runs: revs must be a sequence");
    if (!revs) return NULL;
    const Py_UCS1 *c = PyUnicode_1BYTE_DATA(text);
    ssize n = PyUnicode_GET_LENGTH(text), i = 0, k = 0, nrevs = PySequence_Fast_GET_SIZE(revs);
    ssize start = -1, end = -1;
    PyObject *rev = NULL, *out = PyList_New(0), *result = NULL;
    if (!out) goto done;
    for (;;) {
        while (i < n && a_space(c[i])) i++;
        ssize a = i, b = i < n ? a_token_end(c, n, i) : n;
        PyObject *r = i < n ? (k < nrevs ? PySequence_Fast_GET_ITEM(revs, k) : NULL) : NULL;
        if (i < n && !r) { /* more tokens than revisions: the Python path says what is wrong */
            result = Py_None;
            Py_INCREF(result);
            goto done;
        }
        int same = 0;
        if (r && rev && (same = PyObject_RichCompareBool(rev, r, Py_EQ)) < 0) goto done;
        if (same) {
            end = b;
        } else {
            if (rev) {
                PyObject *run = Py_BuildValue("(nnO)", start, end, rev);
                if (!run || PyList_Append(out, run) < 0) {
                    Py_XDECREF(run);
                    goto done;
                }
                Py_DECREF(run);
            }
            if (!r) break;
            rev = r;
            start = a;
            end = b;
        }
        i = b;
        k++;
    }
    result = PyList_AsTuple(out);
done:
    Py_DECREF(revs);
    Py_XDECREF(out);
    return result;
}

/* --- where the sentences of an ASCII line begin (revtrack.sentences._ascii_spans) -------------------- */

/* The ASCII members of the splitter's character classes (made from sentences.py's strings each call). */
typedef struct {
    unsigned char strict_closer[128], closer[128], opener[128], terminal[128], end[128];
    PyObject *titles, *street, *never_final, *ambiguous, *ambiguous_cap, *times, *fronting, *starters,
        *german_months, *ordinal_lead, *german_starters;
} Rules;

/* A token: c[a:b] of the line (or of a scratch buffer for two tokens joined). */
typedef struct {
    const Py_UCS1 *c;
    ssize n;
} Tok;

static int r_set(const Rules *r, PyObject *set, const Py_UCS1 *c, ssize n, int lower) {
    PyObject *s = PyUnicode_New(n, 127);
    if (!s) return -1;
    Py_UCS1 *o = PyUnicode_1BYTE_DATA(s);
    for (ssize i = 0; i < n; i++) o[i] = lower && c[i] >= 'A' && c[i] <= 'Z' ? (Py_UCS1)(c[i] + 32) : c[i];
    int found = PySet_Contains(set, s);
    Py_DECREF(s);
    return found;
}

/* token.lstrip(_OPENERS). */
static Tok r_lstrip_openers(const Rules *r, Tok t) {
    while (t.n && r->opener[t.c[0]]) {
        t.c++;
        t.n--;
    }
    return t;
}

/* _core: the token without trailing closers, then without leading openers. */
static Tok r_core(const Rules *r, Tok t) {
    while (t.n && r->closer[t.c[t.n - 1]]) t.n--;
    return r_lstrip_openers(r, t);
}

static int r_only_closers(const Rules *r, Tok t) {
    for (ssize i = 0; i < t.n; i++)
        if (!r->strict_closer[t.c[i]]) return 0;
    return t.n > 0;
}

static int r_is_dots(const Rules *r, Tok t) {
    t = r_core(r, t);
    for (ssize i = 0; i < t.n; i++)
        if (t.c[i] != '.') return 0;
    return t.n > 0;
}

static ssize r_count_dots(Tok t) {
    ssize k = 0;
    for (ssize i = 0; i < t.n; i++) k += t.c[i] == '.';
    return k;
}

static int a_lower(Py_UCS1 c) { return c >= 'a' && c <= 'z'; }
static int a_upper(Py_UCS1 c) { return c >= 'A' && c <= 'Z'; }
static int a_alnum(Py_UCS1 c) { return a_alpha(c) || (c >= '0' && c <= '9'); }

static int r_starts_lower(Tok t) {
    for (ssize i = 0; i < t.n; i++)
        if (a_alnum(t.c[i])) return a_lower(t.c[i]);
    return 0;
}

static int r_capitalized(const Rules *r, Tok t) {
    t = r_lstrip_openers(r, t);
    return t.n && a_upper(t.c[0]);
}

/* _leading_word: the letters the token begins with (after openers, within 32 characters), and the
 * character after them (-1 for none). */
static Tok r_leading_word(const Rules *r, Tok t, int *after) {
    t = r_lstrip_openers(r, t);
    if (t.n > 32) t.n = 32;
    ssize k = 0;
    while (k < t.n && a_alpha(t.c[k])) k++;
    *after = k && k < t.n ? t.c[k] : -1;
    return (Tok){t.c, k};
}

static int r_is_starter(const Rules *r, Tok t) {
    int after;
    Tok w = r_leading_word(r, t, &after);
    if (!w.n || !a_upper(w.c[0]) || (w.n == 1 && after == '.')) return 0;
    return r_set(r, r->starters, w.c, w.n, 1);
}

static int r_is_title(const Rules *r, Tok t) {
    int after;
    Tok w = r_leading_word(r, t, &after);
    if (after != '.') return 0;
    return r_set(r, r->titles, w.c, w.n, 0);
}

/* (?:[letter]{1,2}\.)+[letter]{1,2}, whole. */
static int r_dotted(Tok t) {
    ssize i = 0, groups = 0;
    for (;;) {
        ssize k = 0;
        while (i < t.n && a_alpha(t.c[i]) && k < 3) {
            i++;
            k++;
        }
        if (k < 1 || k > 2) return 0;
        if (i == t.n) return groups > 0;
        if (t.c[i] != '.') return 0;
        i++;
        groups++;
    }
}

#define R_TRY(x)                                                                                                      \
    do {                                                                                                              \
        int _v = (x);                                                                                                 \
        if (_v) return _v;                                                                                            \
    } while (0)

static int r_bullet(Tok t);

/* _ends_after: whether the sentence ends after token t, word i of w (or its stand-in); 1, 0 or -1. */
static int r_ends_after(const Rules *r, Tok t, const Tok *w, ssize n, ssize i, ssize sent_start) {
    /* sentences._TABLE_MARKS: wiki table syntax between cells */
    if ((t.n == 2 && t.c[0] == '!' && t.c[1] == '!') || (t.n == 5 && memcmp(t.c, "{{!}}", 5) == 0)) return 0;
    if (t.n == 1 && t.c[0] == '!' && i == 0) return 0; /* "! Header !! Header" begins a table row */
    Tok core = r_core(r, t);
    if (!core.n || !r->terminal[core.c[core.n - 1]]) return 0; /* no script stop is ASCII-led */
    Tok nxt = w[i + 1];
    if (r_only_closers(r, nxt)) nxt = w[i + 2];
    if (core.c[core.n - 1] != '.' || (core.n > 1 && r->terminal[core.c[core.n - 2]])) return !r_starts_lower(nxt);
    Tok word = {core.c, core.n - 1};
    while (word.n && r->closer[word.c[word.n - 1]]) word.n--;
    for (ssize k = word.n; k-- > 0;) /* a template's value: "|first=J. A." */
        if (word.c[k] == '=' || word.c[k] == '|') {
            if (k + 1 < word.n) {
                word.c += k + 1;
                word.n -= k + 1;
            }
            break;
        }
    Tok prev = i > sent_start ? w[i - 1] : (Tok){NULL, 0};
    int v = r_set(r, r->titles, word.c, word.n, 0);
    if (v < 0) return -1;
    if (v) {
        v = r_set(r, r->street, word.c, word.n, 0);
        if (v < 0) return -1;
        return v && r_capitalized(r, prev) ? r_is_starter(r, nxt) : 0;
    }
    if ((v = r_set(r, r->never_final, word.c, word.n, 1)) != 0) return v < 0 ? -1 : 0;
    if ((v = r_set(r, r->times, word.c, word.n, 1)) != 0) {
        if (v < 0) return -1;
        if (i - sent_start < 5 && r_capitalized(r, w[sent_start])) {
            Tok first = r_core(r, w[sent_start]);
            if ((v = r_set(r, r->fronting, first.c, first.n, 1)) != 0) return v < 0 ? -1 : 0;
        }
        R_TRY(r_is_starter(r, nxt));
        return r_is_title(r, nxt);
    }
    if (word.n == 1 && a_alpha(word.c[0])) {
        /* the pronoun ("you and I. Did"), not a numeral that begins a sentence or a heading ("## I. Terms") */
        if (word.c[0] == 'I' && prev.n && !r_capitalized(r, prev) && !r_bullet(prev)) return !r_starts_lower(nxt);
        return r_is_starter(r, nxt);
    }
    int digits = word.n >= 1 && word.n <= 3;
    for (ssize k = 0; k < word.n && digits; k++) digits = word.c[k] >= '0' && word.c[k] <= '9';
    if (digits) {
        Tok after = r_core(r, nxt);
        int number = 0;
        for (ssize k = 0; k < word.n; k++) number = number * 10 + (word.c[k] - '0');
        if ((v = r_set(r, r->german_months, after.c, after.n, 0)) < 0) return -1;
        if (v && number <= 31) return 0;
        Tok lead = r_core(r, prev);
        if ((v = r_set(r, r->ordinal_lead, lead.c, lead.n, 1)) < 0) return -1;
        if (v) {
            if ((v = r_set(r, r->german_starters, after.c, after.n, 1)) < 0) return -1;
            if (!v) return 0;
        }
    }
    if ((v = r_set(r, r->ambiguous, word.c, word.n, 1)) < 0) return -1;
    if (!v && (v = r_set(r, r->ambiguous_cap, word.c, word.n, 0)) < 0) return -1;
    if (!v && word.n <= 12 && memchr(word.c, '.', (size_t)word.n)) v = r_dotted(word);
    if (v) return r_is_starter(r, nxt);
    return !r_starts_lower(nxt);
}

/* _ends_before_ellipsis. */
static int r_ends_before_ellipsis(const Rules *r, const Tok *w, const char *dot, ssize n, ssize i) {
    Tok core = r_core(r, w[i]);
    if (!core.n || !r->terminal[core.c[core.n - 1]]) return 0;
    ssize j = i + 1, total = 0;
    while (j < n && dot[j] && total <= 3) total += r_count_dots(w[j++]);
    return total == 3 && j < n && !dot[j] && !r_starts_lower(w[j]);
}

/* Whether token t is a bullet (the ASCII ones of sentences._BULLETS) or a heading's mark
 * (sentences._HEADING: 1 to 6 '#', or 2 to 6 '='), after which a list marker may come. */
static int r_bullet(Tok t) {
    if (t.n == 0) return 0;
    if (t.n == 1 && (t.c[0] == '*' || t.c[0] == '-')) return 1;
    if (t.n > 6 || (t.c[0] != '#' && t.c[0] != '=') || (t.c[0] == '=' && t.n < 2)) return 0;
    for (ssize k = 1; k < t.n; k++)
        if (t.c[k] != t.c[0]) return 0;
    return 1;
}

/* Whether token t is a list marker ([*]?\(?(\d{1,3}|[a-z])(\.\)|\.|\)), whole): such lines go to Python. */
static int r_marker(Tok t) {
    ssize i = 0;
    if (i < t.n && t.c[i] == '*') i++;
    if (i < t.n && t.c[i] == '(') i++;
    ssize d = 0;
    while (i + d < t.n && t.c[i + d] >= '0' && t.c[i + d] <= '9' && d < 4) d++;
    if (d >= 1 && d <= 3)
        i += d;
    else if (d == 0 && i < t.n && a_lower(t.c[i]))
        i++;
    else
        return 0;
    if (i + 2 == t.n && t.c[i] == '.' && t.c[i + 1] == ')') return 1;
    return i + 1 == t.n && (t.c[i] == '.' || t.c[i] == ')');
}

static int fill_class(unsigned char *table, PyObject *chars) {
    memset(table, 0, 128);
    if (!PyUnicode_Check(chars) || !PyUnicode_IS_ASCII(chars)) {
        PyErr_SetString(PyExc_TypeError, "ascii_sentences: character classes are ASCII str");
        return -1;
    }
    for (ssize i = 0; i < PyUnicode_GET_LENGTH(chars); i++) table[PyUnicode_1BYTE_DATA(chars)[i]] = 1;
    return 0;
}

PyDoc_STRVAR(ascii_sentences_doc,
             "ascii_sentences(line, classes, words, /)\n--\n\n"
             "revtrack.sentences._ascii_spans, compiled: the sentences of one ASCII line (no line break\n"
             "inside), as a flat list start, end, start, end... of offsets in it; None for a line that is\n"
             "not ASCII or that begins with a list marker (Python splits those). *classes*: the ASCII\n"
             "members of (strict closers, closers, openers, terminators, sentence-ending characters);\n"
             "*words*: the sets (titles, street titles, never final, ambiguous, ambiguous capitalized,\n"
             "times, fronting, starters, German months, ordinal leads, German starters).");

static PyObject *ascii_sentences(PyObject *self, PyObject *args) {
    PyObject *line, *classes[5];
    Rules r;
    if (!PyArg_ParseTuple(args, "O!(OOOOO)(O!O!O!O!O!O!O!O!O!O!O!):ascii_sentences", &PyUnicode_Type, &line,
                          &classes[0], &classes[1], &classes[2], &classes[3], &classes[4], &PyFrozenSet_Type,
                          &r.titles, &PyFrozenSet_Type, &r.street, &PyFrozenSet_Type, &r.never_final,
                          &PyFrozenSet_Type, &r.ambiguous, &PyFrozenSet_Type, &r.ambiguous_cap, &PyFrozenSet_Type,
                          &r.times, &PyFrozenSet_Type, &r.fronting, &PyFrozenSet_Type, &r.starters,
                          &PyFrozenSet_Type, &r.german_months, &PyFrozenSet_Type, &r.ordinal_lead,
                          &PyFrozenSet_Type, &r.german_starters))
        return NULL;
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(line) < 0) return NULL;
#endif
    if (fill_class(r.strict_closer, classes[0]) < 0 || fill_class(r.closer, classes[1]) < 0 ||
        fill_class(r.opener, classes[2]) < 0 || fill_class(r.terminal, classes[3]) < 0 ||
        fill_class(r.end, classes[4]) < 0)
        return NULL;
    if (!PyUnicode_IS_ASCII(line)) Py_RETURN_NONE;
    const Py_UCS1 *c = PyUnicode_1BYTE_DATA(line);
    ssize len = PyUnicode_GET_LENGTH(line), n = 0;
    for (ssize i = 0; i < len;) { /* str.split(): the tokens */
        while (i < len && a_space(c[i])) i++;
        if (i == len) break;
        n++;
        while (i < len && !a_space(c[i])) i++;
    }
    if (n == 0) return PyList_New(0);
    PyObject *out = NULL;
    Tok *w = (Tok *)PyMem_Malloc((size_t)n * sizeof(Tok));
    char *dot = (char *)PyMem_Calloc((size_t)n, 1);
    ssize *starts = (ssize *)PyMem_Malloc((size_t)(n + 1) * sizeof(ssize));
    Py_UCS1 *joined = NULL;
    if (!w || !dot || !starts) {
        PyErr_NoMemory();
        goto done;
    }
    n = 0;
    for (ssize i = 0; i < len;) {
        while (i < len && a_space(c[i])) i++;
        if (i == len) break;
        ssize a = i;
        while (i < len && !a_space(c[i])) i++;
        w[n++] = (Tok){c + a, i - a};
    }
    Tok first = w[0];
    if (n > 1 && r_bullet(first)) first = w[1]; /* _BULLETS, _HEADING */
    if (first.n <= 8 && r_marker(first)) {
        out = Py_None;
        Py_INCREF(out);
        goto done;
    }
    for (ssize i = 0; i < n; i++) {
        Py_UCS1 last = w[i].c[w[i].n - 1];
        dot[i] = (last == '.' || r.closer[last]) && r_is_dots(&r, w[i]);
    }
    ssize found = 0, sent_start = 0, run_dots = 0, prev_run = 0, last = -1;
    starts[found++] = 0;
    for (ssize i = 0; i < n - 1; i++) {
        if (!r.end[w[i].c[w[i].n - 1]]) continue; /* only these may end a sentence */
        if (i > last + 1) run_dots = 0;
        last = i;
        prev_run = run_dots;
        run_dots = dot[i] ? run_dots + r_count_dots(w[i]) : 0;
        int brk;
        if (r_only_closers(&r, w[i + 1])) {
            brk = 0; /* a spaced closing quote stays with its sentence */
        } else if (dot[i + 1]) {
            brk = !dot[i] && r_ends_before_ellipsis(&r, w, dot, n, i);
        } else if (dot[i] || (r_only_closers(&r, w[i]) && i > sent_start && dot[i - 1])) {
            brk = (dot[i] ? run_dots : prev_run) != 3 && !r_starts_lower(w[i + 1]);
        } else if (r_only_closers(&r, w[i])) {
            if (i > sent_start) {
                PyMem_Free(joined);
                joined = (Py_UCS1 *)PyMem_Malloc((size_t)(w[i - 1].n + w[i].n));
                if (!joined) {
                    PyErr_NoMemory();
                    goto done;
                }
                memcpy(joined, w[i - 1].c, (size_t)w[i - 1].n);
                memcpy(joined + w[i - 1].n, w[i].c, (size_t)w[i].n);
                brk = r_ends_after(&r, (Tok){joined, w[i - 1].n + w[i].n}, w, n, i - 1, sent_start);
            } else {
                brk = 0;
            }
        } else {
            brk = r_ends_after(&r, w[i], w, n, i, sent_start);
        }
        if (brk < 0) goto done;
        if (brk) {
            sent_start = i + 1;
            starts[found++] = sent_start;
        }
    }
    out = PyList_New(2 * found);
    if (!out) goto done;
    for (ssize k = 0; k < found; k++) {
        ssize a = w[starts[k]].c - c, last_word = k + 1 < found ? starts[k + 1] - 1 : n - 1;
        ssize b = w[last_word].c + w[last_word].n - c;
        PyObject *x = PyLong_FromSsize_t(a), *y = x ? PyLong_FromSsize_t(b) : NULL;
        if (!y) {
            Py_XDECREF(x);
            Py_CLEAR(out);
            goto done;
        }
        PyList_SET_ITEM(out, 2 * k, x);
        PyList_SET_ITEM(out, 2 * k + 1, y);
    }
done:
    PyMem_Free(w);
    PyMem_Free(dot);
    PyMem_Free(starts);
    PyMem_Free(joined);
    return out;
}

/* --- a sentence's counted words (revtrack.provenance._model._words_of_py) ------------------------ */

/* Whether token t holds a letter or digit (str.isalnum of some character: text.is_word). */
static int holds_alnum(PyObject *t) {
    int kind = PyUnicode_KIND(t);
    const void *data = PyUnicode_DATA(t);
    ssize n = PyUnicode_GET_LENGTH(t);
    for (ssize i = 0; i < n; i++)
        if (Py_UNICODE_ISALNUM(PyUnicode_READ(kind, data, i))) return 1;
    return 0;
}

/* str.lower() of t: t itself when ASCII without capitals, an ASCII copy made here when ASCII. */
static PyObject *lowered(PyObject *t) {
    if (!PyUnicode_IS_ASCII(t)) return PyObject_CallMethod(t, "lower", NULL);
    const Py_UCS1 *c = PyUnicode_1BYTE_DATA(t);
    ssize n = PyUnicode_GET_LENGTH(t), i = 0;
    while (i < n && !(c[i] >= 'A' && c[i] <= 'Z')) i++;
    if (i == n) {
        Py_INCREF(t);
        return t;
    }
    PyObject *out = PyUnicode_New(n, 127);
    if (!out) return NULL;
    Py_UCS1 *o = PyUnicode_1BYTE_DATA(out);
    for (i = 0; i < n; i++) o[i] = c[i] >= 'A' && c[i] <= 'Z' ? (Py_UCS1)(c[i] + 32) : c[i];
    return out;
}

/* counted[item] += 1 (a new item is put last, as Counter does). */
static int count_item(PyObject *counted, PyObject *item) {
    PyObject *have = PyDict_GetItemWithError(counted, item); /* borrowed */
    if (!have && PyErr_Occurred()) return -1;
    long count = 0;
    if (have && (count = PyLong_AsLong(have)) == -1 && PyErr_Occurred()) return -1;
    PyObject *now = PyLong_FromLong(count + 1);
    if (!now) return -1;
    int rc = PyDict_SetItem(counted, item, now);
    Py_DECREF(now);
    return rc;
}

PyDoc_STRVAR(words_of_doc,
             "words_of(tokens, counter, /)\n--\n\n"
             "revtrack.provenance._model._words_of_py, compiled: a new *counter* (a dict type, such as\n"
             "collections.Counter) counting the lowercased words of the str *tokens* (those holding a letter\n"
             "or digit), then the pairs of neighbouring words joined by a space, in that order.");

static PyObject *words_of(PyObject *self, PyObject *args) {
    PyObject *tokens_in, *counter;
    if (!PyArg_ParseTuple(args, "OO:words_of", &tokens_in, &counter)) return NULL;
    PyObject *tokens = PySequence_Tuple(tokens_in), *counted = NULL, *words = NULL;
    if (!tokens) return NULL;
    ssize n = PyTuple_GET_SIZE(tokens), m = 0;
    words = PyList_New(0);
    if (!words) goto fail;
    for (ssize k = 0; k < n; k++) {
        PyObject *t = PyTuple_GET_ITEM(tokens, k);
        if (!PyUnicode_Check(t)) {
            PyErr_SetString(PyExc_TypeError, "words_of: tokens must be str");
            goto fail;
        }
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(t) < 0) goto fail;
#endif
        if (!holds_alnum(t)) continue;
        PyObject *w = lowered(t);
        if (!w) goto fail;
        int rc = PyList_Append(words, w);
        Py_DECREF(w);
        if (rc < 0) goto fail;
        m++;
    }
    counted = PyObject_CallNoArgs(counter);
    if (!counted) goto fail;
    if (!PyDict_Check(counted)) {
        PyErr_SetString(PyExc_TypeError, "words_of: the counter must be a dict type");
        goto fail;
    }
    for (ssize k = 0; k < m; k++)
        if (count_item(counted, PyList_GET_ITEM(words, k)) < 0) goto fail;
    for (ssize k = 0; k + 1 < m; k++) {
        PyObject *a = PyList_GET_ITEM(words, k), *b = PyList_GET_ITEM(words, k + 1);
        ssize na = PyUnicode_GET_LENGTH(a), nb = PyUnicode_GET_LENGTH(b);
        Py_UCS4 most = PyUnicode_MAX_CHAR_VALUE(a) > PyUnicode_MAX_CHAR_VALUE(b) ? PyUnicode_MAX_CHAR_VALUE(a)
                                                                                 : PyUnicode_MAX_CHAR_VALUE(b);
        PyObject *pair = PyUnicode_New(na + 1 + nb, most);
        if (!pair) goto fail;
        int rc = PyUnicode_CopyCharacters(pair, 0, a, 0, na) < 0 || PyUnicode_WriteChar(pair, na, ' ') < 0 ||
                         PyUnicode_CopyCharacters(pair, na + 1, b, 0, nb) < 0
                     ? -1
                     : count_item(counted, pair);
        Py_DECREF(pair);
        if (rc < 0) goto fail;
    }
    Py_DECREF(tokens);
    Py_DECREF(words);
    return counted;
fail:
    Py_DECREF(tokens);
    Py_XDECREF(words);
    Py_XDECREF(counted);
    return NULL;
}

/* --- shared items through an inverted index ------------------------------------------------ */

PyDoc_STRVAR(postings_doc,
             "postings(sets, /)\n--\n\n"
             "The inverted index of counted word sets (dicts of item -> positive count, such as\n"
             "``collections.Counter``): for each item, a bytearray of int32 ``(set, count)`` pairs in\n"
             "the order of the sets, items in the order first met (what ``probe`` reads).");

static PyObject *postings(PyObject *self, PyObject *args) {
    PyObject *sets;
    if (!PyArg_ParseTuple(args, "O!:postings", &PyList_Type, &sets)) return NULL;
    ssize n = PyList_GET_SIZE(sets);
    if (n > INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "postings: too many sets");
        return NULL;
    }
    PyObject *out = PyDict_New();
    if (out == NULL) return NULL;
    for (ssize k = 0; k < n; k++) {
        PyObject *counted = PyList_GET_ITEM(sets, k);
        if (!PyDict_Check(counted)) {
            PyErr_SetString(PyExc_TypeError, "postings: each set is a dict of counts");
            goto fail;
        }
        ssize pos = 0;
        PyObject *item, *value;
        while (PyDict_Next(counted, &pos, &item, &value)) {
            long count = PyLong_AsLong(value);
            if (count == -1 && PyErr_Occurred()) goto fail;
            if (count <= 0 || count > INT32_MAX) {
                PyErr_SetString(PyExc_ValueError, "postings: counts are positive int32");
                goto fail;
            }
            PyObject *list = PyDict_GetItemWithError(out, item); /* borrowed */
            if (list == NULL) {
                if (PyErr_Occurred()) goto fail;
                list = PyByteArray_FromStringAndSize(NULL, 0);
                if (list == NULL) goto fail;
                int err = PyDict_SetItem(out, item, list);
                Py_DECREF(list); /* the dict holds it */
                if (err < 0) goto fail;
            }
            ssize len = PyByteArray_GET_SIZE(list);
            if (PyByteArray_Resize(list, len + 2 * (ssize)sizeof(int32_t)) < 0) goto fail; /* grows ahead */
            int32_t pair[2] = {(int32_t)k, (int32_t)count};
            memcpy(PyByteArray_AS_STRING(list) + len, pair, sizeof pair);
        }
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

static int ascending(const void *x, const void *y) {
    ssize a = *(const ssize *)x, b = *(const ssize *)y;
    return (a > b) - (a < b);
}

/* The tallies of one probe (see probe()), and the sets that pass. */
typedef struct {
    ssize sets, need, size;
    const int32_t *sizes; /* NULL: no Dice filter */
    double threshold;
    int64_t *acc;
    ssize *touched;
    ssize ntouched;
} Tally;

static int tally_start(Tally *t) {
    t->acc = PyMem_Calloc((size_t)(t->sets ? t->sets : 1), sizeof(int64_t));
    /* One more than the sets: the hot loop writes a set's number before knowing it is new. */
    t->touched = PyMem_Malloc((size_t)(t->sets + 1) * sizeof(ssize));
    t->ntouched = 0;
    if (t->acc == NULL || t->touched == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void tally_end(Tally *t) {
    PyMem_Free(t->acc);
    PyMem_Free(t->touched);
}

/* One item of the probe, held *count* times, whose postings are the buffer *buffer*. */
static int tally_item(Tally *t, PyObject *buffer, long count) {
    if (count <= 0) { /* a set's tally would stay 0 and the set be noted twice */
        PyErr_SetString(PyExc_ValueError, "probe: a probe's counts are positive");
        return -1;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(buffer, &view, PyBUF_SIMPLE) < 0) return -1;
    if (view.len % (ssize)(2 * sizeof(int32_t))) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "probe: postings are int32 (set, count) pairs");
        return -1;
    }
    const int32_t *pairs = (const int32_t *)view.buf;
    ssize n = view.len / (ssize)(2 * sizeof(int32_t)), sets = t->sets, ntouched = t->ntouched;
    int64_t *acc = t->acc;
    ssize *touched = t->touched;
    /* The hot loop (most of attribution's candidate search): a set is noted the first time it
       is touched without a branch the processor would have to guess. */
    int bad = 0;
    for (ssize j = 0; j < n; j++) {
        int32_t k = pairs[2 * j], c = pairs[2 * j + 1];
        if (k < 0 || k >= sets || c <= 0) {
            bad = 1;
            break;
        }
        touched[ntouched] = k;
        ntouched += acc[k] == 0;
        acc[k] += c < count ? c : count;
    }
    t->ntouched = ntouched;
    PyBuffer_Release(&view);
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "probe: a posting names no indexed set");
        return -1;
    }
    return 0;
}

/* The sets that share enough (usually few of those touched), in order, as (set, shared) pairs. */
static PyObject *tally_found(Tally *t) {
    ssize found = 0;
    for (ssize i = 0; i < t->ntouched; i++) {
        ssize k = t->touched[i];
        if (t->acc[k] < t->need) continue;
        if (t->sizes != NULL) {
            ssize total = t->size + (ssize)t->sizes[k];
            double dice = total == 0 ? 0.0 : 2.0 * (double)t->acc[k] / (double)total;
            if (dice < t->threshold) continue;
        }
        t->touched[found++] = k;
    }
    qsort(t->touched, (size_t)found, sizeof(ssize), ascending);
    PyObject *result = PyList_New(found);
    if (result == NULL) return NULL;
    for (ssize i = 0; i < found; i++) {
        ssize k = t->touched[i];
        PyObject *pair = Py_BuildValue("(nL)", k, (long long)t->acc[k]);
        if (pair == NULL) {
            Py_DECREF(result);
            return NULL;
        }
        PyList_SET_ITEM(result, i, pair);
    }
    return result;
}

/* The optional sizes buffer (one int32 per set) into t->sizes; 0, or -1 with an exception set. */
static int tally_sizes(Tally *t, PyObject *sizes_obj, Py_buffer *view) {
    t->sizes = NULL;
    if (sizes_obj == Py_None) return 0;
    if (PyObject_GetBuffer(sizes_obj, view, PyBUF_SIMPLE) < 0) return -1;
    if (view->len != t->sets * (ssize)sizeof(int32_t)) {
        PyBuffer_Release(view);
        PyErr_SetString(PyExc_ValueError, "probe: sizes are one int32 per set");
        return -1;
    }
    t->sizes = (const int32_t *)view->buf;
    return 0;
}

PyDoc_STRVAR(probe_doc,
             "probe(index, probe, sets, need, sizes=None, size=0, threshold=0.0, /)\n--\n\n"
             "``(set, shared)`` for every indexed set sharing at least *need* items with the counted word set\n"
             "*probe* (a dict of item -> positive count), ascending by set.\n\n"
             "*index* maps each item to a buffer of int32 ``(set, count)`` pairs (the sets that hold it, and\n"
             "how often: what postings() makes); *sets* is the number of sets indexed. An item shared counts\n"
             "``min(count in probe, count in set)``. With *sizes* (a buffer of one int32 per set: its number\n"
             "of items), only the sets whose Dice coefficient ``2.0 * shared / (size + sizes[set])`` with a\n"
             "probe of *size* items is at least *threshold* (computed in doubles, as Python computes it).");

static PyObject *probe(PyObject *self, PyObject *args) {
    PyObject *index, *probe_set, *sizes_obj = Py_None, *result = NULL;
    Tally t = {0};
    if (!PyArg_ParseTuple(args, "O!O!nn|Ond:probe", &PyDict_Type, &index, &PyDict_Type, &probe_set, &t.sets,
                          &t.need, &sizes_obj, &t.size, &t.threshold))
        return NULL;
    if (t.sets < 0) {
        PyErr_SetString(PyExc_ValueError, "probe: sets >= 0");
        return NULL;
    }
    Py_buffer sizes_view;
    if (tally_sizes(&t, sizes_obj, &sizes_view) < 0) return NULL;
    if (tally_start(&t) < 0) goto done;
    ssize pos = 0;
    PyObject *item, *value;
    while (PyDict_Next(probe_set, &pos, &item, &value)) {
        PyObject *postings = PyDict_GetItemWithError(index, item); /* borrowed */
        if (postings == NULL) {
            if (PyErr_Occurred()) goto done;
            continue;
        }
        Py_INCREF(postings); /* the count below may run Python code (an int subclass) */
        long count = PyLong_AsLong(value);
        int rc = count == -1 && PyErr_Occurred() ? -1 : tally_item(&t, postings, count);
        Py_DECREF(postings);
        if (rc < 0) goto done;
    }
    result = tally_found(&t);
done:
    if (t.sizes != NULL) PyBuffer_Release(&sizes_view);
    tally_end(&t);
    return result;
}

static PyMethodDef methods[] = {
    {"core", core, METH_VARARGS, core_doc},
    {"words", words, METH_VARARGS, words_doc},
    {"token_runs", token_runs, METH_VARARGS, token_runs_doc},
    {"align_one", align_one, METH_VARARGS, align_one_doc},
    {"in_place", in_place, METH_VARARGS, in_place_doc},
    {"changed_in_place", changed_in_place, METH_VARARGS, changed_in_place_doc},
    {"lines", lines, METH_VARARGS, lines_doc},
    {"patch_lines", patch_lines, METH_VARARGS, patch_lines_doc},
    {"merge", merge, METH_VARARGS, merge_doc},
    {"prefix", prefix, METH_VARARGS, prefix_doc},
    {"suffix", suffix, METH_VARARGS, suffix_doc},
    {"ascii_tokens", ascii_tokens, METH_VARARGS, ascii_tokens_doc},
    {"ascii_runs", ascii_runs, METH_VARARGS, ascii_runs_doc},
    {"ascii_sentences", ascii_sentences, METH_VARARGS, ascii_sentences_doc},
    {"words_of", words_of, METH_VARARGS, words_of_doc},
    {"postings", postings, METH_VARARGS, postings_doc},
    {"probe", probe, METH_VARARGS, probe_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "revtrack._speedups",
    .m_doc = "The word diff's core, compiled: the same answers as revtrack.diff._core._core_py, faster; "
             "the common prefix and suffix of two texts, compared in place; the items a word set shares with "
             "indexed ones.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__speedups(void) { return PyModule_Create(&module); }
