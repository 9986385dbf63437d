/* SPDX-License-Identifier: MIT */
/* The KB loader, validator, as-of queries and rule notation: a valid example
 * KB, a catalogue of broken files each failing with its message and place,
 * an allocator sweep, and the shipped data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "copy_file.h"

#include "base/alloc_int.h"
#include "kb/kb_int.h" /* relok__unit_names */
#include "relok/relok.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *data_dir(void)
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

static relok_kb *load_example(void)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/kb-example", data_dir());
    relok_kb *kb = NULL;
    relok_error err = {0};
    relok_status s = relok_kb_load(dir, &kb, NULL, &err);
    if (s != RELOK_OK)
        fail_msg("example KB did not load: %s:%u:%u %s: %s", err.source, err.line, err.column,
                 err.path, err.msg);
    return kb;
}

/* --------------------------------------------------------- example KB */

static void test_kb_example_loads_with_every_section(void **state)
{
    (void)state;
    relok_kb *kb = load_example();
    assert_int_equal(relok_kb_n_countries(kb), 4);
    assert_int_equal(relok_kb_n_zones(kb), 1);
    assert_int_equal(relok_kb_n_sources(kb), 5);
    /* Sorted by code. */
    assert_string_equal(relok_kb_country_at(kb, 0)->code, "DE");
    const relok_country *ge = relok_kb_country(kb, "ge");
    assert_non_null(ge);
    assert_string_equal(ge->name.ru, "Грузия");
    assert_int_equal(ge->n_neighbours, 1);
    assert_int_equal(ge->neighbours[0].crossing, RELOK_AVAIL_YES);
    assert_false(ge->neighbours[0].fact.is_verified);
    assert_non_null(ge->neighbours[0].fact.to_check.ru);
    assert_int_equal(ge->n_pathways, 1);
    const relok_requirement *r = &ge->pathways[0].requires[0];
    assert_int_equal(r->field, RELOK_REQF_REAL_ESTATE_VALUE);
    assert_int_equal(r->op, RELOK_REQ_GT);
    assert_true(r->amount == 100000.0);
    assert_string_equal(r->currency, "USD");
    assert_int_equal(ge->rules.n_bars, 1);
    assert_int_equal(ge->rules.bars[0].factor, RELOK_FACTOR_OCCUPIED_GEORGIA);
    const relok_indicator *ind = &ge->indicators[0];
    assert_true(ind->points[0].is_range);
    assert_true(ind->points[0].low == 62000.0 && ind->points[0].high == 130000.0);
    assert_int_equal(ind->points[0].date.precision, RELOK_PREC_MONTH);
    assert_int_equal(ge->n_changes, 1);
    assert_int_equal(ge->changes[0].kind, RELOK_CHANGE_CORRECTION);
    assert_null(relok_kb_country(kb, "XX"));
    relok_kb_free(kb);
}

static void test_kb_as_of_sees_the_rule_in_force(void **state)
{
    (void)state;
    relok_kb *kb = load_example();
    const relok_country *kz = relok_kb_country(kb, "KZ");
    const relok_stay_rule *before = relok_kb_stay(kb, kz, "RU", RELOK_DOC_INTERNAL_ID, D("2022-06-01"));
    const relok_stay_rule *after = relok_kb_stay(kb, kz, "RU", RELOK_DOC_INTERNAL_ID, D("2023-06-01"));
    assert_non_null(before);
    assert_non_null(after);
    assert_int_equal(before->rule.kind, RELOK_RULE_PER_ENTRY);
    assert_int_equal(after->rule.kind, RELOK_RULE_ROLLING);
    assert_int_equal(after->rule.counts_from, D("2023-01-27"));
    /* The boundary: the old rule's last day and the new rule's first. */
    assert_ptr_equal(relok_kb_stay(kb, kz, "RU", RELOK_DOC_PASSPORT, D("2023-01-26")), before);
    assert_ptr_equal(relok_kb_stay(kb, kz, "RU", RELOK_DOC_PASSPORT, D("2023-01-27")), after);
    /* Another citizenship: nothing known. */
    assert_null(relok_kb_stay(kb, kz, "BY", RELOK_DOC_PASSPORT, D("2023-06-01")));
    const relok_stay_rule *versions[8];
    assert_int_equal(relok_kb_stay_versions(kb, kz, "RU", RELOK_DOC_PASSPORT, versions, 8), 2);
    assert_ptr_equal(versions[0], before);
    assert_ptr_equal(versions[1], after);
    relok_kb_free(kb);
}

