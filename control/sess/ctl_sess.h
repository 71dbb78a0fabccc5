/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Session management on the control lcore: the single writer of the
 * session tables. Parses and validates session requests, resolves the
 * downlink neighbour of each peer, creates/modifies/deletes sessions, loads
 * them from a file or generates them for benchmarks, and schedules the RCU
 * reclamation of what changes leave behind. Context: control.
 */
#ifndef CTL_SESS_H
#define CTL_SESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sess_table.h"

struct ctl_loop;

/* Room for any error message of this module. */
#define CTL_SESS_ERR_LEN	512
/* Longest line of a session file. */
#define CTL_SESS_LINE_MAX	1024
/* Largest session file `session load` reads (256 MiB). */
#define CTL_SESS_LOAD_MAX_BYTES	(256 * 1024 * 1024)
/* Delay between a change and the reclamation of what it left behind. */
#define CTL_SESS_RECLAIM_MS	20
/* Period of the reclaim sweep (objects retired outside this module). */
#define CTL_SESS_SWEEP_MS	1000

/* Usage strings, shared by the command table and the error messages. */
#define CTL_SESS_CREATE_ARGS \
	"local-teid T [remote-teid T peer ADDR] [ue-ipv4 A] [ue-ipv6 A] " \
	"[qfi Q] [volte] [ul-drop] [dl-drop] [idle-timeout S] " \
	"[absolute-timeout S]"

/* Largest idle or absolute timeout, seconds (0: none). */
#define CTL_SESS_TIMEOUT_MAX	2147483647u
/* Period of the session timers' expiry pass, and the most sessions one
 * reactor turn of the pass looks at. */
#define CTL_SESS_TIMER_PERIOD_MS 500
#define CTL_SESS_TIMER_SLICE	1024u
#define CTL_SESS_MODIFY_ARGS \
	"local-teid T [remote-teid T] [peer ADDR] [ue-ipv4 A|none] " \
	"[ue-ipv6 A|none] [qfi Q|none] [volte|no-volte] " \
	"[ul-drop|no-ul-drop] [dl-drop|no-dl-drop] " \
	"[idle-timeout S|default] [absolute-timeout S|default]"
#define CTL_SESS_GENERATE_ARGS \
	"count N local-teid BASE remote-teid BASE peer ADDR " \
	"ue-ipv4-pool A/L [ue-ipv6-pool P/L] [qfi Q]"

/**
 * Find the downlink neighbour of a peer and take a reference
 * (ctl_nbr_peer_get() by default).
 * @return 0, -ENETUNREACH (no route), -ENOSPC, or another negative errno
 */
typedef int ctl_sess_nh_get_fn(uint8_t af, const uint8_t *addr,
			       uint16_t *nh_id);
/** Drop a reference taken by ctl_sess_nh_get_fn. */
typedef void ctl_sess_nh_put_fn(uint16_t nh_id);

struct ctl_sess_opts {
	ctl_sess_nh_get_fn	*nh_get;	/* NULL: ctl_nbr_peer_get */
	ctl_sess_nh_put_fn	*nh_put;	/* NULL: ctl_nbr_peer_put */
	uint32_t		reclaim_ms;	/* 0: CTL_SESS_RECLAIM_MS */
	uint32_t		sweep_ms;	/* 0: CTL_SESS_SWEEP_MS */
};

/* What a modify request changes; unset fields keep their value. */
enum ctl_sess_op {
	CTL_SESS_KEEP = 0,
	CTL_SESS_SET,
	CTL_SESS_CLEAR,
};

struct ctl_sess_mod {
	uint32_t	teid_local;
	bool		set_remote;
	uint32_t	teid_remote;
	bool		set_peer;
	uint8_t		peer_af;
	uint8_t		peer_addr[16];
	enum ctl_sess_op ue4_op;
	uint8_t		ue4[4];
	enum ctl_sess_op ue6_op;
	uint8_t		ue6[16];
	enum ctl_sess_op qfi_op;
	uint8_t		qfi;
	enum ctl_sess_op volte_op;	/* SET: volte, CLEAR: no-volte */
	enum ctl_sess_op ul_drop_op;	/* SESS_F_UL_DROP: ul-drop, no-ul-drop */
	enum ctl_sess_op dl_drop_op;	/* SESS_F_DL_DROP: dl-drop, no-dl-drop */
	bool		set_idle;	/* idle-timeout: as sess_params */
	uint32_t	idle_timeout_s;
	bool		set_abs;	/* absolute-timeout */
	uint32_t	abs_timeout_s;
};

