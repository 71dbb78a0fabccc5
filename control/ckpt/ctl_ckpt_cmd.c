/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Operator commands of session replication: show srp checkpoint
 * statistics [verbose], show srp checkpoint info, show srp call-loss
 * statistics, srp disable|enable nack micro-chkpt-cmd N.
 * Context: control.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_common.h>

#include "core/ctl_api.h"
#include "ctl_ckpt.h"
#include "core/ctl_reply.h"
#include "dp_ckpt_ring.h"
#include "srp_ckpt_comp.h"

static struct ctl_ckpt *cmd_ckpt;

static int
cmd_check(struct ctl_reply *out, int argc, int max_args, const char *words)
{
	if (cmd_ckpt == NULL || cmd_ckpt->t == NULL) {
		ctl_reply_error(out, "SRP is not running");
		return -ENODEV;
	}
	if (argc > max_args) {
		ctl_reply_error(out, "%s: too many arguments", words);
		return -EINVAL;
	}
	return 0;
}

static void
cmd_bytes(struct ctl_reply *out, const struct ctl_ckpt_stats *st)
{
	unsigned int k;

	ctl_reply_obj_begin(out, "bytes_by_algorithm");
	for (k = SRP_WCOMP_ZLIB; k < SRP_WCOMP_MAX; k++) {
		ctl_reply_obj_begin(out, srp_comp_name(k));
		ctl_reply_u64(out, "before_compression", st->bytes_raw[k]);
		ctl_reply_u64(out, "after_compression", st->bytes_comp[k]);
		ctl_reply_obj_end(out);
	}
	ctl_reply_obj_end(out);
}

