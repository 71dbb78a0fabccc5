/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP service glue on the control reactor: the service, its deadline
 * timer, the reactor entry points (descriptors, timers, operator), start
 * and stop. The machine's actions are run by ctl_srp_act.c, the link's
 * callbacks are in ctl_srp_link.c, session replication's in
 * ctl_srp_ckpt.c (docs/srp-roles.md section 1, docs/srp-operations.md).
 * Context: control.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <rte_log.h>

#include "bgp/ctl_bgp.h"
#include "net/ctl_fwd.h"
#include "net/ctl_garp.h"
#include "core/ctl_loop.h"
#include "sess/ctl_sess.h"
#include "ctl_srp.h"
#include "mon/ctl_mon.h"
#include "ctl_srp_int.h"
#include "dp_fwd.h"
#include "dp_lifecycle.h"
#include "srp_ckpt_comp.h"

RTE_LOG_REGISTER(ctl_srp_logtype, user.gw.srp, INFO);

/* Retry of a data-plane flip that failed (out of memory). */
#define SRP_FLIP_RETRY_MS	100u

static struct ctl_srp srp_svc = { .enabled = false };

struct ctl_srp *
ctl_srp_get(void)
{
	return &srp_svc;
}

const char *
ctl_srp_wstate_str(uint8_t wire_state)
{
	return srp_fsm_state_str((enum srp_fsm_state)wire_state);
}

/*
 * Timers.
 */

/* Arm the one-shot timer at the earliest deadline of FSM, link, retries. */
void
ctl_srp_i_rearm(struct ctl_srp *s)
{
	uint64_t now = ctl_loop_now_ms();
	uint64_t d = srp_fsm_next_deadline(&s->fsm);
	uint64_t c;

	if (s->conn_init) {
		c = srp_conn_next_deadline(&s->conn);
		if (c < d)
			d = c;
	}
	if (s->start_retry_ms != 0 && s->start_retry_ms < d)
		d = s->start_retry_ms;
	if (s->dp_retry && now + SRP_FLIP_RETRY_MS < d)
		d = now + SRP_FLIP_RETRY_MS;
	if (s->dp_settling && now + 1 < d)
		d = now + 1;	/* workers pass a quiescent state each burst */
	if (s->wake_timer == NULL)
		return;
	if (d == UINT64_MAX) {
		ctl_loop_timer_stop(s->wake_timer);
		return;
	}
	/* 0 would disarm a timerfd: a due deadline fires after 1 ms. */
	if (ctl_loop_timer_set(s->wake_timer, d > now ? d - now : 1, 0) < 0)
		SRP_LOG(ERR, "cannot arm the SRP deadline timer");
}

/*
 * Reactor entry points: each re-arms the deadline timer on the way out.
 */

void
ctl_srp_i_on_fd(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	struct ctl_srp *s = arg;

	(void)loop;
	srp_conn_on_fd(&s->conn, fd, events, ctl_loop_now_ms());
	ctl_srp_i_rearm(s);
}

static void
srp_try_start(struct ctl_srp *s)
{
	int ret;

	ret = srp_conn_start(&s->conn, ctl_loop_now_ms());
	if (ret == 0 || ret == -EALREADY) {
		if (s->start_err != 0)
			SRP_LOG(NOTICE, "SRP link listening now");
		s->conn_started = true;
		s->start_err = 0;
		s->start_retry_ms = 0;
		return;
	}
	s->stats.n_start_fail++;
	if (ret != s->start_err)
		SRP_LOG(ERR, "cannot start the SRP link: %s (retrying every "
			"%u ms)", strerror(-ret), CTL_SRP_START_RETRY_MS);
	s->start_err = ret;
	s->start_retry_ms = ctl_loop_now_ms() + CTL_SRP_START_RETRY_MS;
}

static void
srp_on_wake(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	struct ctl_srp *s = arg;
	struct srp_fsm_actions a;
	uint64_t now = ctl_loop_now_ms();

	(void)loop;
	(void)t;
	if (s->dp_retry && ctl_srp_i_dp_set(s, !s->dp_active))
		ctl_srp_i_feed(s, SRP_EV_DP_DONE, NULL, NULL);
	if (s->dp_settling && (dp_fwd_settled(s->dp_settle_seq) ||
			       ctl_mon_worker_stalled())) {
		s->dp_settling = false;
		if (s->fsm.state == SRP_ST_SWITCHING)
			ctl_srp_i_feed(s, SRP_EV_DP_DONE, NULL, NULL);
	}
	if (!s->conn_started && s->start_retry_ms != 0 &&
	    now >= s->start_retry_ms)
		srp_try_start(s);
	if (s->conn_started)
		srp_conn_tick(&s->conn, now);
	if (srp_fsm_tick(&s->fsm, ctl_loop_now_ms(), &a) == 0)
		ctl_srp_i_actions_run(s, &a, NULL);
	ctl_srp_i_rearm(s);
}

