/* SPDX-License-Identifier: MIT */
/* GET /api/labels: the library's enum-label table (relok/labels.h) in
 * English and Russian, which the web reads instead of keeping a copy
 * (web/js/i18n.js). Faces layer; the answer depends on nothing but the
 * build, so clients may cache it. */
#include "server.h"

void srv_route_labels(srv_req *r)
{
    if (!srv_check_args(r, NULL))
        return;
    char *json = NULL;
    relok_error err = {0};
    relok_status s = relok_labels_json(0, &json, &err);
    srv_reply_rendered(r, s, &err, json);
}
