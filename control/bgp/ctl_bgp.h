/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L3 redirection on a switchover: srpgw drives a BIRD 2 BGP speaker that
 * advertises the srp-activated loopback and pool routes. On every role
 * change or route-modifier change it rewrites an include file
 * (atomically) with the AS-path prepend count its role and route modifier
 * give (ctl_bgp_prepend), then asks BIRD
 * to "configure" over BIRD's control socket, non-blocking from the control
 * reactor, retrying until BIRD confirms. Optionally srpgw starts BIRD
 * itself and owns it (PR_SET_PDEATHSIG): the speaker dies with the
 * gateway, so a killed gateway stops attracting traffic at once.
 * See docs/redirection.md. Context: control.
 */
#ifndef CTL_BGP_H
#define CTL_BGP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srp_conf.h"

struct ctl_loop;

#define CTL_BGP_RETRY_MS	1000	/* reconfigure retry while unconfirmed */
#define CTL_BGP_TIMEOUT_MS	5000	/* one control-socket exchange */
#define CTL_BGP_REAP_MS		500	/* owned speaker: exit check period */
#define CTL_BGP_RESTART_MS	3000	/* owned speaker: restart spacing */
#define CTL_BGP_LINE_MAX	512	/* longest BIRD reply line kept */

/**
 * Text of the include file for a chassis in role @active with @prepend
 * AS-path prepends and route modifier @rm: the defines SRPGW_ACTIVE,
 * SRPGW_PREPEND, SRPGW_ROUTE_MODIFIER and the filter function
 * srpgw_prepend(own_as) that prepends own_as @prepend times.
 * Context: any (pure).
 * @return length written (NUL not counted), or -ENOSPC
 */
int ctl_bgp_include_text(char *buf, size_t cap, bool active,
			 unsigned int prepend, uint32_t rm);

/**
 * AS-path prepend count that follows the route modifier (docs/
 * redirection.md "Prepend and route modifier"): a standby (@active false)
 * prepends @standby; an active whose route modifier @rm is below the
 * peer's @peer_rm (the last one heard, or the boot value of the other
 * chassis mode when none was) prepends @active_n; an active that is not
 * below (it promoted while the other chassis may still be active: dead
 * peer, SRP link lost) prepends one more than @active_n (at most
 * SRP_BGP_PREPEND_MAX), so in a split brain the previously active chassis
 * keeps the shorter path. @peer_rm 0: unknown, the shorter path.
 * Context: any (pure).
 */
unsigned int ctl_bgp_prepend(bool active, uint32_t rm, uint32_t peer_rm,
			     unsigned int active_n, unsigned int standby);

/**
 * Classify one line of a BIRD control-socket reply (without the newline):
 * "DDDD-text" continues, "DDDD text" ends the reply, " text" continues
 * the previous code.
 * Context: any (pure).
 * @return 1 for a final line with *@code set, 0 for a continuation,
 *   -EINVAL for anything else
 */
int ctl_bgp_reply_line(const char *line, int *code);

/**
 * Whether final reply code @code of a "configure" means success (BIRD
 * codes below 8000; 8xxx are run-time and 9xxx parse errors).
 * Context: any (pure).
 */
bool ctl_bgp_code_ok(int code);

/**
 * Start driving the speaker described by @b (nothing when it names no
 * include file): write the include for the standby role, start BIRD when
 * bird-config is set, register "show srp bgp".
 * Context: control, before the SRP role machine starts.
 * @return 0, -EALREADY, or -errno (include not writable, timers, fork)
 */
int ctl_bgp_init(const struct srp_bgp_speaker *b, struct ctl_loop *loop);

/**
 * Stop: close an exchange in flight, terminate an owned speaker (SIGTERM,
 * then SIGKILL after two seconds) and reap it. Idempotent.
 * Context: control.
 */
void ctl_bgp_fini(void);

/**
 * The data plane is now active (@active) or fenced: rewrite the include
 * and reconfigure the speaker when the prepend count changes.
 * Context: control.
 */
void ctl_bgp_role(bool active);

/**
 * The local route modifier is now @rm: kept in the include
 * (SRPGW_ROUTE_MODIFIER), shown, and the prepend follows it.
 * Context: control.
 */
void ctl_bgp_route_modifier(uint32_t rm);

#define CTL_BGP_QUERY_MS	2000	/* one query exchange */
#define CTL_BGP_QUERY_MAX	(64 * 1024)	/* longest reply kept */

/**
 * Answer to ctl_bgp_query(): @err 0 with the whole reply (every line with
 * its code, final line included, NUL-terminated, @len bytes), or a
 * negative errno with @reply NULL: -ETIMEDOUT (no final line within
 * CTL_BGP_QUERY_MS), -ECONNREFUSED/-ENOENT (no speaker), -ECONNRESET
 * (closed), -EMSGSIZE (reply above CTL_BGP_QUERY_MAX), -EPROTO (no
 * welcome, not BIRD).
 */
typedef void ctl_bgp_query_fn(void *arg, int err, const char *reply,
			      size_t len);

/**
 * Whether a speaker with a control socket is driven (ctl_bgp_init with a
 * bgp-speaker include-file and control-socket).
 * Context: control.
 */
bool ctl_bgp_queryable(void);

/**
 * Send one command (e.g. "show protocols all") to the speaker on its
 * control socket, on a connection of its own (the "configure" exchange is
 * not delayed), without blocking: @fn is called once from the reactor,
 * never from inside this call.
 * Context: control.
 * @return 0, -EBUSY (a query is in flight), -ENOTCONN (no speaker
 *   driven), -EINVAL (empty or multi-line command), or the -errno of a
 *   connect that failed at once (no callback then)
 */
int ctl_bgp_query(const char *cmd, ctl_bgp_query_fn *fn, void *arg);

/**
 * Drop the query in flight: its callback is not called. Idempotent.
 * Context: control.
 */
void ctl_bgp_query_cancel(void);

/**
 * The route modifier last heard from the peer (or the boot value of the
 * peer's chassis mode before any hello): the active's prepend depends on
 * it (ctl_bgp_prepend). Rewrites the include when the prepend changes.
 * Context: control.
 */
void ctl_bgp_peer_route_modifier(uint32_t peer_rm);

/** Counters and state for show commands. */
struct ctl_bgp_stats {
	bool		configured;
	bool		active;
	bool		in_sync;	/* BIRD confirmed the current include */
	unsigned int	prepend;
	uint32_t	route_modifier;
	uint32_t	peer_route_modifier;
	uint64_t	include_writes;
	uint64_t	include_write_failures;
	uint64_t	reconfigure_ok;
	uint64_t	reconfigure_failures;
	uint64_t	speaker_starts;
	uint64_t	speaker_exits;
	int		speaker_pid;	/* 0: not owned or not running */
};

/**
 * Snapshot of the counters and state.
 * Context: control.
 */
void ctl_bgp_stats_get(struct ctl_bgp_stats *st);

#endif /* CTL_BGP_H */
