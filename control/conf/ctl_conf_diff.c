/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-service configuration changes: the run-time class of settings and the
 * line difference of two configurations (ctl_conf_diff.h). Pure code: no
 * DPDK, no sockets. Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_conf_diff.h"
#include "ctl_conf_int.h"

/* Block path depth kept for a line: context > interface > line. */
#define DIFF_DEPTH	4

static void
diff_ctx_take(struct ctl_context *d, const struct ctl_context *s)
{
	d->n_routes = s->n_routes;
	memcpy(d->routes, s->routes, sizeof(d->routes));
	d->n_arps = s->n_arps;
	memcpy(d->arps, s->arps, sizeof(d->arps));
	/* What the AAA and Diameter monitors probe and with which timers. */
	d->n_radius = s->n_radius;
	memcpy(d->radius, s->radius, sizeof(d->radius));
	d->radius_timeout_s = s->radius_timeout_s;
	d->radius_max_retries_set = s->radius_max_retries_set;
	d->radius_max_retries = s->radius_max_retries;
	d->radius_probe_interval_s = s->radius_probe_interval_s;
	memcpy(d->radius_probe_user, s->radius_probe_user,
	       sizeof(d->radius_probe_user));
	memcpy(d->radius_probe_password, s->radius_probe_password,
	       sizeof(d->radius_probe_password));
	d->n_diam = s->n_diam;
	memcpy(d->diam, s->diam, sizeof(d->diam));
}

static void
diff_srp_take(struct srp_conf *d, const struct srp_conf *s)
{
	d->priority = s->priority;
	d->hello_ms = s->hello_ms;
	d->dead_ms = s->dead_ms;
	d->hello_in_msec = s->hello_in_msec;
	d->dead_in_msec = s->dead_in_msec;
	d->delay_s = s->delay_s;
	d->ckpt_duration_ims_s = s->ckpt_duration_ims_s;
	d->ckpt_duration_non_ims_s = s->ckpt_duration_non_ims_s;
	d->ckpt_periodic_min = s->ckpt_periodic_min;
	d->ckpt_periodic_off = s->ckpt_periodic_off;
	d->ckpt_refresh_ms = s->ckpt_refresh_ms;
	d->nack_micro = s->nack_micro;
	d->nack_micro_max = s->nack_micro_max;
	d->nack_macro = s->nack_macro;
	d->nack_macro_max = s->nack_macro_max;
	d->compression = s->compression;	/* from the next connection */
	d->n_monitors = s->n_monitors;
	memcpy(d->monitors, s->monitors, sizeof(d->monitors));
	d->aaa_switchover = s->aaa_switchover;
	d->diameter_switchover = s->diameter_switchover;
	d->redundancy_aaa = s->redundancy_aaa;
	d->redundancy_bgp = s->redundancy_bgp;
	d->redundancy_diam = s->redundancy_diam;
	d->allow_all_data = s->allow_all_data;
	d->allow_volte_data = s->allow_volte_data;
	d->volte_maintain_accounting = s->volte_maintain_accounting;
	d->allow_early_active = s->allow_early_active;
	d->control_outage_opt = s->control_outage_opt;
	d->db_recovery = s->db_recovery;
}

void
ctl_conf_runtime_take(struct ctl_conf *dst, const struct ctl_conf *src)
{
	unsigned int i;
	int sc;

	/* Both blocks present or both absent: adding or removing SRP is a
	 * restart (the service is started once). */
	if (dst->srp.present && src->srp.present)
		diff_srp_take(&dst->srp, &src->srp);
	for (i = 0; i < dst->n_contexts; i++) {
		sc = ctl_find_context(src, dst->contexts[i].name);
		if (sc >= 0)
			diff_ctx_take(&dst->contexts[i], &src->contexts[sc]);
	}
	dst->sess_idle_timeout_s = src->sess_idle_timeout_s;
	dst->sess_abs_timeout_s = src->sess_abs_timeout_s;
}

/* The printed configuration split into lines, each prefixed with the
 * headers of the blocks holding it, sorted. */
struct diff_lines {
	char		*text;
	size_t		text_len;
	char		**line;
	size_t		n;
};

static void
diff_lines_free(struct diff_lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->line[i]);
	free(l->line);
	free(l->text);
	memset(l, 0, sizeof(*l));
}

