/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Operator commands for sessions ("session create|modify|delete|load|
 * generate") and subscribers ("show subscribers ..."), registered with the
 * command API. Context: control.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <rte_common.h>
#include <rte_cycles.h>

#include "conf/ctl_addr.h"
#include "core/ctl_api.h"
#include "core/ctl_loop.h"
#include "core/ctl_reply.h"
#include "ctl_sess_rec.h"
#include "ctl_sess.h"
#include "dp_fwd.h"

/* A feature above sess that adds to each session's output. */
static ctl_sess_show_fn *show_ext;

void
ctl_sess_show_ext_set(ctl_sess_show_fn *fn)
{
	show_ext = fn;
}

static int
cmd_fail(struct ctl_reply *out, int ret, const char *err)
{
	ctl_reply_error(out, "%s", err);
	return ret;
}

/* The bulk command waiting for its job (one job runs at a time). */
static struct {
	struct ctl_api_pending	*p;
	const char		*field;		/* "loaded", "generated" ... */
	char			file[CTL_SESS_LINE_MAX];
} cmd_bulk;

/* Fields of a bulk command's answer; @return @ret. */
static int
cmd_bulk_reply(struct ctl_reply *out, int ret, const char *err,
	       uint64_t elapsed_ms, const char *field, const char *file)
{
	if (ret < 0)
		return cmd_fail(out, ret, err);
	if (file != NULL)
		ctl_reply_str(out, "file", file);
	ctl_reply_u64(out, field, (uint64_t)ret);
	ctl_reply_u64(out, "elapsed_ms", elapsed_ms);
	return 0;
}

static void
cmd_bulk_done(void *arg, int ret, const char *err, uint64_t elapsed_ms)
{
	struct ctl_api_pending *p = cmd_bulk.p;

	(void)arg;
	if (p == NULL)
		return;
	cmd_bulk.p = NULL;
	ret = cmd_bulk_reply(ctl_api_pending_out(p), ret, err, elapsed_ms,
			     cmd_bulk.field,
			     cmd_bulk.file[0] != '\0' ? cmd_bulk.file : NULL);
	ctl_api_pending_finish(p, ret);
}

/* The client left before the job ended: the job goes on, unreported. */
static void
cmd_bulk_cancel(void *arg)
{
	(void)arg;
	cmd_bulk.p = NULL;
	ctl_sess_bulk_detach();
}

/*
 * Run a bulk operation: in slices with a deferred answer for socket
 * clients, synchronously otherwise (telemetry, tests without a reactor).
 */
static int
cmd_bulk_run(struct ctl_reply *out, enum ctl_sess_bulk_kind kind,
	     const char *path, const struct ctl_sess_gen *g, const char *field)
{
	char err[CTL_SESS_ERR_LEN];
	struct ctl_api_pending *p;
	uint64_t t0;
	int ret;

	ret = ctl_sess_gate(kind == CTL_SESS_BULK_DELETE_ALL ?
			    CTL_SESS_CHANGE_EXISTING : CTL_SESS_CHANGE_NEW,
			    err, sizeof(err));
	if (ret < 0)
		return cmd_fail(out, ret, err);
	p = ctl_api_defer(cmd_bulk_cancel, NULL);
	if (p != NULL) {
		ret = ctl_sess_bulk_start(kind, path, g, cmd_bulk_done, NULL,
					  err, sizeof(err));
		if (ret == 0) {
			cmd_bulk.p = p;
			cmd_bulk.field = field;
			snprintf(cmd_bulk.file, sizeof(cmd_bulk.file), "%s",
				 path != NULL ? path : "");
			return CTL_API_DEFERRED;
		}
		/* Answered now: ctl_api drops the handle. */
		if (ret != -EOPNOTSUPP)
			return cmd_fail(out, ret, err);
	}
	t0 = ctl_loop_now_ms();
	if (kind == CTL_SESS_BULK_LOAD)
		ret = ctl_sess_load(path, err, sizeof(err));
	else if (kind == CTL_SESS_BULK_GENERATE)
		ret = ctl_sess_generate(g, err, sizeof(err));
	else
		ret = ctl_sess_delete_all(err, sizeof(err));
	return cmd_bulk_reply(out, ret, err, ctl_loop_now_ms() - t0, field,
			      path);
}

static struct sess_table *
cmd_table(struct ctl_reply *out)
{
	struct sess_table *t = ctl_sess_table();

	if (t == NULL)
		ctl_reply_error(out, "session table not ready");
	return t;
}

static int
cmd_session_create(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	char err[CTL_SESS_ERR_LEN];
	struct sess_params p;
	int ret;

	(void)arg;
	ret = ctl_sess_parse_create(argc, argv, &p, err, sizeof(err));
	/* The gate: SRP refuses every change on a chassis that is not
	 * active, and new sessions during the post-switchover phases. */
	if (ret == 0)
		ret = ctl_sess_gate(CTL_SESS_CHANGE_NEW, err, sizeof(err));
	if (ret == 0)
		ret = ctl_sess_create(&p, err, sizeof(err));
	if (ret < 0)
		return cmd_fail(out, ret, err);
	ctl_reply_u64(out, "local_teid", p.teid_local);
	ctl_reply_str(out, "result", "created");
	return 0;
}

static int
cmd_session_modify(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	char err[CTL_SESS_ERR_LEN];
	struct ctl_sess_mod m;
	int ret;

	(void)arg;
	ret = ctl_sess_parse_modify(argc, argv, &m, err, sizeof(err));
	if (ret == 0)
		ret = ctl_sess_gate(CTL_SESS_CHANGE_EXISTING, err, sizeof(err));
	if (ret == 0)
		ret = ctl_sess_modify(&m, err, sizeof(err));
	if (ret < 0)
		return cmd_fail(out, ret, err);
	ctl_reply_u64(out, "local_teid", m.teid_local);
	ctl_reply_str(out, "result", "modified");
	return 0;
}

#define CMD_DELETE_USAGE	"session delete local-teid T | session delete all"

static int
cmd_session_delete(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	char err[CTL_SESS_ERR_LEN];
	uint32_t teid;
	int ret;

	(void)arg;
	if (argc == 1 && strcmp(argv[0], "all") == 0)
		return cmd_bulk_run(out, CTL_SESS_BULK_DELETE_ALL, NULL, NULL,
				    "deleted");
	if (argc != 2 || strcmp(argv[0], "local-teid") != 0) {
		ctl_reply_error(out, "expected: %s", CMD_DELETE_USAGE);
		return -EINVAL;
	}
	if (ctl_sess_teid_parse(argv[1], &teid) < 0) {
		ctl_reply_error(out, "bad local-teid '%.64s': expected "
			      "1..4294967295 (decimal or 0x hex); usage: %s",
			      argv[1], CMD_DELETE_USAGE);
		return -EINVAL;
	}
	ret = ctl_sess_gate(CTL_SESS_CHANGE_EXISTING, err, sizeof(err));
	if (ret == 0)
		ret = ctl_sess_delete(teid, err, sizeof(err));
	if (ret < 0)
		return cmd_fail(out, ret, err);
	ctl_reply_u64(out, "local_teid", teid);
	ctl_reply_str(out, "result", "deleted");
	return 0;
}

static int
cmd_session_load(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	(void)arg;
	if (argc != 1) {
		ctl_reply_error(out, "expected: session load FILE");
		return -EINVAL;
	}
	return cmd_bulk_run(out, CTL_SESS_BULK_LOAD, argv[0], NULL, "loaded");
}

static int
cmd_session_generate(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	char err[CTL_SESS_ERR_LEN];
	struct ctl_sess_gen g;
	int ret;

	(void)arg;
	ret = ctl_sess_parse_generate(argc, argv, &g, err, sizeof(err));
	if (ret < 0)
		return cmd_fail(out, ret, err);
	return cmd_bulk_run(out, CTL_SESS_BULK_GENERATE, NULL, &g,
			    "generated");
}

static int
cmd_show_summary(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	struct sess_table_stats st;
	struct sess_table *t;
	uint64_t per_sess;

	(void)argv;
	(void)arg;
	if (argc != 0) {
		ctl_reply_error(out, "show subscribers summary takes no arguments");
		return -EINVAL;
	}
	t = cmd_table(out);
	if (t == NULL)
		return -ENODEV;
	sess_table_stats_get(t, &st);
	per_sess = sess_table_mem_bytes(t);
	ctl_reply_u64(out, "total_subscribers", st.n_total);
	ctl_reply_u64(out, "ipv4_only", st.n_ipv4);
	ctl_reply_u64(out, "ipv6_only", st.n_ipv6);
	ctl_reply_u64(out, "dual_stack", st.n_dual);
	ctl_reply_u64(out, "with_qfi", st.n_qfi);
	ctl_reply_u64(out, "volte", st.n_volte);
	ctl_reply_u64(out, "error_indication_marked", st.n_err_ind);
	ctl_reply_u64(out, "ul_drop", st.n_ul_drop);
	ctl_reply_u64(out, "dl_drop", st.n_dl_drop);
	ctl_reply_u64(out, "no_downlink_tunnel", st.n_no_tunnel);
	ctl_reply_u64(out, "capacity", sess_table_max(t));
	ctl_reply_u64(out, "free", sess_table_free_slots(t));
	ctl_reply_u64(out, "pending_reclaim", sess_table_pending(t));
	ctl_reply_u64(out, "reclaim_headroom_slots",
		    sess_table_capacity(t) - sess_table_max(t));
	ctl_reply_u64(out, "memory_per_session_bytes", per_sess);
	ctl_reply_u64(out, "memory_at_capacity_bytes",
		    per_sess * sess_table_max(t));
	return 0;
}

/* Count and order-independent hash: compare two chassis' tables. */
static int
cmd_show_digest(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	struct sess_table *t;
	uint32_t n;
	uint64_t d;

	(void)argv;
	(void)arg;
	if (argc != 0) {
		ctl_reply_error(out, "show subscribers digest takes no arguments");
		return -EINVAL;
	}
	t = cmd_table(out);
	if (t == NULL)
		return -ENODEV;
	d = ctl_sess_digest(t, &n);
	ctl_reply_u64(out, "sessions", n);
	ctl_reply_fmt_str(out, "digest", "%016" PRIx64, d);
	return 0;
}

/* Session timers: defaults, expiries and the pass (slices). */
static int
cmd_show_timers(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	struct ctl_sess_timer_stats st;

	(void)argv;
	(void)arg;
	if (argc != 0) {
		ctl_reply_error(out, "show subscribers timers takes no arguments");
		return -EINVAL;
	}
	ctl_sess_timer_stats_get(&st);
	ctl_reply_u64(out, "idle_timeout_s", st.idle_s);
	ctl_reply_u64(out, "absolute_timeout_s", st.abs_s);
	ctl_reply_bool(out, "expiry_running", st.running);
	ctl_reply_u64(out, "expired_idle", st.n_idle);
	ctl_reply_u64(out, "expired_absolute", st.n_absolute);
	ctl_reply_u64(out, "expiries_deferred", st.n_deferred);
	ctl_reply_u64(out, "passes", st.n_passes);
	ctl_reply_u64(out, "slices", st.n_slices);
	ctl_reply_u64(out, "sessions_checked", st.n_checked);
	ctl_reply_u64(out, "max_slice_sessions", st.max_slice);
	ctl_reply_u64(out, "full_lifetime_restarts", st.n_restarts);
	ctl_reply_utc(out, "last_restart", st.last_restart_ms / 1000, "never");
	return 0;
}

static void
cmd_addr_out(struct ctl_reply *out, const char *key, int af, const void *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (inet_ntop(af, a, buf, sizeof(buf)) == NULL)
		snprintf(buf, sizeof(buf), "?");
	ctl_reply_str(out, key, buf);
}

/* A session's timers: in force, and what is left (-1: none). */
static void
cmd_timers_out(struct ctl_reply *out, struct sess_table *t,
	       const struct sess *s, uint64_t wall)
{
	struct ctl_sess_timer_left l;

	ctl_sess_timer_left(t, s, wall, &l);
	ctl_reply_u64(out, "idle_timeout_s", l.idle_s);
	ctl_reply_u64(out, "absolute_timeout_s", l.abs_s);
	ctl_reply_i64(out, "idle_remaining_s",
		      l.idle_ms < 0 ? -1 : l.idle_ms / 1000);
	ctl_reply_i64(out, "absolute_remaining_s",
		      l.abs_ms < 0 ? -1 : l.abs_ms / 1000);
}

static void
cmd_sess_out(struct ctl_reply *out, struct sess_table *t, const struct sess *s)
{
	struct sess_cnt sum;
	struct srp_rec r;
	uint64_t wall, age_ms;

	ctl_reply_u64(out, "local_teid", s->p.teid_local);
	ctl_reply_fmt_str(out, "local_teid_hex", "0x%08" PRIx32,
			s->p.teid_local);
	if (sess_params_has_tunnel(&s->p)) {
		ctl_reply_u64(out, "remote_teid", s->p.teid_remote);
		ctl_reply_fmt_str(out, "remote_teid_hex", "0x%08" PRIx32,
				  s->p.teid_remote);
		cmd_addr_out(out, "peer", s->p.peer_af == 4 ? AF_INET :
			     AF_INET6, s->p.peer_addr);
	} else {
		/* dl-drop before the downlink tunnel is known. */
		ctl_reply_str(out, "remote_teid", "none");
		ctl_reply_str(out, "remote_teid_hex", "none");
		ctl_reply_str(out, "peer", "none");
	}
	if (s->p.has_ue4)
		cmd_addr_out(out, "ue_ipv4", AF_INET, s->p.ue4);
	else
		ctl_reply_str(out, "ue_ipv4", "none");
	if (s->p.has_ue6)
		cmd_addr_out(out, "ue_ipv6", AF_INET6, s->p.ue6);
	else
		ctl_reply_str(out, "ue_ipv6", "none");
	if (s->p.has_qfi)
		ctl_reply_u64(out, "qfi", s->p.qfi);
	else
		ctl_reply_str(out, "qfi", "none");
	ctl_reply_bool(out, "volte", (s->p.flags & SESS_F_VOLTE) != 0);
	ctl_reply_bool(out, "error_indication",
		     (s->p.flags & SESS_F_ERR_IND) != 0);
	ctl_reply_bool(out, "ul_drop", (s->p.flags & SESS_F_UL_DROP) != 0);
	ctl_reply_bool(out, "dl_drop", (s->p.flags & SESS_F_DL_DROP) != 0);
	ctl_reply_u64(out, "counter_slot", s->slot);
	if (s->p.nh_id == DP_NH_NONE)
		ctl_reply_str(out, "neighbour_id", "none");
	else
		ctl_reply_u64(out, "neighbour_id", s->p.nh_id);
	ctl_reply_utc(out, "created", s->created_ms / 1000, "-");
	ctl_reply_u64(out, "created_ms", s->created_ms);
	sess_table_cnt_sum(t, s->slot, &sum);
	ctl_reply_u64(out, "uplink_packets", sum.ul_pkts);
	ctl_reply_u64(out, "uplink_bytes", sum.ul_bytes);
	ctl_reply_u64(out, "downlink_packets", sum.dl_pkts);
	ctl_reply_u64(out, "downlink_bytes", sum.dl_bytes);
	/* The newest of this node's workers and the replicated copy. */
	wall = ctl_loop_wall_ms();
	ctl_sess_rec_counters(t, s->slot, wall, &r);
	ctl_reply_u64(out, "last_activity_ms", r.last_activity_ms);
	if (r.last_activity_ms == 0) {
		ctl_reply_str(out, "last_activity", "never");
		ctl_reply_i64(out, "idle_ms", -1);
	} else {
		age_ms = wall > r.last_activity_ms ?
			 wall - r.last_activity_ms : 0;
		ctl_reply_fmt_str(out, "last_activity", "%" PRIu64 " ms ago",
				age_ms);
		ctl_reply_i64(out, "idle_ms", (int64_t)age_ms);
	}
	cmd_timers_out(out, t, s, wall);
	if (show_ext != NULL)
		show_ext(out, s);
}

static int
cmd_show_teid(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	const struct sess *s;
	struct sess_table *t;
	uint32_t teid;

	(void)arg;
	if (argc != 1 || ctl_sess_teid_parse(argv[0], &teid) < 0) {
		ctl_reply_error(out, "bad or missing TEID '%.64s'; expected: "
			      "show subscribers local-teid T "
			      "(1..4294967295, decimal or 0x hex)",
			      argc >= 1 ? argv[0] : "");
		return -EINVAL;
	}
	t = cmd_table(out);
	if (t == NULL)
		return -ENODEV;
	s = sess_table_lookup_teid(t, teid);
	if (s == NULL) {
		ctl_reply_error(out, "no session with local-teid %" PRIu32, teid);
		return -ENOENT;
	}
	cmd_sess_out(out, t, s);
	return 0;
}

static int
cmd_show_ue(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	const struct sess *s = NULL;
	struct sess_table *t;
	struct srp_addr a;
	uint8_t key[16];

	(void)arg;
	if (argc != 1 || ctl_addr_parse(argv[0], &a) < 0) {
		ctl_reply_error(out, "bad or missing address '%.64s'; expected: "
			      "show subscribers ue-address A (IPv4 or IPv6)",
			      argc >= 1 ? argv[0] : "");
		return -EINVAL;
	}
	t = cmd_table(out);
	if (t == NULL)
		return -ENODEV;
	if (a.family == AF_INET) {
		s = sess_table_lookup_ue4(t, (const uint8_t *)&a.v4);
	} else {
		memcpy(key, &a.v6, 16);
		s = sess_table_lookup_ue6(t, key);
		if (s == NULL) {
			/* An address inside a session's /64 prefix. */
			memset(key + 8, 0, 8);
			s = sess_table_lookup_ue6(t, key);
		}
	}
	if (s == NULL) {
		ctl_reply_error(out, "no session with UE address %s", argv[0]);
		return -ENOENT;
	}
	cmd_sess_out(out, t, s);
	return 0;
}

static const struct ctl_cmd sess_cmds[] = {
	{
		.words = "session create",
		.args = CTL_SESS_CREATE_ARGS,
		.help = "create a subscriber session",
		.fn = cmd_session_create,
	},
	{
		.words = "session modify",
		.args = CTL_SESS_MODIFY_ARGS,
		.help = "change fields of a session (the local TEID stays)",
		.fn = cmd_session_modify,
	},
	{
		.words = "session delete",
		.args = "local-teid T | all",
		.help = "delete one session or every session",
		.fn = cmd_session_delete,
	},
	{
		.words = "session load",
		.args = "FILE",
		.help = "create the sessions listed in FILE (all or nothing)",
		.fn = cmd_session_load,
	},
	{
		.words = "session generate",
		.args = CTL_SESS_GENERATE_ARGS,
		.help = "create N numbered sessions for benchmarks (all or nothing)",
		.fn = cmd_session_generate,
	},
	{
		.words = "show subscribers summary",
		.args = "",
		.help = "session totals, capacity and memory",
		.fn = cmd_show_summary,
		.telemetry = true,
	},
	{
		.words = "show subscribers digest",
		.args = "",
		.help = "session count and a hash of the replicated fields",
		.fn = cmd_show_digest,
		.telemetry = true,
	},
	{
		.words = "show subscribers timers",
		.args = "",
		.help = "session timer defaults, expiries (idle, absolute)",
		.fn = cmd_show_timers,
		.telemetry = true,
	},
	{
		.words = "show subscribers local-teid",
		.args = "T",
		.help = "one session by its local TEID, with counters",
		.fn = cmd_show_teid,
	},
	{
		.words = "show subscribers ue-address",
		.args = "A",
		.help = "one session by a UE IPv4 or IPv6 address",
		.fn = cmd_show_ue,
	},
};

int
ctl_sess_cmd_register(void)
{
	unsigned int i;
	int ret, first = 0;

	for (i = 0; i < RTE_DIM(sess_cmds); i++) {
		ret = ctl_api_register(&sess_cmds[i]);
		if (ret < 0 && first == 0)
			first = ret;
	}
	return first;
}
