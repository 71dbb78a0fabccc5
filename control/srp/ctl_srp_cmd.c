/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The srp operator commands: show srp info|statistics|details, srp
 * initiate-switchover [force], srp validate-switchover, srp
 * validate-configuration, srp terminate-post-process. Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rte_common.h>

#include "conf/ctl_addr.h"
#include "core/ctl_api.h"
#include "net/ctl_fwd.h"
#include "core/ctl_loop.h"
#include "core/ctl_reply.h"
#include "mon/ctl_mon.h"
#include "pfcp/ctl_pfcp.h"
#include "sess/ctl_sess.h"
#include "ctl_srp.h"
#include "sess_table.h"

#define CMD_KEY_LEN	64

/* Counter names as JSON/telemetry keys: '-' becomes '_'. */
static const char *
cmd_key(const char *name, char *buf)
{
	size_t i;

	for (i = 0; name[i] != '\0' && i < CMD_KEY_LEN - 1; i++)
		buf[i] = name[i] == '-' || name[i] == ' ' ? '_' : name[i];
	buf[i] = '\0';
	return buf;
}

static void
cmd_mac(struct ctl_reply *out, const char *key, const uint8_t *m)
{
	ctl_reply_fmt_str(out, key, "%02x:%02x:%02x:%02x:%02x:%02x",
			m[0], m[1], m[2], m[3], m[4], m[5]);
}

static void
cmd_time(struct ctl_reply *out, const char *key, int64_t wall_s)
{
	ctl_reply_utc(out, key, wall_s > 0 ? (uint64_t)wall_s : 0, "-");
}

static const char *
cmd_wmode_str(uint8_t mode)
{
	switch (mode) {
	case SRP_WMODE_PRIMARY:
		return "primary";
	case SRP_WMODE_BACKUP:
		return "backup";
	default:
		return "none";
	}
}

static const char *
cmd_want_str(enum srp_fsm_want w)
{
	switch (w) {
	case SRP_WANT_ACTIVE:
		return "active";
	case SRP_WANT_STANDBY:
		return "standby";
	default:
		return "none";
	}
}

/* SRP not configured, or stopped: a clear error. */
static int
cmd_check(struct ctl_reply *out, const struct ctl_srp *s, int argc,
	  const char *words)
{
	if (!s->enabled) {
		ctl_reply_error(out, "SRP is not running");
		return -ENODEV;
	}
	if (argc != 0) {
		ctl_reply_error(out, "%s takes no arguments", words);
		return -EINVAL;
	}
	return 0;
}

static const char *
cmd_config_match(const struct ctl_srp *s)
{
	if (!s->peer_hello_seen)
		return "unknown";
	return memcmp(s->peer_hello_digest, s->digest, SRP_DIGEST_LEN) == 0 ?
	       "match" : "mismatch";
}

static uint32_t
cmd_sessions(void)
{
	struct sess_table *t = ctl_sess_table();

	return t != NULL ? sess_table_count(t) : 0;
}

/* Sync state and the number of sessions the standby does not hold. */
static const char *
cmd_sync(const struct ctl_srp *s, char *buf, size_t len, uint32_t *missing)
{
	return ctl_ckpt_sync_str(&s->ckpt, (uint8_t)s->fsm.state, buf, len,
				 missing);
}

/*
 * What a syncing standby still waits for before READY (database
 * recovery), "-" in other states. @return true when the checkpoint is
 * applied and only hellos are missing.
 */
static bool
cmd_ready_wait(const struct ctl_srp *s, char *buf, size_t len)
{
	uint32_t hellos;
	bool ckpt;

	if (!srp_fsm_ready_pending(&s->fsm, &ckpt, &hellos)) {
		snprintf(buf, len, "-");
		return false;
	}
	if (ckpt && hellos > 0)
		snprintf(buf, len, "waiting for the checkpoint and %u more "
			 "hellos from the active", hellos);
	else if (ckpt)
		snprintf(buf, len, "waiting for the checkpoint");
	else if (hellos > 0)
		snprintf(buf, len, "checkpoint applied, waiting for %u more "
			 "hellos from the active", hellos);
	else
		snprintf(buf, len, "checkpoint applied");
	return !ckpt;
}

/* Features of a CAPS mask by name ("audit, session-timers"), "none". */
static void
cmd_caps(struct ctl_reply *out, const char *key, uint32_t caps)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ SRP_CAP_AUDIT, "audit" },
		{ SRP_CAP_SESS_TIMERS, "session-timers" },
	};
	char buf[96];
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (caps & names[i].bit)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
					      n != 0 ? ", " : "", names[i].name);
	ctl_reply_str(out, key, n != 0 ? buf : "none");
}

/* Monitor verdicts as in a hello's MONITORS: "ok", "failed (bgp, ...)"
 * or, when not known (no hello with the TLV), "unknown". */
