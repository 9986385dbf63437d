/* SPDX-License-Identifier: MIT */
/* The relok command-line tool: shared context, option parsing, output
 * helpers and the one exit-code table. Faces layer: parses input, calls the
 * library, renders; uses only the public headers in include/relok/. */
#ifndef RELOK_CLI_H
#define RELOK_CLI_H

#include "relok/relok.h"

#include <stdio.h>

/* Exit codes, one table for every command (STYLE.md). */
enum {
    CLI_EXIT_OK = 0,       /* success */
    CLI_EXIT_NO = 1,       /* the answer is no (check commands) */
    CLI_EXIT_USAGE = 2,    /* bad command line */
    CLI_EXIT_DATA = 3,     /* bad input data (KB, trip log, profile) */
    CLI_EXIT_IO = 4,       /* I/O or system error */
    CLI_EXIT_INTERNAL = 5  /* a bug or out of memory */
};

typedef struct cli_ctx {
    relok_lang lang;        /* language of human output */
    const char *kb_dir;     /* --kb, or NULL for the default */
    relok_kb *kb;           /* loaded on first use by cli_kb; freed by main */
    relok_day today;        /* "today" (RELOK_NOW may pin it) */
    FILE *out;              /* stdout */
    FILE *err;              /* stderr */
} cli_ctx;

/* A command: argv[0] is the command name. Returns an exit code. */
typedef int (*cli_cmd_fn)(cli_ctx *ctx, int argc, char **argv);

/* Map a library status to an exit code. */
int cli_exit_for(relok_status s);

/* The message in the user's language. */
static inline const char *cli_tr(const cli_ctx *ctx, const char *en, const char *ru)
{
    return ctx->lang == RELOK_LANG_RU ? ru : en;
}

/* Print "relok: <message>" to stderr. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void cli_errorf(cli_ctx *ctx, const char *fmt, ...);

/* Print a library error (file:line:col: path: message) and return the exit
 * code for its status. */
int cli_report(cli_ctx *ctx, const relok_error *err, relok_status s);

/* Usage error for a command: prints the message and a hint to use --help;
 * returns CLI_EXIT_USAGE. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
int cli_usage(cli_ctx *ctx, const char *cmd, const char *fmt, ...);

/* The KB, loaded on first use (from --kb, RELOK_KB, or the default place).
 * On failure prints why and returns NULL; *exit_code gets the exit code. */
relok_kb *cli_kb(cli_ctx *ctx, int *exit_code);

/* The whole command line, as main runs it (main is cli_main_lent(argc,
 * argv, NULL)). A non-NULL lent KB is used instead of loading one, whatever
 * --kb or RELOK_KB say, and is not freed: the CLI sweep
 * (tests/unit/test_sweep_cli.c) runs each command hundreds of times, and one
 * load of the shipped KB costs more than most commands. `relok kb check`
 * still loads its directory itself. */
int cli_main_lent(int argc, char **argv, relok_kb *lent);

/* ----------------------------------------------------- option parsing */

typedef enum cli_opt_kind {
    CLI_OPT_FLAG,   /* --name */
    CLI_OPT_STRING, /* --name VALUE or --name=VALUE */
} cli_opt_kind;

typedef struct cli_opt {
    const char *name;   /* without the dashes */
    cli_opt_kind kind;
    const char **value; /* CLI_OPT_STRING: where the value goes */
    bool *flag;         /* CLI_OPT_FLAG: set to true when given */
} cli_opt;

/* Parse argv[1..] of a command: options from opts (NULL-name terminated)
 * plus the common ones (--kb DIR, --lang en|ru, --help), positionals into
 * pos (at most max_pos). "--" ends options. *help is set when --help was
 * given. Returns CLI_EXIT_OK or CLI_EXIT_USAGE (after printing why). */
int cli_parse(cli_ctx *ctx, const char *cmd, int argc, char **argv, const cli_opt *opts,
              const char **pos, size_t max_pos, size_t *n_pos, bool *help);

/* Parse a date option value (YYYY-MM-DD); prints a usage error naming the
 * option on failure. */