static void test_kb_zone_rules_apply_to_members_without_their_own(void **state)
{
    (void)state;
    relok_kb *kb = load_example();
    const relok_country *de = relok_kb_country(kb, "DE");
    const relok_zone *z = relok_kb_zone_of(kb, de, D("2024-01-01"));
    assert_non_null(z);
    assert_string_equal(z->id, "schengen");
    /* Germany says nothing about passports: the zone's rules govern. */
    const relok_stay_rule *s = relok_kb_stay(kb, de, "RU", RELOK_DOC_PASSPORT, D("2024-01-01"));
    assert_non_null(s);
    assert_int_equal(s->rule.kind, RELOK_RULE_ROLLING);
    const relok_entry_rule *e =
        relok_kb_entry(kb, de, "RU", RELOK_DOC_PASSPORT, RELOK_MODE_AIR, D("2024-01-01"));
    assert_int_equal(e->access, RELOK_ACCESS_VISA);
    /* ...but its own internal-ID rule wins for that document. */
    e = relok_kb_entry(kb, de, "RU", RELOK_DOC_INTERNAL_ID, RELOK_MODE_COUNT_, D("2024-01-01"));
    assert_int_equal(e->access, RELOK_ACCESS_NOT_ACCEPTED);
    /* Croatia joined on 2023-01-01, with no country file. */
    assert_null(relok_kb_zone_of_code(kb, "HR", D("2022-12-31")));
    assert_non_null(relok_kb_zone_of_code(kb, "HR", D("2023-01-01")));
    /* Finland has its own passport entry rule but no stay rule: the zone's
     * stay rule still applies, section by section (a bug found in review:
     * a whole-block fallback hid it). */
    const relok_country *fi = relok_kb_country(kb, "FI");
    e = relok_kb_entry(kb, fi, "RU", RELOK_DOC_PASSPORT, RELOK_MODE_AIR, D("2024-01-01"));
    assert_non_null(e);
    assert_ptr_equal(e, &fi->rules.entry[0]);
    assert_null(relok_kb_section_zone(kb, fi, RELOK_SECTION_ENTRY, RELOK_DOC_PASSPORT,
                                      D("2024-01-01")));
    s = relok_kb_stay(kb, fi, "RU", RELOK_DOC_PASSPORT, D("2024-01-01"));
    assert_non_null(s);
    assert_ptr_equal(s, &z->rules.stay[0]);
    assert_ptr_equal(relok_kb_section_zone(kb, fi, RELOK_SECTION_STAY, RELOK_DOC_PASSPORT,
                                           D("2024-01-01")),
                     z);
    const relok_stay_rule *versions[4];
    assert_int_equal(relok_kb_stay_versions(kb, fi, "RU", RELOK_DOC_PASSPORT, versions, 4), 1);
    assert_ptr_equal(versions[0], s);
    assert_true(relok_kb_same_area(kb, de, fi, D("2024-01-01")));
    assert_true(relok_kb_same_area(kb, de, de, D("2024-01-01")));
    assert_false(relok_kb_same_area(kb, de, relok_kb_country(kb, "KZ"), D("2024-01-01")));
    relok_kb_free(kb);
}

static void test_kb_worked_example_in_docs_is_the_test_file(void **state)
{
    (void)state;
    /* docs/kb-format.md's worked example must stay valid: the test KB holds
     * it verbatim (after a one-line header comment). */
    char doc_path[1024], ex_path[1024];
    snprintf(doc_path, sizeof doc_path, "%s/../../docs/kb-format.md", data_dir());
    snprintf(ex_path, sizeof ex_path, "%s/kb-example/countries/GE.yaml", data_dir());
    FILE *f = fopen(doc_path, "rb");
    FILE *g = fopen(ex_path, "rb");
    assert_non_null(f);
    assert_non_null(g);
    static char doc[65536], ex[16384];
    size_t nd = fread(doc, 1, sizeof doc - 1, f), ne = fread(ex, 1, sizeof ex - 1, g);
    doc[nd] = ex[ne] = '\0';
    fclose(f);
    fclose(g);
    const char *body = strchr(ex, '\n');
    assert_non_null(body);
    const char *in_doc = strstr(doc, body + 1);
    assert_non_null(in_doc);
}

/* Practice reports are linked to their country, by date, and kept apart
 * from the rules: the stay rule in force is the same with or without them. */
static void test_kb_reports_are_linked_apart_from_rules(void **state)
{
    (void)state;
    relok_kb *kb = load_example();
    assert_int_equal(relok_kb_n_reports(kb), 1);
    const relok_country *ge = relok_kb_country(kb, "GE");
    assert_int_equal(ge->n_reports, 1);
    const relok_report *r = &ge->reports[0];
    assert_ptr_equal(r, relok_kb_report_at(kb, 0));
    assert_string_equal(r->id, "ge-test-refusal");
    assert_string_equal(r->country, "GE");
    assert_int_equal(r->date.day, D("2023-06-01"));
    assert_int_equal(r->until.day, D("2023-08-01"));
    assert_int_equal(r->factors, 1u << RELOK_FACTOR_ACTIVIST);
    assert_int_equal(r->confidence, RELOK_CONFIDENCE_SEVERAL);
    assert_int_equal(r->fact.basis, RELOK_BASIS_PRACTICE);
    assert_true(r->fact.is_verified);
    assert_int_equal(relok_kb_country(kb, "KZ")->n_reports, 0);
    /* The rule is the law's: one year per entry, whatever was reported. */
    const relok_stay_rule *s = relok_kb_stay(kb, ge, "RU", RELOK_DOC_PASSPORT, D("2023-07-01"));
    assert_non_null(s);
    assert_int_equal(s->rule.kind, RELOK_RULE_PER_ENTRY);
    relok_kb_free(kb);
}

