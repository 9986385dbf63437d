/* SPDX-License-Identifier: MIT */
/* The advisor: a person's profile + the knowledge base as of a date -> for
 * every country, can they enter and with which document, for how long, which
 * residence pathways they qualify for, what it costs against their budget,
 * which risks apply to *them*, scores per dimension with the facts that moved
 * them, a confidence and the list of unknowns; then a ranking by the
 * person's weights with blocked countries listed apart.
 * Engine layer: no I/O except relok_profile_load, no printing, no global
 * state. Semantics and formulas: docs/advisor.md; profile format:
 * docs/profile.md. */
#ifndef RELOK_ADVISE_H
#define RELOK_ADVISE_H

#include "arena.h"
#include "date.h"
#include "error.h"
#include "kb.h"
#include "stay.h"
#include "text.h"

/* ================================================================ profile */

/* How the person earns a living. */
#define RELOK_WORK_MAP(X)                                                    \
    X(REMOTE_FOREIGN, "remote_foreign") /* remote for a non-Russian employer */ \
    X(REMOTE_RUSSIAN, "remote_russian") /* remote for a Russian employer */  \
    X(LOCAL_JOB, "local_job")           /* needs a job in the host country */ \
    X(NONE, "none")                     /* not working (savings, pension) */
typedef enum relok_work {
#define RELOK_WORK_ENUM(n, s) RELOK_WORK_##n,
    RELOK_WORK_MAP(RELOK_WORK_ENUM)
#undef RELOK_WORK_ENUM
    RELOK_WORK_COUNT_
} relok_work;

/* "remote_foreign" for RELOK_WORK_REMOTE_FOREIGN; NULL when out of range. */
RELOK_API const char *relok_work_name(relok_work w);

enum {
    RELOK_PROFILE_MAX_CITIZENSHIPS = 4, /* citizenships of one person */
    RELOK_PROFILE_MAX_DOCS = 8,         /* documents of one person */
    RELOK_PROFILE_MAX_MEMBERS = 12,     /* partner + children travelling along */
    RELOK_PROFILE_MAX_LANGS = 16,       /* languages spoken */
    RELOK_PROFILE_MAX_TIES = 16         /* countries with close family */
};

/* A travel document held. */
typedef struct relok_held_doc {
    relok_doc type;           /* internal_id, passport, birth_certificate */
    char citizenship[3];      /* issuing state, ISO 3166-1 alpha-2 */
    relok_day expires;        /* last valid day; RELOK_DAY_NONE when not given */
} relok_held_doc;

/* A family member who moves with the person (partner or child). */
typedef struct relok_member {
    bool is_partner;          /* partner (else a child) */
    int32_t age;              /* years; -1 when not given (partner only) */
    relok_held_doc docs[RELOK_PROFILE_MAX_DOCS];
    size_t n_docs;            /* 0: documents not stated (entry not checked) */
} relok_member;

/* An amount of money. */
typedef struct relok_money {
    bool is_set;              /* false: not stated */
    double amount;            /* >= 0, in `currency` */
    char currency[4];         /* ISO 4217 */
} relok_money;

/* Must-haves: a country that does not meet one is ranked below every country
 * that meets all (but above blocked ones). */
typedef struct relok_must_haves {
    bool russian_widely_spoken;           /* Russian spoken widely there */
    int32_t residence_path_within_months; /* a pathway the person qualifies for
                                           * now leads to residence within N
                                           * months; -1 = no such demand */
} relok_must_haves;

/* Everything the advisor knows about a person (docs/profile.md). Plain data:
 * build it with relok_profile_init + assignments, or parse it. Strings point
 * into the arena given to the parser (or are the caller's own). */
