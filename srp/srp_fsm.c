/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP role state machine, its core: every (state, event) cell of a const
 * table names its handler; handlers change state, want and counters and
 * return actions for the control-lcore glue. This file holds the table, the
 * dispatch, the timers, start-up, connection and election handlers;
 * switchovers are in srp_fsm_switch.c, database recovery in
 * srp_fsm_dbrec.c. Pure code, no clock, no I/O. Context: control.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "srp_fsm.h"
#include "srp_fsm_int.h"

struct srp_fsm_cell {
	srp_fsm_handler_fn	*fn;
	const char		*name;
};

/* ---- helpers ---------------------------------------------------------- */

void
srp_fsm_i_local_node(const struct srp_fsm *f, struct srp_elect_node *n)
{
	memcpy(n->node_id, f->conf.node_id, SRP_NODE_ID_LEN);
	n->route_modifier = f->route_modifier;
	n->mode = f->conf.mode;
	n->priority = f->conf.priority;
}

void
srp_fsm_i_refuse(struct srp_fsm *f, struct srp_fsm_actions *a,
		 enum srp_fsm_refusal r)
{
	f->stats.n_refusal[r]++;
	f->last_refusal = r;
	a->mask |= SRP_ACT_REPORT_REFUSAL;
	a->refusal = r;
}

void
srp_fsm_i_announce_rm(struct srp_fsm *f, struct srp_fsm_actions *a)
{
	a->mask |= SRP_ACT_ANNOUNCE_RM;
	a->route_modifier = f->route_modifier;
}

/*
 * Join as standby of an active (or better) peer; no data-plane work is
 * needed. A node already standby stays as it is and sends no hello, so two
 * standbys that cannot promote do not answer each other's hellos forever.
 */
static enum srp_fsm_state
join_standby(struct srp_fsm *f, struct srp_fsm_actions *a)
{
	uint32_t rm = f->route_modifier;

	if (rm <= f->peer.node.route_modifier)
		rm = srp_rm_on_demote(rm, f->peer.node.route_modifier,
				      f->conf.mode);
	if (is_standby(f->state)) {
		if (rm != f->route_modifier) {
			f->route_modifier = rm;
			srp_fsm_i_announce_rm(f, a);
		}
		return f->state;
	}
	f->route_modifier = rm;
	a->mask |= SRP_ACT_SEND_HELLO;
	srp_fsm_i_announce_rm(f, a);
	return SRP_ST_STANDBY_SYNCING;
}

/* ---- handlers --------------------------------------------------------- */

static enum srp_fsm_state
h_invalid(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	  struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	(void)a;
	f->stats.n_invalid++;
	return f->state;
}

static enum srp_fsm_state
h_ignore(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	 struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	(void)a;
	f->stats.n_ignored++;
	return f->state;
}

static enum srp_fsm_state
h_start(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	struct srp_fsm_actions *a)
{
	(void)in;
	f->start_ms = now;
	if (f->conf.delay_ms > 0) {
		/* Chapter "Configuring SRP Context Parameters": delay first. */
		f->delay_over = false;
		f->delay_deadline_ms = now + f->conf.delay_ms;
		f->dead_deadline_ms = 0;
	} else {
		f->delay_over = true;
		f->dead_deadline_ms = now + f->conf.dead_ms;
	}
	if (f->conf.mode == SRP_WMODE_NONE) {
		f->pair_refused = true;
		srp_fsm_i_refuse(f, a, SRP_REF_NO_MODE);
	}
	return SRP_ST_CONNECTING;
}

static enum srp_fsm_state
h_conn_up(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	  struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	f->peer.connected = true;
	f->peer.seen = false;
	f->peer.monitors_known = false;
	f->peer.monitors = 0;
	f->peer.caps = 0;
	/* A new connection brings a new full checkpoint and a new count. */
	f->dbrec.n_active_hellos = 0;
	f->dbrec.ckpt_complete = false;
	a->mask |= SRP_ACT_SEND_HELLO;
	return f->state == SRP_ST_CONNECTING ? SRP_ST_NEGOTIATING : f->state;
}

enum srp_fsm_state
srp_fsm_i_conn_down(struct srp_fsm *f, uint64_t now,
		    const struct srp_fsm_input *in, struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	(void)a;
	f->peer.connected = false;
	f->peer.seen = false;
	f->peer.monitors_known = false;
	f->peer.monitors = 0;
	f->peer.caps = 0;
	return f->state == SRP_ST_NEGOTIATING ? SRP_ST_CONNECTING : f->state;
}

