/* SPDX-License-Identifier: MIT */
/* The knowledge base: countries, zones, entry and stay rules, pathways, costs,
 * banking, risks, indicators, sources and the change log, with as-of queries.
 * Model layer. Loading reads files; everything else is pure lookups on an
 * immutable object. Every pointer returned is borrowed and valid until
 * relok_kb_free. The format is described in docs/kb-format.md. */
#ifndef RELOK_KB_H
#define RELOK_KB_H

#include "arena.h"
#include "date.h"
#include "error.h"
#include "rule.h"
#include "text.h"

/* ------------------------------------------------------------------ enums */

/* Travel documents a Russian citizen may hold. */
#define RELOK_DOC_MAP(X)                                                     \
    X(INTERNAL_ID, "internal_id")                                            \
    X(PASSPORT, "passport")                                                  \
    X(BIRTH_CERTIFICATE, "birth_certificate")
typedef enum relok_doc {
#define RELOK_DOC_ENUM(n, s) RELOK_DOC_##n,
    RELOK_DOC_MAP(RELOK_DOC_ENUM)
#undef RELOK_DOC_ENUM
    RELOK_DOC_COUNT_
} relok_doc;

#define RELOK_MODE_MAP(X) X(AIR, "air") X(LAND, "land")
typedef enum relok_mode {
#define RELOK_MODE_ENUM(n, s) RELOK_MODE_##n,
    RELOK_MODE_MAP(RELOK_MODE_ENUM)
#undef RELOK_MODE_ENUM
    RELOK_MODE_COUNT_
} relok_mode;

/* How a document lets its holder in. */
#define RELOK_ACCESS_MAP(X)                                                  \
    X(VISA_FREE, "visa_free")                                                \
    X(VISA_ON_ARRIVAL, "visa_on_arrival")                                    \
    X(E_VISA, "e_visa")                                                      \
    X(VISA, "visa")                                                          \
    X(NOT_ACCEPTED, "not_accepted")
typedef enum relok_access {
#define RELOK_ACCESS_ENUM(n, s) RELOK_ACCESS_##n,
    RELOK_ACCESS_MAP(RELOK_ACCESS_ENUM)
#undef RELOK_ACCESS_ENUM
    RELOK_ACCESS_COUNT_
} relok_access;

/* Whether a fact is the law or what is observed in practice (DESIGN.md:
 * practice is reported with its date, never mixed into the legal answer). */
#define RELOK_BASIS_MAP(X) X(LAW, "law") X(PRACTICE, "practice") X(REPORT, "report")
typedef enum relok_basis {
#define RELOK_BASIS_ENUM(n, s) RELOK_BASIS_##n,
    RELOK_BASIS_MAP(RELOK_BASIS_ENUM)
#undef RELOK_BASIS_ENUM
    RELOK_BASIS_COUNT_
} relok_basis;

/* Profile factors that condition risks and entry bars. */
#define RELOK_FACTOR_MAP(X)                                                  \
    X(CRIMINAL_CASE, "criminal_case")        /* criminal case or warrant in Russia */ \
    X(DRAFT_ELIGIBLE, "draft_eligible")                                      \
    X(ACTIVIST, "activist")                  /* activist or journalist */    \
    X(LGBTQI, "lgbtqi")                                                      \
    X(NORTH_CAUCASUS, "north_caucasus")      /* North Caucasus origin */     \
    X(OCCUPIED_GEORGIA, "entered_abkhazia_or_south_ossetia_from_russia")
typedef enum relok_factor {
#define RELOK_FACTOR_ENUM(n, s) RELOK_FACTOR_##n,
    RELOK_FACTOR_MAP(RELOK_FACTOR_ENUM)
#undef RELOK_FACTOR_ENUM
    RELOK_FACTOR_COUNT_
} relok_factor;

#define RELOK_SEVERITY_MAP(X) X(LOW, "low") X(MEDIUM, "medium") X(HIGH, "high") X(BLOCKER, "blocker")
typedef enum relok_severity {
#define RELOK_SEVERITY_ENUM(n, s) RELOK_SEVERITY_##n,
    RELOK_SEVERITY_MAP(RELOK_SEVERITY_ENUM)
#undef RELOK_SEVERITY_ENUM
    RELOK_SEVERITY_COUNT_
} relok_severity;