static void
cmd_monitors(struct ctl_reply *out, const char *key, bool known, uint8_t bits)
{
	static const enum srp_monitor_kind kinds[] = {
		SRP_MON_BGP, SRP_MON_AUTH_PROBE, SRP_MON_DIAMETER,
	};
	char buf[96];
	size_t i, n = 0;

	if (!known) {
		ctl_reply_str(out, key, "unknown");
		return;
	}
	if (bits == 0) {
		ctl_reply_str(out, key, "ok");
		return;
	}
	n = (size_t)snprintf(buf, sizeof(buf), "failed (");
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!(bits & srp_fsm_monitor_bit(kinds[i])))
			continue;
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
				      n > strlen("failed (") ? ", " : "",
				      ctl_mon_kind_name(kinds[i]));
	}
	snprintf(buf + n, sizeof(buf) - n, ")");
	ctl_reply_str(out, key, buf);
}

/* A time of the role machine as ms after its START, "-" when unset. */
static void
cmd_since_start(struct ctl_reply *out, const char *key, const struct srp_fsm *f,
		uint64_t at)
{
	if (at == 0 || at < f->start_ms)
		ctl_reply_str(out, key, "-");
	else
		ctl_reply_u64(out, key, at - f->start_ms);
}

static void
cmd_info(struct ctl_reply *out, const struct ctl_srp *s)
{
	const struct srp_fsm *f = &s->fsm;
	const struct srp_conf *sc = &s->conf->srp;
	char abuf[CTL_ADDR_STR_LEN], sbuf[96], wbuf[96];
	uint64_t now = ctl_loop_now_ms();
	const char *sync;
	uint32_t missing;
	bool only_hellos;

	ctl_reply_str(out, "context", sc->context);
	ctl_reply_str(out, "chassis_mode", sc->mode == SRP_MODE_PRIMARY ?
		    "primary" : sc->mode == SRP_MODE_BACKUP ? "backup" :
		    "none");
	ctl_reply_str(out, "chassis_state", srp_fsm_state_str(f->state));
	ctl_reply_str(out, "want", cmd_want_str(f->want));
	ctl_reply_str(out, "phase", srp_fsm_phase_str(f->phase));
	cmd_mac(out, "node_id", s->node_id);
	ctl_reply_str(out, "node_id_source", s->node_id_src);
	ctl_reply_u64(out, "local_priority", sc->priority);
	/* What the role machine runs with (a configure may change them). */
	ctl_reply_u64(out, "hello_interval_ms", f->conf.hello_ms);
	ctl_reply_u64(out, "dead_interval_ms", f->conf.dead_ms);
	ctl_reply_u64(out, "route_modifier", f->route_modifier);
	ctl_reply_u64(out, "generation", f->generation);
	/* What the workers use, not what we asked for. */
	ctl_reply_bool(out, "dataplane_active", ctl_fwd_is_active());
	ctl_reply_str(out, "connection_state", srp_conn_state_str(s->conn.state));
	ctl_reply_bool(out, "peer_verified", srp_conn_is_verified(&s->conn));
	ctl_reply_str(out, "authentication", srp_conn_auth_on(&s->conn) ?
		    "on (pre-shared key, nonce-bound)" : "off");
	if (s->start_err != 0)
		ctl_reply_fmt_str(out, "connection_error", "cannot listen: %s",
				strerror(-s->start_err));
	if (s->up_since_ms != 0) {
		cmd_time(out, "connected_since", s->up_since_wall_s);
		ctl_reply_u64(out, "connected_for_s", (now - s->up_since_ms) / 1000);
	} else {
		ctl_reply_str(out, "connected_since", "-");
	}
	if (s->n_hist != 0) {
		cmd_time(out, "last_state_change", s->last_change_wall_s);
		ctl_reply_u64(out, "last_state_change_ago_s",
			    (now - f->last_change_ms) / 1000);
		ctl_reply_str(out, "last_state_change_cause",
			    srp_fsm_cause_str(s->hist[(s->n_hist - 1) %
					      CTL_SRP_HISTORY].t.cause));
	} else {
		ctl_reply_str(out, "last_state_change", "-");
	}
	ctl_reply_str(out, "last_local_fault", s->last_local_fault[0] != '\0' ?
		      s->last_local_fault : "-");
	ctl_reply_u64(out, "local_recoveries", s->n_local_recoveries);
	cmd_time(out, "last_local_recovery",
		 (int64_t)s->last_local_recovery_wall_s);
	ctl_reply_str(out, "last_refusal", s->last_refusal == SRP_REF_NONE ?
		    "-" : srp_fsm_refusal_str(s->last_refusal));
	ctl_reply_str(out, "config_match", cmd_config_match(s));
	cmd_monitors(out, "monitors", true, f->monitors);
	cmd_monitors(out, "peer_monitors", f->peer.connected && f->peer.seen &&
		     f->peer.monitors_known, f->peer.monitors);
	ctl_reply_str(out, "sw_version", SRPGW_VERSION);
	cmd_caps(out, "capabilities", f->caps);
	cmd_caps(out, "shared_capabilities", srp_fsm_caps_shared(f));
	ctl_reply_str(out, "database_recovery",
		    srp_fsm_dbrec_str(f->conf.db_recovery));
	only_hellos = cmd_ready_wait(s, wbuf, sizeof(wbuf));
	ctl_reply_str(out, "ready_wait", wbuf);
	ctl_reply_u64(out, "active_hellos", f->dbrec.n_active_hellos);
	sync = cmd_sync(s, sbuf, sizeof(sbuf), &missing);
	/* The checkpoint module does not know about the hello wait. */
	ctl_reply_str(out, "sync_state", only_hellos ? wbuf : sync);
	ctl_reply_u64(out, "sessions_not_replicated", missing);
	ctl_reply_u64(out, "local_sessions", cmd_sessions());
	ctl_reply_obj_begin(out, "peer");
	ctl_reply_str(out, "address", ctl_addr_fmt(&sc->peer_addr, abuf,
						 sizeof(abuf)));
	ctl_reply_bool(out, "connected", f->peer.connected);
	ctl_reply_bool(out, "hello_seen", f->peer.seen);
	if (s->peer_hello_seen) {
		ctl_reply_str(out, "state", ctl_srp_wstate_str(f->peer.state));
		ctl_reply_str(out, "chassis_mode",
			    cmd_wmode_str(f->peer.node.mode));
		ctl_reply_u64(out, "priority", f->peer.node.priority);
		ctl_reply_u64(out, "route_modifier", f->peer.node.route_modifier);
		ctl_reply_u64(out, "generation", f->peer.generation);
		cmd_mac(out, "node_id", f->peer.node.node_id);
		ctl_reply_str(out, "sw_version", s->peer_sw_version);
		cmd_caps(out, "capabilities", f->peer.caps);
		ctl_reply_u64(out, "last_hello_ago_ms",
			    f->peer.last_hello_ms != 0 ?
			    now - f->peer.last_hello_ms : 0);
	} else {
		ctl_reply_str(out, "state", "unknown");
	}
	ctl_reply_obj_end(out);
}