/* Both sides undecided or both standby: start-up election. */
static enum srp_fsm_state
elect(struct srp_fsm *f, struct srp_fsm_actions *a)
{
	struct srp_elect_node me;

	srp_fsm_i_local_node(f, &me);
	switch (srp_elect_startup(&me, &f->peer.node)) {
	case SRP_ELECT_LOCAL:
		if (f->pair_refused)
			return join_standby(f, a);
		return srp_fsm_i_promote(f, a, SRP_CAUSE_ELECTION);
	case SRP_ELECT_PEER:
		return join_standby(f, a);
	case SRP_ELECT_TIE:
		/* Misconfiguration: refuse and stay standby. */
		f->pair_refused = true;
		srp_fsm_i_refuse(f, a, SRP_REF_TIE);
		a->mask |= SRP_ACT_SEND_REFUSE;
		a->refuse_reason = SRP_REFUSE_CONFIG;
		return join_standby(f, a);
	case SRP_ELECT_NO_MODE:
		break;
	}
	f->pair_refused = true;
	srp_fsm_i_refuse(f, a, SRP_REF_NO_MODE);
	a->mask |= SRP_ACT_SEND_REFUSE;
	a->refuse_reason = SRP_REFUSE_MODE;
	return join_standby(f, a);
}

static enum srp_fsm_state
h_negotiate(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	    struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	if (is_undecided(f->peer.state))
		return elect(f, a);
	if (is_standby(f->peer.state)) {
		/* A standby without an active: take the role. */
		if (f->pair_refused)
			return join_standby(f, a);
		return srp_fsm_i_promote(f, a, SRP_CAUSE_ELECTION);
	}
	/* Peer switching or in fault: wait for its next hello. */
	f->stats.n_ignored++;
	return f->state;
}

static enum srp_fsm_state
h_join_standby(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	       struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	/* A returning chassis meeting an active peer stays standby. */
	return join_standby(f, a);
}

static enum srp_fsm_state
h_standby_hello(struct srp_fsm *f, uint64_t now,
		const struct srp_fsm_input *in, struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	if (f->peer.state == SRP_ST_FAULT && !f->pair_refused)
		return srp_fsm_i_promote(f, a, SRP_CAUSE_PEER_FAULT);
	if (is_standby(f->peer.state))
		return elect(f, a);
	f->stats.n_ignored++;
	return f->state;
}

static enum srp_fsm_state
h_active_hello(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	       struct srp_fsm_actions *a)
{
	uint32_t rm;

	(void)now;
	(void)in;
	/* STYLE.md 7: a higher generation from a promoting peer wins. */
	if (f->peer.state == SRP_ST_SWITCHING &&
	    f->peer.generation > f->generation) {
		f->generation = f->peer.generation;
		return srp_fsm_i_fence(f, a, SRP_CAUSE_GENERATION,
				       SRP_ST_STANDBY_SYNCING);
	}
	if (is_standby(f->peer.state)) {
		rm = srp_rm_on_active(f->route_modifier,
				      f->peer.node.route_modifier);
		if (rm != f->route_modifier) {
			f->route_modifier = rm;
			srp_fsm_i_announce_rm(f, a);
		}
	}
	return f->state;
}

static enum srp_fsm_state
h_delay_over(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	     struct srp_fsm_actions *a)
{
	(void)in;
	(void)a;
	f->delay_over = true;
	f->delay_deadline_ms = 0;
	f->dead_deadline_ms = now + f->conf.dead_ms;
	return f->state;
}

/* ---- the table -------------------------------------------------------- */

#define C(h)	{ h, #h }
#define INV	C(h_invalid)
#define IGN	C(h_ignore)
/* Exported handlers (srp_fsm_int.h), named as when they were static. */
#define I(h)	{ srp_fsm_i_##h, "h_" #h }

