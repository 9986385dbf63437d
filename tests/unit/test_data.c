/* SPDX-License-Identifier: MIT */
/* The shipped knowledge base (data/): coverage, honesty and paraphrase
 * checks from the KB-content issue, and the as-of acceptance points. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "relok/relok.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static relok_kb *kb;

static int setup(void **state)
{
    (void)state;
    const char *dir = getenv("RELOK_KB");
    if (dir == NULL)
        return -1;
    relok_error err = {0};
    if (relok_kb_load(dir, &kb, NULL, &err) != RELOK_OK) {
        fprintf(stderr, "shipped KB invalid: %s:%u:%u %s: %s\n", err.source, err.line,
                err.column, err.path, err.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    relok_kb_free(kb);
    return 0;
}

static relok_day D(const char *s)
{
    relok_day d = 0;
    assert_int_equal(relok_date_parse(s, strlen(s), &d, NULL), RELOK_OK);
    return d;
}

static bool cites_real_source(const relok_fact *f)
{
    for (size_t i = 0; i < f->n_sources; i++)
        if (strcmp(f->sources[i], "relok:unverified") != 0)
            return true;
    return false;
}

/* A source that is a community wiki does not confirm a rule on its own. */
static bool is_wiki(const relok_source *src)
{
    const char *fields[] = {src->publisher, src->title, src->url};
    for (size_t i = 0; i < 3; i++)
        if (fields[i] != NULL && (strstr(fields[i], "wiki") != NULL ||
                                  strstr(fields[i], "Wiki") != NULL))
            return true;
    return false;
}

/* Does the rule (or an all_of part) let a re-entry reset the count? */
static bool assumes_reset(const relok_rule *r)
{
    if (r->kind == RELOK_RULE_PER_ENTRY)
        return true;
    for (size_t i = 0; i < r->n_rules; i++)
        if (assumes_reset(&r->rules[i]))
            return true;
    return false;
}

static void check_resets(const relok_stay_rule *st, size_t n, const char *owner)
{
    for (size_t i = 0; i < n; i++) {
        if (!assumes_reset(&st[i].rule))
            continue;
        size_t confirming = 0;
        for (size_t k = 0; k < st[i].fact.n_sources; k++) {
            const relok_source *src = relok_kb_source(kb, st[i].fact.sources[k]);
            if (src != NULL && strcmp(src->id, "relok:unverified") != 0 && !is_wiki(src))
                confirming++;
        }
        if (!st[i].fact.is_verified || confirming == 0)
            fail_msg("%s: stay rule '%s' (%s:%u) resets on re-entry without a verified fact "
                     "from a source other than a community wiki: make it kind unknown",
                     owner, st[i].id, st[i].fact.file, st[i].fact.line);
    }
}

/* Issue 12: a reset that no source confirms is not assumed (it is modelled
 * as unknown, and the planner never plans a border run on it). */
static void test_data_no_per_entry_reset_without_a_verified_fact(void **state)
{
    (void)state;
    for (size_t c = 0; c < relok_kb_n_countries(kb); c++) {
        const relok_country *co = relok_kb_country_at(kb, c);
        check_resets(co->rules.stay, co->rules.n_stay, co->code);
    }
    for (size_t z = 0; z < relok_kb_n_zones(kb); z++) {
        const relok_zone *zo = relok_kb_zone_at(kb, z);
        check_resets(zo->rules.stay, zo->rules.n_stay, zo->id);
    }
    /* Montenegro's reset rested on a community wiki only: now unknown. */
    const relok_stay_rule *me = relok_kb_stay(kb, relok_kb_country(kb, "ME"), "RU",
                                              RELOK_DOC_PASSPORT, D("2024-06-01"));
    assert_non_null(me);
    assert_int_equal(me->rule.kind, RELOK_RULE_UNKNOWN);
    /* Sri Lanka's ETA counts 30 days from the first arrival; Thailand's
     * immigration refuses repeat visa runs from 12 November 2025: neither
     * resets on re-entry (both were per_entry). */
    const relok_stay_rule *lk = relok_kb_stay(kb, relok_kb_country(kb, "LK"), "RU",
                                              RELOK_DOC_PASSPORT, D("2026-01-15"));
    assert_non_null(lk);
    assert_int_equal(lk->rule.kind, RELOK_RULE_UNKNOWN);
    const relok_country *th = relok_kb_country(kb, "TH");
    assert_int_equal(relok_kb_stay(kb, th, "RU", RELOK_DOC_PASSPORT, D("2025-11-11"))->rule.kind,
                     RELOK_RULE_PER_ENTRY);
    assert_int_equal(relok_kb_stay(kb, th, "RU", RELOK_DOC_PASSPORT, D("2025-11-12"))->rule.kind,
                     RELOK_RULE_UNKNOWN);
}