/* Post-switchover phases: current one, and the last run's durations. */
/* The last audit's purges and notices (ctl_takeover_audit.h). */
static void
cmd_purge(struct ctl_reply *out, const struct ctl_purge_stats *st)
{
	struct ctl_pfcp_report_stats rs;
	enum ctl_purge_reason r;
	char key[CMD_KEY_LEN];
	uint64_t n = 0;

	ctl_reply_bool(out, "audit_graceful_cleanup", st->graceful);
	ctl_reply_obj_begin(out, "audit_purged");
	for (r = CTL_PURGE_TABLE; r < CTL_PURGE_REASON_MAX; r++) {
		ctl_reply_u64(out, cmd_key(ctl_purge_reason_str(r), key),
			      st->purged[r]);
		n += st->purged[r];
	}
	ctl_reply_u64(out, "total", n);
	ctl_reply_obj_end(out);
	ctl_reply_u64(out, "audit_purge_failed", st->purge_failed);
	ctl_reply_u64(out, "audit_notified_error_indication",
		      st->notified_errind);
	ctl_reply_u64(out, "audit_notified_pfcp", st->notified_pfcp);
	ctl_reply_u64(out, "audit_notify_unavailable",
		      st->notify_unavailable);
	ctl_reply_u64(out, "audit_notify_failed", st->notify_failed);
	/* Their answers come later: the PFCP server's counts since start. */
	ctl_pfcp_report_stats_get(&rs);
	ctl_reply_obj_begin(out, "audit_pfcp_reports");
	ctl_reply_u64(out, "sent", rs.tx);
	ctl_reply_u64(out, "resent", rs.retx);
	ctl_reply_u64(out, "accepted", rs.accepted);
	ctl_reply_u64(out, "rejected", rs.rejected);
	ctl_reply_u64(out, "unanswered", rs.timeouts);
	ctl_reply_u64(out, "no_room", rs.no_room);
	ctl_reply_u64(out, "pending", rs.pending);
	ctl_reply_obj_end(out);
}

