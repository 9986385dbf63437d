/* SPDX-License-Identifier: MIT */
/* Strict typed field readers over the node tree, with diagnostics that name
 * the place and what was expected. Base layer, no I/O. */
#include "reader_int.h"

#include "alloc_int.h"
#include "error_int.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void relok__rd_init(relok__rd *rd, const char *source, relok_arena *arena, relok_error *err,
                    size_t max_diags)
{
    memset(rd, 0, sizeof *rd);
    rd->source = source;
    rd->arena = arena;
    rd->err = err;
    rd->max_diags = max_diags == 0 ? 1 : max_diags;
}

void relok__rd_done(relok__rd *rd)
{
    relok__free(rd->diags);
    rd->diags = NULL;
    rd->n_diags = rd->cap_diags = 0;
}

bool relok__rd_full(const relok__rd *rd) { return rd->n_diags >= rd->max_diags; }

/* Append text of len bytes to the path, truncating at its end. */
static void path_put(relok__rd *rd, const char *text, size_t len)
{
    size_t room = sizeof rd->path - 1 - rd->path_len;
    if (len > room)
        len = room;
    memcpy(rd->path + rd->path_len, text, len);
    rd->path_len += len;
    rd->path[rd->path_len] = '\0';
}

/* Append ".key" (or "key" at the start) or "[i]" to the path. By hand, not
 * with snprintf: every field of every request is read through here. */
static size_t push_raw(relok__rd *rd, const char *key, size_t i)
{
    size_t mark = rd->path_len;
    if (key != NULL) {
        if (rd->path_len > 0)
            path_put(rd, ".", 1);
        path_put(rd, key, strlen(key));
        return mark;
    }
    char digits[24];
    size_t n = sizeof digits;
    digits[--n] = ']';
    do {
        digits[--n] = (char)('0' + i % 10);
        i /= 10;
    } while (i > 0);
    digits[--n] = '[';
    path_put(rd, digits + n, sizeof digits - n);
    return mark;
}

size_t relok__rd_push_key(relok__rd *rd, const char *key)
{
    return push_raw(rd, key, 0);
}

size_t relok__rd_push_index(relok__rd *rd, size_t i) { return push_raw(rd, NULL, i); }

void relok__rd_pop(relok__rd *rd, size_t mark)
{
    if (mark <= rd->path_len) {
        rd->path_len = mark;
        rd->path[mark] = '\0';
    }
}

#if defined(__GNUC__)
__attribute__((format(printf, 5, 0)))
#endif
static relok_status vrd_error(relok__rd *rd, const relok__node *node, relok_status code,
                              const char *reason, const char *fmt, va_list ap)
{
    char msg[RELOK_ERROR_MSG_LEN];
    va_list ap2;
    va_copy(ap2, ap);
    vsnprintf(msg, sizeof msg, fmt, ap);
    unsigned line = node != NULL ? node->line : 0;
    unsigned col = node != NULL ? node->col : 0;
    if (rd->status == RELOK_OK)
        rd->status = code;
    /* The site's own format is the detail's id (errmsg.def). */
    relok__vfail_why(rd->err, code, reason, rd->source, line, col, rd->path, fmt, ap2);
    va_end(ap2);
    if (rd->n_diags >= rd->max_diags)
        return code;
    if (rd->n_diags == rd->cap_diags) {
        size_t cap = rd->cap_diags == 0 ? 16 : rd->cap_diags * 2;
        relok__diag *bigger = relok__mallocarray(rd->diags, cap, sizeof *bigger);
        if (bigger == NULL)
            return code;
        rd->diags = bigger;
        rd->cap_diags = cap;
    }
    relok__diag *d = &rd->diags[rd->n_diags];
    d->file = rd->source;
    d->line = line;
    d->column = col;
    relok_arena *da = rd->diag_arena != NULL ? rd->diag_arena : rd->arena;
    d->path = relok_arena_strndup(da, rd->path, rd->path_len);
    d->msg = relok_arena_strdup(da, msg);
    if (d->path != NULL && d->msg != NULL)
        rd->n_diags++;
    return code;
}

