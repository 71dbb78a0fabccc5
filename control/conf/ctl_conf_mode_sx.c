/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration parser, Sx/N4 (PFCP) user-plane commands in the StarOS
 * CUPS style: control-plane-group mode (global, peer-node-id lines),
 * sx-service mode (context: instance-type, bind, sx-protocol heartbeat)
 * and user-plane-service mode (context: associate lines). Only parsed
 * and carried in the model; the PFCP server reads it. Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl_addr.h"
#include "ctl_conf_int.h"

#define CTL_FQDN_LABEL_MAX	63
#define CTL_SX_HB_INTERVAL_MAX	3600
#define CTL_SX_HB_RETX_TO_MAX	20
#define CTL_SX_HB_MAX_RETX_MAX	15

int
ctl_find_cp_group(const struct ctl_conf *conf, const char *name)
{
	unsigned int i;

	for (i = 0; i < conf->n_cp_groups; i++)
		if (strcmp(conf->cp_groups[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* ---------------------------------------------------------------------
 * control-plane-group
 */

static int
ctl_cmd_cp_group(struct ctl_parser *p, const struct ctl_line *ln,
		 unsigned int at, enum ctl_form form)
{
	const char *what = form == CTL_FORM_NO ? "no control-plane-group" :
		"control-plane-group";
	struct ctl_conf *conf = p->conf;
	char name[CTL_NAME_LEN];
	int idx;

	if (ctl_arg_name(p, ln, at + 1, what, name, sizeof(name)) < 0 ||
	    ctl_arg_end(p, ln, at + 2, what) < 0)
		return -EINVAL;
	idx = ctl_find_cp_group(conf, name);
	if (form == CTL_FORM_NO) {
		if (idx < 0)
			return ctl_perr(p, "%s: there is no control-plane-group "
					"'%s'", what, name);
		memmove(&conf->cp_groups[idx], &conf->cp_groups[idx + 1],
			(conf->n_cp_groups - (unsigned int)idx - 1) *
			sizeof(conf->cp_groups[0]));
		conf->n_cp_groups--;
		memset(&conf->cp_groups[conf->n_cp_groups], 0,
		       sizeof(conf->cp_groups[0]));
		return 0;
	}
	if (idx < 0) {
		if (conf->n_cp_groups >= CTL_MAX_CP_GROUPS)
			return ctl_perr(p, "%s: too many control-plane-groups "
					"(max %u)", what, CTL_MAX_CP_GROUPS);
		idx = (int)conf->n_cp_groups++;
		snprintf(conf->cp_groups[idx].name,
			 sizeof(conf->cp_groups[idx].name), "%s", name);
	}
	p->cpg = idx;
	p->mode = CTL_MODE_CPGROUP;
	return 0;
}

/*
 * A DNS name as a PFCP Node ID: 1..253 characters, dot-separated labels
 * of 1..63 letters, digits and hyphens, no label starting or ending with a
 * hyphen, no final dot, and a last label that is not all digits (so that
 * an IPv4 address is not taken for a name).
 */
static bool
ctl_fqdn_ok(const char *s)
{
	size_t len = strlen(s), i, lab = 0;
	bool digits = true;

	if (len == 0 || len > CTL_FQDN_LEN - 1)
		return false;
	for (i = 0; i <= len; i++) {
		char c = s[i];

		if (c == '.' || c == '\0') {
			if (lab == 0 || s[i - 1] == '-')
				return false;
			if (c == '\0')
				return !digits;
			lab = 0;
			digits = true;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-'))
			return false;
		if (lab == 0 && c == '-')
			return false;
		if (c < '0' || c > '9')
			digits = false;
		if (++lab > CTL_FQDN_LABEL_MAX)
			return false;
	}
	return false;
}

static bool
ctl_cp_peer_equal(const struct ctl_cp_peer *a, const struct ctl_cp_peer *b)
{
	if (a->type != b->type)
		return false;
	if (a->type == CTL_NODE_ID_FQDN)
		return strcmp(a->fqdn, b->fqdn) == 0;
	return srp_addr_equal(&a->addr, &b->addr);
}

/* peer-node-id ipv4-address A | ipv6-address A | fqdn NAME */
static int
ctl_cmd_cp_peer(struct ctl_parser *p, const struct ctl_line *ln,
		unsigned int at, enum ctl_form form)
{
	struct ctl_cp_group *g = &p->conf->cp_groups[p->cpg];
	const char *kind = ln->tok[at + 1].s;
	char what[48];
	struct ctl_cp_peer peer;
	unsigned int k;
	size_t i;

	snprintf(what, sizeof(what), "%speer-node-id %s",
		 form == CTL_FORM_NO ? "no " : "", kind);
	memset(&peer, 0, sizeof(peer));
	if (strcmp(kind, "fqdn") == 0) {
		const char *s;

		if (ctl_arg_need(p, ln, at + 2, what, "a DNS name") < 0)
			return -EINVAL;
		s = ln->tok[at + 2].s;
		if (!ctl_fqdn_ok(s))
			return ctl_perr(p, "%s: expected a DNS name (1..253 "
					"characters, labels of 1..63 letters, "
					"digits and inner hyphens, no final "
					"dot, last label not all digits), got "
					"'%.40s'", what, s);
		peer.type = CTL_NODE_ID_FQDN;
		for (i = 0; s[i] != '\0'; i++)
			peer.fqdn[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ?
					      s[i] - 'A' + 'a' : s[i]);
	} else {
		bool v6 = strcmp(kind, "ipv6-address") == 0;

		peer.type = v6 ? CTL_NODE_ID_IPV6 : CTL_NODE_ID_IPV4;
		if (ctl_arg_addr(p, ln, at + 2, what, v6 ? AF_INET6 : AF_INET,
				 &peer.addr) < 0)
			return -EINVAL;
	}
	if (ctl_arg_end(p, ln, at + 3, what) < 0)
		return -EINVAL;
	for (k = 0; k < g->n_peers; k++)
		if (ctl_cp_peer_equal(&g->peers[k], &peer))
			break;
	if (form == CTL_FORM_NO) {
		if (k == g->n_peers)
			return ctl_perr(p, "%s: control-plane-group '%s' has "
					"no such peer", what, g->name);
		memmove(&g->peers[k], &g->peers[k + 1],
			(g->n_peers - k - 1) * sizeof(g->peers[0]));
		g->n_peers--;
		memset(&g->peers[g->n_peers], 0, sizeof(g->peers[0]));
		return 0;
	}
	if (k < g->n_peers)
		return ctl_perr(p, "%s: %.40s is already a peer of "
				"control-plane-group '%s'", what,
				ln->tok[at + 2].s, g->name);
	if (g->n_peers >= CTL_MAX_CP_PEERS)
		return ctl_perr(p, "%s: too many peers in control-plane-group "
				"'%s' (max %u)", what, g->name,
				CTL_MAX_CP_PEERS);
	g->peers[g->n_peers++] = peer;
	return 0;
}

/* ---------------------------------------------------------------------
 * sx-service
 */

/* What sx-service and user-plane-service share: at most one per context,
 * names unique in the file, at most @max in the file. */
struct ctl_svc_ref {
	bool		*present;
	char		*name;		/* CTL_NAME_LEN */
	void		*obj;
	size_t		size;
};

typedef void ctl_svc_get_fn(struct ctl_context *c, struct ctl_svc_ref *r);

static void
ctl_sx_get(struct ctl_context *c, struct ctl_svc_ref *r)
{
	r->present = &c->sx.present;
	r->name = c->sx.name;
	r->obj = &c->sx;
	r->size = sizeof(c->sx);
}

static void
ctl_up_get(struct ctl_context *c, struct ctl_svc_ref *r)
{
	r->present = &c->up.present;
	r->name = c->up.name;
	r->obj = &c->up;
	r->size = sizeof(c->up);
}

/*
 * "KIND NAME" or "no KIND NAME" in context mode. Returns 1 when the
 * service was created (zeroed, present, named), 0 when re-entered or
 * removed, -EINVAL with the error written.
 */
static int
ctl_svc_cmd(struct ctl_parser *p, const struct ctl_line *ln, unsigned int at,
	    enum ctl_form form, const char *kind, unsigned int max,
	    ctl_svc_get_fn *get)
{
	struct ctl_conf *conf = p->conf;
	struct ctl_context *c = ctl_cur_ctx(p);
	struct ctl_svc_ref r, o;
	char name[CTL_NAME_LEN], what[40];
	unsigned int i, n = 0;

	snprintf(what, sizeof(what), "%s%s", form == CTL_FORM_NO ? "no " : "",
		 kind);
	if (ctl_arg_name(p, ln, at + 1, what, name, sizeof(name)) < 0 ||
	    ctl_arg_end(p, ln, at + 2, what) < 0)
		return -EINVAL;
	get(c, &r);
	if (form == CTL_FORM_NO) {
		if (!*r.present || strcmp(r.name, name) != 0)
			return ctl_perr(p, "%s: context '%s' has no %s '%s'",
					what, c->name, kind, name);
		memset(r.obj, 0, r.size);
		return 0;
	}
	if (*r.present && strcmp(r.name, name) != 0)
		return ctl_perr(p, "%s: context '%s' already has %s '%s' (at "
				"most one per context)", what, c->name, kind,
				r.name);
	if (*r.present)
		return 0;
	for (i = 0; i < conf->n_contexts; i++) {
		get(&conf->contexts[i], &o);
		if (!*o.present)
			continue;
		if (strcmp(o.name, name) == 0)
			return ctl_perr(p, "%s: '%s' already exists in context "
					"'%s'; %s names are unique", what, name,
					conf->contexts[i].name, kind);
		n++;
	}
	if (n >= max)
		return ctl_perr(p, "%s: too many %ss (max %u)", what, kind, max);
	memset(r.obj, 0, r.size);
	*r.present = true;
	snprintf(r.name, CTL_NAME_LEN, "%s", name);
	return 1;
}

static int
ctl_cmd_sx_service(struct ctl_parser *p, const struct ctl_line *ln,
		   unsigned int at, enum ctl_form form)
{
	struct ctl_sx_service *sx = &ctl_cur_ctx(p)->sx;
	int ret;

	ret = ctl_svc_cmd(p, ln, at, form, "sx-service", CTL_MAX_SX_SERVICES,
			  ctl_sx_get);
	if (ret < 0)
		return ret;
	if (form == CTL_FORM_NO) {
		p->sx_line[p->ctx] = 0;
		return 0;
	}
	if (ret == 1) {
		sx->hb_interval_s = CTL_SX_HB_INTERVAL_DEFAULT;
		sx->hb_retx_timeout_s = CTL_SX_HB_RETX_TIMEOUT_DEFAULT;
		sx->hb_max_retx = CTL_SX_HB_MAX_RETX_DEFAULT;
		sx->restart_if_incomplete = true;
		p->sx_line[p->ctx] = p->line;
	}
	p->mode = CTL_MODE_SX;
	return 0;
}

static int
ctl_cmd_sx_instance(struct ctl_parser *p, const struct ctl_line *ln,
		    unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "userplane", "controlplane", NULL };
	int ret;

	(void)form;
	ret = ctl_arg_kw(p, ln, at + 1, "instance-type", kw);
	if (ret < 0)
		return ret;
	if (ret == 1)
		return ctl_perr(p, "instance-type: controlplane is not "
				"supported: srpgw is a user plane; use "
				"'instance-type userplane'");
	return ctl_arg_end(p, ln, at + 2, "instance-type");
}

/* Error unless @a can be a local unicast endpoint. */
static int
ctl_sx_unicast(struct ctl_parser *p, const char *what, const char *tok,
	       const struct srp_addr *a)
{
	static const struct in6_addr any6;
	bool bad;

	if (a->family == AF_INET) {
		const uint8_t *b = (const uint8_t *)&a->v4;

		bad = a->v4.s_addr == 0 || b[0] >= 224;
	} else {
		bad = memcmp(&a->v6, &any6, sizeof(any6)) == 0 ||
			a->v6.s6_addr[0] == 0xff;
	}
	if (bad)
		return ctl_perr(p, "%s: %.40s is not a unicast address", what,
				tok);
	return 0;
}

/* bind ipv4-address A [ipv6-address B] | bind ipv6-address B;
 * no bind ipv4-address | no bind ipv6-address */
static int
ctl_cmd_sx_bind(struct ctl_parser *p, const struct ctl_line *ln,
		unsigned int at, enum ctl_form form)
{
	static const char *const kw_v6[] = { "ipv6-address", NULL };
	struct ctl_sx_service *sx = &ctl_cur_ctx(p)->sx;
	bool v6 = strcmp(ln->tok[at + 1].s, "ipv6-address") == 0;
	struct srp_addr a4, a6;
	unsigned int i = at + 1;

	if (form == CTL_FORM_NO) {
		if (ctl_arg_end(p, ln, at + 2, "no bind") < 0)
			return -EINVAL;
		memset(v6 ? &sx->bind_v6 : &sx->bind_v4, 0,
		       sizeof(sx->bind_v4));
		return 0;
	}
	memset(&a4, 0, sizeof(a4));
	memset(&a6, 0, sizeof(a6));
	if (!v6) {
		if (ctl_arg_addr(p, ln, i + 1, "bind ipv4-address", AF_INET,
				 &a4) < 0 ||
		    ctl_sx_unicast(p, "bind ipv4-address", ln->tok[i + 1].s,
				   &a4) < 0)
			return -EINVAL;
		i += 2;
		if (ctl_tok(ln, i) == NULL)
			goto done;
		if (ctl_arg_kw(p, ln, i, "bind", kw_v6) < 0)
			return -EINVAL;
	}
	if (ctl_arg_addr(p, ln, i + 1, "bind ipv6-address", AF_INET6,
			 &a6) < 0 ||
	    ctl_sx_unicast(p, "bind ipv6-address", ln->tok[i + 1].s, &a6) < 0)
		return -EINVAL;
	i += 2;
done:
	if (ctl_arg_end(p, ln, i, "bind") < 0)
		return -EINVAL;
	sx->bind_v4 = a4;
	sx->bind_v6 = a6;
	return 0;
}

/* sx-protocol heartbeat interval|retransmission-timeout|max-retransmissions
 * N; default sx-protocol heartbeat KW */
static int
ctl_cmd_sx_hb(struct ctl_parser *p, const struct ctl_line *ln,
	      unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "interval", "retransmission-timeout",
					  "max-retransmissions", NULL };
	static const uint32_t min[] = { 1, 1, 0 };
	static const uint32_t max[] = { CTL_SX_HB_INTERVAL_MAX,
					CTL_SX_HB_RETX_TO_MAX,
					CTL_SX_HB_MAX_RETX_MAX };
	static const uint32_t def[] = { CTL_SX_HB_INTERVAL_DEFAULT,
					CTL_SX_HB_RETX_TIMEOUT_DEFAULT,
					CTL_SX_HB_MAX_RETX_DEFAULT };
	struct ctl_sx_service *sx = &ctl_cur_ctx(p)->sx;
	uint32_t *const field[] = { &sx->hb_interval_s,
				    &sx->hb_retx_timeout_s, &sx->hb_max_retx };
	char what[64];
	uint32_t v;
	int k;

	k = ctl_arg_kw(p, ln, at + 2, "sx-protocol heartbeat", kw);
	if (k < 0)
		return k;
	snprintf(what, sizeof(what), "%ssx-protocol heartbeat %s",
		 form == CTL_FORM_DEFAULT ? "default " : "", kw[k]);
	if (form == CTL_FORM_DEFAULT) {
		v = def[k];
		if (ctl_arg_end(p, ln, at + 3, what) < 0)
			return -EINVAL;
	} else if (ctl_arg_u32(p, ln, at + 3, what, min[k], max[k], &v) < 0 ||
		   ctl_arg_end(p, ln, at + 4, what) < 0) {
		return -EINVAL;
	}
	*field[k] = v;
	return 0;
}

/* [no|default] sx-protocol restart-on-incomplete-takeover */
static int
ctl_cmd_sx_restart(struct ctl_parser *p, const struct ctl_line *ln,
		   unsigned int at, enum ctl_form form)
{
	static const char *const what[] = {
		[CTL_FORM_SET] = "sx-protocol restart-on-incomplete-takeover",
		[CTL_FORM_NO] = "no sx-protocol restart-on-incomplete-takeover",
		[CTL_FORM_DEFAULT] =
			"default sx-protocol restart-on-incomplete-takeover",
	};

	if (ctl_arg_end(p, ln, at + 2, what[form]) < 0)
		return -EINVAL;
	ctl_cur_ctx(p)->sx.restart_if_incomplete = form != CTL_FORM_NO;
	return 0;
}

/* ---------------------------------------------------------------------
 * user-plane-service
 */

static int
ctl_cmd_up_service(struct ctl_parser *p, const struct ctl_line *ln,
		   unsigned int at, enum ctl_form form)
{
	int ret;

	ret = ctl_svc_cmd(p, ln, at, form, "user-plane-service",
			  CTL_MAX_UP_SERVICES, ctl_up_get);
	if (ret < 0)
		return ret;
	if (form == CTL_FORM_NO) {
		p->up_line[p->ctx] = 0;
		return 0;
	}
	if (ret == 1) {
		p->up_line[p->ctx] = p->line;
		p->up_sx_line[p->ctx] = p->up_cpg_line[p->ctx] = 0;
	}
	p->mode = CTL_MODE_UPSVC;
	return 0;
}

/* associate sx-service NAME | associate control-plane-group NAME;
 * no associate sx-service | no associate control-plane-group */
static int
ctl_cmd_up_assoc(struct ctl_parser *p, const struct ctl_line *ln,
		 unsigned int at, enum ctl_form form)
{
	struct ctl_up_service *up = &ctl_cur_ctx(p)->up;
	bool sx = strcmp(ln->tok[at + 1].s, "sx-service") == 0;
	char *out = sx ? up->sx_service : up->cp_group;
	unsigned int *line = sx ? &p->up_sx_line[p->ctx] :
		&p->up_cpg_line[p->ctx];
	const char *what = sx ? "associate sx-service" :
		"associate control-plane-group";
	char name[CTL_NAME_LEN];

	if (form == CTL_FORM_NO) {
		if (ctl_arg_end(p, ln, at + 2, "no associate") < 0)
			return -EINVAL;
		out[0] = '\0';
		*line = 0;
		return 0;
	}
	if (ctl_arg_name(p, ln, at + 2, what, name, sizeof(name)) < 0 ||
	    ctl_arg_end(p, ln, at + 3, what) < 0)
		return -EINVAL;
	snprintf(out, CTL_NAME_LEN, "%s", name);
	*line = p->line;
	return 0;
}

static const struct ctl_cmd ctl_sx_cmds[] = {
	{ CTL_MODE_TOP, "control-plane-group", NULL, CTL_F_SET | CTL_F_NO,
	  ctl_cmd_cp_group,
	  "control-plane-group NAME | no control-plane-group NAME" },
	{ CTL_MODE_CPGROUP, "peer-node-id", "ipv4-address",
	  CTL_F_SET | CTL_F_NO, ctl_cmd_cp_peer,
	  "[no] peer-node-id ipv4-address ADDRESS" },
	{ CTL_MODE_CPGROUP, "peer-node-id", "ipv6-address",
	  CTL_F_SET | CTL_F_NO, ctl_cmd_cp_peer,
	  "[no] peer-node-id ipv6-address ADDRESS" },
	{ CTL_MODE_CPGROUP, "peer-node-id", "fqdn", CTL_F_SET | CTL_F_NO,
	  ctl_cmd_cp_peer, "[no] peer-node-id fqdn NAME" },
	{ CTL_MODE_CONTEXT, "sx-service", NULL, CTL_F_SET | CTL_F_NO,
	  ctl_cmd_sx_service, "sx-service NAME | no sx-service NAME" },
	{ CTL_MODE_CONTEXT, "user-plane-service", NULL, CTL_F_SET | CTL_F_NO,
	  ctl_cmd_up_service,
	  "user-plane-service NAME | no user-plane-service NAME" },
	{ CTL_MODE_SX, "instance-type", NULL, CTL_F_SET, ctl_cmd_sx_instance,
	  "instance-type userplane" },
	{ CTL_MODE_SX, "bind", "ipv4-address", CTL_F_SET | CTL_F_NO,
	  ctl_cmd_sx_bind, "bind ipv4-address ADDRESS [ipv6-address ADDRESS] "
	  "| no bind ipv4-address" },
	{ CTL_MODE_SX, "bind", "ipv6-address", CTL_F_SET | CTL_F_NO,
	  ctl_cmd_sx_bind,
	  "bind ipv6-address ADDRESS | no bind ipv6-address" },
	{ CTL_MODE_SX, "sx-protocol", "heartbeat", CTL_F_SET | CTL_F_DEF,
	  ctl_cmd_sx_hb, "sx-protocol heartbeat interval 1..3600 | "
	  "sx-protocol heartbeat retransmission-timeout 1..20 | sx-protocol "
	  "heartbeat max-retransmissions 0..15 | default sx-protocol "
	  "heartbeat interval|retransmission-timeout|max-retransmissions" },
	{ CTL_MODE_SX, "sx-protocol", "restart-on-incomplete-takeover",
	  CTL_F_SET | CTL_F_NO | CTL_F_DEF, ctl_cmd_sx_restart,
	  "[no|default] sx-protocol restart-on-incomplete-takeover" },
	{ CTL_MODE_UPSVC, "associate", "sx-service", CTL_F_SET | CTL_F_NO,
	  ctl_cmd_up_assoc,
	  "associate sx-service NAME | no associate sx-service" },
	{ CTL_MODE_UPSVC, "associate", "control-plane-group",
	  CTL_F_SET | CTL_F_NO, ctl_cmd_up_assoc,
	  "associate control-plane-group NAME | no associate "
	  "control-plane-group" },
};

const struct ctl_cmd_table ctl_sx_table = CTL_CMD_TABLE(ctl_sx_cmds);
