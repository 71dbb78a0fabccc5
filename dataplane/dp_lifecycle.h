/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Data-plane life cycle as seen by the control side: bring ports up, launch
 * one worker per non-main lcore, stop them, and read their counters.
 * Context: control (main lcore) unless stated.
 */
#ifndef DP_LIFECYCLE_H
#define DP_LIFECYCLE_H

#include <stdbool.h>
#include <stdint.h>

#include "dp_conf.h"

struct rte_mempool;
struct sess_table;

/* Port counters: the ethdev's own plus what the workers counted. */
struct dp_port_stats {
	char		name[DP_PORT_NAME_LEN];
	char		device[DP_DEVICE_LEN];
	const char	*role;		/* "access" or "core" */
	uint16_t	port_id;
	int		link_up;	/* 1 up, 0 down */
	uint32_t	link_speed_mbps;
	uint64_t	ipackets;
	uint64_t	opackets;
	uint64_t	ibytes;
	uint64_t	obytes;
	uint64_t	imissed;
	uint64_t	ierrors;
	uint64_t	oerrors;
	uint64_t	rx_nombuf;
	uint64_t	sw_rx;		/* summed over worker lcores */
	uint64_t	sw_tx;
	uint64_t	sw_drop;
};

/**
 * Create the mbuf pool, configure and start every configured port (one rx
 * and one tx queue per worker) after EAL is up. Does not launch workers.
 * @return 0, or a negative errno with the failing step logged
 */
int dp_init(const struct dp_conf *conf);

/**
 * Launch dp_lcore_loop on every worker lcore.
 * @return 0, or a negative errno
 */
int dp_launch(void);

/**
 * Ask workers to stop, wait for them, stop and close ports, free pools.
 * Safe to call after a partial dp_init or without dp_launch.
 */
void dp_shutdown(void);

/** Number of configured ports. */
unsigned int dp_port_count(void);

/** Number of worker lcores. */
unsigned int dp_worker_count(void);

/**
 * Snapshot the counters of port index @idx (0..dp_port_count()-1).
 * @return 0, or -ENOENT for a bad index (-EINVAL if @out is NULL)
 */
int dp_port_stats_get(unsigned int idx, struct dp_port_stats *out);

/**
 * The mbuf pool dp_init() created (for packets the control side builds,
 * such as slow-path replies).
 * @return the pool, or NULL before dp_init() or after dp_shutdown()
 */
struct rte_mempool *dp_mbuf_pool(void);

/**
 * The session table dp_init() created (sized by dp_conf.max_sessions, one
 * counter array per worker).
 * Context: control.
 * @return the table, or NULL before dp_init() or after dp_shutdown()
 */
struct sess_table *dp_sess_table(void);

/**
 * MAC address of started port index @idx.
 * Context: control.
 * @return 0, -ENOENT bad index, -ENETDOWN port not started, or the
 *   rte_eth_macaddr_get error
 */
int dp_port_mac_get(unsigned int idx, uint8_t mac[6]);

/**
 * IP MTU of started port index @idx as the device reports it.
 * Context: control.
 * @return 0, -ENOENT bad index, -ENETDOWN port not started, or the
 *   rte_eth_dev_get_mtu error
 */
int dp_port_mtu_get(unsigned int idx, uint16_t *mtu);

/**
 * Configuration of port index @idx as given to dp_init().
 * Context: control.
 * @return the port's settings, or NULL for a bad index
 */
const struct dp_port_conf *dp_port_conf_get(unsigned int idx);

/** Whether port index @idx was started. Context: control. */
bool dp_port_is_started(unsigned int idx);

#endif /* DP_LIFECYCLE_H */
