/* SPDX-License-Identifier: MIT */
/* Advisor tests: profile parsing (good and broken profiles), the issue's
 * properties on the shipped knowledge base (internal ID never admitted to a
 * passport-only country, the activist's Kazakh and Kyrgyz risks citing the
 * brief, the Georgian turnover threshold, Kazakhstan before and after its
 * 2023 rule, weights moving the ranking), the invariants of every answer
 * (reasons add up to scores, blocked last, unknowns never move a score), the
 * JSON faces, and an allocator sweep over one advise call. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "advise/advise_int.h"
#include "advise/build.h"
#include "base/alloc_int.h"
#include "relok/advise.h"
#include "relok/json.h"
#include "relok/relok.h"

#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ fixtures */

static const char *test_data(void)
{
    const char *d = getenv("RELOK_TEST_DATA");
    return d != NULL ? d : "data";
}

static relok_day D(const char *s)
{
    relok_day d = 0;
    assert_int_equal(relok_date_parse(s, strlen(s), &d, NULL), RELOK_OK);
    return d;
}

static relok_kb *shipped_kb;

static int load_shipped(void **state)
{
    (void)state;
    const char *dir = getenv("RELOK_KB");
    relok_error err = {0};
    if (relok_kb_load(dir != NULL ? dir : "../data", &shipped_kb, NULL, &err) != RELOK_OK) {
        fprintf(stderr, "shipped KB did not load: %s:%u %s: %s\n", err.source, err.line,
                err.path, err.msg);
        return -1;
    }
    return 0;
}

static int free_shipped(void **state)
{
    (void)state;
    relok_kb_free(shipped_kb);
    shipped_kb = NULL;
    return 0;
}

/* Parse a profile from YAML text (aborts the test on failure). */
static relok_profile yaml_profile(relok_arena *a, const char *text)
{
    relok_profile p;
    relok_error err = {0};
    relok_status s = relok_profile_parse(text, strlen(text), "test", RELOK_PROFILE_YAML, a, &p, &err);
    if (s != RELOK_OK)
        fail_msg("profile did not parse: %u:%u %s: %s", err.line, err.column, err.path, err.msg);
    return p;
}

/* The example profiles of examples/profiles/. */
static const char *const examples[] = {"it-remote-passport.yaml", "internal-id-local-job.yaml",
                                       "activist-criminal-case.yaml", "family-two-children.yaml",
                                       "lgbtqi-north-caucasus.yaml"};
enum { N_EXAMPLES = sizeof examples / sizeof *examples };

static relok_profile example(relok_arena *a, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "../examples/profiles/%s", name);
    relok_profile p;
    relok_error err = {0};
    if (relok_profile_load(path, a, &p, &err) != RELOK_OK)
        fail_msg("%s: %s: %s", path, err.path, err.msg);
    return p;
}

static relok_advice *advise(const relok_profile *p, const char *asof)
{
    relok_advise_opts o = {.asof = D(asof)};
    relok_advice *a = NULL;
    relok_error err = {0};
    if (relok_advise_run(shipped_kb, p, &o, &a, &err) != RELOK_OK)
        fail_msg("advise failed: %s: %s", err.path, err.msg);
    return a;
}

static const relok_advice_pathway *pathway(const relok_advice_country *c, const char *id)
{
    for (size_t i = 0; i < c->n_pathways; i++)
        if (strcmp(c->pathways[i].pathway->id, id) == 0)
            return &c->pathways[i];
    return NULL;
}

static bool cites(const relok_fact *f, const char *source)
{
    for (size_t i = 0; f != NULL && i < f->n_sources; i++)
        if (strcmp(f->sources[i], source) == 0)
            return true;
    return false;
}

/* --------------------------------------------------------------- profiles */

static void test_profile_examples_parse(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    for (size_t i = 0; i < N_EXAMPLES; i++) {
        relok_profile p = example(a, examples[i]);
        assert_int_equal(relok_profile_validate(&p, NULL), RELOK_OK);
        assert_non_null(p.name);
    }
    relok_profile fam = example(a, "family-two-children.yaml");
    assert_int_equal(fam.n_members, 3);
    assert_true(fam.members[0].is_partner);
    assert_int_equal(fam.members[1].age, 9);
    assert_int_equal(fam.members[2].n_docs, 2);
    assert_int_equal(fam.must.residence_path_within_months, 12);
    relok_profile act = example(a, "activist-criminal-case.yaml");
    assert_true(act.factors & (1u << RELOK_FACTOR_ACTIVIST));
    assert_true(act.factors & (1u << RELOK_FACTOR_CRIMINAL_CASE));
    assert_true(relok__profile_persecuted(&act));
    relok_arena_free(a);
}

/* docs/profile.md's full example is a valid profile (the doc cannot rot). */
static void test_profile_doc_example_parses(void **state)
{
    (void)state;
    FILE *f = fopen("../docs/profile.md", "rb");
    assert_non_null(f);
    static char doc[65536];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = '\0';
    const char *start = strstr(doc, "## A full example\n\n```yaml\n");
    assert_non_null(start);
    start = strchr(strstr(start, "```yaml"), '\n') + 1;
    const char *end = strstr(start, "```");
    assert_non_null(end);
    relok_arena *a = relok_arena_new(0);
    relok_profile p;
    relok_error err = {0};
    if (relok_profile_parse(start, (size_t)(end - start), "docs/profile.md", RELOK_PROFILE_YAML,
                            a, &p, &err) != RELOK_OK)
        fail_msg("docs/profile.md example: %u:%u %s: %s", err.line, err.column, err.path,
                 err.msg);
    assert_int_equal(p.n_members, 3);
    assert_int_equal(p.n_docs, 3);
    relok_arena_free(a);
}

static void test_profile_json_and_yaml_agree(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_profile y = example(a, "it-remote-passport.yaml");
    relok_profile j;
    char path[1024];
    snprintf(path, sizeof path, "%s/profiles/good/it-remote-passport.json", test_data());
    assert_int_equal(relok_profile_load(path, a, &j, NULL), RELOK_OK);
    assert_string_equal(y.name, j.name);
    y.name = j.name = NULL;
    /* Same data, same bytes (the structs are zeroed before filling). */
    assert_memory_equal(&y, &j, sizeof y);
    relok_arena_free(a);
}

static void test_profile_defaults_and_amounts(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    char path[1024];
    snprintf(path, sizeof path, "%s/profiles/good/minimal.yaml", test_data());
    relok_profile p;
    assert_int_equal(relok_profile_load(path, a, &p, NULL), RELOK_OK);
    assert_int_equal(p.work, RELOK_WORK_NONE);
    assert_int_equal(p.n_languages, 1);
    assert_string_equal(p.languages[0], "ru");
    for (int d = 0; d < RELOK_DIM_COUNT_; d++)
        assert_true(p.weights[d] == 1.0);
    assert_false(p.monthly_budget.is_set);
    assert_int_equal(p.must.residence_path_within_months, -1);
    assert_int_equal(p.persecuted, -1);

    snprintf(path, sizeof path, "%s/profiles/good/dual-citizen-family.yaml", test_data());
    assert_int_equal(relok_profile_load(path, a, &p, NULL), RELOK_OK);
    assert_int_equal(p.n_citizenships, 2);
    assert_string_equal(p.docs[2].citizenship, "IL");
    assert_string_equal(p.docs[0].citizenship, "RU");
    assert_string_equal(p.savings.currency, "USD");
    assert_string_equal(p.monthly_budget.currency, "EUR");
    assert_string_equal(p.business_turnover.currency, "GEL");
    assert_true(p.business_turnover.amount == 60000);
    /* A child may hold another citizenship than the parent. */
    assert_string_equal(p.members[1].docs[0].citizenship, "DE");
    assert_int_equal(p.persecuted, 0);
    assert_true(p.weights[RELOK_DIM_ACCESS] == 0.5);
    relok_arena_free(a);
}

/* Every file in tests/data/profiles/bad/ is rejected with exactly the
 * message in its .expect file: file:line:col (YAML) or the field path
 * (JSON), and what was expected. */
static void test_profile_bad_catalogue_names_the_field(void **state)
{
    (void)state;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/profiles/bad", test_data());
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    size_t n = 0;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        bool yaml = len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0;
        bool json = len > 5 && strcmp(e->d_name + len - 5, ".json") == 0;
        if (!yaml && !json)
            continue;
        char path[2048], expect_path[2048], want[1024] = "", got[1024];
        snprintf(path, sizeof path, "data/profiles/bad/%s", e->d_name);
        snprintf(expect_path, sizeof expect_path, "%s/%.*s.expect", dir, (int)(len - 5),
                 e->d_name);
        FILE *f = fopen(expect_path, "r");
        if (f == NULL)
            fail_msg("%s: no .expect file", e->d_name);
        if (fgets(want, sizeof want, f) == NULL)
            want[0] = '\0';
        fclose(f);
        want[strcspn(want, "\n")] = '\0';
        relok_arena *a = relok_arena_new(0);
        relok_profile p;
        relok_error err = {0};
        relok_status s = relok_profile_load(path, a, &p, &err);
        relok_arena_free(a);
        if (s == RELOK_OK)
            fail_msg("%s: accepted although broken", e->d_name);
        assert_true(s == RELOK_EPARSE || s == RELOK_ESCHEMA || s == RELOK_ERANGE ||
                    s == RELOK_ELIMIT);
        relok_error_format(&err, got, sizeof got);
        if (strcmp(got, want) != 0)
            fail_msg("%s:\n  got  %s\n  want %s", e->d_name, got, want);
        /* The place is always named: a position (YAML) or a path (JSON). */
        assert_true(err.line > 0 || err.path[0] != '\0');
        n++;
    }
    closedir(d);
    assert_true(n >= 10);
}

