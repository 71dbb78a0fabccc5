/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration parser, entry points: defaults, mode tracking, command
 * dispatch over the tables of the ctl_conf_mode_*.c files, and the
 * parse and load calls that run the lexer, the dispatcher and the
 * checks. Context: control.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctl_conf.h"
#include "ctl_conf_int.h"

/* Largest file ctl_conf_load() reads; far above any real configuration. */
#define CTL_CONF_FILE_MAX	(16u << 20)

struct ctl_mode_info {
	const char	*name;		/* in messages: "... in NAME mode" */
	const char	*entry;		/* the command that enters it */
	enum ctl_mode	parent;
};

static const struct ctl_mode_info ctl_modes[CTL_MODE_COUNT] = {
	[CTL_MODE_TOP] = { "global configuration", "configure", CTL_MODE_TOP },
	[CTL_MODE_CONTEXT] = { "context", "context NAME", CTL_MODE_TOP },
	[CTL_MODE_SRP] = { "service-redundancy-protocol",
			   "service-redundancy-protocol", CTL_MODE_CONTEXT },
	[CTL_MODE_IFACE] = { "interface", "interface NAME", CTL_MODE_CONTEXT },
	[CTL_MODE_BGP] = { "router bgp", "router bgp AS", CTL_MODE_CONTEXT },
	[CTL_MODE_SUBSCRIBER] = { "subscriber", "subscriber default",
				  CTL_MODE_CONTEXT },
	[CTL_MODE_HA] = { "ha-service", "ha-service NAME", CTL_MODE_CONTEXT },
	[CTL_MODE_PORT] = { "port ethernet", "port ethernet SLOT/PORT",
			    CTL_MODE_TOP },
	[CTL_MODE_DATAPLANE] = { "dataplane", "dataplane", CTL_MODE_TOP },
	[CTL_MODE_BULKSTAT] = { "bulkstat", "bulkstat mode", CTL_MODE_TOP },
	[CTL_MODE_CPGROUP] = { "control-plane-group",
			       "control-plane-group NAME", CTL_MODE_TOP },
	[CTL_MODE_SX] = { "sx-service", "sx-service NAME", CTL_MODE_CONTEXT },
	[CTL_MODE_UPSVC] = { "user-plane-service", "user-plane-service NAME",
			     CTL_MODE_CONTEXT },
	[CTL_MODE_DIAM] = { "diameter endpoint", "diameter endpoint NAME",
			    CTL_MODE_CONTEXT },
};

/* Everything one parse needs, allocated at once: struct ctl_conf is large. */
struct ctl_parse_work {
	struct ctl_conf		conf;
	struct ctl_parser	p;
	struct ctl_line		ln;
};

/* ---------------------------------------------------------------------
 * Defaults
 */

void
ctl_conf_init(struct ctl_conf *conf)
{
	unsigned int i;

	memset(conf, 0, sizeof(*conf));
	srp_conf_init(&conf->srp);
	conf->dp.n_ports = 0;
	conf->dp.n_mbufs = CTL_DP_N_MBUFS_DEFAULT;
	conf->dp.n_rxd = CTL_DP_N_DESC_DEFAULT;
	conf->dp.n_txd = CTL_DP_N_DESC_DEFAULT;
	conf->dp.burst = CTL_DP_BURST_DEFAULT;
	conf->dp.max_sessions = CTL_DP_MAX_SESSIONS_DEFAULT;
	conf->dp.idle_polls = 0;
	conf->dp.idle_sleep_us = 0;
	conf->dp.src_check_off = false;
	conf->graceful_cleanup = false;
	conf->graceful_del_cause = CTL_DEL_CAUSE_UNSET;
	conf->bulkstat_no_standby = false;
	for (i = 0; i < CTL_MAX_PORTS; i++)
		conf->ports[i].shutdown = true;
}

/* ---------------------------------------------------------------------
 * Dispatch
 */

/* The command tables of every mode, walked as one list in this order. */
static const struct ctl_cmd_table *const ctl_cmd_tables[] = {
	&ctl_global_table, &ctl_context_table, &ctl_iface_table,
	&ctl_bgp_table, &ctl_ha_table, &ctl_port_table, &ctl_dataplane_table,
	&ctl_srp_table, &ctl_srp_policy_table, &ctl_sx_table, &ctl_diam_table,
	&ctl_snmp_table,
};

#define CTL_N_TABLES (sizeof(ctl_cmd_tables) / sizeof(ctl_cmd_tables[0]))