/* The advisor's dimensions; risks and indicators name the one they bear on. */
#define RELOK_DIM_MAP(X)                                                     \
    X(ACCESS, "access") X(COST, "cost") X(SOCIETY, "society")                \
    X(OPPORTUNITY, "opportunity") X(STABILITY, "stability") X(SAFETY, "safety")
typedef enum relok_dimension {
#define RELOK_DIM_ENUM(n, s) RELOK_DIM_##n,
    RELOK_DIM_MAP(RELOK_DIM_ENUM)
#undef RELOK_DIM_ENUM
    RELOK_DIM_COUNT_
} relok_dimension;

#define RELOK_PATHWAY_KIND_MAP(X)                                            \
    X(RESIDENCE, "residence") X(WORK, "work") X(STUDY, "study")              \
    X(BUSINESS, "business") X(INVESTMENT, "investment")                      \
    X(DIGITAL_NOMAD, "digital_nomad") X(FAMILY, "family")                    \
    X(HUMANITARIAN, "humanitarian") X(ASYLUM, "asylum")                      \
    X(CITIZENSHIP, "citizenship")
typedef enum relok_pathway_kind {
#define RELOK_PATHWAY_KIND_ENUM(n, s) RELOK_PATHWAY_##n,
    RELOK_PATHWAY_KIND_MAP(RELOK_PATHWAY_KIND_ENUM)
#undef RELOK_PATHWAY_KIND_ENUM
    RELOK_PATHWAY_KIND_COUNT_
} relok_pathway_kind;

/* Comparison in a machine-checkable requirement. `true` needs a boolean
 * profile field to be true; the others compare an amount. */
#define RELOK_REQ_OP_MAP(X)                                                  \
    X(GT, "gt") X(GE, "ge") X(LT, "lt") X(LE, "le") X(TRUE, "true")
typedef enum relok_req_op {
#define RELOK_REQ_OP_ENUM(n, s) RELOK_REQ_##n,
    RELOK_REQ_OP_MAP(RELOK_REQ_OP_ENUM)
#undef RELOK_REQ_OP_ENUM
    RELOK_REQ_OP_COUNT_
} relok_req_op;

/* Profile fields a requirement may test (docs/kb-format.md lists them).
 * Money fields compare `amount` in `currency`; flags use op `true`. */
#define RELOK_REQ_FIELD_MAP(X)                                               \
    X(REAL_ESTATE_VALUE, "real_estate_value", 1)                             \
    X(INVESTMENT, "investment", 1)                                           \
    X(BUSINESS_TURNOVER, "business_annual_turnover", 1)                      \
    X(MONTHLY_INCOME, "monthly_income", 1)                                   \
    X(SAVINGS, "savings", 1)                                                 \
    X(PASSPORT, "has_passport", 0)                                           \
    X(LOCAL_JOB_OFFER, "local_job_offer", 0)                                 \
    X(REMOTE_FOREIGN, "remote_foreign_employer", 0)                          \
    X(REMOTE_RUSSIAN, "remote_russian_employer", 0)                          \
    X(IT_SPECIALIST, "it_specialist", 0)                                     \
    X(STUDY_ADMISSION, "study_admission", 0)                                 \
    X(PERSECUTED, "persecuted_in_russia", 0)                                 \
    X(FAMILY_TIE, "family_tie", 0)                                           \
    X(AGE, "age", 2)
typedef enum relok_req_field {
#define RELOK_REQ_FIELD_ENUM(n, s, t) RELOK_REQF_##n,
    RELOK_REQ_FIELD_MAP(RELOK_REQ_FIELD_ENUM)
#undef RELOK_REQ_FIELD_ENUM
    RELOK_REQ_FIELD_COUNT_
} relok_req_field;

/* Availability of a banking service, a crossing, a language. */
#define RELOK_AVAIL_MAP(X)                                                   \
    X(YES, "yes") X(RESTRICTED, "restricted") X(NO, "no") X(UNKNOWN, "unknown")