static void test_profile_validate_checks_code_built_profiles(void **state)
{
    (void)state;
    relok_profile p;
    relok_profile_init(&p);
    relok_error err = {0};
    /* No document yet. */
    assert_int_equal(relok_profile_validate(&p, &err), RELOK_ESCHEMA);
    assert_string_equal(err.path, "documents");
    p.docs[0] = (relok_held_doc){RELOK_DOC_PASSPORT, "RU", RELOK_DAY_NONE};
    p.n_docs = 1;
    relok_error_clear(&err);
    assert_int_equal(relok_profile_validate(&p, &err), RELOK_ESCHEMA);
    assert_non_null(strstr(err.msg, "needs its expiry date"));
    p.docs[0].expires = D("2030-01-01");
    assert_int_equal(relok_profile_validate(&p, NULL), RELOK_OK);
    p.weights[RELOK_DIM_SAFETY] = 10.5;
    relok_error_clear(&err);
    assert_int_equal(relok_profile_validate(&p, &err), RELOK_ERANGE);
    assert_string_equal(err.path, "preferences.weights");
    p.weights[RELOK_DIM_SAFETY] = 1;
    p.monthly_budget = (relok_money){true, 100, "usd"};
    relok_error_clear(&err);
    assert_int_equal(relok_profile_validate(&p, &err), RELOK_ESCHEMA);
    assert_string_equal(err.path, "money.monthly_budget");
    p.monthly_budget = (relok_money){true, -1, "USD"};
    assert_int_equal(relok_profile_validate(&p, NULL), RELOK_ERANGE);
    p.monthly_budget.amount = 100;
    p.n_members = 1;
    p.members[0] = (relok_member){.is_partner = false, .age = 18};
    relok_error_clear(&err);
    assert_int_equal(relok_profile_validate(&p, &err), RELOK_ERANGE);
    assert_string_equal(err.path, "family.children");
    /* advise_run refuses an invalid profile with the field named. */
    relok_advise_opts o = {.asof = D("2026-11-28")};
    relok_advice *adv = (relok_advice *)(uintptr_t)1;
    relok_error_clear(&err);
    assert_int_equal(relok_advise_run(shipped_kb, &p, &o, &adv, &err), RELOK_EINVAL);
    assert_null(adv);
    assert_string_equal(err.path, "family.children");
}

/* ------------------------------------------------------------ properties */

/* Dates across the KB's history: before the war, the 2022 waves, the 2023
 * rule changes, and today. */
static const char *const dates[] = {"2021-06-01", "2022-03-01", "2022-06-01", "2022-10-01",
                                    "2023-01-27", "2023-06-30", "2024-01-01", "2024-09-05",
                                    "2025-06-01", "2026-03-01", "2026-11-28"};

/* The issue: an internal-ID-only profile is never told it can enter a
 * country that admits only passports - over every country and many dates. */
static void test_advise_internal_id_never_enters_passport_only_country(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_profile p = example(a, "internal-id-local-job.yaml");
    size_t checked = 0, passport_only = 0;
    for (size_t k = 0; k < sizeof dates / sizeof *dates; k++) {
        relok_day asof = D(dates[k]);
        relok_advice *adv = advise(&p, dates[k]);
        for (size_t i = 0; i < adv->n_countries; i++) {
            const relok_advice_country *c = &adv->countries[i];
            const relok_entry_rule *id = relok_kb_entry(shipped_kb, c->country, "RU",
                                                        RELOK_DOC_INTERNAL_ID,
                                                        RELOK_MODE_COUNT_, asof);
            bool id_admitted = id != NULL && (id->access == RELOK_ACCESS_VISA_FREE ||
                                              id->access == RELOK_ACCESS_VISA_ON_ARRIVAL ||
                                              id->access == RELOK_ACCESS_E_VISA);
            const relok_entry_rule *pp = relok_kb_entry(shipped_kb, c->country, "RU",
                                                        RELOK_DOC_PASSPORT, RELOK_MODE_COUNT_,
                                                        asof);
            bool pp_admitted = pp != NULL && pp->access == RELOK_ACCESS_VISA_FREE;
            checked++;
            /* Never "admitted", never with a passport, never a document the
             * person does not hold. */
            assert_false(c->entry.documents_admitted & (1u << RELOK_DOC_PASSPORT));
            if (!id_admitted) {
                if (c->entry.verdict == RELOK_VERDICT_ADMITTED)
                    fail_msg("%s on %s: admitted with an internal ID", c->country->code,
                             dates[k]);
                assert_int_not_equal(c->entry.document, RELOK_DOC_INTERNAL_ID);
            }
            if (!id_admitted && pp_admitted && id != NULL) {
                /* A passport-only country: blocked, and the blocker says why. */
                passport_only++;
                assert_true(c->blocked);
                bool said = false;
                for (size_t b = 0; b < c->n_blockers; b++)
                    said = said || c->blockers[b].kind == RELOK_BLOCK_PASSPORT_NEEDED;
                if (!said)
                    fail_msg("%s on %s: no 'passport needed' blocker", c->country->code,
                             dates[k]);
            }
        }
        relok_advise_free(adv);
    }
    assert_true(checked > 300);
    assert_true(passport_only > 100);
    relok_arena_free(a);
}

/* The issue: the activist gets Kazakhstan's exit ban and Kyrgyzstan's data
 * sharing as blockers or high risks, citing the brief. */
static void test_advise_activist_gets_kz_exit_ban_and_kg_data_sharing(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_profile p = example(a, "activist-criminal-case.yaml");
    static const char *const when[] = {"2024-01-01", "2026-11-28"};
    for (size_t k = 0; k < 2; k++) {
        relok_advice *adv = advise(&p, when[k]);
        const struct {
            const char *country, *risk, *source;
        } want[] = {{"KZ", "exit-ban-wanted", "brief:LX"},
                    {"KZ", "data-sharing", "brief:LXXXII"},
                    {"KG", "data-sharing", "brief:LXXXII"},
                    {"KG", "return-of-wanted", "brief:LXXXIII"}};
        for (size_t w = 0; w < sizeof want / sizeof *want; w++) {
            const relok_advice_country *c = relok_advise_find(adv, want[w].country);
            assert_non_null(c);
            assert_true(c->blocked);
            const relok_advice_risk *r = NULL;
            for (size_t i = 0; i < c->n_risks; i++)
                if (strcmp(c->risks[i].risk->id, want[w].risk) == 0)
                    r = &c->risks[i];
            if (r == NULL)
                fail_msg("%s: risk %s not reported on %s", want[w].country, want[w].risk,
                         when[k]);
            assert_true(r->is_personal);
            assert_true(r->is_blocker);
            assert_true(r->risk->severity >= RELOK_SEVERITY_HIGH);
            assert_true(cites(&r->risk->fact, want[w].source));
            bool listed = false;
            for (size_t b = 0; b < c->n_blockers; b++)
                listed = listed || (c->blockers[b].risk == r->risk &&
                                    c->blockers[b].kind == RELOK_BLOCK_RISK &&
                                    cites(c->blockers[b].fact, want[w].source));
            assert_true(listed);
        }
        /* Blocked countries rank below every unblocked one. */
        assert_true(relok_advise_find(adv, "KZ")->rank > adv->n_countries - adv->n_blocked);
        relok_advise_free(adv);
    }
    /* Before Kyrgyzstan joined the exchange (June 2023) the data-sharing
     * risk there is not in force; the return of wanted people still is. */
    relok_advice *adv = advise(&p, "2023-01-01");
    const relok_advice_country *kg = relok_advise_find(adv, "KG");
    for (size_t i = 0; i < kg->n_risks; i++)
        assert_string_not_equal(kg->risks[i].risk->id, "data-sharing");
    relok_advise_free(adv);
    relok_arena_free(a);
}

/* The issue: Georgian business turnover just at and just over the threshold
 * ("over GEL 50 000", op gt) differ in eligibility as the wording says. */
static void test_advise_ge_business_turnover_threshold_is_strict(void **state)
{
    (void)state;
    static const struct {
        const char *turnover;
        relok_pathway_status want;
    } cases[] = {
        {"{amount: 50000, currency: GEL}", RELOK_PATHWAY_STATUS_MISSING},   /* at: not over */
        {"{amount: 50001, currency: GEL}", RELOK_PATHWAY_STATUS_QUALIFIES}, /* just over */
        {"{amount: 49999.99, currency: GEL}", RELOK_PATHWAY_STATUS_MISSING},
        {"{amount: 50000.01, currency: GEL}", RELOK_PATHWAY_STATUS_QUALIFIES},
        /* USD converts at the KB's latest rate on the day asked (2.6906 GEL
         * per USD, the cross rate of Turkey's year-end 2025 valuation table):
         * 18 600 USD is about GEL 50 045, 18 550 about GEL 49 911. */
        {"{amount: 18600, currency: USD}", RELOK_PATHWAY_STATUS_QUALIFIES},
        {"{amount: 18550, currency: USD}", RELOK_PATHWAY_STATUS_MISSING},
        /* No rate for this currency: unknown, never a guess. */
        {"{amount: 9000000, currency: XAU}", RELOK_PATHWAY_STATUS_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "citizenships: [RU]\n"
                 "documents: [{type: passport, expires: 2031-01-01}]\n"
                 "money: {business_annual_turnover: %s}\n",
                 cases[i].turnover);
        relok_arena *a = relok_arena_new(0);
        relok_profile p = yaml_profile(a, text);
        relok_advice *adv = advise(&p, "2026-11-28");
        const relok_advice_country *ge = relok_advise_find(adv, "GE");
        const relok_advice_pathway *pw = pathway(ge, "rp-business");
        assert_non_null(pw);
        if (pw->status != cases[i].want)
            fail_msg("turnover %s: %s, want %s", cases[i].turnover,
                     relok_pathway_status_name(pw->status),
                     relok_pathway_status_name(cases[i].want));
        relok_advise_free(adv);
        relok_arena_free(a);
    }
}