/* Generator request: session i (0-based) gets local-teid base + i, etc. */
struct ctl_sess_gen {
	uint32_t	count;
	uint32_t	teid_local_base;
	uint32_t	teid_remote_base;
	uint8_t		peer_af;
	uint8_t		peer_addr[16];
	uint8_t		ue4_pool[4];	/* i-th UE gets pool + 1 + i */
	uint8_t		ue4_plen;
	bool		has_ue6_pool;
	uint8_t		ue6_pool[16];	/* i-th UE gets the i-th /64 */
	uint8_t		ue6_plen;	/* 1..64 */
	bool		has_qfi;
	uint8_t		qfi;
};

/**
 * Take over @t as the session writer with default options, and register
 * the session commands (ctl_sess_cmd_register()). With a NULL @loop every
 * change is reclaimed synchronously.
 * Context: control.
 * @return 0, -EINVAL (NULL @t), -EALREADY (already initialised), -ENOMEM,
 *	or the error of ctl_api_register()
 */
int ctl_sess_init(struct sess_table *t, struct ctl_loop *loop);

/**
 * ctl_sess_init() with options (tests inject a neighbour resolver).
 * Context: control.
 * @return as ctl_sess_init()
 */
int ctl_sess_init_opts(struct sess_table *t, struct ctl_loop *loop,
		       const struct ctl_sess_opts *opts);

/**
 * Stop the reclaim timer and forget the table (the table itself belongs to
 * whoever created it). Registered commands then answer "not ready".
 * Context: control.
 */
void ctl_sess_fini(void);

/* What a session change does, as the gate sees it. */
enum ctl_sess_change {
	CTL_SESS_CHANGE_NEW = 0,	/* create, load, generate, PFCP
					 * establishment */
	CTL_SESS_CHANGE_EXISTING,	/* modify, delete, delete all */
};

/*
 * Gate asked before every operator session change and every PFCP session
 * establishment (a feature above sess refuses them: SRP on a chassis that
 * is not active, or new sessions during the post-switchover phases).
 * Replicated sessions (ctl_sess_repl.c) never ask it.
 * @return 0 to let the change through, or a negative errno with @err set
 */
typedef int ctl_sess_gate_fn(enum ctl_sess_change what, char *err,
			     size_t err_len);

/** Install @fn as the gate (NULL: every change allowed). Context: control. */
void ctl_sess_gate_set(ctl_sess_gate_fn *fn);

/**
 * Ask the gate whether a change of kind @what may go on now.
 * Context: control.
 * @return 0, or the gate's negative errno (@err says why)
 */
int ctl_sess_gate(enum ctl_sess_change what, char *err, size_t err_len);

struct ctl_reply;

/* Adds a feature's view of a session to "show subscribers" (PFCP adds its
 * SEIDs and rules). */
typedef void ctl_sess_show_fn(struct ctl_reply *out, const struct sess *s);

/** Install @fn (NULL: none) as the "show subscribers" extension. Context: control. */
void ctl_sess_show_ext_set(ctl_sess_show_fn *fn);

/** The table being written, or NULL before init. Context: control. */
struct sess_table *ctl_sess_table(void);

/**
 * Parse the words of a create request (CTL_SESS_CREATE_ARGS) into @p.
 * remote-teid and peer (the downlink tunnel) go together and may be left
 * out only with dl-drop.
 * Context: any.
 * @return 0, or -EINVAL with a message naming the bad word and the
 *	expected form in @err
 */
int ctl_sess_parse_create(int argc, char **argv, struct sess_params *p,
			  char *err, size_t err_len);

/**
 * Parse the words of a modify request (CTL_SESS_MODIFY_ARGS).
 * Context: any.
 * @return 0, or -EINVAL with a message in @err
 */
int ctl_sess_parse_modify(int argc, char **argv, struct ctl_sess_mod *m,
			  char *err, size_t err_len);