typedef struct relok_profile {
    const char *name;                     /* optional label, or NULL */
    char citizenships[RELOK_PROFILE_MAX_CITIZENSHIPS][3];
    size_t n_citizenships;                /* >= 1; the first is the main one */
    int32_t age;                          /* years; -1 when not given */
    relok_held_doc docs[RELOK_PROFILE_MAX_DOCS];
    size_t n_docs;                        /* >= 1 */
    /* Money. Amounts for pathways that are not stated count as none (0)
     * for real_estate_value, investment and business_turnover, and as
     * unknown for monthly_income and savings. */
    relok_money monthly_budget;           /* spending per month; unset: cost unknown */
    relok_money savings;
    relok_money monthly_income;
    relok_money real_estate_value;        /* real estate bought in the country */
    relok_money investment;               /* amount invested in the country */
    relok_money business_turnover;        /* annual turnover of a business there */
    relok_work work;
    bool is_it;                           /* works in IT */
    bool has_local_job_offer;             /* a local employer's offer in hand */
    bool has_study_admission;             /* admitted to a school or university */
    relok_member members[RELOK_PROFILE_MAX_MEMBERS];
    size_t n_members;                     /* partner (at most one) + children */
    char ties[RELOK_PROFILE_MAX_TIES][3]; /* countries where close family are
                                           * citizens or residents */
    size_t n_ties;
    char languages[RELOK_PROFILE_MAX_LANGS][3]; /* ISO 639-1, lower case */
    size_t n_languages;
    unsigned factors;                     /* bit (1u << relok_factor) */
    int persecuted;                       /* persecuted_in_russia: 1/0 as stated,
                                           * -1 = derived (criminal_case or
                                           * activist) */
    double weights[RELOK_DIM_COUNT_];     /* 0..10 each, at least one > 0 */
    relok_must_haves must;
} relok_profile;

/* Defaults: citizenship RU, no documents, work none, languages [ru], no
 * factors, persecuted derived, every weight 1, no must-haves, age unknown,
 * no money stated. */
RELOK_API void relok_profile_init(relok_profile *p);

/* Input formats for relok_profile_parse. */
typedef enum relok_profile_format {
    RELOK_PROFILE_AUTO = 0, /* JSON when source ends in ".json", else YAML */
    RELOK_PROFILE_YAML,
    RELOK_PROFILE_JSON
} relok_profile_format;

/* Parse and fully validate a profile from len bytes of text. `source` names
 * the input in errors (a file name, "request body"). Strings are copied into
 * arena, which must outlive *out. Unknown keys, impossible dates, values out
 * of range and inconsistent fields are errors; err names file:line:col
 * (YAML) and the field path ("money.monthly_budget") and what was expected.
 * OUT: *out is written only on success.
 * RELOK_EPARSE (syntax), RELOK_ESCHEMA (structure, unknown key, bad name),
 * RELOK_ERANGE (value out of range, impossible date), RELOK_ELIMIT,
 * RELOK_ENOMEM. */
RELOK_API relok_status relok_profile_parse(const char *text, size_t len, const char *source,
                                           relok_profile_format format, relok_arena *arena,
                                           relok_profile *out, relok_error *err);

/* Read and parse the profile file at path (format from its extension).
 * RELOK_EIO when it cannot be read, RELOK_ELIMIT when larger than
 * RELOK_MAX_BODY_BYTES, else as relok_profile_parse. */
RELOK_API relok_status relok_profile_load(const char *path, relok_arena *arena,
                                          relok_profile *out, relok_error *err);

/* Check a profile built in code by the same rules the parser applies.
 * RELOK_ESCHEMA / RELOK_ERANGE with the field path in err. */
RELOK_API relok_status relok_profile_validate(const relok_profile *p, relok_error *err);

/* ================================================================ results */

/* Why a country is blocked. */
#define RELOK_BLOCK_MAP(X)                                                   \
    X(PASSPORT_NEEDED, "passport_needed")       /* only an internal ID held */ \
    X(PASSPORT_VALIDITY, "passport_validity")   /* expires too soon */       \
    X(DOCUMENT_EXPIRED, "document_expired")     /* expired on the date */    \
    X(VISA_NEEDED, "visa_needed")               /* no visa-free entry */     \
    X(NOT_ACCEPTED, "document_not_accepted")    /* no held document works */ \
    X(ENTRY_BAR, "entry_bar")                   /* barred by a factor */     \
    X(NO_STAY, "no_visa_free_stay")             /* stay rule `none` */       \
    X(NO_LAWFUL_ENTRY, "no_lawful_entry")       /* past stays forbid re-entry */ \
    X(MEMBER, "family_member_cannot_enter")     /* partner or child blocked */ \
    X(RISK, "risk")                             /* blocker or high personal risk */
typedef enum relok_block_kind {
#define RELOK_BLOCK_ENUM(n, s) RELOK_BLOCK_##n,
    RELOK_BLOCK_MAP(RELOK_BLOCK_ENUM)
#undef RELOK_BLOCK_ENUM
    RELOK_BLOCK_COUNT_
} relok_block_kind;

#define RELOK_VERDICT_MAP(X)                                                 \
    X(ADMITTED, "admitted") X(UNKNOWN, "unknown") X(BLOCKED, "blocked")
typedef enum relok_verdict {
#define RELOK_VERDICT_ENUM(n, s) RELOK_VERDICT_##n,
    RELOK_VERDICT_MAP(RELOK_VERDICT_ENUM)
#undef RELOK_VERDICT_ENUM
    RELOK_VERDICT_COUNT_
} relok_verdict;

