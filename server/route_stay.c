/* SPDX-License-Identifier: MIT */
/* POST /api/stay (JSON, or with ?format=ics the iCalendar file of
 * `relok stay --ics`) and POST /api/plan. Faces layer: the body is opened here
 * (body.h, scan.c); its trip rows and rule go, as spans of the body's
 * text, to the library's own readers
 * (relok_trips_parse, relok_trips_validate, relok_rule_parse), the answers
 * come from the stay engine and the planner, rendered by the same functions
 * as `relok stay --json` and `relok plan --json` (relok_stay_rows_json,
 * relok_stay_answer_json, relok_plan_json). The trip log is forgotten with
 * the request's arena; nothing of it is logged. */
#include "body.h"

#include "relok/plan.h"
#include "relok/trips.h"

#include <string.h>

/* The source name in library errors about the body. */
static const char SOURCE[] = "request body";

/* Reply with a library error about a part of the body (prefix names it). */
static void part_error(srv_req *r, relok_status s, relok_error *err, const char *prefix)
{
    srv_error_prefix(err, prefix);
    /* A country the KB does not know, named in the body, is bad input
     * (400), not a missing resource. */
    if (s == RELOK_ENOTFOUND) {
        srv_reply_error_why(r, 400, "ENOTFOUND", "country_unknown",
                            err->path[0] != '\0' ? err->path : prefix,
                            err->msg[0] != '\0' ? err->msg : relok_strerror(s));
        return;
    }
    srv_reply_lib_error(r, s, err);
}

/* The trip log under key, read and checked by the library's trip-log reader
 * (relok_trips_parse, then relok_trips_validate as of `check`), as `relok
 * stay --trips` and `relok plan --trips` read a file. Absent: no trips, or a
 * 400 when required. Returns false after a reply. Also used by route_tax.c. */
bool srv_body_trips(srv_req *r, const srv_members *ms, const char *key, bool required,
                    bool plans, relok_day check, relok_trip **out, size_t *out_n)
{
    *out = NULL;
    *out_n = 0;
    const srv_member *m = srv_member_get(ms, key);
    if (srv_member_is_null(m)) {
        if (required)
            srv_reply_error_why(r, 400, "ESCHEMA", "field_missing", key,
                                "required field is missing");
        return !required;
    }
    relok_error err = {0};
    relok_status s =
        relok_trips_parse(m->val, m->val_len, RELOK_TRIPS_JSON, SOURCE, r->arena, out, out_n, &err);
    if (s == RELOK_OK)
        s = plans ? relok_trips_validate_plans(*out, *out_n, check, SOURCE, &err)
                  : relok_trips_validate(*out, *out_n, check, SOURCE, &err);
    if (s != RELOK_OK) {
        part_error(r, s, &err, key);
        return false;
    }
    return true;
}

/* The trip log "trips" (required; trips after `on` allowed, as a plan) and
 * the part of it up to `on`, the log that counts (relok_trips_split), as
 * `relok stay --on` splits it. Returns false after a reply. Also used by
 * route_tax.c. */
bool srv_body_log(srv_req *r, const srv_members *ms, relok_day on, relok_trip **all,
                  size_t *n_all, relok_trip **known, size_t *n_known)
{
    if (!srv_body_trips(r, ms, "trips", true, true, on, all, n_all))
        return false;
    relok_error err = {0};
    relok_status s = relok_trips_split(*all, *n_all, on, r->arena, known, n_known, &err);
    if (s != RELOK_OK) {
        srv_reply_lib_error(r, s, &err);
        return false;
    }
    return true;
}

/* ==================================================================== stay */

/* The query of POST /api/stay: format=json (default) or ics; with ics,
 * remind=N (days, 0..365) and lang=en|ru for the events' summaries.
 * Returns false after a reply. */
typedef struct stay_query {
    bool ics;
    unsigned long remind;
    relok_lang lang;
} stay_query;

static bool read_stay_query(srv_req *r, stay_query *q)
{
    static const char *const args[] = {"format", "remind", "lang", NULL};
    *q = (stay_query){false, 0, RELOK_LANG_EN};
    if (!srv_check_args(r, args) || !srv_arg_uint(r, "remind", 365, &q->remind))
        return false;
    const char *format = srv_arg(r, "format");
    const char *lang = srv_arg(r, "lang");
    if (format != NULL && strcmp(format, "json") != 0 && strcmp(format, "ics") != 0) {
        srv_reply_error_why(r, 400, "ESCHEMA", "value_unknown", "format", "expected json or ics");
        return false;
    }
    if (lang != NULL && strcmp(lang, "en") != 0 && strcmp(lang, "ru") != 0) {
        srv_reply_error_why(r, 400, "ESCHEMA", "value_unknown", "lang", "expected en or ru");
        return false;
    }
    q->ics = format != NULL && strcmp(format, "ics") == 0;
    q->lang = lang != NULL && strcmp(lang, "ru") == 0 ? RELOK_LANG_RU : RELOK_LANG_EN;
    return true;
}