static int
diff_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One line with its block path: "head > head > line". */
static char *
diff_key(char *const head[DIFF_DEPTH], unsigned int depth, const char *s)
{
	char buf[CTL_DIFF_LINE_LEN * 2];
	size_t off = 0;
	unsigned int i;
	int n;

	buf[0] = '\0';
	for (i = 0; i < depth && i < DIFF_DEPTH; i++) {
		if (head[i] == NULL)	/* "config": around everything */
			continue;
		n = snprintf(buf + off, sizeof(buf) - off, "%s > ", head[i]);
		if (n < 0 || (size_t)n >= sizeof(buf) - off)
			break;
		off += (size_t)n;
	}
	snprintf(buf + off, sizeof(buf) - off, "%s", s);
	return strdup(buf);
}

static int
diff_lines_make(const struct ctl_conf *c, struct diff_lines *l)
{
	char *head[DIFF_DEPTH] = { NULL };
	size_t cap = 0;
	unsigned int depth;
	char *p, *nl, *s;
	char **grown;
	FILE *f;
	int ret;

	memset(l, 0, sizeof(*l));
	f = open_memstream(&l->text, &l->text_len);
	if (f == NULL)
		return -ENOMEM;
	ret = ctl_conf_print(c, false, f);
	if (fclose(f) != 0 && ret == 0)
		ret = -ENOMEM;
	if (ret < 0)
		goto out_free;
	for (p = l->text; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			break;
		*nl = '\0';
		for (s = p; *s == ' '; s++)
			;
		depth = (unsigned int)(s - p) / 2;
		if (*s == '\0' || *s == '#' || strcmp(s, "end") == 0)
			continue;
		if (strcmp(s, "config") == 0 || strcmp(s, "configure") == 0) {
			if (depth < DIFF_DEPTH)
				head[depth] = NULL;
			continue;
		}
		if (l->n == cap) {
			cap = cap == 0 ? 256 : cap * 2;
			grown = realloc(l->line, cap * sizeof(*grown));
			if (grown == NULL) {
				ret = -ENOMEM;
				goto out_free;
			}
			l->line = grown;
		}
		l->line[l->n] = diff_key(head, depth, s);
		if (l->line[l->n] == NULL) {
			ret = -ENOMEM;
			goto out_free;
		}
		l->n++;
		/* This line may open a block for the deeper lines after it. */
		if (depth < DIFF_DEPTH)
			head[depth] = s;
	}
	qsort(l->line, l->n, sizeof(l->line[0]), diff_cmp);
	return 0;
out_free:
	diff_lines_free(l);
	return ret;
}

static void
diff_add(struct ctl_conf_diff *d, bool restart, bool added, const char *line)
{
	struct ctl_conf_change *ch;

	if (restart)
		d->n_restart++;
	else
		d->n_runtime++;
	if (d->n == CTL_DIFF_MAX)
		return;
	ch = &d->c[d->n++];
	ch->restart = restart;
	ch->added = added;
	snprintf(ch->line, sizeof(ch->line), "%s", line);
}

/* Lines of @b missing from @a are added, of @a missing from @b removed. */
static void
diff_merge(const struct diff_lines *a, const struct diff_lines *b,
	   bool restart, struct ctl_conf_diff *d)
{
	size_t i = 0, j = 0;
	int c;

	while (i < a->n || j < b->n) {
		c = i == a->n ? 1 : j == b->n ? -1 :
		    strcmp(a->line[i], b->line[j]);
		if (c == 0) {
			i++;
			j++;
		} else if (c < 0) {
			diff_add(d, restart, false, a->line[i++]);
		} else {
			diff_add(d, restart, true, b->line[j++]);
		}
	}
}

int
ctl_conf_diff(const struct ctl_conf *run, const struct ctl_conf *next,
	      struct ctl_conf_diff *d)
{
	struct diff_lines lr, lx;
	struct ctl_conf *mix;
	int ret;

	if (run == NULL || next == NULL || d == NULL)
		return -EINVAL;
	memset(d, 0, sizeof(*d));
	mix = malloc(sizeof(*mix));
	if (mix == NULL)
		return -ENOMEM;
	ret = diff_lines_make(run, &lr);
	if (ret < 0)
		goto out_mix;
	/* Restart class: the new file with the running run-time settings. */
	*mix = *next;
	ctl_conf_runtime_take(mix, run);
	ret = diff_lines_make(mix, &lx);
	if (ret < 0)
		goto out_lr;
	diff_merge(&lr, &lx, true, d);
	diff_lines_free(&lx);
	/* Run-time class: the running file with the new run-time settings. */
	*mix = *run;
	ctl_conf_runtime_take(mix, next);
	ret = diff_lines_make(mix, &lx);
	if (ret < 0)
		goto out_lr;
	diff_merge(&lr, &lx, false, d);
	diff_lines_free(&lx);
out_lr:
	diff_lines_free(&lr);
out_mix:
	free(mix);
	return ret;
}
