/* SPDX-License-Identifier: MIT */
/* Stay dates as an iCalendar file (RFC 5545): for every country of a stay
 * report, the latest lawful exit (inside) and the earliest lawful re-entry
 * (outside, or after a departure), and for every planned trip that breaks
 * a limit its last lawful day - each an all-day event with a reminder N
 * days before. Engine layer, rendering only. RFC 5545 rules followed here:
 * CRLF line ends (3.1), lines folded at 75 octets without splitting a UTF-8
 * sequence (3.1), TEXT escaping of \ ; , and newlines (3.3.11), UID and
 * DTSTAMP in every VEVENT (3.6.1), ACTION, TRIGGER and DESCRIPTION in a
 * DISPLAY VALARM (3.6.6). */
#include "relok/stay.h"

#include "base/alloc_int.h"
#include "base/error_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct sbuf {
    char *p;
    size_t len, cap;
    bool failed;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap == 0 ? 1024 : b->cap;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *q = relok__realloc(b->p, cap);
        if (q == NULL) {
            b->failed = true;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* One content line, folded: at most 75 octets per physical line, the
 * continuation starting with a space, never inside a UTF-8 sequence. */
static void sb_line(sbuf *b, const char *line)
{
    size_t n = strlen(line), pos = 0, room = 75;
    while (n - pos > room) {
        size_t cut = pos + room;
        while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
            cut--; /* back to the start of a UTF-8 sequence */
        sb_put(b, line + pos, cut - pos);
        sb_put(b, "\r\n ", 3);
        pos = cut;
        room = 74; /* the leading space counts */
    }
    sb_put(b, line + pos, n - pos);
    sb_put(b, "\r\n", 2);
}

__attribute__((format(printf, 2, 3))) static void sb_linef(sbuf *b, const char *fmt, ...);
static void sb_linef(sbuf *b, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (k < 0 || (size_t)k >= sizeof line) {
        b->failed = true;
        return;
    }
    sb_line(b, line);
}

/* TEXT value escaping (RFC 5545 3.3.11). */
static void escape_text(const char *s, char *out, size_t cap)
{
    size_t k = 0;
    for (; *s != '\0' && k + 3 < cap; s++) {
        if (*s == '\\' || *s == ';' || *s == ',') {
            out[k++] = '\\';
            out[k++] = *s;
        } else if (*s == '\n') {
            out[k++] = '\\';
            out[k++] = 'n';
        } else {
            out[k++] = *s;
        }
    }
    out[k] = '\0';
}

/* YYYYMMDD: the ISO date without its dashes. */
static void ics_date(relok_day d, char out[9])
{
    char iso[RELOK_DATE_BUF];
    relok_date_format(d, iso);
    size_t k = 0;
    for (const char *p = iso; *p != '\0' && k < 8; p++)
        if (*p != '-')
            out[k++] = *p;
    out[k] = '\0';
}

static void event(sbuf *b, const char *uid_kind, const char *cc, relok_day day,
                  relok_day stamp, int remind, const char *summary)
{
    char d1[9], d2[9], ds[9], text[512];
    ics_date(day, d1);
    ics_date(day + 1, d2);
    ics_date(stamp, ds);
    escape_text(summary, text, sizeof text);
    sb_line(b, "BEGIN:VEVENT");
    sb_linef(b, "UID:relok-%s-%.2s-%s@relok.invalid", uid_kind, cc, d1);
    sb_linef(b, "DTSTAMP:%sT000000Z", ds);
    sb_linef(b, "DTSTART;VALUE=DATE:%s", d1);
    sb_linef(b, "DTEND;VALUE=DATE:%s", d2);
    sb_linef(b, "SUMMARY:%s", text);
    sb_line(b, "TRANSP:TRANSPARENT");
    if (remind > 0) {
        sb_line(b, "BEGIN:VALARM");
        sb_line(b, "ACTION:DISPLAY");
        sb_linef(b, "TRIGGER:-P%dD", remind);
        sb_linef(b, "DESCRIPTION:%s", text);
        sb_line(b, "END:VALARM");
    }
    sb_line(b, "END:VEVENT");
}

relok_status relok_stay_ics(const relok_stay_row *rows, size_t n, const relok_planned *planned,
                            size_t n_planned, relok_day stamp, int remind_days, relok_lang lang,
                            char **out, relok_error *err)
{
    *out = NULL;
    if ((rows == NULL && n > 0) || (planned == NULL && n_planned > 0) || remind_days < 0 ||
        remind_days > 365)
        return relok__fail(err, RELOK_EINVAL, "invalid arguments");
    const bool ru = lang == RELOK_LANG_RU;
    sbuf b = {0};
    char s[256];
    sb_line(&b, "BEGIN:VCALENDAR");
    sb_line(&b, "VERSION:2.0");
    sb_line(&b, "PRODID:-//relok//stay dates//EN");
    sb_line(&b, "CALSCALE:GREGORIAN");
    for (size_t i = 0; i < n; i++) {
        const relok_stay_answer *a = &rows[i].answer;
        if (!rows[i].has_answer)
            continue;
        if (a->inside && a->latest_exit != RELOK_DAY_NONE && !a->latest_exit_unbounded) {
            snprintf(s, sizeof s, ru ? "%s: последний законный день пребывания (relok)"
                                     : "%s: last lawful day of stay (relok)",
                     rows[i].country);
            event(&b, "exit", rows[i].country, a->latest_exit, stamp, remind_days, s);
        }
        if ((!a->inside || a->departing) && a->earliest_reentry != RELOK_DAY_NONE) {
            snprintf(s, sizeof s, ru ? "%s: с этого дня въезд законен (relok)"
                                     : "%s: lawful re-entry from this day (relok)",
                     rows[i].country);
            event(&b, "reentry", rows[i].country, a->earliest_reentry, stamp, remind_days, s);
        }
    }
    for (size_t i = 0; i < n_planned; i++) {
        const relok_planned *p = &planned[i];
        if (!p->judged || p->lawful || p->lawful_until == RELOK_DAY_NONE)
            continue;
        snprintf(s, sizeof s, ru ? "%.2s: последний законный день запланированной поездки (relok)"
                                 : "%.2s: last lawful day of the planned trip (relok)",
                 p->trip.country);
        event(&b, "plan", p->trip.country, p->lawful_until, stamp, remind_days, s);
    }
    sb_line(&b, "END:VCALENDAR");
    if (b.failed) {
        relok__free(b.p);
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    }
    *out = b.p;
    return RELOK_OK;
}

void relok_stay_ics_free(char *text) { relok__free(text); }
