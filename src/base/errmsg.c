/* SPDX-License-Identifier: MIT */
/* Error details in the reader's language. The library records each failure's
 * English printf format (its id) and the text of its arguments
 * (relok_error.fmt/args); this module words them in Russian from the one
 * catalogue, src/base/errmsg.def (tests/i18n/formats.py checks that every
 * format a failure site uses has its entry). Base layer: formats text,
 * never prints. */
#include "error_int.h"

#include <stdio.h>
#include <string.h>

typedef struct errmsg {
    const char *en; /* printf format (X) or phrase (P), English */
    const char *ru; /* the same in Russian; {1}..{9} name the arguments */
} errmsg;

/* Formats of failure sites (X) come first, then phrases (P): arguments
 * that are words ("a mapping"), errno texts and third-party messages. */
static const errmsg formats[] = {
#define X(en, ru) {en, ru},
#define P(en, ru)
#include "errmsg.def"
#undef X
#undef P
};
static const errmsg phrases[] = {
#define X(en, ru)
#define P(en, ru) {en, ru},
#include "errmsg.def"
#undef X
#undef P
};

enum { MAX_ARGS = 9, MAX_DEPTH = 3 };

/* A bounded string builder: appends what fits, always NUL-terminated. */
typedef struct out {
    char *buf;
    size_t len, cap;
} out;

static void put_n(out *o, const char *s, size_t n)
{
    if (o->cap == 0)
        return;
    size_t room = o->cap - 1 - o->len;
    if (n > room) {
        n = room;
        /* Never cut a UTF-8 sequence in two. */
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static void put(out *o, const char *s) { put_n(o, s, strlen(s)); }

/* A builder over buf, which it leaves empty (and terminated, if it has room). */
static out start(char *buf, size_t buf_len)
{
    if (buf_len > 0)
        buf[0] = '\0';
    return (out){buf, 0, buf_len};
}

/* Length of the conversion spec at p (p[0] == '%', not "%%"). */
static size_t spec_len(const char *p)
{
    size_t i = 1;
    while (p[i] != '\0' && strchr("-+ #0123456789.*hlLzjt", p[i]) != NULL)
        i++;
    return p[i] != '\0' ? i + 1 : i;
}

/* Letters in the literal part of fmt: a format that is all conversions
 * ("%s: %s") says nothing by itself and matches too much to be reversed. */
static size_t literal_letters(const char *fmt)
{
    size_t n = 0;
    for (const char *p = fmt; *p != '\0'; p++) {
        if (*p == '%' && p[1] != '%') {
            p += spec_len(p) - 1;
            continue;
        }
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
            n++;
    }
    return n;
}

static bool is_phrase(const char *s, size_t len);

/* Matching text against a format whose conversions stand for any text. Of
 * all the ways to split text, the one whose pieces are most often known
 * phrases wins ("YAML syntax: %s %s" splits libyaml's problem from its
 * context so); steps bounds the work on long texts. */
typedef struct matcher {
    const char *caps[MAX_ARGS][2]; /* current split: {start, end} */
    const char *best[MAX_ARGS][2];
    size_t best_n;
    int best_score; /* -1: no match yet */
    unsigned steps;
} matcher;

static void match(matcher *m, const char *fmt, const char *text, size_t n_caps)
{
    if (++m->steps > 20000)
        return;
    while (*fmt != '\0') {
        if (*fmt == '%' && fmt[1] == '%') {
            if (*text != '%')
                return;
            fmt += 2;
            text++;
            continue;
        }
        if (*fmt == '%') {
            if (n_caps >= MAX_ARGS)
                return;
            const char *rest = fmt + spec_len(fmt);
            for (const char *end = text;; end++) {
                m->caps[n_caps][0] = text;
                m->caps[n_caps][1] = end;
                match(m, rest, end, n_caps + 1);
                if (*end == '\0')
                    return;
            }
        }
        if (*fmt != *text)
            return;
        fmt++;
        text++;
    }
    if (*text != '\0')
        return;
    int score = 0;
    for (size_t k = 0; k < n_caps; k++)
        score += is_phrase(m->caps[k][0], (size_t)(m->caps[k][1] - m->caps[k][0]));
    if (score > m->best_score) {
        m->best_score = score;
        m->best_n = n_caps;
        memcpy(m->best, m->caps, sizeof m->caps);
    }
}

static void word_text(out *o, const char *text, size_t len, relok_lang lang, int depth);

/* Fill template ru ({k} = the k-th argument, itself worded) into o. */
static void fill(out *o, const char *ru, const char *const *args, const size_t *lens,
                 size_t n_args, relok_lang lang, int depth)
{
    for (const char *p = ru; *p != '\0'; p++) {
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}') {
            size_t k = (size_t)(p[1] - '1');
            /* An argument in «» is the user's own text or a key of their
             * file: shown as typed, never worded. */
            bool quoted = p - ru >= 2 && memcmp(p - 2, "\xC2\xAB", 2) == 0;
            if (k < n_args)
                word_text(o, args[k], lens[k], quoted ? RELOK_LANG_EN : lang, depth + 1);
            p += 2;
            continue;
        }
        /* The literal run up to the next placeholder, in one piece, so a
         * full buffer cuts it between characters. */
        size_t n = 1;
        while (p[n] != '\0' && p[n] != '{')
            n++;
        put_n(o, p, n);
        p += n - 1;
    }
}

