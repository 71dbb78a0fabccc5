/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration parser, interface mode: addresses and description of an
 * interface of the current context. Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl_addr.h"
#include "ctl_conf_int.h"

static int
ctl_iface_add(struct ctl_parser *p, const char *what,
	      const struct ctl_if_addr *a)
{
	struct ctl_context *c = ctl_cur_ctx(p);
	struct ctl_iface *ifc = &c->ifaces[p->iface];
	char s[CTL_ADDR_STR_LEN];
	unsigned int i, k;

	for (i = 0; i < c->n_ifaces; i++)
		for (k = 0; k < c->ifaces[i].n_addrs; k++)
			if (srp_addr_equal(&c->ifaces[i].addrs[k].pfx.addr,
					   &a->pfx.addr))
				return ctl_perr(p, "%s: %s is already on "
						"interface '%s' of context "
						"'%s'", what,
						ctl_addr_fmt(&a->pfx.addr, s,
							     sizeof(s)),
						c->ifaces[i].name, c->name);
	if (ifc->n_addrs >= CTL_MAX_ADDRS)
		return ctl_perr(p, "%s: too many addresses on interface '%s' "
				"(max %u)", what, ifc->name, CTL_MAX_ADDRS);
	ifc->addrs[ifc->n_addrs++] = *a;
	return 0;
}

/* ip address A M|A/L [srp-activate], ipv6 address A/L [srp-activate] */
static int
ctl_cmd_if_address(struct ctl_parser *p, const struct ctl_line *ln,
		   unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "srp-activate", NULL };
	bool v6 = strcmp(ln->tok[at].s, "ipv6") == 0;
	const char *what = v6 ? "ipv6 address" : "ip address";
	struct ctl_if_addr a;
	unsigned int i;

	(void)form;
	memset(&a, 0, sizeof(a));
	if (ctl_arg_prefix(p, ln, at + 2, what, v6 ? AF_INET6 : AF_INET, !v6,
			   false, 1, &a.pfx, &a.mask_form, &i) < 0)
		return -EINVAL;
	if (ctl_tok(ln, i) != NULL) {
		if (ctl_arg_kw(p, ln, i, what, kw) < 0)
			return -EINVAL;
		a.srp_activate = true;
		i++;
	}
	if (ctl_arg_end(p, ln, i, what) < 0)
		return -EINVAL;
	return ctl_iface_add(p, what, &a);
}

/* ip-address A|A/L: the form the reference uses once. */
static int
ctl_cmd_if_ip_dash(struct ctl_parser *p, const struct ctl_line *ln,
		   unsigned int at, enum ctl_form form)
{
	struct ctl_if_addr a;
	unsigned int i;

	(void)form;
	memset(&a, 0, sizeof(a));
	if (ctl_arg_prefix(p, ln, at + 1, "ip-address", AF_INET, false, true,
			   1, &a.pfx, &a.mask_form, &i) < 0)
		return -EINVAL;
	if (ctl_arg_end(p, ln, i, "ip-address") < 0)
		return -EINVAL;
	return ctl_iface_add(p, "ip-address", &a);
}

static int
ctl_cmd_if_description(struct ctl_parser *p, const struct ctl_line *ln,
		       unsigned int at, enum ctl_form form)
{
	struct ctl_iface *ifc = &ctl_cur_ctx(p)->ifaces[p->iface];
	char text[CTL_TEXT_LEN];

	if (form == CTL_FORM_NO) {
		if (ctl_arg_end(p, ln, at + 1, "no description") < 0)
			return -EINVAL;
		memset(ifc->description, 0, sizeof(ifc->description));
		return 0;
	}
	if (ctl_arg_text(p, ln, at + 1, "description", text,
			 sizeof(text)) < 0 ||
	    ctl_arg_end(p, ln, at + 2, "description") < 0)
		return -EINVAL;
	memset(ifc->description, 0, sizeof(ifc->description));
	snprintf(ifc->description, sizeof(ifc->description), "%s", text);
	return 0;
}

static const struct ctl_cmd ctl_iface_cmds[] = {
	{ CTL_MODE_IFACE, "ip", "address", CTL_F_SET, ctl_cmd_if_address,
	  "ip address ADDRESS MASK|ADDRESS/LENGTH [srp-activate]" },
	{ CTL_MODE_IFACE, "ip-address", NULL, CTL_F_SET, ctl_cmd_if_ip_dash,
	  "ip-address ADDRESS|ADDRESS/LENGTH" },
	{ CTL_MODE_IFACE, "ipv6", "address", CTL_F_SET, ctl_cmd_if_address,
	  "ipv6 address ADDRESS/LENGTH [srp-activate]" },
	{ CTL_MODE_IFACE, "description", NULL, CTL_F_SET | CTL_F_NO,
	  ctl_cmd_if_description, "description \"TEXT\" | no description" },
};

const struct ctl_cmd_table ctl_iface_table =
	CTL_CMD_TABLE(ctl_iface_cmds);