relok_status relok__rd_error(relok__rd *rd, const relok__node *node, relok_status code,
                             const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    relok_status rc = vrd_error(rd, node, code, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

relok_status relok__rd_error_why(relok__rd *rd, const relok__node *node, relok_status code,
                                 const char *reason, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    relok_status rc = vrd_error(rd, node, code, reason, fmt, ap);
    va_end(ap);
    return rc;
}

static const char *kind_name(const relok__node *n)
{
    if (n == NULL)
        return "nothing";
    switch (n->kind) {
    case RELOK__NODE_NULL:
        return "null";
    case RELOK__NODE_SCALAR:
        return "a scalar";
    case RELOK__NODE_MAP:
        return "a mapping";
    case RELOK__NODE_SEQ:
        return "a list";
    }
    return "?";
}

relok_status relok__rd_expect_map(relok__rd *rd, const relok__node *n, const char *what)
{
    if (n != NULL && n->kind == RELOK__NODE_MAP)
        return RELOK_OK;
    return relok__rd_error_why(rd, n, RELOK_ESCHEMA, "type_wrong", "expected %s (a mapping), found %s", what,
                           kind_name(n));
}

relok_status relok__rd_expect_seq(relok__rd *rd, const relok__node *n, const char *what)
{
    if (n != NULL && n->kind == RELOK__NODE_SEQ)
        return RELOK_OK;
    return relok__rd_error_why(rd, n, RELOK_ESCHEMA, "type_wrong", "expected %s (a list), found %s", what,
                           kind_name(n));
}

relok_status relok__rd_check_keys(relok__rd *rd, const relok__node *map,
                                  const char *const *allowed)
{
    relok_status rc = RELOK_OK;
    if (map == NULL || map->kind != RELOK__NODE_MAP)
        return RELOK_OK;
    for (size_t i = 0; i < map->n; i++) {
        const relok__node *k = map->keys[i];
        bool ok = false;
        for (const char *const *a = allowed; *a != NULL; a++) {
            if (strlen(*a) == k->len && memcmp(*a, k->str, k->len) == 0) {
                ok = true;
                break;
            }
        }
        if (!ok) {
            char list[160];
            size_t off = 0;
            list[0] = '\0';
            for (const char *const *a = allowed; *a != NULL && off < sizeof list - 8; a++) {
                int w = snprintf(list + off, sizeof list - off, "%s%s", off ? ", " : "", *a);
                if (w > 0)
                    off += (size_t)w;
            }
            if (off >= sizeof list - 8)
                relok__strlcpy(list + sizeof list - 8, ", ...", 8);
            size_t mark = relok__rd_push_key(rd, k->str);
            rc = relok__rd_error_why(rd, k, RELOK_ESCHEMA, "key_unknown", "unknown key '%s' (expected one of: %s)",
                                 k->str, list);
            relok__rd_pop(rd, mark);
            if (relok__rd_full(rd))
                return rc;
        }
    }
    return rc;
}

/* ------------------------------------------------------------ scalar parse */

bool relok__parse_int64(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (len == 0)
        return false;
    if (s[0] == '-' || s[0] == '+') {
        neg = s[0] == '-';
        i = 1;
        if (len == 1)
            return false;
    }
    /* No leading zeros ("007" is more likely a typo than a number). */
    if (s[i] == '0' && len - i > 1)
        return false;
    uint64_t v = 0;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        uint64_t d = (uint64_t)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    if (!neg && v > (uint64_t)INT64_MAX)
        return false;
    if (neg && v > (uint64_t)INT64_MAX + 1)
        return false;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

bool relok__parse_double(const char *s, size_t len, double *out)
{
    /* Validate the shape first so strtod's leniency (hex, inf, nan, spaces)
     * never applies; strtod then runs in the "C" locale because the program
     * never changes LC_NUMERIC (STYLE.md). */
    size_t i = 0;
    if (len == 0 || len > 64)
        return false;
    if (s[i] == '-' || s[i] == '+')
        i++;
    size_t digits = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9') {
        i++;
        digits++;
    }
    if (i < len && s[i] == '.') {
        i++;
        size_t frac = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            i++;
            frac++;
        }
        if (frac == 0)
            return false;
        digits += frac;
    }
    if (digits == 0)
        return false;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '-' || s[i] == '+'))
            i++;
        size_t exp = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            i++;
            exp++;
        }
        if (exp == 0)
            return false;
    }
    if (i != len)
        return false;
    char buf[72];
    memcpy(buf, s, len);
    buf[len] = '\0';
    errno = 0;
    char *end = NULL;
    double v = strtod(buf, &end);
    if (errno != 0 || end != buf + len || !isfinite(v))
        return false;
    *out = v;
    return true;
}

/* -------------------------------------------------------------- node level */

static relok_status need_scalar(relok__rd *rd, const relok__node *n, const char *what)
{
    if (n != NULL && n->kind == RELOK__NODE_SCALAR)
        return RELOK_OK;
    return relok__rd_error_why(rd, n, RELOK_ESCHEMA, "type_wrong", "expected %s, found %s", what, kind_name(n));
}