/* Command @i of the tables taken as one list; NULL past the end. */
static const struct ctl_cmd *
ctl_cmd_at(unsigned int i)
{
	unsigned int t;

	for (t = 0; t < CTL_N_TABLES; t++) {
		if (i < ctl_cmd_tables[t]->n_cmds)
			return &ctl_cmd_tables[t]->cmds[i];
		i -= ctl_cmd_tables[t]->n_cmds;
	}
	return NULL;
}

static bool
ctl_cmd_match(const struct ctl_cmd *c, const char *w1, const char *w2)
{
	if (strcmp(c->word, w1) != 0)
		return false;
	return c->word2 == NULL || (w2 != NULL && strcmp(c->word2, w2) == 0);
}

static bool
ctl_mode_is_ancestor(enum ctl_mode anc, enum ctl_mode m)
{
	while (m != CTL_MODE_TOP) {
		m = ctl_modes[m].parent;
		if (m == anc)
			return true;
	}
	return false;
}

static const char *
ctl_article(const char *s)
{
	/* "a user-plane-service": the vowel sounds like "you". */
	if (strncmp(s, "us", 2) == 0)
		return "a";
	return strchr("aeiou", s[0]) != NULL ? "an" : "a";
}

/* The command is known, but not in the current mode. */
static int
ctl_wrong_mode(struct ctl_parser *p, const char *label, unsigned int modes)
{
	const struct ctl_mode_info *cur = &ctl_modes[p->mode];
	char names[256], entries[256];
	size_t on = 0, oe = 0;
	unsigned int m, n = 0;

	for (m = 0; m < CTL_MODE_COUNT; m++) {
		if ((modes & (1u << m)) == 0)
			continue;
		if (ctl_mode_is_ancestor((enum ctl_mode)m, p->mode))
			return ctl_perr(p, "'%s' is %s %s command, not %s %s "
					"command; leave %s mode with 'exit' "
					"first", label,
					ctl_article(ctl_modes[m].name),
					ctl_modes[m].name,
					ctl_article(cur->name), cur->name,
					cur->name);
	}
	names[0] = entries[0] = '\0';
	for (m = 0; m < CTL_MODE_COUNT; m++) {
		int a, b;

		if ((modes & (1u << m)) == 0)
			continue;
		a = snprintf(names + on, sizeof(names) - on, "%s%s",
			     n == 0 ? "" : " or ", ctl_modes[m].name);
		b = snprintf(entries + oe, sizeof(entries) - oe, "%s'%s'",
			     n == 0 ? "" : " or ", ctl_modes[m].entry);
		if (a < 0 || b < 0 || (size_t)a >= sizeof(names) - on ||
		    (size_t)b >= sizeof(entries) - oe)
			break;
		on += (size_t)a;
		oe += (size_t)b;
		n++;
	}
	return ctl_perr(p, "'%s' is %s %s command; use it after %s", label,
			ctl_article(names), names, entries);
}

static int
ctl_unknown(struct ctl_parser *p, const char *w)
{
	char list[768];
	size_t off = 0;
	unsigned int i, j;
	const struct ctl_cmd *c, *d;

	list[0] = '\0';
	for (i = 0; (c = ctl_cmd_at(i)) != NULL; i++) {
		bool seen = false;
		int n;

		if (c->mode != p->mode)
			continue;
		for (j = 0; j < i && !seen; j++) {
			d = ctl_cmd_at(j);
			seen = d->mode == p->mode && strcmp(d->word, c->word) == 0;
		}
		if (seen)
			continue;
		n = snprintf(list + off, sizeof(list) - off, "%s, ", c->word);
		if (n < 0 || (size_t)n >= sizeof(list) - off)
			break;
		off += (size_t)n;
	}
	snprintf(list + off, sizeof(list) - off, "%s",
		 p->mode == CTL_MODE_TOP ? "end" : "exit, end");
	return ctl_perr(p, "unknown command '%.40s' in %s mode; expected one "
			"of: %s", w, ctl_modes[p->mode].name, list);
}

/* First word known in this mode, second word not: name the choices. */
static int
ctl_bad_word2(struct ctl_parser *p, const char *w1, const char *w2)
{
	char list[256];
	size_t off = 0;
	unsigned int i;
	const struct ctl_cmd *c;

	list[0] = '\0';
	for (i = 0; (c = ctl_cmd_at(i)) != NULL; i++) {
		int n;

		if (c->mode != p->mode || strcmp(c->word, w1) != 0 ||
		    c->word2 == NULL)
			continue;
		n = snprintf(list + off, sizeof(list) - off, "%s%s",
			     off == 0 ? "" : ", ", c->word2);
		if (n < 0 || (size_t)n >= sizeof(list) - off)
			break;
		off += (size_t)n;
	}
	if (w2 == NULL)
		return ctl_perr(p, "%s: missing keyword; expected one of %s",
				w1, list);
	return ctl_perr(p, "%s: expected one of %s, got '%.40s'", w1, list,
			w2);
}

