/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SRP service on the control reactor: drives the role machine
 * (srp_fsm) from the SRP link (srp_conn), the hello and deadline timers and
 * operator commands, carries out its actions (data-plane flip, hellos,
 * switchover messages, refusals) and keeps what the srp show commands
 * print. One instance per process. Context: control.
 */
#ifndef CTL_SRP_H
#define CTL_SRP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_log.h>

#include "ckpt/ctl_ckpt.h"
#include "conf/ctl_conf.h"
#include "ctl_srp_digest.h"
#include "ctl_takeover.h"
#include "ctl_takeover_audit.h"
#include "srp_conn.h"
#include "srp_fsm.h"
#include "srp_hgap.h"

struct ctl_loop;
struct ctl_timer;

/* Transitions kept for show srp details. */
#define CTL_SRP_HISTORY		16
/* Descriptors srp_conn may ask us to watch at once. */
#define CTL_SRP_MAX_FDS		8
/* Early transition: checkpoint polls (CTL_CKPT_POLL_MS each) the old
 * active runs before it may fence, sending its pending deltas and counter
 * refreshes; it fences after these once nothing is queued (the switch
 * timer bounds the wait). */
#define CTL_SRP_FLUSH_POLLS	3u
/* Retry period of a failed srp_conn_start (bind address not there yet). */
#define CTL_SRP_START_RETRY_MS	1000u

extern int ctl_srp_logtype;

/* Log one line of type user.gw.srp at RTE_LOG_<level>. */
#define SRP_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, ctl_srp_logtype, "SRP: " fmt "\n", \
		## __VA_ARGS__)

/* One state change as kept in the history. */
struct ctl_srp_change {
	int64_t				wall_s;	/* time(NULL) */
	struct srp_fsm_transition	t;	/* now_ms is monotonic */
};

/* Counters of the service itself (the FSM and the link count the rest). */
struct ctl_srp_stats {
	uint64_t	n_config_tx;	/* CONFIG messages sent */
	uint64_t	n_config_rx;	/* CONFIG messages received */
	uint64_t	n_ckpt_begin_tx;
	uint64_t	n_ckpt_end_tx;
	uint64_t	n_ckpt_begin_rx;
	uint64_t	n_ckpt_end_rx;
	uint64_t	n_ckpt_done;	/* CKPT_DONE fed to the FSM */
	uint64_t	n_unexpected[SRP_MSG_TYPE_MAX]; /* by message type */
	uint64_t	n_send_fail;	/* srp_conn_send errors */
	uint64_t	n_start_fail;	/* srp_conn_start errors */
	uint64_t	n_dp_flip;	/* data-plane flips done */
	uint64_t	n_dp_flip_fail;	/* flips that failed (retried) */
	uint64_t	n_dp_settle_wait; /* fencings that waited for workers */
	uint64_t	n_rm_announce;	/* route modifier announcements */
	uint64_t	n_link_up;
	uint64_t	n_link_down;
};

/* The service. */
struct ctl_srp {
	bool			enabled;	/* SRP block configured */
	const struct ctl_conf	*conf;
	struct ctl_loop		*loop;
	struct srp_fsm		fsm;
	struct srp_conn		conn;
	bool			conn_init;	/* srp_conn_init done */
	bool			conn_started;	/* srp_conn_start done */
	int			start_err;	/* last srp_conn_start error */
	uint64_t		start_retry_ms;	/* 0 = none */
	struct ctl_timer	*hello_timer;	/* every hello_ms */
	struct ctl_timer	*wake_timer;	/* one shot: next deadline */
	uint64_t		next_hello_ms;
	int			fds[CTL_SRP_MAX_FDS]; /* watched, -1 free */
	/* Identity and configuration digest. */
	uint8_t			node_id[SRP_NODE_ID_LEN];
	const char		*node_id_src;	/* "port MAC", "bind address" */
	char			*local_text;	/* must-match text */
	size_t			local_len;
	uint8_t			digest[CTL_SRP_DIGEST_LEN];
	/* Peer, as last heard. */
	char			peer_sw_version[SRP_SW_VERSION_MAX + 1];
	uint8_t			peer_hello_digest[CTL_SRP_DIGEST_LEN];
	bool			peer_hello_seen; /* ever, any connection */
	bool			config_due;	/* CONFIG once the peer is verified */
	char			*peer_text;	/* from CONFIG, NULL = none */
	uint8_t			peer_digest[CTL_SRP_DIGEST_LEN];
	uint64_t		peer_config_ms;
	/* Data plane. */
	bool			dp_active;	/* published chassis flag */
	bool			dp_retry;	/* a flip failed: retry it */
	/* A fencing flip waits until no worker can still act on the state
	 * before it (dp_fwd_settled) before DP_DONE: polled, never waited. */
	bool			dp_settling;
	uint64_t		dp_settle_seq;
	uint32_t		announced_rm;	/* last ANNOUNCE_RM value */
	/* Post-switchover phases (ctl_takeover.h), stepped every ckpt poll. */
	struct ctl_takeover	post;
	uint8_t			dp_mode;	/* published enum dp_data_mode */
	uint32_t		audit_slot;	/* next session slot to audit */
	uint32_t		audit_n;	/* sessions audited, last run */
	uint32_t		audit_bad;	/* ... found inconsistent */
	struct ctl_purge_stats	purge_st;	/* ... purged, notified */
	/* Early transition, old active: checkpoint polls left before the
	 * flush may end (0 = no flush running). */
	uint32_t		flush_polls;
	/* Session replication (ctl_ckpt*.c). */
	struct ctl_ckpt		ckpt;
	bool			ckpt_init;	/* ctl_ckpt_init done */
	struct ctl_timer	*ckpt_timer;	/* every CTL_CKPT_POLL_MS */
	/* Operator-facing history. */
	enum srp_fsm_refusal	last_refusal;
	char			last_local_fault[128];	/* "" = none */
	uint64_t		n_local_fault_asks;
	uint64_t		n_local_recoveries;	/* faults cleared */
	uint64_t		last_local_recovery_wall_s;	/* 0: never */
	uint64_t		last_refusal_ms;
	int64_t			last_change_wall_s;
	uint64_t		up_since_ms;	/* link, 0 = down */
	int64_t			up_since_wall_s;
	struct ctl_srp_change	hist[CTL_SRP_HISTORY];
	uint64_t		n_hist;		/* total ever logged */
	struct ctl_srp_stats	stats;
	struct srp_hgap		hgap;	/* peer hello gaps (show srp statistics) */
};

