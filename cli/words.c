/* SPDX-License-Identifier: MIT */
/* KB values in words for people, in the user's language; shared by every
 * command's human output. Faces layer. */
#include "cli.h"

#include <stdio.h>

/* The library's label table (relok/labels.h) words every enum value, so
 * the CLI and the web say the same. */
const char *cli_access_words(const cli_ctx *ctx, relok_access a)
{
    return relok_label_or_name("access", relok_access_name(a), ctx->lang);
}

const char *cli_doc_words(const cli_ctx *ctx, relok_doc d)
{
    return relok_label_or_name("doc", relok_doc_name(d), ctx->lang);
}

const char *cli_avail_words(const cli_ctx *ctx, relok_avail a)
{
    return relok_label_or_name("yn", relok_avail_name(a), ctx->lang);
}

const char *cli_area_words(const cli_ctx *ctx, relok_area a)
{
    return a == RELOK_AREA_ANY ? "" : relok_label_or_name("area", relok_area_name(a), ctx->lang);
}

const char *cli_confidence_words(const cli_ctx *ctx, relok_confidence c)
{
    return relok_label_or_name("confidence", relok_confidence_name(c), ctx->lang);
}

const char *cli_factor_words(const cli_ctx *ctx, relok_factor f)
{
    const char *s = relok_factor_label(f, ctx->lang);
    return s != NULL ? s : "?";
}

const char *cli_cost_date(const cli_ctx *ctx, const relok_cost *k, char *buf, size_t n)
{
    char date[RELOK_DATE_BUF];
    relok_pdate_format(k->date, date);
    if (k->is_undated)
        snprintf(buf, n, "%s, %s", date, cli_tr(ctx, "undated", "без даты"));
    else
        snprintf(buf, n, "%s", date);
    return buf;
}