/* An official subsistence minimum is a floor by state norms, not what a
 * month costs: the advisor scores a one-person month without rent as the
 * rest of a month beside rent, so a minimum recorded as one would make the
 * country look cheaper than living there is. Its notes name it, in either
 * language. */
/* Does either language of t contain one of the n words? */
static bool text_has_any(const relok_text *t, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((t->en != NULL && strstr(t->en, words[i]) != NULL) ||
            (t->ru != NULL && strstr(t->ru, words[i]) != NULL))
            return true;
    return false;
}

static bool names_an_official_minimum(const relok_text *t)
{
    static const char *const words[] = {"subsistence minimum", "minimum consumer budget",
                                        "прожиточный минимум", "прожиточного минимума",
                                        "минимальный потребительский бюджет"};
    return text_has_any(t, words, sizeof words / sizeof *words);
}

static void test_data_official_minimums_are_not_a_month_without_rent(void **state)
{
    (void)state;
    size_t n_minimums = 0;
    for (size_t c = 0; c < relok_kb_n_countries(kb); c++) {
        const relok_country *co = relok_kb_country_at(kb, c);
        for (size_t i = 0; i < co->n_costs; i++) {
            const relok_cost *k = &co->costs[i];
            if (k->item == RELOK_COST_SUBSISTENCE_MIN)
                n_minimums++;
            if (k->item == RELOK_COST_LIVING_NO_RENT && names_an_official_minimum(&k->fact.note))
                fail_msg("%s:%u: an official minimum recorded as living_no_rent; use "
                         "subsistence_min",
                         k->fact.file, k->fact.line);
        }
    }
    /* Kyrgyzstan's, Kazakhstan's and Belarus's are recorded. */
    assert_true(n_minimums >= 6);
}

/* A cost whose source gives no date carries `undated: true`, so that the
 * advisor does not take its estimated date (often the year it was read) as
 * the latest observation and the web does not place it on a time axis; and
 * an undated cost says in its note or its to-check text how the date was
 * estimated. */
static bool says_no_date(const relok_text *t)
{
    static const char *const words[] = {"shows no date", "no date;", "names no year",
                                        "year we read", "year it was read", "without a year",
                                        "is a placeholder", "An undated"};
    return text_has_any(t, words, sizeof words / sizeof *words);
}

static void test_data_costs_without_a_source_date_are_marked_undated(void **state)
{
    (void)state;
    size_t n_undated = 0;
    for (size_t c = 0; c < relok_kb_n_countries(kb); c++) {
        const relok_country *co = relok_kb_country_at(kb, c);
        for (size_t i = 0; i < co->n_costs; i++) {
            const relok_cost *k = &co->costs[i];
            bool says = says_no_date(&k->fact.note) || says_no_date(&k->fact.to_check);
            if (says && !k->is_undated)
                fail_msg("%s:%u: its note says the source gives no date; add 'undated: true'",
                         k->fact.file, k->fact.line);
            if (k->is_undated && relok_text_is_empty(&k->fact.note) &&
                relok_text_is_empty(&k->fact.to_check))
                fail_msg("%s:%u: undated, but no note says how its date was estimated",
                         k->fact.file, k->fact.line);
            n_undated += k->is_undated;
        }
    }
    assert_true(n_undated >= 30);
}