static int
show_ckpt_stats(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	const struct ctl_ckpt *c = cmd_ckpt;
	const struct ctl_ckpt_stats *st;
	bool verbose = false;
	unsigned int k;
	uint64_t fails = 0;
	int ret;

	(void)arg;
	ret = cmd_check(out, argc, 1, "show srp checkpoint statistics");
	if (ret != 0)
		return ret;
	if (argc == 1) {
		if (strcmp(argv[0], "verbose") != 0) {
			ctl_reply_error(out, "show srp checkpoint statistics: "
				      "unknown word '%s' (expected: verbose)",
				      argv[0]);
			return -EINVAL;
		}
		verbose = true;
	}
	st = &c->stats;
	ctl_reply_str(out, "compression", c->comp_agreed ?
		    srp_comp_name(c->comp) : "not negotiated");
	ctl_reply_u64(out, "local_comp_caps", c->local_caps);
	ctl_reply_u64(out, "peer_comp_caps", c->peer_caps);
	ctl_reply_bool(out, "full_checkpoint_running", c->tx_running);
	ctl_reply_u64(out, "full_checkpoints_sent", st->n_full_sent);
	ctl_reply_u64(out, "full_checkpoints_received", st->n_full_begun);
	ctl_reply_u64(out, "full_checkpoints_applied", st->n_full_applied);
	ctl_reply_u64(out, "full_checkpoints_failed", st->n_full_failed);
	ctl_reply_u64(out, "chunks_sent", st->n_chunk_tx);
	ctl_reply_u64(out, "chunks_received", st->n_chunk_rx);
	ctl_reply_u64(out, "deltas_sent", st->n_delta_tx);
	ctl_reply_u64(out, "deltas_received", st->n_delta_rx);
	ctl_reply_u64(out, "records_sent_upsert",
		    st->n_rec_tx[CTL_CKPT_CMD_UPSERT]);
	ctl_reply_u64(out, "records_sent_delete",
		    st->n_rec_tx[CTL_CKPT_CMD_DELETE]);
	ctl_reply_u64(out, "records_sent_counters",
		    st->n_rec_tx[CTL_CKPT_CMD_COUNTERS]);
	ctl_reply_u64(out, "records_applied_upsert",
		    st->n_rec_rx[CTL_CKPT_CMD_UPSERT]);
	ctl_reply_u64(out, "records_applied_delete",
		    st->n_rec_rx[CTL_CKPT_CMD_DELETE]);
	ctl_reply_u64(out, "records_applied_counters",
		    st->n_rec_rx[CTL_CKPT_CMD_COUNTERS]);
	ctl_reply_u64(out, "records_not_applied", st->n_rec_fail);
	/* Session timer records (SRP_CAP_SESS_TIMERS), docs/checkpoint.md. */
	ctl_reply_u64(out, "timer_records_sent", st->n_timers_tx);
	ctl_reply_u64(out, "timer_records_withheld", st->n_timers_unshared);
	ctl_reply_u64(out, "timer_records_applied", st->n_timers_rx);
	/* 0: the workers do not emit micro-checkpoints now. */
	ctl_reply_u64(out, "worker_refresh_ms", c->mc_refresh_ms);
	ctl_reply_u64(out, "workers_mc_emitted", dp_ckpt_ring_emitted(c->mc));
	ctl_reply_u64(out, "workers_mc_ring_full", dp_ckpt_ring_full(c->mc));
	for (k = 0; k < CTL_CKPT_FAIL_MAX; k++)
		fails += st->n_fail[k];
	ctl_reply_u64(out, "batches_failed", fails);
	ctl_reply_u64(out, "nacks_sent", st->n_nack_tx);
	ctl_reply_u64(out, "nacks_received", st->n_nack_rx);
	/* On a standby every session it holds came from the active. */
	ctl_reply_u64(out, "sessions_replicated", c->active ? 0 :
		    sess_table_count(c->t));
	ctl_reply_u64(out, "active_session_count", c->announced);
	ctl_reply_u64(out, "last_full_checkpoint_sent_ms", st->last_full_ms);
	ctl_reply_u64(out, "last_full_checkpoint_applied_ms",
		    st->last_full_rx_ms);
	cmd_bytes(out, st);
	if (!verbose)
		return 0;
	ctl_reply_obj_begin(out, "failures_by_reason");
	for (k = 0; k < CTL_CKPT_FAIL_MAX; k++)
		ctl_reply_u64(out, ctl_ckpt_fail_str(k), st->n_fail[k]);
	ctl_reply_obj_end(out);
	ctl_reply_u64(out, "full_checkpoints_started", st->n_full_started);
	ctl_reply_u64(out, "full_checkpoints_aborted", st->n_full_aborted);
	ctl_reply_u64(out, "epoch_sent", c->tx_epoch);
	ctl_reply_u64(out, "epoch_received", c->rx_epoch);
	ctl_reply_u64(out, "sessions_aged_then_sent", st->n_aged);
	ctl_reply_u64(out, "aging_queue", c->age[0].n + c->age[1].n);
	ctl_reply_u64(out, "pending_changes", c->pend[0].n + c->pend[1].n);
	ctl_reply_u64(out, "session_queue_backoffs", st->n_backoff);
	ctl_reply_u64(out, "send_failures", st->n_send_fail);
	ctl_reply_u64(out, "pfcp_records_sent", st->n_rec_tx_ext);
	ctl_reply_u64(out, "pfcp_records_applied", st->n_rec_rx_ext);
	ctl_reply_u64(out, "nacks_suppressed", st->n_nack_suppressed);
	ctl_reply_u64(out, "sessions_evicted", st->n_evicted);
	ctl_reply_u64(out, "sessions_removed_at_end", st->n_cleanup);
	ctl_reply_u64(out, "received_while_active", st->n_ignored_active);
	ctl_reply_u64(out, "batches_too_big", st->n_rx_too_big);
	ctl_reply_u64(out, "peer_restarts_limited", st->n_restart_limited);
	ctl_reply_u64(out, "batches_applied_in_slices", st->n_rx_slices);
	ctl_reply_u64(out, "receive_queued", st->n_rxq_queued);
	ctl_reply_u64(out, "receive_queue_now", c->rxq.n);
	ctl_reply_u64(out, "receive_queue_bytes", c->rxq.bytes);
	ctl_reply_u64(out, "receive_queue_max", st->rxq_max);
	ctl_reply_u64(out, "receive_queue_full", st->n_rxq_full);
	ctl_reply_u64(out, "deletes_of_unknown_sessions", st->n_delete_unknown);
	ctl_reply_u64(out, "seen_set_full", st->n_seen_full);
	ctl_reply_u64(out, "stale_epoch_messages", st->n_rx_stale);
	ctl_reply_u64(out, "resync_requests", st->n_resync_req);
	ctl_reply_u64(out, "stale_nacks", st->n_nack_stale);
	ctl_reply_obj_begin(out, "records_not_applied_by_command");
	ctl_reply_u64(out, "session_upsert",
		    st->n_rec_fail_cmd[CTL_CKPT_CMD_UPSERT]);
	ctl_reply_u64(out, "session_delete",
		    st->n_rec_fail_cmd[CTL_CKPT_CMD_DELETE]);
	ctl_reply_u64(out, "counters", st->n_rec_fail_cmd[CTL_CKPT_CMD_COUNTERS]);
	ctl_reply_obj_end(out);
	ctl_reply_u64(out, "mc_slots_drained", st->n_mc_slots);
	ctl_reply_u64(out, "mc_ring_drains", st->n_mc_drains);
	ctl_reply_u64(out, "mc_overflow_sweeps", st->n_mc_sweeps);
	ctl_reply_u64(out, "mc_slots_swept", st->n_mc_swept);
	ctl_reply_u64(out, "mc_refreshes_coalesced", st->n_mc_coalesced);
	ctl_reply_u64(out, "mc_skipped_young", st->n_mc_young);
	ctl_reply_u64(out, "mc_skipped_upsert_pending", st->n_mc_pending);
	ctl_reply_u64(out, "mc_skipped_gone", st->n_mc_gone);
	ctl_reply_u64(out, "mc_refresh_set_failures", st->n_mc_set_fail);
	ctl_reply_u64(out, "mc_trailing_refreshes", st->n_mc_trailing);
	ctl_reply_u64(out, "counter_refreshes_pending",
		    c->cnt[0].n + c->cnt[1].n);
	ctl_reply_bool(out, "end_sweep_running", c->rx_sweeping);
	ctl_reply_u64(out, "bytes_received_compressed", st->rx_bytes_comp);
	ctl_reply_u64(out, "bytes_received_uncompressed", st->rx_bytes_raw);
	return 0;
}

