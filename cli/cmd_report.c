/* SPDX-License-Identifier: MIT */
/* relok report new: write a draft practice report (data/reports/ format)
 * for a user to fill in and propose. No network: the draft is a local file
 * that a reviewer checks against its source (docs/data-sources.md).
 * Faces layer. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static void report_help(cli_ctx *ctx)
{
    fprintf(ctx->out, "%s: relok report new --country CC [--date DATE] [--out FILE]\n\n",
            cli_tr(ctx, "Usage", "Запуск"));
    cli_help_opt(ctx, "new",
                 cli_tr(ctx,
                        "write a draft practice report (what happened at a border, a bank or "
                        "an office) to fill in and propose; nothing is sent anywhere",
                        "записать черновик сообщения о практике (что произошло на границе, в "
                        "банке или учреждении), чтобы заполнить и предложить; ничего никуда "
                        "не отправляется"));
    cli_help_opt(ctx, "--country CC",
                 cli_tr(ctx, "where it happened (a country of the knowledge base)",
                        "где это произошло (страна из базы знаний)"));
    cli_help_opt(ctx, "--date DATE",
                 cli_tr(ctx, "when it happened (default: today)",
                        "когда это произошло (по умолчанию сегодня)"));
    cli_help_opt(ctx, "--out FILE",
                 cli_tr(ctx, "where to write (default: report-CC-DATE.yaml; never overwritten)",
                        "куда записать (по умолчанию report-CC-DATE.yaml; не перезаписывается)"));
}

/* The draft: every field of the format, with what to write in both
 * languages as comments, and "unverified" until a reviewer checks it. */
static int write_draft(FILE *f, const char *cc, const char *date)
{
    int n = fprintf(
        f,
        "# Draft practice report / черновик сообщения о практике (docs/kb-format.md).\n"
        "# Fill in every TODO, add the source to data/sources/ and propose it; a reviewer\n"
        "# checks it against the source (docs/data-sources.md). A report never changes a rule.\n"
        "# Заполните все TODO, добавьте источник в data/sources/ и предложите; рецензент\n"
        "# сверит его с источником. Сообщение никогда не меняет правило.\n"
        "reports:\n"
        "  - id: %c%c-%s-TODO            # unique: country, date, a few words\n"
        "    country: %s\n"
        "    crossing: {en: TODO, ru: TODO}  # crossing, airport or office; delete if none\n"
        "    date: %s\n"
        "    # until: YYYY-MM-DD            # end of the period, if it lasted\n"
        "    # factors: [activist]          # who it concerns, any of: criminal_case,\n"
        "    #   draft_eligible, activist, lgbtqi, north_caucasus,\n"
        "    #   entered_abkhazia_or_south_ossetia_from_russia; delete the line for anyone\n"
        "    title: {en: TODO, ru: TODO}\n"
        "    what:\n"
        "      en: TODO what happened, in your own words (no names without consent)\n"
        "      ru: TODO что произошло, своими словами (без имён без согласия)\n"
        "    confidence: single              # official | several | single\n"
        "    sources: [relok:unverified]     # replace with the id of the source you add\n"
        "    unverified:\n"
        "      en: Proposed by a user; not yet checked against a source\n"
        "      ru: Предложено пользователем; ещё не сверено с источником\n",
        cc[0] + ('a' - 'A'), cc[1] + ('a' - 'A'), date, cc, date);
    return n < 0 ? -1 : 0;
}

int cmd_report(cli_ctx *ctx, int argc, char **argv)
{
    const char *country = NULL, *date_s = NULL, *out_path = NULL;
    bool help = false;
    const cli_opt opts[] = {{"country", CLI_OPT_STRING, &country, NULL},
                            {"date", CLI_OPT_STRING, &date_s, NULL},
                            {"out", CLI_OPT_STRING, &out_path, NULL},
                            {NULL, CLI_OPT_FLAG, NULL, NULL}};
    const char *pos[1];
    size_t n_pos = 0;
    int rc = cli_parse(ctx, "report", argc, argv, opts, pos, 1, &n_pos, &help);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (help) {
        report_help(ctx);
        return CLI_EXIT_OK;
    }
    if (n_pos != 1 || strcmp(pos[0], "new") != 0)
        return cli_usage(ctx, "report", "%s",
                         cli_tr(ctx, "expected 'new'", "ожидается 'new'"));
    if (country == NULL)
        return cli_usage(ctx, "report", "%s",
                         cli_tr(ctx, "which country? give --country CC",
                                "какая страна? укажите --country CC"));
    relok_day day = ctx->today;
    if (date_s != NULL && (rc = cli_parse_date(ctx, "report", "--date", date_s, &day)) !=
                              CLI_EXIT_OK)
        return rc;
    relok_kb *kb = cli_kb(ctx, &rc);
    if (kb == NULL)
        return rc;
    char cc[3];
    if ((rc = cli_parse_country(ctx, "report", kb, country, cc)) != CLI_EXIT_OK)
        return rc;
    char date[RELOK_DATE_BUF], def[64];
    relok_date_format(day, date);
    if (out_path == NULL) {
        snprintf(def, sizeof def, "report-%s-%s.yaml", cc, date);
        out_path = def;
    }
    /* "wx": never overwrite someone's filled-in draft. */
    FILE *f = fopen(out_path, "wx");
    if (f == NULL) {
        cli_errorf(ctx, "%s %s", cli_tr(ctx, "cannot create (exists?)", "не удаётся создать (уже есть?)"),
                   out_path);
        return CLI_EXIT_IO;
    }
    int w = write_draft(f, cc, date);
    if (fclose(f) != 0 || w != 0) {
        cli_errorf(ctx, "%s %s", cli_tr(ctx, "cannot write", "не удаётся записать"), out_path);
        return CLI_EXIT_IO;
    }
    fprintf(ctx->out, "%s %s\n",
            cli_tr(ctx, "Draft written to", "Черновик записан в"), out_path);
    fprintf(ctx->out, "%s\n",
            cli_tr(ctx,
                   "Fill in the TODOs, then check it with: relok kb check (after copying it to "
                   "data/reports/)",
                   "Заполните TODO и проверьте: relok kb check (скопировав в data/reports/)"));
    return CLI_EXIT_OK;
}
