/* SPDX-License-Identifier: MIT */
/* The advisor's stay allowance (one stay, and the days of the coming year
 * with re-entries as soon as the rules allow) and the access score's
 * reasons. Engine layer, no I/O. */
#include "build.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ================================================================= stay */

/* The stay version covering day d, or NULL. */
static const relok_stay_rule *version_at(const relok_stay_rule *const *v, size_t n, relok_day d)
{
    for (size_t i = 0; i < n; i++)
        if (relok_fact_in_force(&v[i]->fact, d))
            return v[i];
    return NULL;
}

/* Is a trip in country code `cc` on day d in the same stay area as c? */
static bool in_area(const cb *b, const char *cc, relok_day d)
{
    if (strcmp(cc, b->c->code) == 0)
        return true;
    const relok_zone *zc = relok_kb_zone_of(b->kb, b->c, d);
    return zc != NULL && relok_kb_zone_of_code(b->kb, cc, d) == zc;
}

/* Where the year plan's answers come from: the stay engine (each answer
 * kept in pl, for the cache), or a plan from the cache, replayed in the
 * order it was asked. */
typedef struct answers {
    const relok_rule_span *spans;
    size_t nv;
    relok__stay_plan *pl;
    bool replay;
    size_t k;
} answers;

static relok_status answer(cb *b, answers *s, size_t nt, relok_day day, relok_stay_answer *ans,
                           relok_error *err)
{
    if (s->replay && s->k < s->pl->n) {
        *ans = s->pl->ans[s->k++];
        return RELOK_OK;
    }
    relok_status rc = relok_stay_eval(s->spans, s->nv, b->trips, nt, day, ans, err);
    if (rc == RELOK_OK && !s->replay && s->pl->n < sizeof s->pl->ans / sizeof *s->pl->ans)
        s->pl->ans[s->pl->n++] = *ans;
    return rc;
}

/* The stay from the first lawful entry and the days of the coming year on
 * the trips b->trips[0..nt) (see relok__advise_stay). *complete: the plan
 * ran to the year's end, not cut short by the document's last day or last
 * entry. Those limits only cut a plan short, so the answers of a complete
 * plan are the first ones of every shorter plan: they can be cached for
 * everyone with the same citizenship and document. */
static relok_status year(cb *b, answers *src, const relok_stay_rule *const *v, size_t nv,
                         size_t nt, relok_day last_day, relok_day last_entry, bool *complete,
                         relok_error *err)
{
    relok_advice_stay *st = &b->out->stay;
    const relok_stay_rule *now = version_at(v, nv, b->asof);
    relok_day D = b->asof;
    relok_day end = D + 364;
    if (last_day < end)
        end = last_day;
    *complete = end == D + 364;
    relok_stay_answer ans;
    relok_status rc = answer(b, src, nt, D, &ans, err);
    if (rc != RELOK_OK)
        return rc;
    st->is_known = true;
    st->rule = now;
    st->overstay = ans.overstay;
    st->is_cautious = ans.is_unknown_rule;
    if (ans.no_stay_allowed && !ans.inside) {
        blocker(b, RELOK_BLOCK_NO_STAY,
                (relok_text){"No visa-free stay: a visa or permit is needed",
                             "Безвизовое пребывание не предусмотрено: нужна виза или "
                             "разрешение"},
                &now->fact, NULL);
        st->days_next_365 = 0;
        st->exits_next_365 = 0;
        st->max_stay_days = 0;
        return RELOK_OK;
    }
    int32_t total = 0, exits = 0;
    relok_day day = D;
    bool first = true;
    if (ans.inside) {
        st->is_inside = true;
        st->days_used = ans.days_used;
        relok_day stop;
        if (ans.latest_exit_unbounded) {
            stop = end;
        } else if (ans.latest_exit == RELOK_DAY_NONE) {
            stop = D - 1; /* unlawful today: leave now */
        } else {
            st->latest_exit = ans.latest_exit;
            stop = ans.latest_exit < end ? ans.latest_exit : end;
        }
        if (stop >= D)
            total += stop - D + 1;
        st->earliest_entry = D;
        st->is_unbounded = ans.latest_exit_unbounded && last_day == RELOK_DAY_MAX;
        st->max_stay_days = st->is_unbounded ? -1 : (stop >= D ? stop - D + 1 : 0);
        first = false;
        relok_day close = stop >= D ? stop : D;
        for (size_t i = 0; i < nt; i++)
            if (b->trips[i].status == RELOK_TRIP_VISIT && b->trips[i].exit == RELOK_DAY_NONE)
                b->trips[i].exit = close;
        day = close + 1;
        if (stop < end)
            exits++;
    }
    for (int it = 0; it < PLAN_TRIPS - 1 && day <= end; it++) {
        if (day != D && (rc = answer(b, src, nt, day, &ans, err)) != RELOK_OK)
            return rc;
        if (ans.earliest_reentry == RELOK_DAY_NONE) {
            if (first)
                blocker(b, RELOK_BLOCK_NO_LAWFUL_ENTRY,
                        (relok_text){"Your past stays leave no lawful entry in sight",
                                     "С учётом прошлых поездок законный въезд в обозримом "
                                     "будущем невозможен"},
                        &now->fact, NULL);
            break;
        }
        relok_day e = ans.earliest_reentry;
        bool unbounded = ans.max_stay_unbounded;
        int32_t len = ans.max_stay_if_entering;
        if (first) {
            first = false;
            st->earliest_entry = e;
            st->is_unbounded = unbounded && last_day == RELOK_DAY_MAX;
            if (!st->is_unbounded) {
                int64_t cap = last_day == RELOK_DAY_MAX ? INT32_MAX : (int64_t)last_day - e + 1;
                int64_t l = unbounded ? cap : (len < cap ? len : cap);
                st->max_stay_days = (int32_t)(l < 0 ? 0 : l);
            }
            const relok_stay_rule *at = version_at(v, nv, e);
            if (at != NULL)
                st->rule = at;
        }
        if (e > end || e > last_entry) {
            if (e <= end)
                *complete = false;
            break;
        }
        if (!unbounded && len <= 0)
            break;
        relok_day x = unbounded ? end : (e + len - 1 < end ? e + len - 1 : end);
        total += x - e + 1;
        if (x >= end || nt >= b->cap_trips)
            break;
        relok_trip t = {.entry = e, .exit = x, .status = RELOK_TRIP_VISIT, .line = 0};
        memcpy(t.country, b->c->code, 3);
        b->trips[nt++] = t;
        exits++;
        day = x + 1;
    }
    st->days_next_365 = total;
    st->exits_next_365 = exits;
    return RELOK_OK;
}