/* Is s[0..len) a phrase or a format without conversions of the catalogue? */
static bool is_phrase(const char *s, size_t len)
{
    for (size_t t = 0; t < 2; t++) {
        const errmsg *tab = t == 0 ? phrases : formats;
        size_t n_tab = t == 0 ? sizeof phrases / sizeof *phrases : sizeof formats / sizeof *formats;
        for (size_t i = 0; i < n_tab; i++)
            if (strlen(tab[i].en) == len && memcmp(tab[i].en, s, len) == 0 &&
                strchr(tab[i].en, '%') == NULL)
                return true;
    }
    return false;
}

/* Word one English text (an argument, or a whole nested message): a known
 * phrase, else a known format it matches, else the text as it is (a file
 * name, a value the user typed, a number). */
static void word_text(out *o, const char *text, size_t len, relok_lang lang, int depth)
{
    char tmp[RELOK_ERROR_MSG_LEN];
    if (len >= sizeof tmp)
        len = sizeof tmp - 1;
    memcpy(tmp, text, len);
    tmp[len] = '\0';
    if (lang != RELOK_LANG_RU || depth > MAX_DEPTH || len == 0) {
        put(o, tmp);
        return;
    }
    for (size_t t = 0; t < 2; t++) {
        const errmsg *tab = t == 0 ? phrases : formats;
        size_t n_tab = t == 0 ? sizeof phrases / sizeof *phrases : sizeof formats / sizeof *formats;
        for (size_t i = 0; i < n_tab; i++)
            if (strchr(tab[i].en, '%') == NULL && strcmp(tab[i].en, tmp) == 0) {
                put(o, tab[i].ru);
                return;
            }
    }
    /* The best match: the entry with the most literal text. */
    const errmsg *best = NULL;
    size_t best_letters = 0, best_n = 0;
    const char *best_caps[MAX_ARGS][2];
    for (size_t t = 0; t < 2; t++) {
        const errmsg *tab = t == 0 ? phrases : formats;
        size_t n_tab = t == 0 ? sizeof phrases / sizeof *phrases : sizeof formats / sizeof *formats;
        for (size_t i = 0; i < n_tab; i++) {
            if (strchr(tab[i].en, '%') == NULL)
                continue;
            size_t letters = literal_letters(tab[i].en);
            if (letters < 3 || letters <= best_letters)
                continue;
            matcher m = {.best_score = -1};
            match(&m, tab[i].en, tmp, 0);
            if (m.best_score >= 0) {
                best = &tab[i];
                best_letters = letters;
                best_n = m.best_n;
                memcpy(best_caps, m.best, sizeof best_caps);
            }
        }
    }
    if (best == NULL) {
        put(o, tmp);
        return;
    }
    const char *args[MAX_ARGS];
    size_t lens[MAX_ARGS];
    for (size_t k = 0; k < best_n; k++) {
        args[k] = best_caps[k][0];
        lens[k] = (size_t)(best_caps[k][1] - best_caps[k][0]);
    }
    fill(o, best->ru, args, lens, best_n, lang, depth);
}

