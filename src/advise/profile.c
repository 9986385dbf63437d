/* SPDX-License-Identifier: MIT */
/* Profiles: strict parsing of a person's profile from YAML or JSON through
 * the document tree and the typed readers, and the same checks for profiles
 * built in code. Engine layer; the only I/O is relok_profile_load reading
 * one file. Format: docs/profile.md. */
#include "advise_int.h"

#include "base/alloc_int.h"
#include "base/error_int.h"
#include "base/limits.h"
#include "base/os_int.h"
#include "base/reader_int.h"
#include "kb/notation.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ names */

#define NAME2(n, s) s,
const char *const relok__work_names[RELOK_WORK_COUNT_] = {RELOK_WORK_MAP(NAME2)};
const char *const relok__block_names[RELOK_BLOCK_COUNT_] = {RELOK_BLOCK_MAP(NAME2)};
const char *const relok__verdict_names[RELOK_VERDICT_COUNT_] = {RELOK_VERDICT_MAP(NAME2)};
const char *const relok__check_names[RELOK_CHECK_COUNT_] = {RELOK_CHECK_MAP(NAME2)};
const char *const relok__pathway_status_names[RELOK_PATHWAY_STATUS_COUNT_] = {
    RELOK_PATHWAY_STATUS_MAP(NAME2)};
const char *const relok__cost_status_names[RELOK_COST_STATUS_COUNT_] = {
    RELOK_COST_STATUS_MAP(NAME2)};
const char *const relok__must_names[RELOK_MUST_COUNT_] = {RELOK_MUST_MAP(NAME2)};
/* Documents, factors and dimensions are spelled with the KB's own name
 * tables (src/kb/names.c, kb_int.h), exactly as the data spells them. */
#undef NAME2

#define NAME_FN(fn, type, table, count)                                      \
    const char *fn(type v) { return (unsigned)v < (unsigned)(count) ? table[v] : NULL; }
NAME_FN(relok_work_name, relok_work, relok__work_names, RELOK_WORK_COUNT_)
NAME_FN(relok_block_kind_name, relok_block_kind, relok__block_names, RELOK_BLOCK_COUNT_)
NAME_FN(relok_verdict_name, relok_verdict, relok__verdict_names, RELOK_VERDICT_COUNT_)
NAME_FN(relok_check_name, relok_check, relok__check_names, RELOK_CHECK_COUNT_)
NAME_FN(relok_pathway_status_name, relok_pathway_status, relok__pathway_status_names,
        RELOK_PATHWAY_STATUS_COUNT_)
NAME_FN(relok_cost_status_name, relok_cost_status, relok__cost_status_names,
        RELOK_COST_STATUS_COUNT_)
NAME_FN(relok_must_kind_name, relok_must_kind, relok__must_names, RELOK_MUST_COUNT_)
#undef NAME_FN

/* --------------------------------------------------------------- defaults */

void relok_profile_init(relok_profile *p)
{
    memset(p, 0, sizeof *p);
    memcpy(p->citizenships[0], "RU", 3);
    p->n_citizenships = 1;
    p->age = -1;
    p->work = RELOK_WORK_NONE;
    memcpy(p->languages[0], "ru", 3);
    p->n_languages = 1;
    p->persecuted = -1;
    for (int d = 0; d < RELOK_DIM_COUNT_; d++)
        p->weights[d] = 1.0;
    p->must.residence_path_within_months = -1;
}

bool relok__profile_holds(const relok_profile *p, relok_doc t, relok_day d)
{
    for (size_t i = 0; i < p->n_docs; i++)
        if (p->docs[i].type == t && (p->docs[i].expires == RELOK_DAY_NONE || p->docs[i].expires >= d))
            return true;
    return false;
}

bool relok__profile_persecuted(const relok_profile *p)
{
    if (p->persecuted >= 0)
        return p->persecuted != 0;
    return (p->factors & ((1u << RELOK_FACTOR_CRIMINAL_CASE) | (1u << RELOK_FACTOR_ACTIVIST))) != 0;
}

/* ------------------------------------------------------------ validation */

static bool is_currency(const char *c)
{
    for (size_t i = 0; i < 3; i++)
        if (c[i] < 'A' || c[i] > 'Z')
            return false;
    return c[3] == '\0';
}

static bool is_lang(const char *l)
{
    return l[0] >= 'a' && l[0] <= 'z' && l[1] >= 'a' && l[1] <= 'z' && l[2] == '\0';
}