/* Stay allowance for document `doc` of citizenship `cit`: one stay from the
 * first lawful entry, and the days of the coming year when the person leaves
 * and comes back as soon as the rules allow (a greedy plan on the stay
 * engine; the planner of `relok plan` searches properly). */
relok_status relok__advise_stay(cb *b, relok_doc doc, const char *cit, relok_day last_day,
                            relok_day last_entry, relok_error *err)
{
    relok_advice_stay *st = &b->out->stay;
    st->days_used = -1;
    st->latest_exit = RELOK_DAY_NONE;
    st->earliest_entry = RELOK_DAY_NONE;
    st->max_stay_days = -1;
    st->days_next_365 = -1;
    st->exits_next_365 = -1;
    const relok_stay_rule *v[RELOK_MAX_STAY_VERSIONS];
    size_t nv = relok_kb_stay_versions(b->kb, b->c, cit, doc, v, RELOK_MAX_STAY_VERSIONS);
    if (nv > RELOK_MAX_STAY_VERSIONS)
        nv = RELOK_MAX_STAY_VERSIONS;
    if (version_at(v, nv, b->asof) == NULL) {
        relok_text t = {0};
        if (wordy(b)) {
            char en[256], ru[256];
            snprintf(en, sizeof en, "No stay rule recorded for your %s", relok__advise_doc_en[doc]);
            snprintf(ru, sizeof ru, "Правило пребывания по документу «%s» не записано",
                     relok__advise_doc_ru[doc]);
            t = text2(b, en, ru);
        }
        unknown(b, RELOK_DIM_ACCESS, U_STAY, t);
        return RELOK_OK;
    }
    relok_rule_span spans[RELOK_MAX_STAY_VERSIONS];
    for (size_t i = 0; i < nv; i++) {
        spans[i].from = v[i]->fact.from;
        spans[i].to = v[i]->fact.to;
        spans[i].rule = &v[i]->rule;
    }

    /* The trips that count here: the country's own, or any member's of its
     * zone. Trips after the as-of date are ignored; a visit that spans it
     * counts as ongoing. */
    relok_day D = b->asof;
    size_t nt = 0;
    for (size_t i = 0; i < b->n_user_trips && nt + PLAN_TRIPS < b->cap_trips; i++) {
        relok_trip t = b->user_trips[i];
        if (t.entry > D || !in_area(b, t.country, t.entry))
            continue;
        if (t.status == RELOK_TRIP_VISIT && t.exit != RELOK_DAY_NONE && t.exit > D)
            t.exit = RELOK_DAY_NONE;
        b->trips[nt++] = t;
    }

    /* Without a trip log the answers depend only on the country, the
     * citizenship, the document and the date: cached (cache.c). */
    relok__stay_plan pl = {.n = 0};
    answers src = {.spans = spans, .nv = nv, .pl = &pl};
    bool cacheable = b->cache != NULL && b->n_user_trips == 0;
    if (cacheable && relok__advise_cache_get(b->cache, b->c, cit, doc, D, &pl))
        src.replay = true;
    bool complete = false;
    relok_status rc = year(b, &src, v, nv, nt, last_day, last_entry, &complete, err);
    if (rc == RELOK_OK && cacheable && !src.replay && complete)
        relok__advise_cache_put(b->cache, b->c, cit, doc, D, &pl);
    return rc;
}