/* "At least" (ge) includes the threshold: Kyrgyzstan's Digital Nomad needs
 * at least USD 416.67 a month and IT work. */
static void test_advise_ge_op_includes_threshold_and_flags_are_checked(void **state)
{
    (void)state;
    static const struct {
        const char *income, *it;
        relok_pathway_status want;
    } cases[] = {
        {"416.67", "true", RELOK_PATHWAY_STATUS_QUALIFIES},
        {"416.66", "true", RELOK_PATHWAY_STATUS_MISSING},
        {"5000", "false", RELOK_PATHWAY_STATUS_MISSING},
        {NULL, "true", RELOK_PATHWAY_STATUS_UNKNOWN}, /* income not stated */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "citizenships: [RU]\ndocuments: [{type: internal_id}]\n"
                 "money: {currency: USD%s%s}\nwork: {mode: remote_foreign, it: %s}\n",
                 cases[i].income != NULL ? ", monthly_income: " : "",
                 cases[i].income != NULL ? cases[i].income : "", cases[i].it);
        relok_arena *a = relok_arena_new(0);
        relok_profile p = yaml_profile(a, text);
        relok_advice *adv = advise(&p, "2026-11-28");
        const relok_advice_pathway *pw = pathway(relok_advise_find(adv, "KG"), "digital-nomad");
        assert_non_null(pw);
        if (pw->status != cases[i].want)
            fail_msg("case %zu: %s", i, relok_pathway_status_name(pw->status));
        relok_advise_free(adv);
        relok_arena_free(a);
    }
}

/* The issue: advising as of 2022-06-01 and 2024-01-01 gives different
 * Kazakhstan stay allowances (90 per entry with "zeroing" before 27 January
 * 2023; 90 in any 180 after). */
static void test_advise_kz_stay_differs_before_and_after_2023_rule(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_profile p = example(a, "internal-id-local-job.yaml");
    relok_advice *before = advise(&p, "2022-06-01");
    relok_advice *after = advise(&p, "2024-01-01");
    const relok_advice_stay *b = &relok_advise_find(before, "KZ")->stay;
    const relok_advice_stay *f = &relok_advise_find(after, "KZ")->stay;
    assert_true(b->is_known && f->is_known);
    assert_int_equal(b->rule->rule.kind, RELOK_RULE_PER_ENTRY);
    assert_int_equal(f->rule->rule.kind, RELOK_RULE_ROLLING);
    assert_int_equal(b->max_stay_days, 90);
    assert_int_equal(f->max_stay_days, 90);
    /* Zeroing: three stays of 90 with a border run between them; then the
     * new rule (counting from 27 January 2023) allows 60 more days and no
     * re-entry before the year ends: 330. Under 90/180 from the start:
     * 90 + 90 + 5 = 185. */
    assert_int_equal(b->days_next_365, 330);
    assert_int_equal(b->exits_next_365, 3);
    assert_int_equal(f->days_next_365, 185);
    assert_int_equal(f->exits_next_365, 2);
    assert_true(relok_advise_find(before, "KZ")->scores[RELOK_DIM_ACCESS] >
                relok_advise_find(after, "KZ")->scores[RELOK_DIM_ACCESS]);
    relok_advise_free(before);
    relok_advise_free(after);
    relok_arena_free(a);
}

/* The issue: raising one weight moves the ranking the expected way. */
static void test_advise_raising_a_weight_moves_the_ranking(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_profile p = example(a, "it-remote-passport.yaml");
    for (int d = 0; d < RELOK_DIM_COUNT_; d++) {
        relok_profile lo = p, hi = p;
        lo.weights[d] = 1;
        hi.weights[d] = 10;
        relok_advice *al = advise(&lo, "2026-11-28");
        relok_advice *ah = advise(&hi, "2026-11-28");
        /* The total is the weighted mean of the scores, so raising w_d pulls
         * every pair's difference in total towards their difference in d:
         * the one stronger in d never falls behind the other if it was
         * ahead, and closes the gap if it was behind. */
        for (size_t i = 0; i < al->n_countries; i++) {
            const relok_advice_country *x = &al->countries[i];
            if (x->blocked)
                continue;
            for (size_t j = 0; j < al->n_countries; j++) {
                const relok_advice_country *y = &al->countries[j];
                if (y->blocked || x->scores[d] <= y->scores[d] + 1e-9)
                    continue;
                const relok_advice_country *xh = relok_advise_find(ah, x->country->code);
                const relok_advice_country *yh = relok_advise_find(ah, y->country->code);
                double od = x->total - y->total, nd = xh->total - yh->total;
                double dd = x->scores[d] - y->scores[d];
                assert_true(nd >= fmin(od, dd) - 1e-9 && nd <= fmax(od, dd) + 1e-9);
                if (od > 0)
                    assert_true(nd > 0);
                else
                    assert_true(nd > od);
            }
        }
        relok_advise_free(al);
        relok_advise_free(ah);
    }
    /* Concretely: Georgia has the best access (365 days a year) but weak
     * society and stability scores; weighting access heavily lifts it. */
    relok_profile acc = p;
    acc.weights[RELOK_DIM_ACCESS] = 10;
    relok_advice *base = advise(&p, "2026-11-28");
    relok_advice *up = advise(&acc, "2026-11-28");
    size_t r0 = relok_advise_find(base, "GE")->rank, r1 = relok_advise_find(up, "GE")->rank;
    assert_true(r1 < r0);
    relok_profile soc = p;
    soc.weights[RELOK_DIM_SOCIETY] = 10;
    relok_advice *down = advise(&soc, "2026-11-28");
    assert_true(relok_advise_find(down, "GE")->rank > r0);
    relok_advise_free(base);
    relok_advise_free(up);
    relok_advise_free(down);
    relok_arena_free(a);
}

/* Invariants of every answer, for every example profile on several dates. */
static void test_advise_invariants_of_every_answer(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    for (size_t n = 0; n < N_EXAMPLES; n++) {
        relok_profile p = example(a, examples[n]);
        for (size_t k = 0; k < sizeof dates / sizeof *dates; k += 2) {
            relok_advice *adv = advise(&p, dates[k]);
            bool seen_blocked = false, seen_must = false;
            for (size_t i = 0; i < adv->n_countries; i++) {
                const relok_advice_country *c = &adv->countries[i];
                assert_int_equal(c->rank, i + 1);
                assert_false(c->country->is_origin);
                /* Blocked last; unmet must-haves after those that meet them. */
                if (seen_blocked)
                    assert_true(c->blocked);
                if (c->blocked)
                    seen_blocked = true;
                if (!c->blocked) {
                    if (seen_must)
                        assert_true(c->n_unmet_musts > 0);
                    if (c->n_unmet_musts > 0)
                        seen_must = true;
                }
                assert_int_equal(c->blocked, c->n_blockers > 0);
                /* The reasons of a dimension add up to its score. */
                double wsum = 0, total = 0;
                for (int d = 0; d < RELOK_DIM_COUNT_; d++) {
                    double s = 0;
                    for (size_t r = 0; r < c->n_reasons; r++)
                        if ((int)c->reasons[r].dimension == d)
                            s += c->reasons[r].points;
                    assert_true(fabs(s - c->scores[d]) < 1e-6);
                    assert_true(c->scores[d] >= 0 && c->scores[d] <= 100);
                    wsum += p.weights[d];
                    total += p.weights[d] * c->scores[d];
                }
                assert_true(fabs(total / wsum - c->total) < 1e-6);
                assert_true(c->confidence > 0 && c->confidence <= 1);
                /* Unknowns lower the confidence. */
                if (c->n_unknowns > 0)
                    assert_true(c->confidence < 1);
                /* A blocker risk, or a high risk tied to the person, blocks. */
                for (size_t r = 0; r < c->n_risks; r++) {
                    const relok_advice_risk *x = &c->risks[r];
                    if (x->risk->severity == RELOK_SEVERITY_BLOCKER ||
                        (x->risk->severity == RELOK_SEVERITY_HIGH && x->is_personal))
                        assert_true(c->blocked && x->is_blocker);
                    /* Only risks for everyone, or for the person's factors. */
                    assert_true(x->risk->factors == 0 || (x->risk->factors & p.factors));
                }
                /* A pathway without recorded requirements never "qualifies". */
                for (size_t w = 0; w < c->n_pathways; w++)
                    if (c->pathways[w].pathway->n_requires == 0)
                        assert_int_not_equal(c->pathways[w].status,
                                             RELOK_PATHWAY_STATUS_QUALIFIES);
            }
            relok_advise_free(adv);
        }
    }
    relok_arena_free(a);
}

/* Unknown data stands in with a neutral value and lowers the confidence;
 * it never moves the score. */
