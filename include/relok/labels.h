/* SPDX-License-Identifier: MIT */
/* Enum labels for people: every value of the KB's and the engines'
 * enumerations that a person reads (documents, access, rule kinds,
 * pathway kinds, indicator units, risk levels, must-have states, trip
 * statuses...) in English and Russian, in ONE list. The CLI prints from it,
 * `GET /api/labels` serves it to the web (web/js/i18n.js), so the faces
 * cannot word a value differently. Model layer: static data, no I/O.
 * Groups are named as the web's label keys ("access.visa_free"); names are
 * the values' machine names (relok_access_name etc.). tests/unit/test_kb.c
 * checks that every enum value has its label. */
#ifndef RELOK_LABELS_H
#define RELOK_LABELS_H

#include "common.h"
#include "error.h"
#include "text.h"

/* X(group, name, English, Russian). Append within a group; the web and the
 * CLI look labels up by group and name, never by position. */
#define RELOK_LABEL_MAP(X) \
    X("doc", "passport", "international passport", "загранпаспорт") \
    X("doc", "internal_id", "internal ID", "внутренний паспорт") \
    X("doc", "birth_certificate", "child's birth certificate", "свидетельство о рождении ребёнка") \
    X("access", "visa_free", "visa-free", "без визы") \
    X("access", "visa_on_arrival", "visa on arrival", "виза по прибытии") \
    X("access", "e_visa", "e-visa", "электронная виза") \
    X("access", "visa", "visa needed", "нужна виза") \
    X("access", "not_accepted", "document not accepted", "документ не принимается") \
    X("mode", "air", "by air", "самолётом") \
    X("mode", "land", "overland", "по суше") \
    X("counted_from", "entry", "entry", "въезда") \
    X("counted_from", "exit", "exit", "выезда") \
    X("kind", "per_entry", "per entry", "за один въезд") \
    X("kind", "rolling", "rolling window", "скользящее окно") \
    X("kind", "anchored", "period from first entry", "период от первого въезда") \
    X("kind", "calendar_year", "per calendar year", "за календарный год") \
    X("kind", "half_year", "per half-year", "за полугодие") \
    X("kind", "unknown", "unknown — verify", "неизвестно — проверить") \
    X("kind", "none", "no visa-free stay", "без безвизового пребывания") \
    X("kind", "all_of", "combined limits", "несколько ограничений") \
    X("kind", "no_limit", "no limit (union partner)", "без ограничения (партнёр по союзу)") \
    X("zone", "schengen", "Schengen area", "Шенгенская зона") \
    X("basis", "law", "law", "закон") \
    X("basis", "practice", "observed practice", "практика") \
    X("basis", "report", "report", "сообщение") \
    X("factor", "criminal_case", "criminal case or warrant in Russia", "уголовное дело или розыск в России") \
    X("factor", "draft_eligible", "eligible for the draft", "подлежит призыву") \
    X("factor", "activist", "activist or journalist", "активист или журналист") \
    X("factor", "lgbtqi", "LGBTQI+", "ЛГБТКИ+") \
    X("factor", "north_caucasus", "North Caucasus origin", "выходец с Северного Кавказа") \
    X("factor", "entered_abkhazia_or_south_ossetia_from_russia", "entered Abkhazia or South Ossetia from Russia", "въезжал в Абхазию или Южную Осетию из России") \
    X("pathway", "residence", "residence", "ВНЖ") \
    X("pathway", "work", "work", "работа") \
    X("pathway", "study", "study", "учёба") \
    X("pathway", "business", "business", "бизнес") \
    X("pathway", "investment", "investment", "инвестиции") \
    X("pathway", "digital_nomad", "digital nomad", "цифровой кочевник") \
    X("pathway", "family", "family", "семья") \
    X("pathway", "humanitarian", "humanitarian", "гуманитарный") \
    X("pathway", "asylum", "asylum", "убежище") \
    X("pathway", "citizenship", "citizenship", "гражданство") \
    X("req", "real_estate_value", "Real estate value", "Стоимость недвижимости") \
    X("req", "investment", "Investment", "Инвестиции") \
    X("req", "business_annual_turnover", "Annual business turnover", "Годовой оборот бизнеса") \
    X("req", "monthly_income", "Monthly income", "Доход в месяц") \
    X("req", "savings", "Savings", "Сбережения") \
    X("req", "has_passport", "A valid international passport", "Действующий загранпаспорт") \
    X("req", "local_job_offer", "A job offer from a local employer", "Предложение от местного работодателя") \
    X("req", "remote_foreign_employer", "Remote work for a non-Russian employer", "Удалённая работа на нероссийскую компанию") \
    X("req", "remote_russian_employer", "Remote work for a Russian employer", "Удалённая работа на российскую компанию") \
    X("req", "it_specialist", "Works in IT", "Работа в IT") \
    X("req", "study_admission", "Admitted to a local school or university", "Зачисление в местное учебное заведение") \
    X("req", "persecuted_in_russia", "Persecuted in Russia", "Преследование в России") \
    X("req", "family_tie", "Close family who are citizens or residents", "Близкие родственники — граждане или резиденты") \
    X("req", "age", "Age", "Возраст") \
    X("cost", "rent_1br", "Rent, one-bedroom flat", "Аренда однокомнатной квартиры") \
    X("cost", "rent_room", "Rent, a room", "Аренда комнаты") \
    X("cost", "basket", "Food basket per month", "Продуктовая корзина в месяц") \
    X("cost", "living_single", "All costs of one person per month", "Все расходы одного человека в месяц") \
    X("cost", "school", "School, per child per month", "Школа, на ребёнка в месяц") \
    X("cost", "visa_fee", "Visa fee", "Визовый сбор") \
    X("cost", "permit_fee", "Permit fee", "Сбор за разрешение") \
    X("cost", "family_budget", "A family's month, all costs", "Месяц семьи, все расходы") \
    X("cost", "living_no_rent", "One person's month without rent", "Месяц одного человека без аренды") \
    X("cost", "subsistence_min", "Official subsistence minimum per person (a floor)", "Официальный прожиточный минимум на человека (нижняя граница)") \
    X("severity", "low", "low", "низкий") \
    X("severity", "medium", "medium", "средний") \
    X("severity", "high", "high", "высокий") \
    X("severity", "blocker", "blocker", "блокер") \
    X("dim", "access", "Access", "Доступ") \
    X("dim", "cost", "Cost", "Расходы") \
    X("dim", "society", "Society", "Общество") \
    X("dim", "opportunity", "Opportunity", "Возможности") \
    X("dim", "stability", "Stability", "Стабильность") \
    X("dim", "safety", "Safety", "Безопасность") \
    X("unit", "people", "people", "человек") \
    X("unit", "percent", "%", "%") \
    X("unit", "USD", "USD", "долл. США") \
    X("unit", "USD_mn", "USD million", "млн долл. США") \
    X("unit", "USD_bn", "USD billion", "млрд долл. США") \
    X("unit", "count", "count", "количество") \
    X("unit", "KZT_bn", "KZT billion", "млрд тенге") \
    X("unit", "GEL", "GEL", "лари") \
    X("unit", "index", "index", "индекс") \
    X("change", "rule_change", "rule change", "изменение правила") \
    X("change", "correction", "data correction", "исправление данных") \
    X("yn", "yes", "yes", "да") \
    X("yn", "restricted", "restricted", "с ограничениями") \
    X("yn", "no", "no", "нет") \
    X("yn", "unknown", "unknown", "неизвестно") \
    X("spread", "widely", "widely spoken", "широко распространён") \
    X("spread", "common", "common", "распространён") \
    X("spread", "partly", "partly", "частично") \
    X("spread", "rarely", "rarely", "редко") \
    X("crossing", "yes", "open", "открыт") \
    X("crossing", "restricted", "restricted", "с ограничениями") \
    X("crossing", "no", "closed", "закрыт") \
    X("crossing", "unknown", "unknown", "неизвестно") \
    X("trip", "visit", "visit", "визит") \
    X("trip", "permit", "permit (residence or work)", "разрешение (ВНЖ или работа)") \
    X("work", "remote_foreign", "remote, for a non-Russian employer", "удалённо на нероссийскую компанию") \
    X("work", "remote_russian", "remote, for a Russian employer", "удалённо на российскую компанию") \
    X("work", "local_job", "I need a local job", "нужна местная работа") \
    X("work", "none", "not working (savings, pension)", "не работаю (сбережения, пенсия)") \
    X("verdict", "admitted", "you can enter", "въезд возможен") \
    X("verdict", "unknown", "not known — check", "неизвестно — проверьте") \
    X("verdict", "blocked", "no lawful entry", "законного въезда нет") \
    X("block", "passport_needed", "Passport needed", "Нужен загранпаспорт") \
    X("block", "passport_validity", "Passport expires too soon", "Паспорт скоро истекает") \
    X("block", "document_expired", "Document expired", "Документ просрочен") \
    X("block", "visa_needed", "Visa needed", "Нужна виза") \
    X("block", "document_not_accepted", "Document not accepted", "Документ не принимается") \
    X("block", "entry_bar", "Entry bar", "Запрет въезда") \
    X("block", "no_visa_free_stay", "No visa-free stay", "Нет безвизового пребывания") \
    X("block", "no_lawful_entry", "No lawful entry after past stays", "Нет законного въезда из-за прошлых поездок") \
    X("block", "family_member_cannot_enter", "A family member cannot enter", "Член семьи не может въехать") \
    X("block", "risk", "High personal risk", "Высокий личный риск") \
    X("pstatus", "qualifies", "you qualify", "подходите") \
    X("pstatus", "missing", "something missing", "чего-то не хватает") \
    X("pstatus", "unknown", "not known", "неизвестно") \
    X("pstatus", "not_recorded", "requirements not recorded", "требования не записаны") \
    X("area", "centre", "city centre", "центр") \
    X("area", "outside", "outside the centre", "вне центра") \
    X("confidence", "official", "official statement", "официальное заявление") \
    X("confidence", "several", "several independent reports", "несколько независимых сообщений") \
    X("confidence", "single", "one report", "одно сообщение") \
    X("must", "met", "met", "да") \
    X("must", "unmet", "not met", "нет") \
    X("must", "unknown", "unconfirmed", "не подтверждено") \
    X("rule", "visitor", "visitor", "посетитель") \
    X("tax_period", "12_months", "any 12 months in a row", "любые 12 месяцев подряд") \
    X("tax_period", "calendar_year", "calendar year", "календарный год") \
    X("sim_event", "rule_change", "rule change", "изменение правила") \
    X("sim_event", "push", "push to leave", "толчок к отъезду") \
    X("sim_event", "exit_ban", "exit ban", "запрет выезда") \
    X("sim_event", "return_pull", "pull to return", "тяга к возвращению") \
    X("sim_event", "host_shock", "shock in the host", "потрясение в стране") \
    X("sim_event", "extradition", "extradition", "выдача") \
    X("sim_event", "pathway", "pathway opens", "открывается путь") \
    X("sim_shock", "stability", "stability", "стабильность") \
    X("sim_shock", "attitude", "attitude to Russians", "отношение к россиянам") \
    X("sim_shock", "economy", "economy", "экономика") \
    X("sim_group", "it", "IT and remote workers", "айтишники и удалёнщики") \
    X("sim_group", "mob", "men of mobilisation age", "мужчины призывного возраста") \
    X("sim_group", "family", "families with children", "семьи с детьми") \
    X("sim_group", "activist", "activists and people with a case", "активисты и преследуемые") \
    X("sim_group", "other", "others", "прочие") \
    X("sim_move", "onward", "onward", "дальше") \
    X("sim_move", "return", "return to Russia", "возвращение в Россию") \
    X("sim_move", "border_run", "border run", "визаран") \
    X("lang", "ru", "Russian", "русский") \
    X("lang", "en", "English", "английский") \
    X("lang", "hy", "Armenian", "армянский") \
    X("lang", "ka", "Georgian", "грузинский") \
    X("section", "entry", "entry rules", "правила въезда") \
    X("section", "stay", "stay rules", "правила пребывания") \
    X("section", "bars", "entry bars", "запреты въезда") \
    X("section", "pathways", "residence pathways", "пути к ВНЖ") \
    X("section", "banking", "banking", "банки") \
    X("section", "neighbours", "land borders", "сухопутные границы") \
    X("lang", "kk", "Kazakh", "казахский") \
    X("lang", "ky", "Kyrgyz", "киргизский") \
    X("lang", "uz", "Uzbek", "узбекский") \
    X("lang", "tg", "Tajik", "таджикский") \
    X("lang", "az", "Azerbaijani", "азербайджанский") \
    X("lang", "tr", "Turkish", "турецкий") \
    X("lang", "sr", "Serbian", "сербский") \
    X("lang", "de", "German", "немецкий")

/* One label. Static, never freed. */
typedef struct relok_label {
    const char *group; /* "access" */
    const char *name;  /* "visa_free" */
    const char *en;    /* "visa-free" */
    const char *ru;    /* "без визы" */
} relok_label;

/* Every label in RELOK_LABEL_MAP order; *out_n is their number. */
RELOK_API const relok_label *relok_labels(size_t *out_n);
/* The label of group.name in lang; NULL when the table has none. */
RELOK_API const char *relok_label_get(const char *group, const char *name, relok_lang lang);
/* relok_label_get, or `name` itself when the table has none (so an
 * unlabelled value still shows; the enum tests keep that from happening). */
RELOK_API const char *relok_label_or_name(const char *group, const char *name, relok_lang lang);
/* The table as JSON for `GET /api/labels`: {"access": {"visa_free":
 * {"en": "...", "ru": "..."}, ...}, ...}. flags: RELOK_JSON_PRETTY or 0.
 * OUT: *out, malloc'd, free with relok_json_free. RELOK_ENOMEM. */
RELOK_API relok_status relok_labels_json(unsigned flags, char **out, relok_error *err);

#endif
