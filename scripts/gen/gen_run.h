/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srpgw-gen: what the parts of the generator share (gen_main.c: start and
 * teardown, gen_args.c: command line, gen_port.c: ports, gen_loop.c: tx,
 * rx and ARP loops, gen_report.c: JSON summary and CSV); not for the
 * gw_gen library or its tests. Context: main lcore and the rx lcore, as
 * each function says.
 */
#ifndef GEN_RUN_H
#define GEN_RUN_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "gen_arp.h"
#include "gen_pkt.h"
#include "gen_stats.h"

struct rte_mempool;

#define GEN_DIR_UL	0
#define GEN_DIR_DL	1
#define GEN_N_DIR	2
#define GEN_BURST_MAX	256
#define GEN_SIDE_ACCESS	0	/* the side UL is sent on (same index) */
#define GEN_SIDE_CORE	1	/* the side DL is sent on */

/* Everything the command line sets. */
struct gen_opts {
	uint16_t	port[GEN_N_DIR];	/* tx port: access for UL, core for DL */
	bool		mac_set[2];		/* access, core source MAC given */
	uint8_t		mac[2][6];
	uint32_t	n_sessions;
	uint32_t	local_teid;
	uint32_t	remote_teid;
	uint32_t	pool4;			/* host order network address */
	uint8_t		pool4_len;
	bool		pool4_set;
	uint64_t	pool6_hi;		/* upper 64 bits of the IPv6 pool */
	uint8_t		pool6_len;
	bool		pool6_set;
	bool		dir_on[GEN_N_DIR];
	uint64_t	rate_pps;		/* per direction, 0 = flat out */
	uint64_t	count;			/* per direction, 0 = no limit */
	double		duration_s;		/* 0 = no limit */
	uint32_t	drain_ms;
	uint32_t	burst;
	uint32_t	idle_sleep_us;
	uint32_t	link_wait_s;
	uint32_t	bucket_ms;
	bool		reflect;		/* frames come back unchanged */
	bool		resolve[2];		/* ARP for the gateway, per side */
	uint8_t		gw_ip[2][4];		/* --access-gw-ip, --core-gw-ip */
	bool		own_set[2];		/* an address to answer ARP for */
	uint8_t		own_ip[2][4];		/* --peer-addr (v4), --core-addr */
	uint32_t	arp_refresh_ms;		/* 0 = only at start */
	bool		gw_mac_set[2];		/* --access-gw-mac, --core-gw-mac */
	const char	*csv_path;
	struct gen_pkt_cfg pkt;
	struct gen_pkt_cfg rx_pkt;		/* what the rx side parses with */
};

/*
 * ARP state of one side. @mac is stored by the rx loop and loaded by the
 * tx loop (one word, no lock); the reply mailbox @ask is filled by rx and
 * emptied by tx (@ask_pending release/acquire), since only tx transmits.
 */
struct gen_arp_side {
	uint64_t	mac;		/* gen_mac_pack() of the gateway, 0 unknown */
	struct gen_arp_msg ask;		/* request to answer */
	uint32_t	ask_pending;
	/* rx loop */
	uint64_t	rx;		/* ARP frames received */
	uint64_t	rx_bad;		/* ARP we cannot use (not Ethernet/IPv4) */
	uint64_t	binds;		/* replies/gratuitous ARP for the gateway */
	uint64_t	mac_changes;	/* first learn included */
	uint64_t	last_change_tsc;
	uint64_t	asks_dropped;	/* a request came while one was pending */
	/* tx loop */
	uint64_t	requests_sent;
	uint64_t	replies_sent;
	uint64_t	next_req_tsc;
};

/* Run state shared by the tx and rx loops. */
struct gen_run {
	struct gen_opts	*o;
	struct rte_mempool *pool;
	uint64_t	hz;
	uint64_t	t0_tsc;		/* start of transmission */
	uint64_t	tx_end_tsc;	/* when tx stopped */
	uint64_t	sent[GEN_N_DIR];
	uint64_t	no_mac[GEN_N_DIR];	/* due while the gateway MAC was unknown */
	uint64_t	tx_mac[GEN_N_DIR];	/* packed gateway MAC in use, 0 none */
	uint64_t	gw_changes[GEN_N_DIR];	/* times it changed while sending */
	uint64_t	switch_k[GEN_N_DIR];	/* first packet index after the last */
	struct gen_arp_side arp[2];		/* per side */
	uint64_t	tx_alloc_fail;
	uint64_t	foreign;	/* frames without our marker */
	uint64_t	wrong_port;	/* our marker on the wrong side */
	struct gen_dir_stats *st[GEN_N_DIR];
	struct gen_flow	*flows[GEN_N_DIR];	/* n_sessions each */
	uint32_t	*series[GEN_N_DIR];	/* received per bucket */
	uint64_t	n_buckets;
	uint64_t	bucket_tsc;
	volatile bool	tx_done;	/* written by main, read by rx lcore */
	volatile bool	rx_stop;
};

/* gen_main.c */

/** Set by SIGINT/SIGTERM: every wait and loop ends early. */
extern volatile sig_atomic_t gen_signalled;

/* gen_args.c */

/**
 * Defaults, then the command line (after the EAL arguments) into @o.
 * Exits on --help. Context: main lcore. @return 0 or -EINVAL (said why)
 */
int gen_parse_args(struct gen_opts *o, int argc, char **argv);

/** o->rx_pkt from o->pkt: what the rx side expects. Context: main lcore. */
void gen_rx_cfg_set(struct gen_opts *o);

/* gen_port.c */

/** Configure and start @port, one rx and one tx queue. @return 0 or -errno */
int gen_port_init(uint16_t port, struct rte_mempool *pool);

/** Wait up to @wait_s for both ports' links. @return 0 or -ETIMEDOUT */
int gen_link_wait(const uint16_t *ports, uint32_t wait_s);

/* gen_loop.c */

/** Learn the gateway MACs by ARP before t0. Context: main lcore. */
void gen_arp_resolve(struct gen_run *r);

/** Entry of the rx lcore: rx turns until r->rx_stop. @return 0 */
int gen_rx_lcore(void *arg);

/**
 * Transmit until a limit or a signal, then drain; rx inline when
 * @rx_inline. Context: main lcore.
 */
void gen_run_loop(struct gen_run *r, bool rx_inline);

/* gen_report.c */

/** The JSON summary on stdout (closes every flow). Context: main lcore. */
void gen_print_json(struct gen_run *r, unsigned int n_lcores);

/** Received pps per bucket into o->csv_path. @return 0 or -errno */
int gen_write_csv(const struct gen_run *r);

#endif /* GEN_RUN_H */