static bool has_citizenship(const relok_profile *p, const char *cc)
{
    for (size_t i = 0; i < p->n_citizenships; i++)
        if (strcmp(p->citizenships[i], cc) == 0)
            return true;
    return false;
}

static relok_status check_docs(const relok_held_doc *docs, size_t n, const relok_profile *p,
                               bool own, const char *where, relok_error *err)
{
    for (size_t i = 0; i < n; i++) {
        const relok_held_doc *d = &docs[i];
        if ((unsigned)d->type >= RELOK_DOC_COUNT_)
            return relok__fail_at(err, RELOK_ESCHEMA, NULL, 0, 0, where, "document %zu: bad type",
                                  i);
        if (!relok__iso3166_valid(d->citizenship) || (own && !has_citizenship(p, d->citizenship)))
            return relok__fail_at(err, RELOK_ESCHEMA, NULL, 0, 0, where,
                                  "document %zu: citizenship '%.2s' is not one of the "
                                  "person's citizenships",
                                  i, d->citizenship);
        if (d->type == RELOK_DOC_PASSPORT && d->expires == RELOK_DAY_NONE)
            return relok__fail_at(err, RELOK_ESCHEMA, NULL, 0, 0, where,
                                  "document %zu: a passport needs its expiry date", i);
        for (size_t k = 0; k < i; k++)
            if (docs[k].type == d->type && strcmp(docs[k].citizenship, d->citizenship) == 0)
                return relok__fail_at(err, RELOK_ESCHEMA, NULL, 0, 0, where,
                                      "document %zu repeats document %zu", i, k);
    }
    return RELOK_OK;
}

static relok_status check_money(const relok_money *m, const char *path, relok_error *err)
{
    if (!m->is_set)
        return RELOK_OK;
    if (!(m->amount >= 0 && m->amount <= RELOK__MONEY_MAX))
        return relok__fail_at(err, RELOK_ERANGE, NULL, 0, 0, path, "amount out of range 0..%g",
                              RELOK__MONEY_MAX);
    if (!is_currency(m->currency))
        return relok__fail_at(err, RELOK_ESCHEMA, NULL, 0, 0, path,
                              "not a currency code (three capital letters, e.g. USD)");
    return RELOK_OK;
}

