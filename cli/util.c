/* SPDX-License-Identifier: MIT */
/* Shared CLI helpers: the exit-code table, messages, option parsing, KB
 * loading. Faces layer. */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int cli_exit_for(relok_status s)
{
    switch (s) {
    case RELOK_OK:
        return CLI_EXIT_OK;
    case RELOK_ENOPLAN:
        return CLI_EXIT_NO;
    case RELOK_EINVAL:
        return CLI_EXIT_USAGE;
    case RELOK_EPARSE:
    case RELOK_ESCHEMA:
    case RELOK_ERANGE:
    case RELOK_ELIMIT:
    case RELOK_ENOTFOUND:
        return CLI_EXIT_DATA;
    case RELOK_EIO:
    case RELOK_EDB:
        return CLI_EXIT_IO;
    case RELOK_ENOMEM:
    case RELOK_EINTERNAL:
    case RELOK_STATUS_COUNT_:
        break;
    }
    return CLI_EXIT_INTERNAL;
}

void cli_errorf(cli_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("relok: ", ctx->err);
    vfprintf(ctx->err, fmt, ap);
    fputc('\n', ctx->err);
    va_end(ap);
}

int cli_report(cli_ctx *ctx, const relok_error *err, relok_status s)
{
    /* Russian takes up to twice the bytes of the English detail. */
    char buf[RELOK_ERROR_SOURCE_LEN + RELOK_ERROR_PATH_LEN + 2 * RELOK_ERROR_MSG_LEN + 64];
    if (err != NULL && err->code != RELOK_OK)
        cli_errorf(ctx, "%s", relok_error_format_lang(err, ctx->lang, buf, sizeof buf));
    else
        cli_errorf(ctx, "%s", relok_error_text_lang(relok_strerror(s), ctx->lang, buf, sizeof buf));
    return cli_exit_for(s);
}

int cli_usage(cli_ctx *ctx, const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(ctx->err, "relok %s: ", cmd);
    vfprintf(ctx->err, fmt, ap);
    fprintf(ctx->err, " (%s 'relok %s --help')\n", cli_tr(ctx, "see", "см."), cmd);
    va_end(ap);
    return CLI_EXIT_USAGE;
}

relok_kb *cli_kb(cli_ctx *ctx, int *exit_code)
{
    *exit_code = CLI_EXIT_OK;
    if (ctx->kb != NULL)
        return ctx->kb;
    char dir[RELOK_PATH_BUF];
    const char *path = ctx->kb_dir;
    if (path == NULL) {
        if (relok_kb_default_dir(dir, sizeof dir) != RELOK_OK) {
            cli_errorf(ctx, "%s (%s); %s",
                       cli_tr(ctx, "cannot find the knowledge base", "не найдена база знаний"),
                       dir,
                       cli_tr(ctx, "use --kb DIR or set RELOK_KB",
                              "укажите --kb КАТАЛОГ или RELOK_KB"));
            *exit_code = CLI_EXIT_IO;
            return NULL;
        }
        path = dir;
    }
    relok_error err = {0};
    relok_status s = relok_kb_load(path, &ctx->kb, NULL, &err);
    if (s != RELOK_OK) {
        *exit_code = cli_report(ctx, &err, s);
        if (*exit_code == CLI_EXIT_DATA)
            cli_errorf(ctx, "%s",
                       cli_tr(ctx, "the knowledge base is invalid; run 'relok kb check' "
                                   "for every problem",
                              "база знаний содержит ошибки; запустите 'relok kb check', "
                              "чтобы увидеть все"));
        return NULL;
    }
    return ctx->kb;
}

