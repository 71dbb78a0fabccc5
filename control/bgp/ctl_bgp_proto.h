/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reading BIRD 2's "show protocols all" reply (control-socket form, every
 * line with its reply code): the BGP protocols, their neighbour address
 * and whether the session is Established. Used by the BGP service monitor
 * (control/mon/ctl_mon_bgp.c). Pure. Context: any.
 */
#ifndef CTL_BGP_PROTO_H
#define CTL_BGP_PROTO_H

#include <stdbool.h>
#include <stddef.h>

#include "srp_conf.h"

#define CTL_BGP_PROTO_NAME_LEN	64
#define CTL_BGP_STATE_LEN	24

/* One BGP protocol of the reply. */
struct ctl_bgp_peer {
	char		proto[CTL_BGP_PROTO_NAME_LEN];	/* "upstream" */
	char		state[CTL_BGP_STATE_LEN];	/* "Established", "Active" */
	struct srp_addr	addr;		/* neighbour; family 0: none seen */
	bool		established;
};

/**
 * Parse @len bytes of a "show protocols all" reply (lines "1002-NAME
 * PROTO TABLE STATE SINCE INFO" start a protocol, its "BGP state:" and
 * "Neighbor address:" detail lines follow) into at most @max BGP
 * protocols; non-BGP protocols are skipped, a neighbour with a scope
 * ("fe80::1%eth0") is read without it.
 * Context: any (pure).
 * @return number of BGP protocols found (all of them, even beyond @max:
 *   only the first @max are stored), or -EINVAL for a reply that is not
 *   one (a line without a code, a 9xxx/8xxx error)
 */
int ctl_bgp_peers_parse(const char *reply, size_t len,
			struct ctl_bgp_peer *out, unsigned int max);

/**
 * The protocol of @peers (@n of them) whose neighbour is @addr, or NULL.
 * Context: any (pure).
 */
const struct ctl_bgp_peer *ctl_bgp_peer_find(const struct ctl_bgp_peer *peers,
					     unsigned int n,
					     const struct srp_addr *addr);

#endif /* CTL_BGP_PROTO_H */
