/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Diameter monitor's engine (ctl_mon_diam.c). It registers itself from
 * a constructor; the symbol is exported so that a test linking libgw_ctl
 * (not whole) can pull the engine in. Context: control.
 */
#ifndef CTL_MON_DIAM_H
#define CTL_MON_DIAM_H

#include "ctl_mon.h"

/* The engine of SRP_MON_DIAMETER (kind, name, start, stop). */
extern struct ctl_mon_engine ctl_mon_diam_engine;

#endif /* CTL_MON_DIAM_H */