/* ------------------------------------------------------ broken KB files */

typedef struct broken_case {
    const char *fixture;   /* tests/data/kb-broken/<fixture> */
    const char *dest;      /* where it goes in a copy of the example KB */
    const char *file;      /* expected diagnostic file */
    unsigned line, column; /* expected position */
    const char *path;      /* expected field path */
    const char *msg;       /* expected message fragment */
} broken_case;

static const broken_case broken[] = {
    {"unknown-key.yaml", "countries/AM.yaml", "countries/AM.yaml", 4, 1, "capital",
     "unknown key 'capital' (expected one of: country, name"},
    {"impossible-date.yaml", "countries/AM.yaml", "countries/AM.yaml", 7, 11, "entry[0].from",
     "2023-02 has no day 29"},
    {"bad-date-syntax.yaml", "countries/AM.yaml", "countries/AM.yaml", 7, 11, "entry[0].from",
     "'2023/01/27' is not a date (expected YYYY-MM-DD)"},
    {"bad-country-code.yaml", "countries/AM.yaml", "countries/AM.yaml", 5, 14,
     "neighbours[0].country", "'XX' is not an ISO 3166-1 alpha-2 country code"},
    {"unknown-source.yaml", "countries/AM.yaml", "countries/AM.yaml", 8, 15,
     "entry[0].sources[0]", "source 'brief:ZZZ' is not in the sources registry"},
    {"no-sources.yaml", "countries/AM.yaml", "countries/AM.yaml", 5, 5, "entry[0].sources",
     "every fact needs 'sources'"},
    {"no-verification.yaml", "countries/AM.yaml", "countries/AM.yaml", 5, 5, "entry[0]",
     "every fact needs 'verified: DATE' or 'unverified"},
    {"both-verification.yaml", "countries/AM.yaml", "countries/AM.yaml", 10, 17,
     "entry[0].unverified", "either 'verified' (a date) or 'unverified'"},
    {"verified-without-real-source.yaml", "countries/AM.yaml", "countries/AM.yaml", 9, 15,
     "entry[0].verified", "citing only 'relok:unverified' must be 'unverified'"},
    {"verified-in-future.yaml", "countries/AM.yaml", "countries/AM.yaml", 9, 15,
     "entry[0].verified", "cannot be verified in the future"},
    {"overlapping-stay-versions.yaml", "countries/AM.yaml", "countries/AM.yaml", 18, 5,
     "stay[1]", "overlaps item [0] (line 11) in time"},
    {"overlapping-entry-rules.yaml", "countries/AM.yaml", "countries/AM.yaml", 10, 5, "entry[1]",
     "overlaps item [0] (line 5) in time"},
    {"range-low-above-high.yaml", "countries/AM.yaml", "countries/AM.yaml", 11, 14,
     "indicators[0].points[0].low", "low (300000) is greater than high (60000)"},
    {"missing-russian-text.yaml", "countries/AM.yaml", "countries/AM.yaml", 2, 7, "name.ru",
     "required field 'ru' is missing"},
    {"empty-english-text.yaml", "countries/AM.yaml", "countries/AM.yaml", 2, 12, "name.en",
     "expected a non-empty string"},
    {"code-does-not-match-file.yaml", "countries/AM.yaml", "countries/AM.yaml", 1, 10, "country",
     "code 'AZ' does not match the file name (AM.yaml)"},
    {"rule-limit-above-window.yaml", "countries/AM.yaml", "countries/AM.yaml", 7, 37,
     "stay[0].rule.max_days", "max_days (180) cannot exceed window_days (90)"},
    {"rule-unknown-kind.yaml", "countries/AM.yaml", "countries/AM.yaml", 7, 18,
     "stay[0].rule.kind", "'weekly' is not one of: per_entry, rolling"},
    {"rule-missing-window.yaml", "countries/AM.yaml", "countries/AM.yaml", 7, 11,
     "stay[0].rule.window_days", "kind 'rolling' needs 'window_days'"},
    {"rule-parameter-not-for-kind.yaml", "countries/AM.yaml", "countries/AM.yaml", 7, 56,
     "stay[0].rule.window_days", "'window_days' does not apply to kind 'per_entry'"},
    {"to-before-from.yaml", "countries/AM.yaml", "countries/AM.yaml", 8, 9, "entry[0].to",
     "'to' is before 'from'"},
    {"quoted-number.yaml", "countries/AM.yaml", "countries/AM.yaml", 7, 39,
     "stay[0].rule.max_days", "expected a whole number, found '90'"},
    {"flag-with-amount.yaml", "countries/AM.yaml", "countries/AM.yaml", 10, 9,
     "pathways[0].requires[0]", "is a flag: it takes no amount"},
    {"money-without-currency.yaml", "countries/AM.yaml", "countries/AM.yaml", 10, 9,
     "pathways[0].requires[0].currency", "required field 'currency' is missing"},
    {"duplicate-key.yaml", "countries/AM.yaml", "countries/AM.yaml", 4, 1, "",
     "duplicate key 'currency' (first at line 3)"},
    {"yaml-syntax.yaml", "countries/AM.yaml", "countries/AM.yaml", 5, 3, "", "YAML syntax"},
    {"alias.yaml", "countries/AM.yaml", "countries/AM.yaml", 5, 16, "",
     "anchors (&name) are not allowed"},
    {"change-names-unknown-rule.yaml", "countries/AM.yaml", "countries/AM.yaml", 8, 11,
     "changes[0].rule", "no stay rule with id 'tourist'"},
    {"unknown-unit.yaml", "countries/AM.yaml", "countries/AM.yaml", 7, 11, "indicators[0].unit",
     "'parrots' is not one of: people, percent"},
    {"lowercase-currency.yaml", "countries/AM.yaml", "countries/AM.yaml", 3, 11, "currency",
     "'amd' is not a currency code"},
    {"unknown-document.yaml", "countries/AM.yaml", "countries/AM.yaml", 5, 30,
     "entry[0].documents[1]", "'visa' is not one of: internal_id, passport, birth_certificate"},
    {"indicator-without-points.yaml", "countries/AM.yaml", "countries/AM.yaml", 9, 13,
     "indicators[0].points", "an indicator needs at least one point"},
    {"flow-comma-in-text.yaml", "countries/AM.yaml", "countries/AM.yaml", 10, 41,
     "entry[0].note.открыто ли", "unknown key 'открыто ли' (expected one of: en, ru)"},
    {"sources-duplicate-id.yaml", "sources/dup.yaml", "sources/test.yaml", 7, 5, "sources",
     "source id 'brief:VII' is defined twice (also sources/dup.yaml:2)"},
    {"report-unknown-country.yaml", "reports/x.yaml", "reports/x.yaml", 2, 0, "reports.country",
     "country 'AM' has no file in countries/"},
    {"report-until-before-date.yaml", "reports/x.yaml", "reports/x.yaml", 5, 12,
     "reports[0].until", "'until' is before 'date'"},
    {"report-duplicate-id.yaml", "reports/x.yaml", "reports/x.yaml", 2, 0, "reports.id",
     "report id 'ge-test-refusal' is used twice (also reports/GE.yaml:3)"},
    {"overlapping-languages.yaml", "countries/AM.yaml", "countries/AM.yaml", 10, 5,
     "languages[1]", "overlaps item [0] (line 5) in time: two versions of one language entry"},
    {"duplicate-indicator-id.yaml", "countries/AM.yaml", "countries/AM.yaml", 11, 5,
     "indicators[1]", "the indicator id is already used by item [0] (line 5)"},
    {"rule-no-limit-with-max.yaml", "countries/AM.yaml", "countries/AM.yaml", 7, 38,
     "stay[0].rule.max_days", "'max_days' does not apply to kind 'no_limit'"},
    {"cost-bad-area.yaml", "countries/AM.yaml", "countries/AM.yaml", 7, 11, "costs[0].area",
     "'suburbs' is not one of: any, centre, outside"},
    {"cost-bad-undated.yaml", "countries/AM.yaml", "countries/AM.yaml", 7, 14,
     "costs[0].undated", "expected true or false, found 'maybe'"},
    {"zone-id-mismatch.yaml", "zones/eea.yaml", "zones/eea.yaml", 1, 7, "zone",
     "zone id 'schengen2' does not match the file name (eea.yaml)"},
};

