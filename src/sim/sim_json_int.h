/* SPDX-License-Identifier: MIT */
/* JSON helpers shared by the simulator's renderers (output.c, report.c);
 * jansson stays inside the library's .c files. Engine layer. */
#ifndef RELOK_SIM_JSON_INT_H
#define RELOK_SIM_JSON_INT_H

#include "base/json_int.h"

/* {"q05", "q50", "q95"} from quantiles 5/50/95 %. */
json_t *relok__sim_q_json(relok__jb *jb, const double q[3]);

#endif
