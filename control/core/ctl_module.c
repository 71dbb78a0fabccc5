/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The module list: sorted insertion at registration, start in rank order,
 * stop in reverse. Context: control (registration: constructors).
 */
#include <stddef.h>
#include <string.h>

#include "ctl_log.h"
#include "ctl_module.h"

static struct ctl_module *mod_head;

void
ctl_module_register(struct ctl_module *m)
{
	struct ctl_module **p = &mod_head;

	while (*p != NULL && (*p)->rank <= m->rank)
		p = &(*p)->next;
	m->next = *p;
	m->started = false;
	*p = m;
}

/* Stop the started modules ranked before @upto (all when NULL), last first. */
static void
mod_fini_before(const struct ctl_module *upto)
{
	struct ctl_module *m, *last;

	for (;;) {
		last = NULL;
		for (m = mod_head; m != upto; m = m->next)
			if (m->started)
				last = m;
		if (last == NULL)
			return;
		if (last->fini != NULL)
			last->fini();
		last->started = false;
	}
}

int
ctl_modules_init(const struct ctl_module_ctx *ctx)
{
	struct ctl_module *m;
	int ret;

	for (m = mod_head; m != NULL; m = m->next) {
		ret = m->init != NULL ? m->init(ctx) : 0;
		if (ret < 0) {
			CTL_LOG(DEBUG, "module %s: start failed: %s", m->name,
				strerror(-ret));
			mod_fini_before(m);
			return ret;
		}
		m->started = true;
	}
	return 0;
}

void
ctl_modules_fini(void)
{
	mod_fini_before(NULL);
}

int
ctl_modules_reconf(const struct ctl_conf *was, const struct ctl_conf *conf,
		   const struct ctl_module **failed, char *err, size_t err_len)
{
	struct ctl_module *m;
	int ret;

	*failed = NULL;
	for (m = mod_head; m != NULL; m = m->next) {
		if (!m->started || m->reconf == NULL)
			continue;
		ret = m->reconf(was, conf, err, err_len);
		if (ret < 0) {
			*failed = m;
			return ret;
		}
	}
	return 0;
}

void
ctl_modules_reconf_undo(const struct ctl_module *failed,
			const struct ctl_conf *was, const struct ctl_conf *conf)
{
	struct ctl_module *m, *last;
	const struct ctl_module *upto;
	char err[256];

	/* The failed one too: it may have changed part of its state. The
	 * list is short and singly linked: find the previous one each time,
	 * as mod_fini_before() does. */
	upto = failed != NULL ? failed->next : NULL;
	for (;;) {
		last = NULL;
		for (m = mod_head; m != upto && m != NULL; m = m->next)
			if (m->started && m->reconf != NULL)
				last = m;
		if (last == NULL)
			return;
		if (last->reconf(was, conf, err, sizeof(err)) < 0)
			CTL_LOG(ERR, "module %s: cannot take the previous "
				"configuration back: %s", last->name, err);
		upto = last;
	}
}

const struct ctl_module *
ctl_module_find(const char *name)
{
	const struct ctl_module *m;

	for (m = mod_head; m != NULL; m = m->next)
		if (strcmp(m->name, name) == 0)
			return m;
	return NULL;
}
