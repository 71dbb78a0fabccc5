/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ethdev handling for the data plane: resolve configured devices, set up
 * queues, RSS and MTU, start, stop and close ports; plus the data-plane
 * init log type. Context: control only.
 */
#ifndef DP_PORT_H
#define DP_PORT_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_log.h>
#include <rte_mempool.h>

#include "dp_conf.h"

/* Log type "user.gw.dp", registered in dp_lifecycle.c. Init and teardown only. */
extern int dp_logtype;

#define DP_LOG(level, ...) \
	rte_log(RTE_LOG_##level, dp_logtype, "dp: " __VA_ARGS__)

/* Flow types spread over the worker queues when the device can. */
#define DP_RSS_HF	(RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP)

/* One configured port and what has been done to its ethdev. */
struct dp_port {
	struct dp_port_conf	conf;
	uint16_t		port_id;	/* ethdev port id */
	uint16_t		n_queues;	/* rx = tx queues configured */
	bool			configured;	/* needs rte_eth_dev_close */
	bool			started;	/* needs rte_eth_dev_stop */
	bool			rss;		/* RSS spreads rx over queues */
};

/**
 * Find the ethdev named @device (a vdev name such as net_ring0 given with
 * --vdev, or a PCI address). On failure the error log names the device
 * and lists the ethdevs that exist.
 * Context: control.
 * @param port_name
 *   configured port name, for the log
 * @param device
 *   DPDK device name
 * @param port_id
 *   set to the ethdev port id on success
 * @return 0, or -ENODEV if no ethdev has that name
 */
int dp_port_resolve(const char *port_name, const char *device,
		    uint16_t *port_id);

/**
 * Configure @port (already resolved) with @n_queues rx and tx queues,
 * descriptors adjusted to the device limits, RSS when the device supports
 * it and @n_queues > 1, the configured MTU, promiscuous mode off; start it
 * and log its link. On failure @port->configured / @port->started tell
 * what dp_port_close() must undo.
 * Context: control.
 * @param port
 *   port with conf and port_id set
 * @param n_queues
 *   number of rx and tx queues (one per worker, at least 1)
 * @param n_rxd
 *   requested rx descriptors per queue
 * @param n_txd
 *   requested tx descriptors per queue
 * @param mp
 *   mbuf pool for the rx queues
 * @return 0; -EINVAL if the device has fewer queues than @n_queues or
 *   rejects a setting; another negative errno from the failing ethdev call
 */
int dp_port_setup(struct dp_port *port, uint16_t n_queues, uint16_t n_rxd,
		  uint16_t n_txd, struct rte_mempool *mp);

/**
 * Stop @port if started and close it if configured; errors are logged.
 * Idempotent.
 * Context: control, with no worker polling the port.
 */
void dp_port_close(struct dp_port *port);

/** Configured role as shown to users: "access" or "core". Context: any. */
const char *dp_port_role_str(enum dp_port_role role);

#endif /* DP_PORT_H */
