/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Data-plane life cycle driven by the control side: mbuf pool, ports,
 * worker lcore map, launch, shutdown and port counters. Context: control
 * (main lcore).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "dp_conf.h"
#include "dp_fwd.h"
#include "dp_lcore.h"
#include "dp_lifecycle.h"
#include "dp_ckpt_ring.h"
#include "dp_msg.h"
#include "dp_port.h"
#include "dp_stats.h"
#include "sess_table.h"

RTE_LOG_REGISTER(dp_logtype, user.gw.dp, INFO);

#define DP_POOL_NAME	"gw_dp_mbuf"
#define DP_POOL_CACHE	256

/* Worker numbers are used as 16-bit queue ids. */
_Static_assert(RTE_MAX_LCORE <= UINT16_MAX, "lcore ids must fit queue ids");

/* Everything dp_init() set up, so dp_shutdown() can undo any prefix of it. */
struct dp_state {
	bool			active;		/* dp_init ran, no shutdown */
	bool			launched;	/* workers launched */
	struct dp_conf		conf;
	struct rte_mempool	*pool;
	unsigned int		n_ports;
	struct dp_port		ports[DP_MAX_PORTS];
	unsigned int		n_workers;
	struct sess_table	*sess;
	struct dp_ckpt_ring		*mc;		/* micro-checkpoint channels */
	bool			fwd_init;
};

static struct dp_state dp;

/* Check the settings and resolve every device before touching anything. */
static int
dp_init_check(const struct dp_conf *conf, uint16_t *port_ids)
{
	char err[256];
	unsigned int i;
	int ret;

	ret = dp_conf_check(conf, err, sizeof(err));
	if (ret != 0) {
		DP_LOG(ERR, "bad data-plane configuration: %s\n", err);
		return ret;
	}
	/*
	 * Shut-down ports are resolved too: a typo in a device name should
	 * surface at start, not on the day the port is enabled.
	 */
	for (i = 0; i < conf->n_ports; i++) {
		ret = dp_port_resolve(conf->ports[i].name,
				      conf->ports[i].device, &port_ids[i]);
		if (ret != 0)
			return ret;
	}
	return 0;
}

static int
dp_pool_create(const struct dp_conf *conf, uint16_t n_queues,
	       unsigned int n_started)
{
	unsigned int cache = DP_POOL_CACHE;
	uint64_t need;
	int socket;

	/* The mempool library refuses a cache above 2/3 of the pool. */
	if ((uint64_t)cache * 3 / 2 > conf->n_mbufs)
		cache = conf->n_mbufs * 2 / 3;
	/* Rx rings full, tx rings full, every cache full, one burst each. */
	need = (uint64_t)n_started * n_queues * (conf->n_rxd + conf->n_txd) +
	       (uint64_t)rte_lcore_count() * (cache + DP_BURST_MAX);
	if (need > conf->n_mbufs)
		DP_LOG(WARNING,
		       "%u mbufs may be too few (about %" PRIu64
		       " can sit in rings and caches): expect rx_nombuf\n",
		       conf->n_mbufs, need);

	socket = (int)rte_lcore_to_socket_id(rte_get_main_lcore());
	dp.pool = rte_pktmbuf_pool_create(DP_POOL_NAME, conf->n_mbufs, cache,
					  0, RTE_MBUF_DEFAULT_BUF_SIZE, socket);
	if (dp.pool == NULL) {
		DP_LOG(ERR, "rte_pktmbuf_pool_create(%u mbufs, socket %d): %s\n",
		       conf->n_mbufs, socket, rte_strerror(rte_errno));
		return rte_errno > 0 ? -rte_errno : -ENOMEM;
	}
	return 0;
}

static int
dp_workers_setup(const uint16_t *port_ids)
{
	bool started[DP_MAX_PORTS] = { false };
	unsigned int lcore_id;
	unsigned int w = 0;
	unsigned int i;
	int ret;

	for (i = 0; i < dp.n_ports; i++)
		started[i] = dp.ports[i].started;
	RTE_LCORE_FOREACH_WORKER(lcore_id) {
		ret = dp_lcore_setup(lcore_id, w, &dp.conf, port_ids, started);
		if (ret != 0) {
			DP_LOG(ERR, "worker lcore %u: setup failed: %s\n",
			       lcore_id, rte_strerror(-ret));
			return ret;
		}
		w++;
	}
	return 0;
}

/* Session table, micro-checkpoint channels, forwarding-state neighbour
 * map, punt and tx rings. */