typedef enum relok_avail {
#define RELOK_AVAIL_ENUM(n, s) RELOK_AVAIL_##n,
    RELOK_AVAIL_MAP(RELOK_AVAIL_ENUM)
#undef RELOK_AVAIL_ENUM
    RELOK_AVAIL_COUNT_
} relok_avail;

/* How widely a language is spoken. */
#define RELOK_SPREAD_MAP(X)                                                  \
    X(WIDELY, "widely") X(COMMON, "common") X(PARTLY, "partly") X(RARELY, "rarely")
typedef enum relok_spread {
#define RELOK_SPREAD_ENUM(n, s) RELOK_SPREAD_##n,
    RELOK_SPREAD_MAP(RELOK_SPREAD_ENUM)
#undef RELOK_SPREAD_ENUM
    RELOK_SPREAD_COUNT_
} relok_spread;

#define RELOK_CHANGE_KIND_MAP(X) X(RULE_CHANGE, "rule_change") X(CORRECTION, "correction")
typedef enum relok_change_kind {
#define RELOK_CHANGE_KIND_ENUM(n, s) RELOK_CHANGE_##n,
    RELOK_CHANGE_KIND_MAP(RELOK_CHANGE_KIND_ENUM)
#undef RELOK_CHANGE_KIND_ENUM
    RELOK_CHANGE_KIND_COUNT_
} relok_change_kind;

/* Cost items (docs/kb-format.md). */
#define RELOK_COST_ITEM_MAP(X)                                               \
    X(RENT_1BR, "rent_1br")                                                  \
    X(RENT_ROOM, "rent_room")                                                \
    X(BASKET, "basket")                                                      \
    X(LIVING_SINGLE, "living_single")                                        \
    X(SCHOOL, "school")                                                      \
    X(VISA_FEE, "visa_fee")                                                  \
    X(PERMIT_FEE, "permit_fee")                                              \
    X(FAMILY_BUDGET, "family_budget")     /* a family's month, all costs */ \
    X(LIVING_NO_RENT, "living_no_rent")   /* one person's month w/o rent */ \
    X(SUBSISTENCE_MIN, "subsistence_min") /* official minimum, a floor */
typedef enum relok_cost_item {
#define RELOK_COST_ITEM_ENUM(n, s) RELOK_COST_##n,
    RELOK_COST_ITEM_MAP(RELOK_COST_ITEM_ENUM)
#undef RELOK_COST_ITEM_ENUM
    RELOK_COST_ITEM_COUNT_
} relok_cost_item;

/* Where in a city a rent was observed. */
#define RELOK_AREA_MAP(X) X(ANY, "any") X(CENTRE, "centre") X(OUTSIDE, "outside")
typedef enum relok_area {
#define RELOK_AREA_ENUM(n, s) RELOK_AREA_##n,
    RELOK_AREA_MAP(RELOK_AREA_ENUM)
#undef RELOK_AREA_ENUM
    RELOK_AREA_COUNT_
} relok_area;

/* How sure a practice report is (data/reports/). */
#define RELOK_CONFIDENCE_MAP(X)                                              \
    X(OFFICIAL, "official")     /* an official statement */                 \
    X(SEVERAL, "several")       /* several independent reports */           \
    X(SINGLE, "single")         /* one report */
typedef enum relok_confidence {
#define RELOK_CONFIDENCE_ENUM(n, s) RELOK_CONFIDENCE_##n,
    RELOK_CONFIDENCE_MAP(RELOK_CONFIDENCE_ENUM)
#undef RELOK_CONFIDENCE_ENUM
    RELOK_CONFIDENCE_COUNT_
} relok_confidence;