relok_status relok__rd_node_str(relok__rd *rd, const relok__node *n, const char **out)
{
    relok_status rc = need_scalar(rd, n, "a string");
    if (rc != RELOK_OK)
        return rc;
    if (n->len == 0)
        return relok__rd_error_why(rd, n, RELOK_ESCHEMA, "type_wrong", "expected a non-empty string");
    /* Copy, so results outlive the parse tree (which may sit in a scratch
     * arena). */
    const char *copy = relok_arena_strndup(rd->arena, n->str, n->len);
    if (copy == NULL)
        return relok__rd_error(rd, n, RELOK_ENOMEM, "out of memory");
    *out = copy;
    return RELOK_OK;
}

relok_status relok__rd_node_int(relok__rd *rd, const relok__node *n, int64_t min, int64_t max,
                                int32_t *out)
{
    relok_status rc = need_scalar(rd, n, "a whole number");
    if (rc != RELOK_OK)
        return rc;
    int64_t v;
    if (n->is_quoted || !relok__parse_int64(n->str, n->len, &v))
        return relok__rd_error_why(rd, n, RELOK_ESCHEMA, "type_wrong", "expected a whole number, found '%.40s'",
                               n->str);
    if (v < min || v > max)
        return relok__rd_error(rd, n, RELOK_ERANGE, "%lld is out of range %lld..%lld",
                               (long long)v, (long long)min, (long long)max);
    *out = (int32_t)v;
    return RELOK_OK;
}

relok_status relok__rd_node_num(relok__rd *rd, const relok__node *n, double min, double max,
                                double *out)
{
    relok_status rc = need_scalar(rd, n, "a number");
    if (rc != RELOK_OK)
        return rc;
    double v;
    if (n->is_quoted || !relok__parse_double(n->str, n->len, &v))
        return relok__rd_error_why(rd, n, RELOK_ESCHEMA, "type_wrong", "expected a number, found '%.40s'", n->str);
    if (v < min || v > max)
        return relok__rd_error(rd, n, RELOK_ERANGE, "%g is out of range %g..%g", v, min, max);
    *out = v;
    return RELOK_OK;
}

relok_status relok__rd_node_date(relok__rd *rd, const relok__node *n, relok_day *out)
{
    relok_status rc = need_scalar(rd, n, "a date (YYYY-MM-DD)");
    if (rc != RELOK_OK)
        return rc;
    relok_error e = {0};
    rc = relok_date_parse(n->str, n->len, out, &e);
    if (rc != RELOK_OK)
        return relok__rd_error_why(rd, n, rc, "date_invalid", "%s", e.msg);
    return RELOK_OK;
}

relok_status relok__rd_node_enum(relok__rd *rd, const relok__node *n, const char *const *names,
                                 size_t count, int *out)
{
    relok_status rc = need_scalar(rd, n, "a name");
    if (rc != RELOK_OK)
        return rc;
    for (size_t i = 0; i < count; i++) {
        if (names[i] != NULL && strlen(names[i]) == n->len &&
            memcmp(names[i], n->str, n->len) == 0) {
            *out = (int)i;
            return RELOK_OK;
        }
    }
    char list[200];
    size_t off = 0;
    list[0] = '\0';
    for (size_t i = 0; i < count && off < sizeof list - 8; i++) {
        int w = snprintf(list + off, sizeof list - off, "%s%s", off ? ", " : "", names[i]);
        if (w > 0)
            off += (size_t)w;
    }
    return relok__rd_error_why(rd, n, RELOK_ESCHEMA, "value_unknown", "'%.40s' is not one of: %s", n->str, list);
}