static int
dp_tables_setup(const struct dp_conf *conf)
{
	int socket = (int)rte_lcore_to_socket_id(rte_get_main_lcore());
	struct dp_lcore *lc;
	unsigned int lcore_id;
	int ret;

	/* Counter arrays for at least one "worker": the control side and
	 * tests may look sessions up without workers. */
	dp.sess = sess_table_create(conf->max_sessions,
				    dp.n_workers > 0 ? dp.n_workers : 1, socket);
	if (dp.sess == NULL) {
		ret = errno > 0 ? -errno : -ENOMEM;
		DP_LOG(ERR, "sess_table_create(%u sessions): %s\n",
		       conf->max_sessions, strerror(-ret));
		return ret;
	}
	/* One channel per worker, one bit per session slot (slots include
	 * the table's reclaim headroom). */
	dp.mc = dp_ckpt_ring_create(dp.n_workers > 0 ? dp.n_workers : 1,
			     sess_table_capacity(dp.sess), socket);
	if (dp.mc == NULL) {
		ret = errno > 0 ? -errno : -ENOMEM;
		DP_LOG(ERR, "dp_ckpt_ring_create(%u sessions): %s\n",
		       conf->max_sessions, strerror(-ret));
		return ret;
	}
	ret = dp_fwd_init(socket);
	if (ret != 0) {
		DP_LOG(ERR, "dp_fwd_init: %s\n", strerror(-ret));
		return ret;
	}
	dp.fwd_init = true;
	ret = dp_msg_init(dp.n_workers, socket);
	if (ret != 0) {
		DP_LOG(ERR, "dp_msg_init: %s\n", strerror(-ret));
		return ret;
	}
	RTE_LCORE_FOREACH_WORKER(lcore_id) {
		lc = dp_lcore_get(lcore_id);
		lc->sess = dp.sess;
		lc->mc = &dp.mc->w[lc->worker_idx];
	}
	return 0;
}

int
dp_init(const struct dp_conf *conf)
{
	uint16_t port_ids[DP_MAX_PORTS];
	unsigned int n_started = 0;
	unsigned int lcore_id;
	uint16_t n_queues;
	unsigned int i;
	int ret;

	if (dp.active) {
		DP_LOG(ERR, "dp_init: already initialised\n");
		return -EALREADY;
	}
	ret = dp_init_check(conf, port_ids);
	if (ret != 0)
		return ret;

	memset(&dp, 0, sizeof(dp));
	dp.active = true;
	dp.conf = *conf;
	RTE_LCORE_FOREACH_WORKER(lcore_id)
		dp.n_workers++;
	if (dp.n_workers == 0)
		DP_LOG(WARNING, "no worker lcore (-l lists only the main one): "
		       "ports are set up but nobody polls them\n");
	n_queues = dp.n_workers > 0 ? (uint16_t)dp.n_workers : 1;
	for (i = 0; i < conf->n_ports; i++)
		if (!conf->ports[i].shutdown)
			n_started++;
	dp_stats_reset();

	ret = dp_pool_create(conf, n_queues, n_started);
	if (ret != 0)
		goto out_shutdown;

	dp.n_ports = conf->n_ports;
	for (i = 0; i < dp.n_ports; i++) {
		dp.ports[i].conf = conf->ports[i];
		dp.ports[i].port_id = port_ids[i];
		if (conf->ports[i].shutdown) {
			DP_LOG(INFO, "port %s (%s): shut down, not started\n",
			       conf->ports[i].name, conf->ports[i].device);
			continue;
		}
		ret = dp_port_setup(&dp.ports[i], n_queues, conf->n_rxd,
				    conf->n_txd, dp.pool);
		if (ret != 0)
			goto out_shutdown;
	}

	ret = dp_workers_setup(port_ids);
	if (ret != 0)
		goto out_shutdown;
	ret = dp_tables_setup(conf);
	if (ret != 0)
		goto out_shutdown;
	DP_LOG(INFO, "data plane ready: %u port(s), %u started, %u worker(s)\n",
	       dp.n_ports, n_started, dp.n_workers);
	return 0;

out_shutdown:
	/* dp_shutdown undoes exactly what was recorded in dp so far. */
	dp_shutdown();
	return ret;
}

int
dp_launch(void)
{
	unsigned int lcore_id;
	int ret;

	if (!dp.active) {
		DP_LOG(ERR, "dp_launch: dp_init has not succeeded\n");
		return -EINVAL;
	}
	if (dp.launched)
		return -EALREADY;
	dp_lcore_stop_set(false);
	dp.launched = true;
	RTE_LCORE_FOREACH_WORKER(lcore_id) {
		ret = rte_eal_remote_launch(dp_lcore_loop,
					    dp_lcore_get(lcore_id), lcore_id);
		if (ret != 0) {
			DP_LOG(ERR, "rte_eal_remote_launch(lcore %u): %s\n",
			       lcore_id, rte_strerror(-ret));
			/* Bring back the workers already running. */
			dp_lcore_stop_set(true);
			rte_eal_mp_wait_lcore();
			dp.launched = false;
			return ret;
		}
	}
	DP_LOG(INFO, "%u worker(s) launched\n", dp.n_workers);
	return 0;
}

