/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srpgw-gen: port setup (one rx and one tx queue per port) and the wait
 * for link up. Context: main lcore.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_ethdev.h>

#include "gen_run.h"

#define GEN_N_DESC	1024

int
gen_port_init(uint16_t port, struct rte_mempool *pool)
{
	struct rte_eth_conf conf;
	int ret;

	if (!rte_eth_dev_is_valid_port(port)) {
		fprintf(stderr, "srpgw-gen: port %u does not exist (%u ports)\n",
			port, rte_eth_dev_count_avail());
		return -ENODEV;
	}
	memset(&conf, 0, sizeof(conf));
	ret = rte_eth_dev_configure(port, 1, 1, &conf);
	if (ret < 0) {
		fprintf(stderr, "srpgw-gen: rte_eth_dev_configure(%u): %s\n",
			port, rte_strerror(-ret));
		return ret;
	}
	ret = rte_eth_rx_queue_setup(port, 0, GEN_N_DESC,
				     rte_eth_dev_socket_id(port), NULL, pool);
	if (ret < 0) {
		fprintf(stderr, "srpgw-gen: rte_eth_rx_queue_setup(%u): %s\n",
			port, rte_strerror(-ret));
		return ret;
	}
	ret = rte_eth_tx_queue_setup(port, 0, GEN_N_DESC,
				     rte_eth_dev_socket_id(port), NULL);
	if (ret < 0) {
		fprintf(stderr, "srpgw-gen: rte_eth_tx_queue_setup(%u): %s\n",
			port, rte_strerror(-ret));
		return ret;
	}
	ret = rte_eth_dev_start(port);
	if (ret < 0) {
		fprintf(stderr, "srpgw-gen: rte_eth_dev_start(%u): %s\n",
			port, rte_strerror(-ret));
		return ret;
	}
	/* Not every PMD has a promiscuous mode (memif): not fatal. */
	rte_eth_promiscuous_enable(port);
	return 0;
}

int
gen_link_wait(const uint16_t *ports, uint32_t wait_s)
{
	struct rte_eth_link link;
	uint64_t end = rte_get_timer_cycles() + wait_s * rte_get_timer_hz();
	bool up;
	int i;

	for (;;) {
		up = true;
		for (i = 0; i < GEN_N_DIR; i++) {
			memset(&link, 0, sizeof(link));
			if (rte_eth_link_get_nowait(ports[i], &link) < 0 ||
			    link.link_status != RTE_ETH_LINK_UP)
				up = false;
		}
		if (up)
			return 0;
		if (rte_get_timer_cycles() > end || gen_signalled) {
			fprintf(stderr, "srpgw-gen: link down after %u s\n",
				wait_s);
			return -ETIMEDOUT;
		}
		rte_delay_us_sleep(10000);
	}
}
