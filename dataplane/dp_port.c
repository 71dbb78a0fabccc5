/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ethdev set-up for the data plane: device lookup, queues, RSS, MTU,
 * start/stop/close and link reporting. Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>

#include "dp_port.h"

/* Room for the list of existing ethdevs in the "unknown device" error. */
#define DP_PORT_LIST_LEN	512

static void
dp_port_list(char *buf, size_t len)
{
	char name[RTE_ETH_NAME_MAX_LEN];
	size_t used = 0;
	uint16_t pid;
	int n;

	buf[0] = 0;
	RTE_ETH_FOREACH_DEV(pid) {
		if (rte_eth_dev_get_name_by_port(pid, name) != 0)
			continue;
		n = snprintf(buf + used, len - used, "%s%s",
			     used == 0 ? "" : ", ", name);
		if (n < 0 || (size_t)n >= len - used) {
			/* Keep what fits; mark that the list goes on. */
			if (len > 4)
				strcpy(buf + len - 4, "...");
			return;
		}
		used += (size_t)n;
	}
	if (used == 0)
		snprintf(buf, len, "none");
}

int
dp_port_resolve(const char *port_name, const char *device, uint16_t *port_id)
{
	char list[DP_PORT_LIST_LEN];
	int ret;

	ret = rte_eth_dev_get_port_by_name(device, port_id);
	if (ret == 0)
		return 0;
	dp_port_list(list, sizeof(list));
	DP_LOG(ERR, "port %s: unknown DPDK device '%s' (ethdevs present: %s); "
	       "add it with --vdev or check the PCI address and driver "
	       "binding\n", port_name, device, list);
	return -ENODEV;
}

const char *
dp_port_role_str(enum dp_port_role role)
{
	return role == DP_ROLE_CORE ? "core" : "access";
}

/* Fill @pc for @n_queues queues; RSS only if the device hashes IP/UDP. */
static void
dp_port_conf_build(struct dp_port *port, const struct rte_eth_dev_info *info,
		   uint16_t n_queues, struct rte_eth_conf *pc)
{
	uint64_t hf = info->flow_type_rss_offloads & DP_RSS_HF;

	memset(pc, 0, sizeof(*pc));
	port->rss = false;
	if (n_queues > 1 && hf != 0) {
		pc->rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		pc->rx_adv_conf.rss_conf.rss_key = NULL; /* driver default */
		pc->rx_adv_conf.rss_conf.rss_hf = hf;
		port->rss = true;
	} else if (n_queues > 1) {
		DP_LOG(WARNING, "port %s (%s): device has no IP/UDP RSS, "
		       "workers only see what it puts on their queue\n",
		       port->conf.name, port->conf.device);
	}
}

static int
dp_port_queues_setup(struct dp_port *port, uint16_t n_rxd, uint16_t n_txd,
		     struct rte_mempool *mp)
{
	uint16_t nb_rxd = n_rxd;
	uint16_t nb_txd = n_txd;
	unsigned int socket;
	int sid;
	uint16_t q;
	int ret;

	ret = rte_eth_dev_adjust_nb_rx_tx_desc(port->port_id, &nb_rxd, &nb_txd);
	if (ret != 0) {
		DP_LOG(ERR, "port %s: rte_eth_dev_adjust_nb_rx_tx_desc: %s\n",
		       port->conf.name, rte_strerror(-ret));
		return ret;
	}
	if (nb_rxd != n_rxd || nb_txd != n_txd)
		DP_LOG(INFO, "port %s: descriptors adjusted to rx %u tx %u "
		       "(asked %u/%u)\n",
		       port->conf.name, nb_rxd, nb_txd, n_rxd, n_txd);

	/* Virtual devices report no socket: use the main lcore's. */
	sid = rte_eth_dev_socket_id(port->port_id);
	socket = sid >= 0 ? (unsigned int)sid :
			    rte_lcore_to_socket_id(rte_get_main_lcore());

	for (q = 0; q < port->n_queues; q++) {
		ret = rte_eth_rx_queue_setup(port->port_id, q, nb_rxd, socket,
					     NULL, mp);
		if (ret != 0) {
			DP_LOG(ERR, "port %s: rte_eth_rx_queue_setup(%u): %s\n",
			       port->conf.name, q, rte_strerror(-ret));
			return ret;
		}
		ret = rte_eth_tx_queue_setup(port->port_id, q, nb_txd, socket,
					     NULL);
		if (ret != 0) {
			DP_LOG(ERR, "port %s: rte_eth_tx_queue_setup(%u): %s\n",
			       port->conf.name, q, rte_strerror(-ret));
			return ret;
		}
	}
	return 0;
}