static void test_advise_unknown_costs_are_cautious_and_lower_confidence(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_profile p = example(a, "it-remote-passport.yaml");
    relok_advice *adv = advise(&p, "2026-11-28");
    /* The United States records no living costs (Georgia since issue 12,
     * Albania since its second batch of costs and North Macedonia since the
     * destinations batch do). */
    const relok_advice_country *ge = relok_advise_find(adv, "US");
    assert_int_equal(ge->cost.status, RELOK_COST_STATUS_UNKNOWN);
    /* A cautious value, below a known cost at the budget (50). */
    assert_true(ge->scores[RELOK_DIM_COST] == 25);
    assert_true(ge->dim_confidence[RELOK_DIM_COST] < 1);
    assert_true(ge->dim_confidence[RELOK_DIM_ACCESS] == 1);
    bool listed = false;
    for (size_t i = 0; i < ge->n_unknowns; i++)
        listed = listed || ge->unknowns[i].dimension == RELOK_DIM_COST;
    assert_true(listed);
    relok_advise_free(adv);
    /* A partial estimate (a lower bound) and its cautious value are tested
     * over a fixture KB in test_advise_month_without_rent_completes_the_rent
     * (Uzbekistan was the example until its month without rent counted). */

    /* Dropping the cost weight to 0 removes the cost unknowns' weight on the
     * confidence, and nothing else changes. */
    relok_profile nocost = p;
    nocost.weights[RELOK_DIM_COST] = 0;
    relok_advice *a1 = advise(&p, "2026-11-28");
    relok_advice *a2 = advise(&nocost, "2026-11-28");
    const relok_advice_country *g1 = relok_advise_find(a1, "US"), *g2 = relok_advise_find(a2, "US");
    assert_true(g2->confidence > g1->confidence);
    for (int d = 0; d < RELOK_DIM_COUNT_; d++)
        assert_true(g1->scores[d] == g2->scores[d]);
    relok_advise_free(a1);
    relok_advise_free(a2);
    relok_arena_free(a);
}

/* A fixture KB of tests/data, loaded or the test fails. */
static relok_kb *fixture_kb(const char *name)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/%s", test_data(), name);
    relok_kb *kb = NULL;
    relok_error err = {0};
    assert_int_equal(relok_kb_load(dir, &kb, NULL, &err), RELOK_OK);
    return kb;
}

/* Issue 11, honest ranking: over the fixture KB tests/data/kb-honest, where
 * AM, AZ and BY are equal but for one unknown each (AZ: the stay rule; BY:
 * the entry rule too), an unknown never scores better than the known modest
 * fact, and the research status of risks is told apart. */
static void test_advise_unknown_stay_rule_never_outranks_a_known_one(void **state)
{
    (void)state;
    relok_kb *kb = fixture_kb("kb-honest");
    relok_error err = {0};
    relok_arena *a = relok_arena_new(0);
    static const char *const profiles[] = {
        "citizenships: [RU]\ndocuments: [{type: passport, expires: 2031-01-01}]\n",
        "citizenships: [RU]\ndocuments: [{type: passport, expires: 2031-01-01}]\nrisk_factors: [activist]\n"
        "preferences: {weights: {access: 10, cost: 0, society: 0, opportunity: 0, "
        "stability: 0, safety: 0}}\n",
        "citizenships: [RU]\ndocuments: [{type: passport, expires: 2031-01-01}]\n"
        "preferences: {weights: {access: 1, cost: 10, society: 10, opportunity: 10, "
        "stability: 10, safety: 10}}\n"};
    for (size_t k = 0; k < sizeof profiles / sizeof *profiles; k++) {
        relok_profile p = yaml_profile(a, profiles[k]);
        relok_advise_opts o = {.asof = D("2026-12-01")};
        relok_advice *adv = NULL;
        assert_int_equal(relok_advise_run(kb, &p, &o, &adv, &err), RELOK_OK);
        const relok_advice_country *known = relok_advise_find(adv, "AM");
        const relok_advice_country *no_stay = relok_advise_find(adv, "AZ");
        const relok_advice_country *no_entry = relok_advise_find(adv, "BY");
        assert_true(known->stay.is_known && !no_stay->stay.is_known);
        assert_true(known->rank < no_stay->rank);
        assert_true(no_stay->rank < no_entry->rank);
        assert_true(known->scores[RELOK_DIM_ACCESS] > no_stay->scores[RELOK_DIM_ACCESS]);
        assert_true(known->total > no_stay->total);
        assert_true(no_stay->total >= no_entry->total);
        /* The unknown shows in the confidence of the score it touches. */
        assert_true(no_stay->dim_confidence[RELOK_DIM_ACCESS] <
                    known->dim_confidence[RELOK_DIM_ACCESS]);
        /* Risks: GE was researched (none found), the others were not. */
        const relok_advice_country *ge = relok_advise_find(adv, "GE");
        assert_true(ge->risks_researched & RELOK_RISKS_GENERAL);
        assert_false(known->risks_researched & RELOK_RISKS_GENERAL);
        assert_true(ge->scores[RELOK_DIM_SAFETY] > known->scores[RELOK_DIM_SAFETY]);
        assert_true(ge->dim_confidence[RELOK_DIM_SAFETY] > known->dim_confidence[RELOK_DIM_SAFETY]);
        if (p.factors & (1u << RELOK_FACTOR_ACTIVIST)) {
            /* Researched for activists (none found) against not researched. */
            assert_true(ge->risks_researched & (1u << RELOK_FACTOR_ACTIVIST));
            assert_false(known->risks_researched & (1u << RELOK_FACTOR_ACTIVIST));
        }
        relok_advise_free(adv);
    }
    relok_arena_free(a);
    relok_kb_free(kb);
}

/* A risk tagged for internal-ID holders (KZ's internal-id-only) is not
 * shown to a profile that holds a passport, and is to one that does not. */
static void test_advise_internal_id_risk_hidden_from_passport_holders(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    const char *const files[] = {"it-remote-passport.yaml", "internal-id-local-job.yaml"};
    for (size_t k = 0; k < 2; k++) {
        relok_profile p = example(a, files[k]);
        relok_advice *adv = advise(&p, "2026-11-28");
        const relok_advice_country *kz = relok_advise_find(adv, "KZ");
        bool shown = false;
        for (size_t i = 0; i < kz->n_risks; i++)
            shown = shown || strcmp(kz->risks[i].risk->id, "internal-id-only") == 0;
        for (size_t i = 0; i < kz->n_reasons; i++)
            shown = shown || strstr(kz->reasons[i].text.en, "only an internal passport") != NULL;
        assert_int_equal(shown, k == 1);
        relok_advise_free(adv);
    }
    relok_arena_free(a);
}

/* The API's summary is written directly (summary_json.c); the pretty CLI
 * summary goes through jansson. Both say the same for every example
 * profile on several dates. */
static void test_advise_summary_text_matches_jansson(void **state)
{
    (void)state;
    static const char *const when[] = {"2022-10-01", "2024-01-01", "2026-11-28"};
    relok_arena *a = relok_arena_new(0);
    for (size_t f = 0; f < N_EXAMPLES; f++)
        for (size_t k = 0; k < sizeof when / sizeof *when; k++) {
            relok_profile p = example(a, examples[f]);
            /* Characters to escape at every position of an 8-byte word
             * (summary_json.c tests 8 bytes at a time). */
            if (k == 0)
                p.name = "\"q\\b\x01" "c\td\ne\x1f" " 12345678\"9\\abcdefg\x7f"
                         "\xc3\xa9\xd0\xb6 the end\"";
            relok_advice *adv = advise(&p, when[k]);
            char *fast = NULL, *slow = NULL;
            assert_int_equal(relok_advise_json(adv, &p, 0, NULL, RELOK_ADVISE_SUMMARY, &fast, NULL),
                             RELOK_OK);
            assert_int_equal(relok_advise_json(adv, &p, 0, NULL,
                                               RELOK_ADVISE_SUMMARY | RELOK_JSON_PRETTY, &slow, NULL),
                             RELOK_OK);
            json_error_t je;
            json_t *jf = json_loads(fast, 0, &je), *js = json_loads(slow, 0, &je);
            assert_non_null(jf);
            assert_non_null(js);
            if (!json_equal(jf, js))
                fail_msg("%s on %s: the direct summary differs from jansson's", examples[f], when[k]);
            json_decref(jf);
            json_decref(js);
            /* Made for the summary only (POST /api/advise), the advice
             * words only what the summary shows: the summary is the same,
             * byte for byte, with and without `top`. */
            relok_advise_opts o = {.asof = D(when[k]), .summary_only = true};
            relok_advice *lean = NULL;
            assert_int_equal(relok_advise_run(shipped_kb, &p, &o, &lean, NULL), RELOK_OK);
            for (size_t top = 0; top <= 3; top += 3) {
                char *want = NULL, *got = NULL;
                assert_int_equal(relok_advise_json(adv, &p, top, NULL, RELOK_ADVISE_SUMMARY, &want,
                                                   NULL),
                                 RELOK_OK);
                assert_int_equal(relok_advise_json(lean, &p, top, NULL, RELOK_ADVISE_SUMMARY, &got,
                                                   NULL),
                                 RELOK_OK);
                if (strcmp(want, got) != 0)
                    fail_msg("%s on %s: the summary-only advice says something else", examples[f],
                             when[k]);
                relok_json_free(want);
                relok_json_free(got);
            }
            /* It has no words for the rest: other renderings refuse it. */
            char *none = NULL;
            assert_int_equal(relok_advise_json(lean, &p, 0, NULL, 0, &none, NULL), RELOK_EINVAL);
            assert_int_equal(relok_advise_json(lean, &p, 0, "GE", RELOK_ADVISE_SUMMARY, &none, NULL),
                             RELOK_EINVAL);
            assert_null(none);
            relok_advise_free(lean);
            relok_json_free(fast);
            relok_json_free(slow);
            relok_advise_free(adv);
        }
    relok_arena_free(a);
}