static int
ctl_leave(struct ctl_parser *p)
{
	switch (p->mode) {
	case CTL_MODE_TOP:
		return ctl_perr(p, "'exit' at the top level: there is no mode "
				"to leave");
	case CTL_MODE_SRP:
		if (ctl_srp_leave(p) < 0)
			return -EINVAL;
		break;
	case CTL_MODE_IFACE:
		p->iface = -1;
		break;
	case CTL_MODE_HA:
		p->ha = -1;
		break;
	case CTL_MODE_CONTEXT:
		p->ctx = -1;
		break;
	case CTL_MODE_PORT:
		p->port = -1;
		break;
	case CTL_MODE_CPGROUP:
		p->cpg = -1;
		break;
	case CTL_MODE_DIAM:
		if (ctl_diam_leave(p) < 0)
			return -EINVAL;
		p->diam = -1;
		break;
	default:
		break;
	}
	p->mode = ctl_modes[p->mode].parent;
	return 0;
}

static int
ctl_leave_all(struct ctl_parser *p)
{
	while (p->mode != CTL_MODE_TOP)
		if (ctl_leave(p) < 0)
			return -EINVAL;
	return 0;
}

static int
ctl_run(struct ctl_parser *p, const struct ctl_line *ln)
{
	const char *w = ln->tok[0].s, *w1, *w2;
	enum ctl_form form = CTL_FORM_SET;
	const struct ctl_cmd *c, *found = NULL;
	unsigned int i, at = 0, modes = 0, modes1 = 0;
	bool word_here = false;
	char label[128];

	p->cmd = NULL;
	if (strcmp(w, "exit") == 0 || strcmp(w, "#exit") == 0) {
		if (ctl_arg_end(p, ln, 1, w) < 0)
			return -EINVAL;
		return ctl_leave(p);
	}
	if (strcmp(w, "end") == 0) {
		if (ctl_arg_end(p, ln, 1, w) < 0 || ctl_leave_all(p) < 0)
			return -EINVAL;
		p->in_config = false;
		return 0;
	}
	if (strcmp(w, "config") == 0 || strcmp(w, "configure") == 0) {
		if (ctl_arg_end(p, ln, 1, w) < 0)
			return -EINVAL;
		if (p->mode != CTL_MODE_TOP)
			return ctl_perr(p, "'%s' is only valid at the top "
					"level; use 'end' first", w);
		if (p->in_config)
			return ctl_perr(p, "'%s': already in configuration "
					"mode", w);
		p->in_config = true;
		return 0;
	}
	if (strcmp(w, "no") == 0 || strcmp(w, "default") == 0) {
		form = w[0] == 'n' ? CTL_FORM_NO : CTL_FORM_DEFAULT;
		at = 1;
		if (ln->n < 2)
			return ctl_perr(p, "'%s' needs a command after it", w);
	}
	w1 = ln->tok[at].s;
	w2 = ctl_tok(ln, at + 1);
	if (at > 0 && (strcmp(w1, "exit") == 0 || strcmp(w1, "#exit") == 0 ||
		       strcmp(w1, "end") == 0 || strcmp(w1, "config") == 0 ||
		       strcmp(w1, "configure") == 0))
		return ctl_perr(p, "'%s %s' is not a command", w, w1);
	for (i = 0; (c = ctl_cmd_at(i)) != NULL; i++) {
		if (strcmp(c->word, w1) != 0)
			continue;
		modes1 |= 1u << c->mode;
		if (c->mode == p->mode)
			word_here = true;
		if (!ctl_cmd_match(c, w1, w2))
			continue;
		if (c->mode == p->mode) {
			found = c;
			break;
		}
		modes |= 1u << c->mode;
	}
	if (found == NULL) {
		if (modes != 0) {
			/* Name the command by both words when the second one
			 * is what places it ("ip pool" vs "ip address"). */
			bool two = w2 != NULL;

			for (i = 0; (c = ctl_cmd_at(i)) != NULL; i++)
				if (ctl_cmd_match(c, w1, w2) &&
				    c->word2 == NULL)
					two = false;
			snprintf(label, sizeof(label), "%s%s%.40s", w1,
				 two ? " " : "", two ? w2 : "");
			return ctl_wrong_mode(p, label, modes);
		}
		if (word_here)
			return ctl_bad_word2(p, w1, w2);
		/* "port" alone in context mode: the first word names the
		 * mode; with a second word that fits nowhere it is just an
		 * unknown command here. */
		if (modes1 != 0 && w2 == NULL)
			return ctl_wrong_mode(p, w1, modes1);
		return ctl_unknown(p, w1);
	}
	p->cmd = found;
	if ((found->forms & (1u << form)) == 0)
		return ctl_perr(p, "'%s %s' is not accepted; usage: %s", w, w1,
				found->usage);
	return found->fn(p, ln, at, form);
}