/**
 * Parse the words of a generate request (CTL_SESS_GENERATE_ARGS).
 * Context: any.
 * @return 0, or -EINVAL with a message in @err
 */
int ctl_sess_parse_generate(int argc, char **argv, struct ctl_sess_gen *g,
			    char *err, size_t err_len);

/**
 * Parse a TEID: decimal or 0x hexadecimal, 1..0xffffffff.
 * Context: any. @return 0 or -EINVAL
 */
int ctl_sess_teid_parse(const char *s, uint32_t *teid);

/**
 * Create a session (p->nh_id is filled in by the neighbour resolver; a
 * session without a downlink tunnel, SESS_F_DL_DROP only, takes no
 * neighbour reference and gets DP_NH_NONE).
 * Context: control.
 * @return 0; -EEXIST (local TEID, a UE address, or the peer address +
 *	remote TEID pair already used by another session), -ENOSPC, -EINVAL,
 *	-ENETUNREACH (no route to the peer), -ENODEV (not initialised);
 *	@err says why
 */
int ctl_sess_create(const struct sess_params *p, char *err, size_t err_len);

/**
 * Apply a modify request. A session without a downlink tunnel gets one by
 * a modify giving both remote-teid and peer; no-dl-drop needs the tunnel
 * (the session's or the one given in the same request).
 * Context: control.
 * @return 0, -ENOENT, -EEXIST, -EINVAL (also: no-dl-drop or only half a
 *	tunnel on a session without one; nothing changes), -ENETUNREACH,
 *	-ENODEV; @err says why
 */
int ctl_sess_modify(const struct ctl_sess_mod *m, char *err, size_t err_len);

/**
 * Delete the session with local TEID @teid.
 * Context: control.
 * @return 0, -ENOENT, -ENODEV; @err says why
 */
int ctl_sess_delete(uint32_t teid, char *err, size_t err_len);

/**
 * Set/clear SESS_F_* flags of a session (e.g. SESS_F_ERR_IND when the peer
 * sent an Error Indication) and schedule the reclamation of the replaced
 * object. Context: control.
 * @return 0, -ENOENT, -EINVAL (unknown flag bits, or SESS_F_DL_DROP
 *	cleared on a session without a downlink tunnel), -ENOMEM, -ENODEV
 */
int ctl_sess_flags_set(uint32_t teid, uint8_t set, uint8_t clear);

/**
 * Replicate the session with local TEID @teid again although it did not
 * change here (a feature's state kept beside it changed).
 * Context: control.
 * @return 0, -ENOENT, -ENODEV
 */
int ctl_sess_touch(uint32_t teid);

/**
 * Delete every session. Context: control.
 * @return the number deleted, or -ENODEV/-ENOMEM/-EBUSY
 */
int ctl_sess_delete_all(char *err, size_t err_len);

/**
 * Load sessions from @path: one create request per line (the words of
 * CTL_SESS_CREATE_ARGS), '#' starts a comment, blank lines are skipped.
 * Every line is checked first (syntax, duplicates within the file and with
 * the table, capacity, peer reachability); on any error nothing is added
 * and @err reads "PATH:LINE: reason".
 * Context: control.
 * @return the number of sessions added, or -EINVAL, -EEXIST, -ENOSPC,
 *	-ENETUNREACH, -ENOMEM, -errno of fopen/read
 */
int ctl_sess_load(const char *path, char *err, size_t err_len);

/**
 * Generate sessions (all or nothing, checked like a load).
 * Context: control.
 * @return the number added, or -EINVAL, -EEXIST, -ENOSPC, -ENETUNREACH,
 *	-ENOMEM, -ENODEV
 */
int ctl_sess_generate(const struct ctl_sess_gen *g, char *err, size_t err_len);

/**
 * Install a session replicated from the active (ctl_sess_repl.c): create it
 * with the active's creation time, or replace the session with the same
 * local TEID. The active is authoritative: local sessions holding one of
 * its keys (UE address, peer + remote TEID) under another local TEID are
 * deleted first and counted in *n_evicted.
 * Context: control.
 * @return 0; -EINVAL, -ENOSPC, -ENETUNREACH, -ENOMEM, -EBUSY (a bulk
 *	operation runs), -ENODEV; @err says why
 */
