/* SPDX-License-Identifier: MIT */
/* POST /api/advise: a profile in, the advisor's ranking out, through the
 * same renderer as `relok advise --json` (relok_advise_json_request): by
 * default a summary per country (rank, scores, blockers, top reasons,
 * confidence); one country's full explanation with ?explain=CC or
 * POST /api/advise/{cc}. Faces layer. The body is either
 *   {"profile": {...}, "as_of": "YYYY-MM-DD", "top": N}   (an envelope), or
 *   {...}                                                  (a bare profile,
 *                                 as in a profile file; ?as_of= and ?top=)
 * (docs/api.md). The profile goes to the advisor's own reader as text (a
 * span of the body). It is forgotten with the request; nothing of it is
 * logged. */
#include "body.h"

#include "relok/advise.h"
#include "relok/country.h"


/* Run the advisor on profile text and reply. `prefix` ("profile" for the
 * envelope, NULL for a bare profile) is put before the field path of a
 * profile error so that it names the field in the body as sent. */
static void advise(srv_req *r, const char *text, size_t len, relok_day asof, size_t top,
                   const char *only, const char *prefix)
{
    char *json = NULL;
    relok_error err = {0};
    relok_status s = relok_advise_json_request(srv_kb_of(r), r->kbref->advise, text, len, asof,
                                               top, only,
                                               only == NULL ? RELOK_ADVISE_SUMMARY : 0, &json,
                                               &err);
    if (s == RELOK_OK) {
        srv_reply_json_take(r, 200, json);
        return;
    }
    relok_json_free(json);
    if (prefix != NULL)
        srv_error_prefix(&err, prefix);
    srv_reply_lib_error(r, s, &err);
}

/* The country asked for (the {cc} segment, else ?explain=), as an upper-case
 * code into cc; NULL for the summary. False after a 404 reply. */
static bool explain_of(srv_req *r, bool in_path, char cc[3], const char **only)
{
    const char *s = in_path ? r->params[0] : srv_arg(r, "explain");
    *only = NULL;
    if (s == NULL)
        return true;
    if (relok_country_parse(srv_kb_of(r), s, cc, NULL) != RELOK_OK ||
        relok_kb_country(srv_kb_of(r), cc) == NULL) {
        srv_reply_error(r, 404, "ENOTFOUND", in_path ? "cc" : "explain",
                        "no country with this ISO 3166-1 alpha-2 code in the knowledge base");
        return false;
    }
    *only = cc;
    return true;
}

static void route(srv_req *r, bool in_path)
{
    static const char *const allowed[] = {"as_of", "top", "explain", NULL};
    static const char *const allowed_cc[] = {"as_of", NULL};
    static const char *const keys[] = {"profile", "as_of", "top", NULL};
    if (!srv_check_args(r, in_path ? allowed_cc : allowed))
        return;
    char cc[3];
    const char *only = NULL;
    if (!explain_of(r, in_path, cc, &only))
        return;
    bool q_asof = srv_arg(r, "as_of") != NULL, q_top = srv_arg(r, "top") != NULL;
    relok_day asof;
    unsigned long top = 0;
    if (!srv_arg_date(r, "as_of", &asof) || !srv_arg_uint(r, "top", RELOK_MAX_ADVISE_TOP, &top))
        return;
    srv_members root;
    if (!srv_body_object(r, &root))
        return;
    const srv_member *profile = srv_member_get(&root, "profile");
    if (profile == NULL) {
        /* A bare profile: the advisor reads the whole body. */
        advise(r, r->body, r->body_len, asof, (size_t)top, only, NULL);
        return;
    }
    if (!srv_body_keys(r, &root, keys))
        return;
    if ((q_asof && srv_member_get(&root, "as_of") != NULL) ||
        (q_top && srv_member_get(&root, "top") != NULL)) {
        srv_reply_error(r, 400, "ESCHEMA", q_asof && srv_member_get(&root, "as_of") ? "as_of" : "top",
                        "given both in the body and the query");
        return;
    }
    if (!srv_body_date(r, &root, "as_of", false, &asof) ||
        !srv_body_uint(r, &root, "top", RELOK_MAX_ADVISE_TOP, &top))
        return;
    if (profile->val_len == 0 || profile->val[0] != '{') {
        srv_reply_error(r, 400, "ESCHEMA", "profile", "expected an object (docs/profile.md)");
        return;
    }
    advise(r, profile->val, profile->val_len, asof, (size_t)top, only, "profile");
}

void srv_route_advise(srv_req *r) { route(r, false); }

void srv_route_advise_country(srv_req *r) { route(r, true); }
