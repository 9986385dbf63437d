/* SPDX-License-Identifier: MIT */
/* POST /api/tax: the tax-residency day counter. Faces layer: the trip log
 * is read by the same reader as POST /api/stay (srv_body_trips), counted by
 * relok_tax_count and rendered by relok_tax_json, the renderer of `relok
 * stay --tax --json`. Trips after `on` are a plan and do not count, as in
 * `relok stay --tax --on`. Nothing of the log is kept or logged. */
#include "body.h"

#include "relok/tax.h"
#include "relok/trips.h"

static void tax(srv_req *r, const srv_members *root)
{
    static const char *const keys[] = {"trips", "on", NULL};
    relok_day on = relok_date_today();
    if (!srv_body_keys(r, root, keys) || !srv_body_date(r, root, "on", false, &on))
        return;
    relok_trip *t = NULL, *known = NULL;
    size_t n = 0, n_known = 0;
    if (!srv_body_log(r, root, on, &t, &n, &known, &n_known))
        return;
    relok_error err = {0};
    relok_tax_report rep;
    char *json = NULL;
    relok_status s = relok_tax_count(known, n_known, on, r->arena, &rep, &err);
    if (s == RELOK_OK)
        s = relok_tax_json(&rep, 0, &json, &err);
    srv_reply_rendered(r, s, &err, json);
}

void srv_route_tax(srv_req *r)
{
    srv_members root;
    if (srv_check_args(r, NULL) && srv_body_object(r, &root))
        tax(r, &root);
}
