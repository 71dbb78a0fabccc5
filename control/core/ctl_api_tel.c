/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Telemetry mirror of read-only commands: registration of "/srpgw/..."
 * endpoints and the bridge that hands each telemetry request to the control
 * reactor and waits for its reply. Context: control (ctl_api_telemetry_handle:
 * the DPDK telemetry threads).
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include <rte_telemetry.h>

#include "ctl_api_int.h"
#include "ctl_log.h"
#include "ctl_loop.h"
#include "ctl_reply.h"

#define CTL_API_TEL_PREFIX	"/srpgw/"

/* Registration */

/* "/srpgw/" + words joined by '_', other refused characters as '_'. */
static int
ctl_api_tel_name(const struct ctl_api_cmd *c, char *dst, size_t len)
{
	size_t plen = strlen(CTL_API_TEL_PREFIX);
	size_t wlen = strlen(c->cmd.words), i;

	if (plen + wlen >= len)
		return -ENAMETOOLONG;
	memcpy(dst, CTL_API_TEL_PREFIX, plen);
	for (i = 0; i < wlen; i++) {
		char ch = c->cmd.words[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9')))
			ch = '_';
		dst[plen + i] = ch;
	}
	dst[plen + wlen] = '\0';
	return 0;
}

int
ctl_api_telemetry_register(void)
{
	char help[RTE_TEL_MAX_STRING_LEN];
	char name[CTL_API_TEL_NAME_LEN];
	unsigned int i, j;
	int ret = 0, r;

	for (i = 0; i < ctl_api_n_cmds; i++) {
		struct ctl_api_cmd *c = &ctl_api_cmds[i];

		if (!c->cmd.telemetry || c->tel_registered)
			continue;
		r = ctl_api_tel_name(c, name, sizeof(name));
		if (r < 0) {
			CTL_LOG(WARNING,
				"api: '%s' not exposed to telemetry: name longer than %d bytes",
				c->cmd.words, CTL_API_TEL_NAME_LEN - 1);
			goto next;
		}
		for (j = 0; j < ctl_api_n_cmds; j++) {
			if (ctl_api_cmds[j].tel_registered &&
			    strcmp(ctl_api_cmds[j].tel_name, name) == 0)
				break;
		}
		if (j < ctl_api_n_cmds) {
			CTL_LOG(WARNING,
				"api: '%s' not exposed to telemetry: %s already used by '%s'",
				c->cmd.words, name, ctl_api_cmds[j].cmd.words);
			r = -EEXIST;
			goto next;
		}
		/* Telemetry keeps at most RTE_TEL_MAX_STRING_LEN - 1 bytes. */
		snprintf(help, sizeof(help), "%s", c->cmd.help);
		r = rte_telemetry_register_cmd(name, ctl_api_telemetry_handle,
					       help);
		if (r < 0) {
			CTL_LOG(ERR, "api: rte_telemetry_register_cmd(%s): %s",
				name, strerror(-r));
			goto next;
		}
		memcpy(c->tel_name, name, sizeof(name));
		c->tel_registered = true;
next:
		if (r < 0 && ret == 0)
			ret = r;
	}
	return ret;
}

/* Bridge */

/*
 * One request slot. A telemetry thread (callers are serialised by
 * ctl_tel.callers, a mutex only telemetry threads take, never the reactor)
 * fills it in and moves it from IDLE to POSTED; the reactor claims it
 * (POSTED -> TAKEN), runs the handler into the caller's rte_tel_data and
 * publishes DONE; the caller reads the result and puts the slot back to
 * IDLE. A caller that finds the bridge stopped after posting takes its
 * request back (POSTED -> CANCELLED) only while nobody claimed it; once
 * TAKEN it waits for DONE, so nothing writes into its rte_tel_data after it
 * returned. The reactor never waits: it only does compare-and-swaps and
 * writes an eventfd.
 */
enum ctl_api_tel_state {
	CTL_API_TEL_IDLE,
	CTL_API_TEL_POSTED,
	CTL_API_TEL_TAKEN,
	CTL_API_TEL_DONE,
	CTL_API_TEL_CANCELLED,
};

static struct {
	pthread_mutex_t		callers;	/* telemetry threads only */
	atomic_int		state;		/* enum ctl_api_tel_state */
	atomic_bool		attached;	/* a reactor serves requests */
	struct ctl_loop		*loop;		/* control thread only */
	/*
	 * Created at the first start and never closed: a caller that saw
	 * the bridge attached may still use them after a stop.
	 */
	int			req_fd;		/* caller -> reactor */
	int			done_fd;	/* reactor -> caller */
	/* The request, written by its caller before POSTED. */
	const char		*cmd;
	int			argc;
	char			**argv;
	struct rte_tel_data	*d;
	int			ret;		/* written before DONE */
} ctl_tel = {
	.callers = PTHREAD_MUTEX_INITIALIZER,
	.req_fd = -1,
	.done_fd = -1,
};

/* Set on the thread running the reactor while the bridge is attached. */
static _Thread_local bool ctl_tel_on_reactor;

/* Which commands telemetry serves now (no gather-on-standby); NULL: all. */
static ctl_api_tel_gate_fn *ctl_tel_gate;

void
ctl_api_telemetry_gate_set(ctl_api_tel_gate_fn *fn)
{
	ctl_tel_gate = fn;
}

/* Run the telemetry command @cmd into @d. Context: control. */
static int
ctl_api_tel_run(const char *cmd, int argc, char **argv,
		struct rte_tel_data *d)
{
	const struct ctl_api_cmd *c = NULL;
	struct ctl_reply *out;
	unsigned int i;
	int ret;

	for (i = 0; i < ctl_api_n_cmds; i++) {
		if (ctl_api_cmds[i].tel_registered &&
		    strcmp(ctl_api_cmds[i].tel_name, cmd) == 0) {
			c = &ctl_api_cmds[i];
			break;
		}
	}
	if (c == NULL)
		return -EINVAL;
	out = ctl_reply_new_tel(d);
	if (out == NULL)
		return -ENOMEM;
	if (ctl_tel_gate != NULL && !ctl_tel_gate(c->cmd.words)) {
		ctl_reply_error(out, "not exported by a standby (no "
				"gather-on-standby): only show srp commands are");
		ret = -EPERM;
	} else {
		ret = c->cmd.fn(out, argc, argv, c->cmd.arg);
	}
	if (ret < 0 && !ctl_reply_has_error(out))
		ctl_reply_error(out, "%s", strerror(-ret));
	ctl_reply_finish(out, NULL);
	ret = ctl_reply_failed(out) ? -ENOMEM : 0;
	ctl_reply_free(out);
	return ret;
}

/* Publish the result of the TAKEN request and wake its caller. */
static void
ctl_api_tel_done(int ret)
{
	ctl_tel.ret = ret;
	atomic_store(&ctl_tel.state, CTL_API_TEL_DONE);
	/* Non-blocking; fails only if 2^64 - 2 wake-ups were never read. */
	if (eventfd_write(ctl_tel.done_fd, 1) < 0)
		CTL_LOG(ERR, "api: telemetry bridge: eventfd_write: %s",
			strerror(errno));
}

/*
 * The reactor side: claim the posted request and run it. The handler runs
 * outside any socket request, so ctl_api_defer() returns NULL to it and it
 * answers synchronously, as telemetry needs.
 */
static void
ctl_api_tel_cb(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	int expected = CTL_API_TEL_POSTED;
	eventfd_t n;

	(void)loop;
	(void)events;
	(void)arg;
	/* Non-blocking: EAGAIN when another wake-up drained it. */
	(void)eventfd_read(fd, &n);
	if (!atomic_compare_exchange_strong(&ctl_tel.state, &expected,
					    CTL_API_TEL_TAKEN))
		return;		/* nothing posted, or taken back */
	ctl_api_tel_done(ctl_api_tel_run(ctl_tel.cmd, ctl_tel.argc,
					 ctl_tel.argv, ctl_tel.d));
}

int
ctl_api_tel_start(struct ctl_loop *loop)
{
	int ret;

	if (atomic_load(&ctl_tel.attached))
		return -EALREADY;
	if (ctl_tel.req_fd < 0) {
		ctl_tel.req_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (ctl_tel.req_fd < 0)
			goto out_errno;
	}
	if (ctl_tel.done_fd < 0) {
		ctl_tel.done_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (ctl_tel.done_fd < 0)
			goto out_errno;
	}
	ret = ctl_loop_fd_add(loop, ctl_tel.req_fd, EPOLLIN, ctl_api_tel_cb,
			      NULL);
	if (ret < 0) {
		CTL_LOG(ERR, "api: telemetry bridge: ctl_loop_fd_add: %s",
			strerror(-ret));
		return ret;
	}
	ctl_tel.loop = loop;
	ctl_tel_on_reactor = true;
	atomic_store(&ctl_tel.attached, true);
	return 0;

out_errno:
	ret = -errno;
	CTL_LOG(ERR, "api: telemetry bridge: eventfd: %s", strerror(errno));
	return ret;
}

void
ctl_api_tel_stop(void)
{
	int expected = CTL_API_TEL_POSTED;

	if (!atomic_load(&ctl_tel.attached))
		return;
	atomic_store(&ctl_tel.attached, false);
	/*
	 * A request posted before the store above is answered here (unless
	 * its caller already took it back); one posted after it is taken
	 * back by its caller, which then finds the bridge stopped. When
	 * called from a handler run for telemetry, that request is TAKEN
	 * and completes when the handler returns.
	 */
	if (atomic_compare_exchange_strong(&ctl_tel.state, &expected,
					   CTL_API_TEL_TAKEN))
		ctl_api_tel_done(-EAGAIN);
	ctl_loop_fd_del(ctl_tel.loop, ctl_tel.req_fd);
	ctl_tel.loop = NULL;
	ctl_tel_on_reactor = false;
}

/* The caller side: wait until the reactor (or a stop) published DONE. */
static void
ctl_api_tel_wait(void)
{
	struct pollfd pfd = { .fd = ctl_tel.done_fd, .events = POLLIN };
	eventfd_t n;

	while (atomic_load(&ctl_tel.state) != CTL_API_TEL_DONE) {
		/* A wake-up left by an earlier request only loops again. */
		if (poll(&pfd, 1, -1) > 0)
			(void)eventfd_read(ctl_tel.done_fd, &n);
	}
}

int
ctl_api_telemetry_handle(const char *cmd, const char *params,
			 struct rte_tel_data *d)
{
	char *argv[CTL_API_MAX_WORDS];
	char buf[CTL_API_MAX_REQ];
	int argc = 0, expected, ret;

	if (cmd == NULL || d == NULL)
		return -EINVAL;
	if (params != NULL) {
		if (strlen(params) >= sizeof(buf))
			return -EINVAL;
		strcpy(buf, params);
		argc = ctl_api_split_sep(buf, argv, CTL_API_MAX_WORDS, ',',
					 true);
		if (argc < 0)
			return -EINVAL;
	}
	/* From the reactor itself it would wait for itself. */
	if (ctl_tel_on_reactor)
		return -EDEADLK;

	pthread_mutex_lock(&ctl_tel.callers);
	if (!atomic_load(&ctl_tel.attached)) {
		ret = -EAGAIN;
		goto out_callers;
	}
	ctl_tel.cmd = cmd;
	ctl_tel.argc = argc;
	ctl_tel.argv = argv;
	ctl_tel.d = d;
	atomic_store(&ctl_tel.state, CTL_API_TEL_POSTED);
	/*
	 * Sequentially consistent: either the stop sees POSTED and answers,
	 * or this load sees the bridge stopped (or both: the exchange
	 * decides).
	 */
	if (eventfd_write(ctl_tel.req_fd, 1) < 0 ||
	    !atomic_load(&ctl_tel.attached)) {
		expected = CTL_API_TEL_POSTED;
		if (atomic_compare_exchange_strong(&ctl_tel.state, &expected,
						   CTL_API_TEL_CANCELLED)) {
			atomic_store(&ctl_tel.state, CTL_API_TEL_IDLE);
			ret = -EAGAIN;
			goto out_callers;
		}
	}
	ctl_api_tel_wait();
	ret = ctl_tel.ret;
	atomic_store(&ctl_tel.state, CTL_API_TEL_IDLE);
out_callers:
	pthread_mutex_unlock(&ctl_tel.callers);
	return ret;
}
