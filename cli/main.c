/* SPDX-License-Identifier: MIT */
/* relok: entry point. Picks the language, parses global options, dispatches
 * to a subcommand and frees what it loaded. Faces layer. */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct command {
    const char *name;
    cli_cmd_fn fn;
    const char *en, *ru;
} command;

static const command commands[] = {
#define CLI_COMMAND(name, fn, en, ru) {name, fn, en, ru},
#include "commands.def"
#undef CLI_COMMAND
};

/* Russian when the locale that governs messages says so: LC_ALL, then
 * LC_MESSAGES, then LANG (POSIX precedence), skipping "C"/"POSIX" so tests
 * that pin LC_ALL=C for numbers still honour LANG. */
static relok_lang lang_from_env(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *v = getenv(vars[i]);
        if (v == NULL || v[0] == '\0' || strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0 ||
            strncmp(v, "C.", 2) == 0)
            continue;
        return relok_lang_from_locale(v);
    }
    return RELOK_LANG_EN;
}

static void print_help(cli_ctx *ctx)
{
    FILE *o = ctx->out;
    fprintf(o, "%s\n\n",
            cli_tr(ctx,
                   "relok - where Russians abroad may go, how long they may stay, and at what "
                   "risk",
                   "relok — куда россиянам за рубежом можно поехать, сколько там можно "
                   "оставаться и с какими рисками"));
    fprintf(o, "%s: relok [--kb DIR] [--lang en|ru] %s [%s]\n\n", cli_tr(ctx, "Usage", "Запуск"),
            cli_tr(ctx, "COMMAND", "КОМАНДА"), cli_tr(ctx, "OPTIONS", "ПАРАМЕТРЫ"));
    fprintf(o, "%s:\n", cli_tr(ctx, "Commands", "Команды"));
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(o, "  %-10s %s\n", commands[i].name, cli_tr(ctx, commands[i].en, commands[i].ru));
    fprintf(o, "\n%s:\n", cli_tr(ctx, "Global options", "Общие параметры"));
    fprintf(o, "  --kb DIR      %s\n",
            cli_tr(ctx, "knowledge base directory (default: $RELOK_KB, then the shipped data)",
                   "каталог базы знаний (по умолчанию: $RELOK_KB, затем поставляемые данные)"));
    fprintf(o, "  --lang en|ru  %s\n",
            cli_tr(ctx, "language of the output (default: from LANG)",
                   "язык вывода (по умолчанию: из LANG)"));
    fprintf(o, "  --version     %s\n", cli_tr(ctx, "print the version", "показать версию"));
    fprintf(o, "  --help        %s\n\n", cli_tr(ctx, "this help", "эта справка"));
    fprintf(o, "%s\n",
            cli_tr(ctx,
                   "Run 'relok COMMAND --help' for a command's options. Exit codes: 0 ok, 1 the "
                   "answer is no, 2 usage, 3 bad input data, 4 I/O, 5 internal.",
                   "Параметры команды: 'relok КОМАНДА --help'. Коды выхода: 0 успех, 1 ответ "
                   "«нет», 2 ошибка вызова, 3 неверные данные, 4 ввод-вывод, 5 внутренняя "
                   "ошибка."));
}

/* The settings the library leaves to its faces (docs/architecture.md):
 * RELOK_NOW pins today (tests, goldens; an unparsable value is ignored, as
 * it always was), and the library's arena allocator serves jansson. */
static void setup_library(void)
{
    json_set_alloc_funcs(relok_json_alloc, relok_json_release);
    const char *now = getenv("RELOK_NOW");
    relok_day d;
    if (now != NULL && now[0] != '\0' && relok_date_parse(now, strlen(now), &d, NULL) == RELOK_OK)
        relok_date_pin_today(d);
    else
        relok_date_pin_today(RELOK_DAY_NONE);
}

/* The KB directory unless --kb names one: RELOK_KB, else the library's
 * search of the shipped data (relok_kb_default_dir). */
static const char *kb_dir_from_env(void)
{
    const char *env = getenv("RELOK_KB");
    return env != NULL && env[0] != '\0' ? env : NULL;
}

int main(int argc, char **argv)
{
    return cli_main_lent(argc, argv, NULL);
}

int cli_main_lent(int argc, char **argv, relok_kb *lent)
{
    setup_library();
    cli_ctx ctx = {.lang = lang_from_env(),
                   .today = relok_date_today(),
                   .kb_dir = kb_dir_from_env(),
                   .kb = lent,
                   .out = stdout,
                   .err = stderr};
    int i = 1;
    /* Global options come before the command (they are also accepted after
     * it, by cli_parse). */
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
            fprintf(ctx.out, "relok %s\n", relok_version());
            return CLI_EXIT_OK;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            print_help(&ctx);
            return CLI_EXIT_OK;
        }
        const char *val = NULL;
        const char *name = a;
        size_t nlen = strlen(a);
        const char *eq = strchr(a, '=');
        if (eq != NULL) {
            nlen = (size_t)(eq - a);
            val = eq + 1;
        }
        bool is_kb = nlen == 4 && strncmp(name, "--kb", 4) == 0;
        bool is_lang = nlen == 6 && strncmp(name, "--lang", 6) == 0;
        if (!is_kb && !is_lang) {
            cli_errorf(&ctx, "%s '%s' (%s)", cli_tr(&ctx, "unknown option", "неизвестный параметр"),
                       a, cli_tr(&ctx, "see 'relok --help'", "см. 'relok --help'"));
            return CLI_EXIT_USAGE;
        }
        if (val == NULL) {
            if (i + 1 >= argc) {
                cli_errorf(&ctx, "%.*s %s", (int)nlen, a,
                           cli_tr(&ctx, "needs a value", "требует значения"));
                return CLI_EXIT_USAGE;
            }
            val = argv[++i];
        }
        if (is_kb) {
            ctx.kb_dir = val;
        } else if (strcmp(val, "ru") == 0 || strcmp(val, "en") == 0) {
            ctx.lang = strcmp(val, "ru") == 0 ? RELOK_LANG_RU : RELOK_LANG_EN;
        } else {
            cli_errorf(&ctx, "--lang: %s '%s'", cli_tr(&ctx, "expected en or ru, got",
                                                       "ожидается en или ru, получено"),
                       val);
            return CLI_EXIT_USAGE;
        }
    }
    if (i >= argc) {
        print_help(&ctx);
        return CLI_EXIT_USAGE;
    }
    const char *name = argv[i];
    int rc = -1;
    for (size_t k = 0; k < sizeof commands / sizeof *commands; k++) {
        if (strcmp(commands[k].name, name) == 0) {
            rc = commands[k].fn(&ctx, argc - i, argv + i);
            break;
        }
    }
    if (rc < 0) {
        cli_errorf(&ctx, "%s '%s' (%s)", cli_tr(&ctx, "unknown command", "неизвестная команда"),
                   name, cli_tr(&ctx, "see 'relok --help'", "см. 'relok --help'"));
        rc = CLI_EXIT_USAGE;
    }
    if (ctx.kb != lent)
        relok_kb_free(ctx.kb);
    if (fflush(ctx.out) != 0 && rc == CLI_EXIT_OK)
        rc = CLI_EXIT_IO;
    return rc;
}