/* Issue 12: where the law sets no limit it is a rule of its own. */
static void test_data_belarus_has_no_limit(void **state)
{
    (void)state;
    const relok_stay_rule *by = relok_kb_stay(kb, relok_kb_country(kb, "BY"), "RU",
                                              RELOK_DOC_INTERNAL_ID, D("2024-06-01"));
    assert_non_null(by);
    assert_int_equal(by->rule.kind, RELOK_RULE_NO_LIMIT);
    assert_true(by->fact.is_verified);
    assert_int_equal(by->registration_days, 90);
}

/* Issue 12: at least 25 practice reports, each verified or saying what to
 * check, and never in a country without a file. */
static void test_data_practice_reports(void **state)
{
    (void)state;
    size_t n = relok_kb_n_reports(kb), countries = 0;
    assert_true(n >= 25);
    for (size_t c = 0; c < relok_kb_n_countries(kb); c++)
        countries += relok_kb_country_at(kb, c)->n_reports > 0;
    assert_true(countries >= 6);
    for (size_t i = 0; i < n; i++) {
        const relok_report *r = relok_kb_report_at(kb, i);
        assert_true(cites_real_source(&r->fact));
        assert_true(r->fact.is_verified || !relok_text_is_empty(&r->fact.to_check));
        assert_int_equal(r->fact.basis, RELOK_BASIS_PRACTICE);
    }
}

/* Issue 2: `relok show KZ --as-of 2022-06-01` and `--as-of 2023-06-01` differ
 * in the stay rule, each citing its source. */
static void test_data_kazakhstan_stay_rule_changed_in_2023(void **state)
{
    (void)state;
    const relok_country *kz = relok_kb_country(kb, "KZ");
    assert_non_null(kz);
    for (int doc = RELOK_DOC_INTERNAL_ID; doc <= RELOK_DOC_PASSPORT; doc++) {
        const relok_stay_rule *a = relok_kb_stay(kb, kz, "RU", (relok_doc)doc, D("2022-06-01"));
        const relok_stay_rule *b = relok_kb_stay(kb, kz, "RU", (relok_doc)doc, D("2023-06-01"));
        assert_non_null(a);
        assert_non_null(b);
        assert_ptr_not_equal(a, b);
        assert_int_not_equal(a->rule.kind, b->rule.kind);
        assert_int_equal(b->rule.kind, RELOK_RULE_ROLLING);
        assert_int_equal(b->rule.max_days, 90);
        assert_int_equal(b->rule.window_days, 180);
        /* Not retroactive: counting starts with the new rule. */
        assert_true(b->rule.counts_from != RELOK_DAY_NONE);
        assert_true(b->rule.counts_from >= D("2023-01-26"));
        assert_true(cites_real_source(&a->fact));
        assert_true(cites_real_source(&b->fact));
    }
}

/* Issue 3: >= 30 countries, each with an entry rule for internal_id and
 * passport and a stay rule; the four hosts in depth. */
static void test_data_covers_thirty_countries_with_entry_and_stay(void **state)
{
    (void)state;
    relok_day today = relok_date_today();
    size_t destinations = 0;
    for (size_t i = 0; i < relok_kb_n_countries(kb); i++) {
        const relok_country *c = relok_kb_country_at(kb, i);
        if (c->is_origin)
            continue;
        destinations++;
        const relok_entry_rule *id =
            relok_kb_entry(kb, c, "RU", RELOK_DOC_INTERNAL_ID, RELOK_MODE_COUNT_, today);
        const relok_entry_rule *pp =
            relok_kb_entry(kb, c, "RU", RELOK_DOC_PASSPORT, RELOK_MODE_COUNT_, today);
        const relok_stay_rule *st = relok_kb_stay(kb, c, "RU", RELOK_DOC_PASSPORT, today);
        if (id == NULL || pp == NULL || st == NULL)
            fail_msg("%s: entry(internal_id)=%p entry(passport)=%p stay(passport)=%p", c->code,
                     (const void *)id, (const void *)pp, (const void *)st);
        /* Every destination lists its land neighbours (border runs); Cyprus
         * has none with an ISO code (its file explains why). */
        if (c->n_neighbours == 0 && strcmp(c->code, "CY") != 0)
            fail_msg("%s has no neighbours recorded", c->code);
    }
    assert_true(destinations >= 30);
    const relok_country *ru = relok_kb_country(kb, "RU");
    assert_non_null(ru);
    assert_true(ru->is_origin);
}