static const struct srp_fsm_cell fsm_table[SRP_ST_MAX][SRP_EV_MAX] = {
	[SRP_ST_INIT] = {
		[SRP_EV_START] = C(h_start),
		[SRP_EV_CONN_UP] = INV,
		[SRP_EV_CONN_DOWN] = INV,
		[SRP_EV_HELLO] = INV,
		[SRP_EV_PEER_ACTIVE] = INV,
		[SRP_EV_HB_TIMEOUT] = INV,
		[SRP_EV_DELAY_EXPIRED] = INV,
		[SRP_EV_CKPT_DONE] = INV,
		[SRP_EV_CKPT_LOST] = INV,
		[SRP_EV_ADMIN_SWITCH] = I(refuse_not_active),
		[SRP_EV_SWITCH_REQ] = INV,
		[SRP_EV_SWITCH_ACK] = INV,
		[SRP_EV_SWITCH_TIMEOUT] = INV,
		[SRP_EV_DP_DONE] = INV,
		[SRP_EV_MONITOR_FAIL] = IGN,
		[SRP_EV_MONITOR_OK] = IGN,
		[SRP_EV_DAMP_EXPIRED] = INV,
		[SRP_EV_LOCAL_FAULT] = INV,
		[SRP_EV_FAULT_CLEAR] = INV,
		[SRP_EV_FLUSH_DONE] = INV,
		[SRP_EV_HANDOVER] = I(refuse_not_active),
	},
	[SRP_ST_CONNECTING] = {
		[SRP_EV_START] = INV,
		[SRP_EV_CONN_UP] = C(h_conn_up),
		[SRP_EV_CONN_DOWN] = I(conn_down),
		[SRP_EV_HELLO] = INV,
		[SRP_EV_PEER_ACTIVE] = INV,
		[SRP_EV_HB_TIMEOUT] = I(promote_dead),
		[SRP_EV_DELAY_EXPIRED] = C(h_delay_over),
		[SRP_EV_CKPT_DONE] = INV,
		[SRP_EV_CKPT_LOST] = INV,
		[SRP_EV_ADMIN_SWITCH] = I(refuse_not_active),
		[SRP_EV_SWITCH_REQ] = INV,
		[SRP_EV_SWITCH_ACK] = INV,
		[SRP_EV_SWITCH_TIMEOUT] = INV,
		[SRP_EV_DP_DONE] = INV,
		[SRP_EV_MONITOR_FAIL] = IGN,
		[SRP_EV_MONITOR_OK] = I(monitor_ok),
		[SRP_EV_DAMP_EXPIRED] = IGN,
		[SRP_EV_LOCAL_FAULT] = I(fault),
		[SRP_EV_FAULT_CLEAR] = I(recovered),
		[SRP_EV_FLUSH_DONE] = IGN,
		[SRP_EV_HANDOVER] = I(refuse_not_active),
	},
	[SRP_ST_NEGOTIATING] = {
		[SRP_EV_START] = INV,
		[SRP_EV_CONN_UP] = C(h_conn_up),
		[SRP_EV_CONN_DOWN] = I(conn_down),
		[SRP_EV_HELLO] = C(h_negotiate),
		[SRP_EV_PEER_ACTIVE] = C(h_join_standby),
		[SRP_EV_HB_TIMEOUT] = I(promote_dead),
		[SRP_EV_DELAY_EXPIRED] = C(h_delay_over),
		[SRP_EV_CKPT_DONE] = INV,
		[SRP_EV_CKPT_LOST] = INV,
		[SRP_EV_ADMIN_SWITCH] = I(refuse_not_active),
		[SRP_EV_SWITCH_REQ] = I(switch_req),
		[SRP_EV_SWITCH_ACK] = INV,
		[SRP_EV_SWITCH_TIMEOUT] = INV,
		[SRP_EV_DP_DONE] = INV,
		[SRP_EV_MONITOR_FAIL] = IGN,
		[SRP_EV_MONITOR_OK] = I(monitor_ok),
		[SRP_EV_DAMP_EXPIRED] = IGN,
		[SRP_EV_LOCAL_FAULT] = I(fault),
		[SRP_EV_FAULT_CLEAR] = I(recovered),
		[SRP_EV_FLUSH_DONE] = IGN,
		[SRP_EV_HANDOVER] = I(refuse_not_active),
	},
	[SRP_ST_STANDBY_SYNCING] = {
		[SRP_EV_START] = INV,
		[SRP_EV_CONN_UP] = C(h_conn_up),
		[SRP_EV_CONN_DOWN] = I(conn_down),
		[SRP_EV_HELLO] = C(h_standby_hello),
		[SRP_EV_PEER_ACTIVE] = I(sync_active_hello),
		[SRP_EV_HB_TIMEOUT] = I(promote_dead),
		[SRP_EV_DELAY_EXPIRED] = C(h_delay_over),
		[SRP_EV_CKPT_DONE] = I(ckpt_ready),
		[SRP_EV_CKPT_LOST] = I(ckpt_forget),
		[SRP_EV_ADMIN_SWITCH] = I(refuse_not_active),
		[SRP_EV_SWITCH_REQ] = I(switch_req),
		[SRP_EV_SWITCH_ACK] = INV,
		[SRP_EV_SWITCH_TIMEOUT] = INV,
		[SRP_EV_DP_DONE] = INV,
		[SRP_EV_MONITOR_FAIL] = IGN,
		[SRP_EV_MONITOR_OK] = I(monitor_ok),
		[SRP_EV_DAMP_EXPIRED] = IGN,
		[SRP_EV_LOCAL_FAULT] = I(fault),
		[SRP_EV_FAULT_CLEAR] = I(recovered),
		[SRP_EV_FLUSH_DONE] = IGN,
		[SRP_EV_HANDOVER] = I(refuse_not_active),
	},
	[SRP_ST_STANDBY_READY] = {
		[SRP_EV_START] = INV,
		[SRP_EV_CONN_UP] = C(h_conn_up),
		[SRP_EV_CONN_DOWN] = I(conn_down),
		[SRP_EV_HELLO] = C(h_standby_hello),
		[SRP_EV_PEER_ACTIVE] = IGN,
		[SRP_EV_HB_TIMEOUT] = I(promote_dead),
		[SRP_EV_DELAY_EXPIRED] = C(h_delay_over),
		[SRP_EV_CKPT_DONE] = IGN,
		[SRP_EV_CKPT_LOST] = I(ckpt_lost),
		[SRP_EV_ADMIN_SWITCH] = I(refuse_not_active),
		[SRP_EV_SWITCH_REQ] = I(switch_req),
		[SRP_EV_SWITCH_ACK] = INV,
		[SRP_EV_SWITCH_TIMEOUT] = INV,
		[SRP_EV_DP_DONE] = INV,
		[SRP_EV_MONITOR_FAIL] = IGN,
		[SRP_EV_MONITOR_OK] = I(monitor_ok),
		[SRP_EV_DAMP_EXPIRED] = IGN,
		[SRP_EV_LOCAL_FAULT] = I(fault),
		[SRP_EV_FAULT_CLEAR] = I(recovered),
		[SRP_EV_FLUSH_DONE] = IGN,
		[SRP_EV_HANDOVER] = I(refuse_not_active),
	},
	[SRP_ST_ACTIVE] = {
		[SRP_EV_START] = INV,
		[SRP_EV_CONN_UP] = C(h_conn_up),
		[SRP_EV_CONN_DOWN] = I(conn_down),
		[SRP_EV_HELLO] = C(h_active_hello),
		[SRP_EV_PEER_ACTIVE] = I(split_brain),
		[SRP_EV_HB_TIMEOUT] = IGN,
		[SRP_EV_DELAY_EXPIRED] = C(h_delay_over),
		[SRP_EV_CKPT_DONE] = INV,
		[SRP_EV_CKPT_LOST] = IGN,
		[SRP_EV_ADMIN_SWITCH] = I(admin_switch),
		[SRP_EV_SWITCH_REQ] = I(switch_req),
		[SRP_EV_SWITCH_ACK] = IGN,
		[SRP_EV_SWITCH_TIMEOUT] = INV,
		[SRP_EV_DP_DONE] = INV,
		[SRP_EV_MONITOR_FAIL] = I(monitor_fail),
		[SRP_EV_MONITOR_OK] = I(monitor_ok),
		[SRP_EV_DAMP_EXPIRED] = I(damp_expired),
		[SRP_EV_LOCAL_FAULT] = I(fault),
		[SRP_EV_FAULT_CLEAR] = I(recovered),
		[SRP_EV_FLUSH_DONE] = IGN,
		[SRP_EV_HANDOVER] = I(handover),
	},
	[SRP_ST_SWITCHING] = {
		[SRP_EV_START] = INV,
		[SRP_EV_CONN_UP] = C(h_conn_up),
		[SRP_EV_CONN_DOWN] = I(sw_conn_down),
		[SRP_EV_HELLO] = I(sw_hello),
		[SRP_EV_PEER_ACTIVE] = I(sw_peer_active),
		[SRP_EV_HB_TIMEOUT] = I(sw_dead),
		[SRP_EV_DELAY_EXPIRED] = C(h_delay_over),
		[SRP_EV_CKPT_DONE] = IGN,
		[SRP_EV_CKPT_LOST] = IGN,
		[SRP_EV_ADMIN_SWITCH] = I(refuse_in_progress),
		[SRP_EV_SWITCH_REQ] = I(switch_req),
		[SRP_EV_SWITCH_ACK] = I(switch_ack),
		[SRP_EV_SWITCH_TIMEOUT] = I(switch_timeout),
		[SRP_EV_DP_DONE] = I(dp_done),
		[SRP_EV_MONITOR_FAIL] = IGN,
		[SRP_EV_MONITOR_OK] = I(monitor_ok),
		[SRP_EV_DAMP_EXPIRED] = IGN,
		[SRP_EV_LOCAL_FAULT] = I(fault),
		[SRP_EV_FAULT_CLEAR] = I(recovered),
		[SRP_EV_FLUSH_DONE] = I(flush_done),
		[SRP_EV_HANDOVER] = I(refuse_in_progress),
	},
	[SRP_ST_FAULT] = {
		[SRP_EV_START] = INV,
		[SRP_EV_CONN_UP] = C(h_conn_up),
		[SRP_EV_CONN_DOWN] = I(conn_down),
		[SRP_EV_HELLO] = IGN,
		[SRP_EV_PEER_ACTIVE] = IGN,
		[SRP_EV_HB_TIMEOUT] = IGN,
		[SRP_EV_DELAY_EXPIRED] = C(h_delay_over),
		[SRP_EV_CKPT_DONE] = IGN,
		[SRP_EV_CKPT_LOST] = IGN,
		[SRP_EV_ADMIN_SWITCH] = I(refuse_not_active),
		[SRP_EV_SWITCH_REQ] = I(switch_req),
		[SRP_EV_SWITCH_ACK] = IGN,
		[SRP_EV_SWITCH_TIMEOUT] = INV,
		[SRP_EV_DP_DONE] = IGN,
		[SRP_EV_MONITOR_FAIL] = IGN,
		[SRP_EV_MONITOR_OK] = I(monitor_ok),
		[SRP_EV_DAMP_EXPIRED] = IGN,
		[SRP_EV_LOCAL_FAULT] = IGN,
		[SRP_EV_FAULT_CLEAR] = I(recovered),
		[SRP_EV_FLUSH_DONE] = IGN,
		[SRP_EV_HANDOVER] = I(refuse_not_active),
	},
};