/* ---------------------------------------------------------------------
 * Entry points
 */

int
ctl_conf_parse_mem(const char *text, size_t len, const char *origin,
		   struct ctl_conf *conf, char *err, size_t err_len)
{
	struct ctl_parse_work *w;
	struct ctl_parser *p;
	size_t pos = 0;
	int ret = 0;

	if (err != NULL && err_len > 0)
		err[0] = '\0';
	if (origin == NULL)
		origin = "<config>";
	if (text == NULL || conf == NULL) {
		if (err != NULL && err_len > 0)
			snprintf(err, err_len, "%s:0: no configuration text",
				 origin);
		return -EINVAL;
	}
	w = malloc(sizeof(*w));
	if (w == NULL) {
		if (err != NULL && err_len > 0)
			snprintf(err, err_len, "%s:0: out of memory", origin);
		return -ENOMEM;
	}
	memset(&w->p, 0, sizeof(w->p));
	ctl_conf_init(&w->conf);
	p = &w->p;
	p->conf = &w->conf;
	p->origin = origin;
	p->err = err;
	p->err_len = err_len;
	p->mode = CTL_MODE_TOP;
	p->ctx = p->iface = p->port = p->ha = p->cpg = p->diam = -1;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - text) : len;

		p->line++;
		ret = ctl_split(p, text + pos, end - pos, &w->ln);
		if (ret < 0)
			goto out_free;
		if (w->ln.n > 0) {
			ret = ctl_run(p, &w->ln);
			if (ret < 0)
				goto out_free;
		}
		pos = end + 1;
	}
	p->cmd = NULL;
	ret = ctl_leave_all(p);
	if (ret < 0)
		goto out_free;
	ret = ctl_check_routes(p);
	if (ret < 0)
		goto out_free;
	ret = ctl_check_ports(p);
	if (ret < 0)
		goto out_free;
	ret = ctl_check_sx(p);
	if (ret < 0)
		goto out_free;
	ret = ctl_check_local_fault(p);
	if (ret < 0)
		goto out_free;
	ret = ctl_check_diam(p);
	if (ret < 0)
		goto out_free;
	memcpy(conf, &w->conf, sizeof(*conf));
out_free:
	free(w);
	return ret;
}

int
ctl_conf_parse(const char *text, const char *origin, struct ctl_conf *conf,
	       char *err, size_t err_len)
{
	return ctl_conf_parse_mem(text, text != NULL ? strlen(text) : 0,
				  origin, conf, err, err_len);
}

int
ctl_conf_load(const char *path, struct ctl_conf *conf, char *err,
	      size_t err_len)
{
	struct stat st;
	char *buf;
	size_t got = 0;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		goto out_err;
	}
	if (fstat(fd, &st) < 0) {
		ret = -errno;
		goto out_close;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = -EINVAL;
		goto out_close;
	}
	if ((uint64_t)st.st_size > CTL_CONF_FILE_MAX) {
		ret = -EFBIG;
		goto out_close;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		ret = -ENOMEM;
		goto out_close;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			goto out_free;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	close(fd);
	ret = ctl_conf_parse_mem(buf, got, path, conf, err, err_len);
	free(buf);
	return ret;

out_free:
	free(buf);
out_close:
	close(fd);
out_err:
	if (err != NULL && err_len > 0)
		snprintf(err, err_len, "%s:0: cannot read the configuration: "
			 "%s", path, ret == -EINVAL ? "not a regular file" :
			 ret == -EFBIG ? "file larger than 16 MiB" :
			 strerror(-ret));
	return ret;
}

void
ctl_conf_to_dp(const struct ctl_conf *conf, struct dp_conf *dp)
{
	unsigned int i;

	*dp = conf->dp;
	memset(dp->ports, 0, sizeof(dp->ports));
	dp->n_ports = 0;
	/* A port without a device cannot be opened; the parser only lets
	 * that happen for ports that are shut down. */
	for (i = 0; i < conf->n_ports && dp->n_ports < DP_MAX_PORTS; i++) {
		const struct ctl_port *pt = &conf->ports[i];
		struct dp_port_conf *d;

		if (pt->device[0] == '\0')
			continue;
		d = &dp->ports[dp->n_ports++];
		snprintf(d->name, sizeof(d->name), "%s", pt->name);
		snprintf(d->device, sizeof(d->device), "%s", pt->device);
		d->role = pt->role;
		d->mtu = pt->mtu;
		d->shutdown = pt->shutdown;
	}
}
