/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration parser, service-redundancy-protocol mode, first part:
 * the command that enters it (in context mode), chassis mode,
 * priority, peer and bind addresses, hello, dead and delay intervals,
 * and checkpoint session; the argument helpers shared with
 * ctl_conf_mode_srp_policy.c. Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl_conf_int.h"

_Static_assert(SRP_CONF_NAME_LEN == CTL_NAME_LEN,
	       "context names are copied between srp_conf and ctl_conf");

/* "'no X' is not accepted; usage: ..." for a sub-command form. */
int
ctl_srp_bad_form(struct ctl_parser *p, enum ctl_form form, const char *what)
{
	return ctl_perr(p, "'%s %s' is not accepted; usage: %s",
			form == CTL_FORM_NO ? "no" : "default", what,
			p->cmd->usage);
}

const char *const ctl_srp_kw_port[] = { "port", NULL };

/*
 * Optional "KW N" at token @i, KW the one word of @kw and N in @min..@max
 * (@label names N in errors): *@out is set only when present; *@next is set
 * to the first unused token.
 */
int
ctl_srp_opt_u16(struct ctl_parser *p, const struct ctl_line *ln,
		unsigned int i, const char *what, const char *const *kw,
		const char *label, uint32_t min, uint32_t max, uint16_t *out,
		unsigned int *next)
{
	uint32_t v;
	int ret;

	*next = i;
	if (ctl_tok(ln, i) == NULL)
		return 0;
	ret = ctl_arg_kw(p, ln, i, what, kw);
	if (ret < 0)
		return ret;
	ret = ctl_arg_u32(p, ln, i + 1, label, min, max, &v);
	if (ret < 0)
		return ret;
	*out = (uint16_t)v;
	*next = i + 2;
	return 0;
}

static int
srp_cmd_chassis_mode(struct ctl_parser *p, const struct ctl_line *ln,
		     unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "primary", "backup", NULL };
	int ret;

	if (form == CTL_FORM_NO) {
		ret = ctl_arg_end(p, ln, at + 1, "no chassis-mode");
		if (ret < 0)
			return ret;
		srp_of(p)->mode = SRP_MODE_NONE;
		return 0;
	}
	ret = ctl_arg_kw(p, ln, at + 1, "chassis-mode", kw);
	if (ret < 0)
		return ret;
	if (ctl_arg_end(p, ln, at + 2, "chassis-mode") < 0)
		return -EINVAL;
	srp_of(p)->mode = ret == 0 ? SRP_MODE_PRIMARY : SRP_MODE_BACKUP;
	return 0;
}

static int
srp_cmd_priority(struct ctl_parser *p, const struct ctl_line *ln,
		 unsigned int at, enum ctl_form form)
{
	uint32_t v;
	int ret;

	if (form == CTL_FORM_DEFAULT) {
		ret = ctl_arg_end(p, ln, at + 1, "default priority");
		if (ret < 0)
			return ret;
		srp_of(p)->priority = SRP_PRIORITY_DEFAULT;
		return 0;
	}
	ret = ctl_arg_u32(p, ln, at + 1, "priority", SRP_PRIORITY_MIN,
			  SRP_PRIORITY_MAX, &v);
	if (ret < 0)
		return ret;
	if (ctl_arg_end(p, ln, at + 2, "priority") < 0)
		return -EINVAL;
	srp_of(p)->priority = v;
	return 0;
}

/* Shared by peer-ip-address A [port P] and bind address A [port P]. */
static int
srp_addr_port(struct ctl_parser *p, const struct ctl_line *ln, unsigned int i,
	      enum ctl_form form, const char *what, struct srp_addr *addr,
	      uint16_t *port, unsigned int *line)
{
	struct srp_addr a;
	uint16_t pt = SRP_PORT_DEFAULT;
	unsigned int next;
	int ret;

	if (form == CTL_FORM_NO) {
		ret = ctl_arg_end(p, ln, i, what);
		if (ret < 0)
			return ret;
		memset(addr, 0, sizeof(*addr));
		addr->family = AF_UNSPEC;
		*port = SRP_PORT_DEFAULT;
		*line = p->line;
		return 0;
	}
	ret = ctl_arg_addr(p, ln, i, what, AF_UNSPEC, &a);
	if (ret < 0)
		return ret;
	ret = ctl_srp_opt_u16(p, ln, i + 1, what, ctl_srp_kw_port, what, 1,
			      SRP_PORT_MAX, &pt, &next);
	if (ret < 0)
		return ret;
	if (ctl_arg_end(p, ln, next, what) < 0)
		return -EINVAL;
	*addr = a;
	*port = pt;
	*line = p->line;
	return 0;
}