/* A fresh copy of the example KB in a temporary directory. */
static void make_kb_copy(char *dir, size_t len)
{
    snprintf(dir, len, "/tmp/relok-test-kb-XXXXXX");
    assert_non_null(mkdtemp(dir));
    static const char *const subs[] = {"sources", "countries", "zones", "reports"};
    for (size_t i = 0; i < 4; i++) {
        char from[1024], to[1024];
        snprintf(from, sizeof from, "%s/kb-example/%s", data_dir(), subs[i]);
        snprintf(to, sizeof to, "%s/%s", dir, subs[i]);
        assert_int_equal(mkdir(to, 0700), 0);
        DIR *d = opendir(from);
        assert_non_null(d);
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char a[2048], b[2048];
            snprintf(a, sizeof a, "%s/%s", from, e->d_name);
            snprintf(b, sizeof b, "%s/%s", to, e->d_name);
            copy_file(a, b);
        }
        closedir(d);
    }
}

static void remove_kb_copy(const char *dir)
{
    static const char *const subs[] = {"sources", "countries", "zones", "reports"};
    for (size_t i = 0; i < 4; i++) {
        char sub[1024];
        snprintf(sub, sizeof sub, "%s/%s", dir, subs[i]);
        DIR *d = opendir(sub);
        if (d == NULL)
            continue;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char p[2048];
            snprintf(p, sizeof p, "%s/%s", sub, e->d_name);
            unlink(p);
        }
        closedir(d);
        rmdir(sub);
    }
    rmdir(dir);
}

