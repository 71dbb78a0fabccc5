/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration parser, router bgp mode: neighbours and announced
 * networks of the current context's BGP instance. Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl_addr.h"
#include "ctl_conf_int.h"

static int
ctl_cmd_bgp_neighbor(struct ctl_parser *p, const struct ctl_line *ln,
		     unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "remote-as", NULL };
	struct ctl_bgp *bgp = &ctl_cur_ctx(p)->bgp;
	struct ctl_bgp_neigh n;
	unsigned int k;

	(void)form;
	memset(&n, 0, sizeof(n));
	if (ctl_arg_addr(p, ln, at + 1, "neighbor", AF_UNSPEC, &n.addr) < 0 ||
	    ctl_arg_kw(p, ln, at + 2, "neighbor", kw) < 0 ||
	    ctl_arg_u32(p, ln, at + 3, "neighbor remote-as", 1, UINT32_MAX,
			&n.remote_as) < 0 ||
	    ctl_arg_end(p, ln, at + 4, "neighbor") < 0)
		return -EINVAL;
	for (k = 0; k < bgp->n_neigh; k++)
		if (srp_addr_equal(&bgp->neigh[k].addr, &n.addr))
			return ctl_perr(p, "neighbor: %s is already a neighbor",
					ln->tok[at + 1].s);
	if (bgp->n_neigh >= CTL_MAX_BGP_NEIGH)
		return ctl_perr(p, "neighbor: too many neighbors (max %u)",
				CTL_MAX_BGP_NEIGH);
	bgp->neigh[bgp->n_neigh++] = n;
	return 0;
}

/* network A/L | network A mask M | network A */
static int
ctl_cmd_bgp_network(struct ctl_parser *p, const struct ctl_line *ln,
		    unsigned int at, enum ctl_form form)
{
	struct ctl_bgp *bgp = &ctl_cur_ctx(p)->bgp;
	struct ctl_prefix pfx;
	bool mask_form = false;
	const char *t;
	unsigned int i, k;

	(void)form;
	t = ctl_tok(ln, at + 2);
	if (t != NULL && strcmp(t, "mask") == 0) {
		if (ctl_arg_addr(p, ln, at + 1, "network", AF_INET,
				 &pfx.addr) < 0 ||
		    ctl_arg_need(p, ln, at + 3, "network mask",
				 "a netmask") < 0)
			return -EINVAL;
		if (ctl_mask_parse(ln->tok[at + 3].s, &pfx.plen) < 0)
			return ctl_perr(p, "network: expected a contiguous "
					"netmask after 'mask', got '%.40s'",
					ln->tok[at + 3].s);
		mask_form = true;
		i = at + 4;
	} else if (ctl_arg_prefix(p, ln, at + 1, "network", AF_UNSPEC, false,
				  true, 0, &pfx, &mask_form, &i) < 0) {
		return -EINVAL;
	}
	if (ctl_arg_end(p, ln, i, "network") < 0 ||
	    ctl_need_network(p, "network", &pfx) < 0)
		return -EINVAL;
	for (k = 0; k < bgp->n_net; k++)
		if (bgp->net[k].plen == pfx.plen &&
		    srp_addr_equal(&bgp->net[k].addr, &pfx.addr))
			return ctl_perr(p, "network: %s is already announced",
					ln->tok[at + 1].s);
	if (bgp->n_net >= CTL_MAX_BGP_NET)
		return ctl_perr(p, "network: too many networks (max %u)",
				CTL_MAX_BGP_NET);
	bgp->net_mask_form[bgp->n_net] = mask_form;
	bgp->net[bgp->n_net++] = pfx;
	return 0;
}

static const struct ctl_cmd ctl_bgp_cmds[] = {
	{ CTL_MODE_BGP, "neighbor", NULL, CTL_F_SET, ctl_cmd_bgp_neighbor,
	  "neighbor ADDRESS remote-as 1..4294967295" },
	{ CTL_MODE_BGP, "network", NULL, CTL_F_SET, ctl_cmd_bgp_network,
	  "network ADDRESS/LENGTH | network ADDRESS mask MASK | "
	  "network ADDRESS" },
};

const struct ctl_cmd_table ctl_bgp_table =
	CTL_CMD_TABLE(ctl_bgp_cmds);