/* Why the document limits the stay: its expiry and the months of validity
 * the entry rule wants left (the rule is the source of the margin). */
static void validity_words(const relok_advice_entry *en, char *e, size_t le, char *r, size_t lr)
{
    e[0] = r[0] = '\0';
    if (en->doc_expires == RELOK_DAY_NONE)
        return;
    char date[RELOK_DATE_BUF];
    relok_date_format(en->doc_expires, date);
    int months = en->rule != NULL ? (int)en->rule->passport_valid_months : -1;
    if (months <= 0) {
        snprintf(e, le, ": it expires on %s", date);
        snprintf(r, lr, ": он действует до %s", date);
        return;
    }
    bool from_entry = en->rule->validity_from_entry;
    snprintf(e, le, ": it expires on %s, and the entry rule wants it valid %d more months %s", date,
             months, from_entry ? "on each entry" : "after departure");
    snprintf(r, lr, ": он действует до %s, а правило въезда требует ещё %d мес. действия %s", date,
             months, from_entry ? "при каждом въезде" : "после выезда");
}

/* The words of the one-stay reason: how long one stay may last, and the
 * rule in words. */
static relok_text stay_words(cb *b)
{
    const relok_advice_stay *st = &b->out->stay;
    char en_[768], ru_[1024];
    const size_t le = sizeof en_, lr = sizeof ru_;
    char words_en[256] = "", words_ru[384] = "", date[RELOK_DATE_BUF];
    if (st->rule != NULL) {
        relok_rule_describe(&st->rule->rule, RELOK_LANG_EN, words_en, sizeof words_en);
        relok_rule_describe(&st->rule->rule, RELOK_LANG_RU, words_ru, sizeof words_ru);
    }
    if (st->is_inside) {
        if (st->is_unbounded) {
            snprintf(en_, le, "You are there now, with no limit in sight (%s)", words_en);
            snprintf(ru_, lr, "Вы сейчас там, ограничения не видно (%s)", words_ru);
        } else {
            snprintf(en_, le, "You are there now: %d more %s in this stay (%s)",
                     (int)st->max_stay_days, en_days(st->max_stay_days), words_en);
            snprintf(ru_, lr, "Вы сейчас там: ещё %d %s в этой поездке (%s)",
                     (int)st->max_stay_days, ru_days(st->max_stay_days), words_ru);
        }
    } else if (st->is_unbounded) {
        snprintf(en_, le, "No limit on one stay (%s)", words_en);
        snprintf(ru_, lr, "Без ограничения срока одной поездки (%s)", words_ru);
    } else if (st->earliest_entry != RELOK_DAY_NONE && st->earliest_entry > b->asof) {
        snprintf(en_, le, "Up to %d %s in one stay, entering from %s (%s)",
                 (int)st->max_stay_days, en_days(st->max_stay_days),
                 relok_date_format(st->earliest_entry, date), words_en);
        snprintf(ru_, lr, "До %d %s за поездку, въезд с %s (%s)", (int)st->max_stay_days,
                 ru_days(st->max_stay_days), date, words_ru);
    } else {
        snprintf(en_, le, "Up to %d %s in one stay (%s)", (int)st->max_stay_days,
                 en_days(st->max_stay_days), words_en);
        snprintf(ru_, lr, "До %d %s за одну поездку (%s)", (int)st->max_stay_days,
                 ru_days(st->max_stay_days), words_ru);
    }
    return text2(b, en_, ru_);
}

/* The words of the entry reason: how the document gets one in. */
static relok_text entry_words(cb *b)
{
    const relok_advice_entry *en = &b->out->entry;
    char en_[256], ru_[256];
    if (en->rule->access == RELOK_ACCESS_VISA_FREE) {
        snprintf(en_, sizeof en_, "Visa-free entry with your %s", relok__advise_doc_en[en->document]);
        snprintf(ru_, sizeof ru_, "Въезд без визы по %s", relok__advise_doc_ru_dat[en->document]);
    } else if (en->rule->access == RELOK_ACCESS_VISA_ON_ARRIVAL) {
        snprintf(en_, sizeof en_, "Visa on arrival with your %s", relok__advise_doc_en[en->document]);
        snprintf(ru_, sizeof ru_, "Виза по прибытии по %s", relok__advise_doc_ru_dat[en->document]);
    } else {
        snprintf(en_, sizeof en_, "E-visa needed for your %s (applied for online)",
                 relok__advise_doc_en[en->document]);
        snprintf(ru_, sizeof ru_, "Нужна электронная виза по %s (оформляется онлайн)",
                 relok__advise_doc_ru_dat[en->document]);
    }
    return text2(b, en_, ru_);
}

