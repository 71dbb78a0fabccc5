/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srpgw-gen: DPDK traffic generator for a GTP-U gateway. Sends GTP-U
 * uplink on the access port and plain IP downlink on the core port for N
 * sessions laid out like `session generate`, receives what the gateway
 * forwards and prints a JSON summary. Context: main lcore (tx, and rx when
 * no second lcore is given) and optionally one worker lcore (rx).
 * This file: start-up (EAL, mempool, ports), the run state and teardown;
 * the parts are listed in gen_run.h.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "gen_run.h"

#define GEN_N_MBUF	8191
#define GEN_SERIES_CAP_S 600

volatile sig_atomic_t gen_signalled;

static void
gen_on_signal(int sig)
{
	(void)sig;
	gen_signalled = 1;
}

/* Allocate the rx state: flows per direction, stats, optional series. */
static int
gen_run_alloc(struct gen_run *r)
{
	const struct gen_opts *o = r->o;
	double span_s;
	int d;

	r->bucket_tsc = r->hz * o->bucket_ms / 1000;
	if (o->duration_s > 0)
		span_s = o->duration_s;
	else if (o->rate_pps != 0)
		span_s = (double)o->count / (double)o->rate_pps;
	else
		span_s = GEN_SERIES_CAP_S;
	if (span_s > GEN_SERIES_CAP_S)
		span_s = GEN_SERIES_CAP_S;
	r->n_buckets = (uint64_t)((span_s + 1.0) * 1000.0 / o->bucket_ms) +
		o->drain_ms / o->bucket_ms + 1;
	for (d = 0; d < GEN_N_DIR; d++) {
		r->st[d] = calloc(1, sizeof(*r->st[d]));
		r->flows[d] = calloc(o->dir_on[d] ? o->n_sessions : 1,
				     sizeof(*r->flows[d]));
		if (r->st[d] == NULL || r->flows[d] == NULL)
			return -ENOMEM;
		if (o->csv_path != NULL) {
			r->series[d] = calloc(r->n_buckets,
					      sizeof(*r->series[d]));
			if (r->series[d] == NULL)
				return -ENOMEM;
		}
	}
	return 0;
}

static void
gen_run_free(struct gen_run *r)
{
	int d;

	for (d = 0; d < GEN_N_DIR; d++) {
		free(r->st[d]);
		free(r->flows[d]);
		free(r->series[d]);
	}
}

int
main(int argc, char **argv)
{
	struct rte_ether_addr ea;
	struct gen_opts o;
	struct gen_run r;
	unsigned int rx_lcore, n_lcores = 1;
	int ret, i, rc = 1;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "srpgw-gen: rte_eal_init: %s\n",
			rte_strerror(rte_errno));
		return 1;
	}
	argc -= ret;
	argv += ret;
	argv[0] = (char *)"srpgw-gen";
	memset(&r, 0, sizeof(r));
	if (gen_parse_args(&o, argc, argv) < 0)
		goto out_eal;
	r.o = &o;
	r.hz = rte_get_tsc_hz();
	signal(SIGINT, gen_on_signal);
	signal(SIGTERM, gen_on_signal);
	/* A vanishing vhost-user/memif peer must not kill us. */
	signal(SIGPIPE, SIG_IGN);

	r.pool = rte_pktmbuf_pool_create("gen_pool", GEN_N_MBUF, 256, 0,
					 RTE_MBUF_DEFAULT_BUF_SIZE,
					 rte_socket_id());
	if (r.pool == NULL) {
		fprintf(stderr, "srpgw-gen: rte_pktmbuf_pool_create: %s\n",
			rte_strerror(rte_errno));
		goto out_eal;
	}
	if (o.port[0] == o.port[1]) {
		fprintf(stderr, "srpgw-gen: access and core ports must differ\n");
		goto out_pool;
	}
	for (i = 0; i < GEN_N_DIR; i++) {
		if (gen_port_init(o.port[i], r.pool) < 0)
			goto out_ports;
		if (o.mac_set[i]) {
			memcpy(ea.addr_bytes, o.mac[i], 6);
			ret = rte_eth_dev_default_mac_addr_set(o.port[i], &ea);
			if (ret < 0)
				fprintf(stderr, "srpgw-gen: port %u: cannot set "
					"MAC (%s), sending from it anyway\n",
					o.port[i], rte_strerror(-ret));
		} else {
			ret = rte_eth_macaddr_get(o.port[i], &ea);
			if (ret < 0) {
				fprintf(stderr, "srpgw-gen: rte_eth_macaddr_get"
					"(%u): %s\n", o.port[i],
					rte_strerror(-ret));
				goto out_ports;
			}
			memcpy(o.mac[i], ea.addr_bytes, 6);
		}
	}
	memcpy(o.pkt.access_mac, o.mac[0], 6);
	memcpy(o.pkt.core_mac, o.mac[1], 6);
	gen_rx_cfg_set(&o);
	if (gen_link_wait(o.port, o.link_wait_s) < 0)
		goto out_ports;
	if (gen_run_alloc(&r) < 0) {
		fprintf(stderr, "srpgw-gen: out of memory for %u sessions\n",
			o.n_sessions);
		goto out_state;
	}

	r.t0_tsc = rte_rdtsc();
	gen_arp_resolve(&r);
	/* Set before the rx lcore starts: it reads t0 without a barrier. */
	r.t0_tsc = rte_rdtsc();
	rx_lcore = rte_get_next_lcore(-1, 1, 0);
	if (rx_lcore < RTE_MAX_LCORE) {
		n_lcores = 2;
		ret = rte_eal_remote_launch(gen_rx_lcore, &r, rx_lcore);
		if (ret < 0) {
			fprintf(stderr, "srpgw-gen: rte_eal_remote_launch: %s\n",
				rte_strerror(-ret));
			goto out_state;
		}
	}
	gen_run_loop(&r, n_lcores == 1);
	if (n_lcores == 2) {
		r.rx_stop = true;
		rte_eal_wait_lcore(rx_lcore);
	}
	gen_print_json(&r, n_lcores);
	rc = 0;
	if (o.csv_path != NULL && gen_write_csv(&r) < 0)
		rc = 1;
out_state:
	gen_run_free(&r);
out_ports:
	for (i = 0; i < GEN_N_DIR; i++)
		if (rte_eth_dev_is_valid_port(o.port[i])) {
			rte_eth_dev_stop(o.port[i]);
			rte_eth_dev_close(o.port[i]);
		}
out_pool:
	rte_mempool_free(r.pool);
out_eal:
	rte_eal_cleanup();
	return rc;
}
