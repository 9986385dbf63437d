/* SPDX-License-Identifier: MIT */
/* As-of queries on a loaded KB: which facts are in force on a day, which
 * rules govern a country (its own or its zone's), rates. Model layer, pure
 * lookups, no allocation. */
#include "kb_int.h"

#include "base/limits.h"

#include "base/error_int.h"
#include "base/os_int.h"

#include <stdio.h>
#include <stdlib.h>

#include <ctype.h>
#include <string.h>

bool relok_fact_in_force(const relok_fact *f, relok_day d)
{
    return f != NULL && f->from <= d && d <= f->to;
}

const char *relok_kb_dir(const relok_kb *kb) { return kb->dir; }

size_t relok_kb_n_countries(const relok_kb *kb) { return kb->n_countries; }

const relok_country *relok_kb_country_at(const relok_kb *kb, size_t i)
{
    return i < kb->n_countries ? &kb->countries[i] : NULL;
}

const relok_country *relok_kb_country(const relok_kb *kb, const char *code)
{
    if (code == NULL || strlen(code) != 2)
        return NULL;
    char up[3] = {(char)toupper((unsigned char)code[0]), (char)toupper((unsigned char)code[1]),
                  '\0'};
    size_t lo = 0, hi = kb->n_countries;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(kb->countries[mid].code, up);
        if (c == 0)
            return &kb->countries[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

size_t relok_kb_n_zones(const relok_kb *kb) { return kb->n_zones; }

const relok_zone *relok_kb_zone_at(const relok_kb *kb, size_t i)
{
    return i < kb->n_zones ? &kb->zones[i] : NULL;
}

const relok_zone *relok_kb_zone(const relok_kb *kb, const char *id)
{
    for (size_t i = 0; id != NULL && i < kb->n_zones; i++)
        if (strcmp(kb->zones[i].id, id) == 0)
            return &kb->zones[i];
    return NULL;
}

size_t relok_kb_n_sources(const relok_kb *kb) { return kb->n_sources; }

const relok_source *relok_kb_source_at(const relok_kb *kb, size_t i)
{
    return i < kb->n_sources ? &kb->sources[i] : NULL;
}

const relok_source *relok_kb_source(const relok_kb *kb, const char *id)
{
    return id != NULL ? relok__source_find(kb->sources, kb->n_sources, id) : NULL;
}

size_t relok_kb_n_rates(const relok_kb *kb) { return kb->n_rates; }

const relok_rate *relok_kb_rate_at(const relok_kb *kb, size_t i)
{
    return i < kb->n_rates ? &kb->rates[i] : NULL;
}

size_t relok_kb_n_reports(const relok_kb *kb) { return kb->n_reports; }

const relok_report *relok_kb_report_at(const relok_kb *kb, size_t i)
{
    return i < kb->n_reports ? &kb->reports[i] : NULL;
}

const relok_rate *relok_kb_rate(const relok_kb *kb, const char *currency, relok_day d)
{
    if (currency == NULL)
        return NULL;
    /* The rates are sorted by currency, then date (load.c, cmp_rate): the
     * currency's first rate by binary search. The advisor converts every
     * cost of every country; the scan of all rates was 4 % of POST
     * /api/advise. */
    size_t lo = 0, hi = kb->n_rates;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(kb->rates[mid].currency, currency) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    const relok_rate *best = NULL, *earliest = NULL;
    for (size_t i = lo; i < kb->n_rates; i++) {
        const relok_rate *r = &kb->rates[i];
        if (strcmp(r->currency, currency) != 0)
            break;
        if (earliest == NULL)
            earliest = r;
        if (r->date.day <= d)
            best = r; /* sorted by date: the last one not after d wins */
    }
    return best != NULL ? best : earliest;
}

const relok_zone *relok_kb_zone_of_code(const relok_kb *kb, const char *code, relok_day d)
{
    if (code == NULL)
        return NULL;
    for (size_t z = 0; z < kb->n_zones; z++)
        for (size_t m = 0; m < kb->zones[z].n_members; m++) {
            const relok_zone_member *mem = &kb->zones[z].members[m];
            if (strcmp(mem->country, code) == 0 && mem->from <= d && d <= mem->to)
                return &kb->zones[z];
        }
    return NULL;
}

const relok_zone *relok_kb_zone_of(const relok_kb *kb, const relok_country *c, relok_day d)
{
    /* The country's own memberships (link_zones lists them in the order
     * relok_kb_zone_of_code finds them), so most countries, members of no
     * zone, are answered without a look at the zones: this ran for every
     * country and document of every advice (2 % of POST /api/advise). */
    if (c == NULL)
        return NULL;
    for (size_t i = 0; i < c->n_zones; i++) {
        const relok_membership *m = &c->zones[i];
        if (m->from > d || d > m->to)
            continue;
        for (size_t z = 0; z < kb->n_zones; z++)
            if (kb->zones[z].id == m->zone)
                return &kb->zones[z];
    }
    return NULL;
}

/* Does c's own file have any rule of this section for the document? */
static bool own_section_covers(const relok_country *c, relok_section section, relok_doc doc)
{
    unsigned bit = 1u << doc;
    if (section == RELOK_SECTION_ENTRY) {
        for (size_t i = 0; i < c->rules.n_entry; i++)
            if (c->rules.entry[i].scope.documents & bit)
                return true;
        return false;
    }
    for (size_t i = 0; i < c->rules.n_stay; i++)
        if (c->rules.stay[i].scope.documents & bit)
            return true;
    return false;
}

const relok_zone *relok_kb_section_zone(const relok_kb *kb, const relok_country *c,
                                        relok_section section, relok_doc doc, relok_day d)
{
    if (c == NULL || own_section_covers(c, section, doc))
        return NULL;
    return relok_kb_zone_of(kb, c, d);
}

/* The rule block a section comes from. */
static const relok_rules *section_block(const relok_kb *kb, const relok_country *c,
                                        relok_section section, relok_doc doc, relok_day d)
{
    const relok_zone *z = relok_kb_section_zone(kb, c, section, doc, d);
    return z != NULL ? &z->rules : &c->rules;
}

static bool scope_matches(const relok_scope *s, const char *citizenship, relok_doc doc)
{
    return (s->documents & (1u << doc)) != 0 &&
           strcmp(s->citizenship, citizenship != NULL ? citizenship : "RU") == 0;
}

const relok_entry_rule *relok_kb_entry(const relok_kb *kb, const relok_country *c,
                                       const char *citizenship, relok_doc doc, relok_mode mode,
                                       relok_day d)
{
    if (c == NULL)
        return NULL;
    const relok_rules *r = section_block(kb, c, RELOK_SECTION_ENTRY, doc, d);
    for (size_t i = 0; i < r->n_entry; i++) {
        const relok_entry_rule *e = &r->entry[i];
        if (!scope_matches(&e->scope, citizenship, doc) || !relok_fact_in_force(&e->fact, d))
            continue;
        if (mode != RELOK_MODE_COUNT_ && (e->modes & (1u << mode)) == 0)
            continue;
        return e;
    }
    return NULL;
}

const relok_stay_rule *relok_kb_stay(const relok_kb *kb, const relok_country *c,
                                     const char *citizenship, relok_doc doc, relok_day d)
{
    if (c == NULL)
        return NULL;
    const relok_rules *r = section_block(kb, c, RELOK_SECTION_STAY, doc, d);
    for (size_t i = 0; i < r->n_stay; i++) {
        const relok_stay_rule *s = &r->stay[i];
        if (scope_matches(&s->scope, citizenship, doc) && relok_fact_in_force(&s->fact, d))
            return s;
    }
    return NULL;
}

size_t relok_kb_stay_versions(const relok_kb *kb, const relok_country *c,
                              const char *citizenship, relok_doc doc,
                              const relok_stay_rule **out, size_t n_max)
{
    /* The country's own stay versions for the document, or else its zone's
     * (section by section, as relok_kb_stay). */
    if (c == NULL)
        return 0;
    const relok_stay_rule *found[64];
    size_t n = 0;
    const relok_rules *blocks[2] = {&c->rules, NULL};
    if (!own_section_covers(c, RELOK_SECTION_STAY, doc))
        for (size_t z = 0; z < c->n_zones; z++) {
            const relok_zone *zone = relok_kb_zone(kb, c->zones[z].zone);
            if (zone != NULL)
                blocks[1] = &zone->rules;
        }
    for (size_t b = 0; b < 2; b++) {
        const relok_rules *r = blocks[b];
        if (r == NULL)
            continue;
        for (size_t i = 0; i < r->n_stay && n < sizeof found / sizeof *found; i++)
            if (scope_matches(&r->stay[i].scope, citizenship, doc))
                found[n++] = &r->stay[i];
    }
    /* Insertion sort by start date: a handful of versions. */
    for (size_t i = 1; i < n; i++) {
        const relok_stay_rule *x = found[i];
        size_t j = i;
        while (j > 0 && found[j - 1]->fact.from > x->fact.from) {
            found[j] = found[j - 1];
            j--;
        }
        found[j] = x;
    }
    for (size_t i = 0; i < n && i < n_max; i++)
        out[i] = found[i];
    return n;
}

bool relok_kb_same_area(const relok_kb *kb, const relok_country *c, const relok_country *other,
                        relok_day d)
{
    if (c == NULL || other == NULL)
        return false;
    if (c == other || strcmp(c->code, other->code) == 0)
        return true;
    const relok_zone *a = relok_kb_zone_of(kb, c, d);
    return a != NULL && a == relok_kb_zone_of(kb, other, d);
}

/* ------------------------------------------------------------ iteration */

static void each_rules(const char *owner, const relok_rules *r, relok_fact_cb cb, void *ud)
{
    for (size_t i = 0; i < r->n_entry; i++)
        cb(owner, "entry", &r->entry[i].fact, ud);
    for (size_t i = 0; i < r->n_stay; i++)
        cb(owner, "stay", &r->stay[i].fact, ud);
    for (size_t i = 0; i < r->n_bars; i++)
        cb(owner, "bars", &r->bars[i].fact, ud);
}

static void each_change(const char *owner, const relok_change *ch, relok_fact_cb cb, void *ud)
{
    relok_fact f = {.from = ch->date,
                    .to = ch->date,
                    .sources = ch->sources,
                    .n_sources = ch->n_sources,
                    .is_verified = ch->is_verified,
                    .verified_on = ch->verified_on,
                    .to_check = ch->to_check,
                    .note = ch->note,
                    .basis = RELOK_BASIS_REPORT,
                    .file = ch->file,
                    .line = ch->line};
    cb(owner, "changes", &f, ud);
}

void relok_kb_each_fact(const relok_kb *kb, relok_fact_cb cb, void *ud)
{
    for (size_t z = 0; z < kb->n_zones; z++) {
        const relok_zone *zone = &kb->zones[z];
        each_rules(zone->id, &zone->rules, cb, ud);
        for (size_t i = 0; i < zone->n_changes; i++)
            each_change(zone->id, &zone->changes[i], cb, ud);
    }
    for (size_t k = 0; k < kb->n_countries; k++) {
        const relok_country *c = &kb->countries[k];
        each_rules(c->code, &c->rules, cb, ud);
        for (size_t i = 0; i < c->n_neighbours; i++)
            cb(c->code, "neighbours", &c->neighbours[i].fact, ud);
        for (size_t i = 0; i < c->n_pathways; i++)
            cb(c->code, "pathways", &c->pathways[i].fact, ud);
        for (size_t i = 0; i < c->n_costs; i++)
            cb(c->code, "costs", &c->costs[i].fact, ud);
        for (size_t i = 0; i < c->n_banking; i++)
            cb(c->code, "banking", &c->banking[i].fact, ud);
        for (size_t i = 0; i < c->n_risks; i++)
            cb(c->code, "risks", &c->risks[i].fact, ud);
        for (size_t i = 0; i < c->n_languages; i++)
            cb(c->code, "languages", &c->languages[i].fact, ud);
        for (size_t i = 0; i < c->n_indicators; i++)
            for (size_t p = 0; p < c->indicators[i].n_points; p++)
                cb(c->code, "indicators", &c->indicators[i].points[p].fact, ud);
        for (size_t i = 0; i < c->n_changes; i++)
            each_change(c->code, &c->changes[i], cb, ud);
        for (size_t i = 0; i < c->n_reports; i++)
            cb(c->code, "reports", &c->reports[i].fact, ud);
    }
    for (size_t i = 0; i < kb->n_rates; i++)
        cb("rates", "rates", &kb->rates[i].fact, ud);
}

/* ------------------------------------------------------ default location */

/* A directory that looks like a KB: it has countries/ in it. */
static bool looks_like_kb(const char *dir)
{
    char probe[RELOK_PATH_BUF];
    int w = snprintf(probe, sizeof probe, "%s/countries", dir);
    return w > 0 && (size_t)w < sizeof probe && relok__os_is_dir(probe);
}

relok_status relok_kb_default_dir(char *buf, size_t buf_len)
{
    char exe[RELOK_PATH_BUF];
    if (relok__os_exe_dir(exe, sizeof exe, NULL) == RELOK_OK) {
        /* Build tree: build/cli/relok with build/data a link to the source
         * data (made at configure time); also a binary next to data/. */
        static const char *const rel[] = {"../data", "data", "../../data"};
        for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
            char cand[RELOK_PATH_BUF];
            int w = snprintf(cand, sizeof cand, "%s/%s", exe, rel[i]);
            if (w > 0 && (size_t)w < sizeof cand && looks_like_kb(cand)) {
                relok__strlcpy(buf, cand, buf_len);
                return RELOK_OK;
            }
        }
    }
    relok__strlcpy(buf, RELOK_DATADIR "/data", buf_len);
    return looks_like_kb(buf) ? RELOK_OK : RELOK_ENOTFOUND;
}

/* ----------------------------------------------------------------- stats */

typedef struct stat_acc {
    relok_kb_stat *rows;
    size_t n, n_max;
    relok_kb_stat *total;
} stat_acc;

static bool is_rule_list(const char *what)
{
    return strcmp(what, "entry") == 0 || strcmp(what, "stay") == 0 || strcmp(what, "bars") == 0;
}

static void count_fact(const char *owner, const char *what, const relok_fact *f, void *ud)
{
    stat_acc *acc = ud;
    relok_kb_stat *row = NULL;
    for (size_t i = 0; i < acc->n; i++)
        if (strcmp(acc->rows[i].owner, owner) == 0)
            row = &acc->rows[i];
    if (row == NULL && acc->n < acc->n_max) {
        row = &acc->rows[acc->n++];
        memset(row, 0, sizeof *row);
        row->newest_rule_check = RELOK_DAY_NONE;
        relok__strlcpy(row->owner, owner, sizeof row->owner);
    }
    relok_kb_stat *targets[2] = {row, acc->total};
    for (size_t i = 0; i < 2; i++) {
        if (targets[i] == NULL)
            continue;
        targets[i]->facts++;
        targets[i]->costs += strcmp(what, "costs") == 0;
        targets[i]->banking += strcmp(what, "banking") == 0;
        targets[i]->reports += strcmp(what, "reports") == 0;
        if (f->is_verified && is_rule_list(what) &&
            (targets[i]->newest_rule_check == RELOK_DAY_NONE ||
             f->verified_on > targets[i]->newest_rule_check))
            targets[i]->newest_rule_check = f->verified_on;
        if (f->n_sources > 0)
            targets[i]->cited++;
        if (f->is_verified)
            targets[i]->verified++;
        else
            targets[i]->unverified++;
    }
}

size_t relok_kb_stats(const relok_kb *kb, relok_kb_stat *rows, size_t n_max,
                      relok_kb_stat *total)
{
    memset(total, 0, sizeof *total);
    relok__strlcpy(total->owner, "total", sizeof total->owner);
    total->newest_rule_check = RELOK_DAY_NONE;
    stat_acc acc = {rows, 0, n_max, total};
    relok_kb_each_fact(kb, count_fact, &acc);
    /* Pathway times are fields, not facts: count them from the countries. */
    for (size_t k = 0; k < kb->n_countries; k++) {
        const relok_country *c = &kb->countries[k];
        size_t timed = 0;
        for (size_t i = 0; i < c->n_pathways; i++)
            timed += c->pathways[i].months_to_residence >= 0 ||
                     c->pathways[i].months_to_permanent >= 0;
        for (size_t i = 0; i < acc.n; i++)
            if (strcmp(rows[i].owner, c->code) == 0)
                rows[i].pathways_timed += timed;
        total->pathways_timed += timed;
    }
    return acc.n;
}

typedef struct stale_acc {
    relok_day cutoff;
    relok_fact_cb cb;
    void *ud;
    size_t n;
} stale_acc;

static void stale_fact(const char *owner, const char *what, const relok_fact *f, void *ud)
{
    stale_acc *acc = ud;
    bool rule_like = is_rule_list(what) || strcmp(what, "pathways") == 0 ||
                     strcmp(what, "banking") == 0 || strcmp(what, "neighbours") == 0;
    if (!rule_like || (f->is_verified && f->verified_on >= acc->cutoff))
        return;
    acc->n++;
    if (acc->cb != NULL)
        acc->cb(owner, what, f, acc->ud);
}

size_t relok_kb_stale(const relok_kb *kb, relok_day cutoff, relok_fact_cb cb, void *ud)
{
    stale_acc acc = {cutoff, cb, ud, 0};
    relok_kb_each_fact(kb, stale_fact, &acc);
    return acc.n;
}