/* The words of the year reason: days of the coming year and exits. */
static relok_text year_words(cb *b)
{
    const relok_advice_stay *st = &b->out->stay;
    int32_t y = st->days_next_365 < 0 ? 0 : st->days_next_365;
    char en_[256], ru_[384];
    snprintf(en_, sizeof en_,
             "%d of the next 365 days lawfully, with %d %s and re-entries as soon as allowed",
             (int)y, (int)st->exits_next_365, st->exits_next_365 == 1 ? "exit" : "exits");
    snprintf(ru_, sizeof ru_,
             "%d из ближайших 365 дней законно, с выездами (%d) и возвращением при первой "
             "возможности",
             (int)y, (int)st->exits_next_365);
    return text2(b, en_, ru_);
}

void relok__advise_word_later(cb *b)
{
    if (b->n_later == 0)
        return;
    const relok_advice_reason *best[RELOK__SUMMARY_REASONS];
    relok__advise_top_reasons(b->out, best);
    relok_advice_reason *rs = b->reasons.items;
    for (size_t i = 0; i < b->n_later; i++)
        for (size_t k = 0; k < RELOK__SUMMARY_REASONS; k++)
            if (best[k] == &rs[b->later[i].at])
                rs[b->later[i].at].text = b->later[i].words(b);
}

void relok__advise_access_reasons(cb *b, bool doc_blocked)
{
    const relok_advice_entry *en = &b->out->entry;
    const relok_advice_stay *st = &b->out->stay;
    if (doc_blocked) {
        reason(b, RELOK_DIM_ACCESS, 0,
               (relok_text){"You cannot enter (see the blockers)",
                            "Въехать нельзя (см. препятствия)"},
               NULL, NULL);
        return;
    }
    const relok_fact *ef = en->rule != NULL ? &en->rule->fact : NULL;
    if (en->verdict == RELOK_VERDICT_UNKNOWN || en->rule == NULL) {
        neutral_reason(b, RELOK_DIM_ACCESS, ACC_ENTRY_UNKNOWN,
                       (relok_text){"Entry rule unknown: cautious value",
                                    "Правило въезда неизвестно: осторожная оценка"});
    } else {
        double pts = en->rule->access == RELOK_ACCESS_VISA_FREE ? ACC_ENTRY_FREE : ACC_ENTRY_FORMAL;
        reason_later(b, RELOK_DIM_ACCESS, pts, entry_words, ef);
    }
    if (!st->is_known) {
        neutral_reason(b, RELOK_DIM_ACCESS, ACC_STAY_UNKNOWN,
                       (relok_text){"Stay rule unknown: cautious value",
                                    "Правило пребывания неизвестно: осторожная оценка"});
        return;
    }
    const relok_fact *sf = st->rule != NULL ? &st->rule->fact : NULL;
    char en_[768], ru_[1024], date[RELOK_DATE_BUF];
    double one = st->is_unbounded ? 365 : (st->max_stay_days > 365 ? 365 : st->max_stay_days);
    if (one < 0)
        one = 0;
    reason_later(b, RELOK_DIM_ACCESS, ACC_STAY_MAX * one / 365.0, stay_words, sf);
    if (en->doc_last_day != RELOK_DAY_MAX && en->doc_last_day < b->asof + 364) {
        relok_text t = {0};
        if (says(b, 0)) {
            char why_en[256], why_ru[384];
            validity_words(en, why_en, sizeof why_en, why_ru, sizeof why_ru);
            snprintf(en_, sizeof en_,
                     "Your document's validity ends your stays by %s%s (included above)",
                     relok_date_format(en->doc_last_day, date), why_en);
            snprintf(ru_, sizeof ru_,
                     "Срок действия документа ограничивает пребывание датой %s%s (учтено выше)",
                     date, why_ru);
            t = text2(b, en_, ru_);
        }
        reason(b, RELOK_DIM_ACCESS, 0, t, ef, NULL);
    }
    int32_t y = st->days_next_365 < 0 ? 0 : st->days_next_365;
    reason_later(b, RELOK_DIM_ACCESS, ACC_YEAR_MAX * (y > 365 ? 365 : y) / 365.0, year_words, sf);
    if (st->is_cautious)
        unknown(b, RELOK_DIM_ACCESS, U_CAUTIOUS,
                (relok_text){"How stay days are counted is not known: the most cautious reading "
                             "is used",
                             "Как считаются дни пребывания, неизвестно: используется самое "
                             "осторожное прочтение"});
}