static void
cmd_post(struct ctl_reply *out, const struct ctl_srp *s)
{
	const struct ctl_takeover *p = &s->post;
	enum ctl_takeover_phase ph;
	char key[CMD_KEY_LEN];

	ctl_reply_obj_begin(out, "post_switchover");
	ctl_reply_str(out, "phase",
		    ctl_takeover_phase_str(ctl_takeover_phase(p)));
	ctl_reply_str(out, "data_mode", ctl_fwd_data_mode_str(s->dp_mode));
	/* What the session gate answers now (ctl_srp_module.c). */
	ctl_reply_str(out, "session_create",
		      ctl_takeover_change_check(p, s->fsm.state, s->fsm.phase,
						CTL_SESS_CHANGE_NEW, NULL,
						0) == 0 ? "allowed" : "refused");
	ctl_reply_str(out, "session_changes",
		      ctl_takeover_change_check(p, s->fsm.state, s->fsm.phase,
						CTL_SESS_CHANGE_EXISTING, NULL,
						0) == 0 ? "allowed" : "refused");
	ctl_reply_u64(out, "runs", p->n_runs);
	if (p->n_runs != 0) {
		ctl_reply_str(out, "last_kind", p->planned ? "planned" :
			    "takeover");
		ctl_reply_bool(out, "last_terminated", p->terminated);
		for (ph = CTL_TAKEOVER_CRIT_FLUSH; ph <= CTL_TAKEOVER_AUDIT;
		     ph++) {
			ctl_reply_obj_begin(out, cmd_key(
				ctl_takeover_phase_str(ph), key));
			ctl_reply_str(out, "state", p->done[ph] ?
				    (p->timed_out[ph] ? "timed-out" : "done") :
				    p->start_ms[ph] != 0 ? "running" :
				    "pending");
			ctl_reply_u64(out, "duration_ms", p->done[ph] ?
				    p->dur_ms[ph] : 0);
			ctl_reply_obj_end(out);
		}
		ctl_reply_u64(out, "audited_sessions", s->audit_n);
		ctl_reply_u64(out, "audit_inconsistent", s->audit_bad);
		cmd_purge(out, &s->purge_st);
	}
	ctl_reply_u64(out, "guard_timeouts", p->n_timeouts);
	ctl_reply_u64(out, "terminated", p->n_terminated);
	ctl_reply_obj_end(out);
}

static int
srp_terminate_post_process(struct ctl_reply *out, int argc, char **argv,
			   void *arg)
{
	struct ctl_srp *s = ctl_srp_get();
	int ret;

	(void)argv;
	(void)arg;
	ret = cmd_check(out, s, argc, "srp terminate-post-process");
	if (ret != 0)
		return ret;
	ret = ctl_takeover_terminate_now();
	if (ret == -EALREADY) {
		ctl_reply_error(out, "no post-switchover processing is running");
		return ret;
	}
	if (ret < 0) {
		ctl_reply_error(out, "terminate-post-process failed: %s",
			      strerror(-ret));
		return ret;
	}
	ctl_reply_str(out, "result", "terminated");
	ctl_reply_str(out, "data_mode", ctl_fwd_data_mode_str(s->dp_mode));
	return 0;
}

static int
show_srp_info(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	struct ctl_srp *s = ctl_srp_get();
	int ret;

	(void)argv;
	(void)arg;
	ret = cmd_check(out, s, argc, "show srp info");
	if (ret != 0)
		return ret;
	cmd_info(out, s);
	cmd_post(out, s);
	return 0;
}