static int
srp_cmd_peer(struct ctl_parser *p, const struct ctl_line *ln,
	     unsigned int at, enum ctl_form form)
{
	struct srp_conf *s = srp_of(p);

	return srp_addr_port(p, ln, at + 1, form, "peer-ip-address",
			     &s->peer_addr, &s->peer_port,
			     &p->srp_lines.peer);
}

static int
srp_cmd_bind(struct ctl_parser *p, const struct ctl_line *ln,
	     unsigned int at, enum ctl_form form)
{
	struct srp_conf *s = srp_of(p);

	return srp_addr_port(p, ln, at + 2, form, "bind address",
			     &s->bind_addr, &s->bind_port,
			     &p->srp_lines.bind);
}

/* hello-interval / dead-interval: N seconds, or "msec N". */
static int
srp_interval(struct ctl_parser *p, const struct ctl_line *ln, unsigned int at,
	     enum ctl_form form, const char *what, uint32_t def_s,
	     uint32_t *ms, bool *in_msec, unsigned int *line)
{
	char label[64];
	const char *t;
	uint32_t v;
	int ret;

	if (form == CTL_FORM_DEFAULT) {
		snprintf(label, sizeof(label), "default %s", what);
		ret = ctl_arg_end(p, ln, at + 1, label);
		if (ret < 0)
			return ret;
		*ms = def_s * 1000u;
		*in_msec = false;
		*line = p->line;
		return 0;
	}
	t = ctl_tok(ln, at + 1);
	if (t != NULL && strcmp(t, "msec") == 0) {
		snprintf(label, sizeof(label), "%s msec", what);
		ret = ctl_arg_u32(p, ln, at + 2, label, SRP_HELLO_MS_MIN,
				  SRP_HELLO_MS_MAX, &v);
		if (ret < 0)
			return ret;
		if (ctl_arg_end(p, ln, at + 3, label) < 0)
			return -EINVAL;
		*ms = v;
		*in_msec = true;
	} else {
		ret = ctl_arg_u32(p, ln, at + 1, what, SRP_HELLO_S_MIN,
				  SRP_HELLO_S_MAX, &v);
		if (ret < 0)
			return ret;
		if (ctl_arg_end(p, ln, at + 2, what) < 0)
			return -EINVAL;
		*ms = v * 1000u;
		*in_msec = false;
	}
	*line = p->line;
	return 0;
}

static int
srp_cmd_hello(struct ctl_parser *p, const struct ctl_line *ln,
	      unsigned int at, enum ctl_form form)
{
	struct srp_conf *s = srp_of(p);

	return srp_interval(p, ln, at, form, "hello-interval",
			    SRP_HELLO_S_DEFAULT, &s->hello_ms,
			    &s->hello_in_msec, &p->srp_lines.hello);
}

static int
srp_cmd_dead(struct ctl_parser *p, const struct ctl_line *ln,
	     unsigned int at, enum ctl_form form)
{
	struct srp_conf *s = srp_of(p);

	return srp_interval(p, ln, at, form, "dead-interval",
			    SRP_DEAD_S_DEFAULT, &s->dead_ms,
			    &s->dead_in_msec, &p->srp_lines.dead);
}

