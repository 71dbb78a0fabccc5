/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP role state machine: a const state x event table of handlers that
 * decides ACTIVE/STANDBY from hellos, timers and commands. Pure code: time
 * comes in as now_ms, effects go out as an action set; the control-lcore
 * glue runs them (docs/srp-roles.md). Context: control.
 */
#ifndef SRP_FSM_H
#define SRP_FSM_H

#include <stdbool.h>
#include <stdint.h>

#include "srp_codec.h"
#include "srp_conf.h"
#include "srp_elect.h"
#include "srp_proto.h"

/* Role states; numbered as enum srp_wire_state so hellos carry them. */
enum srp_fsm_state {
	SRP_ST_INIT = SRP_WSTATE_INIT,
	SRP_ST_CONNECTING = SRP_WSTATE_CONNECTING,
	SRP_ST_NEGOTIATING = SRP_WSTATE_NEGOTIATING,
	SRP_ST_STANDBY_SYNCING = SRP_WSTATE_STANDBY_SYNCING,
	SRP_ST_STANDBY_READY = SRP_WSTATE_STANDBY_READY,
	SRP_ST_ACTIVE = SRP_WSTATE_ACTIVE,
	SRP_ST_SWITCHING = SRP_WSTATE_SWITCHING,
	SRP_ST_FAULT = SRP_WSTATE_FAULT,
	SRP_ST_MAX = SRP_WSTATE_MAX,
};

/* Inputs of the machine (docs/srp-roles.md, "Events"). */
enum srp_fsm_event {
	SRP_EV_START = 0,	/* service started (config loaded) */
	SRP_EV_CONN_UP,		/* SRP TCP link established */
	SRP_EV_CONN_DOWN,	/* SRP TCP link lost or closed */
	SRP_EV_HELLO,		/* hello from a peer that is not active */
	SRP_EV_PEER_ACTIVE,	/* hello from a peer claiming ACTIVE */
	SRP_EV_HB_TIMEOUT,	/* no hello within dead-interval */
	SRP_EV_DELAY_EXPIRED,	/* delay-interval after start-up is over */
	SRP_EV_CKPT_DONE,	/* standby holds a complete checkpoint */
	SRP_EV_CKPT_LOST,	/* standby's copy is no longer complete */
	SRP_EV_ADMIN_SWITCH,	/* srp initiate-switchover [force] */
	SRP_EV_SWITCH_REQ,	/* SWITCHOVER_REQUEST received */
	SRP_EV_SWITCH_ACK,	/* SWITCHOVER_ACK received */
	SRP_EV_SWITCH_TIMEOUT,	/* planned switchover step took too long */
	SRP_EV_DP_DONE,		/* data plane flip (activate/fence) done */
	SRP_EV_MONITOR_FAIL,	/* a service monitor failed */
	SRP_EV_MONITOR_OK,	/* that monitor recovered */
	SRP_EV_DAMP_EXPIRED,	/* damping period of a deferred failure over */
	SRP_EV_LOCAL_FAULT,	/* local card/task failure */
	SRP_EV_FAULT_CLEAR,	/* local recovery (starts the guard periods) */
	SRP_EV_FLUSH_DONE,	/* early transition: old active flushed */
	SRP_EV_HANDOVER,	/* local fault on the active (port down,
				 * worker stall, mbufs): hand over to a
				 * ready standby, stay active otherwise */
	SRP_EV_MAX,
};

/*
 * Hellos from the active a STANDBY_SYNCING node must have received on the
 * current connection, besides a complete checkpoint, before it becomes
 * STANDBY_READY in the normal database-recovery mode (chapter "Reducing
 * Sync-Up Time with Standby ICSR Chassis"). Aggressive mode skips the wait.
 */
#define SRP_DBREC_NORMAL_HELLOS	7u

/* Phase inside SRP_ST_SWITCHING. */
enum srp_fsm_phase {
	SRP_PH_NONE = 0,
	SRP_PH_REQ_SENT,	/* active asked the standby, waits for ACK */
	SRP_PH_WAIT_FENCE,	/* standby acked, waits for the peer to fence */
	SRP_PH_PROMOTING,	/* becoming active, waits for DP_DONE */
	SRP_PH_FENCING,		/* becoming standby, waits for DP_DONE */
	SRP_PH_FLUSHING,	/* early transition: old active still forwards,
				 * flushes, then fences (FLUSH_DONE) */
};

/* Role the node is heading for (kept apart from the current state). */
enum srp_fsm_want {
	SRP_WANT_NONE = 0,
	SRP_WANT_ACTIVE,
	SRP_WANT_STANDBY,
};