static void
cmd_stats(struct ctl_reply *out, const struct ctl_srp *s)
{
	const struct srp_fsm_stats *fs = &s->fsm.stats;
	const struct srp_conn_stats *cs = &s->conn.stats;
	const struct ctl_srp_stats *ss = &s->stats;
	char key[CMD_KEY_LEN];
	unsigned int i;
	uint64_t sum;

	ctl_reply_obj_begin(out, "hellos");
	ctl_reply_u64(out, "sent", fs->n_hello_tx);
	ctl_reply_u64(out, "received", fs->n_hello_rx);
	ctl_reply_u64(out, "gaps_measured", s->hgap.n_gaps);
	ctl_reply_u64(out, "gap_max_ms", s->hgap.max_ms);
	ctl_reply_u64(out, "gap_last_ms", s->hgap.last_gap_ms);
	ctl_reply_u64(out, "late", s->hgap.n_late);
	ctl_reply_u64(out, "gaps_over_dead_interval", s->hgap.n_over_dead);
	ctl_reply_obj_end(out);
	ctl_reply_obj_begin(out, "config_validation");
	ctl_reply_u64(out, "hellos_compared", fs->n_hello_rx);
	ctl_reply_u64(out, "mismatches", fs->n_config_mismatch);
	ctl_reply_u64(out, "config_sent", ss->n_config_tx);
	ctl_reply_u64(out, "config_received", ss->n_config_rx);
	ctl_reply_obj_end(out);
	ctl_reply_obj_begin(out, "switchovers");
	for (i = SRP_CAUSE_DEAD_PEER; i < SRP_CAUSE_MAX; i++)
		ctl_reply_u64(out, cmd_key(srp_fsm_cause_str(i), key),
			    fs->n_switchover[i]);
	ctl_reply_obj_end(out);
	ctl_reply_u64(out, "split_brains", fs->n_split_brain);
	ctl_reply_obj_begin(out, "refusals");
	for (i = SRP_REF_NONE + 1; i < SRP_REF_MAX; i++)
		ctl_reply_u64(out, cmd_key(srp_fsm_refusal_str(i), key),
			    fs->n_refusal[i]);
	ctl_reply_obj_end(out);
	/* Monitor failures inside a guard window (docs/srp-roles.md 5.9). */
	ctl_reply_obj_begin(out, "monitor_failures");
	ctl_reply_u64(out, "deferred", fs->n_monitor_deferred);
	ctl_reply_u64(out, "suppressed", fs->n_monitor_suppressed);
	ctl_reply_obj_end(out);
	ctl_reply_obj_begin(out, "connection");
	ctl_reply_u64(out, "connect_attempts", cs->n_connect);
	ctl_reply_u64(out, "connect_failures", cs->n_connect_fail);
	ctl_reply_u64(out, "accepted", cs->n_accept);
	ctl_reply_u64(out, "established", cs->n_established);
	ctl_reply_u64(out, "verified", cs->n_verified);
	ctl_reply_u64(out, "duplicates", cs->n_duplicate);
	ctl_reply_u64(out, "refused_link_verified", cs->n_guarded);
	ctl_reply_u64(out, "probation", cs->n_cand);
	ctl_reply_u64(out, "probation_promoted", cs->n_cand_promoted);
	ctl_reply_u64(out, "probation_dropped", cs->n_cand_dropped);
	ctl_reply_u64(out, "refuse_from_unverified", cs->n_refuse_unverified);
	ctl_reply_u64(out, "hellos_replaced", cs->n_hello_replaced);
	ctl_reply_u64(out, "strays", cs->n_accept_stray);
	ctl_reply_u64(out, "listen_failures", ss->n_start_fail);
	sum = 0;
	for (i = 0; i < SRP_CONN_DOWN_MAX; i++)
		sum += cs->n_down[i];
	ctl_reply_u64(out, "resets", sum);
	ctl_reply_obj_begin(out, "resets_by_reason");
	for (i = 0; i < SRP_CONN_DOWN_MAX; i++)
		ctl_reply_u64(out, cmd_key(srp_conn_down_str(i), key),
			    cs->n_down[i]);
	ctl_reply_obj_end(out);
	ctl_reply_obj_end(out);
	sum = 0;
	for (i = SRP_AUTH_OK + 1; i < SRP_AUTH_E_MAX; i++)
		sum += cs->n_auth_fail[i];
	ctl_reply_u64(out, "auth_failures", sum);
	ctl_reply_obj_begin(out, "auth_failures_by_kind");
	for (i = SRP_AUTH_OK + 1; i < SRP_AUTH_E_MAX; i++)
		ctl_reply_u64(out, cmd_key(srp_auth_err_name(i), key),
			    cs->n_auth_fail[i]);
	ctl_reply_obj_end(out);
	ctl_reply_obj_begin(out, "refuse_sent");
	for (i = 1; i < SRP_REFUSE_MAX; i++)
		ctl_reply_u64(out, cmd_key(srp_refuse_reason_str(i), key),
			    cs->n_refuse_tx[i]);
	ctl_reply_obj_end(out);
	ctl_reply_obj_begin(out, "refuse_received");
	for (i = 1; i < SRP_REFUSE_MAX; i++)
		ctl_reply_u64(out, cmd_key(srp_refuse_reason_str(i), key),
			    cs->n_refuse_rx[i]);
	ctl_reply_obj_end(out);
	ctl_reply_obj_begin(out, "messages_sent");
	for (i = 0; i < SRP_MSG_TYPE_MAX; i++)
		if (cs->n_msg_tx[i] != 0)
			ctl_reply_u64(out, cmd_key(srp_msg_type_name(i), key),
				    cs->n_msg_tx[i]);
	ctl_reply_obj_end(out);
	ctl_reply_obj_begin(out, "messages_received");
	for (i = 0; i < SRP_MSG_TYPE_MAX; i++)
		if (cs->n_msg_rx[i] != 0)
			ctl_reply_u64(out, cmd_key(srp_msg_type_name(i), key),
				    cs->n_msg_rx[i]);
	ctl_reply_obj_end(out);
	ctl_reply_u64(out, "bytes_sent", cs->n_bytes_tx);
	ctl_reply_u64(out, "bytes_received", cs->n_bytes_rx);
	ctl_reply_obj_begin(out, "decode_errors");
	for (i = SRP_CODEC_OK + 1; i < SRP_CODEC_E_MAX; i++)
		ctl_reply_u64(out, cmd_key(srp_codec_err_name(i), key),
			    cs->n_decode_err[i]);
	ctl_reply_obj_end(out);
	ctl_reply_u64(out, "session_queue_full", cs->n_tx_full);
	ctl_reply_u64(out, "control_queue_full", cs->n_tx_ctl_full);
	sum = 0;
	for (i = 0; i < SRP_MSG_TYPE_MAX; i++)
		sum += ss->n_unexpected[i];
	ctl_reply_u64(out, "unexpected_messages", sum);
	ctl_reply_u64(out, "send_failures", ss->n_send_fail);
	ctl_reply_obj_begin(out, "checkpoint");
	ctl_reply_u64(out, "begin_sent", ss->n_ckpt_begin_tx);
	ctl_reply_u64(out, "end_sent", ss->n_ckpt_end_tx);
	ctl_reply_u64(out, "begin_received", ss->n_ckpt_begin_rx);
	ctl_reply_u64(out, "end_received", ss->n_ckpt_end_rx);
	ctl_reply_u64(out, "complete", ss->n_ckpt_done);
	ctl_reply_obj_end(out);
	ctl_reply_obj_begin(out, "database_recovery");
	ctl_reply_str(out, "mode", srp_fsm_dbrec_str(s->fsm.conf.db_recovery));
	ctl_reply_u64(out, "hellos_required",
		    s->fsm.conf.db_recovery == SRP_WDBREC_NORMAL ?
		    SRP_DBREC_NORMAL_HELLOS : 0);
	ctl_reply_u64(out, "active_hellos", s->fsm.dbrec.n_active_hellos);
	ctl_reply_u64(out, "hellos_at_ready", s->fsm.dbrec.ready_hellos);
	cmd_since_start(out, "checkpoint_applied_after_start_ms", &s->fsm,
			s->fsm.dbrec.ckpt_done_ms);
	cmd_since_start(out, "ready_after_start_ms", &s->fsm,
			s->fsm.dbrec.ready_ms);
	ctl_reply_u64(out, "checkpoint_before_hellos", fs->n_ckpt_early);
	ctl_reply_u64(out, "copy_lost", fs->n_ckpt_lost);
	ctl_reply_obj_end(out);
	ctl_reply_obj_begin(out, "dataplane");
	ctl_reply_u64(out, "flips", ss->n_dp_flip);
	ctl_reply_u64(out, "flip_failures", ss->n_dp_flip_fail);
	ctl_reply_u64(out, "fencings_waited_for_workers", ss->n_dp_settle_wait);
	ctl_reply_u64(out, "route_modifier_announcements", ss->n_rm_announce);
	ctl_reply_obj_end(out);
	ctl_reply_u64(out, "link_up", ss->n_link_up);
	ctl_reply_u64(out, "link_down", ss->n_link_down);
	ctl_reply_u64(out, "events_ignored", fs->n_ignored);
	ctl_reply_u64(out, "events_invalid", fs->n_invalid);
	ctl_reply_u64(out, "requests_unverified", fs->n_unverified);
}