static int
srp_cmd_delay(struct ctl_parser *p, const struct ctl_line *ln,
	      unsigned int at, enum ctl_form form)
{
	uint32_t v;
	int ret;

	if (form == CTL_FORM_NO) {
		ret = ctl_arg_end(p, ln, at + 1, "no delay-interval");
		if (ret < 0)
			return ret;
		srp_of(p)->delay_s = 0;
		return 0;
	}
	ret = ctl_arg_u32(p, ln, at + 1, "delay-interval", 1, SRP_DELAY_S_MAX,
			  &v);
	if (ret < 0)
		return ret;
	if (ctl_arg_end(p, ln, at + 2, "delay-interval") < 0)
		return -EINVAL;
	srp_of(p)->delay_s = v;
	return 0;
}

/* [no] local-fault port SLOT/PORT | worker-stall msec N | mbuf-exhaustion */
static int
srp_cmd_local_fault(struct ctl_parser *p, const struct ctl_line *ln,
		    unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "port", "worker-stall",
					  "mbuf-exhaustion", NULL };
	static const char *const kw_msec[] = { "msec", NULL };
	struct srp_conf *s = srp_of(p);
	const char *what = form == CTL_FORM_NO ? "no local-fault" :
			   "local-fault";
	unsigned int slot, port, i;
	char name[16], extra;
	uint32_t ms;
	int k;

	k = ctl_arg_kw(p, ln, at + 1, what, kw);
	if (k < 0)
		return k;
	if (k == 2) {
		if (ctl_arg_end(p, ln, at + 2, "local-fault mbuf-exhaustion") < 0)
			return -EINVAL;
		s->lf_mbuf = form != CTL_FORM_NO;
		return 0;
	}
	if (k == 1) {
		if (form == CTL_FORM_NO) {
			if (ctl_arg_end(p, ln, at + 2,
					"no local-fault worker-stall") < 0)
				return -EINVAL;
			s->lf_stall_ms = 0;
			return 0;
		}
		if (ctl_arg_kw(p, ln, at + 2, "local-fault worker-stall",
			       kw_msec) < 0 ||
		    ctl_arg_u32(p, ln, at + 3, "local-fault worker-stall msec",
				SRP_LF_STALL_MS_MIN, SRP_LF_STALL_MS_MAX,
				&ms) < 0 ||
		    ctl_arg_end(p, ln, at + 4, "local-fault worker-stall") < 0)
			return -EINVAL;
		s->lf_stall_ms = ms;
		return 0;
	}
	if (ctl_arg_need(p, ln, at + 2, "local-fault port",
			 "a port SLOT/PORT") < 0)
		return -EINVAL;
	if (sscanf(ctl_tok(ln, at + 2), "%u/%u%c", &slot, &port, &extra) !=
	    2 || slot < 1 || slot > 64 || port < 1 || port > 64)
		return ctl_perr(p, "local-fault port: expected SLOT/PORT "
				"(1..64/1..64), got '%.32s'",
				ctl_tok(ln, at + 2));
	if (ctl_arg_end(p, ln, at + 3, "local-fault port") < 0)
		return -EINVAL;
	snprintf(name, sizeof(name), "%u/%u", slot, port);
	for (i = 0; i < s->lf_n_ports; i++)
		if (strcmp(s->lf_ports[i], name) == 0)
			break;
	if (form == CTL_FORM_NO) {
		if (i == s->lf_n_ports)
			return ctl_perr(p, "no local-fault port: port %s is "
					"not monitored", name);
		for (; i + 1 < s->lf_n_ports; i++) {
			memcpy(s->lf_ports[i], s->lf_ports[i + 1],
			       sizeof(s->lf_ports[i]));
			p->srp_lines.lf_port[i] = p->srp_lines.lf_port[i + 1];
		}
		s->lf_n_ports--;
		return 0;
	}
	if (i < s->lf_n_ports)
		return ctl_perr(p, "local-fault port: port %s is already "
				"monitored", name);
	if (s->lf_n_ports == SRP_LF_MAX_PORTS)
		return ctl_perr(p, "local-fault port: at most %u ports",
				SRP_LF_MAX_PORTS);
	snprintf(s->lf_ports[s->lf_n_ports], sizeof(s->lf_ports[0]), "%s",
		 name);
	p->srp_lines.lf_port[s->lf_n_ports++] = p->line;
	return 0;
}

