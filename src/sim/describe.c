/* SPDX-License-Identifier: MIT */
/* Scenarios in words for the API and the web's Scenarios page: each event
 * as a sentence in English and Russian (what changes, where, for whom),
 * and the scenario as JSON with its premise, assumptions and every source
 * resolved to its title and address, so a reader can check each event.
 * Engine layer: renders text, no I/O. */
#include "sim_int.h"

#include "base/json_int.h"
#include "relok/json.h"
#include "relok/rule.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Words for the enums an event names, [lang][value]. */
static const char *const group_words[2][RELOK_SIM_GROUP_COUNT_] = {
    {"IT and remote workers", "men of mobilisation age", "families with children",
     "activists and people with a case at home", "others"},
    {"IT-специалисты и удалёнщики", "мужчины призывного возраста", "семьи с детьми",
     "активисты и люди с делом на родине", "остальные"},
};
static const char *const doc_words[2][RELOK_DOC_COUNT_] = {
    {"an internal ID", "a passport", "a birth certificate"},
    {"внутреннему паспорту", "загранпаспорту", "свидетельству о рождении"},
};
static const char *const access_words[2][RELOK_ACCESS_COUNT_] = {
    {"visa-free", "visa on arrival", "e-visa", "visa needed in advance", "entry refused"},
    {"без визы", "виза по прибытии", "электронная виза", "нужна виза заранее", "въезд закрыт"},
};
static const char *const shock_words[2][RELOK_SIM_SHOCK_COUNT_] = {
    {"stability", "attitude to Russians", "economy"},
    {"стабильность", "отношение к россиянам", "экономика"},
};

/* Appends to a fixed buffer, always NUL-terminated, silently truncating. */
typedef struct words {
    char *buf;
    size_t n, len;
} words;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void put(words *w, const char *fmt, ...)
{
    if (w->len + 1 >= w->n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(w->buf + w->len, w->n - w->len, fmt, ap);
    va_end(ap);
    if (k > 0)
        w->len = w->len + (size_t)k < w->n ? w->len + (size_t)k : w->n - 1;
}

/* A number as the language writes it (Russian uses a decimal comma). */
static void put_num(words *w, double v, relok_lang lang)
{
    char t[32];
    snprintf(t, sizeof t, "%g", v);
    if (lang == RELOK_LANG_RU)
        for (char *p = t; *p != '\0'; p++)
            if (*p == '.')
                *p = ',';
    put(w, "%s", t);
}

static void put_country(words *w, const relok_kb *kb, const char *cc, relok_lang lang)
{
    const relok_country *c = kb != NULL ? relok_kb_country(kb, cc) : NULL;
    put(w, "%s", c != NULL ? relok_text_get(&c->name, lang) : cc);
}

static void put_groups(words *w, unsigned groups, relok_lang lang)
{
    unsigned all = (1u << RELOK_SIM_GROUP_COUNT_) - 1u;
    if ((groups & all) == all || groups == 0) {
        put(w, "%s", lang == RELOK_LANG_RU ? "все группы" : "everyone");
        return;
    }
    const char *sep = "";
    for (unsigned g = 0; g < RELOK_SIM_GROUP_COUNT_; g++)
        if (groups & (1u << g)) {
            put(w, "%s%s", sep, group_words[lang][g]);
            sep = ", ";
        }
}

static void put_docs(words *w, unsigned docs, relok_lang lang)
{
    const char *sep = "";
    for (unsigned d = 0; d < RELOK_DOC_COUNT_; d++)
        if (docs & (1u << d)) {
            put(w, "%s%s", sep, doc_words[lang][d]);
            sep = lang == RELOK_LANG_RU ? " или " : " or ";
        }
}

static void rule_change(words *w, const relok_kb *kb, const relok_sim_event *e, relok_lang lang)
{
    bool ru = lang == RELOK_LANG_RU;
    put_country(w, kb, e->country, lang);
    if (e->documents != 0) {
        put(w, "%s", ru ? " (по " : " (travelling with ");
        put_docs(w, e->documents, lang);
        put(w, ")");
    }
    put(w, ": ");
    if (e->has_access)
        put(w, "%s%s", ru ? "въезд — " : "entry — ", access_words[lang][e->access]);
    if (e->stay != NULL) {
        char rb[256];
        put(w, "%s%s", e->has_access ? "; " : "", ru ? "срок пребывания — " : "stay — ");
        put(w, "%s", relok_rule_describe(e->stay, (int)lang, rb, sizeof rb));
    }
    put(w, ".");
}

char *relok_sim_event_describe(const relok_kb *kb, const relok_sim_event *e, relok_lang lang,
                               char *buf, size_t n)
{
    words w = {buf, n, 0};
    if (n == 0)
        return buf;
    buf[0] = '\0';
    lang = lang == RELOK_LANG_RU ? RELOK_LANG_RU : RELOK_LANG_EN;
    bool ru = lang == RELOK_LANG_RU;
    switch (e->kind) {
    case RELOK_SIM_EV_RULE_CHANGE:
        rule_change(&w, kb, e, lang);
        return buf;
    case RELOK_SIM_EV_PUSH:
    case RELOK_SIM_EV_RETURN_PULL:
        if (e->kind == RELOK_SIM_EV_PUSH)
            put(&w, "%s", ru ? "Отъезд из России ×" : "Departures from Russia ×");
        else
            put(&w, "%s", ru ? "Возвращение в Россию ×" : "Returns to Russia ×");
        put_num(&w, e->factor, lang);
        put(&w, " (");
        put_groups(&w, e->groups, lang);
        put(&w, ").");
        return buf;
    case RELOK_SIM_EV_EXIT_BAN:
        put(&w, "%s", ru ? "Россия не выпускает " : "Russia stops ");
        put_num(&w, e->share * 100.0, lang);
        put(&w, "%s", ru ? " % желающих уехать (" : " % of those who would leave (");
        put_groups(&w, e->groups, lang);
        put(&w, ").");
        return buf;
    case RELOK_SIM_EV_HOST_SHOCK:
        put_country(&w, kb, e->country, lang);
        put(&w, ": %s %s ", shock_words[lang][e->shock],
            e->delta < 0 ? (ru ? "снижается на" : "falls by") : (ru ? "растёт на" : "rises by"));
        put_num(&w, fabs(e->delta), lang);
        put(&w, "%s", ru ? " (шкала от −1 до 1)." : " (on a scale of −1 to 1).");
        return buf;
    case RELOK_SIM_EV_EXTRADITION:
        put_country(&w, kb, e->country, lang);
        /* Russian: a noun phrase after a dash, so the groups stay in the
         * nominative whatever the country's gender and number. */
        put(&w, "%s", ru ? ": возможна выдача России — " : " may hand over to Russia: ");
        put_groups(&w, e->groups, lang);
        put(&w, "%s", ru ? "; для них страна закрыта, находящиеся там уезжают."
                         : "; the country is closed to them and those there flee.");
        return buf;
    case RELOK_SIM_EV_PATHWAY:
        put_country(&w, kb, e->country, lang);
        put(&w, "%s", ru ? ": открыт путь к виду на жительство — " : " opens a route to residence: ");
        put_groups(&w, e->groups, lang);
        if (e->documents != 0) {
            put(&w, "%s", ru ? ", въезд по " : ", travelling with ");
            put_docs(&w, e->documents, lang);
        }
        put(&w, ".");
        return buf;
    case RELOK_SIM_EVENT_COUNT_:
        break;
    }
    return buf;
}

/* [{id, title, url}] for source ids; a source the KB lacks keeps its id. */
static json_t *sources_json(relok__jb *jb, const relok_kb *kb, const char *const *ids, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const relok_source *s = kb != NULL ? relok_kb_source(kb, ids[i]) : NULL;
        json_t *o = json_object();
        relok__jset(jb, o, "id", relok__json_str_valid(ids[i]));
        relok__jset(jb, o, "title", relok__json_str(s != NULL ? s->title : NULL));
        relok__jset(jb, o, "url", relok__json_str(s != NULL ? s->url : NULL));
        relok__jpush(jb, arr, o);
    }
    return arr;
}

