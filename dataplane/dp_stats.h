/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Per-lcore data-plane counters generated from X-macro lists: workers bump
 * their own slot, the control side sums snapshots. Context: worker writes,
 * control reads.
 */
#ifndef DP_STATS_H
#define DP_STATS_H

#include <stdint.h>

#include <rte_common.h>
#include <rte_config.h>

#include "dp_conf.h"

/* Per-lcore counters: DP_CNT(ENUM, name, help). */
#define DP_CNT_LIST(DP_CNT) \
	DP_CNT(RX, rx, "packets received on all polled queues") \
	DP_CNT(TX, tx, "packets accepted by port tx queues") \
	DP_CNT(TX_DROPPED, tx_dropped, \
	       "packets refused by a full tx queue and freed") \
	DP_CNT(IDLE_SLEEPS, idle_sleeps, \
	       "idle back-off sleeps (or pauses) after empty polls") \
	DP_CNT(LOOPS, loops, "main loop iterations") \
	DP_CNT(GPDU_UL, gpdu_ul, \
	       "uplink G-PDUs decapsulated and routed to the core side") \
	DP_CNT(GPDU_DL, gpdu_dl, \
	       "downlink packets encapsulated towards a GTP-U peer") \
	DP_CNT(ECHO_REQ, gtpu_echo_req, "GTP-U Echo Requests received") \
	DP_CNT(ECHO_RESP, gtpu_echo_resp, \
	       "GTP-U Echo Responses received (consumed)") \
	DP_CNT(ERR_IND, gtpu_err_ind, "GTP-U Error Indications received") \
	DP_CNT(END_MARKER, gtpu_end_marker, \
	       "GTP-U End Markers received (consumed)") \
	DP_CNT(SUPP_EXT, gtpu_supp_ext_notif, \
	       "GTP-U Supported Extension Headers Notifications (consumed)") \
	DP_CNT(GPDU_NO_SESS, gtpu_unknown_teid, \
	       "G-PDUs with an unknown TEID (punted for an Error Indication)") \
	DP_CNT(PUNTED, punted, "packets put on the punt ring to control") \
	DP_CNT(CTL_TX, ctl_tx, \
	       "control-built packets taken off the tx ring and sent")

enum dp_cnt {
#define DP_CNT_ENUM(e, n, h) DP_CNT_##e,
	DP_CNT_LIST(DP_CNT_ENUM)
#undef DP_CNT_ENUM
	DP_CNT_MAX
};

/* Drop reasons, one counter each: see dp_drop.def. */
enum dp_drop_reason {
#define DP_DROP(e, n, h) DP_DROP_##e,
#include "dp_drop.def"
#undef DP_DROP
	DP_DROP_MAX
};

/*
 * The parser's refusals (gtpu_drop.def) follow PORT_DOWN in dp_drop.def:
 * GTP-U error e (1-based) is counted as DP_DROP_GTPU_FIRST + e - 1
 * (checked at compile time in gtpu_fwd.h).
 */
#define DP_DROP_GTPU_FIRST	(DP_DROP_PORT_DOWN + 1)

/* Packet counters of one port as seen by one lcore (or summed). */
struct dp_stats_port {
	uint64_t	rx;	/* packets received from the port */
	uint64_t	tx;	/* packets the port accepted for sending */
	uint64_t	drop;	/* dropped after rx on it or refused by its tx */
};

/*
 * Counters of one lcore. Only that lcore writes them (plain add with
 * relaxed atomics so readers never see torn values); cache aligned so two
 * lcores never share a line.
 */
struct dp_lcore_stats {
	uint64_t		cnt[DP_CNT_MAX];
	uint64_t		drop[DP_DROP_MAX];
	struct dp_stats_port	port[DP_MAX_PORTS];
} __rte_cache_aligned;

/* Indexed by lcore id. Written by workers, read by dp_stats_*(). */
extern struct dp_lcore_stats dp_stats_lcore[RTE_MAX_LCORE];

/* Counters of one worker lcore, in dp_stats_total. */
struct dp_stats_worker {
	unsigned int	lcore_id;
	uint64_t	cnt[DP_CNT_MAX];
};

/* Sums over all worker lcores plus the per-worker counters. */
struct dp_stats_total {
	uint64_t		cnt[DP_CNT_MAX];
	uint64_t		drop[DP_DROP_MAX];
	unsigned int		n_workers;
	struct dp_stats_worker	workers[RTE_MAX_LCORE];
};

/**
 * Add @n to a counter owned by the calling lcore. A relaxed load and store
 * (no locked instruction): only the owner writes, readers may be behind.
 * Context: worker (owner of the counter).
 */
static inline void
dp_stats_add(uint64_t *c, uint64_t n)
{
	__atomic_store_n(c, __atomic_load_n(c, __ATOMIC_RELAXED) + n,
			 __ATOMIC_RELAXED);
}

/**
 * Read a counter written by another lcore.
 * Context: any.
 */
static inline uint64_t
dp_stats_read(const uint64_t *c)
{
	return __atomic_load_n(c, __ATOMIC_RELAXED);
}

/**
 * Zero the counters of every lcore. Call only while no worker runs (from
 * dp_init()).
 * Context: control.
 */
void dp_stats_reset(void);

/**
 * Sum the counters of the worker lcores (RTE_LCORE_FOREACH_WORKER) into
 * @out and copy each worker's own counters. Values are a snapshot taken
 * counter by counter while workers may run.
 * Context: control.
 * @param out
 *   filled completely
 * @return 0, or -EINVAL if @out is NULL
 */
int dp_stats_sum(struct dp_stats_total *out);

/**
 * Sum the counters kept for port index @port_idx over the worker lcores.
 * Context: control.
 * @return 0, -EINVAL if @out is NULL, -ENOENT if @port_idx >= DP_MAX_PORTS
 */
int dp_stats_port_sum(unsigned int port_idx, struct dp_stats_port *out);

/**
 * Name of counter @c ("rx", "idle_sleeps", ...), for show commands.
 * Context: any.
 * @return the name, or NULL if @c >= DP_CNT_MAX
 */
const char *dp_stats_cnt_name(unsigned int c);

/**
 * One-line help text of counter @c.
 * Context: any.
 * @return the text, or NULL if @c >= DP_CNT_MAX
 */
const char *dp_stats_cnt_help(unsigned int c);

/**
 * Name of drop reason @r ("no_handler", ...), for show commands.
 * Context: any.
 * @return the name, or NULL if @r >= DP_DROP_MAX
 */
const char *dp_stats_drop_name(unsigned int r);

/**
 * One-line help text of drop reason @r.
 * Context: any.
 * @return the text, or NULL if @r >= DP_DROP_MAX
 */
const char *dp_stats_drop_help(unsigned int r);

#endif /* DP_STATS_H */
