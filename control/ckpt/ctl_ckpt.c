/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Session replication: life cycle, link/role/hello events, message
 * dispatch and the sync state text (the two sides are in ctl_ckpt_tx.c and
 * ctl_ckpt_rx*.c; the subscriber digest is sess/ctl_sess_rec.c).
 * Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>

#include "ctl_ckpt.h"
#include "ctl_ckpt_int.h"
#include "sess/ctl_sess_rec.h"
#include "net/ctl_fwd.h"
#include "core/ctl_log.h"
#include "dp_ckpt_ring.h"
#include "srp_ckpt_comp.h"

static const char *const fail_names[CTL_CKPT_FAIL_MAX] = {
	[CTL_CKPT_FAIL_ORDER] = "order",
	[CTL_CKPT_FAIL_DECOMPRESS] = "decompress",
	[CTL_CKPT_FAIL_DECODE] = "decode",
	[CTL_CKPT_FAIL_APPLY] = "apply",
	[CTL_CKPT_FAIL_RESOURCES] = "resources",
	[CTL_CKPT_FAIL_TOO_BIG] = "too-big",
};

const char *
ctl_ckpt_fail_str(enum ctl_ckpt_fail f)
{
	return (unsigned int)f < CTL_CKPT_FAIL_MAX ? fail_names[f] : "?";
}

static uint64_t
clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t
ctl_ckpt_i_wall(const struct ctl_ckpt *c)
{
	if (c->ops->wall_ms != NULL)
		return c->ops->wall_ms(c->arg);
	return clock_ms(CLOCK_REALTIME);
}

uint64_t
ctl_ckpt_i_now(const struct ctl_ckpt *c)
{
	if (c->ops->now_ms != NULL)
		return c->ops->now_ms(c->arg);
	return clock_ms(CLOCK_MONOTONIC);
}

uint32_t
ctl_ckpt_i_duration_ms(const struct ctl_ckpt *c, uint8_t sess_flags)
{
	uint32_t s = sess_flags & SESS_F_VOLTE ? c->conf->ckpt_duration_ims_s :
		     c->conf->ckpt_duration_non_ims_s;

	return s * 1000u;
}

int
ctl_ckpt_init(struct ctl_ckpt *c, struct sess_table *t,
	      const struct srp_conf *conf, const struct ctl_ckpt_ops *ops,
	      void *arg)
{
	if (c == NULL || t == NULL || conf == NULL || ops == NULL ||
	    ops->send == NULL)
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	c->t = t;
	c->conf = conf;
	c->ops = ops;
	c->arg = arg;
	c->slice_records = CTL_CKPT_SLICE_RECORDS;
	c->slice_ns = CTL_CKPT_SLICE_NS;
	c->set_clear_max = CTL_CKPT_SET_CLEAR;
	c->rx_slice_records = CTL_CKPT_RX_SLICE_RECORDS;
	c->rx_budget = c->rx_slice_records;
	c->restart_min_ms = CTL_CKPT_RESTART_MIN_MS;
	c->peer_state = SRP_WSTATE_MAX;
	c->local_caps = srp_comp_caps(conf->compression == SRP_COMP_LZ4);
	c->comp = SRP_WCOMP_ZLIB;
	c->zcap = srp_comp_bound(SRP_WCOMP_ZLIB, CTL_CKPT_BATCH_MAX);
	if (srp_comp_bound(SRP_WCOMP_LZ4, CTL_CKPT_BATCH_MAX) > c->zcap)
		c->zcap = srp_comp_bound(SRP_WCOMP_LZ4, CTL_CKPT_BATCH_MAX);
	c->raw = malloc(CTL_CKPT_BATCH_MAX);
	c->zbuf = malloc(c->zcap);
	if (c->raw == NULL || c->zbuf == NULL) {
		free(c->raw);
		free(c->zbuf);
		c->raw = NULL;
		c->zbuf = NULL;
		return -ENOMEM;
	}
	c->slice_slots = CTL_CKPT_SLICE_SLOTS;
	sess_table_hook_set(t, ctl_ckpt_i_tx_hook, c);
	ctl_sess_digest_attach(t);
	/* With a data plane the workers emit micro-checkpoints. */
	if (dp_ckpt_ring_get() != NULL &&
	    ctl_ckpt_ring_attach(c, dp_ckpt_ring_get(), ctl_fwd_mc_set) < 0) {
		ctl_ckpt_fini(c);
		return -ENOMEM;
	}
	return 0;
}

