/* SPDX-License-Identifier: MIT */
/* KB values in words for people, in the user's language; shared by every
 * command's human output. Faces layer. */
#include "cli.h"

const char *cli_access_words(const cli_ctx *ctx, relok_access a)
{
    switch (a) {
    case RELOK_ACCESS_VISA_FREE:
        return cli_tr(ctx, "visa-free", "без визы");
    case RELOK_ACCESS_VISA_ON_ARRIVAL:
        return cli_tr(ctx, "visa on arrival", "виза по прибытии");
    case RELOK_ACCESS_E_VISA:
        return cli_tr(ctx, "e-visa", "электронная виза");
    case RELOK_ACCESS_VISA:
        return cli_tr(ctx, "visa needed", "нужна виза");
    case RELOK_ACCESS_NOT_ACCEPTED:
        return cli_tr(ctx, "not accepted", "не принимается");
    case RELOK_ACCESS_COUNT_:
        break;
    }
    return "?";
}

const char *cli_doc_words(const cli_ctx *ctx, relok_doc d)
{
    switch (d) {
    case RELOK_DOC_INTERNAL_ID:
        return cli_tr(ctx, "internal ID", "внутренний паспорт");
    case RELOK_DOC_PASSPORT:
        return cli_tr(ctx, "passport", "загранпаспорт");
    case RELOK_DOC_BIRTH_CERTIFICATE:
        return cli_tr(ctx, "birth certificate", "свидетельство о рождении");
    case RELOK_DOC_COUNT_:
        break;
    }
    return "?";
}

const char *cli_avail_words(const cli_ctx *ctx, relok_avail a)
{
    switch (a) {
    case RELOK_AVAIL_YES:
        return cli_tr(ctx, "yes", "да");
    case RELOK_AVAIL_RESTRICTED:
        return cli_tr(ctx, "restricted", "с ограничениями");
    case RELOK_AVAIL_NO:
        return cli_tr(ctx, "no", "нет");
    case RELOK_AVAIL_UNKNOWN:
    case RELOK_AVAIL_COUNT_:
        break;
    }
    return cli_tr(ctx, "unknown", "неизвестно");
}

const char *cli_area_words(const cli_ctx *ctx, relok_area a)
{
    switch (a) {
    case RELOK_AREA_CENTRE:
        return cli_tr(ctx, "city centre", "центр");
    case RELOK_AREA_OUTSIDE:
        return cli_tr(ctx, "outside the centre", "вне центра");
    case RELOK_AREA_ANY:
    case RELOK_AREA_COUNT_:
        break;
    }
    return "";
}

const char *cli_confidence_words(const cli_ctx *ctx, relok_confidence c)
{
    switch (c) {
    case RELOK_CONFIDENCE_OFFICIAL:
        return cli_tr(ctx, "official statement", "официальное заявление");
    case RELOK_CONFIDENCE_SEVERAL:
        return cli_tr(ctx, "several independent reports", "несколько независимых сообщений");
    case RELOK_CONFIDENCE_SINGLE:
    case RELOK_CONFIDENCE_COUNT_:
        break;
    }
    return cli_tr(ctx, "one report", "одно сообщение");
}

const char *cli_factor_words(const cli_ctx *ctx, relok_factor f)
{
    const char *s = relok_factor_label(f, ctx->lang);
    return s != NULL ? s : "?";
}