static bool has_indicator(const relok_country *c, relok_dimension dim, bool need_range)
{
    for (size_t i = 0; i < c->n_indicators; i++) {
        if (c->indicators[i].dimension != dim)
            continue;
        for (size_t p = 0; p < c->indicators[i].n_points; p++)
            if (!need_range || c->indicators[i].points[p].is_range)
                return true;
    }
    return false;
}

static void test_data_hosts_have_pathways_risks_society_economy_stock(void **state)
{
    (void)state;
    static const char *const hosts[] = {"GE", "AM", "KZ", "KG"};
    for (size_t i = 0; i < 4; i++) {
        const relok_country *c = relok_kb_country(kb, hosts[i]);
        assert_non_null(c);
        if (c->n_pathways == 0 || c->n_risks == 0)
            fail_msg("%s: %zu pathways, %zu risks", hosts[i], c->n_pathways, c->n_risks);
        if (!has_indicator(c, RELOK_DIM_SOCIETY, false))
            fail_msg("%s: no society indicator", hosts[i]);
        if (!has_indicator(c, RELOK_DIM_OPPORTUNITY, false) &&
            !has_indicator(c, RELOK_DIM_STABILITY, false))
            fail_msg("%s: no economy indicator", hosts[i]);
        /* The stock of Russians is a range with its date. */
        bool stock = false;
        for (size_t k = 0; k < c->n_indicators; k++)
            if (strcmp(c->indicators[k].id, "russian_stock") == 0)
                for (size_t p = 0; p < c->indicators[k].n_points; p++)
                    stock = stock || c->indicators[k].points[p].is_range;
        if (!stock)
            fail_msg("%s: no russian_stock range", hosts[i]);
    }
}

/* Figures the issue names, as the brief gives them, with its endnotes. */
static const relok_point *find_point(const char *cc, const char *series, double low, double high)
{
    const relok_country *c = relok_kb_country(kb, cc);
    for (size_t i = 0; c != NULL && i < c->n_indicators; i++) {
        if (strcmp(c->indicators[i].id, series) != 0)
            continue;
        for (size_t p = 0; p < c->indicators[i].n_points; p++) {
            const relok_point *pt = &c->indicators[i].points[p];
            if (pt->low == low && pt->high == high)
                return pt;
        }
    }
    return NULL;
}

static bool cites(const relok_fact *f, const char *id)
{
    for (size_t i = 0; i < f->n_sources; i++)
        if (strcmp(f->sources[i], id) == 0)
            return true;
    return false;
}

