/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Foundation show commands: version, running configuration, port counters.
 * Context: control.
 */
#ifndef CTL_SHOW_H
#define CTL_SHOW_H

#include "conf/ctl_conf.h"

/**
 * Register "show version", "show configuration [srp]" and
 * "show port statistics" with the command API.
 * Context: control.
 * @param conf running configuration; must outlive the API
 * @param config_path file it was loaded from (shown by show version)
 * @return 0, or the first ctl_api_register error
 */
int ctl_show_register(const struct ctl_conf *conf, const char *config_path);

#endif /* CTL_SHOW_H */