/**
 * Start the service when @conf has an SRP block: node id, digest, FSM
 * (START fed), link (listen + connect; a failing start is retried every
 * CTL_SRP_START_RETRY_MS), timers, and the srp commands. The data plane is
 * flipped to not active first; the FSM turns it on. Without an SRP block
 * nothing starts and the data plane stays active.
 * Context: control, after ctl_fwd_init() and ctl_sess_init().
 * @param conf running configuration (must outlive the service)
 * @param loop reactor
 * @return 0; -EINVAL (settings the FSM refuses), -ENOMEM, or the error of
 *	   ctl_fwd_active_set / srp_conn_init / ctl_api_register (logged)
 */
int ctl_srp_init(const struct ctl_conf *conf, struct ctl_loop *loop);

/**
 * In-service configuration change (module reconf hook): the role machine
 * takes the new priority, intervals, timers and options, the configuration
 * digest and must-match text are computed again, and the peer gets a
 * hello and the text at once. Nothing changes on failure.
 * Context: control.
 * @return 0; -EINVAL (settings the role machine refuses), -ENOMEM
 */
int ctl_srp_reconf(const struct ctl_conf *was, const struct ctl_conf *conf,
		   char *err, size_t err_len);

/**
 * Stop the link (REFUSE shutdown to the peer when up), timers, free all.
 * Idempotent. Context: control, before ctl_loop_free().
 */
void ctl_srp_fini(void);

/**
 * The service, for the command handlers (ctl_srp_cmd.c).
 * Context: control.
 */
struct ctl_srp *ctl_srp_get(void);

/**
 * srp initiate-switchover [force]: feed ADMIN_SWITCH and run its actions.
 * Context: control.
 * @param force accept a STANDBY_SYNCING peer
 * @param refusal set to the refusal (SRP_REF_NONE when started)
 * @return 0 when the switchover started; -ENODEV without SRP; -EPERM
 *	   when refused (see @refusal)
 */
int ctl_srp_admin_switch(bool force, enum srp_fsm_refusal *refusal);

/**
 * A service monitor's verdict (control/mon): the service of @kind failed
 * or recovered; the role machine applies the guard and damping timers.
 * The verdicts of every kind go into our hellos (MONITORS), and a hello
 * leaves at once when they changed. Context: control.
 */
void ctl_srp_monitor(enum srp_monitor_kind kind, bool failed);

/**
 * A local fault on this chassis (control/mon's local-fault detector,
 * @why names it): an active hands over to a ready standby (cause local
 * fault); without one it keeps the service (refusal counted).
 * Context: control.
 */
void ctl_srp_local_fault(const char *why);

/**
 * The chassis' local faults cleared: FAULT_CLEAR for the role machine,
 * which opens the srp-redundancy guard periods (docs/srp-roles.md 5.9).
 * Context: control.
 */
void ctl_srp_local_recovered(void);

/**
 * Register the srp commands (ctl_srp_init() does it when SRP is on).
 * Context: control.
 * @return 0 or the first ctl_api_register error other than -EEXIST
 */
int ctl_srp_cmd_register(void);

/* Told of every data-plane role flip (@active: now forwarding). */
typedef void ctl_srp_role_fn(bool active);

/* Role watchers at most (features above srp: xdp). */
#define CTL_SRP_ROLE_WATCH_MAX	6

/**
 * Call @fn after each data-plane flip, after gratuitous ARP and BGP were
 * told, in the order of registration. Context: control.
 * @return 0, -EEXIST (already watching), -ENOSPC
 */
int ctl_srp_role_watch(ctl_srp_role_fn *fn);

/** Stop calling @fn (no-op when it does not watch). Context: control. */
void ctl_srp_role_unwatch(ctl_srp_role_fn *fn);

/**
 * The data plane is about to become active (@active) or standby: start or
 * stop the post-switchover phases (ctl_takeover_run.c). A start-up
 * election has no phases. Context: control.
 * @return the data mode (enum dp_data_mode) to publish with the flip
 */
uint8_t ctl_takeover_flip(struct ctl_srp *s, bool active);

/**
 * Bounded work for the phases: check the end conditions, audit the next
 * slice of sessions, advance, publish a changed data mode.
 * Context: control (every CTL_CKPT_POLL_MS).
 */
void ctl_takeover_poll(struct ctl_srp *s);

/**
 * srp terminate-post-process: end the post-switchover phases now (data
 * mode ALL, session creates accepted).
 * Context: control.
 * @return 0; -ENODEV without SRP; -EALREADY when no phase runs
 */
int ctl_takeover_terminate_now(void);

/** Name of a data-plane wire state ("ACTIVE", ...). Context: any. */
const char *ctl_srp_wstate_str(uint8_t wire_state);

#endif /* CTL_SRP_H */