/* Name of an enum value ("passport"), NULL when out of range. */
RELOK_API const char *relok_doc_name(relok_doc v);
RELOK_API const char *relok_mode_name(relok_mode v);
RELOK_API const char *relok_access_name(relok_access v);
RELOK_API const char *relok_basis_name(relok_basis v);
RELOK_API const char *relok_factor_name(relok_factor v);
RELOK_API const char *relok_severity_name(relok_severity v);
RELOK_API const char *relok_dimension_name(relok_dimension v);
RELOK_API const char *relok_pathway_kind_name(relok_pathway_kind v);
RELOK_API const char *relok_req_op_name(relok_req_op v);
RELOK_API const char *relok_req_field_name(relok_req_field v);
/* A factor in words for people ("North Caucasus origin"), in lang. */
RELOK_API const char *relok_factor_label(relok_factor v, relok_lang lang);
/* 1 for a money field, 0 for a flag, 2 for a plain number (age). */
RELOK_API int relok_req_field_type(relok_req_field v);
RELOK_API const char *relok_avail_name(relok_avail v);
RELOK_API const char *relok_spread_name(relok_spread v);
RELOK_API const char *relok_change_kind_name(relok_change_kind v);
RELOK_API const char *relok_cost_item_name(relok_cost_item v);
RELOK_API const char *relok_area_name(relok_area v);
RELOK_API const char *relok_confidence_name(relok_confidence v);
/* Value from name; RELOK_ENOTFOUND when the name is unknown. */
RELOK_API relok_status relok_doc_parse(const char *name, relok_doc *out);
RELOK_API relok_status relok_factor_parse(const char *name, relok_factor *out);
RELOK_API relok_status relok_dimension_parse(const char *name, relok_dimension *out);

/* ------------------------------------------------------------------ facts */

/* What every fact carries: validity, sources, verification, provenance. */
typedef struct relok_fact {
    relok_day from;            /* first day in force; RELOK_DAY_MIN when unknown */
    relok_day to;              /* last day in force; RELOK_DAY_MAX when open */
    bool from_unknown;         /* `from: unknown` in the data */
    const char *const *sources;/* source ids, at least one */
    size_t n_sources;          /* number of source ids */
    bool is_verified;          /* checked against a cited source */
    relok_day verified_on;     /* date of that check; RELOK_DAY_NONE if unverified */
    relok_text to_check;       /* for unverified facts: what to check */
    relok_text note;           /* optional remark */
    relok_basis basis;         /* law, practice or report */
    const char *file;          /* data file it came from (relative to the KB root) */
    unsigned line;             /* 1-based line of the fact in that file */
} relok_fact;

/* True when the fact is in force on day d. */
RELOK_API bool relok_fact_in_force(const relok_fact *f, relok_day d);

/* Who a rule applies to. */
typedef struct relok_scope {
    char citizenship[3];       /* ISO 3166-1 alpha-2, default "RU" */
    unsigned documents;        /* bit (1u << relok_doc) per document */
} relok_scope;

/* Entry by document and mode. */
typedef struct relok_entry_rule {
    relok_fact fact;
    relok_scope scope;
    unsigned modes;                   /* bit (1u << relok_mode) per mode */
    relok_access access;              /* how the documents let their holder in */
    int32_t passport_valid_months;    /* months of validity required; -1 none/unknown */
    bool validity_from_entry;         /* counted from entry (else from departure) */
    relok_text conditions;            /* extra conditions in words (optional) */
} relok_entry_rule;

/* A visitor's stay limit. Versions of one rule share `id`. */
typedef struct relok_stay_rule {
    relok_fact fact;
    const char *id;                   /* rule name, e.g. "visitor" */
    relok_scope scope;
    relok_rule rule;                  /* the limit in the notation */
    int32_t registration_days;        /* register within N days of arrival; -1 none/unknown */
    relok_text summary;               /* the limit in words */
} relok_stay_rule;

/* An entry bar tied to a profile factor (a travel-history bar in law). */
typedef struct relok_entry_bar {
    relok_fact fact;
    relok_factor factor;              /* who is barred */
    relok_text title;                 /* the bar in words */
} relok_entry_bar;

/* A land (or other) neighbour. */
typedef struct relok_neighbour {
    relok_fact fact;
    char country[3];                  /* ISO code of the neighbour */
    bool land_border;                 /* shares a land border */
    relok_avail crossing;             /* are land crossings open for travellers */
} relok_neighbour;