/* Why a node changed role (counters, log). */
enum srp_fsm_cause {
	SRP_CAUSE_ELECTION = 0,	/* start-up election, not a switchover */
	SRP_CAUSE_DEAD_PEER,	/* no hello within dead-interval */
	SRP_CAUSE_MANUAL,	/* srp initiate-switchover */
	SRP_CAUSE_MONITOR,	/* monitor failure (bgp, aaa, diameter) */
	SRP_CAUSE_SPLIT_BRAIN,	/* both active when the link returned */
	SRP_CAUSE_GENERATION,	/* peer promoted with a higher generation */
	SRP_CAUSE_PEER_FAULT,	/* peer reported FAULT */
	SRP_CAUSE_LOCAL_FAULT,	/* local fault fenced this node */
	SRP_CAUSE_MAX,
};

/* Why a request was refused or an event could not be acted on. */
enum srp_fsm_refusal {
	SRP_REF_NONE = 0,
	SRP_REF_NOT_ACTIVE,	/* switchover asked on a non-active node */
	SRP_REF_PEER_DOWN,	/* SRP link not connected */
	SRP_REF_PEER_NOT_READY,	/* peer not STANDBY_READY (use force) */
	SRP_REF_IN_PROGRESS,	/* a switchover is already running */
	SRP_REF_AAA_NONREV,	/* AAA switchover is non-reversible */
	SRP_REF_GUARD,		/* monitor failure inside a guard period */
	SRP_REF_PEER_REFUSED,	/* peer answered the request negatively */
	SRP_REF_PEER_TIMEOUT,	/* peer did not complete in time */
	SRP_REF_NO_MODE,	/* a chassis-mode is missing */
	SRP_REF_TIE,		/* mode, priority and MAC all equal */
	SRP_REF_NODE_ID,	/* peer uses our node id */
	SRP_REF_PEER_MONITORS,	/* monitor failure, and the peer's last
				 * hello said its own monitors failed */
	SRP_REF_CONFIG_MISMATCH, /* the peer's configuration digest differs
				 * (planned switchover without force) */
	SRP_REF_MAX,
};

/* Action bits; the glue runs them in ascending bit order. */
#define SRP_ACT_BECOME_STANDBY	0x0001u	/* fence: stop forwarding */
#define SRP_ACT_BECOME_ACTIVE	0x0002u	/* flip the data plane active */
#define SRP_ACT_ANNOUNCE_RM	0x0004u	/* advertise route_modifier */
#define SRP_ACT_SEND_REFUSE	0x0008u	/* REFUSE(refuse_reason), close */
#define SRP_ACT_SEND_SWITCH_ACK	0x0010u	/* SWITCHOVER_ACK(ack_result) */
#define SRP_ACT_SEND_SWITCH_REQ	0x0020u	/* SWITCHOVER_REQUEST(cause) */
#define SRP_ACT_SEND_HELLO	0x0040u	/* hello now (srp_fsm_hello_fill) */
#define SRP_ACT_REPORT_REFUSAL	0x0080u	/* tell the operator: refusal */
#define SRP_ACT_FLUSH		0x0100u	/* send pending checkpoints, then
					 * feed SRP_EV_FLUSH_DONE */

/* Effects of one call, filled by srp_fsm_event() and srp_fsm_tick(). */
struct srp_fsm_actions {
	uint32_t		mask;		/* SRP_ACT_* */
	uint32_t		route_modifier;	/* with ANNOUNCE_RM */
	uint16_t		refuse_reason;	/* enum srp_refuse_reason */
	uint16_t		ack_result;	/* enum srp_switch_result */
	uint16_t		switch_cause;	/* enum srp_switch_cause */
	uint8_t			force;		/* with SEND_SWITCH_REQ */
	enum srp_fsm_refusal	refusal;	/* with REPORT_REFUSAL */
};

/* Event data; which member counts depends on the event. */
struct srp_fsm_input {
	const struct srp_msg	*msg;		/* HELLO, SWITCH_REQ/ACK */
	bool			force;		/* ADMIN_SWITCH */
	enum srp_monitor_kind	monitor;	/* MONITOR_FAIL/OK */
};

/* One logged transition, passed to the log callback. */
struct srp_fsm_transition {
	uint64_t		now_ms;
	enum srp_fsm_state	from;
	enum srp_fsm_state	to;
	enum srp_fsm_event	event;
	enum srp_fsm_want	want;
	enum srp_fsm_cause	cause;
	uint32_t		generation;
};