int ctl_sess_repl_upsert(const struct sess_params *p, uint64_t created_ms,
			 uint32_t *n_evicted, char *err, size_t err_len);

/**
 * Delete a session the active deleted; an absent one is not an error.
 * Context: control.
 * @return 0, -EBUSY, -ENODEV
 */
int ctl_sess_repl_delete(uint32_t teid);

/**
 * Give the replicated session @teid its own timeouts (a timers record that
 * follows its upsert): @idle_s, @abs_s as sess_params (0: the configured
 * default, SESS_TIMEOUT_NONE: none, else seconds up to
 * CTL_SESS_TIMEOUT_MAX). Context: control.
 * @return 0; -ENOENT (no such session), -EINVAL (a value out of range),
 *	or as ctl_sess_repl_upsert(); @err says why
 */
int ctl_sess_repl_timers(uint32_t teid, uint32_t idle_s, uint32_t abs_s,
			 char *err, size_t err_len);

/* Bulk operations that can run in slices (ctl_sess_bulk_start()). */
enum ctl_sess_bulk_kind {
	CTL_SESS_BULK_LOAD = 0,		/* ctl_sess_load() */
	CTL_SESS_BULK_GENERATE,		/* ctl_sess_generate() */
	CTL_SESS_BULK_DELETE_ALL,	/* ctl_sess_delete_all() */
};

/**
 * End of a bulk operation started with ctl_sess_bulk_start().
 * @param ret what the synchronous call would return (count or -errno)
 * @param err the error message when @ret < 0, else ""
 * @param elapsed_ms time from the start
 */
typedef void ctl_sess_bulk_done_fn(void *arg, int ret, const char *err,
				   uint64_t elapsed_ms);

/**
 * Start a load (@path), generate (@g) or delete-all that runs in slices of
 * a few milliseconds on the reactor given to ctl_sess_init(), so timers
 * (SRP hellos) and API requests are served meanwhile. Same checks and the
 * same all-or-nothing result as the synchronous calls. While it runs,
 * other changes (create, modify, delete, another bulk operation) are
 * refused with -EBUSY. @done is called from the reactor when it is over,
 * never from inside this call.
 * Context: control.
 * @return 0 when started; -EOPNOTSUPP without a reactor (use the
 *	synchronous call); -EBUSY; or an error found before starting
 *	(-EINVAL, -ENODEV, -ENOMEM, -errno of fopen) with @err filled
 */
int ctl_sess_bulk_start(enum ctl_sess_bulk_kind kind, const char *path,
			const struct ctl_sess_gen *g,
			ctl_sess_bulk_done_fn *done, void *arg, char *err,
			size_t err_len);

/** Whether a bulk operation is running. Context: control. */
bool ctl_sess_bulk_busy(void);

/* Slices run by bulk operations since the start (all jobs). */
struct ctl_sess_bulk_stats {
	uint64_t	n_slices;
	uint64_t	n_items;	/* sessions checked, added, listed,
					 * deleted or undone */
	uint32_t	max_slice_items; /* most items done by one slice */
};

/**
 * Most items one slice of a bulk operation does (0: the default,
 * BULK_SLICE_ITEMS in ctl_sess_bulk.c); a slice also ends after about a
 * millisecond. Also clears the slice statistics. For tests.
 * Context: control.
 */
void ctl_sess_bulk_slice_set(uint32_t items);

/** Read the slice statistics. Context: control. */
void ctl_sess_bulk_stats_get(struct ctl_sess_bulk_stats *st);

/**
 * The running bulk operation will not call its done callback (its
 * requester went away); it still completes. Context: control.
 */
void ctl_sess_bulk_detach(void);

/**
 * Reclaim now what changes left behind (the timer does this later by
 * itself). Context: control.
 * @return the number of objects freed
 */
unsigned int ctl_sess_reclaim_now(void);

/* Session timers (ctl_sess_timer.c) */

/* What a session's timers say. */
enum ctl_sess_expiry {
	CTL_SESS_EXP_NONE = 0,
	CTL_SESS_EXP_IDLE,		/* no packet for the idle timeout */
	CTL_SESS_EXP_ABSOLUTE,		/* its lifetime is over */
};