static int
show_ckpt_info(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	static const struct {
		unsigned int	id;
		const char	*name;
		const char	*kind;
		const char	*carries;
	} cmds[] = {
		{ CTL_CKPT_CMD_FULL, "full-checkpoint", "macro",
		  "CKPT_BEGIN, CKPT_CHUNK (upsert records), CKPT_END" },
		{ CTL_CKPT_CMD_UPSERT, "session-upsert", "micro",
		  "SESS_DELTA upsert record (session created or changed)" },
		{ CTL_CKPT_CMD_DELETE, "session-delete", "micro",
		  "SESS_DELTA delete record (session gone)" },
		{ CTL_CKPT_CMD_COUNTERS, "session-counters", "micro",
		  "SESS_DELTA counters record (worker refresh: counters, "
		  "last activity)" },
	};
	unsigned int i;
	int ret;

	(void)argv;
	(void)arg;
	ret = cmd_check(out, argc, 0, "show srp checkpoint info");
	if (ret != 0)
		return ret;
	ctl_reply_u64(out, "record_format_version", SRP_REC_VERSION);
	ctl_reply_u64(out, "batch_max_bytes", CTL_CKPT_BATCH_MAX);
	ctl_reply_arr_begin(out, "commands");
	for (i = 0; i < RTE_DIM(cmds); i++) {
		ctl_reply_obj_begin(out, NULL);
		ctl_reply_u64(out, "id", cmds[i].id);
		ctl_reply_str(out, "name", cmds[i].name);
		ctl_reply_str(out, "kind", cmds[i].kind);
		ctl_reply_str(out, "carries", cmds[i].carries);
		if (cmds[i].id != CTL_CKPT_CMD_FULL)
			ctl_reply_str(out, "nack", cmd_ckpt->nack_off[cmds[i].id] ?
				    "disabled" : "enabled");
		ctl_reply_obj_end(out);
	}
	ctl_reply_arr_end(out);
	return 0;
}