/**
 * Transition log callback; pure code never logs itself.
 * Context: control (called from srp_fsm_event / srp_fsm_tick).
 */
typedef void srp_fsm_log_fn(void *arg, const struct srp_fsm_transition *t);

/* Settings the machine needs (built by srp_fsm_conf_from()). */
struct srp_fsm_conf {
	uint8_t			node_id[SRP_NODE_ID_LEN];
	uint8_t			config_digest[SRP_DIGEST_LEN];
	uint8_t			mode;		/* enum srp_wire_mode */
	uint8_t			priority;
	uint8_t			db_recovery;	/* enum srp_wire_dbrec */
	uint32_t		hello_ms;
	uint32_t		dead_ms;
	uint32_t		delay_ms;	/* 0 = no delay-interval */
	uint32_t		switch_timeout_ms; /* planned step limit */
	/* Planned switchover make-before-break: switchover
	 * allow-early-active-transition with allow-all-data-traffic or
	 * allow-volte-data-traffic without maintain-accounting. */
	bool			early_active;
	struct srp_guard	aaa_switchover;
	struct srp_guard	diameter_switchover;
	struct srp_guard	redundancy_aaa;
	struct srp_guard	redundancy_bgp;
	struct srp_guard	redundancy_diam;
};

/* Counters (show srp statistics). */
struct srp_fsm_stats {
	uint64_t	n_hello_tx;
	uint64_t	n_hello_rx;
	uint64_t	n_switchover[SRP_CAUSE_MAX];	/* by cause */
	uint64_t	n_refusal[SRP_REF_MAX];		/* by reason */
	uint64_t	n_enter[SRP_ST_MAX];		/* transitions into */
	uint64_t	n_ignored;	/* events with no effect by design */
	uint64_t	n_invalid;	/* events impossible in the state */
	uint64_t	n_unverified;	/* peer requests before its hello */
	uint64_t	n_split_brain;	/* split brains seen (both sides) */
	uint64_t	n_config_mismatch; /* hellos with another digest */
	uint64_t	n_monitor_deferred;
	uint64_t	n_monitor_suppressed;
	uint64_t	n_ckpt_lost;	/* READY -> SYNCING: copy incomplete */
	uint64_t	n_ckpt_early;	/* CKPT_DONE before the hellos (normal) */
};

/*
 * Standby database recovery (standby database-recovery normal|aggressive):
 * what a syncing standby has of what it needs for READY, and what it had
 * when it last became READY.
 */
struct srp_fsm_dbrec {
	uint32_t	n_active_hellos; /* from the active, this connection */
	bool		ckpt_complete;	/* CKPT_DONE seen while syncing */
	uint32_t	ready_hellos;	/* n_active_hellos at the last READY */
	uint64_t	ckpt_done_ms;	/* time of the last CKPT_DONE, 0 none */
	uint64_t	ready_ms;	/* time of the last READY, 0 none */
};

/* Peer as last seen in a hello. */
struct srp_fsm_peer {
	bool			connected;	/* SRP link up */
	bool			seen;		/* a hello since CONN_UP */
	uint8_t			state;		/* enum srp_wire_state */
	uint32_t		generation;
	struct srp_elect_node	node;
	uint64_t		last_hello_ms;
	bool			monitors_known;	/* its last hello had MONITORS */
	uint8_t			monitors;	/* SRP_MONS_* it reported
						 * failed (known bits only) */
	uint32_t		caps;		/* SRP_CAP_* of its last hello
						 * (known bits; 0: none sent) */
	uint8_t			digest[SRP_DIGEST_LEN]; /* its last hello's
						 * CONFIG_DIGEST */
};

