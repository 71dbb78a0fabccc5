/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers of ctl_fwd.c shared with ctl_route.c (private to control/net):
 * configured addresses as raw bytes, the port of an interface, address
 * output and the per-family show commands. Context: control.
 */
#ifndef CTL_FWD_INT_H
#define CTL_FWD_INT_H

#include <stdint.h>

#include "conf/ctl_conf.h"
#include "core/ctl_reply.h"

/** Family (4/6) and raw bytes of a configured address (0: neither). */
uint8_t ctl_fwd_addr_raw(const struct srp_addr *a, uint8_t *out);

/** Data-plane port bound to interface @ifname of context @ctx, or -1. */
int ctl_fwd_iface_port(const struct ctl_conf *conf, const char *ctx,
		       const char *ifname);

/** Reply @key: @raw of family @af, as a prefix when @plen >= 0. */
void ctl_fwd_addr_out(struct ctl_reply *out, const char *key, uint8_t af,
		      const uint8_t *raw, int plen);

/** Name of data-plane port @idx ("-" when unknown). */
const char *ctl_fwd_port_name(uint16_t idx);

/* One per-family listing command: "show ip ..." or "show ipv6 ...". */
struct ctl_fwd_show_af {
	const char	*words;		/* the command, for its error message */
	int		(*list)(struct ctl_reply *out, uint8_t af);
	uint8_t		af;		/* 4 or 6 */
};

/** Handler of the per-family show commands; @arg is a struct
 * ctl_fwd_show_af. */
int ctl_fwd_show_af_cmd(struct ctl_reply *out, int argc, char **argv,
			void *arg);

#endif /* CTL_FWD_INT_H */