/* A session's timers: timeouts in force and what is left of them. */
struct ctl_sess_timer_left {
	uint32_t	idle_s;		/* 0: no idle timeout */
	uint32_t	abs_s;		/* 0: no absolute timeout */
	int64_t		idle_ms;	/* left, -1 without a timeout */
	int64_t		abs_ms;
};

/* Session timer statistics (show subscribers timers). */
struct ctl_sess_timer_stats {
	uint32_t	idle_s;		/* configured defaults */
	uint32_t	abs_s;
	bool		running;	/* expiry on (not a standby) */
	uint64_t	n_idle;		/* sessions expired by idle timeout */
	uint64_t	n_absolute;	/* by absolute timeout */
	uint64_t	n_deferred;	/* expiries left to the next pass (a
					 * bulk job ran) */
	uint64_t	n_passes;	/* full passes over the table */
	uint64_t	n_slices;	/* reactor turns of the passes */
	uint64_t	n_checked;	/* sessions looked at */
	uint32_t	max_slice;	/* most sessions of one turn */
	uint64_t	n_restarts;	/* full-lifetime restarts (takeovers) */
	uint64_t	last_restart_ms; /* wall clock of the last one, 0 */
};

/**
 * The timeout in force: @own of a session (0: the default @def,
 * SESS_TIMEOUT_NONE: none) or @def; 0 means none. Context: any (pure).
 */
uint32_t ctl_sess_timeout_eff(uint32_t own, uint32_t def);

/**
 * The timers' rule (pure): the lifetime runs from @start_ms (creation, or
 * the last takeover when later) for @abs_s; the idle timeout runs from
 * the last packet @last_ms (not before @start_ms) for @idle_s; 0 is no
 * timeout. All times are wall-clock ms. Fills what is left in @left
 * (idle_ms, abs_ms). Context: any.
 * @return CTL_SESS_EXP_ABSOLUTE when the lifetime is over (first), else
 *	CTL_SESS_EXP_IDLE when idle too long, else CTL_SESS_EXP_NONE
 */
enum ctl_sess_expiry ctl_sess_timer_eval(uint32_t idle_s, uint32_t abs_s,
					 uint64_t start_ms, uint64_t last_ms,
					 uint64_t now_ms,
					 struct ctl_sess_timer_left *left);

/**
 * Timers of session @s of @t at wall-clock @now_ms (its last activity
 * from the workers' counters). Context: control.
 * @return as ctl_sess_timer_eval()
 */
enum ctl_sess_expiry ctl_sess_timer_left(const struct sess_table *t,
					 const struct sess *s,
					 uint64_t now_ms,
					 struct ctl_sess_timer_left *left);

/** Set the configured defaults (seconds, 0: none). Context: control. */
void ctl_sess_timer_defaults_set(uint32_t idle_s, uint32_t abs_s);

/**
 * The data plane became active (@active) or standby (SRP role watcher).
 * Only an active expires sessions; becoming active after standby restarts
 * every session's timers with the full lifetime. Context: control.
 */
void ctl_sess_timer_role(bool active);

/** Start as a standby (SRP configured): no expiry until the first flip. */
void ctl_sess_timer_standby(void);

/** A session with its own timers was added (the pass must run). */
void ctl_sess_timer_note_own(const struct sess_params *p);

/**
 * One turn of the expiry pass at wall-clock @now_ms: look at up to @max
 * sessions (0 or more than CTL_SESS_TIMER_SLICE: that), delete the
 * expired ones. *done is true when the pass reached the end of the table
 * (or has nothing to do). The reactor timer calls it; tests call it.
 * Context: control.
 * @return the sessions looked at
 */
uint32_t ctl_sess_timer_step(uint64_t now_ms, uint32_t max, bool *done);

/** Read the timer statistics. Context: control. */
void ctl_sess_timer_stats_get(struct ctl_sess_timer_stats *st);

/** Forget defaults, role and statistics (tests). Context: control. */
void ctl_sess_timer_reset(void);

/**
 * Register the session and subscriber commands with the command API
 * (ctl_sess_cmd.c). Called by ctl_sess_init(). Context: control.
 * @return 0 or the error of ctl_api_register()
 */
int ctl_sess_cmd_register(void);

#endif /* CTL_SESS_H */