static void
srp_on_hello_timer(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	struct ctl_srp *s = arg;

	(void)loop;
	(void)t;
	ctl_srp_i_hello_send(s);
	s->next_hello_ms = ctl_loop_now_ms() + s->fsm.conf.hello_ms;
	ctl_srp_i_rearm(s);
}

static void
srp_on_ckpt_timer(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	struct ctl_srp *s = arg;

	(void)loop;
	(void)t;
	/* Also with the link down: the aging queue keeps draining. */
	if (s->ckpt_init)
		ctl_ckpt_poll(&s->ckpt);
	ctl_srp_i_flush_poll(s);
	ctl_takeover_poll(s);
	ctl_srp_i_rearm(s);
}

/*
 * Operator entry.
 */

/* The MONITORS bits of this chassis: the kinds whose service failed. */
static uint8_t
srp_monitor_bits(void)
{
	static const enum srp_monitor_kind kinds[] = {
		SRP_MON_BGP, SRP_MON_AUTH_PROBE, SRP_MON_DIAMETER,
	};
	uint8_t bits = 0;
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (ctl_mon_failed(kinds[i]))
			bits |= srp_fsm_monitor_bit(kinds[i]);
	return bits;
}

void
ctl_srp_monitor(enum srp_monitor_kind kind, bool failed)
{
	struct ctl_srp *s = &srp_svc;
	struct srp_fsm_input in = { .monitor = kind };
	uint8_t was;

	if (!s->enabled)
		return;
	/* Our hellos carry the verdicts; as a standby, take over for a
	 * monitor failure only if healthy. */
	was = s->fsm.monitors;
	srp_fsm_monitors_set(&s->fsm, srp_monitor_bits());
	ctl_srp_i_feed(s, failed ? SRP_EV_MONITOR_FAIL : SRP_EV_MONITOR_OK,
		       &in, NULL);
	/* A change reaches the peer now, not at the next hello interval
	 * (a failure still failed is told again every second: no hello). */
	if (s->fsm.monitors != was)
		ctl_srp_i_hello_send(s);
	ctl_srp_i_rearm(s);
}

void
ctl_srp_local_fault(const char *why)
{
	struct ctl_srp *s = &srp_svc;
	enum srp_fsm_refusal ref = SRP_REF_NONE;

	if (!s->enabled)
		return;
	snprintf(s->last_local_fault, sizeof(s->last_local_fault), "%s", why);
	s->n_local_fault_asks++;
	ctl_srp_i_feed(s, SRP_EV_HANDOVER, NULL, &ref);
	ctl_srp_i_rearm(s);
	if (ref == SRP_REF_NONE)
		SRP_LOG(WARNING, "local fault (%s): handing over to the "
			"standby", why);
}

void
ctl_srp_local_recovered(void)
{
	struct ctl_srp *s = &srp_svc;

	if (!s->enabled)
		return;
	s->n_local_recoveries++;
	s->last_local_recovery_wall_s = ctl_loop_wall_ms() / 1000;
	ctl_srp_i_feed(s, SRP_EV_FAULT_CLEAR, NULL, NULL);
	ctl_srp_i_rearm(s);
}

int
ctl_srp_admin_switch(bool force, enum srp_fsm_refusal *refusal)
{
	struct ctl_srp *s = &srp_svc;
	struct srp_fsm_input in = { .force = force };
	enum srp_fsm_refusal ref = SRP_REF_NONE;

	if (refusal != NULL)
		*refusal = SRP_REF_NONE;
	if (!s->enabled)
		return -ENODEV;
	ctl_srp_i_feed(s, SRP_EV_ADMIN_SWITCH, &in, &ref);
	ctl_srp_i_rearm(s);
	if (refusal != NULL)
		*refusal = ref;
	if (ref != SRP_REF_NONE) {
		SRP_LOG(NOTICE, "operator switchover%s refused: %s",
			force ? " (force)" : "", srp_fsm_refusal_str(ref));
		return -EPERM;
	}
	SRP_LOG(NOTICE, "operator switchover%s started",
		force ? " (force)" : "");
	return 0;
}

/*
 * Start and stop.
 */

/* Node id: MAC of the first started port, else derived from the bind
 * address (locally administered, so it never equals a real MAC). */