/* The machine. Zero-initialised by srp_fsm_init(). */
struct srp_fsm {
	enum srp_fsm_state	state;
	enum srp_fsm_want	want;
	enum srp_fsm_phase	phase;
	enum srp_fsm_cause	cause;		/* of the running change */
	enum srp_fsm_state	fence_to;	/* state after FENCING */
	uint32_t		generation;
	uint32_t		route_modifier;
	bool			config_mismatch; /* peer digest differs */
	bool			aaa_nonrev;	/* AAA switchover flag */
	uint8_t			monitors;	/* SRP_MONS_* of the local
						 * service monitors that failed:
						 * sent in hellos; a standby
						 * refuses to take over for a
						 * monitor failure */
	uint32_t		caps;		/* SRP_CAP_* sent in hellos */
	bool			pair_refused;	/* misconfigured: no promotion */
	bool			delay_over;	/* delay-interval expired */
	enum srp_fsm_refusal	last_refusal;
	uint64_t		last_change_ms;
	uint64_t		start_ms;
	uint64_t		delay_deadline_ms;	/* 0 = none */
	uint64_t		dead_deadline_ms;	/* 0 = none */
	uint64_t		switch_deadline_ms;	/* 0 = none */
	uint64_t		damp_deadline_ms;	/* 0 = none */
	bool			recovered;	/* a local recovery happened */
	uint64_t		recovery_ms;	/* time of it */
	bool			switched;	/* a switchover completed */
	uint64_t		switched_ms;	/* time of it */
	enum srp_monitor_kind	damp_kind;	/* deferred failure's monitor */
	uint16_t		switch_cause;	/* wire cause being executed */
	struct srp_fsm_peer	peer;
	struct srp_fsm_dbrec	dbrec;
	struct srp_fsm_conf	conf;
	struct srp_fsm_stats	stats;
	srp_fsm_log_fn		*log_fn;
	void			*log_arg;
};

/* srp validate-switchover: readiness of both sides. */
struct srp_fsm_readiness {
	bool			local_active;
	bool			peer_connected;
	bool			peer_ready;	/* peer STANDBY_READY */
	bool			in_progress;
	bool			aaa_nonrev;
	bool			config_match;
	enum srp_fsm_refusal	verdict;	/* what a plain switch gets */
	enum srp_fsm_refusal	verdict_force;	/* what "force" gets */
};

/**
 * Build the machine settings from a parsed SRP block.
 * Context: control.
 * @param fc output
 * @param conf parsed service-redundancy-protocol block
 * @param node_id local MAC used for the tie-break
 * @param digest SHA-256 of the SRP configuration
 * @return 0, or -EINVAL for NULL pointers, a priority outside 1..255 or
 *	   hello/dead intervals that are 0 or break dead >= 3 x hello
 */
int srp_fsm_conf_from(struct srp_fsm_conf *fc, const struct srp_conf *conf,
		      const uint8_t node_id[SRP_NODE_ID_LEN],
		      const uint8_t digest[SRP_DIGEST_LEN]);

/**
 * Take new settings while running (in-service configuration change):
 * priority, intervals, delay, guard and damping timers, database
 * recovery, early transition and the configuration digest. The state,
 * the peer and the counters stay; the config-mismatch flag is computed
 * again against the peer's last digest. The node id and the chassis mode
 * cannot change this way (a restart).
 * Context: control.
 * @return 0, or -EINVAL for NULL arguments, settings srp_fsm_init()
 *	   refuses, another node id or another mode (@f untouched then)
 */
int srp_fsm_conf_update(struct srp_fsm *f, const struct srp_fsm_conf *conf);

/**
 * Reset @f to INIT with @conf; nothing happens until SRP_EV_START.
 * Context: control.
 * @param log_fn transition callback, may be NULL
 * @return 0, or -EINVAL for NULL @f/@conf, zero intervals, dead <
 *	   3 x hello, priority 0 or an unknown db_recovery (@f untouched
 *	   then)
 */
int srp_fsm_init(struct srp_fsm *f, const struct srp_fsm_conf *conf,
		 srp_fsm_log_fn *log_fn, void *log_arg);

/**
 * Feed one event. HELLO and PEER_ACTIVE carry the decoded hello in
 * in->msg; use srp_fsm_hello() to have the right one of the two chosen.
 * Context: control.
 * @param f machine
 * @param ev event
 * @param now_ms current time, ms, monotonic
 * @param in event data (NULL allowed for events without data)
 * @param out actions to run (zeroed first)
 * @return 0; -EINVAL for NULL @f/@out, an event out of range or an event
 *	   that needs data given none (no state change then)
 */
int srp_fsm_event(struct srp_fsm *f, enum srp_fsm_event ev, uint64_t now_ms,
		  const struct srp_fsm_input *in, struct srp_fsm_actions *out);

/**
 * Feed a decoded HELLO: checked (mode present, node id not ours), counted,
 * then dispatched as SRP_EV_PEER_ACTIVE or SRP_EV_HELLO.
 * Context: control.
 * @return 0 (a refused hello sets SRP_ACT_SEND_REFUSE); -EINVAL for NULL
 *	   arguments or a message that is not a HELLO
 */
int srp_fsm_hello(struct srp_fsm *f, uint64_t now_ms, const struct srp_msg *m,
		  struct srp_fsm_actions *out);

