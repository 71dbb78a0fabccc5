/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-service configuration changes: which settings a running gateway may
 * take without a restart, and the changed lines of a new configuration
 * sorted into those it can apply now and those that need a restart
 * (docs/configuration.md, "Changing the configuration in service").
 * Pure code. Context: control.
 */
#ifndef CTL_CONF_DIFF_H
#define CTL_CONF_DIFF_H

#include <stdbool.h>

#include "ctl_conf.h"

#define CTL_DIFF_MAX		64	/* changes listed (all are counted) */
#define CTL_DIFF_LINE_LEN	192	/* "block > block > line" */

/* One changed line of the printed configuration. */
struct ctl_conf_change {
	bool			restart;	/* needs a restart */
	bool			added;		/* in the new file (else removed) */
	char			line[CTL_DIFF_LINE_LEN];
};

struct ctl_conf_diff {
	unsigned int		n_runtime;	/* changed lines, run-time class */
	unsigned int		n_restart;	/* changed lines, restart class */
	unsigned int		n;		/* entries in c[] */
	struct ctl_conf_change	c[CTL_DIFF_MAX];
};

/**
 * Copy into @dst every setting of @src that a running gateway can change:
 * SRP priority, hello/dead/delay intervals, checkpoint options, monitors,
 * guard and damping timers, switchover and standby options; per context
 * (matched by name) static routes and neighbours and the AAA and Diameter
 * settings the monitors use; the session timer defaults. Everything else
 * of @dst stays.
 * Context: any.
 */
void ctl_conf_runtime_take(struct ctl_conf *dst, const struct ctl_conf *src);

/**
 * Compare a running configuration with a new one. Each changed line of the
 * normalised printout is counted as run time (it differs in a setting
 * ctl_conf_runtime_take() copies) or restart (any other); the first
 * CTL_DIFF_MAX are listed, restart ones first.
 * Context: control.
 * @return 0, -EINVAL for NULL arguments, -ENOMEM
 */
int ctl_conf_diff(const struct ctl_conf *run, const struct ctl_conf *next,
		  struct ctl_conf_diff *d);

#endif /* CTL_CONF_DIFF_H */