static void test_data_brief_figures_cite_their_endnotes(void **state)
{
    (void)state;
    struct {
        const char *cc, *series;
        double low, high;
        const char *source;
    } figures[] = {
        {"GE", "russian_stock", 62000, 130000, "brief:XVI"},
        {"AM", "russian_stock", 60000, 300000, "brief:XXXVI"},
        {"KZ", "russian_stock", 150000, 300000, "brief:LII"},
        {"KG", "russian_stock", 30000, 60000, "brief:LXXIV"},
        {"AM", "gdp_growth", 12.6, 12.6, "brief:XXXV"},
        {"KG", "gdp_growth", 7, 7, "brief:LXXVII"},
        {"AM", "it_workers", 30000, 40000, "brief:XL"},
        {"GE", "residence_permit_approval", 60, 60, "brief"},
    };
    for (size_t i = 0; i < sizeof figures / sizeof *figures; i++) {
        const relok_point *pt =
            find_point(figures[i].cc, figures[i].series, figures[i].low, figures[i].high);
        if (pt == NULL)
            fail_msg("%s %s %g..%g not found", figures[i].cc, figures[i].series, figures[i].low,
                     figures[i].high);
        if (!cites(&pt->fact, figures[i].source))
            fail_msg("%s %s does not cite %s", figures[i].cc, figures[i].series,
                     figures[i].source);
        assert_true(pt->fact.is_verified);
    }
    /* Georgia's residence pathways: thresholds exactly as the brief's
     * footnote words them ("over"). */
    const relok_country *ge = relok_kb_country(kb, "GE");
    struct {
        relok_req_field field;
        double amount;
        const char *currency;
        bool found;
    } want[] = {{RELOK_REQF_REAL_ESTATE_VALUE, 100000, "USD", false},
                {RELOK_REQF_INVESTMENT, 300000, "USD", false},
                {RELOK_REQF_BUSINESS_TURNOVER, 50000, "GEL", false}};
    for (size_t p = 0; p < ge->n_pathways; p++)
        for (size_t r = 0; r < ge->pathways[p].n_requires; r++)
            for (size_t w = 0; w < 3; w++) {
                const relok_requirement *q = &ge->pathways[p].requires[r];
                if (q->field == want[w].field && q->amount == want[w].amount &&
                    strcmp(q->currency, want[w].currency) == 0 && q->op == RELOK_REQ_GT)
                    want[w].found = true;
            }
    for (size_t w = 0; w < 3; w++)
        if (!want[w].found)
            fail_msg("Georgia: no pathway requiring %s > %g %s",
                     relok_req_field_name(want[w].field), want[w].amount, want[w].currency);
}

/* ------------------------------------------------------------ paraphrase */

/* Lower-cased words: runs of ASCII letters/digits or bytes >= 0x80 (so
 * Cyrillic stays whole). Must match scripts/brief-hashes.py. */