static void test_kb_broken_files_fail_with_their_message_and_place(void **state)
{
    (void)state;
    assert_true(sizeof broken / sizeof *broken >= 25);
    for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
        const broken_case *bc = &broken[i];
        char dir[256], from[1024], to[1024];
        make_kb_copy(dir, sizeof dir);
        snprintf(from, sizeof from, "%s/kb-broken/%s", data_dir(), bc->fixture);
        snprintf(to, sizeof to, "%s/%s", dir, bc->dest);
        copy_file(from, to);

        relok_kb *kb = (relok_kb *)(uintptr_t)1;
        relok_diags diags;
        relok_error err = {0};
        relok_status s = relok_kb_load(dir, &kb, &diags, &err);
        if (s == RELOK_OK || diags.n == 0)
            fail_msg("%s: loaded although broken", bc->fixture);
        assert_null(kb);
        const relok_diag *d = &diags.items[0];
        if (strcmp(d->file, bc->file) != 0 || d->line != bc->line || d->column != bc->column ||
            strcmp(d->path, bc->path) != 0 || strstr(d->msg, bc->msg) == NULL)
            fail_msg("%s: got %s:%u:%u %s: %s\n   want %s:%u:%u %s: ...%s...", bc->fixture,
                     d->file, d->line, d->column, d->path, d->msg, bc->file, bc->line,
                     bc->column, bc->path, bc->msg);
        /* The first-error record agrees with the first diagnostic. */
        assert_int_equal(err.line, d->line);
        assert_true(err.code != RELOK_OK);
        relok_diags_free(&diags);
        remove_kb_copy(dir);
    }
}

/* A fact "verified" after today is a data error for `kb check`, but a
 * person whose clock is wrong must still get answers: a plain load accepts
 * it (found when RELOK_NOW=2024-03-01 made the shipped KB unusable). */
static void test_kb_plain_load_does_not_judge_the_clock(void **state)
{
    (void)state;
    char dir[256], from[1024], to[1024];
    make_kb_copy(dir, sizeof dir);
    snprintf(from, sizeof from, "%s/kb-broken/verified-in-future.yaml", data_dir());
    snprintf(to, sizeof to, "%s/countries/AM.yaml", dir);
    copy_file(from, to);
    relok_kb *kb = NULL;
    assert_int_equal(relok_kb_load(dir, &kb, NULL, NULL), RELOK_OK);
    assert_non_null(relok_kb_country(kb, "AM"));
    relok_kb_free(kb);
    relok_diags diags;
    assert_int_not_equal(relok_kb_load(dir, &kb, &diags, NULL), RELOK_OK);
    assert_int_equal(diags.n, 1);
    relok_diags_free(&diags);
    remove_kb_copy(dir);
}

static void test_kb_check_collects_every_problem(void **state)
{
    (void)state;
    char dir[256], from[1024], to[1024];
    make_kb_copy(dir, sizeof dir);
    /* Two broken countries: both are reported in one run. */
    snprintf(from, sizeof from, "%s/kb-broken/unknown-key.yaml", data_dir());
    snprintf(to, sizeof to, "%s/countries/AM.yaml", dir);
    copy_file(from, to);
    FILE *f;
    snprintf(to, sizeof to, "%s/countries/AZ.yaml", dir);
    f = fopen(to, "wb");
    assert_non_null(f);
    fputs("country: AZ\nname: {en: Azerbaijan}\ncurrency: AZN\nflag: blue\n", f);
    fclose(f);
    relok_kb *kb = NULL;
    relok_diags diags;
    assert_int_not_equal(relok_kb_load(dir, &kb, &diags, NULL), RELOK_OK);
    assert_int_equal(diags.n, 3);
    assert_string_equal(diags.items[0].file, "countries/AM.yaml");
    assert_string_equal(diags.items[1].file, "countries/AZ.yaml");
    relok_diags_free(&diags);
    remove_kb_copy(dir);
}

/* Costs are grouped by place at load (relok_cost.place_group): the text
 * before " (" is the city, and the country's own name is the whole country
 * (group 0), as no place is. */
static void test_kb_costs_are_grouped_by_place(void **state)
{
    (void)state;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/kb-costs", data_dir());
    relok_kb *kb = NULL;
    relok_error err = {0};
    assert_int_equal(relok_kb_load(dir, &kb, NULL, &err), RELOK_OK);
    const relok_country *rs = relok_kb_country(kb, "RS");
    assert_non_null(rs);
    /* Belgrade, Novi Sad, Serbia (national), Nis. */
    assert_int_equal(rs->n_costs, 4);
    assert_int_equal(rs->costs[0].place_group, 1);
    assert_int_equal(rs->costs[1].place_group, 2);
    assert_int_equal(rs->costs[2].place_group, 0);
    assert_int_equal(rs->costs[3].place_group, 3);
    assert_int_equal(rs->n_place_groups, 4);
    /* No place at all: the whole country. */
    const relok_country *am = relok_kb_country(kb, "AM");
    for (size_t i = 0; i < am->n_costs; i++)
        assert_int_equal(am->costs[i].place_group, 0);
    assert_int_equal(am->n_place_groups, 1);
    relok_kb_free(kb);
}

static void test_kb_missing_directory_is_an_io_error(void **state)
{
    (void)state;
    relok_kb *kb = NULL;
    relok_error err = {0};
    assert_int_equal(relok_kb_load("/nonexistent/relok-kb", &kb, NULL, &err), RELOK_EIO);
    assert_null(kb);
    assert_string_equal(err.source, "/nonexistent/relok-kb");
}