relok_status relok_profile_validate(const relok_profile *p, relok_error *err)
{
    relok_status rc;
    if (p == NULL)
        return relok__fail(err, RELOK_EINVAL, "no profile");
    if (p->n_citizenships < 1 || p->n_citizenships > RELOK_PROFILE_MAX_CITIZENSHIPS)
        return relok__fail_at(err, RELOK_ESCHEMA, NULL, 0, 0, "citizenships",
                              "expected 1..%d citizenships", RELOK_PROFILE_MAX_CITIZENSHIPS);
    for (size_t i = 0; i < p->n_citizenships; i++)
        if (!relok__iso3166_valid(p->citizenships[i]))
            return relok__fail_at(err, RELOK_ESCHEMA, NULL, 0, 0, "citizenships",
                                  "not an ISO 3166-1 alpha-2 code");
    if (p->age != -1 && (p->age < 0 || p->age > 120))
        return relok__fail_at(err, RELOK_ERANGE, NULL, 0, 0, "age", "out of range 0..120");
    if (p->n_docs < 1 || p->n_docs > RELOK_PROFILE_MAX_DOCS)
        return relok__fail_at(err, RELOK_ESCHEMA, NULL, 0, 0, "documents",
                              "expected 1..%d documents", RELOK_PROFILE_MAX_DOCS);
    if ((rc = check_docs(p->docs, p->n_docs, p, true, "documents", err)) != RELOK_OK)
        return rc;
    const struct {
        const relok_money *m;
        const char *path;
    } money[] = {{&p->monthly_budget, "money.monthly_budget"},
                 {&p->savings, "money.savings"},
                 {&p->monthly_income, "money.monthly_income"},
                 {&p->real_estate_value, "money.real_estate_value"},
                 {&p->investment, "money.investment"},
                 {&p->business_turnover, "money.business_annual_turnover"}};
    for (size_t i = 0; i < sizeof money / sizeof *money; i++)
        if ((rc = check_money(money[i].m, money[i].path, err)) != RELOK_OK)
            return rc;
    if ((unsigned)p->work >= RELOK_WORK_COUNT_)
        return relok__fail_at(err, RELOK_ESCHEMA, NULL, 0, 0, "work.mode", "bad work mode");
    if (p->n_members > RELOK_PROFILE_MAX_MEMBERS)
        return relok__fail_at(err, RELOK_ELIMIT, NULL, 0, 0, "family", "too many members");
    size_t partners = 0;
    for (size_t i = 0; i < p->n_members; i++) {
        const relok_member *m = &p->members[i];
        if (m->is_partner)
            partners++;
        else if (m->age < 0 || m->age > 17)
            return relok__fail_at(err, RELOK_ERANGE, NULL, 0, 0, "family.children",
                                  "a child's age must be 0..17");
        if (m->n_docs > RELOK_PROFILE_MAX_DOCS)
            return relok__fail_at(err, RELOK_ELIMIT, NULL, 0, 0, "family", "too many documents");
        if ((rc = check_docs(m->docs, m->n_docs, p, false, "family", err)) != RELOK_OK)
            return rc;
    }
    if (partners > 1)
        return relok__fail_at(err, RELOK_ESCHEMA, NULL, 0, 0, "family.partner",
                              "at most one partner");
    if (p->n_ties > RELOK_PROFILE_MAX_TIES || p->n_languages > RELOK_PROFILE_MAX_LANGS)
        return relok__fail_at(err, RELOK_ELIMIT, NULL, 0, 0, NULL, "list too long");
    for (size_t i = 0; i < p->n_ties; i++)
        if (!relok__iso3166_valid(p->ties[i]))
            return relok__fail_at(err, RELOK_ESCHEMA, NULL, 0, 0, "family.ties",
                                  "not an ISO 3166-1 alpha-2 code");
    for (size_t i = 0; i < p->n_languages; i++)
        if (!is_lang(p->languages[i]))
            return relok__fail_at(err, RELOK_ESCHEMA, NULL, 0, 0, "languages",
                                  "not an ISO 639-1 code (two small letters, e.g. ru)");
    if ((p->factors >> RELOK_FACTOR_COUNT_) != 0)
        return relok__fail_at(err, RELOK_ESCHEMA, NULL, 0, 0, "risk_factors", "unknown factor");
    double sum = 0;
    for (int d = 0; d < RELOK_DIM_COUNT_; d++) {
        if (!(p->weights[d] >= 0 && p->weights[d] <= RELOK__WEIGHT_MAX))
            return relok__fail_at(err, RELOK_ERANGE, NULL, 0, 0, "preferences.weights",
                                  "%s: out of range 0..%g", relok__dimension_names[d],
                                  RELOK__WEIGHT_MAX);
        sum += p->weights[d];
    }
    if (!(sum > 0))
        return relok__fail_at(err, RELOK_ERANGE, NULL, 0, 0, "preferences.weights",
                              "at least one weight must be above 0");
    int32_t months = p->must.residence_path_within_months;
    if (months != -1 && (months < 1 || months > 600))
        return relok__fail_at(err, RELOK_ERANGE, NULL, 0, 0,
                              "preferences.must_have.residence_path_within_months",
                              "out of range 1..600");
    return RELOK_OK;
}

/* ---------------------------------------------------------------- parsing */

typedef struct pctx {
    relok__rd rd;
    relok_profile *p;
} pctx;

/* A list node of at most max items; records an error otherwise. */
static relok_status read_list(pctx *c, const relok__node *n, const char *what, size_t max)
{
    relok_status rc = relok__rd_expect_seq(&c->rd, n, what);
    if (rc != RELOK_OK)
        return rc;
    if (n->n > max)
        return relok__rd_error(&c->rd, n, RELOK_ELIMIT, "at most %zu %s, found %zu", max, what,
                               n->n);
    return RELOK_OK;
}