/* ---- public ----------------------------------------------------------- */

int
srp_fsm_conf_from(struct srp_fsm_conf *fc, const struct srp_conf *conf,
		  const uint8_t node_id[SRP_NODE_ID_LEN],
		  const uint8_t digest[SRP_DIGEST_LEN])
{
	if (fc == NULL || conf == NULL || node_id == NULL || digest == NULL)
		return -EINVAL;
	if (conf->priority < SRP_PRIORITY_MIN ||
	    conf->priority > SRP_PRIORITY_MAX || conf->hello_ms == 0 ||
	    conf->dead_ms == 0 || conf->dead_ms / 3 < conf->hello_ms)
		return -EINVAL;
	memset(fc, 0, sizeof(*fc));
	memcpy(fc->node_id, node_id, SRP_NODE_ID_LEN);
	memcpy(fc->config_digest, digest, SRP_DIGEST_LEN);
	switch (conf->mode) {
	case SRP_MODE_PRIMARY:
		fc->mode = SRP_WMODE_PRIMARY;
		break;
	case SRP_MODE_BACKUP:
		fc->mode = SRP_WMODE_BACKUP;
		break;
	default:
		fc->mode = SRP_WMODE_NONE;
		break;
	}
	fc->priority = (uint8_t)conf->priority;
	fc->db_recovery = conf->db_recovery == SRP_DBREC_AGGRESSIVE ?
			  SRP_WDBREC_AGGRESSIVE : SRP_WDBREC_NORMAL;
	fc->hello_ms = conf->hello_ms;
	fc->dead_ms = conf->dead_ms;
	fc->delay_ms = conf->delay_s * 1000u;
	fc->switch_timeout_ms = conf->dead_ms;
	fc->early_active = conf->allow_early_active &&
			   (conf->allow_all_data ||
			    (conf->allow_volte_data &&
			     !conf->volte_maintain_accounting));
	fc->aaa_switchover = conf->aaa_switchover;
	fc->diameter_switchover = conf->diameter_switchover;
	fc->redundancy_aaa = conf->redundancy_aaa;
	fc->redundancy_bgp = conf->redundancy_bgp;
	fc->redundancy_diam = conf->redundancy_diam;
	return 0;
}