static void
srp_node_id(struct ctl_srp *s, const struct srp_conf *sc)
{
	static const uint8_t zero[SRP_NODE_ID_LEN];
	const uint8_t *a;
	unsigned int i;

	for (i = 0; i < dp_port_count(); i++) {
		if (!dp_port_is_started(i) ||
		    dp_port_mac_get(i, s->node_id) != 0)
			continue;
		if (memcmp(s->node_id, zero, sizeof(zero)) != 0) {
			s->node_id_src = "port MAC";
			return;
		}
	}
	memset(s->node_id, 0, sizeof(s->node_id));
	s->node_id[0] = 0x02;
	if (sc->bind_addr.family == AF_INET) {
		a = (const uint8_t *)&sc->bind_addr.v4;
		memcpy(s->node_id + 2, a, 4);
	} else if (sc->bind_addr.family == AF_INET6) {
		a = (const uint8_t *)&sc->bind_addr.v6;
		memcpy(s->node_id + 1, a + 11, 5);
	}
	s->node_id_src = "bind address";
}

/*
 * Undo what ctl_srp_init() built, in reverse: the link (a REFUSE shutdown
 * if it is up, then every socket), the timers, the checkpoint module and
 * the configuration texts. Safe on a partly built service.
 */
static void
srp_release(struct ctl_srp *s)
{
	if (s->conn_init) {
		srp_conn_stop(&s->conn);
		srp_conn_fini(&s->conn);
	}
	s->conn_init = false;
	s->conn_started = false;
	if (s->wake_timer != NULL)
		ctl_loop_timer_del(s->wake_timer);
	if (s->hello_timer != NULL)
		ctl_loop_timer_del(s->hello_timer);
	if (s->ckpt_timer != NULL)
		ctl_loop_timer_del(s->ckpt_timer);
	s->wake_timer = NULL;
	s->hello_timer = NULL;
	s->ckpt_timer = NULL;
	if (s->ckpt_init)
		ctl_ckpt_fini(&s->ckpt);
	s->ckpt_init = false;
	ctl_garp_fini();
	ctl_bgp_fini();
	free(s->local_text);
	free(s->peer_text);
	s->local_text = NULL;
	s->peer_text = NULL;
}

int
ctl_srp_init(const struct ctl_conf *conf, struct ctl_loop *loop)
{
	struct ctl_srp *s = &srp_svc;
	struct srp_fsm_conf fc;
	int i, ret;

	if (conf == NULL || loop == NULL)
		return -EINVAL;
	if (!conf->srp.present)
		return 0;
	memset(s, 0, sizeof(*s));
	for (i = 0; i < CTL_SRP_MAX_FDS; i++)
		s->fds[i] = -1;
	s->conf = conf;
	s->loop = loop;
	ret = ctl_srp_digest_compute(conf, &s->local_text, &s->local_len,
				     s->digest);
	if (ret < 0) {
		SRP_LOG(ERR, "cannot compute the configuration digest: %s",
			strerror(-ret));
		return ret;
	}
	srp_node_id(s, &conf->srp);
	ret = srp_fsm_conf_from(&fc, &conf->srp, s->node_id, s->digest);
	if (ret == 0)
		ret = srp_fsm_init(&s->fsm, &fc, ctl_srp_i_on_transition, s);
	if (ret < 0) {
		SRP_LOG(ERR, "SRP settings refused by the role machine");
		goto out_free;
	}
	/* Standby-like until the role machine says BECOME_ACTIVE. */
	ret = ctl_fwd_active_set(false);
	if (ret < 0) {
		SRP_LOG(ERR, "cannot fence the data plane: %s", strerror(-ret));
		goto out_free;
	}
	s->dp_active = false;
	ret = ctl_srp_i_conn_setup(s, &conf->srp);
	if (ret < 0) {
		SRP_LOG(ERR, "SRP link settings refused: %s", strerror(-ret));
		goto out_free;
	}
	s->conn_init = true;
	if (ctl_sess_table() != NULL) {
		ret = ctl_ckpt_init(&s->ckpt, ctl_sess_table(), &conf->srp,
				    &ctl_srp_i_ckpt_ops, s);
		if (ret < 0) {
			SRP_LOG(ERR, "cannot start session replication: %s",
				strerror(-ret));
			goto out_conn;
		}
		s->ckpt_init = true;
	} else {
		/* Hellos still announce what we are configured for. */
		s->ckpt.local_caps = srp_comp_caps(conf->srp.compression ==
						   SRP_COMP_LZ4);
		SRP_LOG(WARNING, "no session table: sessions are not "
			"replicated");
	}
	s->wake_timer = ctl_loop_timer_add(loop, 1000, 0, srp_on_wake, s);
	s->hello_timer = ctl_loop_timer_add(loop, fc.hello_ms, fc.hello_ms,
					    srp_on_hello_timer, s);
	s->ckpt_timer = ctl_loop_timer_add(loop, CTL_CKPT_POLL_MS,
					   CTL_CKPT_POLL_MS, srp_on_ckpt_timer,
					   s);
	if (s->wake_timer == NULL || s->hello_timer == NULL ||
	    s->ckpt_timer == NULL) {
		ret = -errno;
		SRP_LOG(ERR, "cannot create the SRP timers: %s",
			strerror(errno));
		goto out_conn;
	}
	ret = ctl_garp_init(loop);
	if (ret == 0)
		ret = ctl_bgp_init(&conf->srp.bgp, loop);
	if (ret < 0) {
		SRP_LOG(ERR, "cannot start L2/L3 redirection: %s",
			strerror(-ret));
		goto out_conn;
	}
	s->next_hello_ms = ctl_loop_now_ms() + fc.hello_ms;
	s->enabled = true;
	ret = ctl_srp_cmd_register();
	if (ret == 0)
		ret = ctl_purge_cmd_register();
	if (ret == 0)
		ret = ctl_ckpt_cmd_register(&s->ckpt);
	if (ret < 0) {
		SRP_LOG(ERR, "cannot register the srp commands: %s",
			strerror(-ret));
		goto out_conn;
	}
	ctl_srp_i_feed(s, SRP_EV_START, NULL, NULL);
	srp_try_start(s);
	ctl_srp_i_rearm(s);
	SRP_LOG(NOTICE, "SRP service started: %s, priority %u, node id "
		"%02x:%02x:%02x:%02x:%02x:%02x (%s)",
		conf->srp.mode == SRP_MODE_PRIMARY ? "primary" :
		conf->srp.mode == SRP_MODE_BACKUP ? "backup" : "no chassis-mode",
		conf->srp.priority, s->node_id[0], s->node_id[1],
		s->node_id[2], s->node_id[3], s->node_id[4], s->node_id[5],
		s->node_id_src);
	return 0;

out_conn:
	s->enabled = false;
	srp_release(s);
	return ret < 0 ? ret : -EINVAL;
out_free:
	free(s->local_text);
	s->local_text = NULL;
	return ret < 0 ? ret : -EINVAL;
}