/* One machine-checkable requirement of a pathway. */
typedef struct relok_requirement {
    relok_req_field field;            /* profile field tested */
    relok_req_op op;                  /* comparison */
    double amount;                    /* threshold (money or number); 0 for flags */
    char currency[4];                 /* ISO 4217 for money fields, "" otherwise */
    relok_text text;                  /* the requirement in words */
} relok_requirement;

/* A fee of a pathway: an amount or a range, with what it is for. */
typedef struct relok_fee {
    relok_text what;
    double low, high;                 /* high == low for a single amount */
    bool is_range;
    char currency[4];
    relok_pdate date;                 /* when the fee was in force as cited;
                                       * .day == RELOK_DAY_NONE when not given */
} relok_fee;

typedef struct relok_pathway {
    relok_fact fact;
    const char *id;                   /* unique within the country */
    relok_pathway_kind kind;
    relok_text name;                  /* short name */
    relok_text summary;               /* what it gives and how */
    const relok_requirement *requires;/* all must hold */
    size_t n_requires;
    unsigned documents;               /* documents accepted to apply; 0 = any */
    int32_t duration_months;          /* permit length; -1 unknown */
    int32_t months_to_residence;      /* typical months until residence; -1 unknown
                                       * (months_to_first_permit when not given) */
    int32_t months_to_first_permit;   /* months from applying to the first permit; -1 */
    int32_t months_to_permanent;      /* months to permanent residence; -1 unknown */
    const relok_fee *fees;          /* state fees of the procedure */
    size_t n_fees;
} relok_pathway;

typedef struct relok_cost {
    relok_fact fact;
    relok_cost_item item;
    relok_text place;                 /* city or region (optional) */
    relok_area area;                  /* rents: centre or outside; any otherwise */
    double low;                       /* amount, or the low end of a range */
    double high;                      /* == low for a single value */
    bool is_range;
    char currency[4];                 /* ISO 4217 */
    relok_pdate date;                 /* when the price was observed */
    bool is_undated;                  /* the source gives no date: `date` is an
                                       * estimate (the year read, or inferred
                                       * from what the page describes) */
    int32_t sample_size;              /* observations; -1 unknown */
    uint16_t place_group;             /* which of the country's places it is
                                       * for: 0 the whole country (no place,
                                       * or the country's own name, as
                                       * "Georgia (national average)"), else
                                       * one per city, the English place up
                                       * to " (" ("Ankara (Türk-İş survey)"
                                       * is Ankara) */
} relok_cost;

typedef struct relok_banking {
    relok_fact fact;
    relok_avail account;              /* can a Russian citizen open an account */
    relok_avail card;                 /* get a local card */
    relok_avail transfers;            /* receive transfers from Russia */
    relok_text account_needs;         /* which document and papers (optional) */
    relok_avail mir;                  /* Russian Mir cards work; unknown if not said */
    relok_avail unionpay_ru;          /* UnionPay cards issued in Russia work */
    relok_text transfers_how;         /* how money moves from Russia (optional) */
    relok_avail sim;                  /* a Russian citizen can get a local SIM */
    relok_text sim_needs;             /* with which document (optional) */
} relok_banking;

/* What happened at a border, a bank or an office, apart from the law
 * (data/reports/). A report never changes a rule. */
typedef struct relok_report {
    relok_fact fact;                  /* sources and verification; basis practice */
    const char *id;                   /* unique in the KB */
    char country[3];                  /* where it happened */
    relok_text crossing;              /* crossing, airport or place (optional) */
    relok_pdate date;                 /* when, or the start of the period */
    relok_pdate until;                /* end of the period; .day == RELOK_DAY_NONE if none */
    unsigned factors;                 /* bit (1u << relok_factor); 0 = anyone */
    relok_text title;                 /* short */
    relok_text what;                  /* what happened, paraphrased */
    relok_confidence confidence;
} relok_report;

typedef struct relok_risk {
    relok_fact fact;
    const char *id;                   /* unique within the country */
    unsigned factors;                 /* bit (1u << relok_factor); 0 = everyone */
    unsigned documents;               /* bit (1u << relok_doc): concerns only those who
                                       * travel on one of these; 0 = everyone */
    relok_severity severity;
    relok_dimension dimension;        /* safety, stability or society */
    relok_text title;
    relok_text detail;
} relok_risk;