int
srp_fsm_init(struct srp_fsm *f, const struct srp_fsm_conf *conf,
	     srp_fsm_log_fn *log_fn, void *log_arg)
{
	if (f == NULL || conf == NULL || conf->hello_ms == 0 ||
	    conf->dead_ms / 3 < conf->hello_ms || conf->priority == 0 ||
	    conf->mode > SRP_WMODE_BACKUP || conf->db_recovery >= SRP_WDBREC_MAX)
		return -EINVAL;
	memset(f, 0, sizeof(*f));
	f->conf = *conf;
	if (f->conf.switch_timeout_ms == 0)
		f->conf.switch_timeout_ms = conf->dead_ms;
	f->state = SRP_ST_INIT;
	f->fence_to = SRP_ST_STANDBY_SYNCING;
	f->route_modifier = srp_rm_initial(conf->mode);
	f->peer.state = SRP_ST_INIT;
	f->caps = SRP_CAPS_KNOWN;
	f->log_fn = log_fn;
	f->log_arg = log_arg;
	return 0;
}

int
srp_fsm_conf_update(struct srp_fsm *f, const struct srp_fsm_conf *conf)
{
	bool mismatch;

	if (f == NULL || conf == NULL || conf->hello_ms == 0 ||
	    conf->dead_ms / 3 < conf->hello_ms || conf->priority == 0 ||
	    conf->db_recovery >= SRP_WDBREC_MAX ||
	    conf->mode != f->conf.mode ||
	    memcmp(conf->node_id, f->conf.node_id, SRP_NODE_ID_LEN) != 0)
		return -EINVAL;
	f->conf = *conf;
	if (f->conf.switch_timeout_ms == 0)
		f->conf.switch_timeout_ms = conf->dead_ms;
	if (f->peer.seen) {
		mismatch = memcmp(f->peer.digest, conf->config_digest,
				  SRP_DIGEST_LEN) != 0;
		if (mismatch && !f->config_mismatch)
			f->stats.n_config_mismatch++;
		f->config_mismatch = mismatch;
	}
	return 0;
}

static bool
event_needs_msg(enum srp_fsm_event ev)
{
	return ev == SRP_EV_HELLO || ev == SRP_EV_PEER_ACTIVE ||
	       ev == SRP_EV_SWITCH_REQ || ev == SRP_EV_SWITCH_ACK;
}