/* Country codes into out[max][3] without duplicates. */
static relok_status read_codes(pctx *c, const relok__node *map, const char *key, size_t max,
                               char (*out)[3], size_t *n_out, bool required)
{
    const relok__node *n = relok__doc_get(map, key);
    if (relok__doc_is_null(n)) {
        if (!required)
            return RELOK_OK;
        size_t mark = relok__rd_push_key(&c->rd, key);
        relok_status rc = relok__rd_error(&c->rd, n != NULL ? n : map, RELOK_ESCHEMA,
                                          "required field '%s' is missing", key);
        relok__rd_pop(&c->rd, mark);
        return rc;
    }
    size_t mark = relok__rd_push_key(&c->rd, key);
    relok_status rc = read_list(c, n, "country codes", max);
    if (rc == RELOK_OK && required && n->n == 0)
        rc = relok__rd_error(&c->rd, n, RELOK_ESCHEMA, "expected at least one country code");
    for (size_t i = 0; rc == RELOK_OK && i < n->n; i++) {
        size_t m2 = relok__rd_push_index(&c->rd, i);
        rc = relok__rd_node_country_code(&c->rd, n->items[i], out[i]);
        for (size_t k = 0; rc == RELOK_OK && k < i; k++)
            if (strcmp(out[k], out[i]) == 0)
                rc = relok__rd_error(&c->rd, n->items[i], RELOK_ESCHEMA, "'%s' is listed twice",
                                     out[i]);
        relok__rd_pop(&c->rd, m2);
    }
    if (rc == RELOK_OK)
        *n_out = n->n;
    relok__rd_pop(&c->rd, mark);
    return rc;
}

/* documents: [{type, citizenship, expires}] */
static relok_status read_docs(pctx *c, const relok__node *n, relok_held_doc *docs,
                              size_t *n_docs, bool own)
{
    static const char *const keys[] = {"type", "citizenship", "expires", NULL};
    relok__rd *rd = &c->rd;
    relok_status rc = read_list(c, n, "documents", RELOK_PROFILE_MAX_DOCS);
    if (rc != RELOK_OK)
        return rc;
    if (n->n == 0)
        return relok__rd_error(rd, n, RELOK_ESCHEMA,
                               "expected at least one document (internal_id, passport or "
                               "birth_certificate)");
    for (size_t i = 0; i < n->n; i++) {
        const relok__node *item = n->items[i];
        size_t mark = relok__rd_push_index(rd, i);
        relok_held_doc d = {.expires = RELOK_DAY_NONE};
        int type = 0;
        if ((rc = relok__rd_expect_map(rd, item, "a document {type, citizenship, expires}")) !=
                RELOK_OK ||
            (rc = relok__rd_check_keys(rd, item, keys)) != RELOK_OK ||
            (rc = relok__rd_enum(rd, item, "type", true, relok__doc_names, RELOK_DOC_COUNT_,
                                 &type)) != RELOK_OK)
            goto done;
        d.type = (relok_doc)type;
        memcpy(d.citizenship, c->p->citizenships[0], 3);
        if ((rc = relok__rd_country_code(rd, item, "citizenship", false, d.citizenship)) !=
                RELOK_OK ||
            (rc = relok__rd_date(rd, item, "expires", d.type == RELOK_DOC_PASSPORT,
                                 &d.expires)) != RELOK_OK)
            goto done;
        /* A family member may hold another citizenship (a child born
         * abroad); the person's own documents must match theirs. */
        if (own && !has_citizenship(c->p, d.citizenship)) {
            size_t m2 = relok__rd_push_key(rd, "citizenship");
            rc = relok__rd_error(rd, relok__doc_get(item, "citizenship"), RELOK_ESCHEMA,
                                 "'%s' is not one of the person's citizenships", d.citizenship);
            relok__rd_pop(rd, m2);
            goto done;
        }
        for (size_t k = 0; k < i; k++)
            if (docs[k].type == d.type && strcmp(docs[k].citizenship, d.citizenship) == 0) {
                rc = relok__rd_error(rd, item, RELOK_ESCHEMA,
                                     "the same document (%s, %s) is listed twice",
                                     relok__doc_names[d.type], d.citizenship);
                goto done;
            }
        docs[i] = d;
    done:
        relok__rd_pop(rd, mark);
        if (rc != RELOK_OK)
            return rc;
    }
    *n_docs = n->n;
    return RELOK_OK;
}