static size_t words_of(const char *text, size_t len, char ***out)
{
    size_t cap = 1024, n = 0;
    char **w = malloc(cap * sizeof *w);
    assert_non_null(w);
    size_t i = 0;
    while (i < len) {
        while (i < len && !(isalnum((unsigned char)text[i]) || (unsigned char)text[i] >= 0x80))
            i++;
        size_t start = i;
        while (i < len && (isalnum((unsigned char)text[i]) || (unsigned char)text[i] >= 0x80))
            i++;
        if (i == start)
            continue;
        if (n == cap) {
            cap *= 2;
            w = realloc(w, cap * sizeof *w);
            assert_non_null(w);
        }
        char *word = malloc(i - start + 1);
        assert_non_null(word);
        for (size_t k = 0; k < i - start; k++)
            word[k] = (char)tolower((unsigned char)text[start + k]);
        word[i - start] = '\0';
        w[n++] = word;
    }
    *out = w;
    return n;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    assert_non_null(buf);
    *len = fread(buf, 1, (size_t)size, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* FNV-1a 64 of w[i..i+n-1] joined by single spaces. */
static uint64_t gram_hash(char **w, size_t i, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t k = 0; k < n; k++) {
        if (k > 0) {
            h ^= (unsigned char)' ';
            h *= 0x100000001b3u;
        }
        for (const char *p = w[i + k]; *p != '\0'; p++) {
            h ^= (unsigned char)*p;
            h *= 0x100000001b3u;
        }
    }
    return h;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Issue 3: no sentence of the brief appears in the data. Any run of 8
 * consecutive words of the brief's body found in a country file counts as a
 * copied sentence (figures and names are far shorter). The brief's text is
 * not in the repository: tests/data/brief-8grams.txt holds only hashes of
 * its 8-word runs. Source titles (data/sources) are bibliographic and exempt. */
static void test_data_no_sentence_of_the_brief_is_copied(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/brief-8grams.txt", getenv("RELOK_TEST_DATA"));
    size_t hlen = 0;
    char *htext = read_all(path, &hlen);
    assert_non_null(htext);
    size_t cap = hlen / 17 + 1, n_hashes = 0;
    uint64_t *hashes = malloc(cap * sizeof *hashes);
    assert_non_null(hashes);
    /* Parse line by line. */
    for (char *p = htext; *p != '\0';) {
        char *end = strchr(p, '\n');
        if (end != NULL)
            *end = '\0';
        if (*p != '#' && *p != '\0' && n_hashes < cap)
            hashes[n_hashes++] = strtoull(p, NULL, 16);
        if (end == NULL)
            break;
        p = end + 1;
    }
    free(htext);
    assert_true(n_hashes > 1000);
    qsort(hashes, n_hashes, sizeof *hashes, cmp_u64);

    char dir[1024];
    snprintf(dir, sizeof dir, "%s/countries", getenv("RELOK_KB"));
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    size_t copied = 0, files = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char fp[2048];
        snprintf(fp, sizeof fp, "%s/%s", dir, e->d_name);
        size_t dlen = 0;
        char *data = read_all(fp, &dlen);
        assert_non_null(data);
        files++;
        char **dw = NULL;
        size_t nd = words_of(data, dlen, &dw);
        for (size_t i = 0; i + 8 <= nd; i++) {
            uint64_t h = gram_hash(dw, i, 8);
            if (bsearch(&h, hashes, n_hashes, sizeof *hashes, cmp_u64) != NULL) {
                fprintf(stderr, "%s copies 8+ words of the brief, from \"%s %s %s %s...\"\n",
                        e->d_name, dw[i], dw[i + 1], dw[i + 2], dw[i + 3]);
                copied++;
                break;
            }
        }
        for (size_t i = 0; i < nd; i++)
            free(dw[i]);
        free(dw);
        free(data);
    }
    closedir(d);
    free(hashes);
    assert_true(files >= 30);
    assert_int_equal(copied, 0);
}

/* The detector itself: a phrase of the brief is caught, a paraphrase is not. */
static void test_data_copy_detector_catches_a_copied_phrase(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/brief-8grams.txt", getenv("RELOK_TEST_DATA"));
    size_t hlen = 0;
    char *htext = read_all(path, &hlen);
    assert_non_null(htext);
    /* "...for who knows how long?" closes a paragraph of the brief. */
    const char *copied = "The state of vulnerability, of nomadism, affects both them and the "
                         "hosting countries";
    const char *own = "Being on the move leaves both the migrants and their hosts uncertain";
    char **w = NULL;
    size_t n = words_of(copied, strlen(copied), &w);
    uint64_t h = gram_hash(w, 0, 8);
    char hex[32];
    snprintf(hex, sizeof hex, "\n%016llx\n", (unsigned long long)h);
    assert_non_null(strstr(htext, hex));
    for (size_t i = 0; i < n; i++)
        free(w[i]);
    free(w);
    n = words_of(own, strlen(own), &w);
    h = gram_hash(w, 0, 8);
    snprintf(hex, sizeof hex, "\n%016llx\n", (unsigned long long)h);
    assert_null(strstr(htext, hex));
    for (size_t i = 0; i < n; i++)
        free(w[i]);
    free(w);
    free(htext);
}

static const relok_pathway *pathway_of(const char *cc, const char *id)
{
    const relok_country *c = relok_kb_country(kb, cc);
    assert_non_null(c);
    for (size_t i = 0; i < c->n_pathways; i++)
        if (strcmp(c->pathways[i].id, id) == 0)
            return &c->pathways[i];
    fail_msg("%s: no pathway %s", cc, id);
    return NULL;
}

/* Issue 12 item 4: pathway times and fees where a source gives them, each
 * backed by a source that was read (never relok:unverified alone), and the
 * advisor's months_to_residence defaulting to the first-permit time. */
static void test_data_pathway_times_and_fees(void **state)
{
    (void)state;
    static const struct {
        const char *cc, *id;
        int32_t first, permanent;
    } want[] = {
        {"KZ", "residence-permit", 3, 3}, {"TR", "rp-property", 3, 96},
        {"RS", "trp-general", 1, 36},    {"KG", "residence-permit", 1, 60},
        {"ME", "trp-company", 2, 60},     {"UZ", "rp-real-estate", 4, 4},
        {"GE", "rp-real-estate-2026", 1, 72},
        {"GE", "rp-investment", -1, 60}, {"KZ", "asylum", 3, -1},
        {"CY", "digital-nomad", 2, -1},  {"RS", "work-permit", 1, 36},
        {"DE", "asylum", 9, 60},         {"LT", "asylum", 6, 6},
        {"IL", "law-of-return", 0, 0},   {"MX", "temporary-residence", -1, 48},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const relok_pathway *p = pathway_of(want[i].cc, want[i].id);
        assert_int_equal(p->months_to_first_permit, want[i].first);
        assert_int_equal(p->months_to_permanent, want[i].permanent);
        assert_int_equal(p->months_to_residence, want[i].first);
    }
    size_t timed = 0, fees = 0;
    for (size_t c = 0; c < relok_kb_n_countries(kb); c++) {
        const relok_country *co = relok_kb_country_at(kb, c);
        for (size_t i = 0; i < co->n_pathways; i++) {
            const relok_pathway *p = &co->pathways[i];
            if (p->months_to_first_permit < 0 && p->months_to_permanent < 0 && p->n_fees == 0)
                continue;
            if (!cites_real_source(&p->fact))
                fail_msg("%s %s: times or fees without a source that was read", co->code, p->id);
            timed += p->months_to_first_permit >= 0 || p->months_to_permanent >= 0;
            for (size_t k = 0; k < p->n_fees; k++, fees++) {
                assert_true(p->fees[k].low > 0);
                assert_int_equal(strlen(p->fees[k].currency), 3);
            }
        }
    }
    assert_true(timed >= 34);
    assert_true(fees >= 8);
    /* Turkey's card fee is the 2026 figure and says so. */
    const relok_pathway *tr = pathway_of("TR", "rp-short-term");
    assert_int_equal(tr->n_fees, 1);
    assert_int_equal(tr->fees[0].date.day, D("2026-01-01"));
}

/* Issue 12, freshness sweep: the simulator lives through every day from
 * 2022-01-01, so for every destination and every document a Russian may
 * hold, each of those days has an entry rule (mode by mode), and a stay rule
 * whenever the document admits its holder without a visa. A day with no rule
 * is a gap: the planner and the simulator would know nothing about it. */
static void test_data_no_rule_gaps_since_2022(void **state)
{
    (void)state;
    const relok_day from = D("2022-01-01"), to = D("2026-12-06");
    size_t checked = 0;
    for (size_t c = 0; c < relok_kb_n_countries(kb); c++) {
        const relok_country *co = relok_kb_country_at(kb, c);
        if (co->is_origin)
            continue;
        for (int doc = 0; doc < RELOK_DOC_COUNT_; doc++) {
            for (relok_day d = from; d <= to; d++, checked++) {
                bool admits = false;
                for (int m = 0; m < RELOK_MODE_COUNT_; m++) {
                    const relok_entry_rule *e =
                        relok_kb_entry(kb, co, "RU", (relok_doc)doc, (relok_mode)m, d);
                    if (e == NULL) {
                        char day[RELOK_DATE_BUF];
                        relok_date_format(d, day);
                        fail_msg("%s: no entry rule for document %d, mode %d on %s", co->code,
                                 doc, m, day);
                    }
                    admits |= e->access == RELOK_ACCESS_VISA_FREE ||
                              e->access == RELOK_ACCESS_VISA_ON_ARRIVAL ||
                              e->access == RELOK_ACCESS_E_VISA;
                }
                if (admits && relok_kb_stay(kb, co, "RU", (relok_doc)doc, d) == NULL) {
                    char day[RELOK_DATE_BUF];
                    relok_date_format(d, day);
                    fail_msg("%s: document %d admits its holder on %s but no stay rule applies",
                             co->code, doc, day);
                }
            }
        }
    }
    assert_true(checked > 100000);
}

/* Issue 12, children's documents: from 20 January 2026 a Russian child
 * needs an own passport for Kazakhstan, Kyrgyzstan and Belarus too. */
static void test_data_birth_certificate_ends_on_20_january_2026(void **state)
{
    (void)state;
    const char *codes[] = {"KZ", "KG", "BY"};
    for (size_t i = 0; i < 3; i++) {
        const relok_country *co = relok_kb_country(kb, codes[i]);
        const relok_entry_rule *before = relok_kb_entry(
            kb, co, "RU", RELOK_DOC_BIRTH_CERTIFICATE, RELOK_MODE_COUNT_, D("2026-01-19"));
        const relok_entry_rule *after = relok_kb_entry(
            kb, co, "RU", RELOK_DOC_BIRTH_CERTIFICATE, RELOK_MODE_COUNT_, D("2026-01-20"));
        assert_non_null(before);
        assert_non_null(after);
        assert_int_equal(before->access, RELOK_ACCESS_VISA_FREE);
        assert_int_equal(after->access, RELOK_ACCESS_NOT_ACCEPTED);
        assert_true(after->fact.is_verified);
    }
}

/* relok_kb_rate finds the currency by binary search in the sorted rates:
 * for every currency of the shipped KB (and one it lacks), on every rate's
 * date, the day before and after, and far before and after, it answers as a
 * scan of all rates does (the latest not after the day, else the earliest). */
static const relok_rate *rate_by_scan(const char *currency, relok_day d)
{
    const relok_rate *best = NULL, *earliest = NULL;
    for (size_t i = 0; i < relok_kb_n_rates(kb); i++) {
        const relok_rate *r = relok_kb_rate_at(kb, i);
        if (strcmp(r->currency, currency) != 0)
            continue;
        if (earliest == NULL || r->date.day < earliest->date.day)
            earliest = r;
        if (r->date.day <= d && (best == NULL || r->date.day >= best->date.day))
            best = r;
    }
    return best != NULL ? best : earliest;
}

static void test_data_rate_lookup_matches_a_scan(void **state)
{
    (void)state;
    size_t n = relok_kb_n_rates(kb), checked = 0;
    assert_true(n > 10);
    for (size_t i = 0; i < n; i++) {
        const relok_rate *r = relok_kb_rate_at(kb, i);
        relok_day days[] = {r->date.day - 1, r->date.day, r->date.day + 1, D("1990-01-01"),
                            D("2099-12-31")};
        for (size_t k = 0; k < sizeof days / sizeof *days; k++) {
            const relok_rate *want = rate_by_scan(r->currency, days[k]);
            const relok_rate *got = relok_kb_rate(kb, r->currency, days[k]);
            assert_non_null(got);
            assert_string_equal(got->currency, r->currency);
            assert_int_equal(got->date.day, want->date.day);
            assert_true(got->per_usd == want->per_usd);
            checked++;
        }
    }
    assert_null(relok_kb_rate(kb, "XXX", D("2024-01-01")));
    assert_null(relok_kb_rate(kb, "AAA", D("2024-01-01")));
    assert_null(relok_kb_rate(kb, "ZZZ", D("2024-01-01")));
    assert_null(relok_kb_rate(kb, NULL, D("2024-01-01")));
    assert_true(checked == 5 * n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_data_kazakhstan_stay_rule_changed_in_2023),
        cmocka_unit_test(test_data_no_per_entry_reset_without_a_verified_fact),
        cmocka_unit_test(test_data_official_minimums_are_not_a_month_without_rent),
        cmocka_unit_test(test_data_costs_without_a_source_date_are_marked_undated),
        cmocka_unit_test(test_data_belarus_has_no_limit),
        cmocka_unit_test(test_data_practice_reports),
        cmocka_unit_test(test_data_covers_thirty_countries_with_entry_and_stay),
        cmocka_unit_test(test_data_hosts_have_pathways_risks_society_economy_stock),
        cmocka_unit_test(test_data_brief_figures_cite_their_endnotes),
        cmocka_unit_test(test_data_no_sentence_of_the_brief_is_copied),
        cmocka_unit_test(test_data_copy_detector_catches_a_copied_phrase),
        cmocka_unit_test(test_data_pathway_times_and_fees),
        cmocka_unit_test(test_data_no_rule_gaps_since_2022),
        cmocka_unit_test(test_data_birth_certificate_ends_on_20_january_2026),
        cmocka_unit_test(test_data_rate_lookup_matches_a_scan),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