/* Outcome of one check (a requirement, a must-have). */
#define RELOK_CHECK_MAP(X) X(MET, "met") X(UNMET, "unmet") X(UNKNOWN, "unknown")
typedef enum relok_check {
#define RELOK_CHECK_ENUM(n, s) RELOK_CHECK_##n,
    RELOK_CHECK_MAP(RELOK_CHECK_ENUM)
#undef RELOK_CHECK_ENUM
    RELOK_CHECK_COUNT_
} relok_check;

#define RELOK_PATHWAY_STATUS_MAP(X)                                          \
    X(QUALIFIES, "qualifies")         /* every requirement met now */        \
    X(MISSING, "missing")             /* some requirement not met */         \
    X(UNKNOWN, "unknown")             /* none unmet, some unknown */         \
    X(NOT_RECORDED, "not_recorded")   /* the KB records no requirements */
typedef enum relok_pathway_status {
#define RELOK_PATHWAY_STATUS_ENUM(n, s) RELOK_PATHWAY_STATUS_##n,
    RELOK_PATHWAY_STATUS_MAP(RELOK_PATHWAY_STATUS_ENUM)
#undef RELOK_PATHWAY_STATUS_ENUM
    RELOK_PATHWAY_STATUS_COUNT_
} relok_pathway_status;

#define RELOK_COST_STATUS_MAP(X)                                             \
    X(KNOWN, "known")       /* every part of the estimate is recorded */    \
    X(PARTIAL, "partial")   /* rent only: a lower bound */                  \
    X(UNKNOWN, "unknown")   /* nothing usable (or not convertible) */
typedef enum relok_cost_status {
#define RELOK_COST_STATUS_ENUM(n, s) RELOK_COST_STATUS_##n,
    RELOK_COST_STATUS_MAP(RELOK_COST_STATUS_ENUM)
#undef RELOK_COST_STATUS_ENUM
    RELOK_COST_STATUS_COUNT_
} relok_cost_status;

#define RELOK_MUST_MAP(X)                                                    \
    X(RUSSIAN_WIDELY_SPOKEN, "russian_widely_spoken")                        \
    X(RESIDENCE_PATH, "residence_path_within_months")
typedef enum relok_must_kind {
#define RELOK_MUST_ENUM(n, s) RELOK_MUST_##n,
    RELOK_MUST_MAP(RELOK_MUST_ENUM)
#undef RELOK_MUST_ENUM
    RELOK_MUST_COUNT_
} relok_must_kind;

RELOK_API const char *relok_block_kind_name(relok_block_kind v);
RELOK_API const char *relok_verdict_name(relok_verdict v);
RELOK_API const char *relok_check_name(relok_check v);
RELOK_API const char *relok_pathway_status_name(relok_pathway_status v);
RELOK_API const char *relok_cost_status_name(relok_cost_status v);
RELOK_API const char *relok_must_kind_name(relok_must_kind v);

enum { RELOK_ADVICE_MAX_FACTS = 4 };

/* One fact that moved a score, by how much, and where it comes from. The
 * reasons of a dimension add up exactly to its score (a clamp to 0..100 is a
 * reason of its own). */
typedef struct relok_advice_reason {
    relok_dimension dimension;
    double points;                   /* signed points added to the dimension */
    bool is_base;                    /* the starting value of the dimension */
    bool is_neutral;                 /* a cautious value standing in for unknown data */
    relok_text text;                 /* what it is, in words */
    const relok_fact *facts[RELOK_ADVICE_MAX_FACTS]; /* evidence (borrowed from the KB) */
    size_t n_facts;
} relok_advice_reason;

/* Something the advisor could not know; it lowers the confidence, never the
 * score. */
typedef struct relok_advice_unknown {
    relok_dimension dimension;       /* the dimension it bears on */
    double weight;                   /* confidence is multiplied by (1 - weight x
                                      * the dimension's relative weight) */
    relok_text text;
} relok_advice_unknown;

typedef struct relok_advice_blocker {
    relok_block_kind kind;
    relok_text text;                 /* why, in words */
    const relok_fact *fact;          /* the rule, bar or risk; NULL when none */
    const relok_risk *risk;          /* for RELOK_BLOCK_RISK, else NULL */
} relok_advice_blocker;