/* Which recorded items make the monthly estimate, over the fixture KB
 * tests/data/kb-costs (all in USD, one household of two adults: scale 1.5).
 * A cost-of-living site's month without rent is the rest of a month beside
 * rent; it was once shown but not scored, which left Armenia, Kazakhstan,
 * Kyrgyzstan and Uzbekistan with rent alone (a partial estimate). */
static void test_advise_month_without_rent_completes_the_rent(void **state)
{
    (void)state;
    relok_kb *kb = fixture_kb("kb-costs");
    relok_error err = {0};
    relok_arena *a = relok_arena_new(0);
    relok_profile p = yaml_profile(a, "citizenships: [RU]\n"
                                      "documents: [{type: passport, expires: 2031-01-01}]\n"
                                      "family: {partner: true}\n"
                                      "money: {currency: USD, monthly_budget: 2000}\n");
    relok_advise_opts o = {.asof = D("2026-12-01")};
    relok_advice *adv = NULL;
    assert_int_equal(relok_advise_run(kb, &p, &o, &adv, &err), RELOK_OK);
    /* Rent + the month without rent x scale: known. */
    const relok_advice_country *am = relok_advise_find(adv, "AM");
    assert_int_equal(am->cost.status, RELOK_COST_STATUS_KNOWN);
    assert_true(fabs(am->cost.low - (500 + 400 * 1.5)) < 1e-9);
    assert_int_equal(am->cost.n_items, 2);
    /* With a food basket too, the month without rent wins: it covers food
     * and the rest. */
    const relok_advice_country *az = relok_advise_find(adv, "AZ");
    assert_int_equal(az->cost.status, RELOK_COST_STATUS_KNOWN);
    assert_true(fabs(az->cost.low - am->cost.low) < 1e-9);
    for (size_t i = 0; i < az->cost.n_items; i++)
        assert_int_not_equal(az->cost.items[i]->item, RELOK_COST_BASKET);
    /* The month without rent alone is a lower bound. */
    const relok_advice_country *by = relok_advise_find(adv, "BY");
    assert_int_equal(by->cost.status, RELOK_COST_STATUS_PARTIAL);
    assert_true(fabs(by->cost.low - 400 * 1.5) < 1e-9);
    /* Rent and a food basket: known, as before. */
    const relok_advice_country *ge = relok_advise_find(adv, "GE");
    assert_int_equal(ge->cost.status, RELOK_COST_STATUS_KNOWN);
    assert_true(fabs(ge->cost.low - (500 + 200 * 1.5)) < 1e-9);
    /* A lower bound well under the budget scores the cautious value; a
     * known estimate at 55 % of the budget scores better. */
    assert_true(by->scores[RELOK_DIM_COST] == 25);
    assert_true(am->scores[RELOK_DIM_COST] > by->scores[RELOK_DIM_COST]);

    /* Among unverified rents, the one whose source gives its date counts,
     * not a later one whose date is only an estimate (the year it was read,
     * which outranked every dated figure by that placeholder). */
    const relok_advice_country *kg = relok_advise_find(adv, "KG");
    assert_int_equal(kg->cost.status, RELOK_COST_STATUS_KNOWN);
    assert_true(kg->cost.items[0]->item == RELOK_COST_RENT_1BR && kg->cost.items[0]->low == 300);
    assert_false(kg->cost.items[0]->is_undated);
    /* A range over places: each city's own whole month (Novi Sad's rent
     * with the country's month without rent: 400 + 300 x 1.5), from the
     * cheapest to the dearest (Belgrade's all-in 1 000 x 1.5); Nis, known
     * only from an unverified rent, does not widen it. The old estimate
     * took one country-wide living_single: 1 500. */
    const relok_advice_country *rs = relok_advise_find(adv, "RS");
    assert_int_equal(rs->cost.status, RELOK_COST_STATUS_KNOWN);
    assert_true(fabs(rs->cost.low - (400 + 300 * 1.5)) < 1e-9);
    assert_true(fabs(rs->cost.high - 1000 * 1.5) < 1e-9);
    assert_string_equal(rs->cost.low_place.en, "Novi Sad");
    assert_string_equal(rs->cost.high_place.en, "Belgrade");
    assert_int_equal(rs->cost.n_items, 3);
    /* A month in a currency with no rate to the budget's leaves the cost
     * unknown and says so; a less trusted city's does not matter. */
    const relok_advice_country *uz = relok_advise_find(adv, "UZ");
    assert_int_equal(uz->cost.status, RELOK_COST_STATUS_UNKNOWN);
    bool said = false;
    for (size_t i = 0; i < uz->n_unknowns; i++)
        said = said || strstr(uz->unknowns[i].text.en, "no exchange rate") != NULL;
    assert_true(said);
    const relok_advice_country *tr = relok_advise_find(adv, "TR");
    assert_int_equal(tr->cost.status, RELOK_COST_STATUS_KNOWN);
    assert_true(fabs(tr->cost.low - 800 * 1.5) < 1e-9 && tr->cost.high == tr->cost.low);
    /* One place for both ends names none. */
    assert_true(relok_text_is_empty(&am->cost.low_place));
    /* A verified figure still comes first, even with an estimated date. */
    const relok_advice_country *kz = relok_advise_find(adv, "KZ");
    assert_true(kz->cost.items[0]->low == 600 && kz->cost.items[0]->is_undated);
    relok_advise_free(adv);

    /* With a budget below the lower bound, the bound is a fact that lowers
     * the cost score. */
    p.monthly_budget.amount = 300;
    assert_int_equal(relok_advise_run(kb, &p, &o, &adv, &err), RELOK_OK);
    assert_true(relok_advise_find(adv, "BY")->scores[RELOK_DIM_COST] < 25);
    relok_advise_free(adv);
    relok_arena_free(a);
    relok_kb_free(kb);
}

static relok_advice *advise_with(const relok_profile *p, relok_day asof, relok_advise_cache *cache)
{
    relok_advise_opts o = {.asof = asof, .cache = cache};
    relok_advice *adv = NULL;
    assert_int_equal(relok_advise_run(shipped_kb, p, &o, &adv, NULL), RELOK_OK);
    return adv;
}

/* Whether two advices agree on everything the year plan decides: each
 * country's stay, blockers, scores and rank. */
static bool same_plans(const relok_advice *x, const relok_advice *y)
{
    if (x->n_countries != y->n_countries)
        return false;
    for (size_t i = 0; i < x->n_countries; i++) {
        const relok_advice_country *a = &x->countries[i], *b = &y->countries[i];
        const relok_advice_stay *s = &a->stay, *t = &b->stay;
        if (a->country != b->country || s->is_known != t->is_known || s->rule != t->rule ||
            s->is_cautious != t->is_cautious || s->is_inside != t->is_inside ||
            s->overstay != t->overstay || s->days_used != t->days_used ||
            s->latest_exit != t->latest_exit || s->earliest_entry != t->earliest_entry ||
            s->max_stay_days != t->max_stay_days || s->is_unbounded != t->is_unbounded ||
            s->days_next_365 != t->days_next_365 || s->exits_next_365 != t->exits_next_365 ||
            a->n_blockers != b->n_blockers || a->total != b->total ||
            memcmp(a->scores, b->scores, sizeof a->scores) != 0)
            return false;
        for (size_t k = 0; k < a->n_blockers; k++)
            if (a->blockers[k].kind != b->blockers[k].kind)
                return false;
    }
    return true;
}

/* The cache of year plans (relok serve keeps one per KB) changes nothing:
 * the advice is the same without it, with it cold and with it warm,
 * also when the passport's validity cuts the year plan short (a plan that
 * is not cached, and one replayed from a longer cached plan), and after it
 * has emptied itself when full. */
static void test_advise_cache_changes_nothing(void **state)
{
    (void)state;
    static const char *const when[] = {"2022-10-01", "2024-01-01", "2026-11-28"};
    assert_null(relok_advise_cache_new(NULL));
    relok_advise_cache *cache = relok_advise_cache_new(shipped_kb);
    assert_non_null(cache);
    relok_arena *a = relok_arena_new(0);
    for (size_t f = 0; f < N_EXAMPLES; f++)
        for (size_t k = 0; k < sizeof when / sizeof *when; k++)
            for (int soon = 0; soon < 2; soon++) {
                relok_profile p = example(a, examples[f]);
                if (soon) /* every document expires within the year */
                    for (size_t i = 0; i < p.n_docs; i++)
                        p.docs[i].expires = D(when[k]) + 100;
                relok_advice *want = advise_with(&p, D(when[k]), NULL);
                for (int pass = 0; pass < 2; pass++) {
                    relok_advice *got = advise_with(&p, D(when[k]), cache);
                    if (!same_plans(want, got))
                        fail_msg("%s on %s (expiring soon: %d, pass %d): the cached advice "
                                 "differs",
                                 examples[f], when[k], soon, pass + 1);
                    relok_advise_free(got);
                }
                relok_advise_free(want);
            }
    /* 24 dates x 34 countries: more plans than the cache keeps at once. */
    relok_profile p = example(a, "it-remote-passport.yaml");
    for (relok_day d = D("2025-01-01"); d < D("2025-01-01") + 24; d++) {
        relok_advice *want = advise_with(&p, d, NULL), *got = advise_with(&p, d, cache);
        assert_true(same_plans(want, got));
        relok_advise_free(want);
        relok_advise_free(got);
    }
    relok_advise_cache_free(cache);
    relok_arena_free(a);
}

/* A cached plan is found only by its own country, citizenship, document
 * and date. */