void
ctl_ckpt_fini(struct ctl_ckpt *c)
{
	if (c == NULL || c->t == NULL)
		return;
	sess_table_hook_set(c->t, NULL, NULL);
	/* The workers stop noting sessions nobody drains. */
	if (c->mc_set != NULL && c->mc_refresh_ms != 0)
		c->mc_set(0);
	ctl_ckpt_ring_attach(c, NULL, NULL);
	ctl_ckpt_i_tx_reset(c);
	free(c->tx_teids);
	free(c->age[0].teid);
	free(c->age[0].created_ms);
	free(c->age[1].teid);
	free(c->age[1].created_ms);
	ctl_ckpt_set_free(&c->pend[0]);
	ctl_ckpt_set_free(&c->pend[1]);
	ctl_ckpt_set_free(&c->seen);
	ctl_ckpt_i_rx_free(c);
	ctl_ckpt_set_free(&c->cnt[0]);
	ctl_ckpt_set_free(&c->cnt[1]);
	ctl_ckpt_i_mc_free(c);
	ctl_ckpt_audit_fini(c);
	free(c->raw);
	free(c->zbuf);
	free(c->dbuf);
	memset(c, 0, sizeof(*c));
}

void
ctl_ckpt_link(struct ctl_ckpt *c, bool up)
{
	/* What the active sent before the link went is valid: apply it
	 * all now (bounded by the queue), before the epoch is forgotten. */
	ctl_ckpt_i_rx_drain(c, UINT32_MAX);
	ctl_ckpt_i_audit_reset(c, up ? "failed: new connection" :
			       "failed: link down");
	c->link_up = up;
	c->comp_agreed = false;
	c->feat_caps = 0;	/* known again from the next hello */
	c->peer_state = SRP_WSTATE_MAX;
	c->tx_done_episode = false;
	c->restart_pending = false;
	ctl_ckpt_i_tx_reset(c);
	ctl_ckpt_i_rx_reset(c);
	/* A new connection syncs again before the standby is ready. */
	c->rx_ready = false;
	ctl_ckpt_i_mc_refresh(c);
}

void
ctl_ckpt_caps(struct ctl_ckpt *c, uint32_t shared)
{
	c->feat_caps = shared;
}

bool
ctl_ckpt_copy_complete(const struct ctl_ckpt *c)
{
	return c->copy_complete;
}

void
ctl_ckpt_role_cause(struct ctl_ckpt *c, const char *cause)
{
	c->role_cause = cause;
}

void
ctl_ckpt_role(struct ctl_ckpt *c, uint8_t local_state, uint32_t generation)
{
	bool active = local_state == SRP_WSTATE_ACTIVE;
	struct ctl_ckpt_loss *l = &c->loss;
	uint32_t held;

	c->generation = generation;
	if (local_state != c->au.local_state)
		ctl_ckpt_i_audit_reset(c, "failed: role change");
	c->au.local_state = local_state;
	/* A standby taking over applies all it received first. */
	if (active && !c->active)
		ctl_ckpt_i_rx_drain(c, UINT32_MAX);
	if (active && !c->active && c->was_standby) {
		/* Takeover: what the active had that we do not. */
		held = sess_table_count(c->t);
		l->n_takeovers++;
		l->wall_s = (int64_t)time(NULL);
		l->announced = c->announced;
		l->held = held;
		l->lost = c->announced > held ? c->announced - held : 0;
		l->not_applied = c->not_applied < l->lost ? c->not_applied :
				 l->lost;
		l->too_young = l->lost - l->not_applied;
		l->total_lost += l->lost;
		l->cause = c->role_cause;
	}
	if (active != c->active) {
		c->active = active;
		c->restart_pending = false;
		ctl_ckpt_i_tx_reset(c);
		c->tx_done_episode = false;
		c->age[0].n = 0;
		c->age[1].n = 0;
	}
	c->was_standby = local_state == SRP_WSTATE_STANDBY_SYNCING ||
			 local_state == SRP_WSTATE_STANDBY_READY ||
			 (c->was_standby && !active &&
			  local_state == SRP_WSTATE_SWITCHING);
	if (active) {
		c->was_standby = false;
		c->rx_ready = false;
		ctl_ckpt_i_rx_reset(c);
	}
	ctl_ckpt_i_mc_refresh(c);
}

static bool
peer_is_standby(uint8_t peer_state)
{
	return peer_state == SRP_WSTATE_STANDBY_SYNCING ||
	       peer_state == SRP_WSTATE_STANDBY_READY;
}