static int
show_srp_statistics(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	struct ctl_srp *s = ctl_srp_get();
	int ret;

	(void)argv;
	(void)arg;
	ret = cmd_check(out, s, argc, "show srp statistics");
	if (ret != 0)
		return ret;
	cmd_stats(out, s);
	return 0;
}

/* clear srp hello-gaps: restart the hello gap statistic (a benchmark
 * phase, an operator's window). */
static int
clear_srp_hello_gaps(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	struct ctl_srp *s = ctl_srp_get();
	int ret;

	(void)argv;
	(void)arg;
	ret = cmd_check(out, s, argc, "clear srp hello-gaps");
	if (ret != 0)
		return ret;
	srp_hgap_reset(&s->hgap);
	return 0;
}

/* A deadline as "in N ms", or "-" when disarmed. */
static void
cmd_deadline(struct ctl_reply *out, const char *key, uint64_t at, uint64_t now)
{
	if (at == 0 || at == UINT64_MAX)
		ctl_reply_str(out, key, "-");
	else
		ctl_reply_fmt_str(out, key, "in %llu ms",
				(unsigned long long)(at > now ? at - now : 0));
}

static int
show_srp_details(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	struct ctl_srp *s = ctl_srp_get();
	const struct srp_fsm *f = &s->fsm;
	const struct ctl_srp_change *c;
	uint64_t now = ctl_loop_now_ms();
	uint64_t i, first;
	unsigned int st;
	int ret;

	(void)argv;
	(void)arg;
	ret = cmd_check(out, s, argc, "show srp details");
	if (ret != 0)
		return ret;
	ctl_reply_obj_begin(out, "info");
	cmd_info(out, s);
	ctl_reply_obj_end(out);
	ctl_reply_obj_begin(out, "timers");
	ctl_reply_u64(out, "hello_interval_ms", f->conf.hello_ms);
	ctl_reply_u64(out, "dead_interval_ms", f->conf.dead_ms);
	ctl_reply_u64(out, "delay_interval_ms", f->conf.delay_ms);
	cmd_deadline(out, "next_hello", srp_conn_is_up(&s->conn) ?
		     s->next_hello_ms : 0, now);
	cmd_deadline(out, "dead_deadline", f->dead_deadline_ms, now);
	cmd_deadline(out, "delay_deadline", f->delay_deadline_ms, now);
	cmd_deadline(out, "switch_deadline", f->switch_deadline_ms, now);
	cmd_deadline(out, "damp_deadline", f->damp_deadline_ms, now);
	cmd_deadline(out, "link_deadline", srp_conn_next_deadline(&s->conn),
		     now);
	ctl_reply_obj_end(out);
	ctl_reply_obj_begin(out, "statistics");
	cmd_stats(out, s);
	ctl_reply_obj_end(out);
	ctl_reply_obj_begin(out, "state_entries");
	for (st = 0; st < SRP_ST_MAX; st++)
		ctl_reply_u64(out, srp_fsm_state_str(st), f->stats.n_enter[st]);
	ctl_reply_obj_end(out);
	ctl_reply_arr_begin(out, "transitions");
	first = s->n_hist > CTL_SRP_HISTORY ? s->n_hist - CTL_SRP_HISTORY : 0;
	for (i = first; i < s->n_hist; i++) {
		c = &s->hist[i % CTL_SRP_HISTORY];
		ctl_reply_obj_begin(out, NULL);
		cmd_time(out, "time", c->wall_s);
		ctl_reply_u64(out, "ago_ms", now - c->t.now_ms);
		ctl_reply_str(out, "from", srp_fsm_state_str(c->t.from));
		ctl_reply_str(out, "to", srp_fsm_state_str(c->t.to));
		ctl_reply_str(out, "event", srp_fsm_event_str(c->t.event));
		ctl_reply_str(out, "cause", srp_fsm_cause_str(c->t.cause));
		ctl_reply_str(out, "want", cmd_want_str(c->t.want));
		ctl_reply_u64(out, "generation", c->t.generation);
		ctl_reply_obj_end(out);
	}
	ctl_reply_arr_end(out);
	return 0;
}