typedef struct relok_language {
    relok_fact fact;
    char lang[3];                     /* ISO 639-1 code, e.g. "ru", "en" */
    relok_spread spread;              /* how widely it is spoken */
} relok_language;

typedef struct relok_point {
    relok_fact fact;
    relok_pdate date;                 /* what the figure refers to */
    double low;                       /* value, or the low end of a range */
    double high;                      /* == low for a single value */
    bool is_range;
} relok_point;

typedef struct relok_indicator {
    const char *id;                   /* series id, unique within the country */
    relok_text label;
    const char *unit;                 /* "people", "percent", "USD", ... */
    relok_dimension dimension;        /* which advisor dimension it informs */
    const relok_point *points;        /* in date order */
    size_t n_points;
    const char *file;
    unsigned line;
} relok_indicator;

typedef struct relok_change {
    relok_day date;                   /* when the rule changed / the data was corrected */
    relok_change_kind kind;
    relok_text what;
    const char *rule_id;              /* affected stay rule id, or NULL */
    const char *const *sources;
    size_t n_sources;
    bool is_verified;
    relok_day verified_on;
    relok_text to_check;
    relok_text note;                  /* optional remark */
    const char *file;
    unsigned line;
} relok_change;

typedef struct relok_membership {
    const char *zone;                 /* zone id */
    relok_day from;                   /* RELOK_DAY_MIN when unknown */
    relok_day to;                     /* RELOK_DAY_MAX when open */
} relok_membership;

/* Fields shared by countries and zones: everything rules are made of. */
typedef struct relok_rules {
    const relok_entry_rule *entry;   size_t n_entry;
    const relok_stay_rule *stay;     size_t n_stay;
    const relok_entry_bar *bars;     size_t n_bars;
} relok_rules;

typedef struct relok_country {
    char code[3];                     /* ISO 3166-1 alpha-2 */
    relok_text name;
    char currency[4];                 /* ISO 4217 */
    bool is_origin;                   /* Russia: the origin, not a destination */
    const relok_membership *zones;    size_t n_zones;
    relok_rules rules;
    const relok_neighbour *neighbours;   size_t n_neighbours;
    const relok_pathway *pathways;    size_t n_pathways;
    const relok_cost *costs;          size_t n_costs;
    size_t n_place_groups;            /* places of the costs, 0 included */
    const relok_banking *banking;     size_t n_banking;
    const relok_risk *risks;          size_t n_risks;
    /* Whose risks were researched (so an empty list means "none found", not
     * "not looked"): bit (1u << relok_factor), and RELOK_RISKS_GENERAL for
     * the risks everyone meets. */
    unsigned risks_researched;
    const relok_language *languages;  size_t n_languages;
    const relok_indicator *indicators;size_t n_indicators;
    const relok_change *changes;      size_t n_changes;
    const relok_report *reports;      size_t n_reports; /* from data/reports/, by date */
    const char *file;
} relok_country;

/* The bit of relok_country.risks_researched for the risks everyone meets. */
#define RELOK_RISKS_GENERAL (1u << RELOK_FACTOR_COUNT_)

typedef struct relok_zone_member {
    char country[3];                  /* ISO code of the member */
    relok_day from;                   /* RELOK_DAY_MIN when unknown */
    relok_day to;                     /* RELOK_DAY_MAX when open */
} relok_zone_member;

typedef struct relok_zone {
    const char *id;                   /* e.g. "schengen" */
    relok_text name;
    const relok_zone_member *members; size_t n_members;
    relok_rules rules;
    const relok_change *changes;      size_t n_changes;
    const char *file;
} relok_zone;

/* An exchange rate: units of `currency` per US dollar, observed on `date`. */
typedef struct relok_rate {
    relok_fact fact;
    char currency[4];                 /* ISO 4217 */
    double per_usd;                   /* units per USD */
    relok_pdate date;
} relok_rate;