/* STYLE.md: fail the k-th allocation of a KB load; the load must report
 * ENOMEM (or the first error it met), hand out nothing and leak nothing
 * (ASan/valgrind check the leak part). */
static void test_kb_load_survives_every_allocation_failure(void **state)
{
    (void)state;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/kb-example", data_dir());
    relok__alloc_fail_at(0);
    relok_kb *kb = NULL;
    assert_int_equal(relok_kb_load(dir, &kb, NULL, NULL), RELOK_OK);
    relok_kb_free(kb);
    unsigned long k = 1;
    for (;; k++) {
        relok__alloc_fail_at(k);
        relok_error err = {0};
        kb = NULL;
        relok_status s = relok_kb_load(dir, &kb, NULL, &err);
        int triggered = relok__alloc_failed();
        relok__alloc_fail_at(0);
        if (!triggered) {
            /* Past the last allocation: the load succeeds. */
            assert_int_equal(s, RELOK_OK);
            relok_kb_free(kb);
            break;
        }
        if (s == RELOK_OK) {
            /* A failure inside an optional step (e.g. diagnostic copy) may be
             * absorbed; then the result must still be complete. */
            assert_int_equal(relok_kb_n_countries(kb), 4);
            relok_kb_free(kb);
        } else {
            assert_null(kb);
        }
    }
    assert_true(k > 10);
}

/* ------------------------------------------------------- rule notation */

static void test_rule_notation_parses_every_kind(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    struct {
        const char *text;
        relok_rule_kind kind;
        int max_days, window_days, min_gap_days;
    } ok[] = {
        {"{kind: per_entry, max_days: 365}", RELOK_RULE_PER_ENTRY, 365, -1, 0},
        {"{kind: per_entry, max_days: 90, min_gap_days: 1}", RELOK_RULE_PER_ENTRY, 90, -1, 1},
        {"{kind: rolling, max_days: 90, window_days: 180}", RELOK_RULE_ROLLING, 90, 180, -1},
        {"{\"kind\": \"rolling\", \"max_days\": 90, \"window_days\": 180}", RELOK_RULE_ROLLING,
         90, 180, -1},
        {"{kind: anchored, max_days: 30, window_days: 60}", RELOK_RULE_ANCHORED, 30, 60, -1},
        {"{kind: calendar_year, max_days: 183}", RELOK_RULE_CALENDAR_YEAR, 183, -1, -1},
        {"{kind: half_year, max_days: 90}", RELOK_RULE_HALF_YEAR, 90, -1, -1},
        {"{kind: unknown, max_days: 30}", RELOK_RULE_UNKNOWN, 30, -1, -1},
        {"{kind: none}", RELOK_RULE_NONE, -1, -1, -1},
        {"{kind: no_limit}", RELOK_RULE_NO_LIMIT, -1, -1, -1},
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        relok_rule r;
        relok_error err = {0};
        relok_status s = relok_rule_parse(ok[i].text, strlen(ok[i].text), "--rule", a, &r, &err);
        if (s != RELOK_OK)
            fail_msg("%s: %s", ok[i].text, err.msg);
        assert_int_equal(r.kind, ok[i].kind);
        assert_int_equal(r.max_days, ok[i].max_days);
        assert_int_equal(r.window_days, ok[i].window_days);
        assert_int_equal(r.min_gap_days, ok[i].min_gap_days);
        assert_int_equal(relok_rule_validate(&r, NULL), RELOK_OK);
        /* Formatting gives text that parses back to the same rule. */
        char buf[256];
        relok_rule back;
        relok_rule_format(&r, buf, sizeof buf);
        assert_int_equal(relok_rule_parse(buf, strlen(buf), "fmt", a, &back, NULL), RELOK_OK);
        assert_int_equal(back.kind, r.kind);
        assert_int_equal(back.max_days, r.max_days);
        assert_int_equal(back.window_days, r.window_days);
    }
    relok_arena_free(a);
}

static void test_rule_notation_all_of_and_counts_from(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    const char *t = "{kind: all_of, counts_from: 2023-01-27, rules: [{kind: per_entry, max_days: "
                    "60}, {kind: rolling, max_days: 90, window_days: 180}]}";
    relok_rule r;
    assert_int_equal(relok_rule_parse(t, strlen(t), "--rule", a, &r, NULL), RELOK_OK);
    assert_int_equal(r.kind, RELOK_RULE_ALL_OF);
    assert_int_equal(r.n_rules, 2);
    assert_int_equal(r.rules[0].max_days, 60);
    /* The whole rule's counts_from governs its parts. */
    assert_int_equal(r.rules[1].counts_from, D("2023-01-27"));
    char en[256], ru[512];
    relok_rule_describe(&r, RELOK_LANG_EN, en, sizeof en);
    assert_string_equal(en, "60 days per entry and 90 days in any 180, days counted from "
                            "2023-01-27");
    relok_rule_describe(&r, RELOK_LANG_RU, ru, sizeof ru);
    assert_string_equal(ru, "60 дней за один въезд и 90 дней в любые 180 дней, дни считаются с "
                            "2023-01-27");
    relok_arena_free(a);
}

