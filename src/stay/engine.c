/* SPDX-License-Identifier: MIT */
/* The stay engine: a rule timeline and a trip log -> days used, days left,
 * overstays, latest lawful exit and earliest lawful re-entry.
 * Engine layer: pure computation, no I/O, no global state.
 *
 * Everything works on sorted day intervals with prefix counts, never on
 * day-by-day scans: every rule kind's count either is "counted days in a
 * sliding window" (rolling, unknown with a window) or "counted days since the
 * start of the current segment" (per_entry stays, anchored periods, calendar
 * years and half-years, the cumulative reading of unknown, none). Within one
 * run of counted days both counts never decrease, so the first day that breaks
 * a limit is found by a binary search (windows) or by arithmetic (segments).
 * The definitions are in include/relok/stay.h and docs/stay.md; the tests
 * check this file against a plain day-by-day reference. */
#include "stay_int.h"

#include "base/alloc_int.h"
#include "base/error_int.h"
#include "base/limits.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Open span ends and "never" are clamped to +-DAY_FAR, far beyond any date
 * the engine accepts (years 1800..2200 are days -62091..84371), so interval
 * arithmetic cannot overflow int32. */
#define DAY_FAR (1 << 26)
/* A limit or a window longer than this many days is as good as none. */
#define CAP_DAYS (1 << 24)
/* Result of "first lawful entry" for a part that never allows one. */
#define NEVER INT32_MAX
/* Nesting of all_of inside all_of that we follow. */
#define MAX_RULE_DEPTH 8
/* The rule reader (src/kb/rule.c) enforces relok/limits.h; every rule it
 * accepts must fit here. */
_Static_assert(MAX_RULE_DEPTH >= RELOK_MAX_RULE_DEPTH, "engine depth covers the reader's");
_Static_assert(RELOK_STAY_MAX_PARTS >= RELOK_MAX_RULE_LEAVES, "engine leaves cover the reader's");

/* ================================================================ helpers */

/* Days from 1970-01-01 to 1 month/year (Howard Hinnant's days_from_civil;
 * local because forward searches reach beyond RELOK_YEAR_MAX, which
 * relok_date_from_ymd rejects). */