static const char *format_ru(const char *fmt)
{
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (strcmp(formats[i].en, fmt) == 0)
            return formats[i].ru;
    return NULL;
}

char *relok_error_detail(const relok_error *err, relok_lang lang, char *buf, size_t buf_len)
{
    out o = start(buf, buf_len);
    if (err == NULL || err->code == RELOK_OK)
        return buf;
    const char *en = err->msg[0] != '\0' ? err->msg : relok_strerror(err->code);
    const char *ru = lang == RELOK_LANG_RU && err->fmt != NULL ? format_ru(err->fmt) : NULL;
    char tmpl[RELOK_ERROR_MSG_LEN];
    if (ru == NULL && lang == RELOK_LANG_RU && err->fmt != NULL && err->n_args > 0 &&
        literal_letters(err->fmt) == 0) {
        /* A format of punctuation only ("%.*s: %s": a value, then a nested
         * message) keeps its shape; its arguments are worded. */
        out t = start(tmpl, sizeof tmpl);
        char ph[4] = "{1}";
        for (const char *p = err->fmt; *p != '\0'; p++) {
            if (*p == '%' && p[1] == '%') {
                put_n(&t, p++, 1);
            } else if (*p == '%') {
                put(&t, ph);
                ph[1]++;
                p += spec_len(p) - 1;
            } else {
                put_n(&t, p, 1);
            }
        }
        ru = tmpl;
    }
    if (ru == NULL || (err->n_args == 0 && strchr(err->fmt, '%') != NULL)) {
        /* No recorded form: word the English text as a whole. */
        word_text(&o, en, strlen(en), lang, 0);
        return buf;
    }
    const char *args[MAX_ARGS];
    size_t lens[MAX_ARGS];
    size_t n = 0;
    for (const char *a = err->args; n < err->n_args && n < MAX_ARGS; a += strlen(a) + 1) {
        args[n] = a;
        lens[n] = strlen(a);
        n++;
    }
    fill(&o, ru, args, lens, n, lang, 0);
    return buf;
}

char *relok_error_text_lang(const char *en_text, relok_lang lang, char *buf, size_t buf_len)
{
    out o = start(buf, buf_len);
    if (en_text != NULL)
        word_text(&o, en_text, strlen(en_text), lang, 0);
    return buf;
}

char *relok_error_format_lang(const relok_error *err, relok_lang lang, char *buf, size_t buf_len)
{
    if (lang != RELOK_LANG_RU)
        return relok_error_format(err, buf, buf_len);
    out o = start(buf, buf_len);
    if (err == NULL)
        return buf;
    char num[32];
    if (err->source[0] != '\0') {
        word_text(&o, err->source, strlen(err->source), lang, 0);
        if (err->line > 0) {
            snprintf(num, sizeof num, ":%u", err->line);
            put(&o, num);
        }
        if (err->column > 0) {
            snprintf(num, sizeof num, ":%u", err->column);
            put(&o, num);
        }
        put(&o, ": ");
    }
    /* The field path is the key as written in the user's file (or the
     * request), so it is quoted as it is, not translated. */
    if (err->path[0] != '\0') {
        put(&o, "поле «");
        put(&o, err->path);
        put(&o, "»: ");
    }
    char detail[RELOK_ERROR_MSG_LEN * 2];
    relok_error_detail(err, lang, detail, sizeof detail);
    put(&o, detail);
    return buf;
}
