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
 * overlaps() counts, through an inverted index, how many items a sentence's counted word set
 * shares with each indexed set (revtrack.provenance._candidates.OverlapIndex.overlaps is its
 * Python twin): the exact overlap of every pair, at the cost of reading the probe's postings.
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
        uint64_t h = hash_chars(kind, data, len);
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
    if (lim.capacity < 0 || lim.small < 0 || lim.huge < 0 || lim.rarest < 0 || lim.work < 0 || lim.work_floor < 0 ||
        lim.shared < 0 || lim.part < 0) {
        PyErr_SetString(PyExc_ValueError, "core: limits must not be negative");
        return NULL;
    }
    PyObject *ua = NULL, *ub = NULL, *result = NULL;
    code_t *ea = NULL;
    Run *runs = NULL;
    Diffs pieces = {0}, diffs = {0};
    Scratch w = {0};

    /* Tuples of their own: comparing units runs Python code (__eq__, __hash__), which could change
     * the caller's lists while the codes are made. */
    ua = PySequence_Tuple(ua_in);
    if (!ua) goto done;
    ub = PySequence_Tuple(ub_in);
    if (!ub) goto done;
    ssize na = PyTuple_GET_SIZE(ua), nb = PyTuple_GET_SIZE(ub);
    if (na == 0 || nb == 0) { /* one side empty: the other is all changed (no unit is even hashed) */
        Run whole[2] = {{DEL, na}, {INS, nb}};
        result = runs_to_list(whole, normalize(whole, 2), ops);
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

    if (na == 0 || nb == 0 || na + nb <= 8) {
        int shared = 0;
        if (na && nb) {
            /* set(ua).isdisjoint(ub): codes of ub below the count of ua's codes were seen in ua */
            for (ssize j = 0; j < nb && !shared; j++)
                for (ssize i = 0; i < na && !shared; i++) shared = ea[i] == eb[j];
        }
        if (!shared) {
            Run whole[2] = {{DEL, na}, {INS, nb}};
            ssize n = normalize(whole, 2);
            result = runs_to_list(whole, n, ops);
            goto done;
        }
    }
    if (distinct > lim.capacity) {
        result = Py_None;
        Py_INCREF(result);
        goto done;
    }

    w.count_a = (ssize *)PyMem_Calloc((size_t)(4 * distinct + 1), sizeof(ssize));
    w.stamp = (unsigned *)PyMem_Calloc((size_t)(distinct + 1), sizeof(unsigned));
    if (!w.count_a || !w.stamp) {
        PyErr_NoMemory();
        goto done;
    }
    w.size = distinct;
    w.lim = &lim;
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
    ssize n = cleaned ? normalize(runs, diffs.n) : diffs.n;
    result = runs_to_list(runs, n, ops);

done:
    Py_XDECREF(ua);
    Py_XDECREF(ub);
    PyMem_Free(ea);
    PyMem_Free(runs);
    PyMem_Free(w.count_a);
    PyMem_Free(w.stamp);
    diffs_free(&pieces);
    diffs_free(&diffs);
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

/* --- shared items through an inverted index ------------------------------------------------ */

PyDoc_STRVAR(postings_doc,
             "postings(sets, /)\n--\n\n"
             "The inverted index of counted word sets (dicts of item -> positive count, such as\n"
             "``collections.Counter``): for each item, a bytearray of int32 ``(set, count)`` pairs in\n"
             "the order of the sets, items in the order first met (what ``overlaps`` reads).");

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

PyDoc_STRVAR(overlaps_doc,
             "overlaps(postings, counts, sets, need, sizes=None, size=0, threshold=0.0, /)\n--\n\n"
             "``(set, shared)`` for every indexed set sharing at least *need* items with a probe, by set.\n\n"
             "*postings* holds, for each of the probe's items, a buffer of int32 ``(set, count)`` pairs (the\n"
             "sets that hold the item, and how often); *counts* the probe's own count of each item; *sets*\n"
             "the number of sets indexed. An item shared counts ``min(count in probe, count in set)``.\n"
             "With *sizes* (a buffer of one int32 per set: its number of items), only the sets whose Dice\n"
             "coefficient ``2.0 * shared / (size + sizes[set])`` with a probe of *size* items is at least\n"
             "*threshold* (computed in doubles, as Python computes it).");

static PyObject *overlaps(PyObject *self, PyObject *args) {
    PyObject *postings, *counts, *sizes_obj = Py_None;
    ssize sets, need, size = 0;
    double threshold = 0.0;
    if (!PyArg_ParseTuple(args, "O!O!nn|Ond:overlaps", &PyList_Type, &postings, &PyList_Type, &counts, &sets,
                          &need, &sizes_obj, &size, &threshold))
        return NULL;
    ssize items = PyList_GET_SIZE(postings);
    if (PyList_GET_SIZE(counts) != items || sets < 0) {
        PyErr_SetString(PyExc_ValueError, "overlaps: one count per item, and sets >= 0");
        return NULL;
    }
    Py_buffer sizes_view = {0};
    const int32_t *sizes = NULL;
    if (sizes_obj != Py_None) {
        if (PyObject_GetBuffer(sizes_obj, &sizes_view, PyBUF_SIMPLE) < 0) return NULL;
        if (sizes_view.len != sets * (ssize)sizeof(int32_t)) {
            PyBuffer_Release(&sizes_view);
            PyErr_SetString(PyExc_ValueError, "overlaps: sizes are one int32 per set");
            return NULL;
        }
        sizes = (const int32_t *)sizes_view.buf;
    }
    int64_t *acc = PyMem_Calloc((size_t)(sets ? sets : 1), sizeof(int64_t));
    /* One more than the sets: the hot loop writes a set's number before knowing it is new. */
    ssize *touched = PyMem_Malloc((size_t)(sets + 1) * sizeof(ssize));
    PyObject *result = NULL;
    ssize ntouched = 0;
    if (acc == NULL || touched == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (ssize i = 0; i < items; i++) {
        long count = PyLong_AsLong(PyList_GET_ITEM(counts, i));
        if (count == -1 && PyErr_Occurred()) goto done;
        if (count <= 0) { /* a set's tally would stay 0 and the set be noted twice */
            PyErr_SetString(PyExc_ValueError, "overlaps: a probe's counts are positive");
            goto done;
        }
        Py_buffer view;
        if (PyObject_GetBuffer(PyList_GET_ITEM(postings, i), &view, PyBUF_SIMPLE) < 0) goto done;
        if (view.len % (ssize)(2 * sizeof(int32_t))) {
            PyBuffer_Release(&view);
            PyErr_SetString(PyExc_ValueError, "overlaps: postings are int32 (set, count) pairs");
            goto done;
        }
        const int32_t *pairs = (const int32_t *)view.buf;
        ssize n = view.len / (ssize)(2 * sizeof(int32_t));
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
        if (bad) {
            PyBuffer_Release(&view);
            PyErr_SetString(PyExc_ValueError, "overlaps: a posting names no indexed set");
            goto done;
        }
        PyBuffer_Release(&view);
    }
    /* The sets that share enough (usually few of those touched), then in order. */
    ssize found = 0;
    for (ssize t = 0; t < ntouched; t++) {
        ssize k = touched[t];
        if (acc[k] < need) continue;
        if (sizes != NULL) {
            ssize total = size + (ssize)sizes[k];
            double dice = total == 0 ? 0.0 : 2.0 * (double)acc[k] / (double)total;
            if (dice < threshold) continue;
        }
        touched[found++] = k;
    }
    qsort(touched, (size_t)found, sizeof(ssize), ascending);
    result = PyList_New(0);
    if (result == NULL) goto done;
    for (ssize t = 0; t < found; t++) {
        ssize k = touched[t];
        PyObject *pair = Py_BuildValue("(nL)", k, (long long)acc[k]);
        if (pair == NULL || PyList_Append(result, pair) < 0) {
            Py_XDECREF(pair);
            Py_CLEAR(result);
            goto done;
        }
        Py_DECREF(pair);
    }
done:
    if (sizes != NULL) PyBuffer_Release(&sizes_view);
    PyMem_Free(acc);
    PyMem_Free(touched);
    return result;
}

static PyMethodDef methods[] = {
    {"core", core, METH_VARARGS, core_doc},
    {"prefix", prefix, METH_VARARGS, prefix_doc},
    {"suffix", suffix, METH_VARARGS, suffix_doc},
    {"postings", postings, METH_VARARGS, postings_doc},
    {"overlaps", overlaps, METH_VARARGS, overlaps_doc},
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