/* checkpoint session duration [ims-session|non-ims-session] 0..65535 */
static int
srp_ckpt_duration(struct ctl_parser *p, const struct ctl_line *ln,
		  unsigned int i, enum ctl_form form)
{
	static const char *const kw[] = { "ims-session", "non-ims-session",
					   NULL };
	const char *what = "checkpoint session duration";
	struct srp_conf *s = srp_of(p);
	bool ims = true, non_ims = true;
	const char *t = ctl_tok(ln, i);
	uint32_t v = SRP_CKPT_DURATION_DEFAULT;
	int ret;

	if (form == CTL_FORM_NO)
		return ctl_srp_bad_form(p, form, what);
	if (t != NULL && (strcmp(t, kw[0]) == 0 || strcmp(t, kw[1]) == 0)) {
		ims = strcmp(t, kw[0]) == 0;
		non_ims = !ims;
		i++;
	} else if (t != NULL && form == CTL_FORM_SET &&
		   (t[0] < '0' || t[0] > '9')) {
		return ctl_perr(p, "%s: expected ims-session, non-ims-session "
				"or an integer 0..%u, got '%.40s'", what,
				SRP_CKPT_DURATION_MAX, t);
	}
	if (form == CTL_FORM_SET) {
		ret = ctl_arg_u32(p, ln, i, what, 0, SRP_CKPT_DURATION_MAX,
				  &v);
		if (ret < 0)
			return ret;
		i++;
	}
	if (ctl_arg_end(p, ln, i, what) < 0)
		return -EINVAL;
	if (ims)
		s->ckpt_duration_ims_s = v;
	if (non_ims)
		s->ckpt_duration_non_ims_s = v;
	return 0;
}

/* checkpoint session periodic-interval 30..1440 (multiple of 15) */
static int
srp_ckpt_periodic(struct ctl_parser *p, const struct ctl_line *ln,
		  unsigned int i, enum ctl_form form)
{
	const char *what = "checkpoint session periodic-interval";
	struct srp_conf *s = srp_of(p);
	uint32_t v = SRP_CKPT_PERIODIC_DEFAULT;
	int ret;

	if (form == CTL_FORM_SET) {
		ret = ctl_arg_u32(p, ln, i, what, SRP_CKPT_PERIODIC_MIN,
				  SRP_CKPT_PERIODIC_MAX, &v);
		if (ret < 0)
			return ret;
		if (v % SRP_CKPT_PERIODIC_STEP != 0)
			return ctl_perr(p, "%s: expected a multiple of %u in "
					"%u..%u minutes, got '%u'", what,
					SRP_CKPT_PERIODIC_STEP,
					SRP_CKPT_PERIODIC_MIN,
					SRP_CKPT_PERIODIC_MAX, v);
		i++;
	}
	if (ctl_arg_end(p, ln, i, what) < 0)
		return -EINVAL;
	s->ckpt_periodic_min = v;
	s->ckpt_periodic_off = form == CTL_FORM_NO;
	return 0;
}

/* checkpoint session activity-refresh 1..3600 | msec 10..3600000 */
static int
srp_ckpt_refresh(struct ctl_parser *p, const struct ctl_line *ln,
		 unsigned int i, enum ctl_form form)
{
	static const char *const kw_msec[] = { "msec", NULL };
	const char *what = "checkpoint session activity-refresh";
	uint32_t ms = SRP_CKPT_REFRESH_DEFAULT_MS;
	uint32_t v;
	int ret;

	if (form == CTL_FORM_SET) {
		if (ctl_tok(ln, i) != NULL &&
		    strcmp(ctl_tok(ln, i), "msec") == 0) {
			ret = ctl_arg_kw(p, ln, i, what, kw_msec);
			if (ret < 0)
				return ret;
			ret = ctl_arg_u32(p, ln, i + 1,
					  "checkpoint session activity-refresh "
					  "msec", SRP_CKPT_REFRESH_MIN_MS,
					  SRP_CKPT_REFRESH_MAX_MS, &ms);
			if (ret < 0)
				return ret;
			i += 2;
		} else {
			ret = ctl_arg_u32(p, ln, i, what, 1,
					  SRP_CKPT_REFRESH_MAX_MS / 1000u, &v);
			if (ret < 0)
				return ret;
			ms = v * 1000u;
			i++;
		}
	}
	if (ctl_arg_end(p, ln, i, what) < 0)
		return -EINVAL;
	srp_of(p)->ckpt_refresh_ms = form == CTL_FORM_NO ? 0 : ms;
	return 0;
}