/* Record what a hello says about the peer (both hello events). */
static void
peer_record(struct srp_fsm *f, uint64_t now, const struct srp_msg *m)
{
	const struct srp_hello *h = &m->hello;
	bool mismatch;

	f->peer.seen = true;
	f->peer.state = h->state < SRP_WSTATE_MAX ? h->state : SRP_ST_FAULT;
	f->peer.generation = m->generation;
	memcpy(f->peer.node.node_id, h->node_id, SRP_NODE_ID_LEN);
	f->peer.node.route_modifier = h->route_modifier;
	f->peer.node.mode = h->mode;
	f->peer.node.priority = h->priority;
	f->peer.last_hello_ms = now;
	/* A peer without the TLV (older srpgw) is taken as healthy: its
	 * refusal of the request (SRP_SWRES_MONITORS) is the fallback. */
	f->peer.monitors_known = (m->present &
				  SRP_TLV_BIT(SRP_TLV_MONITORS)) != 0;
	f->peer.monitors = f->peer.monitors_known ?
			   h->monitors & SRP_MONS_KNOWN : 0;
	f->peer.caps = (m->present & SRP_TLV_BIT(SRP_TLV_CAPS)) != 0 ?
		       h->caps & SRP_CAPS_KNOWN : 0;
	memcpy(f->peer.digest, h->config_digest, SRP_DIGEST_LEN);
	mismatch = memcmp(h->config_digest, f->conf.config_digest,
			  SRP_DIGEST_LEN) != 0;
	/* Flagged for show srp info; never blocks the election. */
	if (mismatch && !f->config_mismatch)
		f->stats.n_config_mismatch++;
	f->config_mismatch = mismatch;
	if (f->delay_over)
		f->dead_deadline_ms = now + f->conf.dead_ms;
}

int
srp_fsm_event(struct srp_fsm *f, enum srp_fsm_event ev, uint64_t now_ms,
	      const struct srp_fsm_input *in, struct srp_fsm_actions *out)
{
	static const struct srp_fsm_input none;
	const struct srp_fsm_cell *cell;
	struct srp_fsm_transition t;
	enum srp_fsm_state from, to;

	if (f == NULL || out == NULL || (unsigned int)ev >= SRP_EV_MAX)
		return -EINVAL;
	if (in == NULL)
		in = &none;
	if (event_needs_msg(ev) && in->msg == NULL)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if ((ev == SRP_EV_HELLO || ev == SRP_EV_PEER_ACTIVE) &&
	    f->state != SRP_ST_INIT)
		peer_record(f, now_ms, in->msg);
	/* Database recovery counts the active's hellos per connection. */
	if (ev == SRP_EV_PEER_ACTIVE && f->state != SRP_ST_INIT &&
	    f->dbrec.n_active_hellos < UINT32_MAX)
		f->dbrec.n_active_hellos++;
	from = f->state;
	cell = &fsm_table[from][ev];
	if (cell->fn == NULL)	/* table hole: refuse rather than guess */
		return -EINVAL;
	/* A switchover request or answer counts only from a peer whose hello
	 * was accepted on this connection: the link verifies that hello
	 * (docs/srp-protocol.md section 6.5), nothing else proves who sent. */
	if ((ev == SRP_EV_SWITCH_REQ || ev == SRP_EV_SWITCH_ACK) &&
	    !f->peer.seen && cell->fn != h_invalid && cell->fn != h_ignore) {
		f->stats.n_unverified++;
		return 0;
	}
	to = cell->fn(f, now_ms, in, out);
	if (to != SRP_ST_SWITCHING) {
		f->phase = SRP_PH_NONE;
		f->switch_deadline_ms = 0;
		if (to == SRP_ST_ACTIVE || is_standby(to))
			f->want = SRP_WANT_NONE;
	}
	if (to == from)
		return 0;
	/* A standby (re)starting to sync needs a new complete checkpoint. */
	if (to == SRP_ST_STANDBY_SYNCING)
		f->dbrec.ckpt_complete = false;
	f->state = to;
	f->last_change_ms = now_ms;
	f->stats.n_enter[to]++;
	if (f->log_fn != NULL) {
		t.now_ms = now_ms;
		t.from = from;
		t.to = to;
		t.event = ev;
		t.want = f->want;
		t.cause = f->cause;
		t.generation = f->generation;
		f->log_fn(f->log_arg, &t);
	}
	return 0;
}

int
srp_fsm_hello(struct srp_fsm *f, uint64_t now_ms, const struct srp_msg *m,
	      struct srp_fsm_actions *out)
{
	struct srp_fsm_input in = { .msg = m };
	enum srp_fsm_refusal r = SRP_REF_NONE;
	uint16_t wire = 0;

	if (f == NULL || m == NULL || out == NULL || m->type != SRP_MSG_HELLO)
		return -EINVAL;
	f->stats.n_hello_rx++;
	if (m->hello.mode != SRP_WMODE_PRIMARY &&
	    m->hello.mode != SRP_WMODE_BACKUP) {
		r = SRP_REF_NO_MODE;
		wire = SRP_REFUSE_MODE;
	} else if (f->conf.mode == SRP_WMODE_NONE) {
		r = SRP_REF_NO_MODE;
		wire = SRP_REFUSE_MODE;
	} else if (memcmp(m->hello.node_id, f->conf.node_id,
			  SRP_NODE_ID_LEN) == 0) {
		r = SRP_REF_NODE_ID;
		wire = SRP_REFUSE_NODE_ID;
	}
	if (r != SRP_REF_NONE) {
		/* Not paired: the peer stays unseen, no state changes. */
		memset(out, 0, sizeof(*out));
		srp_fsm_i_refuse(f, out, r);
		out->mask |= SRP_ACT_SEND_REFUSE;
		out->refuse_reason = wire;
		return 0;
	}
	return srp_fsm_event(f, m->hello.state == SRP_WSTATE_ACTIVE ?
			     SRP_EV_PEER_ACTIVE : SRP_EV_HELLO, now_ms, &in,
			     out);
}

