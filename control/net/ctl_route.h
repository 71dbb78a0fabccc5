/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Static routes of the configuration into the forwarding state, and the
 * route show commands (show ip route, show ipv6 route). Context: control.
 */
#ifndef CTL_ROUTE_H
#define CTL_ROUTE_H

#include <stddef.h>

#include "conf/ctl_conf.h"
#include "dp_fwd.h"

/**
 * Add every configured route to @st via its next hop (a gateway neighbour
 * on the port of the named interface); routes via an interface bound to
 * no started port are skipped with a warning.
 * Context: control, from ctl_fwd_build().
 * @param err one-line reason on failure
 * @return 0; -EINVAL (next hop of another family, or already a neighbour
 *   on another port), -ENOSPC, -ENOMEM
 */
int ctl_route_build(const struct ctl_conf *conf, struct dp_fwd_state *st,
		    char *err, size_t err_len);

/**
 * Register show ip route and show ipv6 route (again: -EEXIST is not an
 * error). Context: control.
 * @return 0, or the first ctl_api_register error other than -EEXIST
 */
int ctl_route_register(void);

#endif /* CTL_ROUTE_H */