/* A money field: a number in the section's currency or {amount, currency}. */
static relok_status read_money(pctx *c, const relok__node *money, const char *key,
                               const char *currency, relok_money *out)
{
    static const char *const keys[] = {"amount", "currency", NULL};
    relok__rd *rd = &c->rd;
    const relok__node *n = relok__doc_get(money, key);
    if (relok__doc_is_null(n))
        return RELOK_OK;
    size_t mark = relok__rd_push_key(rd, key);
    relok_money m = {.is_set = true};
    relok_status rc;
    if (n->kind == RELOK__NODE_MAP) {
        if ((rc = relok__rd_check_keys(rd, n, keys)) == RELOK_OK &&
            (rc = relok__rd_num(rd, n, "amount", true, -RELOK__MONEY_MAX, RELOK__MONEY_MAX,
                                &m.amount)) == RELOK_OK) {
            if (m.amount < 0) {
                size_t m2 = relok__rd_push_key(rd, "amount");
                rc = relok__rd_error(rd, relok__doc_get(n, "amount"), RELOK_ERANGE,
                                     "an amount of money cannot be negative");
                relok__rd_pop(rd, m2);
            } else {
                rc = relok__rd_currency(rd, n, "currency", true, m.currency);
            }
        }
    } else {
        rc = relok__rd_node_num(rd, n, -RELOK__MONEY_MAX, RELOK__MONEY_MAX, &m.amount);
        if (rc == RELOK_OK && m.amount < 0)
            rc = relok__rd_error(rd, n, RELOK_ERANGE, "an amount of money cannot be negative");
        if (rc == RELOK_OK && currency == NULL)
            rc = relok__rd_error(rd, n, RELOK_ESCHEMA,
                                 "a bare amount needs money.currency (or write {amount: N, "
                                 "currency: XXX})");
        if (rc == RELOK_OK)
            memcpy(m.currency, currency, 4);
    }
    if (rc == RELOK_OK)
        *out = m;
    relok__rd_pop(rd, mark);
    return rc;
}

static relok_status read_money_section(pctx *c, const relok__node *n)
{
    static const char *const keys[] = {"currency",          "monthly_budget", "savings",
                                       "monthly_income",    "real_estate_value", "investment",
                                       "business_annual_turnover", NULL};
    relok__rd *rd = &c->rd;
    relok_profile *p = c->p;
    relok_status rc;
    if ((rc = relok__rd_expect_map(rd, n, "money")) != RELOK_OK ||
        (rc = relok__rd_check_keys(rd, n, keys)) != RELOK_OK)
        return rc;
    char cur[4] = "";
    if ((rc = relok__rd_currency(rd, n, "currency", false, cur)) != RELOK_OK)
        return rc;
    const char *currency = cur[0] != '\0' ? cur : NULL;
    const struct {
        const char *key;
        relok_money *m;
    } fields[] = {{"monthly_budget", &p->monthly_budget},
                  {"savings", &p->savings},
                  {"monthly_income", &p->monthly_income},
                  {"real_estate_value", &p->real_estate_value},
                  {"investment", &p->investment},
                  {"business_annual_turnover", &p->business_turnover}};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if ((rc = read_money(c, n, fields[i].key, currency, fields[i].m)) != RELOK_OK)
            return rc;
    return RELOK_OK;
}

static relok_status read_work(pctx *c, const relok__node *n)
{
    static const char *const keys[] = {"mode", "it", "local_job_offer", "study_admission", NULL};
    relok__rd *rd = &c->rd;
    relok_status rc;
    int mode = 0;
    if ((rc = relok__rd_expect_map(rd, n, "work")) != RELOK_OK ||
        (rc = relok__rd_check_keys(rd, n, keys)) != RELOK_OK ||
        (rc = relok__rd_enum(rd, n, "mode", true, relok__work_names, RELOK_WORK_COUNT_,
                             &mode)) != RELOK_OK ||
        (rc = relok__rd_bool(rd, n, "it", false, &c->p->is_it)) != RELOK_OK ||
        (rc = relok__rd_bool(rd, n, "local_job_offer", false, &c->p->has_local_job_offer)) !=
            RELOK_OK ||
        (rc = relok__rd_bool(rd, n, "study_admission", false, &c->p->has_study_admission)) !=
            RELOK_OK)
        return rc;
    c->p->work = (relok_work)mode;
    return RELOK_OK;
}

static relok_status read_member_docs(pctx *c, const relok__node *n, relok_member *m)
{
    const relok__node *docs = relok__doc_get(n, "documents");
    if (relok__doc_is_null(docs))
        return RELOK_OK;
    size_t mark = relok__rd_push_key(&c->rd, "documents");
    relok_status rc = read_docs(c, docs, m->docs, &m->n_docs, false);
    relok__rd_pop(&c->rd, mark);
    return rc;
}