int cli_parse(cli_ctx *ctx, const char *cmd, int argc, char **argv, const cli_opt *opts,
              const char **pos, size_t max_pos, size_t *n_pos, bool *help)
{
    *n_pos = 0;
    *help = false;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
            if (*n_pos >= max_pos)
                return cli_usage(ctx, cmd, "%s '%s'",
                                 cli_tr(ctx, "unexpected argument", "лишний аргумент"), a);
            pos[(*n_pos)++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            options_done = true;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            *help = true;
            continue;
        }
        if (strncmp(a, "--", 2) != 0)
            return cli_usage(ctx, cmd, "%s '%s'", cli_tr(ctx, "unknown option", "неизвестный параметр"),
                             a);
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t nlen = eq != NULL ? (size_t)(eq - name) : strlen(name);
        const char *value = eq != NULL ? eq + 1 : NULL;
        /* Common options, accepted after the command too. */
        const char *kb_val = NULL, *lang_val = NULL;
        cli_opt common[] = {{"kb", CLI_OPT_STRING, &kb_val, NULL},
                            {"lang", CLI_OPT_STRING, &lang_val, NULL}};
        const cli_opt *match = NULL;
        for (const cli_opt *o = opts; o != NULL && o->name != NULL; o++)
            if (strlen(o->name) == nlen && strncmp(o->name, name, nlen) == 0)
                match = o;
        for (size_t k = 0; match == NULL && k < 2; k++)
            if (strlen(common[k].name) == nlen && strncmp(common[k].name, name, nlen) == 0)
                match = &common[k];
        if (match == NULL)
            return cli_usage(ctx, cmd, "%s '--%.*s'",
                             cli_tr(ctx, "unknown option", "неизвестный параметр"), (int)nlen,
                             name);
        if (match->kind == CLI_OPT_FLAG) {
            if (value != NULL)
                return cli_usage(ctx, cmd, "--%s %s", match->name,
                                 cli_tr(ctx, "takes no value", "не принимает значения"));
            *match->flag = true;
            continue;
        }
        if (value == NULL) {
            if (i + 1 >= argc)
                return cli_usage(ctx, cmd, "--%s %s", match->name,
                                 cli_tr(ctx, "needs a value", "требует значения"));
            value = argv[++i];
        }
        *match->value = value;
        if (kb_val != NULL)
            ctx->kb_dir = kb_val;
        if (lang_val != NULL) {
            if (strcmp(lang_val, "ru") == 0)
                ctx->lang = RELOK_LANG_RU;
            else if (strcmp(lang_val, "en") == 0)
                ctx->lang = RELOK_LANG_EN;
            else
                return cli_usage(ctx, cmd, "--lang: %s '%s'",
                                 cli_tr(ctx, "expected en or ru, got",
                                        "ожидается en или ru, получено"),
                                 lang_val);
        }
    }
    return CLI_EXIT_OK;
}

int cli_parse_date(cli_ctx *ctx, const char *cmd, const char *opt, const char *value,
                   relok_day *out)
{
    relok_error err = {0};
    if (relok_date_parse(value, strlen(value), out, &err) != RELOK_OK) {
        char detail[2 * RELOK_ERROR_MSG_LEN];
        return cli_usage(ctx, cmd, "%s: %s", opt,
                         relok_error_detail(&err, ctx->lang, detail, sizeof detail));
    }
    return CLI_EXIT_OK;
}

int cli_parse_country(cli_ctx *ctx, const char *cmd, const relok_kb *kb, const char *value,
                      char out[3])
{
    if (relok_country_parse(kb, value, out, NULL) == RELOK_OK)
        return CLI_EXIT_OK;
    return cli_usage(ctx, cmd, "%s '%s'",
                     cli_tr(ctx, "no country in the knowledge base with this code or name",
                            "в базе знаний нет страны с таким кодом или названием"),
                     value);
}

int cli_parse_doc(cli_ctx *ctx, const char *cmd, const char *value, relok_doc *out)
{
    if (value == NULL)
        return CLI_EXIT_OK;
    if (relok_doc_parse(value, out) != RELOK_OK)
        return cli_usage(ctx, cmd, "--doc: %s '%s'",
                         cli_tr(ctx, "expected internal_id, passport or birth_certificate, got",
                                "ожидается 'internal_id' (внутренний паспорт), 'passport' "
                                "(загранпаспорт) или 'birth_certificate' (свидетельство о "
                                "рождении), получено"),
                         value);
    return CLI_EXIT_OK;
}

void cli_print_json(cli_ctx *ctx, char *json)
{
    fputs(json, ctx->out);
    fputc('\n', ctx->out);
    relok_json_free(json);
}

void cli_help_opt(cli_ctx *ctx, const char *opt, const char *text)
{
    /* "  --opt ARG      text" with the text wrapped under itself. */
    enum { COL = 17 };
    /* An option too wide for its column gets a line of its own, so it never
     * runs into its text ("--cohort-from DATEarrival ..."). */
    if (relok_utf8_width(opt) + 1 > COL - 2)
        fprintf(ctx->out, "  %s\n%*s", opt, COL, "");
    else
        fprintf(ctx->out, "  %-*s", COL - 2, opt);
    size_t col = COL;
    bool first = true;
    const char *q = text;
    while (*q != '\0') {
        while (*q == ' ')
            q++;
        const char *end = q;
        while (*end != '\0' && *end != ' ')
            end++;
        if (end == q)
            break;
        char word[512];
        size_t len = (size_t)(end - q) < sizeof word - 1 ? (size_t)(end - q) : sizeof word - 1;
        memcpy(word, q, len);
        word[len] = '\0';
        size_t wlen = relok_utf8_width(word);
        if (!first && col + 1 + wlen > CLI_TABLE_WIDTH) {
            fprintf(ctx->out, "\n%*s", COL, "");
            col = COL;
            first = true;
        }
        fprintf(ctx->out, "%s%s", first ? "" : " ", word);
        col += wlen + (first ? 0 : 1);
        first = false;
        q = end;
    }
    fputc('\n', ctx->out);
}