/* checkpoint session nack macro|micro [max-response 0..65535] */
static int
srp_ckpt_nack(struct ctl_parser *p, const struct ctl_line *ln,
	      unsigned int i, enum ctl_form form)
{
	static const char *const kw[] = { "macro", "micro", NULL };
	static const char *const kw_max[] = { "max-response", NULL };
	const char *what = "checkpoint session nack";
	struct srp_conf *s = srp_of(p);
	uint32_t max = SRP_NACK_MAX_RESPONSE_DEFAULT;
	int which, ret;

	if (form == CTL_FORM_DEFAULT)
		return ctl_srp_bad_form(p, form, what);
	which = ctl_arg_kw(p, ln, i, what, kw);
	if (which < 0)
		return which;
	i++;
	if (form == CTL_FORM_SET && ctl_tok(ln, i) != NULL) {
		ret = ctl_arg_kw(p, ln, i, what, kw_max);
		if (ret < 0)
			return ret;
		ret = ctl_arg_u32(p, ln, i + 1, "checkpoint session nack "
				  "max-response", 0, SRP_NACK_MAX_RESPONSE_MAX,
				  &max);
		if (ret < 0)
			return ret;
		i += 2;
	}
	if (ctl_arg_end(p, ln, i, what) < 0)
		return -EINVAL;
	if (which == 0) {
		s->nack_macro = form == CTL_FORM_SET;
		s->nack_macro_max = max;
	} else {
		s->nack_micro = form == CTL_FORM_SET;
		s->nack_micro_max = max;
	}
	return 0;
}

/* checkpoint session compression lz4|zlib */
static int
srp_ckpt_compression(struct ctl_parser *p, const struct ctl_line *ln,
		     unsigned int i, enum ctl_form form)
{
	static const char *const kw[] = { "zlib", "lz4", NULL };
	const char *what = "checkpoint session compression";
	enum srp_compression c = SRP_COMP_ZLIB;
	int ret;

	if (form == CTL_FORM_NO)
		return ctl_srp_bad_form(p, form, what);
	if (form == CTL_FORM_SET) {
		ret = ctl_arg_kw(p, ln, i, what, kw);
		if (ret < 0)
			return ret;
		c = ret == 1 ? SRP_COMP_LZ4 : SRP_COMP_ZLIB;
		i++;
	}
	if (ctl_arg_end(p, ln, i, what) < 0)
		return -EINVAL;
	srp_of(p)->compression = c;
	return 0;
}

static int
srp_cmd_checkpoint(struct ctl_parser *p, const struct ctl_line *ln,
		   unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "duration", "periodic-interval",
					   "nack", "compression",
					   "activity-refresh", NULL };
	int which;

	which = ctl_arg_kw(p, ln, at + 2, "checkpoint session", kw);
	if (which < 0)
		return which;
	switch (which) {
	case 0:
		return srp_ckpt_duration(p, ln, at + 3, form);
	case 1:
		return srp_ckpt_periodic(p, ln, at + 3, form);
	case 2:
		return srp_ckpt_nack(p, ln, at + 3, form);
	case 4:
		return srp_ckpt_refresh(p, ln, at + 3, form);
	default:
		return srp_ckpt_compression(p, ln, at + 3, form);
	}
}