static relok_status read_family(pctx *c, const relok__node *n)
{
    static const char *const keys[] = {"partner", "children", "ties", NULL};
    static const char *const partner_keys[] = {"documents", NULL};
    static const char *const child_keys[] = {"age", "documents", NULL};
    relok__rd *rd = &c->rd;
    relok_profile *p = c->p;
    relok_status rc;
    if ((rc = relok__rd_expect_map(rd, n, "family")) != RELOK_OK ||
        (rc = relok__rd_check_keys(rd, n, keys)) != RELOK_OK)
        return rc;
    const relok__node *partner = relok__doc_get(n, "partner");
    if (!relok__doc_is_null(partner)) {
        size_t mark = relok__rd_push_key(rd, "partner");
        if (partner->kind == RELOK__NODE_MAP) {
            relok_member *m = &p->members[p->n_members];
            memset(m, 0, sizeof *m);
            m->is_partner = true;
            m->age = -1;
            if ((rc = relok__rd_check_keys(rd, partner, partner_keys)) == RELOK_OK &&
                (rc = read_member_docs(c, partner, m)) == RELOK_OK)
                p->n_members++;
        } else {
            bool has = false;
            relok__rd_pop(rd, mark);
            rc = relok__rd_bool(rd, n, "partner", false, &has);
            mark = relok__rd_push_key(rd, "partner");
            if (rc == RELOK_OK && has) {
                relok_member *m = &p->members[p->n_members++];
                memset(m, 0, sizeof *m);
                m->is_partner = true;
                m->age = -1;
            }
        }
        relok__rd_pop(rd, mark);
        if (rc != RELOK_OK)
            return rc;
    }
    const relok__node *kids = relok__doc_get(n, "children");
    if (!relok__doc_is_null(kids)) {
        size_t mark = relok__rd_push_key(rd, "children");
        rc = read_list(c, kids, "children", RELOK_PROFILE_MAX_MEMBERS - p->n_members);
        for (size_t i = 0; rc == RELOK_OK && i < kids->n; i++) {
            const relok__node *k = kids->items[i];
            size_t m2 = relok__rd_push_index(rd, i);
            relok_member *m = &p->members[p->n_members];
            memset(m, 0, sizeof *m);
            if ((rc = relok__rd_expect_map(rd, k, "a child {age, documents}")) == RELOK_OK &&
                (rc = relok__rd_check_keys(rd, k, child_keys)) == RELOK_OK &&
                (rc = relok__rd_int(rd, k, "age", true, 0, 17, &m->age)) == RELOK_OK &&
                (rc = read_member_docs(c, k, m)) == RELOK_OK)
                p->n_members++;
            relok__rd_pop(rd, m2);
        }
        relok__rd_pop(rd, mark);
        if (rc != RELOK_OK)
            return rc;
    }
    return read_codes(c, n, "ties", RELOK_PROFILE_MAX_TIES, p->ties, &p->n_ties, false);
}

static relok_status read_languages(pctx *c, const relok__node *n)
{
    relok__rd *rd = &c->rd;
    relok_profile *p = c->p;
    relok_status rc = read_list(c, n, "languages", RELOK_PROFILE_MAX_LANGS);
    for (size_t i = 0; rc == RELOK_OK && i < n->n; i++) {
        const relok__node *l = n->items[i];
        size_t mark = relok__rd_push_index(rd, i);
        if (l == NULL || l->kind != RELOK__NODE_SCALAR || l->len != 2 ||
            !is_lang((const char[3]){l->str[0], l->str[1], '\0'}))
            rc = relok__rd_error(rd, l, RELOK_ESCHEMA,
                                 "expected an ISO 639-1 language code (two small letters, "
                                 "e.g. ru)");
        else {
            memcpy(p->languages[i], l->str, 2);
            p->languages[i][2] = '\0';
            for (size_t k = 0; k < i; k++)
                if (strcmp(p->languages[k], p->languages[i]) == 0)
                    rc = relok__rd_error(rd, l, RELOK_ESCHEMA, "'%s' is listed twice",
                                         p->languages[i]);
        }
        relok__rd_pop(rd, mark);
    }
    if (rc == RELOK_OK)
        p->n_languages = n->n;
    return rc;
}