bool relok__iso3166_valid(const char *code)
{
    /* Officially assigned ISO 3166-1 alpha-2 codes (249), two letters each,
     * sorted, plus XK (Kosovo, user-assigned but in common use by border
     * authorities and the EU). */
    static const char codes[] =
        "AD" "AE" "AF" "AG" "AI" "AL" "AM" "AO" "AQ" "AR" "AS" "AT" "AU" "AW" "AX" "AZ"
        "BA" "BB" "BD" "BE" "BF" "BG" "BH" "BI" "BJ" "BL" "BM" "BN" "BO" "BQ" "BR" "BS"
        "BT" "BV" "BW" "BY" "BZ" "CA" "CC" "CD" "CF" "CG" "CH" "CI" "CK" "CL" "CM" "CN"
        "CO" "CR" "CU" "CV" "CW" "CX" "CY" "CZ" "DE" "DJ" "DK" "DM" "DO" "DZ" "EC" "EE"
        "EG" "EH" "ER" "ES" "ET" "FI" "FJ" "FK" "FM" "FO" "FR" "GA" "GB" "GD" "GE" "GF"
        "GG" "GH" "GI" "GL" "GM" "GN" "GP" "GQ" "GR" "GS" "GT" "GU" "GW" "GY" "HK" "HM"
        "HN" "HR" "HT" "HU" "ID" "IE" "IL" "IM" "IN" "IO" "IQ" "IR" "IS" "IT" "JE" "JM"
        "JO" "JP" "KE" "KG" "KH" "KI" "KM" "KN" "KP" "KR" "KW" "KY" "KZ" "LA" "LB" "LC"
        "LI" "LK" "LR" "LS" "LT" "LU" "LV" "LY" "MA" "MC" "MD" "ME" "MF" "MG" "MH" "MK"
        "ML" "MM" "MN" "MO" "MP" "MQ" "MR" "MS" "MT" "MU" "MV" "MW" "MX" "MY" "MZ" "NA"
        "NC" "NE" "NF" "NG" "NI" "NL" "NO" "NP" "NR" "NU" "NZ" "OM" "PA" "PE" "PF" "PG"
        "PH" "PK" "PL" "PM" "PN" "PR" "PS" "PT" "PW" "PY" "QA" "RE" "RO" "RS" "RU" "RW"
        "SA" "SB" "SC" "SD" "SE" "SG" "SH" "SI" "SJ" "SK" "SL" "SM" "SN" "SO" "SR" "SS"
        "ST" "SV" "SX" "SY" "SZ" "TC" "TD" "TF" "TG" "TH" "TJ" "TK" "TL" "TM" "TN" "TO"
        "TR" "TT" "TV" "TW" "TZ" "UA" "UG" "UM" "US" "UY" "UZ" "VA" "VC" "VE" "VG" "VI"
        "VN" "VU" "WF" "WS" "XK" "YE" "YT" "ZA" "ZM" "ZW";
    if (code == NULL || strlen(code) != 2)
        return false;
    for (size_t i = 0; i + 1 < sizeof codes; i += 2)
        if (codes[i] == code[0] && codes[i + 1] == code[1])
            return true;
    return false;
}

relok_status relok__rd_node_country_code(relok__rd *rd, const relok__node *n, char out[3])
{
    relok_status rc = need_scalar(rd, n, "an ISO 3166-1 alpha-2 country code");
    if (rc != RELOK_OK)
        return rc;
    if (n->len != 2 || !relok__iso3166_valid(n->str))
        return relok__rd_error_why(rd, n, RELOK_ESCHEMA, "country_invalid",
                               "'%.20s' is not an ISO 3166-1 alpha-2 country code "
                               "(two capital letters, e.g. GE)",
                               n->str);
    out[0] = n->str[0];
    out[1] = n->str[1];
    out[2] = '\0';
    return RELOK_OK;
}

/* ------------------------------------------------------------- field level */

/* Look up key; handle absence. Returns 1 when present (and *node set), 0
 * when absent and optional, -1 after recording "missing". */
static int field(relok__rd *rd, const relok__node *map, const char *key, bool required,
                 const relok__node **node)
{
    const relok__node *n = relok__doc_get(map, key);
    if (!relok__doc_is_null(n)) {
        *node = n;
        return 1;
    }
    if (!required)
        return 0;
    size_t mark = relok__rd_push_key(rd, key);
    relok__rd_error_why(rd, n != NULL ? n : map, RELOK_ESCHEMA, "field_missing", "required field '%s' is missing",
                    key);
    relok__rd_pop(rd, mark);
    return -1;
}

#define FIELD_PROLOGUE()                                                     \
    const relok__node *n = NULL;                                             \
    int have = field(rd, map, key, required, &n);                            \
    if (have <= 0)                                                           \
        return have == 0 ? RELOK_OK : RELOK_ESCHEMA;                         \
    size_t mark = relok__rd_push_key(rd, key)

relok_status relok__rd_str(relok__rd *rd, const relok__node *map, const char *key,
                           bool required, const char **out)
{
    FIELD_PROLOGUE();
    relok_status rc = relok__rd_node_str(rd, n, out);
    relok__rd_pop(rd, mark);
    return rc;
}