static void
merge(struct srp_fsm_actions *acc, const struct srp_fsm_actions *a)
{
	acc->mask |= a->mask;
	if (a->mask & SRP_ACT_ANNOUNCE_RM)
		acc->route_modifier = a->route_modifier;
	if (a->mask & SRP_ACT_SEND_REFUSE)
		acc->refuse_reason = a->refuse_reason;
	if (a->mask & SRP_ACT_SEND_SWITCH_ACK)
		acc->ack_result = a->ack_result;
	if (a->mask & SRP_ACT_SEND_SWITCH_REQ) {
		acc->switch_cause = a->switch_cause;
		acc->force = a->force;
	}
	if (a->mask & SRP_ACT_REPORT_REFUSAL)
		acc->refusal = a->refusal;
}

static void
fire(struct srp_fsm *f, uint64_t *deadline, enum srp_fsm_event ev,
     uint64_t now, struct srp_fsm_actions *acc)
{
	struct srp_fsm_actions a;

	if (*deadline == 0 || now < *deadline)
		return;
	*deadline = 0;
	srp_fsm_event(f, ev, now, NULL, &a);
	merge(acc, &a);
}

int
srp_fsm_tick(struct srp_fsm *f, uint64_t now_ms, struct srp_fsm_actions *out)
{
	if (f == NULL || out == NULL)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (f->state == SRP_ST_INIT)
		return 0;
	fire(f, &f->dead_deadline_ms, SRP_EV_HB_TIMEOUT, now_ms, out);
	fire(f, &f->delay_deadline_ms, SRP_EV_DELAY_EXPIRED, now_ms, out);
	fire(f, &f->switch_deadline_ms, SRP_EV_SWITCH_TIMEOUT, now_ms, out);
	fire(f, &f->damp_deadline_ms, SRP_EV_DAMP_EXPIRED, now_ms, out);
	return 0;
}

uint64_t
srp_fsm_next_deadline(const struct srp_fsm *f)
{
	const uint64_t d[] = { f->dead_deadline_ms, f->delay_deadline_ms,
			       f->switch_deadline_ms, f->damp_deadline_ms };
	uint64_t best = UINT64_MAX;
	size_t i;

	for (i = 0; i < sizeof(d) / sizeof(d[0]); i++)
		if (d[i] != 0 && d[i] < best)
			best = d[i];
	return best;
}

int
srp_fsm_hello_fill(struct srp_fsm *f, struct srp_msg *m, const char *sw_version)
{
	struct srp_hello *h;

	if (f == NULL || m == NULL || sw_version == NULL)
		return -EINVAL;
	srp_msg_init(m, SRP_MSG_HELLO);
	h = &m->hello;
	m->generation = f->generation;
	memcpy(h->config_digest, f->conf.config_digest, SRP_DIGEST_LEN);
	memcpy(h->node_id, f->conf.node_id, SRP_NODE_ID_LEN);
	h->route_modifier = f->route_modifier;
	h->hello_ms = f->conf.hello_ms;
	h->dead_ms = f->conf.dead_ms;
	h->mode = f->conf.mode;
	h->priority = f->conf.priority;
	h->state = (uint8_t)f->state;
	h->comp_caps = SRP_COMP_CAP_ALL;
	h->db_recovery = f->conf.db_recovery;
	h->monitors = f->monitors;
	h->caps = f->caps;
	m->present |= SRP_TLV_BIT(SRP_TLV_MONITORS) |
		      SRP_TLV_BIT(SRP_TLV_CAPS);
	strncpy(h->sw_version, sw_version, SRP_SW_VERSION_MAX);
	h->sw_version[SRP_SW_VERSION_MAX] = '\0';
	f->stats.n_hello_tx++;
	return 0;
}

void
srp_fsm_caps_set(struct srp_fsm *f, uint32_t caps)
{
	f->caps = caps & SRP_CAPS_KNOWN;
}

uint32_t
srp_fsm_caps_shared(const struct srp_fsm *f)
{
	if (!f->peer.connected || !f->peer.seen)
		return 0;
	return f->caps & f->peer.caps;
}