/**
 * Fire every timer due at @now_ms (dead, delay, switchover, damping) as
 * events, in that order; actions of all of them are merged into @out.
 * Context: control.
 * @return 0, or -EINVAL for NULL arguments
 */
int srp_fsm_tick(struct srp_fsm *f, uint64_t now_ms,
		 struct srp_fsm_actions *out);

/**
 * Earliest armed deadline, for the glue's timerfd.
 * Context: control.
 * @return a time in ms, or UINT64_MAX when no timer is armed
 */
uint64_t srp_fsm_next_deadline(const struct srp_fsm *f);

/**
 * Fill @m as the HELLO this node sends now and count it as sent.
 * Context: control.
 * @param sw_version software version string to carry
 * @return 0, or -EINVAL for NULL arguments
 */
int srp_fsm_hello_fill(struct srp_fsm *f, struct srp_msg *m,
		       const char *sw_version);

/**
 * srp validate-switchover: what a switchover would meet now.
 * Context: control.
 */
void srp_fsm_validate(const struct srp_fsm *f, struct srp_fsm_readiness *r);

/**
 * What a STANDBY_SYNCING node still waits for before STANDBY_READY
 * (show srp info).
 * Context: control.
 * @param f machine
 * @param need_ckpt set when no complete checkpoint is held yet
 * @param need_hellos set to the number of hellos from the active still
 *	  needed (0 in aggressive mode or once enough have arrived)
 * @return true when @f is STANDBY_SYNCING (outputs set), else false
 *	   (outputs cleared)
 */
bool srp_fsm_ready_pending(const struct srp_fsm *f, bool *need_ckpt,
			   uint32_t *need_hellos);

/** Name of a database-recovery mode ("normal", "aggressive"); "?" out of
 * range. Context: any. */
const char *srp_fsm_dbrec_str(uint8_t db_recovery);

/**
 * Clear the AAA non-reversible flag (operator command).
 * Context: control.
 */
void srp_fsm_aaa_flag_clear(struct srp_fsm *f);

/**
 * Which of this chassis' own service monitors failed (@failed: SRP_MONS_*
 * bits, others dropped). Every hello carries them (MONITORS TLV), so the
 * active does not ask a standby whose monitors failed to take over for a
 * monitor failure (SRP_REF_PEER_MONITORS); a standby with any bit set
 * refuses such a request itself (SRP_SWRES_MONITORS) unless forced, for
 * the active that has not seen that hello yet or predates the TLV.
 * Context: control.
 */
void srp_fsm_monitors_set(struct srp_fsm *f, uint8_t failed);

/**
 * What this chassis announces in its hellos (CAPS TLV): SRP_CAPS_KNOWN
 * after srp_fsm_init(); tests lower it to play an older release.
 * Context: control.
 */
void srp_fsm_caps_set(struct srp_fsm *f, uint32_t caps);

/**
 * The features both sides of the connection understand (SRP_CAP_*): the
 * local set and the peer's last hello; 0 before that hello or when the
 * peer sent no CAPS (an older release). Only what this returns may be sent.
 * Context: control.
 */
uint32_t srp_fsm_caps_shared(const struct srp_fsm *f);

/**
 * The MONITORS bit of monitor kind @k (SRP_MONS_BGP, ...); 0 out of range.
 * Context: any.
 */
uint8_t srp_fsm_monitor_bit(enum srp_monitor_kind k);

/** Name of a state ("ACTIVE", ...); "?" out of range. Context: any. */
const char *srp_fsm_state_str(enum srp_fsm_state s);
/** Name of a SWITCHING phase ("fencing", ...); "none" otherwise. Context: any. */
const char *srp_fsm_phase_str(enum srp_fsm_phase p);
/** Name of an event ("HELLO", ...); "?" out of range. Context: any. */
const char *srp_fsm_event_str(enum srp_fsm_event e);
/** Name of a cause ("dead-peer", ...); "?" out of range. Context: any. */
const char *srp_fsm_cause_str(enum srp_fsm_cause c);
/** Name of a refusal ("peer-not-ready", ...); "?" out of range. Context: any. */
const char *srp_fsm_refusal_str(enum srp_fsm_refusal r);

/**
 * Name of the handler the table holds for (@s, @e), e.g. "ignore",
 * "invalid", "promote_dead" (tests, docs). Context: any.
 * @return a static string; NULL out of range
 */
const char *srp_fsm_handler_name(enum srp_fsm_state s, enum srp_fsm_event e);

#endif /* SRP_FSM_H */