int cli_parse_date(cli_ctx *ctx, const char *cmd, const char *opt, const char *value,
                   relok_day *out);
/* A country named on the command line (relok_country_parse: a code in any
 * case, or a name in English or Russian) into out; an unknown country is a
 * usage error naming the text. */
int cli_parse_country(cli_ctx *ctx, const char *cmd, const relok_kb *kb, const char *value,
                      char out[3]);
/* Parse --doc; NULL value keeps *out. */
int cli_parse_doc(cli_ctx *ctx, const char *cmd, const char *value, relok_doc *out);

/* Print malloc'd JSON text followed by a newline and free it. */
void cli_print_json(cli_ctx *ctx, char *json);

/* --------------------------------------------------------------- tables */

enum { CLI_TABLE_MAX_COLS = 10, CLI_TABLE_WIDTH = 100 };

typedef struct cli_table {
    size_t n_cols;
    const char *headers[CLI_TABLE_MAX_COLS];
    char ***rows;      /* rows[r][c], malloc'd copies */
    size_t n_rows, cap_rows;
} cli_table;

void cli_table_init(cli_table *t, size_t n_cols, const char *const *headers);
/* Add a row of n_cols strings (copied). Returns 0, -1 when out of memory. */
int cli_table_add(cli_table *t, const char *const *cells);
/* Print the table fitting CLI_TABLE_WIDTH columns: the widest columns are
 * shortened with "…" when needed. */
void cli_table_print(const cli_table *t, FILE *out);
void cli_table_free(cli_table *t);

/* Print text wrapped at width columns with the given indent. */
void cli_wrap(FILE *out, const char *text, size_t indent, size_t width);

/* ---------------------------------------------------------------- words */

/* KB values in words in the user's language (cli/words.c). */
const char *cli_access_words(const cli_ctx *ctx, relok_access a);
const char *cli_doc_words(const cli_ctx *ctx, relok_doc d);
const char *cli_avail_words(const cli_ctx *ctx, relok_avail a);
const char *cli_factor_words(const cli_ctx *ctx, relok_factor f);
const char *cli_area_words(const cli_ctx *ctx, relok_area a);
const char *cli_confidence_words(const cli_ctx *ctx, relok_confidence c);
/* A cost's date for people: "2023-10", or "2026, undated" when the source
 * gives none and the date is an estimate. buf of RELOK_DATE_BUF + 32. */
const char *cli_cost_date(const cli_ctx *ctx, const relok_cost *k, char *buf, size_t n);

/* ------------------------------------------------------------- commands */

int cmd_countries(cli_ctx *ctx, int argc, char **argv);
int cmd_show(cli_ctx *ctx, int argc, char **argv);
int cmd_history(cli_ctx *ctx, int argc, char **argv);
int cmd_sources(cli_ctx *ctx, int argc, char **argv);
int cmd_kb(cli_ctx *ctx, int argc, char **argv);
int cmd_report(cli_ctx *ctx, int argc, char **argv);
int cmd_advise(cli_ctx *ctx, int argc, char **argv);
int cmd_stay(cli_ctx *ctx, int argc, char **argv);
int cmd_trip(cli_ctx *ctx, int argc, char **argv);
int cmd_plan(cli_ctx *ctx, int argc, char **argv);

/* Trips from --trips FILE ("-": standard input), else from the diary at
 * db_path (NULL: the default path); no diary yet gives an empty log. The
 * trips live in arena a; *source names where they came from (cmd_stay.c). */
int cli_stay_load_trips(cli_ctx *ctx, const char *trips_path, const char *db_path,
                        relok_arena *a, relok_trip **out, size_t *out_n, const char **source);
/* One option line of a --help text: "  --opt ARG      text", the text wrapped
 * at CLI_TABLE_WIDTH under itself (cmd_stay.c). */
void cli_help_opt(cli_ctx *ctx, const char *opt, const char *text);
int cmd_serve(cli_ctx *ctx, int argc, char **argv);
int cmd_sim(cli_ctx *ctx, int argc, char **argv);

#endif
