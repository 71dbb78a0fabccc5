/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-service configuration changes (docs/configuration.md, "Changing the
 * configuration in service"): `configure FILE [partial]`, SIGHUP and
 * `show configuration changes`. Context: control.
 */
#ifndef CTL_RECONF_H
#define CTL_RECONF_H

#include <stdbool.h>
#include <stddef.h>

struct ctl_conf;

/**
 * Register the commands. @run is the running configuration every module
 * was started with; changes are written into it in place.
 * Context: control.
 * @param path the file the gateway started with (SIGHUP reads it again)
 * @return 0, or the error of ctl_api_register()
 */
int ctl_reconf_register(struct ctl_conf *run, const char *path);

/**
 * Apply configuration file @file in service: parsed whole (a bad file
 * changes nothing), compared with the running one; with a change that
 * needs a restart nothing is applied unless @partial (then the run-time
 * changes only); the modules take the change in rank order and, when one
 * refuses, the previous configuration is restored everywhere.
 * Context: control.
 * @param err why on refusal or failure ("FILE:LINE: ..." for a parse error)
 * @return 0 (applied, partly applied or unchanged), -EINVAL (bad file),
 *	   -EPERM (a change needs a restart), -ENOMEM, or the refusing
 *	   module's negative errno
 */
int ctl_reconf_apply(const char *file, bool partial, char *err,
		     size_t err_len);

/**
 * SIGHUP: read the start-up file again and apply it whole (no partial
 * apply); the outcome is logged and kept for `show configuration changes`.
 * Context: control.
 * @return 0 when applied or unchanged, else a negative errno
 */
int ctl_reconf_sighup(void);

#endif /* CTL_RECONF_H */