static void test_advise_cache_keys(void **state)
{
    (void)state;
    relok_advise_cache *cache = relok_advise_cache_new(shipped_kb);
    assert_non_null(cache);
    assert_true(relok__advise_cache_for(cache, shipped_kb));
    assert_false(relok__advise_cache_for(cache, NULL));
    const relok_country *ge = relok_kb_country(shipped_kb, "GE");
    const relok_country *am = relok_kb_country(shipped_kb, "AM");
    assert_non_null(ge);
    assert_non_null(am);
    relok__stay_plan pl = {.n = 2}, got = {.n = 0};
    pl.ans[0].days_used = 7;
    pl.ans[1].earliest_reentry = D("2025-03-01");
    relok_day d = D("2025-01-01");
    relok__advise_cache_put(cache, ge, "RU", RELOK_DOC_PASSPORT, d, &pl);
    assert_false(relok__advise_cache_get(cache, am, "RU", RELOK_DOC_PASSPORT, d, &got));
    assert_false(relok__advise_cache_get(cache, ge, "BY", RELOK_DOC_PASSPORT, d, &got));
    assert_false(relok__advise_cache_get(cache, ge, "RU", RELOK_DOC_INTERNAL_ID, d, &got));
    assert_false(relok__advise_cache_get(cache, ge, "RU", RELOK_DOC_PASSPORT, d + 1, &got));
    assert_true(relok__advise_cache_get(cache, ge, "RU", RELOK_DOC_PASSPORT, d, &got));
    assert_int_equal(got.n, 2);
    assert_int_equal(got.ans[0].days_used, 7);
    assert_int_equal(got.ans[1].earliest_reentry, D("2025-03-01"));
    relok_advise_cache_free(cache);
}

static const relok_advice_blocker *find_blocker(const relok_advice_country *c,
                                                relok_block_kind kind)
{
    for (size_t i = 0; i < c->n_blockers; i++)
        if (c->blockers[i].kind == kind)
            return &c->blockers[i];
    return NULL;
}

static void test_advise_passport_validity_blocks_or_caps_the_stay(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    /* Türkiye wants 4 months from entry; Egypt 6 months beyond departure. */
    relok_profile p = yaml_profile(a, "citizenships: [RU]\n"
                                      "documents: [{type: passport, expires: 2027-02-15}]\n");
    relok_advice *adv = advise(&p, "2026-11-28");
    const relok_advice_country *tr = relok_advise_find(adv, "TR");
    assert_true(tr->blocked);
    assert_non_null(find_blocker(tr, RELOK_BLOCK_PASSPORT_VALIDITY));
    const relok_advice_country *eg = relok_advise_find(adv, "EG");
    assert_non_null(find_blocker(eg, RELOK_BLOCK_PASSPORT_VALIDITY));
    /* Georgia has no validity rule: admitted, but no stay beyond expiry. */
    const relok_advice_country *ge = relok_advise_find(adv, "GE");
    assert_int_equal(ge->entry.verdict, RELOK_VERDICT_ADMITTED);
    assert_int_equal(ge->entry.doc_last_day, D("2027-02-15"));
    assert_int_equal(ge->stay.max_stay_days, D("2027-02-15") - D("2026-11-28") + 1);
    assert_int_equal(ge->stay.days_next_365, ge->stay.max_stay_days);
    relok_advise_free(adv);

    /* A year more of validity: Egypt admits, and its stays end six months
     * before the expiry. */
    p.docs[0].expires = D("2027-09-30");
    adv = advise(&p, "2026-11-28");
    eg = relok_advise_find(adv, "EG");
    assert_int_equal(eg->entry.verdict, RELOK_VERDICT_ADMITTED);
    assert_int_equal(eg->entry.doc_last_day, D("2027-03-30"));
    assert_true(eg->stay.days_next_365 <= D("2027-03-30") - D("2026-11-28") + 1);
    /* The date is explained: the expiry, the rule's margin, and the entry
     * rule as its source. */
    assert_int_equal(eg->entry.doc_expires, D("2027-09-30"));
    bool explained = false;
    for (size_t i = 0; i < eg->n_reasons; i++) {
        const relok_advice_reason *r = &eg->reasons[i];
        if (strstr(r->text.en, "valid 6 more months after departure") != NULL &&
            strstr(r->text.en, "2027-09-30") != NULL && r->n_facts == 1 &&
            r->facts[0] == &eg->entry.rule->fact && strstr(r->text.ru, "6 мес.") != NULL)
            explained = true;
    }
    assert_true(explained);
    relok_advise_free(adv);

    /* An expired passport is no passport. */
    p.docs[0].expires = D("2026-01-01");
    adv = advise(&p, "2026-11-28");
    ge = relok_advise_find(adv, "GE");
    assert_true(ge->blocked);
    assert_non_null(find_blocker(ge, RELOK_BLOCK_PASSPORT_NEEDED));
    assert_non_null(strstr(ge->blockers[0].text.en, "expired"));
    relok_advise_free(adv);
    relok_arena_free(a);
}

static void test_advise_bars_and_family_members_block(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    /* Georgia's travel-history bar. */
    relok_profile p = yaml_profile(a, "citizenships: [RU]\n"
                                      "documents: [{type: passport, expires: 2031-01-01}]\n"
                                      "risk_factors: [entered_abkhazia_or_south_ossetia_from_russia]\n");
    relok_advice *adv = advise(&p, "2026-11-28");
    const relok_advice_country *ge = relok_advise_find(adv, "GE");
    assert_true(ge->blocked);
    assert_int_equal(ge->entry.verdict, RELOK_VERDICT_BLOCKED);
    assert_non_null(find_blocker(ge, RELOK_BLOCK_ENTRY_BAR));
    assert_false(relok_advise_find(adv, "AM")->blocked);
    relok_advise_free(adv);

    /* A child with only a birth certificate: Georgia and Armenia refuse it;
     * Kazakhstan admitted it (the 2000 agreement) until 19 January 2026, and
     * from 20 January 2026 a Russian child needs an own passport there too. */
    p = yaml_profile(a, "citizenships: [RU]\n"
                        "documents: [{type: passport, expires: 2031-01-01}]\n"
                        "family:\n  children: [{age: 7, documents: [{type: birth_certificate}]}]\n");
    adv = advise(&p, "2026-11-28");
    ge = relok_advise_find(adv, "GE");
    const relok_advice_blocker *b = find_blocker(ge, RELOK_BLOCK_MEMBER);
    assert_non_null(b);
    assert_non_null(strstr(b->text.en, "child (age 7)"));
    assert_non_null(find_blocker(relok_advise_find(adv, "AM"), RELOK_BLOCK_MEMBER));
    assert_non_null(find_blocker(relok_advise_find(adv, "KZ"), RELOK_BLOCK_MEMBER));
    relok_advise_free(adv);
    adv = advise(&p, "2025-11-28");
    assert_false(relok_advise_find(adv, "KZ")->blocked);
    relok_advise_free(adv);

    /* A child whose documents are not stated: unknown, not blocked. */
    p = yaml_profile(a, "citizenships: [RU]\n"
                        "documents: [{type: passport, expires: 2031-01-01}]\n"
                        "family: {children: [{age: 7}]}\n");
    adv = advise(&p, "2026-11-28");
    ge = relok_advise_find(adv, "GE");
    assert_null(find_blocker(ge, RELOK_BLOCK_MEMBER));
    bool unk = false;
    for (size_t i = 0; i < ge->n_unknowns; i++)
        unk = unk || strstr(ge->unknowns[i].text.en, "documents not stated") != NULL;
    assert_true(unk);
    relok_advise_free(adv);
    relok_arena_free(a);
}

static void test_advise_pathway_without_requirements_is_not_recorded(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_profile p = example(a, "it-remote-passport.yaml");
    relok_advice *adv = advise(&p, "2026-11-28");
    const relok_advice_pathway *pw = pathway(relok_advise_find(adv, "AM"), "temporary-residence");
    assert_non_null(pw);
    assert_int_equal(pw->status, RELOK_PATHWAY_STATUS_NOT_RECORDED);
    /* Kazakhstan's residence permit needs a passport to apply with. */
    const relok_advice_pathway *kz = pathway(relok_advise_find(adv, "KZ"), "residence-permit");
    assert_non_null(kz);
    assert_int_equal(kz->status, RELOK_PATHWAY_STATUS_QUALIFIES);
    relok_advise_free(adv);
    relok_profile id = example(a, "internal-id-local-job.yaml");
    adv = advise(&id, "2026-11-28");
    kz = pathway(relok_advise_find(adv, "KZ"), "residence-permit");
    assert_non_null(kz);
    assert_int_equal(kz->status, RELOK_PATHWAY_STATUS_MISSING);
    assert_null(kz->checks[0].req); /* the document condition */
    assert_int_equal(kz->checks[0].status, RELOK_CHECK_UNMET);
    relok_advise_free(adv);
    relok_arena_free(a);
}

static void test_advise_must_haves_rank_and_report(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_profile p = example(a, "internal-id-local-job.yaml");
    relok_advice *adv = advise(&p, "2026-11-28");
    /* Russian is "common" in Kyrgyzstan, "widely" spoken in Kazakhstan. */
    const relok_advice_country *kg = relok_advise_find(adv, "KG");
    const relok_advice_country *kz = relok_advise_find(adv, "KZ");
    assert_int_equal(kg->n_unmet_musts, 1);
    assert_int_equal(kg->musts[0].status, RELOK_CHECK_UNMET);
    assert_int_equal(kz->n_unmet_musts, 0);
    assert_int_equal(kz->musts[0].status, RELOK_CHECK_MET);
    assert_true(kg->rank > kz->rank);
    relok_advise_free(adv);
    /* Without the must-have, the order between them is by score only. */
    p.must.russian_widely_spoken = false;
    adv = advise(&p, "2026-11-28");
    kg = relok_advise_find(adv, "KG");
    kz = relok_advise_find(adv, "KZ");
    assert_int_equal(kg->n_musts, 0);
    assert_true((kg->rank < kz->rank) == (kg->total > kz->total));
    relok_advise_free(adv);
    relok_arena_free(a);
}