static int
cmd_errno_of(enum srp_fsm_refusal r)
{
	switch (r) {
	case SRP_REF_PEER_DOWN:
		return -ENOTCONN;
	case SRP_REF_PEER_NOT_READY:
		return -EAGAIN;
	case SRP_REF_IN_PROGRESS:
		return -EBUSY;
	default:
		return -EPERM;
	}
}

/* First differing must-match line of one side: "only here: LINE". */
static void
cmd_first_diff_line(void *arg, bool local, const char *line)
{
	char *buf = arg;

	if (buf[0] == '\0')
		snprintf(buf, 256, "%s: %s",
			 local ? "only here" : "only on peer", line);
}

/* The first difference with the peer's text, or why there is none. */
static void
cmd_first_diff(const struct ctl_srp *s, char *buf, size_t len)
{
	char first[256] = "";

	if (s->peer_text == NULL ||
	    ctl_srp_digest_diff(s->local_text, s->peer_text,
				cmd_first_diff_line, first) <= 0 ||
	    first[0] == '\0') {
		snprintf(buf, len, "peer text not received yet");
		return;
	}
	snprintf(buf, len, "%s", first);
}

static int
srp_initiate_switchover(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	struct ctl_srp *s = ctl_srp_get();
	enum srp_fsm_refusal ref;
	char diff[256];
	bool force = false;
	int ret;

	(void)arg;
	if (!s->enabled) {
		ctl_reply_error(out, "SRP is not running");
		return -ENODEV;
	}
	if (argc == 1 && strcmp(argv[0], "force") == 0) {
		force = true;
	} else if (argc != 0) {
		ctl_reply_error(out, "unexpected '%s'; expected: srp "
			      "initiate-switchover [force]", argv[0]);
		return -EINVAL;
	}
	ret = ctl_srp_admin_switch(force, &ref);
	if (ret == -EPERM && ref == SRP_REF_CONFIG_MISMATCH) {
		cmd_first_diff(s, diff, sizeof(diff));
		ctl_reply_error(out, "switchover refused: %s: the peer's SRP "
				"configuration differs (%s; see srp "
				"validate-configuration; force to switch "
				"anyway)", srp_fsm_refusal_str(ref), diff);
		return cmd_errno_of(ref);
	}
	if (ret == -EPERM) {
		ctl_reply_error(out, "switchover refused: %s",
			      srp_fsm_refusal_str(ref));
		return cmd_errno_of(ref);
	}
	if (ret < 0) {
		ctl_reply_error(out, "switchover failed: %s", strerror(-ret));
		return ret;
	}
	ctl_reply_str(out, "result", "started");
	ctl_reply_bool(out, "force", force);
	ctl_reply_str(out, "chassis_state", srp_fsm_state_str(s->fsm.state));
	ctl_reply_str(out, "phase", srp_fsm_phase_str(s->fsm.phase));
	return 0;
}