typedef struct relok_advice_entry {
    relok_verdict verdict;
    relok_doc document;              /* the best document held (admitted, or the
                                      * one the stay was computed with);
                                      * RELOK_DOC_COUNT_ when none */
    char citizenship[3];             /* of that document ("" when none) */
    unsigned documents_admitted;     /* bit (1u << relok_doc) per document that
                                      * admits the person */
    const relok_entry_rule *rule;    /* rule for `document`; NULL when unknown */
    relok_day doc_last_day;          /* last day the document allows presence
                                      * (passport validity rule); RELOK_DAY_MAX
                                      * when no limit */
    relok_day doc_expires;           /* that document's own expiry;
                                      * RELOK_DAY_NONE when not given */
} relok_advice_entry;

typedef struct relok_advice_stay {
    bool is_known;                   /* a stay rule covers the entry day */
    const relok_stay_rule *rule;     /* rule in force on the entry day, or NULL */
    bool is_cautious;                /* kind `unknown`: the most cautious reading */
    bool is_inside;                  /* the trip log has the person there now */
    bool overstay;                   /* the trip log shows an overstay */
    int32_t days_used;               /* inside: days counted now; -1 otherwise */
    relok_day latest_exit;           /* inside: last lawful day; NONE otherwise
                                      * or when unbounded */
    relok_day earliest_entry;        /* first lawful entry day >= as-of; NONE when
                                      * none within the year */
    int32_t max_stay_days;           /* longest single stay from that entry
                                      * (inside: from the as-of date), days;
                                      * -1 unknown */
    bool is_unbounded;               /* no limit within the engine's horizon */
    int32_t days_next_365;           /* lawful days of presence in
                                      * [as-of, as-of + 364] leaving and
                                      * re-entering as soon as the rules allow;
                                      * -1 unknown */
    int32_t exits_next_365;          /* exits that plan needs; -1 unknown */
} relok_advice_stay;

typedef struct relok_advice_check {
    const relok_requirement *req;    /* the requirement; NULL for the pathway's
                                      * document condition */
    relok_check status;
    relok_text text;                 /* the requirement and the person's value */
} relok_advice_check;

typedef struct relok_advice_pathway {
    const relok_pathway *pathway;    /* borrowed from the KB */
    relok_pathway_status status;
    const relok_advice_check *checks;
    size_t n_checks;
} relok_advice_pathway;

typedef struct relok_advice_cost {
    relok_cost_status status;
    double low, high;                /* per month, in `currency` (low == high for
                                      * a single value) */
    char currency[4];                /* the budget's currency (USD without one) */
    double budget;                   /* per month; -1 when not stated */
    relok_text low_place, high_place;/* where the cheapest and the dearest
                                      * month are (borrowed; empty when one
                                      * place, or none, gives both ends) */
    const relok_cost *items[5];      /* observations used (borrowed): those
                                      * of the cheapest place, of the dearest
                                      * place, and school */
    size_t n_items;
} relok_advice_cost;

typedef struct relok_advice_risk {
    const relok_risk *risk;          /* borrowed from the KB */
    bool is_personal;                /* tied to one of the person's factors */
    bool is_blocker;                 /* severity blocker, or high and personal */
} relok_advice_risk;

typedef struct relok_advice_must {
    relok_must_kind kind;
    relok_check status;
    relok_text text;
} relok_advice_must;

/* The advice for one country. Every pointer lives in the advice's arena or
 * the KB (borrowed): valid until relok_advise_free and relok_kb_free. */
typedef struct relok_advice_country {
    const relok_country *country;
    size_t rank;                     /* 1-based position in the whole ranking */
    bool blocked;                    /* n_blockers > 0 */
    size_t n_unmet_musts;            /* must-haves known to be unmet */
    const relok_advice_blocker *blockers;  size_t n_blockers;
    relok_advice_entry entry;
    relok_advice_stay stay;
    const relok_advice_pathway *pathways;  size_t n_pathways;
    relok_advice_cost cost;
    const relok_advice_risk *risks;        size_t n_risks;
    const relok_advice_must *musts;        size_t n_musts;
    double scores[RELOK_DIM_COUNT_];       /* 0..100 per dimension; an unknown fact
                                            * counts with a cautious low value */
    double dim_confidence[RELOK_DIM_COUNT_]; /* 0..1: how much of each score is known */
    double total;                          /* weighted mean of the scores, 0..100: the
                                            * cautious value the ranking uses */
    double confidence;                     /* 0..1 */
    unsigned risks_researched;             /* whose risks the KB looked for there:
                                            * bit (1u << relok_factor), RELOK_RISKS_GENERAL */
    const relok_advice_unknown *unknowns;  size_t n_unknowns;
    const relok_advice_reason *reasons;    size_t n_reasons;
} relok_advice_country;