static relok_status read_factors(pctx *c, const relok__node *n)
{
    relok__rd *rd = &c->rd;
    relok_status rc = read_list(c, n, "risk factors", RELOK_FACTOR_COUNT_);
    unsigned bits = 0;
    for (size_t i = 0; rc == RELOK_OK && i < n->n; i++) {
        size_t mark = relok__rd_push_index(rd, i);
        int f = 0;
        rc = relok__rd_node_enum(rd, n->items[i], relok__factor_names, RELOK_FACTOR_COUNT_, &f);
        if (rc == RELOK_OK && (bits & (1u << f)))
            rc = relok__rd_error(rd, n->items[i], RELOK_ESCHEMA, "'%s' is listed twice",
                                 relok__factor_names[f]);
        bits |= 1u << f;
        relok__rd_pop(rd, mark);
    }
    if (rc == RELOK_OK)
        c->p->factors = bits;
    return rc;
}

static relok_status read_preferences(pctx *c, const relok__node *n)
{
    static const char *const keys[] = {"weights", "must_have", NULL};
    static const char *const must_keys[] = {"russian_widely_spoken",
                                            "residence_path_within_months", NULL};
    relok__rd *rd = &c->rd;
    relok_profile *p = c->p;
    relok_status rc;
    if ((rc = relok__rd_expect_map(rd, n, "preferences")) != RELOK_OK ||
        (rc = relok__rd_check_keys(rd, n, keys)) != RELOK_OK)
        return rc;
    const relok__node *w = relok__doc_get(n, "weights");
    if (!relok__doc_is_null(w)) {
        size_t mark = relok__rd_push_key(rd, "weights");
        const char *wkeys[RELOK_DIM_COUNT_ + 1];
        for (int d = 0; d < RELOK_DIM_COUNT_; d++)
            wkeys[d] = relok__dimension_names[d];
        wkeys[RELOK_DIM_COUNT_] = NULL;
        if ((rc = relok__rd_expect_map(rd, w, "weights per dimension")) == RELOK_OK)
            rc = relok__rd_check_keys(rd, w, wkeys);
        for (int d = 0; rc == RELOK_OK && d < RELOK_DIM_COUNT_; d++)
            rc = relok__rd_num(rd, w, relok__dimension_names[d], false, 0, RELOK__WEIGHT_MAX, &p->weights[d]);
        if (rc == RELOK_OK) {
            double sum = 0;
            for (int d = 0; d < RELOK_DIM_COUNT_; d++)
                sum += p->weights[d];
            if (!(sum > 0))
                rc = relok__rd_error(rd, w, RELOK_ERANGE, "at least one weight must be above 0");
        }
        relok__rd_pop(rd, mark);
        if (rc != RELOK_OK)
            return rc;
    }
    const relok__node *m = relok__doc_get(n, "must_have");
    if (!relok__doc_is_null(m)) {
        size_t mark = relok__rd_push_key(rd, "must_have");
        if ((rc = relok__rd_expect_map(rd, m, "must-haves")) == RELOK_OK &&
            (rc = relok__rd_check_keys(rd, m, must_keys)) == RELOK_OK &&
            (rc = relok__rd_bool(rd, m, "russian_widely_spoken", false,
                                 &p->must.russian_widely_spoken)) == RELOK_OK)
            rc = relok__rd_int(rd, m, "residence_path_within_months", false, 1, 600,
                               &p->must.residence_path_within_months);
        relok__rd_pop(rd, mark);
    }
    return rc;
}

