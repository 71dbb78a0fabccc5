/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The "user.gw.ctl" log type shared by the control modules (ctl_*); the type
 * itself is registered in ctl_api.c. Context: any.
 */
#ifndef CTL_LOG_H
#define CTL_LOG_H

#include <rte_log.h>

/* Log type id of "user.gw.ctl"; valid from process start (constructor). */
extern int ctl_logtype;

/*
 * Log one line at RTE_LOG_<level> (ERR, WARNING, NOTICE, INFO, DEBUG); the
 * newline is added. Anything a client or a peer can trigger must be rate
 * limited by the caller.
 */
#define CTL_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, ctl_logtype, "CTL: " fmt "\n", \
		## __VA_ARGS__)

#endif /* CTL_LOG_H */
