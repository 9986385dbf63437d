/* SPDX-License-Identifier: MIT */
/* The tax-residency report as JSON: `relok stay --tax --json` and POST
 * /api/tax render through here, so the faces cannot disagree. Engine
 * layer, rendering only; json_t never leaves this file. */
#include "relok/json.h"
#include "relok/tax.h"

#include "base/error_int.h"
#include "base/json_int.h"

static json_t *both(const char *en, const char *ru)
{
    relok_text t = {en, ru};
    return relok__json_text(&t);
}

static json_t *rule_obj(relok__jb *jb, const relok_tax_rule *r)
{
    if (r == NULL)
        return json_null();
    json_t *o = relok__jobject(jb);
    if (o == NULL)
        return NULL;
    relok__jset(jb, o, "period", relok__json_str_valid(relok_tax_period_name(r->period)));
    relok__jset(jb, o, "min_days", json_integer(r->min_days));
    relok__jset(jb, o, "law", both(r->law_en, r->law_ru));
    relok__jset(jb, o, "note", both(r->note_en, r->note_ru));
    relok__jset(jb, o, "source", relok__json_str_valid(r->url));
    relok__jset(jb, o, "read", relok__json_str_valid(r->read));
    return o;
}

static json_t *changes_arr(relok__jb *jb, const relok_tax_change *c, size_t n)
{
    json_t *arr = relok__jarray(jb);
    if (arr == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        json_t *o = relok__jobject(jb);
        if (o == NULL)
            break;
        relok__jset(jb, o, "date", relok__json_date(c[i].day));
        relok__jset(jb, o, "resident", json_boolean(c[i].resident));
        relok__jset(jb, o, "days", json_integer(c[i].days));
        relok__jpush(jb, arr, o);
    }
    return arr;
}

static json_t *row_obj(relok__jb *jb, const relok_tax_row *w)
{
    json_t *o = relok__jobject(jb);
    if (o == NULL)
        return NULL;
    relok__jset(jb, o, "country", relok__json_str_valid(w->country));
    relok__jset(jb, o, "days_12m", json_integer(w->days_12m));
    relok__jset(jb, o, "days_year", json_integer(w->days_year));
    relok__jset(jb, o, "rule", rule_obj(jb, w->rule));
    bool has = w->rule != NULL;
    relok__jset(jb, o, "days_counted", relok__json_int_or_null(w->days_counted, -1));
    relok__jset(jb, o, "resident", has ? json_boolean(w->resident) : json_null());
    relok__jset(jb, o, "met_in_year", relok__json_date(w->met_in_year));
    relok__jset(jb, o, "changes", has ? changes_arr(jb, w->changes, w->n_changes) : json_array());
    relok__jset(jb, o, "changes_truncated", json_boolean(w->changes_truncated));
    return o;
}

relok_status relok_tax_json(const relok_tax_report *r, unsigned flags, char **out,
                            relok_error *err)
{
    *out = NULL;
    if (r == NULL)
        return relok__fail(err, RELOK_EINVAL, "no report");
    relok__jb jb = relok__jb_begin();
    json_t *o = json_object();
    if (o == NULL)
        jb.failed = 1;
    else {
        relok__jset(&jb, o, "on", relok__json_date(r->on));
        relok__jset(&jb, o, "notice",
                    both(relok_tax_notice(RELOK_LANG_EN), relok_tax_notice(RELOK_LANG_RU)));
        relok__jset(&jb, o, "window_from", relok__json_date(r->window_from));
        relok__jset(&jb, o, "unrecorded_days_12m", json_integer(r->unrecorded_12m));
        json_t *rows = json_array();
        if (rows == NULL)
            jb.failed = 1;
        for (size_t i = 0; rows != NULL && i < r->n_rows; i++)
            relok__jpush(&jb, rows, row_obj(&jb, &r->rows[i]));
        relok__jset(&jb, o, "countries", rows);
        relok__jset(&jb, o, "reading",
                    both(relok_tax_reading(RELOK_LANG_EN), relok_tax_reading(RELOK_LANG_RU)));
    }
    return relok__json_finish(&jb, o, flags, out, err);
}