static void test_advise_trip_log_changes_the_stay(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_profile p = example(a, "internal-id-local-job.yaml");
    /* 60 days in Kazakhstan that ended yesterday: 30 left of the 90/180. */
    relok_trip trips[2] = {{.country = "KZ", .entry = D("2024-03-01"), .exit = D("2024-04-29")},
                           /* Ongoing in Armenia since 10 days. */
                           {.country = "AM", .entry = D("2024-04-21"), .exit = RELOK_DAY_NONE}};
    relok_advise_opts o = {.asof = D("2024-04-30"), .trips = trips, .n_trips = 2};
    relok_advice *adv = NULL;
    assert_int_equal(relok_advise_run(shipped_kb, &p, &o, &adv, NULL), RELOK_OK);
    const relok_advice_stay *kz = &relok_advise_find(adv, "KZ")->stay;
    assert_false(kz->is_inside);
    assert_int_equal(kz->earliest_entry, D("2024-04-30"));
    assert_int_equal(kz->max_stay_days, 30);
    const relok_advice_stay *am = &relok_advise_find(adv, "AM")->stay;
    assert_true(am->is_inside);
    assert_int_equal(am->days_used, 10);
    relok_advise_free(adv);

    /* A malformed log is refused with the trip named. */
    trips[0].exit = D("2024-02-01");
    trips[0].line = 7;
    relok_error err = {0};
    assert_int_equal(relok_advise_run(shipped_kb, &p, &o, &adv, &err), RELOK_EINVAL);
    assert_int_equal(err.line, 7);
    relok_arena_free(a);
}

/* ----------------------------------------------------------------- JSON */

static void test_advise_json_renders_and_filters(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_profile p = example(a, "activist-criminal-case.yaml");
    relok_advice *adv = advise(&p, "2026-11-28");
    char *out = NULL;
    assert_int_equal(relok_advise_json(adv, &p, 3, NULL, 0, &out, NULL), RELOK_OK);
    assert_non_null(strstr(out, "\"countries\":["));
    assert_non_null(strstr(out, "\"blocked\":["));
    assert_non_null(strstr(out, "\"exit-ban-wanted\""));
    assert_non_null(strstr(out, "\"brief:LX\""));
    assert_non_null(strstr(out, "\"explanation\":{"));
    /* top 3: exactly three open countries rendered. */
    size_t n = 0;
    for (const char *s = strstr(out, "\"countries\":["); s != NULL && (s = strstr(s + 1, "\"rank\":")) != NULL;)
        n++;
    assert_int_equal(n, 3 + adv->n_blocked);
    relok_json_free(out);
    assert_int_equal(relok_advise_json(adv, &p, 0, "kz", RELOK_JSON_PRETTY, &out, NULL),
                     RELOK_OK);
    assert_non_null(strstr(out, "\"country\": {"));
    assert_non_null(strstr(out, "\"code\": \"KZ\""));
    relok_json_free(out);
    relok_error err = {0};
    assert_int_equal(relok_advise_json(adv, &p, 0, "XX", 0, &out, &err), RELOK_ENOTFOUND);
    assert_null(out);
    relok_advise_free(adv);
    relok_arena_free(a);
}

static void test_advise_json_request_names_the_field(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        relok_status status;
        const char *path;
    } cases[] = {
        {"{\"citizenships\":[\"RU\"],\"documents\":[{\"type\":\"internal_id\"}],"
         "\"money\":{\"currency\":\"USD\",\"monthly_budget\":\"lots\"}}",
         RELOK_ESCHEMA, "money.monthly_budget"},
        {"{\"citizenships\":[\"RU\"],\"documents\":[{\"type\":\"passport\","
         "\"expires\":\"2031-02-29\"}]}",
         RELOK_ERANGE, "documents[0].expires"},
        {"{\"citizenships\":[\"RU\"],\"documents\":[{\"type\":\"internal_id\"}],\"x\":1}",
         RELOK_ESCHEMA, "x"},
        {"{\"citizenships\":[\"RU\"],", RELOK_EPARSE, ""},
        {"[]", RELOK_ESCHEMA, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *out = (char *)(uintptr_t)1;
        relok_error err = {0};
        relok_status s = relok_advise_json_request(shipped_kb, NULL, cases[i].body,
                                                   strlen(cases[i].body), D("2026-11-28"), 0, NULL,
                                                   0, &out, &err);
        if (s != cases[i].status || strcmp(err.path, cases[i].path) != 0)
            fail_msg("case %zu: %s %s: %s", i, relok_status_name(s), err.path, err.msg);
        assert_null(out);
        assert_string_equal(err.source, "request body");
    }
    const char *ok = "{\"citizenships\":[\"RU\"],\"documents\":[{\"type\":\"internal_id\"}]}";
    char *out = NULL;
    assert_int_equal(relok_advise_json_request(shipped_kb, NULL, ok, strlen(ok), D("2026-11-28"), 2,
                                               NULL, 0, &out, NULL),
                     RELOK_OK);
    assert_non_null(strstr(out, "\"as_of\":\"2026-11-28\""));
    relok_json_free(out);
    /* The API's default: a summary per country, no explanation; the full
     * advice of one country on request, the same as in the full list. */
    assert_int_equal(relok_advise_json_request(shipped_kb, NULL, ok, strlen(ok), D("2026-11-28"), 0,
                                               NULL, RELOK_ADVISE_SUMMARY, &out, NULL),
                     RELOK_OK);
    assert_non_null(strstr(out, "\"top_reasons\":["));
    assert_non_null(strstr(out, "\"score_confidence\":{"));
    assert_non_null(strstr(out, "\"must_haves\":["));
    assert_null(strstr(out, "\"explanation\""));
    relok_json_free(out);
    assert_int_equal(relok_advise_json_request(shipped_kb, NULL, ok, strlen(ok), D("2026-11-28"), 0,
                                               "kz", RELOK_ADVISE_SUMMARY, &out, NULL),
                     RELOK_OK);
    assert_non_null(strstr(out, "\"country\":{\"rank\""));
    assert_non_null(strstr(out, "\"explanation\":{"));
    relok_json_free(out);
}

/* ------------------------------------------------------------ OOM sweep */

/* STYLE.md: fail the k-th allocation of a profile parse plus one advise
 * call; each must report ENOMEM (or succeed completely), hand out nothing
 * and leak nothing (ASan and valgrind check the leaks). */
static void test_advise_survives_every_allocation_failure(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "../examples/profiles/family-two-children.yaml");
    relok_advise_opts o = {.asof = D("2026-11-28")};
    unsigned long k = 1;
    for (;; k++) {
        relok__alloc_fail_at(k);
        relok_arena *a = relok_arena_new(0);
        relok_profile p;
        relok_advice *adv = NULL;
        relok_status s = a == NULL ? RELOK_ENOMEM : relok_profile_load(path, a, &p, NULL);
        if (s == RELOK_OK)
            s = relok_advise_run(shipped_kb, &p, &o, &adv, NULL);
        int triggered = relok__alloc_failed();
        relok__alloc_fail_at(0);
        if (s == RELOK_OK) {
            assert_non_null(adv);
            assert_int_equal(adv->n_countries, relok_kb_n_countries(shipped_kb) - 1);
        } else {
            assert_int_equal(s, RELOK_ENOMEM);
            assert_null(adv);
        }
        relok_advise_free(adv);
        relok_arena_free(a);
        if (!triggered)
            break;
    }
    assert_true(k > 20);
}

/* Issue 12: a verified observation drives the cost score before an
 * unverified one, even a newer one: an undated guide, given the year it was
 * read as its date, must not outrank a dated, checked figure. Armenia has an
 * unverified Yerevan rent with a placeholder date (2025) and verified ones up
 * to October 2023; Kyrgyzstan's only rent is unverified and still counts. */
static void test_advise_cost_prefers_verified(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_profile p = example(a, "it-remote-passport.yaml");
    relok_advice *adv = advise(&p, "2026-11-28");
    const relok_advice_country *am = relok_advise_find(adv, "AM");
    bool rent = false;
    for (size_t i = 0; i < am->cost.n_items; i++) {
        const relok_cost *k = am->cost.items[i];
        assert_true(k->fact.is_verified);
        rent = rent || k->item == RELOK_COST_RENT_1BR;
    }
    assert_true(rent);
    const relok_advice_country *kg = relok_advise_find(adv, "KG");
    assert_int_not_equal(kg->cost.status, RELOK_COST_STATUS_UNKNOWN);
    assert_true(kg->cost.n_items >= 1 && !kg->cost.items[0]->fact.is_verified);
    relok_advise_free(adv);
    relok_arena_free(a);
}

/* Issue 12: with costs recorded for most countries, the advisor tells them
 * apart for every example profile: the estimated month differs from country
 * to country, and wherever the budget is not so large that every known cost
 * fits easily in it, so does the cost score. */