const char *
srp_fsm_state_str(enum srp_fsm_state s)
{
	static const char *const names[SRP_ST_MAX] = {
		[SRP_ST_INIT] = "INIT",
		[SRP_ST_CONNECTING] = "CONNECTING",
		[SRP_ST_NEGOTIATING] = "NEGOTIATING",
		[SRP_ST_STANDBY_SYNCING] = "STANDBY_SYNCING",
		[SRP_ST_STANDBY_READY] = "STANDBY_READY",
		[SRP_ST_ACTIVE] = "ACTIVE",
		[SRP_ST_SWITCHING] = "SWITCHING",
		[SRP_ST_FAULT] = "FAULT",
	};

	return (unsigned int)s < SRP_ST_MAX ? names[s] : "?";
}

const char *
srp_fsm_phase_str(enum srp_fsm_phase p)
{
	switch (p) {
	case SRP_PH_REQ_SENT:
		return "request-sent";
	case SRP_PH_WAIT_FENCE:
		return "wait-fence";
	case SRP_PH_PROMOTING:
		return "promoting";
	case SRP_PH_FENCING:
		return "fencing";
	case SRP_PH_FLUSHING:
		return "flushing";
	default:
		return "none";
	}
}

const char *
srp_fsm_event_str(enum srp_fsm_event e)
{
	static const char *const names[SRP_EV_MAX] = {
		[SRP_EV_START] = "START",
		[SRP_EV_CONN_UP] = "CONN_UP",
		[SRP_EV_CONN_DOWN] = "CONN_DOWN",
		[SRP_EV_HELLO] = "HELLO",
		[SRP_EV_PEER_ACTIVE] = "PEER_ACTIVE",
		[SRP_EV_HB_TIMEOUT] = "HB_TIMEOUT",
		[SRP_EV_DELAY_EXPIRED] = "DELAY_EXPIRED",
		[SRP_EV_CKPT_DONE] = "CKPT_DONE",
		[SRP_EV_CKPT_LOST] = "CKPT_LOST",
		[SRP_EV_ADMIN_SWITCH] = "ADMIN_SWITCH",
		[SRP_EV_SWITCH_REQ] = "SWITCH_REQ",
		[SRP_EV_SWITCH_ACK] = "SWITCH_ACK",
		[SRP_EV_SWITCH_TIMEOUT] = "SWITCH_TIMEOUT",
		[SRP_EV_DP_DONE] = "DP_DONE",
		[SRP_EV_MONITOR_FAIL] = "MONITOR_FAIL",
		[SRP_EV_MONITOR_OK] = "MONITOR_OK",
		[SRP_EV_DAMP_EXPIRED] = "DAMP_EXPIRED",
		[SRP_EV_LOCAL_FAULT] = "LOCAL_FAULT",
		[SRP_EV_FAULT_CLEAR] = "FAULT_CLEAR",
		[SRP_EV_FLUSH_DONE] = "FLUSH_DONE",
		[SRP_EV_HANDOVER] = "ADMIN_SWITCH",
	};

	return (unsigned int)e < SRP_EV_MAX ? names[e] : "?";
}

const char *
srp_fsm_cause_str(enum srp_fsm_cause c)
{
	static const char *const names[SRP_CAUSE_MAX] = {
		[SRP_CAUSE_ELECTION] = "election",
		[SRP_CAUSE_DEAD_PEER] = "dead-peer",
		[SRP_CAUSE_MANUAL] = "manual",
		[SRP_CAUSE_MONITOR] = "monitor",
		[SRP_CAUSE_SPLIT_BRAIN] = "split-brain",
		[SRP_CAUSE_GENERATION] = "generation",
		[SRP_CAUSE_PEER_FAULT] = "peer-fault",
		[SRP_CAUSE_LOCAL_FAULT] = "local-fault",
	};

	return (unsigned int)c < SRP_CAUSE_MAX ? names[c] : "?";
}

const char *
srp_fsm_refusal_str(enum srp_fsm_refusal r)
{
	static const char *const names[SRP_REF_MAX] = {
		[SRP_REF_NONE] = "none",
		[SRP_REF_NOT_ACTIVE] = "not-active",
		[SRP_REF_PEER_DOWN] = "peer-down",
		[SRP_REF_PEER_NOT_READY] = "peer-not-ready",
		[SRP_REF_IN_PROGRESS] = "in-progress",
		[SRP_REF_AAA_NONREV] = "aaa-non-reversible",
		[SRP_REF_GUARD] = "guard-period",
		[SRP_REF_PEER_REFUSED] = "peer-refused",
		[SRP_REF_PEER_TIMEOUT] = "peer-timeout",
		[SRP_REF_NO_MODE] = "no-chassis-mode",
		[SRP_REF_TIE] = "election-tie",
		[SRP_REF_NODE_ID] = "same-node-id",
		[SRP_REF_PEER_MONITORS] = "peer-monitors-failed",
		[SRP_REF_CONFIG_MISMATCH] = "config-mismatch",
	};

	return (unsigned int)r < SRP_REF_MAX ? names[r] : "?";
}

const char *
srp_fsm_handler_name(enum srp_fsm_state s, enum srp_fsm_event e)
{
	if ((unsigned int)s >= SRP_ST_MAX || (unsigned int)e >= SRP_EV_MAX)
		return NULL;
	return fsm_table[s][e].name;
}