relok_status relok__rd_int(relok__rd *rd, const relok__node *map, const char *key,
                           bool required, int64_t min, int64_t max, int32_t *out)
{
    FIELD_PROLOGUE();
    relok_status rc = relok__rd_node_int(rd, n, min, max, out);
    relok__rd_pop(rd, mark);
    return rc;
}

relok_status relok__rd_num(relok__rd *rd, const relok__node *map, const char *key,
                           bool required, double min, double max, double *out)
{
    FIELD_PROLOGUE();
    relok_status rc = relok__rd_node_num(rd, n, min, max, out);
    relok__rd_pop(rd, mark);
    return rc;
}

relok_status relok__rd_bool(relok__rd *rd, const relok__node *map, const char *key,
                            bool required, bool *out)
{
    FIELD_PROLOGUE();
    relok_status rc = need_scalar(rd, n, "true or false");
    if (rc == RELOK_OK) {
        if (!n->is_quoted && n->len == 4 && memcmp(n->str, "true", 4) == 0)
            *out = true;
        else if (!n->is_quoted && n->len == 5 && memcmp(n->str, "false", 5) == 0)
            *out = false;
        else
            rc = relok__rd_error_why(rd, n, RELOK_ESCHEMA, "type_wrong", "expected true or false, found '%.40s'",
                                 n->str);
    }
    relok__rd_pop(rd, mark);
    return rc;
}

relok_status relok__rd_date(relok__rd *rd, const relok__node *map, const char *key,
                            bool required, relok_day *out)
{
    FIELD_PROLOGUE();
    relok_status rc = relok__rd_node_date(rd, n, out);
    relok__rd_pop(rd, mark);
    return rc;
}

relok_status relok__rd_pdate(relok__rd *rd, const relok__node *map, const char *key,
                             bool required, relok_pdate *out)
{
    FIELD_PROLOGUE();
    relok_status rc = need_scalar(rd, n, "a date (YYYY, YYYY-MM or YYYY-MM-DD)");
    if (rc == RELOK_OK) {
        relok_error e = {0};
        rc = relok_pdate_parse(n->str, n->len, out, &e);
        if (rc != RELOK_OK)
            rc = relok__rd_error_why(rd, n, rc, "date_invalid", "%s", e.msg);
    }
    relok__rd_pop(rd, mark);
    return rc;
}

relok_status relok__rd_enum(relok__rd *rd, const relok__node *map, const char *key,
                            bool required, const char *const *names, size_t count, int *out)
{
    FIELD_PROLOGUE();
    relok_status rc = relok__rd_node_enum(rd, n, names, count, out);
    relok__rd_pop(rd, mark);
    return rc;
}

relok_status relok__rd_text(relok__rd *rd, const relok__node *map, const char *key,
                            bool required, relok_text *out)
{
    static const char *const keys[] = {"en", "ru", NULL};
    FIELD_PROLOGUE();
    relok_status rc = relok__rd_expect_map(rd, n, "text in both languages {en: ..., ru: ...}");
    if (rc == RELOK_OK)
        rc = relok__rd_check_keys(rd, n, keys);
    relok_text t = {0};
    if (rc == RELOK_OK) {
        relok_status a = relok__rd_str(rd, n, "en", true, &t.en);
        relok_status b = relok__rd_str(rd, n, "ru", true, &t.ru);
        rc = a != RELOK_OK ? a : b;
    }
    if (rc == RELOK_OK)
        *out = t;
    relok__rd_pop(rd, mark);
    return rc;
}

relok_status relok__rd_country_code(relok__rd *rd, const relok__node *map, const char *key,
                                    bool required, char out[3])
{
    FIELD_PROLOGUE();
    relok_status rc = relok__rd_node_country_code(rd, n, out);
    relok__rd_pop(rd, mark);
    return rc;
}

relok_status relok__rd_currency(relok__rd *rd, const relok__node *map, const char *key,
                                bool required, char out[4])
{
    FIELD_PROLOGUE();
    relok_status rc = need_scalar(rd, n, "a currency code");
    if (rc == RELOK_OK) {
        bool ok = n->len == 3;
        for (size_t i = 0; ok && i < 3; i++)
            ok = n->str[i] >= 'A' && n->str[i] <= 'Z';
        if (!ok)
            rc = relok__rd_error(rd, n, RELOK_ESCHEMA,
                                 "'%.20s' is not a currency code (three capital letters, "
                                 "e.g. USD)",
                                 n->str);
        else
            memcpy(out, n->str, 4);
    }
    relok__rd_pop(rd, mark);
    return rc;
}
