/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Foundation show commands: version, running configuration, port counters.
 * Context: control.
 */
#ifndef CTL_SHOW_H
#define CTL_SHOW_H

#include <stdbool.h>
#include <stdint.h>

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

struct ctl_reply;

/*
 * A feature's fields in one port's object of "show port statistics"
 * (ethdev @port_id). @return true when it wrote any
 */
typedef bool ctl_show_port_fn(struct ctl_reply *out, uint16_t port_id);

/**
 * Install @fn as the per-port extension of "show port statistics" (NULL:
 * none). A feature above core sets it from its module (xdp: its steering
 * counters). Context: control.
 */
void ctl_show_port_ext_set(ctl_show_port_fn *fn);

#endif /* CTL_SHOW_H */