void
ctl_ckpt_hello(struct ctl_ckpt *c, uint8_t peer_state, uint8_t peer_caps)
{
	if (!c->comp_agreed) {
		/* Once per connection (chapter: LZ4 only if both ask). */
		c->comp_agreed = true;
		c->peer_caps = peer_caps;
		c->comp = srp_comp_negotiate(c->local_caps, peer_caps);
	}
	/*
	 * The peer left the standby states (it took over: dead peer, then
	 * split-brain sends it back): it forgot the epoch and ignored what
	 * came meanwhile, deltas included. A running full checkpoint is
	 * abandoned and the peer gets a new one once it is a standby again.
	 */
	if (peer_is_standby(c->peer_state) && !peer_is_standby(peer_state) &&
	    c->active) {
		if (c->tx_running) {
			c->stats.n_full_aborted++;
			CTL_LOG(NOTICE, "checkpoint: full checkpoint %u "
				"abandoned: the peer is no longer a standby",
				c->tx_epoch);
		}
		ctl_ckpt_i_tx_reset(c);
		c->tx_done_episode = false;
	}
	/* A new syncing episode (or the first hello of a connection). */
	if (peer_state == SRP_WSTATE_STANDBY_SYNCING &&
	    c->peer_state != SRP_WSTATE_STANDBY_SYNCING)
		c->tx_done_episode = false;
	c->peer_state = peer_state;
	if (c->active && c->link_up && !c->tx_running && !c->tx_done_episode &&
	    !c->restart_pending &&
	    (peer_state == SRP_WSTATE_STANDBY_SYNCING ||
	     peer_state == SRP_WSTATE_STANDBY_READY))
		ctl_ckpt_i_peer_start(c, false);
	ctl_ckpt_i_mc_refresh(c);
}

int
ctl_ckpt_msg(struct ctl_ckpt *c, const struct srp_msg *m)
{
	switch (m->type) {
	case SRP_MSG_NACK:
		c->stats.n_nack_rx++;
		/* A full checkpoint's NACK naming an epoch before the last
		 * one started: that one already replaces it (and a NACK of
		 * it would come if it failed too). */
		if (c->active && m->cmd_id == CTL_CKPT_CMD_FULL &&
		    (m->present & SRP_TLV_BIT(SRP_TLV_EPOCH)) &&
		    m->epoch != c->tx_epoch) {
			c->stats.n_nack_stale++;
			return 0;
		}
		/* Chapter: a NACK makes the active send a full checkpoint
		 * (at most one per restart_min_ms). */
		if (c->active)
			ctl_ckpt_i_peer_start(c, true);
		return 0;
	case SRP_MSG_READY:
		return 0;
	case SRP_MSG_CKPT_BEGIN:
	case SRP_MSG_CKPT_CHUNK:
	case SRP_MSG_CKPT_END:
	case SRP_MSG_SESS_DELTA:
		return ctl_ckpt_i_rx_msg(c, m);
	case SRP_MSG_AUDIT_QUERY:
	case SRP_MSG_AUDIT_DIGESTS:
	case SRP_MSG_AUDIT_FETCH:
	case SRP_MSG_AUDIT_ITEMS:
		return ctl_ckpt_i_audit_msg(c, m);
	default:
		return -EPROTO;
	}
}

int
ctl_ckpt_nack_enable(struct ctl_ckpt *c, unsigned int cmd_id, bool on)
{
	if (cmd_id != CTL_CKPT_CMD_UPSERT && cmd_id != CTL_CKPT_CMD_DELETE &&
	    cmd_id != CTL_CKPT_CMD_COUNTERS)
		return -EINVAL;
	c->nack_off[cmd_id] = !on;
	return 0;
}

const char *
ctl_ckpt_sync_str(const struct ctl_ckpt *c, uint8_t local_state, char *buf,
		  size_t len, uint32_t *missing)
{
	uint32_t have;

	*missing = 0;
	switch (local_state) {
	case SRP_WSTATE_STANDBY_READY:
		return "ready";
	case SRP_WSTATE_STANDBY_SYNCING:
		if (c->rx_failed || (!c->rx_in_epoch && c->rx_ever_failed)) {
			have = sess_table_count(c->t);
			*missing = c->rx_count > have ? c->rx_count - have : 0;
			snprintf(buf, len, "full checkpoint failed: %s",
				 ctl_ckpt_fail_str(c->rx_failed ?
						   c->rx_fail_reason :
						   c->rx_last_fail));
			return buf;
		}
		if (!c->rx_in_epoch)
			return "syncing: waiting for the active's checkpoint";
		have = c->rx_applied < c->rx_count ? c->rx_applied :
		       c->rx_count;
		*missing = c->rx_count - have;
		snprintf(buf, len, "syncing: %u of %u sessions applied", have,
			 c->rx_count);
		return buf;
	case SRP_WSTATE_ACTIVE:
		if (!c->link_up || c->peer_state == SRP_WSTATE_MAX)
			return "active: no ready standby";
		if (c->peer_state == SRP_WSTATE_STANDBY_READY)
			return c->tx_running ? "active: standby ready, "
			       "periodic full checkpoint running" :
			       "active: standby ready";
		if (c->peer_state == SRP_WSTATE_STANDBY_SYNCING) {
			if (c->tx_running) {
				*missing = c->tx_n - c->tx_i;
				snprintf(buf, len, "active: full checkpoint "
					 "running, %u of %u sessions sent",
					 c->tx_i, c->tx_n);
				return buf;
			}
			return "active: standby syncing";
		}
		return "active: no ready standby";
	default:
		return "-";
	}
}