typedef struct relok_source {
    const char *id;                   /* "brief", "brief:LXIV", ... */
    const char *title;
    const char *publisher;            /* may be NULL */
    relok_pdate date;                 /* publication date */
    bool has_date;
    const char *url;                  /* may be NULL */
    relok_day accessed;               /* RELOK_DAY_NONE when not recorded */
    const char *note;                 /* may be NULL */
    const char *file;
    unsigned line, column;            /* where it is defined */
} relok_source;

/* ------------------------------------------------------------- the handle */

typedef struct relok_kb relok_kb;

/* One problem found while loading or checking a KB. */
typedef struct relok_diag {
    const char *file;                 /* relative to the KB root */
    unsigned line, column;            /* 1-based */
    const char *path;                 /* field path */
    const char *msg;                  /* what was expected */
} relok_diag;

/* Collected diagnostics of a check; free with relok_diags_free. */
typedef struct relok_diags {
    relok_diag *items;
    size_t n;
    relok_arena *arena;
} relok_diags;

RELOK_API void relok_diags_free(relok_diags *d);

/* Load and fully validate the KB under dir (the YAML files in dir/sources,
 * dir/countries and dir/zones, and dir/rates.yaml). On success *out is a new KB
 * (free with relok_kb_free); on failure *out is NULL, err holds the first
 * problem, and `diags` (optional) receives all of them. With `diags` (the
 * `relok kb check` mode) a fact verified on a date after today is also an
 * error; a plain load does not judge the system clock.
 * RELOK_EIO, RELOK_EPARSE, RELOK_ESCHEMA, RELOK_ELIMIT, RELOK_ENOMEM. */
RELOK_API relok_status relok_kb_load(const char *dir, relok_kb **out, relok_diags *diags,
                                     relok_error *err);
RELOK_API void relok_kb_free(relok_kb *kb);

/* The directory the KB was loaded from. */
RELOK_API const char *relok_kb_dir(const relok_kb *kb);

RELOK_API size_t relok_kb_n_countries(const relok_kb *kb);
/* Countries sorted by code; i < relok_kb_n_countries. */
RELOK_API const relok_country *relok_kb_country_at(const relok_kb *kb, size_t i);
/* Country by ISO code (case-insensitive); NULL when not in the KB. */
RELOK_API const relok_country *relok_kb_country(const relok_kb *kb, const char *code);
RELOK_API size_t relok_kb_n_zones(const relok_kb *kb);
RELOK_API const relok_zone *relok_kb_zone_at(const relok_kb *kb, size_t i);
RELOK_API const relok_zone *relok_kb_zone(const relok_kb *kb, const char *id);
RELOK_API size_t relok_kb_n_sources(const relok_kb *kb);
RELOK_API const relok_source *relok_kb_source_at(const relok_kb *kb, size_t i);
RELOK_API const relok_source *relok_kb_source(const relok_kb *kb, const char *id);

RELOK_API size_t relok_kb_n_rates(const relok_kb *kb);
RELOK_API const relok_rate *relok_kb_rate_at(const relok_kb *kb, size_t i);
/* The latest rate for currency observed on or before day d (or the earliest
 * one when all are later); NULL when the KB has none. USD is always 1 and
 * needs no entry (returns NULL; callers treat USD specially). */
RELOK_API const relok_rate *relok_kb_rate(const relok_kb *kb, const char *currency,
                                          relok_day d);

/* Practice reports of the whole KB, by country then date. */
RELOK_API size_t relok_kb_n_reports(const relok_kb *kb);
RELOK_API const relok_report *relok_kb_report_at(const relok_kb *kb, size_t i);

/* Visit every fact of the KB (entry, stay, bars, neighbours, pathways,
 * costs, banking, risks, languages, indicator points, rates, changes).
 * owner: a country code, a zone id or "rates"; what: the list it is in
 * ("stay", "indicators.gdp_growth", ...). For changes a temporary relok_fact
 * carries their sources and verification. */
typedef void (*relok_fact_cb)(const char *owner, const char *what, const relok_fact *f,
                              void *ud);
RELOK_API void relok_kb_each_fact(const relok_kb *kb, relok_fact_cb cb, void *ud);