static void
cmd_yes_no(struct ctl_reply *out, const char *key, bool v)
{
	ctl_reply_str(out, key, v ? "yes" : "no");
}

static int
srp_validate_switchover(struct ctl_reply *out, int argc, char **argv,
			void *arg)
{
	struct ctl_srp *s = ctl_srp_get();
	struct srp_fsm_readiness r;
	int ret;

	(void)argv;
	(void)arg;
	ret = cmd_check(out, s, argc, "srp validate-switchover");
	if (ret != 0)
		return ret;
	srp_fsm_validate(&s->fsm, &r);
	cmd_yes_no(out, "local_active", r.local_active);
	cmd_yes_no(out, "peer_connected", r.peer_connected);
	cmd_yes_no(out, "peer_ready", r.peer_ready);
	cmd_yes_no(out, "switchover_in_progress", r.in_progress);
	cmd_yes_no(out, "aaa_non_reversible", r.aaa_nonrev);
	cmd_yes_no(out, "config_match", r.config_match);
	ctl_reply_str(out, "switchover", r.verdict == SRP_REF_NONE ?
		    "allowed" : srp_fsm_refusal_str(r.verdict));
	ctl_reply_str(out, "switchover_force", r.verdict_force == SRP_REF_NONE ?
		    "allowed" : srp_fsm_refusal_str(r.verdict_force));
	return 0;
}

static void
cmd_diff_line(void *arg, bool local, const char *line)
{
	struct ctl_reply *out = arg;
	char buf[1024];

	snprintf(buf, sizeof(buf), "%s: %s",
		 local ? "only here" : "only on peer", line);
	ctl_reply_str(out, NULL, buf);
}

static int
srp_validate_configuration(struct ctl_reply *out, int argc, char **argv,
			   void *arg)
{
	struct ctl_srp *s = ctl_srp_get();
	int ret, n;

	(void)argv;
	(void)arg;
	ret = cmd_check(out, s, argc, "srp validate-configuration");
	if (ret != 0)
		return ret;
	if (s->peer_text == NULL) {
		ctl_reply_str(out, "result", "peer configuration unknown");
		ctl_reply_u64(out, "differences", 0);
		return 0;
	}
	if (memcmp(s->peer_digest, s->digest, SRP_DIGEST_LEN) == 0) {
		ctl_reply_str(out, "result", "match");
		ctl_reply_u64(out, "differences", 0);
		return 0;
	}
	ctl_reply_str(out, "result", "mismatch");
	ctl_reply_arr_begin(out, "lines");
	n = ctl_srp_digest_diff(s->local_text, s->peer_text, cmd_diff_line,
				out);
	ctl_reply_arr_end(out);
	if (n < 0) {
		ctl_reply_error(out, "cannot compare: %s", strerror(-n));
		return n;
	}
	ctl_reply_u64(out, "differences", (uint64_t)n);
	return 0;
}

static const struct ctl_cmd srp_cmds[] = {
	{
		.words = "show srp info",
		.args = "",
		.help = "chassis role and state, peer, link, config match",
		.fn = show_srp_info,
		.telemetry = true,
	},
	{
		.words = "show srp statistics",
		.args = "",
		.help = "hellos, switchovers by cause, refusals, link counters",
		.fn = show_srp_statistics,
		.telemetry = true,
	},
	{
		.words = "show srp details",
		.args = "",
		.help = "info, statistics, timers and the last state changes",
		.fn = show_srp_details,
		.telemetry = true,
	},
	{
		.words = "clear srp hello-gaps",
		.args = "",
		.help = "restart the hello gap maximum and late count",
		.fn = clear_srp_hello_gaps,
	},
	{
		.words = "srp initiate-switchover",
		.args = "[force]",
		.help = "hand the active role to the peer (force: peer syncing)",
		.fn = srp_initiate_switchover,
	},
	{
		.words = "srp validate-switchover",
		.args = "",
		.help = "what a switchover would meet now, item by item",
		.fn = srp_validate_switchover,
	},
	{
		.words = "srp terminate-post-process",
		.args = "",
		.help = "end the post-switchover phases now",
		.fn = srp_terminate_post_process,
	},
	{
		.words = "srp validate-configuration",
		.args = "",
		.help = "compare the SRP configuration with the peer's",
		.fn = srp_validate_configuration,
	},
};

int
ctl_srp_cmd_register(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < RTE_DIM(srp_cmds); i++) {
		ret = ctl_api_register(&srp_cmds[i]);
		if (ret < 0 && ret != -EEXIST)
			return ret;
	}
	return 0;
}