/*
 * Some PMDs (memif, ring) cannot change their MTU; accept that when the
 * configured value is the one the device already uses.
 */
static int
dp_port_mtu_set(struct dp_port *port)
{
	uint16_t cur;
	int ret;

	ret = rte_eth_dev_set_mtu(port->port_id, port->conf.mtu);
	if (ret == -ENOTSUP && rte_eth_dev_get_mtu(port->port_id, &cur) == 0 &&
	    cur == port->conf.mtu)
		return 0;
	if (ret != 0)
		DP_LOG(ERR, "port %s: rte_eth_dev_set_mtu(%u): %s\n",
		       port->conf.name, port->conf.mtu, rte_strerror(-ret));
	return ret;
}

int
dp_port_setup(struct dp_port *port, uint16_t n_queues, uint16_t n_rxd,
	      uint16_t n_txd, struct rte_mempool *mp)
{
	const char *name = port->conf.name;
	char link_str[RTE_ETH_LINK_MAX_STR_LEN];
	struct rte_eth_dev_info info;
	struct rte_eth_link link;
	struct rte_eth_conf pc;
	int ret;

	if (n_queues == 0 || mp == NULL)
		return -EINVAL;
	ret = rte_eth_dev_info_get(port->port_id, &info);
	if (ret != 0) {
		DP_LOG(ERR, "port %s: rte_eth_dev_info_get: %s\n", name,
		       rte_strerror(-ret));
		return ret;
	}
	if (n_queues > info.max_rx_queues || n_queues > info.max_tx_queues) {
		DP_LOG(ERR, "port %s (%s): needs %u rx/tx queues "
		       "(one per worker), device has %u/%u\n",
		       name, port->conf.device, n_queues, info.max_rx_queues,
		       info.max_tx_queues);
		return -EINVAL;
	}
	dp_port_conf_build(port, &info, n_queues, &pc);

	ret = rte_eth_dev_configure(port->port_id, n_queues, n_queues, &pc);
	if (ret != 0) {
		DP_LOG(ERR, "port %s: rte_eth_dev_configure: %s\n", name,
		       rte_strerror(-ret));
		return ret;
	}
	port->configured = true;
	port->n_queues = n_queues;

	ret = dp_port_queues_setup(port, n_rxd, n_txd, mp);
	if (ret != 0)
		return ret;

	if (port->conf.mtu != 0) {
		ret = dp_port_mtu_set(port);
		if (ret != 0)
			return ret;
	}

	/*
	 * Promiscuous off: GTP-U and core traffic is addressed to the port's
	 * own MAC. If a feature later needs another address (a VRRP-style
	 * virtual MAC for switchover), add it with rte_eth_dev_mac_addr_add
	 * rather than accepting every frame. Devices without the control
	 * (-ENOTSUP) have nothing to turn off.
	 */
	ret = rte_eth_promiscuous_disable(port->port_id);
	if (ret != 0 && ret != -ENOTSUP) {
		DP_LOG(ERR, "port %s: rte_eth_promiscuous_disable: %s\n", name,
		       rte_strerror(-ret));
		return ret;
	}

	ret = rte_eth_dev_start(port->port_id);
	if (ret != 0) {
		DP_LOG(ERR, "port %s: rte_eth_dev_start: %s\n", name,
		       rte_strerror(-ret));
		return ret;
	}
	port->started = true;

	ret = rte_eth_link_get_nowait(port->port_id, &link);
	if (ret != 0) {
		DP_LOG(WARNING, "port %s: rte_eth_link_get_nowait: %s\n", name,
		       rte_strerror(-ret));
		return 0;
	}
	if (rte_eth_link_to_str(link_str, sizeof(link_str), &link) < 0)
		snprintf(link_str, sizeof(link_str), "link %s",
			 link.link_status ? "up" : "down");
	DP_LOG(INFO, "port %s (%s, id %u, %s): started, %u queue(s)%s, %s\n",
	       name, port->conf.device, port->port_id,
	       dp_port_role_str(port->conf.role), n_queues,
	       port->rss ? " with RSS" : "", link_str);
	return 0;
}

void
dp_port_close(struct dp_port *port)
{
	int ret;

	if (port->started) {
		ret = rte_eth_dev_stop(port->port_id);
		if (ret != 0)
			DP_LOG(ERR, "port %s: rte_eth_dev_stop: %s\n",
			       port->conf.name, rte_strerror(-ret));
		port->started = false;
	}
	if (port->configured) {
		ret = rte_eth_dev_close(port->port_id);
		if (ret != 0)
			DP_LOG(ERR, "port %s: rte_eth_dev_close: %s\n",
			       port->conf.name, rte_strerror(-ret));
		port->configured = false;
	}
}