/* Fact counts for one owner (country code, zone id or "rates") or all. */
typedef struct relok_kb_stat {
    char owner[32];
    size_t facts;      /* facts of every kind */
    size_t cited;      /* facts with at least one source */
    size_t verified;   /* checked against a cited source */
    size_t unverified; /* not confirmed by any stored source */
    size_t costs;      /* cost observations */
    size_t banking;    /* banking entries */
    size_t pathways_timed; /* pathways with months to a permit or to permanence */
    size_t reports;    /* practice reports */
    relok_day newest_rule_check; /* latest `verified` date of an entry, stay or bar
                                  * fact; RELOK_DAY_NONE when none is verified */
} relok_kb_stat;

/* Count facts per owner into rows (at most n_max, in KB order) and in total.
 * Returns the number of rows written. */
RELOK_API size_t relok_kb_stats(const relok_kb *kb, relok_kb_stat *rows, size_t n_max,
                                relok_kb_stat *total);

/* Rule-like facts (entry, stay, bars, pathways, banking, neighbours) to
 * re-check: verified before `cutoff`, or never verified. The callback gets
 * them in KB order. Returns how many there were. */
RELOK_API size_t relok_kb_stale(const relok_kb *kb, relok_day cutoff, relok_fact_cb cb,
                                void *ud);

/* Directory of the shipped KB when no --kb is given: $RELOK_KB if set, else
 * "data" next to the running binary in a build tree (<exe>/../data or
 * <exe>/data), else the installed share directory. Writes into buf (always
 * NUL-terminated). RELOK_ENOTFOUND when none exists (buf then holds the
 * installed path, for the message). */
RELOK_API relok_status relok_kb_default_dir(char *buf, size_t buf_len);

/* ---------------------------------------------------------- as-of queries */

/* The zone a country code (with or without a country file) belongs to on
 * day d, or NULL. */
RELOK_API const relok_zone *relok_kb_zone_of_code(const relok_kb *kb, const char *code,
                                                  relok_day d);

/* The zone whose rules govern country c on day d (Schengen for Germany), or
 * NULL when c is not in a zone then. */
RELOK_API const relok_zone *relok_kb_zone_of(const relok_kb *kb, const relok_country *c,
                                             relok_day d);
/* Which rules govern c for a document, section by section (entry, stay and
 * bars separately): c's own when its file has any rule of that section for
 * the document, else its zone's on day d. Returns the zone whose section
 * applies, or NULL when c's own does (or c is in no zone). */
typedef enum relok_section { RELOK_SECTION_ENTRY, RELOK_SECTION_STAY } relok_section;
RELOK_API const relok_zone *relok_kb_section_zone(const relok_kb *kb, const relok_country *c,
                                                  relok_section section, relok_doc doc,
                                                  relok_day d);
/* The entry rule for a citizen of `citizenship` holding doc, on day d, for
 * mode (or any mode when mode is RELOK_MODE_COUNT_); NULL when the KB says
 * nothing (unknown). */
RELOK_API const relok_entry_rule *relok_kb_entry(const relok_kb *kb, const relok_country *c,
                                                 const char *citizenship, relok_doc doc,
                                                 relok_mode mode, relok_day d);
/* The stay rule in force on day d for that citizenship and document; NULL
 * when unknown. */
RELOK_API const relok_stay_rule *relok_kb_stay(const relok_kb *kb, const relok_country *c,
                                               const char *citizenship, relok_doc doc,
                                               relok_day d);
/* All versions of the stay rule for citizenship+doc, in date order, as far
 * as they fit in out (n_max entries). Returns the number of versions. This is
 * the timeline the stay engine evaluates, including zone rules. */
RELOK_API size_t relok_kb_stay_versions(const relok_kb *kb, const relok_country *c,
                                        const char *citizenship, relok_doc doc,
                                        const relok_stay_rule **out, size_t n_max);
/* True when c's member zones at some date include the trip country `other`
 * for day d (both governed by the same zone rule: presence in one counts for
 * the other). Always true when other == c. */
RELOK_API bool relok_kb_same_area(const relok_kb *kb, const relok_country *c,
                                  const relok_country *other, relok_day d);

#endif
