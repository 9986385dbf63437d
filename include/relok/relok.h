/* SPDX-License-Identifier: MIT */
/* Umbrella header: the whole public API of the relok library. */
#ifndef RELOK_RELOK_H
#define RELOK_RELOK_H

#include "advise.h"
#include "arena.h"
#include "common.h"
#include "country.h"
#include "date.h"
#include "diary.h"
#include "error.h"
#include "json.h"
#include "kb.h"
#include "labels.h"
#include "limits.h"
#include "mem.h"
#include "plan.h"
#include "rule.h"
#include "sim.h"
#include "stay.h"
#include "tax.h"
#include "text.h"
#include "trips.h"

#endif