/* A whole answer: countries in rank order (every country without a blocker
 * first, then those with unmet must-haves, then blocked ones). */
typedef struct relok_advice {
    relok_day asof;
    const relok_advice_country *countries; /* ranked */
    size_t n_countries;
    size_t n_blocked;                /* the last n_blocked countries are blocked */
    double weights[RELOK_DIM_COUNT_];/* the profile's weights, as given */
    bool summary_only;               /* made with relok_advise_opts.summary_only */
    relok_arena *arena;              /* owns everything above (private) */
} relok_advice;

/* A cache of the stay engine's answers for the advisor's year plans, for
 * one KB (the one given to relok_advise_cache_new; it must outlive the
 * cache). Thread-safe: one cache may serve many threads' advice runs. Its
 * memory is bounded (it empties itself when full). Used only for runs
 * without a trip log; the advice is the same with or without it. */
typedef struct relok_advise_cache relok_advise_cache;

/* OUT: a new empty cache, or NULL (out of memory, kb NULL). */
RELOK_API relok_advise_cache *relok_advise_cache_new(const relok_kb *kb);
RELOK_API void relok_advise_cache_free(relok_advise_cache *c);

/* Options of one advice run. */
typedef struct relok_advise_opts {
    relok_day asof;                  /* the date the advice is for */
    const relok_trip *trips;         /* the person's trip log, or NULL */
    size_t n_trips;                  /* trips after asof are ignored; one that
                                      * spans asof counts as ongoing */
    bool summary_only;               /* word only what relok_advise_json's
                                      * RELOK_ADVISE_SUMMARY shows (the top
                                      * reasons, blockers, must-haves): other
                                      * texts are left empty. The numbers are
                                      * the same; faster (POST /api/advise). */
    relok_advise_cache *cache;       /* or NULL; one made for another KB is
                                      * not used */
} relok_advise_opts;

/* Advise profile p on every destination of kb (the origin country is left
 * out) as of opts->asof. The profile is checked first (relok_profile_validate).
 * OUT: *out is a new advice (free with relok_advise_free) on success, NULL
 * otherwise. It borrows from kb, which must outlive it; p is not kept.
 * RELOK_EINVAL (bad profile or trips, with the field path), RELOK_ENOMEM. */
RELOK_API relok_status relok_advise_run(const relok_kb *kb, const relok_profile *p,
                                        const relok_advise_opts *opts, relok_advice **out,
                                        relok_error *err);
RELOK_API void relok_advise_free(relok_advice *a);

/* The country's entry in an advice (case-insensitive code), or NULL. */
RELOK_API const relok_advice_country *relok_advise_find(const relok_advice *a,
                                                        const char *code);

/* ================================================================== JSON */

/* A flag of relok_advise_json: each country of the list as a summary (rank,
 * scores and their confidence, blockers, must-haves, top_reasons,
 * n_unknowns) instead of its full explanation (the API's default answer;
 * ask for one country with `only` for the rest). */
#define RELOK_ADVISE_SUMMARY 0x100u

/* Render an advice as JSON (docs/advisor.md, "JSON"): {"as_of", "profile",
 * "weights", "countries": [ranked countries without blockers], "blocked":
 * [blocked countries]}. top > 0 keeps the first `top` of "countries" only;
 * `only` (a country code, or NULL) renders just that country, wherever it
 * ranks. flags: RELOK_JSON_PRETTY, RELOK_ADVISE_SUMMARY. OUT: *out is malloc'd text, free it with
 * relok_json_free. RELOK_ENOTFOUND when `only` is not in the advice,
 * RELOK_ENOMEM. */
RELOK_API relok_status relok_advise_json(const relok_advice *a, const relok_profile *p,
                                         size_t top, const char *only, unsigned flags,
                                         char **out, relok_error *err);

/* For POST /api/advise: parse the profile from JSON text (source "request
 * body"), advise it as of asof with no trip log (cache: as
 * relok_advise_opts.cache, or NULL), and render as
 * relok_advise_json (only: one country's full advice, or NULL). OUT: *out as above. Profile errors come back as
 * RELOK_EPARSE / RELOK_ESCHEMA / RELOK_ERANGE / RELOK_ELIMIT with the field
 * path in err (an HTTP 400); RELOK_ENOMEM. */
RELOK_API relok_status relok_advise_json_request(const relok_kb *kb, relok_advise_cache *cache,
                                                 const char *body, size_t len, relok_day asof,
                                                 size_t top, const char *only, unsigned flags,
                                                 char **out, relok_error *err);

#endif