static int
show_call_loss(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	const struct ctl_ckpt_loss *l;
	int ret;

	(void)argv;
	(void)arg;
	ret = cmd_check(out, argc, 0, "show srp call-loss statistics");
	if (ret != 0)
		return ret;
	l = &cmd_ckpt->loss;
	ctl_reply_u64(out, "takeovers", l->n_takeovers);
	ctl_reply_u64(out, "total_sessions_lost", l->total_lost);
	ctl_reply_obj_begin(out, "last_takeover");
	ctl_reply_utc(out, "time", l->n_takeovers == 0 ? 0 : l->wall_s, "-");
	ctl_reply_str(out, "cause", l->n_takeovers == 0 || l->cause == NULL ?
		      "-" : l->cause);
	ctl_reply_u64(out, "active_session_count", l->announced);
	ctl_reply_u64(out, "sessions_held", l->held);
	ctl_reply_u64(out, "sessions_lost", l->lost);
	ctl_reply_u64(out, "lost_too_young", l->too_young);
	ctl_reply_u64(out, "lost_not_applied", l->not_applied);
	ctl_reply_obj_end(out);
	return 0;
}

/* srp disable|enable nack micro-chkpt-cmd N */
static int
srp_nack_set(struct ctl_reply *out, int argc, char **argv, bool on)
{
	const char *words = on ? "srp enable nack micro-chkpt-cmd" :
			    "srp disable nack micro-chkpt-cmd";
	unsigned long v;
	char *end;
	int ret;

	ret = cmd_check(out, argc, 1, words);
	if (ret != 0)
		return ret;
	if (argc != 1) {
		ctl_reply_error(out, "%s: expected a command id (2 session-upsert, "
			      "3 session-delete, 4 session-counters)", words);
		return -EINVAL;
	}
	errno = 0;
	v = strtoul(argv[0], &end, 10);
	if (errno != 0 || end == argv[0] || *end != '\0' || v > 255 ||
	    ctl_ckpt_nack_enable(cmd_ckpt, (unsigned int)v, on) < 0) {
		ctl_reply_error(out, "%s: '%s' is not a micro-checkpoint command "
			      "id (2 session-upsert, 3 session-delete, 4 "
			      "session-counters; see show srp checkpoint info)",
			      words, argv[0]);
		return -EINVAL;
	}
	ctl_reply_u64(out, "command_id", v);
	ctl_reply_str(out, "nack", on ? "enabled" : "disabled");
	return 0;
}

static int
srp_nack_disable(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	(void)arg;
	return srp_nack_set(out, argc, argv, false);
}

static int
srp_nack_enable(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	(void)arg;
	return srp_nack_set(out, argc, argv, true);
}

static const struct ctl_cmd ckpt_cmds[] = {
	{
		.words = "srp disable nack micro-chkpt-cmd",
		.args = "N",
		.help = "stop NACKs for a failing micro-checkpoint command",
		.fn = srp_nack_disable,
	},
	{
		.words = "srp enable nack micro-chkpt-cmd",
		.args = "N",
		.help = "resume NACKs for a micro-checkpoint command",
		.fn = srp_nack_enable,
	},
	{
		.words = "show srp checkpoint statistics",
		.args = "[verbose]",
		.help = "session replication counters, compression, NACKs",
		.fn = show_ckpt_stats,
		.telemetry = true,
	},
	{
		.words = "show srp checkpoint info",
		.args = "",
		.help = "checkpoint command ids and record format",
		.fn = show_ckpt_info,
		.telemetry = true,
	},
	{
		.words = "show srp call-loss statistics",
		.args = "",
		.help = "sessions lost at the last takeover and why",
		.fn = show_call_loss,
		.telemetry = true,
	},
};

int
ctl_ckpt_cmd_register(struct ctl_ckpt *c)
{
	unsigned int i;
	int ret;

	cmd_ckpt = c;
	for (i = 0; i < RTE_DIM(ckpt_cmds); i++) {
		ret = ctl_api_register(&ckpt_cmds[i]);
		if (ret < 0 && ret != -EEXIST)
			return ret;
	}
	return ctl_ckpt_audit_cmd_register(c);
}