int
ctl_srp_enter(struct ctl_parser *p, const struct ctl_line *ln,
	      unsigned int at, enum ctl_form form)
{
	static const char *const kw[] = { "variable", NULL };
	struct ctl_context *c = &p->conf->contexts[p->ctx];
	struct srp_conf *s = srp_of(p);
	unsigned int i = at + 1;

	if (form == CTL_FORM_NO) {
		if (ctl_arg_end(p, ln, i, "no service-redundancy-protocol") < 0)
			return -EINVAL;
		if (!s->present || strcmp(s->context, c->name) != 0)
			return ctl_perr(p, "no service-redundancy-protocol: "
					"context '%s' has no "
					"service-redundancy-protocol", c->name);
		srp_conf_init(s);
		memset(&p->srp_lines, 0, sizeof(p->srp_lines));
		return 0;
	}
	/* The reference writes "service-redundancy-protocol variable" in a
	 * few examples; the word carries no setting. */
	if (ctl_tok(ln, i) != NULL) {
		if (ctl_arg_kw(p, ln, i, "service-redundancy-protocol", kw) < 0)
			return -EINVAL;
		i++;
	}
	if (ctl_arg_end(p, ln, i, "service-redundancy-protocol") < 0)
		return -EINVAL;
	if (s->present && strcmp(s->context, c->name) != 0)
		return ctl_perr(p, "service-redundancy-protocol is already "
				"configured in context '%s' (line %u); only "
				"one context may hold it", s->context,
				p->srp_lines.block);
	if (!s->present) {
		s->present = true;
		snprintf(s->context, sizeof(s->context), "%s", c->name);
		p->srp_lines.block = p->line;
	}
	p->mode = CTL_MODE_SRP;
	return 0;
}

static const struct ctl_cmd ctl_srp_cmds[] = {
	{ CTL_MODE_SRP, "chassis-mode", NULL, CTL_F_SET | CTL_F_NO,
	  srp_cmd_chassis_mode,
	  "chassis-mode primary|backup | no chassis-mode" },
	{ CTL_MODE_SRP, "priority", NULL, CTL_F_SET | CTL_F_DEF,
	  srp_cmd_priority, "priority 1..255 | default priority" },
	{ CTL_MODE_SRP, "peer-ip-address", NULL, CTL_F_SET | CTL_F_NO,
	  srp_cmd_peer,
	  "peer-ip-address ADDRESS [port 1..65535] | no peer-ip-address" },
	{ CTL_MODE_SRP, "bind", "address", CTL_F_SET | CTL_F_NO,
	  srp_cmd_bind,
	  "bind address ADDRESS [port 1..65535] | no bind address" },
	{ CTL_MODE_SRP, "hello-interval", NULL, CTL_F_SET | CTL_F_DEF,
	  srp_cmd_hello, "hello-interval 1..65535 | hello-interval msec "
	  "1..65535 | default hello-interval" },
	{ CTL_MODE_SRP, "dead-interval", NULL, CTL_F_SET | CTL_F_DEF,
	  srp_cmd_dead, "dead-interval 1..65535 | dead-interval msec "
	  "1..65535 | default dead-interval" },
	{ CTL_MODE_SRP, "delay-interval", NULL, CTL_F_SET | CTL_F_NO,
	  srp_cmd_delay, "delay-interval 1..65535 | no delay-interval" },
	{ CTL_MODE_SRP, "local-fault", NULL, CTL_F_SET | CTL_F_NO,
	  srp_cmd_local_fault, "[no] local-fault port SLOT/PORT | "
	  "local-fault worker-stall msec 50..60000 | no local-fault "
	  "worker-stall | [no] local-fault mbuf-exhaustion" },
	{ CTL_MODE_SRP, "checkpoint", "session",
	  CTL_F_SET | CTL_F_NO | CTL_F_DEF, srp_cmd_checkpoint,
	  "checkpoint session duration [ims-session|non-ims-session] "
	  "0..65535 | checkpoint session periodic-interval 30..1440 | "
	  "checkpoint session nack macro|micro [max-response 0..65535] | "
	  "checkpoint session compression lz4|zlib | "
	  "checkpoint session activity-refresh 1..3600|msec 10..3600000 | "
	  "no checkpoint session periodic-interval|activity-refresh|"
	  "nack macro|micro | "
	  "default checkpoint session duration [ims-session|non-ims-session]"
	  "|periodic-interval|compression|activity-refresh" },
};

const struct ctl_cmd_table ctl_srp_table =
	CTL_CMD_TABLE(ctl_srp_cmds);
