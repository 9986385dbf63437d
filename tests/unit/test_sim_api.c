/* SPDX-License-Identifier: MIT */
/* The simulator's renderings for the API (src/sim/describe.c, series.c):
 * every event kind in words in both languages, the scenario JSON with its
 * sources resolved, and the monthly series checked against the daily
 * counts they come from (month-end stocks, monthly sums of flows, the
 * stock abroad) and the KB's calibration targets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kb_fixture.h"
#include "relok/relok.h"
#include "relok/sim.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void assert_words(const relok_sim_event *e, const char *en, const char *ru)
{
    char buf[512];
    assert_string_equal(relok_sim_event_describe(g_kb, e, RELOK_LANG_EN, buf, sizeof buf), en);
    assert_string_equal(relok_sim_event_describe(g_kb, e, RELOK_LANG_RU, buf, sizeof buf), ru);
}

static void test_event_words_every_kind(void **state)
{
    (void)state;
    const unsigned all = (1u << RELOK_SIM_GROUP_COUNT_) - 1u;
    relok_sim_event e = {.kind = RELOK_SIM_EV_PUSH, .groups = all, .factor = 0.5};
    assert_words(&e, "Departures from Russia ×0.5 (everyone).", "Отъезд из России ×0,5 (все группы).");
    e = (relok_sim_event){.kind = RELOK_SIM_EV_RETURN_PULL, .groups = 1u << RELOK_SIM_GROUP_IT,
                          .factor = 3};
    assert_words(&e, "Returns to Russia ×3 (IT and remote workers).",
                 "Возвращение в Россию ×3 (IT-специалисты и удалёнщики).");
    e = (relok_sim_event){.kind = RELOK_SIM_EV_EXIT_BAN, .groups = 1u << RELOK_SIM_GROUP_MOB,
                          .share = 0.5};
    assert_words(&e, "Russia stops 50 % of those who would leave (men of mobilisation age).",
                 "Россия не выпускает 50 % желающих уехать (мужчины призывного возраста).");
    e = (relok_sim_event){.kind = RELOK_SIM_EV_HOST_SHOCK, .country = "AM",
                          .shock = RELOK_SIM_SHOCK_ECONOMY, .delta = -0.7};
    assert_words(&e, "Armenia: economy falls by 0.7 (on a scale of −1 to 1).",
                 "Армения: экономика снижается на 0,7 (шкала от −1 до 1).");
    e = (relok_sim_event){.kind = RELOK_SIM_EV_EXTRADITION, .country = "KZ",
                          .groups = 1u << RELOK_SIM_GROUP_ACTIVIST};
    assert_words(&e,
                 "Kazakhstan may hand over to Russia: activists and people with a case at home; "
                 "the country is closed to them and those there flee.",
                 "Казахстан: возможна выдача России — активисты и люди с делом на родине; для них "
                 "страна закрыта, находящиеся там уезжают.");
    e = (relok_sim_event){.kind = RELOK_SIM_EV_PATHWAY, .country = "DE",
                          .groups = 1u << RELOK_SIM_GROUP_FAMILY,
                          .documents = 1u << RELOK_DOC_PASSPORT};
    assert_words(&e,
                 "Germany opens a route to residence: families with children, travelling with a "
                 "passport.",
                 "Германия: открыт путь к виду на жительство — семьи с детьми, въезд по "
                 "загранпаспорту.");
    e = (relok_sim_event){.kind = RELOK_SIM_EV_RULE_CHANGE, .country = "GE",
                          .documents = 1u << RELOK_DOC_INTERNAL_ID, .has_access = true,
                          .access = RELOK_ACCESS_NOT_ACCEPTED};
    assert_words(&e, "Georgia (travelling with an internal ID): entry — entry refused.",
                 "Грузия (по внутреннему паспорту): въезд — въезд закрыт.");
    /* A small buffer is cut, never overrun. */
    char small[8];
    relok_sim_event_describe(g_kb, &e, RELOK_LANG_EN, small, sizeof small);
    assert_string_equal(small, "Georgia");
}

/* A stay rule from a shipped scenario reads as the stay engine's words. */
static void test_scenario_json_resolves_sources(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_sim_scenario sc;
    relok_error err = {0};
    assert_int_equal(relok_sim_scenario_load(scen_dir(), "ge-visas", g_kb, a, &sc, &err), RELOK_OK);
    char *text = NULL;
    assert_int_equal(relok_sim_scenario_json(g_kb, &sc, 0, &text, &err), RELOK_OK);
    json_t *j = json_loads(text, 0, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "base")), "baseline");
    json_t *events = json_object_get(j, "events");
    assert_int_equal(json_array_size(events), sc.n_events);
    size_t own = 0;
    for (size_t i = 0; i < json_array_size(events); i++) {
        json_t *e = json_array_get(events, i);
        own += json_is_true(json_object_get(e, "own"));
        json_t *src = json_object_get(e, "sources");
        assert_true(json_array_size(src) > 0);
        for (size_t k = 0; k < json_array_size(src); k++)
            assert_non_null(json_string_value(json_object_get(json_array_get(src, k), "title")));
        assert_true(strlen(json_string_value(json_object_get(json_object_get(e, "text"), "ru"))) > 0);
    }
    assert_int_equal(own, sc.n_own_events);
    json_decref(j);
    relok_json_free(text);
    relok_arena_free(a);
}