static relok_status read_profile(pctx *c, const relok__node *root)
{
    static const char *const keys[] = {"name",      "citizenships", "age",
                                       "documents", "money",        "work",
                                       "family",    "languages",    "risk_factors",
                                       "persecuted_in_russia",      "preferences",
                                       NULL};
    relok__rd *rd = &c->rd;
    relok_profile *p = c->p;
    relok_status rc;
    if ((rc = relok__rd_expect_map(rd, root, "a profile")) != RELOK_OK ||
        (rc = relok__rd_check_keys(rd, root, keys)) != RELOK_OK)
        return rc;
    if ((rc = relok__rd_str(rd, root, "name", false, &p->name)) != RELOK_OK ||
        (rc = read_codes(c, root, "citizenships", RELOK_PROFILE_MAX_CITIZENSHIPS,
                         p->citizenships, &p->n_citizenships, true)) != RELOK_OK ||
        (rc = relok__rd_int(rd, root, "age", false, 0, 120, &p->age)) != RELOK_OK)
        return rc;
    const relok__node *docs = relok__doc_get(root, "documents");
    if (relok__doc_is_null(docs)) {
        size_t mark = relok__rd_push_key(rd, "documents");
        rc = relok__rd_error(rd, docs != NULL ? docs : root, RELOK_ESCHEMA,
                             "required field 'documents' is missing");
        relok__rd_pop(rd, mark);
        return rc;
    }
    size_t mark = relok__rd_push_key(rd, "documents");
    rc = read_docs(c, docs, p->docs, &p->n_docs, true);
    relok__rd_pop(rd, mark);
    if (rc != RELOK_OK)
        return rc;
    static const struct {
        const char *key;
        relok_status (*fn)(pctx *, const relok__node *);
    } sections[] = {{"money", read_money_section}, {"work", read_work},
                    {"family", read_family},       {"languages", read_languages},
                    {"risk_factors", read_factors}, {"preferences", read_preferences}};
    for (size_t i = 0; i < sizeof sections / sizeof *sections; i++) {
        const relok__node *n = relok__doc_get(root, sections[i].key);
        if (relok__doc_is_null(n))
            continue;
        size_t m2 = relok__rd_push_key(rd, sections[i].key);
        rc = sections[i].fn(c, n);
        relok__rd_pop(rd, m2);
        if (rc != RELOK_OK)
            return rc;
    }
    bool pers = false;
    const relok__node *pn = relok__doc_get(root, "persecuted_in_russia");
    if (!relok__doc_is_null(pn)) {
        if ((rc = relok__rd_bool(rd, root, "persecuted_in_russia", false, &pers)) != RELOK_OK)
            return rc;
        p->persecuted = pers ? 1 : 0;
    }
    return RELOK_OK;
}

relok_status relok_profile_parse(const char *text, size_t len, const char *source,
                                 relok_profile_format format, relok_arena *arena,
                                 relok_profile *out, relok_error *err)
{
    if (text == NULL || arena == NULL || out == NULL)
        return relok__fail(err, RELOK_EINVAL, "relok_profile_parse: missing argument");
    if (source == NULL)
        source = "profile";
    if (format == RELOK_PROFILE_AUTO) {
        size_t sl = strlen(source);
        format = sl >= 5 && strcmp(source + sl - 5, ".json") == 0 ? RELOK_PROFILE_JSON
                                                                   : RELOK_PROFILE_YAML;
    }
    if (len > RELOK_MAX_BODY_BYTES)
        return relok__fail_at(err, RELOK_ELIMIT, source, 0, 0, NULL,
                              "a profile is larger than %u bytes", RELOK_MAX_BODY_BYTES);
    /* The tree lives in a scratch arena; the readers copy the strings they
     * keep into the caller's arena. */
    relok_arena *scratch = relok_arena_new(0);
    if (scratch == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    relok__node *root = NULL;
    relok_status rc = format == RELOK_PROFILE_JSON
                          ? relok__doc_parse_json(text, len, source, scratch, &root, err)
                          : relok__doc_parse_yaml(text, len, source, scratch, &root, err);
    if (rc == RELOK_OK) {
        pctx c;
        relok_profile p;
        relok_profile_init(&p);
        c.p = &p;
        relok__rd_init(&c.rd, source, arena, err, 1);
        rc = read_profile(&c, root);
        if (rc == RELOK_OK && c.rd.status != RELOK_OK)
            rc = c.rd.status;
        relok__rd_done(&c.rd);
        /* The readers checked each field where it stands (with its place);
         * this catches anything only the whole profile shows. */
        if (rc == RELOK_OK)
            rc = relok_profile_validate(&p, err);
        if (rc == RELOK_OK)
            *out = p;
    }
    relok_arena_free(scratch);
    return rc;
}

relok_status relok_profile_load(const char *path, relok_arena *arena, relok_profile *out,
                                relok_error *err)
{
    if (path == NULL || arena == NULL || out == NULL)
        return relok__fail(err, RELOK_EINVAL, "relok_profile_load: missing argument");
    relok_arena *scratch = relok_arena_new(0);
    if (scratch == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    char *text = NULL;
    size_t len = 0;
    relok_status rc = relok__os_read_file(path, RELOK_MAX_BODY_BYTES, scratch, &text, &len, err);
    if (rc == RELOK_OK) {
        /* The source name must outlive the parse for diagnostics only; the
         * profile keeps no pointer to it. */
        rc = relok_profile_parse(text, len, path, RELOK_PROFILE_AUTO, arena, out, err);
    }
    relok_arena_free(scratch);
    return rc;
}