static relok_day civil_day(int32_t y, int m)
{
    y -= m <= 2;
    const int32_t era = (y >= 0 ? y : y - 399) / 400;
    const int32_t yoe = y - era * 400;
    const int32_t mp = (m + 9) % 12;
    const int32_t doy = (153 * mp + 2) / 5;
    const int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

relok_day relok__stay_day_lo(void) { return civil_day(RELOK_YEAR_MIN, 1); }

relok_day relok__stay_day_hi(void) { return civil_day(RELOK_YEAR_MAX + 1, 1) - 1; }

static relok_day clamp_day(relok_day d)
{
    return d < -DAY_FAR ? -DAY_FAR : d > DAY_FAR ? DAY_FAR : d;
}

static int32_t clamp_len(int32_t n) { return n > CAP_DAYS ? CAP_DAYS : n; }

static relok_day dmax(relok_day a, relok_day b) { return a > b ? a : b; }

static relok_day dmin(relok_day a, relok_day b) { return a < b ? a : b; }

/* ============================================================== intervals */

typedef struct ivl {
    relok_day a, b; /* first and last day, inclusive */
} ivl;

/* How many of n ascending keys are <= d, each key being the relok_day that
 * starts an element `stride` bytes from the previous one (ivl.a, a stay
 * start, tspan.from, a prefix count). The one binary search of this file:
 * every lookup of "the last interval starting on or before d" goes here. */
static size_t count_upto(const void *base, size_t n, size_t stride, relok_day d)
{
    const unsigned char *p = base;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        relok_day key;
        memcpy(&key, p + mid * stride, sizeof key);
        if (key <= d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Merge overlapping or adjacent intervals of a sorted array in place (a
 * union of days). Returns the new count. */
static size_t ivl_merge_sorted(ivl *v, size_t n)
{
    if (n == 0)
        return 0;
    size_t m = 0;
    for (size_t i = 1; i < n; i++) {
        if (v[i].a <= v[m].b + 1) {
            if (v[i].b > v[m].b)
                v[m].b = v[i].b;
        } else {
            v[++m] = v[i];
        }
    }
    return m + 1;
}

/* True when day d lies in one of the sorted disjoint intervals v[0..n). */
static bool ivl_has(const ivl *v, size_t n, relok_day d)
{
    size_t lo = count_upto(v, n, sizeof *v, d);
    return lo > 0 && d <= v[lo - 1].b;
}

/* ========================================================== counted days */

/* The days a rule counts: presence minus permit days, from counts_from on.
 * pre[i] is the number of days in v[0..i). */
typedef struct cset {
    ivl *v;
    int32_t *pre;
    size_t n;
    int32_t total; /* days */
} cset;

/* |C ∩ (-inf, x]| */
static int32_t cs_upto(const cset *c, relok_day x)
{
    size_t lo = count_upto(c->v, c->n, sizeof *c->v, x);
    if (lo == 0)
        return 0;
    const ivl *iv = &c->v[lo - 1];
    return c->pre[lo - 1] + dmin(x, iv->b) - iv->a + 1;
}

/* |C ∩ [a, b]| */
static int32_t cs_range(const cset *c, relok_day a, relok_day b)
{
    return a > b ? 0 : cs_upto(c, b) - cs_upto(c, a - 1);
}

/* The r-th counted day (1-based), or RELOK_DAY_NONE when there are fewer. */
static relok_day cs_nth(const cset *c, int32_t r)
{
    if (r < 1 || r > c->total)
        return RELOK_DAY_NONE;
    /* The first i with pre[i+1] >= r: the count of pre[1..n] below r. */
    size_t lo = count_upto(c->pre + 1, c->n, sizeof *c->pre, r - 1);
    return c->v[lo].a + (r - c->pre[lo] - 1);
}

/* ================================================================= worlds */

/* One presence scenario: the real log, the log with the current stay
 * extended into the future, or the log plus a hypothetical new stay. */
typedef struct world {
    const ivl *vis;     /* visits sorted by (entry, exit), exits clipped */
    size_t n_vis;
    relok_day extra_a;  /* entry of a hypothetical visit after all others, or NONE */
    const ivl *pres;    /* presence: union of visits (+ hypothetical stay) */
    size_t n_pres;
    const ivl *perm;    /* permit days, merged */
    size_t n_perm;
    relok_day last_exit;/* latest visit exit (real visits), NONE without visits */
} world;

/* Scratch space for one leaf's counted days and stay boundaries, with a
 * one-entry cache: consecutive queries for the same leaf on the same world
 * (overstay, count, re-entry) reuse them. */
typedef struct scratch {
    ivl *cv;
    int32_t *cpre;
    relok_day *bounds;
    const struct world *c_world; /* world and counts_from the counted days are for */
    relok_day c_cf;
    size_t c_n;
    const struct world *b_world; /* world and gap the stay starts are for */
    int32_t b_gap;
    size_t b_n;
} scratch;

/* Drop the cache: a "what if" world on the stack may take the address of
 * an earlier one. */
static void scratch_forget(scratch *sx)
{
    sx->c_world = NULL;
    sx->b_world = NULL;
}

/* C = (presence \ permits) ∩ [cf, +inf). */
static void cs_build(const world *w, relok_day cf, scratch *sx, cset *c)
{
    c->v = sx->cv;
    c->pre = sx->cpre;
    if (sx->c_world == w && sx->c_cf == cf) {
        c->n = sx->c_n;
        c->total = sx->cpre[c->n];
        return;
    }
    size_t n = 0, j = 0;
    for (size_t i = 0; i < w->n_pres; i++) {
        relok_day a = w->pres[i].a, b = w->pres[i].b;
        if (b < cf)
            continue;
        if (a < cf)
            a = cf;
        while (j < w->n_perm && w->perm[j].b < a)
            j++;
        relok_day cur = a;
        for (size_t k = j; cur <= b; k++) {
            if (k < w->n_perm && w->perm[k].a <= b) {
                if (w->perm[k].a > cur)
                    sx->cv[n++] = (ivl){cur, w->perm[k].a - 1};
                if (w->perm[k].b + 1 > cur)
                    cur = w->perm[k].b + 1;
            } else {
                sx->cv[n++] = (ivl){cur, b};
                break;
            }
        }
    }
    sx->cpre[0] = 0;
    for (size_t i = 0; i < n; i++)
        sx->cpre[i + 1] = sx->cpre[i] + (sx->cv[i].b - sx->cv[i].a + 1);
    c->n = n;
    c->total = sx->cpre[n];
    sx->c_world = w;
    sx->c_cf = cf;
    sx->c_n = n;
}

/* Stay starts for per_entry with min_gap_days g: visits in date order; a
 * visit starts a new stay iff entry - (latest exit so far) >= g. */
static size_t stay_bounds(const world *w, int32_t g, relok_day *out)
{
    size_t n = 0;
    relok_day maxexit = RELOK_DAY_NONE;
    for (size_t i = 0; i <= w->n_vis; i++) {
        relok_day a, b;
        if (i < w->n_vis) {
            a = w->vis[i].a;
            b = w->vis[i].b;
        } else if (w->extra_a != RELOK_DAY_NONE) {
            a = w->extra_a;
            b = a;
        } else {
            break;
        }
        if (maxexit == RELOK_DAY_NONE || a - maxexit >= g) {
            if (n == 0 || out[n - 1] != a)
                out[n++] = a;
        }
        if (maxexit == RELOK_DAY_NONE || b > maxexit)
            maxexit = b;
    }
    return n;
}

/* ================================================================== rules */

enum fam {
    FAM_WINDOW,   /* rolling; unknown with a window */
    FAM_STAY,     /* per_entry; none */
    FAM_ANCHORED, /* anchored */
    FAM_YEAR,     /* calendar_year */
    FAM_HALF,     /* half_year */
    FAM_CUMUL     /* unknown without a window */
};

/* One simple rule (an all_of part) in evaluable form. */
typedef struct leaf {
    enum fam fam;
    relok_rule_kind kind; /* as written */
    int32_t max;          /* limit, days, clamped to CAP_DAYS */
    int32_t max_raw;      /* limit as written (0 for none) */
    int32_t window;       /* days (window and anchored) */
    int32_t window_raw;   /* window_days as written; -1 when the rule has none */
    int32_t gap;          /* min_gap_days (stay) */
    relok_day cf;         /* first day counted */
} leaf;

/* A rule flattened into its parts. */
typedef struct flat {
    leaf l[RELOK_STAY_MAX_PARTS];
    size_t n;
    bool is_all_of, has_unknown, has_none;
} flat;

/* A timeline entry, clamped. */
typedef struct tspan {
    relok_day from, to;
    flat f;
} tspan;

static const char *kind_name(relok_rule_kind k)
{
    static const char *const names[] = {
#define KIND_NAME(name, str) str,
        RELOK_RULE_KIND_MAP(KIND_NAME)
#undef KIND_NAME
    };
    return (size_t)k < sizeof names / sizeof *names ? names[k] : "?";
}

static relok_status need(relok_error *err, int32_t v, int32_t min, const char *what,
                         relok_rule_kind k)
{
    if (v == RELOK_RULE_UNSET)
        return relok__fail(err, RELOK_EINVAL, "a %s rule needs %s", kind_name(k),
                           what);
    if (v < min)
        return relok__fail(err, RELOK_EINVAL, "%s of a %s rule must be at least %d", what,
                           kind_name(k), (int)min);
    return RELOK_OK;
}

static relok_status flatten(const relok_rule *r, relok_day cf, unsigned depth, flat *f,
                            relok_error *err)
{
    if (r == NULL)
        return relok__fail(err, RELOK_EINVAL, "a rule is missing");
    if (depth > MAX_RULE_DEPTH)
        return relok__fail(err, RELOK_EINVAL, "all_of rules are nested too deeply");
    if (r->counts_from != RELOK_DAY_NONE && clamp_day(r->counts_from) > cf)
        cf = clamp_day(r->counts_from);
    if (r->kind == RELOK_RULE_ALL_OF) {
        if (r->rules == NULL || r->n_rules == 0)
            return relok__fail(err, RELOK_EINVAL, "an all_of rule needs at least one part");
        if (depth == 0)
            f->is_all_of = true;
        for (size_t i = 0; i < r->n_rules; i++) {
            relok_status rc = flatten(&r->rules[i], cf, depth + 1, f, err);
            if (rc != RELOK_OK)
                return rc;
        }
        return RELOK_OK;
    }
    if (f->n == RELOK_STAY_MAX_PARTS)
        return relok__fail(err, RELOK_EINVAL, "an all_of rule may have at most %d parts",
                           RELOK_STAY_MAX_PARTS);
    leaf *lf = &f->l[f->n];
    memset(lf, 0, sizeof *lf);
    lf->kind = r->kind;
    lf->cf = cf;
    lf->window_raw = r->window_days != RELOK_RULE_UNSET ? r->window_days : -1;
    relok_status rc = RELOK_OK;
    switch (r->kind) {
    case RELOK_RULE_PER_ENTRY:
        rc = need(err, r->max_days, 0, "max_days", r->kind);
        if (rc == RELOK_OK && r->min_gap_days != RELOK_RULE_UNSET)
            rc = need(err, r->min_gap_days, 0, "min_gap_days", r->kind);
        lf->fam = FAM_STAY;
        lf->gap = r->min_gap_days == RELOK_RULE_UNSET ? 0 : clamp_len(r->min_gap_days);
        break;
    case RELOK_RULE_ROLLING:
    case RELOK_RULE_ANCHORED:
        rc = need(err, r->max_days, 0, "max_days", r->kind);
        if (rc == RELOK_OK)
            rc = need(err, r->window_days, 1, "window_days", r->kind);
        lf->fam = r->kind == RELOK_RULE_ROLLING ? FAM_WINDOW : FAM_ANCHORED;
        lf->window = clamp_len(r->window_days);
        break;
    case RELOK_RULE_CALENDAR_YEAR:
    case RELOK_RULE_HALF_YEAR:
        rc = need(err, r->max_days, 0, "max_days", r->kind);
        lf->fam = r->kind == RELOK_RULE_CALENDAR_YEAR ? FAM_YEAR : FAM_HALF;
        break;
    case RELOK_RULE_UNKNOWN:
        /* DESIGN.md: the most cautious reading - no reset on exit. */
        rc = need(err, r->max_days, 0, "max_days", r->kind);
        if (rc == RELOK_OK && r->window_days != RELOK_RULE_UNSET)
            rc = need(err, r->window_days, 1, "window_days", r->kind);
        lf->fam = r->window_days != RELOK_RULE_UNSET ? FAM_WINDOW : FAM_CUMUL;
        lf->window = r->window_days != RELOK_RULE_UNSET ? clamp_len(r->window_days) : 0;
        f->has_unknown = true;
        break;
    case RELOK_RULE_NONE:
        /* No visa-free stay: limit 0, counted per stay so that days_used
         * says how long the current (or last) stay has lasted. */
        lf->fam = FAM_STAY;
        f->has_none = true;
        break;
    case RELOK_RULE_NO_LIMIT:
        /* The law sets no limit: a cap beyond every horizon never binds. */
        lf->fam = FAM_CUMUL;
        break;
    case RELOK_RULE_ALL_OF:
    case RELOK_RULE_KIND_COUNT_:
    default:
        return relok__fail(err, RELOK_EINVAL, "unknown rule kind %d", (int)r->kind);
    }
    if (rc != RELOK_OK)
        return rc;
    if (r->kind == RELOK_RULE_NONE) {
        lf->max = lf->max_raw = 0;
    } else if (r->kind == RELOK_RULE_NO_LIMIT) {
        lf->max = lf->max_raw = CAP_DAYS;
    } else {
        lf->max_raw = r->max_days;
        lf->max = clamp_len(r->max_days);
    }
    f->n++;
    return RELOK_OK;
}

/* ================================================= per-leaf computations */

typedef struct segctx {
    const leaf *lf;
    const relok_day *bounds; /* FAM_STAY: stay starts */
    size_t nb;
} segctx;

/* The segment [*s, *e] whose count includes day d (for anchored: a period
 * starting on d). */
static void seg_of(const segctx *sc, relok_day d, relok_day *s, relok_day *e)
{
    int32_t y;
    int m, dd;
    switch (sc->lf->fam) {
    case FAM_STAY: {
        size_t lo = count_upto(sc->bounds, sc->nb, sizeof *sc->bounds, d);
        *s = lo == 0 ? -DAY_FAR : sc->bounds[lo - 1];
        *e = lo < sc->nb ? sc->bounds[lo] - 1 : DAY_FAR;
        return;
    }
    case FAM_YEAR:
        relok_date_to_ymd(d, &y, &m, &dd);
        *s = civil_day(y, 1);
        *e = civil_day(y + 1, 1) - 1;
        return;
    case FAM_HALF:
        relok_date_to_ymd(d, &y, &m, &dd);
        if (m <= 6) {
            *s = civil_day(y, 1);
            *e = civil_day(y, 7) - 1;
        } else {
            *s = civil_day(y, 7);
            *e = civil_day(y + 1, 1) - 1;
        }
        return;
    case FAM_ANCHORED:
        *s = d;
        *e = d + sc->lf->window - 1;
        return;
    case FAM_CUMUL:
    case FAM_WINDOW:
        break;
    }
    *s = -DAY_FAR;
    *e = DAY_FAR;
}

/* Segment counts: the first counted day in [lo, hi] whose count exceeds the
 * limit. Counts rise by one per counted day within a segment and restart at
 * each segment, so the first breach in a run is pos + (max - count so far). */
static relok_day seg_first_violation(const segctx *sc, const cset *c, relok_day lo,
                                     relok_day hi)
{
    const int32_t max = sc->lf->max;
    relok_day s = RELOK_DAY_NONE, e = RELOK_DAY_NONE;
    int32_t cnt = 0;
    for (size_t i = 0; i < c->n; i++) {
        relok_day a = c->v[i].a, b = c->v[i].b;
        if (a > hi)
            break;
        relok_day pos = a;
        while (pos <= b) {
            if (s == RELOK_DAY_NONE || pos > e) {
                seg_of(sc, pos, &s, &e);
                cnt = 0;
            }
            relok_day end = dmin(b, e);
            /* Days pos..end have counts cnt+1 .. cnt+(end-pos+1). */
            relok_day v = max > cnt ? pos + (max - cnt) : pos;
            if (v <= end) {
                relok_day w = dmax(v, lo);
                if (w <= end && w <= hi)
                    return w;
            }
            cnt += end - pos + 1;
            pos = end + 1;
        }
    }
    return RELOK_DAY_NONE;
}

/* The anchored period [*s, *e] that is the last to start on or before d;
 * false when no period starts by d. */
static bool anchored_period(const leaf *lf, const cset *c, relok_day d, relok_day *s,
                            relok_day *e)
{
    relok_day ps = RELOK_DAY_NONE, pe = RELOK_DAY_NONE;
    for (size_t i = 0; i < c->n && c->v[i].a <= d; i++) {
        relok_day pos = c->v[i].a, b = c->v[i].b;
        while (pos <= b && pos <= d) {
            if (ps == RELOK_DAY_NONE || pos > pe) {
                ps = pos;
                pe = pos + lf->window - 1;
            }
            pos = dmin(b, pe) + 1;
        }
    }
    if (ps == RELOK_DAY_NONE)
        return false;
    *s = ps;
    *e = pe;
    return true;
}

static int32_t seg_count_at(const segctx *sc, const cset *c, relok_day d)
{
    relok_day s, e;
    if (sc->lf->fam == FAM_ANCHORED) {
        if (!anchored_period(sc->lf, c, d, &s, &e) || d > e)
            return 0;
        return cs_range(c, s, d);
    }
    if (sc->lf->fam == FAM_STAY && (sc->nb == 0 || sc->bounds[0] > d))
        return 0;
    seg_of(sc, d, &s, &e);
    return cs_range(c, s, d);
}

static int32_t win_count(const cset *c, int32_t window, relok_day d)
{
    return cs_upto(c, d) - cs_upto(c, d - window);
}

/* Window counts: within a run of counted days the count never falls (each
 * day adds one and drops at most one), so test the run's last day and, when
 * it breaks the limit, binary-search the first day that does. */
static relok_day win_first_violation(const leaf *lf, const cset *c, relok_day lo,
                                     relok_day hi)
{
    for (size_t i = 0; i < c->n; i++) {
        if (c->v[i].b < lo)
            continue;
        if (c->v[i].a > hi)
            break;
        relok_day d0 = dmax(c->v[i].a, lo), d1 = dmin(c->v[i].b, hi);
        if (win_count(c, lf->window, d1) <= lf->max)
            continue;
        while (d0 < d1) {
            relok_day mid = d0 + (d1 - d0) / 2;
            if (win_count(c, lf->window, mid) > lf->max)
                d1 = mid;
            else
                d0 = mid + 1;
        }
        return d0;
    }
    return RELOK_DAY_NONE;
}

/* A leaf prepared against one world: its counted days and stay starts. */
typedef struct prep {
    cset c;
    segctx sc;
} prep;

static void prepare(const leaf *lf, const world *w, scratch *sx, prep *p)
{
    cs_build(w, lf->cf, sx, &p->c);
    p->sc.lf = lf;
    p->sc.bounds = sx->bounds;
    p->sc.nb = 0;
    if (lf->fam == FAM_STAY) {
        if (sx->b_world != w || sx->b_gap != lf->gap) {
            sx->b_n = stay_bounds(w, lf->gap, sx->bounds);
            sx->b_world = w;
            sx->b_gap = lf->gap;
        }
        p->sc.nb = sx->b_n;
    }
}

static relok_day leaf_first_violation(const leaf *lf, const world *w, scratch *sx,
                                      relok_day lo, relok_day hi)
{
    prep p;
    prepare(lf, w, sx, &p);
    if (p.c.n == 0)
        return RELOK_DAY_NONE;
    if (lf->fam == FAM_WINDOW)
        return win_first_violation(lf, &p.c, lo, hi);
    return seg_first_violation(&p.sc, &p.c, lo, hi);
}

static int32_t leaf_count_at(const leaf *lf, const world *w, scratch *sx, relok_day d)
{
    prep p;
    prepare(lf, w, sx, &p);
    if (lf->fam == FAM_WINDOW)
        return win_count(&p.c, lf->window, d);
    return seg_count_at(&p.sc, &p.c, d);
}

/* Outside (no presence on or after `check`): the first day t >= check such
 * that entering on any E >= t is lawful for this leaf, supposing E is a
 * counted day; NEVER when no day is. Lawfulness of entry is monotone in E
 * here because no presence lies ahead: windows only lose days, stays and
 * periods only end. */
static relok_day leaf_entry_from(const leaf *lf, const world *w, scratch *sx,
                                 relok_day check)
{
    if (lf->max < 1)
        return NEVER;
    prep p;
    prepare(lf, w, sx, &p);
    const cset *c = &p.c;
    switch (lf->fam) {
    case FAM_WINDOW: {
        /* Need at most max-1 counted days in [E - W + 1, E - 1]. */
        if (c->total <= lf->max - 1)
            return check;
        relok_day cm = cs_nth(c, c->total - lf->max + 1); /* max-th from the end */
        return dmax(check, cm + lf->window);
    }
    case FAM_STAY: {
        if (p.sc.nb == 0)
            return check;
        int32_t in_stay = cs_range(c, p.sc.bounds[p.sc.nb - 1], DAY_FAR);
        if (in_stay + 1 <= lf->max)
            return check; /* continuing the last stay is still lawful */
        return dmax(check, w->last_exit + lf->gap); /* a new stay */
    }
    case FAM_ANCHORED: {
        relok_day s, e;
        if (!anchored_period(lf, c, DAY_FAR, &s, &e) || check > e)
            return check;
        if (cs_range(c, s, DAY_FAR) + 1 <= lf->max)
            return check;
        return e + 1;
    }
    case FAM_YEAR:
    case FAM_HALF: {
        relok_day s, e;
        seg_of(&p.sc, check, &s, &e);
        if (cs_range(c, s, check - 1) + 1 <= lf->max)
            return check;
        return e + 1;
    }
    case FAM_CUMUL:
        return c->total + 1 <= lf->max ? check : NEVER;
    }
    return NEVER;
}

/* ============================================================== timeline */

typedef struct timeline {
    const tspan *s;
    size_t n;
} timeline;

/* The span containing d, or NULL. */
static const tspan *tl_at(const timeline *tl, relok_day d)
{
    size_t lo = count_upto(tl->s, tl->n, sizeof *tl->s, d);
    if (lo == 0 || tl->s[lo - 1].to < d)
        return NULL;
    return &tl->s[lo - 1];
}

/* The first unlawful day in [lo, hi], or NONE. */
static relok_day tl_first_violation(const timeline *tl, const world *w, scratch *sx,
                                    relok_day lo, relok_day hi)
{
    for (size_t i = 0; i < tl->n; i++) {
        const tspan *sp = &tl->s[i];
        if (sp->to < lo)
            continue;
        if (sp->from > hi)
            break;
        relok_day a = dmax(lo, sp->from), b = dmin(hi, sp->to);
        relok_day best = RELOK_DAY_NONE;
        for (size_t k = 0; k < sp->f.n; k++) {
            relok_day v = leaf_first_violation(&sp->f.l[k], w, sx, a, b);
            if (v != RELOK_DAY_NONE && (best == RELOK_DAY_NONE || v < best))
                best = v;
        }
        if (best != RELOK_DAY_NONE)
            return best;
    }
    return RELOK_DAY_NONE;
}

/* Is entering on E lawful under span sp, given each leaf's threshold? */
static bool entry_lawful(const tspan *sp, const relok_day *from, const world *w, relok_day e)
{
    if (ivl_has(w->perm, w->n_perm, e))
        return true; /* a day under a permit is never counted */
    for (size_t k = 0; k < sp->f.n; k++) {
        if (e < sp->f.l[k].cf)
            continue; /* not counted by this part */
        if (from[k] == NEVER || e < from[k])
            return false;
    }
    return true;
}

/* Keep the earlier of a lawful candidate day and the best so far. */
static void try_entry(const tspan *sp, const relok_day *from, const world *w, relok_day e,
                      relok_day *best)
{
    if ((*best == RELOK_DAY_NONE || e < *best) && entry_lawful(sp, from, w, e))
        *best = e;
}

/* Outside (no presence on or after `start`): the first day in [start, end]
 * on which entering is lawful. Within a span each part's lawful entry days
 * are: permit days, days before its counts_from, and days from its
 * threshold on; so the first lawful day is the span's first day, a
 * threshold or a permit start - test those and keep the earliest. */
static relok_day tl_earliest_entry(const timeline *tl, const world *w, scratch *sx,
                                   relok_day start, relok_day end)
{
    relok_day cursor = start;
    for (size_t i = 0; i < tl->n && cursor <= end; i++) {
        const tspan *sp = &tl->s[i];
        if (sp->to < cursor)
            continue;
        if (sp->from > cursor)
            return cursor; /* a day no rule covers is not judged */
        relok_day b = dmin(sp->to, end);
        relok_day from[RELOK_STAY_MAX_PARTS];
        for (size_t k = 0; k < sp->f.n; k++)
            from[k] = leaf_entry_from(&sp->f.l[k], w, sx, start);
        relok_day best = RELOK_DAY_NONE;
        try_entry(sp, from, w, cursor, &best);
        for (size_t k = 0; k < sp->f.n; k++)
            if (from[k] != NEVER && from[k] > cursor && from[k] <= b)
                try_entry(sp, from, w, from[k], &best);
        for (size_t k = 0; k < w->n_perm; k++)
            if (w->perm[k].a > cursor && w->perm[k].a <= b)
                try_entry(sp, from, w, w->perm[k].a, &best);
        if (best != RELOK_DAY_NONE)
            return best;
        if (sp->to >= end)
            return RELOK_DAY_NONE;
        cursor = sp->to + 1;
    }
    return cursor <= end ? cursor : RELOK_DAY_NONE;
}

/* ================================================================ the API */

typedef struct cc_ivl {
    char cc[4]; /* country code, padded to a whole word */
    relok_day a, b;
} cc_ivl;
_Static_assert(sizeof(cc_ivl) % sizeof(int32_t) == 0, "cc_ivl packs into words");
_Static_assert(offsetof(ivl, a) == 0 && offsetof(tspan, from) == 0,
               "count_upto reads the key at the start of each element");

static bool cc_less(const cc_ivl *p, const cc_ivl *q)
{
    return p->a < q->a || (p->a == q->a && p->b < q->b);
}

/* The one sort of this file: trips (visits, then permits) by (entry, exit).
 * Short or already sorted input (the usual trip log) costs one pass;
 * otherwise a bottom-up merge sort through tmp (room for n), with no
 * comparison callbacks. */
static void cc_sort(cc_ivl *v, size_t n, cc_ivl *tmp)
{
    if (n <= 32) {
        for (size_t i = 1; i < n; i++) {
            cc_ivl x = v[i];
            size_t j = i;
            while (j > 0 && cc_less(&x, &v[j - 1])) {
                v[j] = v[j - 1];
                j--;
            }
            v[j] = x;
        }
        return;
    }
    size_t i = 1;
    while (i < n && !cc_less(&v[i], &v[i - 1]))
        i++;
    if (i == n)
        return;
    cc_ivl *src = v, *dst = tmp;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t a = lo, b = mid, k = lo;
            while (a < mid && b < hi)
                dst[k++] = cc_less(&src[b], &src[a]) ? src[b++] : src[a++];
            while (a < mid)
                dst[k++] = src[a++];
            while (b < hi)
                dst[k++] = src[b++];
        }
        cc_ivl *t = src;
        src = dst;
        dst = t;
    }
    if (src != v)
        memcpy(v, src, n * sizeof *v);
}

static relok_status check_args(const relok_rule_span *spans, size_t n_spans,
                               const relok_trip *trips, size_t n_trips, relok_day check,
                               int32_t horizon, relok_error *err)
{
    const relok_day lo = relok__stay_day_lo(), hi = relok__stay_day_hi();
    char buf[RELOK_DATE_BUF];
    if (spans == NULL || n_spans == 0)
        return relok__fail(err, RELOK_EINVAL, "no rule to evaluate");
    if (trips == NULL && n_trips > 0)
        return relok__fail(err, RELOK_EINVAL, "trips is NULL");
    if (n_trips > RELOK_MAX_TRIPS * 4u)
        return relok__fail(err, RELOK_EINVAL, "too many trips");
    if (check < lo || check > hi)
        return relok__fail(err, RELOK_EINVAL, "check date out of range");
    if (horizon < 1 || horizon > RELOK_MAX_HORIZON_DAYS * 4)
        return relok__fail(err, RELOK_EINVAL, "horizon out of range");
    for (size_t i = 0; i < n_spans; i++) {
        if (spans[i].rule == NULL)
            return relok__fail(err, RELOK_EINVAL, "rule span %zu has no rule", i);
        if (spans[i].from > spans[i].to)
            return relok__fail(err, RELOK_EINVAL, "rule span %zu ends before it starts", i);
        if (i > 0 && spans[i].from <= spans[i - 1].to)
            return relok__fail(err, RELOK_EINVAL,
                               "rule spans %zu and %zu overlap or are out of order", i - 1, i);
    }
    for (size_t i = 0; i < n_trips; i++) {
        const relok_trip *t = &trips[i];
        if (t->status != RELOK_TRIP_VISIT && t->status != RELOK_TRIP_PERMIT)
            return relok__fail(err, RELOK_EINVAL, "trip %zu has an invalid status", i + 1);
        if (t->entry < lo || t->entry > hi ||
            (t->exit != RELOK_DAY_NONE && (t->exit < lo || t->exit > hi)))
            return relok__fail(err, RELOK_EINVAL, "trip %zu has a date out of range", i + 1);
        if (t->exit != RELOK_DAY_NONE && t->exit < t->entry)
            return relok__fail(err, RELOK_EINVAL, "trip %zu ends (%s) before it starts", i + 1,
                               relok_date_format(t->exit, buf));
        if (t->entry > check)
            return relok__fail(err, RELOK_EINVAL, "trip %zu starts after the check date",
                               i + 1);
        if (t->status == RELOK_TRIP_VISIT && t->exit != RELOK_DAY_NONE && t->exit > check)
            return relok__fail(err, RELOK_EINVAL, "trip %zu ends after the check date", i + 1);
    }
    return RELOK_OK;
}

/* ============================================================ workspace */

/* Every array one evaluation needs. Small timelines (every KB rule) and
 * short logs stay on the stack; otherwise one block holds the intervals. */
typedef struct workspace {
    tspan tl_small[4];
    tspan *tls;        /* n_spans flattened spans */
    int32_t small[1024];
    int32_t *mem;      /* small or one heap block */
    ivl *vis;          /* nv: visits by (entry, exit), exits clipped */
    ivl *pres;         /* nv + 1: presence */
    ivl *perm;         /* np: permits, merged */
    ivl *pres2;        /* nv + 1: presence in a "what if" world */
    ivl *cv;           /* nv + np + 2: counted days */
    int32_t *cpre;     /* nv + np + 3: their prefix counts */
    relok_day *bounds; /* nv + 2: stay starts */
    cc_ivl *byc;       /* nv + np: trips with their country, sorted */
    cc_ivl *per_cc;    /* nv + np: sort buffer, then one entry per country */
} workspace;

static void ws_free(workspace *ws)
{
    if (ws->mem != ws->small)
        relok__free(ws->mem);
    if (ws->tls != ws->tl_small)
        relok__free(ws->tls);
}

static relok_status ws_init(workspace *ws, size_t n_spans, size_t nv, size_t np,
                            relok_error *err)
{
    ws->tls = n_spans <= 4 ? ws->tl_small : relok__mallocarray(NULL, n_spans, sizeof *ws->tls);
    ws->mem = ws->small;
    if (ws->tls == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    size_t n_ivl = nv + (nv + 1) + np + (nv + 1) + (nv + np + 2);
    size_t n_i32 = (nv + np + 3) + (nv + 2);
    size_t words = n_ivl * 2 + n_i32 + 2 * (nv + np) * (sizeof(cc_ivl) / sizeof(int32_t));
    if (words > sizeof ws->small / sizeof *ws->small) {
        ws->mem = relok__mallocarray(NULL, words, sizeof(int32_t));
        if (ws->mem == NULL) {
            ws_free(ws);
            return relok__fail(err, RELOK_ENOMEM, "out of memory");
        }
    }
    ws->vis = (ivl *)(void *)ws->mem;
    ws->pres = ws->vis + nv;
    ws->perm = ws->pres + nv + 1;
    ws->pres2 = ws->perm + np;
    ws->cv = ws->pres2 + nv + 1;
    ws->cpre = (int32_t *)(void *)(ws->cv + nv + np + 2);
    ws->bounds = ws->cpre + nv + np + 3;
    ws->byc = (cc_ivl *)(void *)(ws->bounds + nv + 2);
    ws->per_cc = ws->byc + nv + np;
    return RELOK_OK;
}

/* ============================================================ the visits */

/* What the log says about presence, as of the check date. */
typedef struct loaded {
    size_t nv, npres, np;
    relok_day first_entry; /* earliest visit entry, or NONE */
    relok_day last_exit;   /* latest visit exit (clipped), or NONE */
    bool departing;        /* every visit covering the check date ends on it
                            * by its record (none is ongoing) */
} loaded;

/* Visits (exits clipped to the check date) sorted with their presence
 * union, and permits merged. Visits to one country may share a boundary
 * day, never more. */
static relok_status load_visits(workspace *ws, const relok_trip *trips, size_t n_trips,
                                relok_day check, loaded *ld, relok_error *err)
{
    size_t iv = 0, ip = 0;
    bool covered = false, ongoing = false;
    ld->first_entry = ld->last_exit = RELOK_DAY_NONE;
    for (size_t i = 0; i < n_trips; i++) {
        const relok_trip *t = &trips[i];
        relok_day b = t->exit == RELOK_DAY_NONE ? check : t->exit;
        if (t->status != RELOK_TRIP_VISIT)
            continue;
        ws->byc[iv++] = (cc_ivl){{t->country[0], t->country[1], 0, 0}, t->entry, b};
        if (ld->first_entry == RELOK_DAY_NONE || t->entry < ld->first_entry)
            ld->first_entry = t->entry;
        if (ld->last_exit == RELOK_DAY_NONE || b > ld->last_exit)
            ld->last_exit = b;
        if (b == check) {
            covered = true;
            ongoing = ongoing || t->exit == RELOK_DAY_NONE;
        }
    }
    ld->departing = covered && !ongoing;
    /* Permits go through the same sort, after the visits. */
    cc_ivl *pc = ws->byc + iv;
    for (size_t i = 0; i < n_trips; i++) {
        const relok_trip *t = &trips[i];
        if (t->status == RELOK_TRIP_VISIT)
            continue;
        pc[ip++] = (cc_ivl){{0, 0, 0, 0}, t->entry, t->exit == RELOK_DAY_NONE ? check : t->exit};
    }
    cc_sort(pc, ip, ws->per_cc);
    for (size_t i = 0; i < ip; i++)
        ws->perm[i] = (ivl){pc[i].a, pc[i].b};
    ld->np = ivl_merge_sorted(ws->perm, ip);

    cc_sort(ws->byc, iv, ws->per_cc);
    /* In date order each visit must start on or after the latest exit of
     * the earlier visits to its country (few countries per call: a short
     * list). */
    size_t nc = 0;
    for (size_t i = 0; i < iv; i++) {
        const cc_ivl *x = &ws->byc[i];
        ws->vis[i] = (ivl){x->a, x->b};
        size_t k = 0;
        while (k < nc && memcmp(ws->per_cc[k].cc, x->cc, 2) != 0)
            k++;
        if (k == nc) {
            ws->per_cc[nc++] = *x;
            continue;
        }
        if (x->a < ws->per_cc[k].b) {
            char b1[RELOK_DATE_BUF];
            return relok__fail(err, RELOK_EINVAL, "visits to %.2s overlap on %s", x->cc,
                               relok_date_format(x->a, b1));
        }
        if (x->b > ws->per_cc[k].b)
            ws->per_cc[k].b = x->b;
    }
    ld->nv = iv;
    memcpy(ws->pres, ws->vis, iv * sizeof *ws->pres);
    ld->npres = ivl_merge_sorted(ws->pres, iv);
    return RELOK_OK;
}

/* ============================================================ the answers */

/* Days used and left under the rule in force on the check date. */
static void answer_counts(const timeline *tl, const world *w, scratch *sx, relok_day check,
                          relok_stay_answer *ans)
{
    const tspan *now = tl_at(tl, check);
    if (now == NULL)
        return;
    int64_t best_left = INT64_MAX;
    ans->is_all_of = now->f.is_all_of;
    ans->no_stay_allowed = now->f.has_none;
    for (size_t k = 0; k < now->f.n; k++) {
        const leaf *lf = &now->f.l[k];
        int32_t used = leaf_count_at(lf, w, sx, check);
        int64_t left64 = (int64_t)lf->max_raw - used;
        int32_t left = left64 < 0 ? 0 : (int32_t)left64;
        if (now->f.is_all_of) {
            ans->parts[k] = (relok_stay_part){lf->kind, lf->max_raw, lf->window_raw, used, left};
            ans->n_parts = k + 1;
        }
        if (left < best_left) {
            best_left = left;
            ans->days_used = used;
            ans->days_left = left;
        }
    }
}

/* Inside: stay on without a break. The current stay runs on past the check
 * date; no new entry, so per_entry stays are unchanged. */
static void answer_inside(const timeline *tl, const world *w, scratch *sx, ivl *pres2,
                          relok_day check, int32_t horizon, relok_stay_answer *ans)
{
    scratch_forget(sx);
    memcpy(pres2, w->pres, w->n_pres * sizeof *pres2);
    pres2[w->n_pres - 1].b = check + horizon;
    world w2 = *w;
    w2.pres = pres2;
    relok_day v = tl_first_violation(tl, &w2, sx, check, check + horizon);
    if (v == RELOK_DAY_NONE)
        ans->latest_exit_unbounded = true;
    else if (v > check)
        ans->latest_exit = v - 1;
}

/* Outside from `start` on (the check date, or the day after a departure):
 * the earliest lawful entry and how long a stay entered then may last. */
static void answer_outside(const timeline *tl, const world *w, scratch *sx, ivl *pres2,
                           relok_day start, relok_day end, int32_t horizon,
                           relok_stay_answer *ans)
{
    relok_day e = tl_earliest_entry(tl, w, sx, start, end);
    scratch_forget(sx); /* the world below lives where another one lived */
    if (e == RELOK_DAY_NONE)
        return;
    ans->earliest_reentry = e;
    /* A new visit entered on e and kept up. */
    memcpy(pres2, w->pres, w->n_pres * sizeof *pres2);
    size_t n2 = w->n_pres;
    if (n2 > 0 && pres2[n2 - 1].b + 1 >= e)
        pres2[n2 - 1].b = e + horizon;
    else
        pres2[n2++] = (ivl){e, e + horizon};
    world w2 = *w;
    w2.pres = pres2;
    w2.n_pres = n2;
    w2.extra_a = e;
    relok_day v = tl_first_violation(tl, &w2, sx, e, e + horizon);
    if (v == RELOK_DAY_NONE)
        ans->max_stay_unbounded = true;
    else
        ans->max_stay_if_entering = v - e;
}

relok_status relok__stay_eval_h(const relok_rule_span *spans, size_t n_spans,
                                const relok_trip *trips, size_t n_trips, relok_day check,
                                int32_t horizon, relok_stay_answer *out, relok_error *err)
{
    relok_status rc = check_args(spans, n_spans, trips, n_trips, check, horizon, err);
    if (rc != RELOK_OK)
        return rc;
    size_t nv = 0, np = 0;
    for (size_t i = 0; i < n_trips; i++) {
        if (trips[i].status == RELOK_TRIP_VISIT)
            nv++;
        else
            np++;
    }
    workspace ws;
    rc = ws_init(&ws, n_spans, nv, np, err);
    if (rc != RELOK_OK)
        return rc;

    timeline tl = {ws.tls, n_spans};
    for (size_t i = 0; i < n_spans; i++) {
        memset(&ws.tls[i].f, 0, sizeof ws.tls[i].f);
        ws.tls[i].from = clamp_day(spans[i].from);
        ws.tls[i].to = clamp_day(spans[i].to);
        rc = flatten(spans[i].rule, -DAY_FAR, 0, &ws.tls[i].f, err);
        if (rc != RELOK_OK)
            goto out;
    }
    loaded ld = {0};
    rc = load_visits(&ws, trips, n_trips, check, &ld, err);
    if (rc != RELOK_OK)
        goto out;

    scratch sx = {.cv = ws.cv, .cpre = ws.cpre, .bounds = ws.bounds};
    world w = {ws.vis, ld.nv, RELOK_DAY_NONE, ws.pres, ld.npres, ws.perm, ld.np, ld.last_exit};

    relok_stay_answer ans;
    memset(&ans, 0, sizeof ans);
    ans.days_used = ans.days_left = -1;
    ans.first_overstay_day = ans.latest_exit = ans.earliest_reentry = RELOK_DAY_NONE;
    ans.max_stay_if_entering = -1;
    ans.inside = ld.npres > 0 && ws.pres[ld.npres - 1].b == check;
    ans.departing = ans.inside && ld.departing;

    /* Overstay: the first unlawful day up to the check date. */
    ans.first_overstay_day = tl_first_violation(&tl, &w, &sx, -DAY_FAR, check);
    ans.overstay = ans.first_overstay_day != RELOK_DAY_NONE;
    answer_counts(&tl, &w, &sx, check, &ans);
    relok_day judged_from = ld.first_entry != RELOK_DAY_NONE ? dmin(ld.first_entry, check)
                                                             : check;
    for (size_t i = 0; i < n_spans; i++)
        if (ws.tls[i].f.has_unknown && ws.tls[i].from <= check && ws.tls[i].to >= judged_from)
            ans.is_unknown_rule = true;

    if (ans.inside)
        answer_inside(&tl, &w, &sx, ws.pres2, check, horizon, &ans);
    if (!ans.inside)
        answer_outside(&tl, &w, &sx, ws.pres2, check, check + horizon, horizon, &ans);
    else if (ans.departing)
        answer_outside(&tl, &w, &sx, ws.pres2, check + 1, check + horizon, horizon, &ans);
    *out = ans;
out:
    ws_free(&ws);
    return rc;
}

relok_status relok_stay_eval(const relok_rule_span *spans, size_t n_spans,
                             const relok_trip *trips, size_t n_trips, relok_day check,
                             relok_stay_answer *out, relok_error *err)
{
    return relok__stay_eval_h(spans, n_spans, trips, n_trips, check, RELOK_MAX_HORIZON_DAYS,
                              out, err);
}