static void stay(srv_req *r, const srv_members *root, const stay_query *q)
{
    static const char *const keys[] = {"trips", "on", "rule", "country", "doc", NULL};
    relok_day on = relok_date_today();
    relok_doc doc = RELOK_DOC_PASSPORT;
    char cc[3] = "";
    if (!srv_body_keys(r, root, keys) || !srv_body_date(r, root, "on", false, &on) ||
        !srv_body_code(r, root, "country", false, cc) || !srv_body_doc(r, root, "doc", &doc))
        return;
    const srv_member *jrule = srv_member_get(root, "rule");
    bool has_rule = !srv_member_is_null(jrule);
    if (has_rule && q->ics) {
        /* The calendar holds the knowledge base's dates per country. */
        srv_reply_error_why(r, 400, "ESCHEMA", "rule_conflict", "rule",
                            "an explicit rule does not go with format=ics");
        return;
    }
    if (has_rule && (cc[0] != '\0' || !srv_member_is_null(srv_member_get(root, "doc")))) {
        srv_reply_error_why(r, 400, "ESCHEMA", "rule_conflict",
                            cc[0] != '\0' ? "country" : "doc",
                            "an explicit rule does not go with country or doc");
        return;
    }

    /* Trips after `on` are a plan, judged apart (relok stay --on). */
    relok_trip *t = NULL, *known = NULL;
    size_t n = 0, n_known = 0;
    if (!srv_body_log(r, root, on, &t, &n, &known, &n_known))
        return;
    relok_error err = {0};
    relok_planned *plans = NULL;
    size_t n_plans = 0;
    relok_status s = RELOK_OK;
    char *json = NULL;
    if (has_rule) {
        /* An explicit rule: every trip of the log counts (relok stay --rule). */
        relok_rule rule;
        s = relok_rule_parse(jrule->val, jrule->val_len, "rule", r->arena, &rule, &err);
        if (s != RELOK_OK) {
            part_error(r, s, &err, "rule");
            return;
        }
        relok_rule_span span = {RELOK_DAY_MIN, RELOK_DAY_MAX, &rule};
        relok_stay_answer ans;
        s = relok_stay_eval(&span, 1, known, n_known, on, &ans, &err);
        if (s == RELOK_OK)
            s = relok_planned_with_rule(&span, 1, t, n, on, r->arena, &plans, &n_plans, &err);
        if (s == RELOK_OK)
            s = relok_stay_answer_plans_json(&ans, plans, n_plans, 0, &json, &err);
    } else {
        /* Per country from the knowledge base, as `relok stay`. */
        relok_stay_row *rows = NULL;
        size_t n_rows = 0;
        s = relok_stay_rows_from_kb(srv_kb_of(r), known, n_known, cc[0] != '\0' ? cc : NULL,
                                    doc, on, r->arena, &rows, &n_rows, &err);
        if (s == RELOK_OK)
            s = relok_planned_from_kb(srv_kb_of(r), t, n, doc, on, r->arena, &plans, &n_plans,
                                      &err);
        if (s == RELOK_OK && q->ics) {
            /* The same dates as `relok stay --ics`, stamped today. */
            char *ics = NULL;
            s = relok_stay_ics(rows, n_rows, plans, n_plans, relok_date_today(), (int)q->remind,
                               q->lang, &ics, &err);
            if (s == RELOK_OK) {
                srv_reply_ics_take(r, ics, "relok-stay.ics");
                return;
            }
        } else if (s == RELOK_OK) {
            s = relok_stay_report_json(on, rows, n_rows, plans, n_plans, 0, &json, &err);
        }
    }
    if (s != RELOK_OK) {
        relok_json_free(json);
        srv_reply_lib_error(r, s, &err);
        return;
    }
    srv_reply_json_take(r, 200, json);
}

void srv_route_stay(srv_req *r)
{
    srv_members root;
    stay_query q;
    if (read_stay_query(r, &q) && srv_body_object(r, &root))
        stay(r, &root, &q);
}

/* ==================================================================== plan */

static void plan(srv_req *r, const srv_members *root)
{
    static const char *const keys[] = {"in", "from", "until", "doc", "land_only", "trips", NULL};
    char home[3] = "";
    relok_plan_request req = {.doc = RELOK_DOC_PASSPORT, .citizenship = "RU"};
    if (!srv_body_keys(r, root, keys) || !srv_body_code(r, root, "in", true, home) ||
        !srv_body_date(r, root, "from", true, &req.from) ||
        !srv_body_date(r, root, "until", true, &req.until) ||
        !srv_body_doc(r, root, "doc", &req.doc) ||
        !srv_body_bool(r, root, "land_only", &req.land_only))
        return;
    if (req.until < req.from) {
        srv_reply_error_why(r, 400, "ERANGE", "until_before_from", "until",
                            "the plan ends before it begins");
        return;
    }
    if (relok_kb_country(srv_kb_of(r), home) == NULL) {
        srv_reply_error_why(r, 400, "ENOTFOUND", "country_unknown", "in",
                        "no country with this code in the knowledge base");
        return;
    }
    /* Earlier trips, as `relok plan --trips`: checked as of the first day. */
    relok_trip *hist = NULL;
    size_t n_hist = 0;
    if (!srv_body_trips(r, root, "trips", false, false, req.from, &hist, &n_hist))
        return;
    req.home = home;
    req.history = hist;
    req.n_history = n_hist;
    relok_plan p;
    relok_error err = {0};
    char *json = NULL;
    relok_status s = relok_plan_from_kb(srv_kb_of(r), &req, r->arena, &p, &err);
    if (s == RELOK_OK)
        s = relok_plan_json(&p, home, req.from, req.until, 0, &json, &err);
    if (s != RELOK_OK) {
        relok_json_free(json);
        if (s == RELOK_ENOPLAN) {
            /* Not an input error: the rules leave no lawful plan. Say why. */
            srv_reply_error(r, 422, "ENOPLAN", NULL,
                            err.msg[0] != '\0' ? err.msg : relok_strerror(s));
            return;
        }
        if (s == RELOK_ENOTFOUND) {
            part_error(r, s, &err, "in");
            return;
        }
        srv_reply_lib_error(r, s, &err);
        return;
    }
    srv_reply_json_take(r, 200, json);
}

void srv_route_plan(srv_req *r)
{
    srv_members root;
    if (srv_check_args(r, NULL) && srv_body_object(r, &root))
        plan(r, &root);
}
