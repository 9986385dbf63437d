/* SPDX-License-Identifier: MIT */
/* The enum-label table (relok/labels.h), generated from RELOK_LABEL_MAP,
 * and its JSON for GET /api/labels. Model layer: static data. */
#include "relok/json.h"
#include "relok/labels.h"

#include "base/error_int.h"
#include "base/json_int.h"

#include <string.h>

static const relok_label table[] = {
#define LABEL_ROW(g, n, en, ru) {g, n, en, ru},
    RELOK_LABEL_MAP(LABEL_ROW)
#undef LABEL_ROW
};
enum { N_LABELS = sizeof table / sizeof table[0] };

const relok_label *relok_labels(size_t *out_n)
{
    if (out_n != NULL)
        *out_n = N_LABELS;
    return table;
}

const char *relok_label_get(const char *group, const char *name, relok_lang lang)
{
    if (group == NULL || name == NULL)
        return NULL;
    /* A linear scan of about 170 rows. The advisor asks a few hundred times
     * per POST /api/advise, where strcmp on every row was 4 % of the time:
     * comparing the first letters first skips most rows without a call. */
    for (size_t i = 0; i < N_LABELS; i++)
        if (table[i].name[0] == name[0] && table[i].group[0] == group[0] &&
            strcmp(table[i].name, name) == 0 && strcmp(table[i].group, group) == 0)
            return lang == RELOK_LANG_RU ? table[i].ru : table[i].en;
    return NULL;
}

const char *relok_label_or_name(const char *group, const char *name, relok_lang lang)
{
    const char *s = relok_label_get(group, name, lang);
    return s != NULL ? s : name;
}

relok_status relok_labels_json(unsigned flags, char **out, relok_error *err)
{
    *out = NULL;
    relok__jb jb = relok__jb_begin();
    json_t *root = json_object();
    if (root == NULL)
        jb.failed = 1;
    for (size_t i = 0; root != NULL && i < N_LABELS; i++) {
        json_t *g = json_object_get(root, table[i].group);
        if (g == NULL) {
            g = json_object();
            relok__jset(&jb, root, table[i].group, g);
            if (jb.failed)
                break;
        }
        relok_text t = {table[i].en, table[i].ru};
        relok__jset(&jb, g, table[i].name, relok__json_text(&t));
    }
    return relok__json_finish(&jb, root, flags, out, err);
}