static json_t *arr(json_t *o, const char *k1, const char *k2)
{
    json_t *x = json_object_get(o, k1);
    return k2 != NULL ? json_object_get(x, k2) : x;
}

/* The monthly series equal the daily counts summed by hand (one run, so
 * every quantile is that run's value). */
static void test_series_match_daily_counts(void **state)
{
    (void)state;
    relok_arena *a = relok_arena_new(0);
    relok_sim_scenario sc;
    relok_error err = {0};
    assert_int_equal(relok_sim_scenario_load(scen_dir(), "baseline", g_kb, a, &sc, &err), RELOK_OK);
    relok_sim_opts o;
    relok_sim_opts_init(&o);
    o.n_agents = 400;
    o.n_runs = 1;
    relok_date_from_ymd(2023, 3, 15, &o.until, NULL); /* a horizon mid-month */
    relok_sim_result *r = NULL;
    assert_int_equal(relok_sim_run(g_kb, &sc, &o, &r, &err), RELOK_OK);
    char *text = NULL;
    assert_int_equal(relok_sim_series_json(g_kb, r, &sc, 0, &text, &err), RELOK_OK);
    json_t *j = json_loads(text, 0, NULL);
    assert_non_null(j);
    json_t *months = json_object_get(j, "months");
    assert_int_equal(json_array_size(months), 15); /* 2022-01 .. 2023-03 */
    assert_string_equal(json_string_value(json_array_get(months, 14)), "2023-03");
    json_t *places = json_object_get(j, "places");
    assert_true(json_array_size(places) > 0);
    for (size_t i = 0; i < json_array_size(places); i++) {
        json_t *p = json_array_get(places, i);
        int place = relok_sim_place(r, json_string_value(json_object_get(p, "code")));
        assert_true(place > 0);
        uint32_t day = 0;
        for (size_t m = 0; m < 15; m++) {
            double arrivals = 0;
            int32_t y;
            int mo, d;
            do {
                arrivals += relok_sim_count(r, 0, day, (size_t)place, RELOK_SIM_M_ARRIVALS);
                relok_date_to_ymd(r->start + (relok_day)day + 1, &y, &mo, &d);
                day++;
            } while (d != 1 && day < r->n_days);
            double stock = relok_sim_count(r, 0, day - 1, (size_t)place, RELOK_SIM_M_STOCK);
            assert_int_equal(json_integer_value(json_array_get(arr(p, "stock", "q50"), m)),
                             (json_int_t)(stock * r->scale));
            assert_int_equal(json_integer_value(json_array_get(arr(p, "arrivals", NULL), m)),
                             (json_int_t)(arrivals * r->scale));
        }
        assert_int_equal(day, r->n_days);
    }
    /* Abroad: every agent not at home. */
    double home = relok_sim_count(r, 0, r->n_days - 1, 0, RELOK_SIM_M_STOCK);
    assert_int_equal(json_integer_value(json_array_get(arr(j, "abroad", "q50"), 14)),
                     (json_int_t)((o.n_agents - home) * r->scale));
    /* The five calibration targets of the brief, with their endnotes. */
    json_t *targets = json_object_get(j, "targets");
    assert_int_equal(json_array_size(targets), 5);
    bool seen_abroad = false;
    for (size_t i = 0; i < json_array_size(targets); i++) {
        json_t *t = json_array_get(targets, i);
        if (strcmp(json_string_value(json_object_get(t, "place")), "abroad") == 0) {
            seen_abroad = true;
            assert_int_equal(json_integer_value(json_object_get(t, "low")), 817000);
            assert_int_equal(json_integer_value(json_object_get(t, "high")), 922000);
            assert_string_equal(json_string_value(json_array_get(json_object_get(t, "sources"), 0)),
                                "brief:I");
        }
    }
    assert_true(seen_abroad);
    json_decref(j);
    relok_json_free(text);
    relok_sim_result_free(r);
    relok_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_words_every_kind),
        cmocka_unit_test(test_scenario_json_resolves_sources),
        cmocka_unit_test(test_series_match_daily_counts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