void
dp_shutdown(void)
{
	unsigned int lcore_id;
	unsigned int i;

	if (!dp.active)
		return;
	if (dp.launched) {
		dp_lcore_stop_set(true);
		rte_eal_mp_wait_lcore();
		dp.launched = false;
	}
	/* Workers are gone: their tx buffers can be flushed from here. */
	RTE_LCORE_FOREACH_WORKER(lcore_id)
		dp_lcore_teardown(dp_lcore_get(lcore_id));
	/* Rings hold mbufs of the pool: empty them before it goes. */
	dp_msg_free();
	if (dp.fwd_init) {
		dp_fwd_fini();
		dp.fwd_init = false;
	}
	sess_table_free(dp.sess);
	dp.sess = NULL;
	dp_ckpt_ring_free(dp.mc);
	dp.mc = NULL;
	for (i = 0; i < dp.n_ports; i++)
		dp_port_close(&dp.ports[i]);
	/* Ports are closed, no rx ring holds mbufs of the pool any more. */
	rte_mempool_free(dp.pool);
	dp.pool = NULL;
	dp.n_ports = 0;
	dp.n_workers = 0;
	dp.active = false;
	DP_LOG(INFO, "data plane stopped\n");
}

struct dp_ckpt_ring *
dp_ckpt_ring_get(void)
{
	return dp.mc;
}

struct sess_table *
dp_sess_table(void)
{
	return dp.sess;
}

int
dp_port_mac_get(unsigned int idx, uint8_t mac[6])
{
	struct rte_ether_addr ea;
	int ret;

	if (idx >= dp.n_ports || mac == NULL)
		return -ENOENT;
	if (!dp.ports[idx].started)
		return -ENETDOWN;
	ret = rte_eth_macaddr_get(dp.ports[idx].port_id, &ea);
	if (ret != 0)
		return ret;
	memcpy(mac, ea.addr_bytes, 6);
	return 0;
}

int
dp_port_mtu_get(unsigned int idx, uint16_t *mtu)
{
	if (idx >= dp.n_ports || mtu == NULL)
		return -ENOENT;
	if (!dp.ports[idx].started)
		return -ENETDOWN;
	return rte_eth_dev_get_mtu(dp.ports[idx].port_id, mtu);
}

const struct dp_port_conf *
dp_port_conf_get(unsigned int idx)
{
	return idx < dp.n_ports ? &dp.ports[idx].conf : NULL;
}

bool
dp_port_is_started(unsigned int idx)
{
	return idx < dp.n_ports && dp.ports[idx].started;
}

struct rte_mempool *
dp_mbuf_pool(void)
{
	return dp.pool;
}

unsigned int
dp_port_count(void)
{
	return dp.n_ports;
}

unsigned int
dp_worker_count(void)
{
	return dp.n_workers;
}

int
dp_port_stats_get(unsigned int idx, struct dp_port_stats *out)
{
	const struct dp_port *port;
	struct rte_eth_stats es;
	struct rte_eth_link link;
	struct dp_stats_port sw;
	int ret;

	if (out == NULL)
		return -EINVAL;
	if (idx >= dp.n_ports)
		return -ENOENT;
	port = &dp.ports[idx];
	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", port->conf.name);
	snprintf(out->device, sizeof(out->device), "%s", port->conf.device);
	out->role = dp_port_role_str(port->conf.role);
	out->port_id = port->port_id;

	ret = dp_stats_port_sum(idx, &sw);
	if (ret != 0)
		return ret;
	out->sw_rx = sw.rx;
	out->sw_tx = sw.tx;
	out->sw_drop = sw.drop;

	/* A port that is not started is down; its ethdev is not touched. */
	if (!port->started)
		return 0;
	if (rte_eth_link_get_nowait(port->port_id, &link) == 0) {
		out->link_up = link.link_status == RTE_ETH_LINK_UP;
		out->link_speed_mbps = link.link_speed == RTE_ETH_SPEED_NUM_UNKNOWN ?
					       0 :
					       link.link_speed;
	}
	if (rte_eth_stats_get(port->port_id, &es) == 0) {
		out->ipackets = es.ipackets;
		out->opackets = es.opackets;
		out->ibytes = es.ibytes;
		out->obytes = es.obytes;
		out->imissed = es.imissed;
		out->ierrors = es.ierrors;
		out->oerrors = es.oerrors;
		out->rx_nombuf = es.rx_nombuf;
	}
	return 0;
}