int
ctl_srp_reconf(const struct ctl_conf *was, const struct ctl_conf *conf,
	       char *err, size_t err_len)
{
	struct ctl_srp *s = &srp_svc;
	uint8_t digest[CTL_SRP_DIGEST_LEN];
	struct srp_fsm_conf fc;
	uint32_t hello_was;
	size_t len;
	char *text;
	int ret;

	if (!s->enabled)
		return 0;
	ret = ctl_srp_digest_compute(conf, &text, &len, digest);
	if (ret < 0) {
		snprintf(err, err_len, "configuration digest: %s",
			 strerror(-ret));
		return ret;
	}
	ret = srp_fsm_conf_from(&fc, &conf->srp, s->node_id, digest);
	if (ret == 0)
		ret = srp_fsm_conf_update(&s->fsm, &fc);
	if (ret < 0) {
		snprintf(err, err_len, "SRP settings refused by the role "
			 "machine");
		free(text);
		return ret;
	}
	hello_was = was->srp.hello_ms;
	free(s->local_text);
	s->local_text = text;
	s->local_len = len;
	memcpy(s->digest, digest, sizeof(s->digest));
	/* LZ4 or zlib: agreed at a connection's first hello, so this counts
	 * from the next connection. */
	s->ckpt.local_caps = srp_comp_caps(conf->srp.compression ==
					   SRP_COMP_LZ4);
	if (conf->srp.hello_ms != hello_was) {
		ret = ctl_loop_timer_set(s->hello_timer, fc.hello_ms,
					 fc.hello_ms);
		if (ret < 0)
			SRP_LOG(ERR, "cannot re-arm the hello timer: %s",
				strerror(-ret));
		s->next_hello_ms = ctl_loop_now_ms() + fc.hello_ms;
	}
	/* The peer hears the new settings and digest now: a hello, and the
	 * must-match text for its srp validate-configuration. */
	ctl_srp_i_hello_send(s);
	if (srp_conn_is_verified(&s->conn))
		ctl_srp_i_config_send(s);
	else
		s->config_due = true;
	ctl_srp_i_rearm(s);
	SRP_LOG(NOTICE, "SRP settings changed in service: priority %u, hello "
		"%u ms, dead %u ms", conf->srp.priority, fc.hello_ms,
		fc.dead_ms);
	return 0;
}

void
ctl_srp_fini(void)
{
	struct ctl_srp *s = &srp_svc;

	if (!s->enabled)
		return;
	s->enabled = false;
	srp_release(s);
}