static void test_rule_notation_rejects_bad_rules_with_field(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    struct {
        const char *text;
        relok_status status;
        const char *path, *msg;
    } bad[] = {
        {"{kind: rolling, max_days: 90}", RELOK_ESCHEMA, "window_days", "needs 'window_days'"},
        {"{kind: rolling, max_days: 200, window_days: 180}", RELOK_ERANGE, "max_days",
         "cannot exceed"},
        {"{kind: monthly, max_days: 3}", RELOK_ESCHEMA, "kind", "is not one of"},
        {"{kind: none, max_days: 3}", RELOK_ESCHEMA, "max_days", "does not apply"},
        {"{kind: per_entry, max_days: 0}", RELOK_ERANGE, "max_days", "out of range"},
        {"{kind: per_entry, max_days: 90, colour: red}", RELOK_ESCHEMA, "colour", "unknown key"},
        {"{kind: all_of, rules: []}", RELOK_ERANGE, "rules", "1 to"},
        {"{kind: per_entry, max_days: 90", RELOK_EPARSE, "", "YAML syntax"},
        {"[1, 2]", RELOK_ESCHEMA, "", "expected a stay rule"},
        {"{kind: per_entry, max_days: 90, counts_from: 2023-02-30}", RELOK_ERANGE,
         "counts_from", "no day 30"},
        {"{kind: half_year, max_days: 200}", RELOK_ERANGE, "max_days", "longer than the period"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        relok_rule r;
        relok_error err = {0};
        relok_status s = relok_rule_parse(bad[i].text, strlen(bad[i].text), "--rule", a, &r, &err);
        if (s != bad[i].status || strcmp(err.path, bad[i].path) != 0 ||
            strstr(err.msg, bad[i].msg) == NULL)
            fail_msg("%s: got %s %s: %s", bad[i].text, relok_status_name(s), err.path, err.msg);
        assert_string_equal(err.source, "--rule");
    }
    relok_arena_free(a);
}

/* ------------------------------------------------------- shipped data */

typedef struct fact_audit {
    size_t n, n_unsourced, n_unknown_state;
    char first_bad[256];
} fact_audit;

static void audit_fact(const char *owner, const char *what, const relok_fact *f, void *ud)
{
    fact_audit *a = ud;
    a->n++;
    bool bad = false;
    if (f->n_sources == 0) {
        a->n_unsourced++;
        bad = true;
    }
    /* Verified with a date, or unverified with what to check. */
    if (f->is_verified ? f->verified_on == RELOK_DAY_NONE : relok_text_is_empty(&f->to_check)) {
        a->n_unknown_state++;
        bad = true;
    }
    if (bad && a->first_bad[0] == '\0')
        snprintf(a->first_bad, sizeof a->first_bad, "%s %s %s:%u", owner, what, f->file,
                 f->line);
}

static void test_kb_shipped_data_every_fact_has_source_and_state(void **state)
{
    (void)state;
    const char *dir = getenv("RELOK_KB");
    assert_non_null(dir);
    relok_kb *kb = NULL;
    relok_error err = {0};
    relok_status s = relok_kb_load(dir, &kb, NULL, &err);
    if (s != RELOK_OK)
        fail_msg("shipped KB invalid: %s:%u:%u %s: %s", err.source, err.line, err.column,
                 err.path, err.msg);
    fact_audit a = {0};
    relok_kb_each_fact(kb, audit_fact, &a);
    if (a.n_unsourced != 0 || a.n_unknown_state != 0)
        fail_msg("%zu facts without sources, %zu without a verification state (first: %s)",
                 a.n_unsourced, a.n_unknown_state, a.first_bad);
    assert_true(a.n > 0);
    relok_kb_stat rows[256], total;
    relok_kb_stats(kb, rows, 256, &total);
    assert_int_equal(total.facts, a.n);
    assert_int_equal(total.verified + total.unverified, total.facts);
    assert_int_equal(total.cited, total.facts);
    relok_kb_free(kb);
}

/* ------------------------------------------------------------ enum labels */

static void assert_labelled(const char *group, const char *name)
{
    const char *en = relok_label_get(group, name, RELOK_LANG_EN);
    const char *ru = relok_label_get(group, name, RELOK_LANG_RU);
    if (en == NULL || ru == NULL || en[0] == '\0' || ru[0] == '\0')
        fprintf(stderr, "no label for %s.%s\n", group, name);
    assert_true(en != NULL && ru != NULL && en[0] != '\0' && ru[0] != '\0');
}

/* Every value (from `from`) of an enumeration has a label. */
#define COVER(group, fn, type, from, count)                                  \
    for (int v_ = (from); v_ < (count); v_++)                                \
    assert_labelled(group, fn((type)v_))

/* Every value of every enumeration a person reads has a label in both
 * languages in the one table (labels.h), so no face falls back to the
 * machine name. */
static void test_labels_cover_every_enum_value(void **state)
{
    (void)state;
    COVER("doc", relok_doc_name, relok_doc, 0, RELOK_DOC_COUNT_);
    COVER("access", relok_access_name, relok_access, 0, RELOK_ACCESS_COUNT_);
    COVER("mode", relok_mode_name, relok_mode, 0, RELOK_MODE_COUNT_);
    COVER("basis", relok_basis_name, relok_basis, 0, RELOK_BASIS_COUNT_);
    COVER("factor", relok_factor_name, relok_factor, 0, RELOK_FACTOR_COUNT_);
    COVER("severity", relok_severity_name, relok_severity, 0, RELOK_SEVERITY_COUNT_);
    COVER("dim", relok_dimension_name, relok_dimension, 0, RELOK_DIM_COUNT_);
    COVER("pathway", relok_pathway_kind_name, relok_pathway_kind, 0, RELOK_PATHWAY_KIND_COUNT_);
    COVER("req", relok_req_field_name, relok_req_field, 0, RELOK_REQ_FIELD_COUNT_);
    COVER("yn", relok_avail_name, relok_avail, 0, RELOK_AVAIL_COUNT_);
    COVER("spread", relok_spread_name, relok_spread, 0, RELOK_SPREAD_COUNT_);
    COVER("change", relok_change_kind_name, relok_change_kind, 0, RELOK_CHANGE_KIND_COUNT_);
    COVER("cost", relok_cost_item_name, relok_cost_item, 0, RELOK_COST_ITEM_COUNT_);
    /* "any" area is never shown. */
    COVER("area", relok_area_name, relok_area, RELOK_AREA_ANY + 1, RELOK_AREA_COUNT_);
    COVER("confidence", relok_confidence_name, relok_confidence, 0, RELOK_CONFIDENCE_COUNT_);
    COVER("kind", relok_rule_kind_name, relok_rule_kind, 0, RELOK_RULE_KIND_COUNT_);
    COVER("work", relok_work_name, relok_work, 0, RELOK_WORK_COUNT_);
    COVER("block", relok_block_kind_name, relok_block_kind, 0, RELOK_BLOCK_COUNT_);
    COVER("verdict", relok_verdict_name, relok_verdict, 0, RELOK_VERDICT_COUNT_);
    COVER("must", relok_check_name, relok_check, 0, RELOK_CHECK_COUNT_);
    COVER("pstatus", relok_pathway_status_name, relok_pathway_status, 0,
          RELOK_PATHWAY_STATUS_COUNT_);
    COVER("tax_period", relok_tax_period_name, relok_tax_period, 0, RELOK_TAX_PERIOD_COUNT_);
    COVER("sim_event", relok_sim_event_kind_name, relok_sim_event_kind, 0,
          RELOK_SIM_EVENT_COUNT_);
    COVER("sim_shock", relok_sim_shock_name, relok_sim_shock, 0, RELOK_SIM_SHOCK_COUNT_);
    COVER("sim_group", relok_sim_group_name, relok_sim_group, 0, RELOK_SIM_GROUP_COUNT_);
    COVER("sim_move", relok_sim_move_name, relok_sim_move, 0, RELOK_SIM_MOVE_COUNT_);
    for (size_t i = 0; relok__unit_names[i] != NULL; i++)
        assert_labelled("unit", relok__unit_names[i]);
    assert_labelled("trip", "visit");
    assert_labelled("trip", "permit");
    assert_labelled("zone", "schengen");
    /* One table behind the old entry points too. */
    assert_string_equal(relok_factor_label(RELOK_FACTOR_LGBTQI, RELOK_LANG_RU), "ЛГБТКИ+");
    assert_null(relok_label_get("access", "teleport", RELOK_LANG_EN));
    assert_string_equal(relok_label_or_name("access", "teleport", RELOK_LANG_RU), "teleport");
    /* The JSON the web reads. */
    char *json = NULL;
    assert_int_equal(relok_labels_json(0, &json, NULL), RELOK_OK);
    assert_non_null(strstr(json, "\"visa_free\":{\"en\":\"visa-free\",\"ru\":\"без визы\"}"));
    relok_json_free(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kb_example_loads_with_every_section),
        cmocka_unit_test(test_kb_as_of_sees_the_rule_in_force),
        cmocka_unit_test(test_kb_zone_rules_apply_to_members_without_their_own),
        cmocka_unit_test(test_kb_worked_example_in_docs_is_the_test_file),
        cmocka_unit_test(test_kb_reports_are_linked_apart_from_rules),
        cmocka_unit_test(test_kb_broken_files_fail_with_their_message_and_place),
        cmocka_unit_test(test_kb_plain_load_does_not_judge_the_clock),
        cmocka_unit_test(test_kb_check_collects_every_problem),
        cmocka_unit_test(test_kb_costs_are_grouped_by_place),
        cmocka_unit_test(test_kb_missing_directory_is_an_io_error),
        cmocka_unit_test(test_kb_load_survives_every_allocation_failure),
        cmocka_unit_test(test_rule_notation_parses_every_kind),
        cmocka_unit_test(test_rule_notation_all_of_and_counts_from),
        cmocka_unit_test(test_rule_notation_rejects_bad_rules_with_field),
        cmocka_unit_test(test_kb_shipped_data_every_fact_has_source_and_state),
        cmocka_unit_test(test_labels_cover_every_enum_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