static void test_advise_cost_score_differs_across_countries(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    for (size_t k = 0; k < N_EXAMPLES; k++) {
        relok_profile p = example(a, examples[k]);
        assert_true(p.monthly_budget.is_set);
        relok_advice *adv = advise(&p, "2026-12-06");
        double scores[64], costs[64];
        size_t n_scores = 0, n_costs = 0, n_costed = 0;
        for (size_t i = 0; i < adv->n_countries; i++) {
            const relok_advice_country *c = &adv->countries[i];
            if (c->cost.status == RELOK_COST_STATUS_UNKNOWN)
                continue;
            n_costed++;
            bool dup_s = false, dup_c = false;
            for (size_t j = 0; j < n_scores; j++)
                dup_s = dup_s || scores[j] == c->scores[RELOK_DIM_COST];
            for (size_t j = 0; j < n_costs; j++)
                dup_c = dup_c || costs[j] == c->cost.low;
            if (!dup_s && n_scores < 64)
                scores[n_scores++] = c->scores[RELOK_DIM_COST];
            if (!dup_c && n_costs < 64)
                costs[n_costs++] = c->cost.low;
        }
        bool ok = n_costed >= 6 && n_costs >= 5 &&
                  (p.monthly_budget.amount >= 3000 || n_scores >= 3);
        relok_advise_free(adv);
        if (!ok) {
            relok_arena_free(a);
            fail_msg("%s: %zu countries with costs, %zu different estimates, %zu different cost "
                     "scores",
                     examples[k], n_costed, n_costs, n_scores);
        }
    }
    relok_arena_free(a);
}

/* Issue 12: the budget changes the ranking. Lowering it makes the cost
 * score fall most where living costs are highest, so two countries swap
 * places; and a known cost never scores better on a smaller budget. */
static void test_advise_budget_changes_the_ranking(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_profile rich = example(a, "it-remote-passport.yaml");
    rich.monthly_budget = (relok_money){true, 5000, "USD"};
    relok_profile poor = rich;
    poor.monthly_budget.amount = 800;
    relok_advice *ar = advise(&rich, "2026-12-06");
    relok_advice *ap = advise(&poor, "2026-12-06");
    assert_int_equal(ar->n_countries, ap->n_countries);
    bool swapped = false;
    for (size_t i = 0; i < ar->n_countries; i++) {
        const relok_advice_country *x = &ar->countries[i];
        const relok_advice_country *xp = relok_advise_find(ap, x->country->code);
        assert_non_null(xp);
        if (x->cost.status != RELOK_COST_STATUS_UNKNOWN)
            assert_true(xp->scores[RELOK_DIM_COST] <= x->scores[RELOK_DIM_COST]);
        for (size_t j = i + 1; j < ar->n_countries; j++) {
            const relok_advice_country *y = &ar->countries[j];
            const relok_advice_country *yp = relok_advise_find(ap, y->country->code);
            if ((x->rank < y->rank) != (xp->rank < yp->rank))
                swapped = true;
        }
    }
    assert_true(swapped);
    relok_advise_free(ar);
    relok_advise_free(ap);
    relok_arena_free(a);
}

/* Issue 12: with pathway times in the KB, "residence within N months" is
 * met where a pathway the person qualifies for is fast enough and not met
 * where the fastest one takes longer. A passport holder as of 2026-11-28:
 * Montenegro's company route takes 2 months (agencies), Kazakhstan's
 * residence permit about 3 (45 days of review plus the card). */
static void test_advise_residence_within_months_uses_pathway_times(void **state)
{
    (void)state;
    static const char text[] = "citizenships: [RU]\n"
                               "documents: [{type: passport, expires: 2031-01-01}]\n"
                               "preferences: {must_have: {residence_path_within_months: %d}}\n";
    char buf[256];
    relok_arena *a = relok_arena_new(0);
    snprintf(buf, sizeof buf, text, 2);
    relok_profile p = yaml_profile(a, buf);
    relok_advice *adv = advise(&p, "2026-11-28");
    const relok_advice_country *me = relok_advise_find(adv, "ME");
    const relok_advice_country *kz = relok_advise_find(adv, "KZ");
    assert_non_null(me);
    assert_non_null(kz);
    assert_int_equal(me->n_musts, 1);
    assert_int_equal(me->musts[0].status, RELOK_CHECK_MET);
    assert_int_equal(me->n_unmet_musts, 0);
    assert_non_null(strstr(relok_text_get(&me->musts[0].text, RELOK_LANG_EN), "(2 months)"));
    assert_int_equal(kz->n_musts, 1);
    assert_int_equal(kz->musts[0].status, RELOK_CHECK_UNMET);
    assert_int_equal(kz->n_unmet_musts, 1);
    /* It says why: the pathway qualifies, but takes 3 months. */
    assert_non_null(strstr(relok_text_get(&kz->musts[0].text, RELOK_LANG_EN), "takes 3 months"));
    assert_non_null(strstr(relok_text_get(&kz->musts[0].text, RELOK_LANG_RU), "занимает 3 мес."));
    relok_advise_free(adv);
    /* Three months is within reach in Kazakhstan too (at most N). */
    snprintf(buf, sizeof buf, text, 3);
    p = yaml_profile(a, buf);
    adv = advise(&p, "2026-11-28");
    kz = relok_advise_find(adv, "KZ");
    assert_int_equal(kz->musts[0].status, RELOK_CHECK_MET);
    assert_int_equal(kz->n_unmet_musts, 0);
    relok_advise_free(adv);
    relok_arena_free(a);
}

/* relok__fmt_money writes whole amounts grouped by three with a space after
 * the currency, as printf's "%llu" grouped by hand would, cut like
 * snprintf to the buffer. */
static void money_reference(double amount, const char *cur, char *buf, size_t len)
{
    char digits[32], num[64];
    long long v = (long long)round(amount);
    unsigned long long u = v < 0 ? (unsigned long long)(-v) : (unsigned long long)v;
    int n = snprintf(digits, sizeof digits, "%llu", u);
    size_t o = 0;
    if (v < 0)
        num[o++] = '-';
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            num[o++] = ' ';
        num[o++] = digits[i];
    }
    num[o] = '\0';
    snprintf(buf, len, "%s %s", cur, num);
}

static void test_advise_money_is_grouped_by_three(void **state)
{
    (void)state;
    static const double amounts[] = {0,     5,        999,         1000,    12345,
                                     100000, 1234567, 99999999999., -1,     -999,
                                     -1000, -1234567, 1e14,        2500.4, 365760};
    static const char *const currencies[] = {"USD", "KZT", ""};
    static const size_t lens[] = {64, 12, 6, 4, 1};
    char got[64], want[64];
    for (size_t a = 0; a < sizeof amounts / sizeof *amounts; a++)
        for (size_t c = 0; c < 3; c++)
            for (size_t l = 0; l < sizeof lens / sizeof *lens; l++) {
                memset(got, 'x', sizeof got);
                relok__fmt_money(amounts[a], currencies[c], got, lens[l]);
                money_reference(amounts[a], currencies[c], want, lens[l]);
                assert_string_equal(got, want);
            }
    relok__fmt_money(1234567, "KZT", got, sizeof got);
    assert_string_equal(got, "KZT 1 234 567");
    relok__fmt_money(-1000, "USD", got, sizeof got);
    assert_string_equal(got, "USD -1 000");
    /* Not whole and under 1 000: two decimals, as before. */
    relok__fmt_money(12.5, "EUR", got, sizeof got);
    assert_string_equal(got, "EUR 12.50");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_profile_examples_parse),
        cmocka_unit_test(test_profile_doc_example_parses),
        cmocka_unit_test(test_profile_json_and_yaml_agree),
        cmocka_unit_test(test_profile_defaults_and_amounts),
        cmocka_unit_test(test_profile_bad_catalogue_names_the_field),
        cmocka_unit_test(test_profile_validate_checks_code_built_profiles),
        cmocka_unit_test(test_advise_internal_id_never_enters_passport_only_country),
        cmocka_unit_test(test_advise_activist_gets_kz_exit_ban_and_kg_data_sharing),
        cmocka_unit_test(test_advise_ge_business_turnover_threshold_is_strict),
        cmocka_unit_test(test_advise_ge_op_includes_threshold_and_flags_are_checked),
        cmocka_unit_test(test_advise_kz_stay_differs_before_and_after_2023_rule),
        cmocka_unit_test(test_advise_raising_a_weight_moves_the_ranking),
        cmocka_unit_test(test_advise_invariants_of_every_answer),
        cmocka_unit_test(test_advise_unknown_costs_are_cautious_and_lower_confidence),
        cmocka_unit_test(test_advise_unknown_stay_rule_never_outranks_a_known_one),
        cmocka_unit_test(test_advise_month_without_rent_completes_the_rent),
        cmocka_unit_test(test_advise_summary_text_matches_jansson),
        cmocka_unit_test(test_advise_cache_changes_nothing),
        cmocka_unit_test(test_advise_cache_keys),
        cmocka_unit_test(test_advise_internal_id_risk_hidden_from_passport_holders),
        cmocka_unit_test(test_advise_passport_validity_blocks_or_caps_the_stay),
        cmocka_unit_test(test_advise_bars_and_family_members_block),
        cmocka_unit_test(test_advise_pathway_without_requirements_is_not_recorded),
        cmocka_unit_test(test_advise_must_haves_rank_and_report),
        cmocka_unit_test(test_advise_trip_log_changes_the_stay),
        cmocka_unit_test(test_advise_json_renders_and_filters),
        cmocka_unit_test(test_advise_json_request_names_the_field),
        cmocka_unit_test(test_advise_survives_every_allocation_failure),
        cmocka_unit_test(test_advise_cost_score_differs_across_countries),
        cmocka_unit_test(test_advise_cost_prefers_verified),
        cmocka_unit_test(test_advise_budget_changes_the_ranking),
        cmocka_unit_test(test_advise_residence_within_months_uses_pathway_times),
        cmocka_unit_test(test_advise_money_is_grouped_by_three),
    };
    return cmocka_run_group_tests(tests, load_shipped, free_shipped);
}