static json_t *text_or_null(const relok_text *t)
{
    return relok_text_is_empty(t) ? json_null() : relok__json_text(t);
}

relok_status relok_sim_scenario_json(const relok_kb *kb, const relok_sim_scenario *sc,
                                     unsigned flags, char **out, relok_error *err)
{
    relok__jb jb = relok__jb_begin();
    json_t *root = json_object();
    relok__jset(&jb, root, "id", relok__json_str_valid(sc->id));
    relok__jset(&jb, root, "title", relok__json_text(&sc->title));
    relok__jset(&jb, root, "description", text_or_null(&sc->description));
    relok__jset(&jb, root, "assumptions", text_or_null(&sc->assumptions));
    relok__jset(&jb, root, "base", sc->base != NULL ? relok__json_str_valid(sc->base) : json_null());
    relok__jset(&jb, root, "sources", sources_json(&jb, kb, sc->sources, sc->n_sources));
    json_t *events = json_array();
    for (size_t i = 0; i < sc->n_events; i++) {
        const relok_sim_event *e = &sc->events[i];
        char en[512], ru[512];
        relok_sim_event_describe(kb, e, RELOK_LANG_EN, en, sizeof en);
        relok_sim_event_describe(kb, e, RELOK_LANG_RU, ru, sizeof ru);
        json_t *o = json_object();
        relok__jset(&jb, o, "kind", relok__json_str_valid(relok_sim_event_kind_name(e->kind)));
        relok__jset(&jb, o, "from", relok__json_date(e->from));
        relok__jset(&jb, o, "to", e->to == RELOK_DAY_MAX ? json_null() : relok__json_date(e->to));
        relok__jset(&jb, o, "country",
                    e->country[0] != '\0' ? relok__json_str_valid(e->country) : json_null());
        /* The last n_own_events are the scenario's own; the rest its base's. */
        relok__jset(&jb, o, "own", json_boolean(i + sc->n_own_events >= sc->n_events));
        json_t *text = json_object();
        relok__jset(&jb, text, "en", relok__json_str(en));
        relok__jset(&jb, text, "ru", relok__json_str(ru));
        relok__jset(&jb, o, "text", text);
        relok__jset(&jb, o, "note", text_or_null(&e->note));
        relok__jset(&jb, o, "sources", sources_json(&jb, kb, e->sources, e->n_sources));
        relok__jpush(&jb, events, o);
    }
    relok__jset(&jb, root, "events", events);
    return relok__json_finish(&jb, root, flags, out, err);
}
