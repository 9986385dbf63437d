/* SPDX-License-Identifier: MIT */
/* The tax-residency day tests relok records (relok/tax.h), each with the
 * page we read it on. Only the day test is modelled: every law here also
 * makes residents by other facts (a centre of vital interests, public
 * service abroad) that a trip log cannot show, and the notes say so.
 * Hosts without a source we read are left out, not guessed. Engine layer,
 * static data. */
#include "relok/tax.h"

#include <string.h>

static const relok_tax_rule rules[] = {
    {"RU", RELOK_TAX_MONTHS_12, RELOK_TAX_RU_DAYS,
     "Tax Code of the Russian Federation, art. 207 para 2",
     "ст. 207 п. 2 Налогового кодекса РФ",
     "Whoever spent 183 days or more in Russia within 12 months in a row is a tax resident.",
     "Налоговый резидент — тот, кто провёл в России 183 дня или больше за 12 месяцев "
     "подряд.",
     "https://taxslov.ru/qa/q50.htm", "2026-12-06"},
    /* Art. 34 paras 2 and 5, as quoted by a Tbilisi accounting firm. */
    {"GE", RELOK_TAX_MONTHS_12, 183, "Tax Code of Georgia, art. 34 para 2",
     "ст. 34 п. 2 Налогового кодекса Грузии",
     "183 days or more in any 12 calendar months in a row that end in a tax year make a "
     "resident for that whole year; any part of a day in Georgia counts as a day "
     "(art. 34 para 5).",
     "183 дня или больше за любые 12 календарных месяцев подряд, оканчивающиеся в налоговом "
     "году, делают резидентом на весь этот год; любая часть дня в Грузии считается днём "
     "(ст. 34 п. 5).",
     "http://new.fsgroup.ge/en/important-things-about-tax-residence-of-georgia-you-must-know/",
     "2026-12-06"},
    /* Art. 25, as summarised by a guide for expatriates; PwC's Tax
     * Summaries (taxsummaries.pwc.com/armenia/individual/residence, read
     * 2026-12-06) give the same 1 January - 31 December year. */
    {"AM", RELOK_TAX_CALENDAR_YEAR, 183, "Tax Code of Armenia, art. 25",
     "ст. 25 Налогового кодекса Армении",
     "183 days or more in a calendar year; a centre of vital interests (home, family, main "
     "work) in Armenia also makes a resident, whatever the days.",
     "183 дня или больше за календарный год; резидентом делает и центр жизненных интересов "
     "(жильё, семья, основная работа) в Армении, сколько бы ни было дней.",
     "https://nomadexpat.io/tax-resident-in-armenia", "2026-12-06"},
    /* Art. 217 of the Code of 2017, as summarised by the same guide; PwC
     * (taxsummaries.pwc.com/kazakhstan/individual/residence, last reviewed
     * 2023-02-01, read 2026-12-06) adds that the 12 months end in the year
     * and that days of arrival and departure count. */
    {"KZ", RELOK_TAX_MONTHS_12, 183, "Tax Code of Kazakhstan, art. 217",
     "ст. 217 Налогового кодекса Казахстана",
     "183 calendar days or more within 12 consecutive months; a centre of vital interests in "
     "Kazakhstan (citizenship or a residence permit, family and a home there) also makes a "
     "resident. The article number is that of the code the source describes (unverified for "
     "later versions).",
     "183 календарных дня или больше за 12 месяцев подряд; резидентом делает и центр "
     "жизненных интересов в Казахстане (гражданство или вид на жительство, семья и жильё "
     "там). Номер статьи — по кодексу, который описывает источник (для более поздних "
     "редакций не проверено).",
     "https://nomadexpat.io/tax-resident-in-kazakhstan", "2026-12-06"},
    /* Art. 24, as quoted by a law firm; PwC
     * (taxsummaries.pwc.com/kyrgyzstan/individual/residence, last reviewed
     * 2024-02-12, read 2026-12-06) says the same. */
    {"KG", RELOK_TAX_MONTHS_12, 183, "Tax Code of the Kyrgyz Republic, art. 24",
     "ст. 24 Налогового кодекса Кыргызской Республики",
     "183 days or more in any 12 consecutive months ending in the current tax period.",
     "183 дня или больше за любые 12 месяцев подряд, оканчивающиеся в текущем налоговом "
     "периоде.",
     "https://georgia.revera.legal/en/info-centr/news-and-analytical-materials/"
     "193-nalogooblozhenie-v-kyrgyzskoj-respublike/",
     "2026-12-06"},
};

static const char *const period_names[RELOK_TAX_PERIOD_COUNT_] = {
#define TAX_PERIOD_NAME(n, s) s,
    RELOK_TAX_PERIOD_MAP(TAX_PERIOD_NAME)
#undef TAX_PERIOD_NAME
};

const relok_tax_rule *relok_tax_rules(size_t *out_n)
{
    if (out_n != NULL)
        *out_n = sizeof rules / sizeof rules[0];
    return rules;
}

const relok_tax_rule *relok_tax_rule_of(const char *cc)
{
    for (size_t i = 0; cc != NULL && i < sizeof rules / sizeof rules[0]; i++)
        if (strcmp(rules[i].country, cc) == 0)
            return &rules[i];
    return NULL;
}

const char *relok_tax_period_name(relok_tax_period p)
{
    return (unsigned)p < (unsigned)RELOK_TAX_PERIOD_COUNT_ ? period_names[p] : NULL;
}

const char *relok_tax_notice(relok_lang lang)
{
    return lang == RELOK_LANG_RU
               ? "Это счётчик дней с пояснением дат, а не налоговая консультация: резидентство "
                 "зависит и от того, чего нет в журнале поездок (договоры об избежании двойного "
                 "налогообложения, центр жизненных интересов, исключения для лечения и учёбы)."
               : "This is a counter with explained dates, not tax advice: residency also "
                 "depends on facts a trip log does not hold (tax treaties, a centre of vital "
                 "interests, exceptions for treatment or study).";
}

const char *relok_tax_reading(relok_lang lang)
{
    return lang == RELOK_LANG_RU
               ? "Дни въезда и выезда считаются оба; 12 месяцев, оканчивающиеся в некий день, "
                 "начинаются на следующий день после той же даты годом раньше; дни без "
                 "записанных поездок не считаются ни в одной стране (наше прочтение, не "
                 "проверено)."
               : "Days of entry and exit both count; the 12 months ending on a day start the "
                 "day after the same date a year before; days with no trip recorded count in "
                 "no country (our reading, unverified).";
}
