/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CUnit tests of the data-plane frame with EAL up (suite "eal"): dp_init
 * errors and unwinding, tx buffering, rx accounting on net_ring ports,
 * idle back-off and shutdown. Context: test main thread + one worker lcore.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <urcu-qsbr.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "dp_conf.h"
#include "dp_lcore.h"
#include "dp_lifecycle.h"
#include "dp_stats.h"
#include "support/ut_eal.h"
#include "support/ut_ring.h"
#include "support/ut_run.h"

/* The loopback ring of queue 0 a net_ring vdev creates for itself. */
#define RING0_Q0	"ETH_RXTX0_net_ring0"
#define RING1_Q0	"ETH_RXTX0_net_ring1"
#define WAIT_MAX_MS	5000

static unsigned int test_worker;	/* lcore id of the only worker */

static void
conf_port_add(struct dp_conf *conf, const char *name, const char *device,
	      enum dp_port_role role, bool shutdown)
{
	struct dp_port_conf *p = &conf->ports[conf->n_ports++];

	snprintf(p->name, sizeof(p->name), "%s", name);
	snprintf(p->device, sizeof(p->device), "%s", device);
	p->role = role;
	p->shutdown = shutdown;
}

static bool
dev_exists(const char *device)
{
	uint16_t pid;

	return rte_eth_dev_get_port_by_name(device, &pid) == 0;
}

/*
 * Link state of @device: 1 up, 0 down, -1 no such device. The ring and
 * null PMDs report the link up only while started, which tells whether
 * dp_init left a port running.
 */
static int
dev_link_up(const char *device)
{
	struct rte_eth_link link;
	uint16_t pid;

	if (rte_eth_dev_get_port_by_name(device, &pid) != 0)
		return -1;
	if (rte_eth_link_get_nowait(pid, &link) != 0)
		return -1;
	return link.link_status == RTE_ETH_LINK_UP;
}

static unsigned int
pool_in_use(void)
{
	struct rte_mempool *mp = dp_mbuf_pool();

	return mp == NULL ? 0 : rte_mempool_in_use_count(mp);
}

static struct rte_mbuf *
pkt_new(void)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(dp_mbuf_pool());

	if (m != NULL && rte_pktmbuf_append(m, 64) == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	return m;
}

/* Put @n fresh packets on @ring_name (the rx side of a net_ring port). */
static unsigned int
inject(const char *ring_name, unsigned int n)
{
	struct rte_ring *r = rte_ring_lookup(ring_name);
	struct rte_mbuf *m;
	unsigned int i;

	if (r == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		m = pkt_new();
		if (m == NULL)
			break;
		if (rte_ring_enqueue(r, m) != 0) {
			rte_pktmbuf_free(m);
			break;
		}
	}
	return i;
}

static struct dp_port_stats
port_stats(unsigned int idx)
{
	struct dp_port_stats ps;

	memset(&ps, 0, sizeof(ps));
	CU_ASSERT_EQUAL(dp_port_stats_get(idx, &ps), 0);
	return ps;
}

static uint64_t
total_cnt(enum dp_cnt c)
{
	static struct dp_stats_total t;

	CU_ASSERT_EQUAL(dp_stats_sum(&t), 0);
	return t.cnt[c];
}

static uint64_t
total_drop(enum dp_drop_reason r)
{
	static struct dp_stats_total t;

	CU_ASSERT_EQUAL(dp_stats_sum(&t), 0);
	return t.drop[r];
}

static void
sleep_ms(unsigned int ms)
{
	usleep(ms * 1000);
}

/*
 * Conf and pure helpers.
 */

static void
test_dp_conf_defaults(void)
{
	struct dp_conf conf;
	char err[128];

	memset(&conf, 0xa5, sizeof(conf));
	dp_conf_init(&conf);
	CU_ASSERT_EQUAL(conf.n_ports, 0);
	CU_ASSERT_EQUAL(conf.n_mbufs, 8191);
	CU_ASSERT_EQUAL(conf.n_rxd, 1024);
	CU_ASSERT_EQUAL(conf.n_txd, 1024);
	CU_ASSERT_EQUAL(conf.burst, 32);
	CU_ASSERT_EQUAL(conf.max_sessions, 1u << 20);
	CU_ASSERT_EQUAL(conf.idle_polls, 0);
	CU_ASSERT_EQUAL(conf.idle_sleep_us, 0);
	CU_ASSERT_EQUAL(dp_conf_check(&conf, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(err, "");
}

static void
check_rejected(const struct dp_conf *conf, const char *word)
{
	char err[160] = "";

	CU_ASSERT_EQUAL(dp_conf_check(conf, err, sizeof(err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, word));
	if (strstr(err, word) == NULL)
		fprintf(stderr, "error text '%s' lacks '%s'\n", err, word);
}

static void
test_dp_conf_check_rejects_bad_values(void)
{
	struct dp_conf good;
	struct dp_conf c;

	dp_conf_init(&good);
	conf_port_add(&good, "1/1", "net_ring0", DP_ROLE_ACCESS, false);
	conf_port_add(&good, "1/2", "net_ring1", DP_ROLE_CORE, false);
	CU_ASSERT_EQUAL(dp_conf_check(&good, NULL, 0), 0);

	CU_ASSERT_EQUAL(dp_conf_check(NULL, NULL, 0), -EINVAL);
	c = good;
	c.n_ports = DP_MAX_PORTS + 1;
	check_rejected(&c, "ports");
	c = good;
	c.n_mbufs = 0;
	check_rejected(&c, "n_mbufs");
	c = good;
	c.n_rxd = 0;
	check_rejected(&c, "descriptors");
	c = good;
	c.n_txd = 0;
	check_rejected(&c, "descriptors");
	c = good;
	c.burst = 0;
	check_rejected(&c, "burst");
	c = good;
	c.burst = DP_BURST_MAX + 1;
	check_rejected(&c, "burst");
	c = good;
	c.burst = DP_BURST_MAX;
	CU_ASSERT_EQUAL(dp_conf_check(&c, NULL, 0), 0);
	c = good;
	c.idle_sleep_us = DP_IDLE_SLEEP_MAX_US + 1;
	check_rejected(&c, "idle sleep");
	c = good;
	c.ports[1].name[0] = 0;
	check_rejected(&c, "name");
	c = good;
	memset(c.ports[1].name, 'x', sizeof(c.ports[1].name));
	check_rejected(&c, "name");
	c = good;
	c.ports[1].device[0] = 0;
	check_rejected(&c, "device");
	c = good;
	memset(c.ports[1].device, 'x', sizeof(c.ports[1].device));
	check_rejected(&c, "device");
	c = good;
	c.ports[1].role = (enum dp_port_role)7;
	check_rejected(&c, "role");
	c = good;
	c.ports[1].mtu = DP_CONF_MIN_MTU - 1;
	check_rejected(&c, "mtu");
	c = good;
	snprintf(c.ports[1].name, sizeof(c.ports[1].name), "1/1");
	check_rejected(&c, "twice");
	c = good;
	snprintf(c.ports[1].device, sizeof(c.ports[1].device), "net_ring0");
	check_rejected(&c, "net_ring0");
}

static void
test_dp_stats_names_from_lists(void)
{
	unsigned int i;

	CU_ASSERT_STRING_EQUAL(dp_stats_cnt_name(DP_CNT_RX), "rx");
	CU_ASSERT_STRING_EQUAL(dp_stats_cnt_name(DP_CNT_TX_DROPPED),
			       "tx_dropped");
	CU_ASSERT_STRING_EQUAL(dp_stats_cnt_name(DP_CNT_IDLE_SLEEPS),
			       "idle_sleeps");
	CU_ASSERT_STRING_EQUAL(dp_stats_drop_name(DP_DROP_NO_HANDLER),
			       "no_handler");
	CU_ASSERT_STRING_EQUAL(dp_stats_drop_help(DP_DROP_NO_HANDLER),
			       "no forwarding state yet, or the port is not in it");
	for (i = 0; i < DP_CNT_MAX; i++) {
		CU_ASSERT_PTR_NOT_NULL(dp_stats_cnt_name(i));
		CU_ASSERT_PTR_NOT_NULL(dp_stats_cnt_help(i));
	}
	for (i = 0; i < DP_DROP_MAX; i++) {
		CU_ASSERT_PTR_NOT_NULL(dp_stats_drop_name(i));
		CU_ASSERT_PTR_NOT_NULL(dp_stats_drop_help(i));
	}
	CU_ASSERT_PTR_NULL(dp_stats_cnt_name(DP_CNT_MAX));
	CU_ASSERT_PTR_NULL(dp_stats_cnt_help(DP_CNT_MAX));
	CU_ASSERT_PTR_NULL(dp_stats_drop_name(DP_DROP_MAX));
	CU_ASSERT_PTR_NULL(dp_stats_drop_help(DP_DROP_MAX));
	CU_ASSERT_EQUAL(dp_stats_sum(NULL), -EINVAL);
}

static void
test_dp_lcore_idle_check_resets_on_packet(void)
{
	struct dp_lcore lc;

	memset(&lc, 0, sizeof(lc));
	/* Off: never backs off. */
	CU_ASSERT_FALSE(dp_lcore_idle_check(&lc, 0));
	CU_ASSERT_FALSE(dp_lcore_idle_check(&lc, 0));

	lc.idle_polls = 3;
	CU_ASSERT_FALSE(dp_lcore_idle_check(&lc, 0));
	CU_ASSERT_FALSE(dp_lcore_idle_check(&lc, 0));
	CU_ASSERT_TRUE(dp_lcore_idle_check(&lc, 0));
	CU_ASSERT_TRUE(dp_lcore_idle_check(&lc, 0));
	/* A packet starts the count again. */
	CU_ASSERT_FALSE(dp_lcore_idle_check(&lc, 5));
	CU_ASSERT_FALSE(dp_lcore_idle_check(&lc, 0));
	CU_ASSERT_FALSE(dp_lcore_idle_check(&lc, 0));
	CU_ASSERT_TRUE(dp_lcore_idle_check(&lc, 0));

	lc.idle_polls = 1;
	lc.n_idle = 0;
	CU_ASSERT_TRUE(dp_lcore_idle_check(&lc, 0));
	CU_ASSERT_FALSE(dp_lcore_idle_check(&lc, 1));
}

/*
 * dp_init errors: nothing may stay behind.
 */

static void
test_dp_init_unknown_device_enodev(void)
{
	struct dp_conf conf;
	char *log = NULL;
	size_t log_len = 0;
	FILE *f;
	int ret;

	dp_conf_init(&conf);
	conf_port_add(&conf, "1/1", "net_ring0", DP_ROLE_ACCESS, false);
	conf_port_add(&conf, "1/2", "net_nosuch7", DP_ROLE_CORE, false);

	f = open_memstream(&log, &log_len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	rte_openlog_stream(f);
	ret = dp_init(&conf);
	rte_openlog_stream(NULL);
	fclose(f);

	CU_ASSERT_EQUAL(ret, -ENODEV);
	/* The error names the device and lists what exists. */
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "net_nosuch7"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "1/2"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "net_ring0"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, "net_null0"));
	free(log);

	CU_ASSERT_EQUAL(dp_port_count(), 0);
	CU_ASSERT_PTR_NULL(dp_mbuf_pool());
	CU_ASSERT_PTR_NULL(rte_mempool_lookup("gw_dp_mbuf"));
	/* The good port before the bad one was not started. */
	CU_ASSERT_EQUAL(dev_link_up("net_ring0"), 0);
	CU_ASSERT_EQUAL(dp_launch(), -EINVAL);
}

static void
test_dp_init_bad_conf_einval(void)
{
	struct dp_conf conf;

	CU_ASSERT_EQUAL(dp_init(NULL), -EINVAL);
	dp_conf_init(&conf);
	conf_port_add(&conf, "1/1", "net_ring0", DP_ROLE_ACCESS, false);
	conf.burst = DP_BURST_MAX + 1;
	CU_ASSERT_EQUAL(dp_init(&conf), -EINVAL);
	CU_ASSERT_PTR_NULL(dp_mbuf_pool());
	CU_ASSERT_EQUAL(dp_port_count(), 0);
	CU_ASSERT_EQUAL(dev_link_up("net_ring0"), 0);
}

static void
test_dp_shutdown_without_init_harmless(void)
{
	struct dp_port_stats ps;

	dp_shutdown();
	dp_shutdown();
	CU_ASSERT_EQUAL(dp_launch(), -EINVAL);
	CU_ASSERT_EQUAL(dp_port_stats_get(0, &ps), -ENOENT);
	CU_ASSERT_EQUAL(dp_port_stats_get(0, NULL), -EINVAL);
	CU_ASSERT_EQUAL(dp_port_count(), 0);
	CU_ASSERT_EQUAL(dp_worker_count(), 0);
}

static void
test_dp_init_partial_failure_unwinds(void)
{
	struct dp_conf conf;
	int ret;

	/*
	 * net_null1 starts fine; net_ring2 cannot change its MTU, so dp_init
	 * fails after the first port is running: it must be stopped and
	 * closed again (a closed vdev disappears from the ethdev list).
	 */
	dp_conf_init(&conf);
	conf_port_add(&conf, "2/1", "net_null1", DP_ROLE_ACCESS, false);
	conf_port_add(&conf, "2/2", "net_ring2", DP_ROLE_CORE, false);
	conf.ports[1].mtu = 9000;
	CU_ASSERT_TRUE_FATAL(dev_exists("net_null1"));

	ret = dp_init(&conf);
	/* The ring PMD has no MTU control: the ethdev layer says -ENOTSUP. */
	CU_ASSERT_EQUAL(ret, -ENOTSUP);
	CU_ASSERT_FALSE(dev_exists("net_null1"));
	CU_ASSERT_FALSE(dev_exists("net_ring2"));
	CU_ASSERT_EQUAL(dp_port_count(), 0);
	CU_ASSERT_PTR_NULL(dp_mbuf_pool());
	CU_ASSERT_PTR_NULL(rte_mempool_lookup("gw_dp_mbuf"));
	CU_ASSERT_FALSE(dp_lcore_get(test_worker)->ready);
	CU_ASSERT_EQUAL(dp_launch(), -EINVAL);
	dp_shutdown();
}

/*
 * Idle back-off: only a shut-down port, so no vdev is used up.
 */

/*
 * Start a worker with the given back-off, wait until counter @c reached
 * @want (polled at most WAIT_MAX_MS times), stop it and sum its counters.
 */
static int
idle_run(uint32_t idle_polls, uint32_t sleep_us, enum dp_cnt c, uint64_t want,
	 struct dp_stats_total *t)
{
	struct dp_conf conf;
	unsigned int ms;
	int ret;

	dp_conf_init(&conf);
	conf_port_add(&conf, "3/1", "net_null0", DP_ROLE_CORE, true);
	conf.idle_polls = idle_polls;
	conf.idle_sleep_us = sleep_us;
	ret = dp_init(&conf);
	if (ret != 0)
		return ret;
	ret = dp_launch();
	for (ms = 0; ret == 0 && ms < WAIT_MAX_MS; ms++) {
		if (total_cnt(c) >= want)
			break;
		sleep_ms(1);
	}
	dp_shutdown();
	CU_ASSERT_EQUAL(dp_stats_sum(t), 0);
	return ret;
}

static void
test_dp_lcore_idle_off_never_sleeps(void)
{
	static struct dp_stats_total t;

	CU_ASSERT_EQUAL_FATAL(idle_run(0, 100, DP_CNT_LOOPS, 1000, &t), 0);
	CU_ASSERT_EQUAL(t.n_workers, 1);
	CU_ASSERT_EQUAL(t.workers[0].lcore_id, test_worker);
	CU_ASSERT(t.cnt[DP_CNT_LOOPS] >= 1000);
	CU_ASSERT_EQUAL(t.cnt[DP_CNT_IDLE_SLEEPS], 0);
}

static void
test_dp_lcore_idle_sleeps_each_empty_loop(void)
{
	static struct dp_stats_total t;
	uint64_t loops;

	CU_ASSERT_EQUAL_FATAL(idle_run(4, 1000, DP_CNT_IDLE_SLEEPS, 20, &t), 0);
	loops = t.workers[0].cnt[DP_CNT_LOOPS];
	/* The first idle_polls - 1 empty loops run, each later one sleeps. */
	CU_ASSERT(t.workers[0].cnt[DP_CNT_IDLE_SLEEPS] >= 20);
	CU_ASSERT_EQUAL(t.workers[0].cnt[DP_CNT_IDLE_SLEEPS], loops - 3);
}

static void
test_dp_lcore_idle_pause_counted(void)
{
	static struct dp_stats_total t;
	uint64_t loops;

	CU_ASSERT_EQUAL_FATAL(idle_run(4, 0, DP_CNT_IDLE_SLEEPS, 20, &t), 0);
	loops = t.workers[0].cnt[DP_CNT_LOOPS];
	CU_ASSERT(loops >= 23);
	CU_ASSERT_EQUAL(t.workers[0].cnt[DP_CNT_IDLE_SLEEPS], loops - 3);
}

static void *
grace_periods(void *arg)
{
	unsigned int i;

	(void)arg;
	for (i = 0; i < 3; i++)
		synchronize_rcu();
	return NULL;
}

/*
 * Run three grace periods while a worker runs with the given back-off.
 * @return how many loops the worker made meanwhile, or UINT64_MAX if they
 *	did not end within 5 s (a worker that never reports quiescent states)
 */
static uint64_t
grace_periods_loops(void)
{
	struct timespec deadline;
	uint64_t l0;
	pthread_t th;
	int ret;

	l0 = total_cnt(DP_CNT_LOOPS);
	if (pthread_create(&th, NULL, grace_periods, NULL) != 0)
		return UINT64_MAX;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 5;
	ret = pthread_timedjoin_np(th, NULL, &deadline);
	if (ret != 0)
		return UINT64_MAX;
	return total_cnt(DP_CNT_LOOPS) - l0;
}

/*
 * Start a worker with the given back-off, wait until it is in its steady
 * state, then run three grace periods up to @tries times.
 * @return the fewest worker loops seen during three grace periods, or
 *	UINT64_MAX if they ever blocked
 */
static uint64_t
grace_periods_min_loops(uint32_t idle_polls, uint32_t sleep_us,
			unsigned int tries)
{
	uint64_t best = UINT64_MAX - 1, n;
	struct dp_conf conf;
	unsigned int ms, i;

	dp_conf_init(&conf);
	conf_port_add(&conf, "3/1", "net_null0", DP_ROLE_CORE, true);
	conf.idle_polls = idle_polls;
	conf.idle_sleep_us = sleep_us;
	if (dp_init(&conf) != 0)
		return UINT64_MAX;
	if (dp_launch() != 0) {
		dp_shutdown();
		return UINT64_MAX;
	}
	for (ms = 0; ms < WAIT_MAX_MS; ms++) {
		if (total_cnt(idle_polls != 0 ? DP_CNT_IDLE_SLEEPS :
						DP_CNT_LOOPS) != 0)
			break;
		sleep_ms(1);
	}
	for (i = 0; i < tries; i++) {
		n = grace_periods_loops();
		if (n == UINT64_MAX) {
			best = n;
			break;
		}
		if (n < best)
			best = n;
	}
	/* Unregisters the worker, so blocked grace periods end too. */
	dp_shutdown();
	return best;
}

static void
test_dp_lcore_rcu_quiescent_when_busy(void)
{
	/* A worker that never sleeps must report quiescent states. */
	CU_ASSERT(grace_periods_min_loops(0, 0, 1) != UINT64_MAX);
}

static void
test_dp_lcore_rcu_offline_while_sleeping(void)
{
	uint64_t loops;

	/*
	 * The worker reports one quiescent state per loop, so while it is
	 * online three grace periods need at least two more of its loops
	 * whatever the timing. It sleeps 100 ms per idle loop: only if it is
	 * offline while asleep can three grace periods end within one sleep
	 * (one loop or none). A busy machine may stretch one try over
	 * several sleeps, so the best of a few tries counts.
	 */
	loops = grace_periods_min_loops(1, DP_IDLE_SLEEP_MAX_US, 5);
	CU_ASSERT(loops <= 1);
	if (loops > 1)
		fprintf(stderr, "3 grace periods took %" PRIu64 " loops\n",
			loops);
}

static void
test_dp_init_twice_ealready(void)
{
	struct dp_conf conf;

	dp_conf_init(&conf);
	conf_port_add(&conf, "3/1", "net_null0", DP_ROLE_CORE, true);
	conf.idle_polls = 1;
	conf.idle_sleep_us = 500;
	CU_ASSERT_EQUAL_FATAL(dp_init(&conf), 0);
	CU_ASSERT_EQUAL(dp_init(&conf), -EALREADY);
	CU_ASSERT_EQUAL(dp_port_count(), 1);
	CU_ASSERT_PTR_NOT_NULL(dp_mbuf_pool());
	CU_ASSERT_EQUAL(dp_launch(), 0);
	CU_ASSERT_EQUAL(dp_launch(), -EALREADY);
	dp_shutdown();
	CU_ASSERT_EQUAL(rte_eal_get_lcore_state(test_worker), WAIT);
	/* The shut-down port was never started nor closed. */
	CU_ASSERT_EQUAL(dev_link_up("net_null0"), 0);
}

/*
 * Two net_ring ports and one shut-down port, one worker. The tests of this
 * suite run in order on one dp_init.
 */

static int ring_suite_ret = -1;

static int
ring_suite_init(void)
{
	struct dp_conf conf;

	dp_conf_init(&conf);
	conf_port_add(&conf, "1/1", "net_ring0", DP_ROLE_ACCESS, false);
	conf_port_add(&conf, "1/2", "net_ring1", DP_ROLE_CORE, false);
	conf_port_add(&conf, "1/3", "net_null0", DP_ROLE_CORE, true);
	conf.idle_polls = 16;
	conf.idle_sleep_us = 200;
	ring_suite_ret = dp_init(&conf);
	return 0;
}

static int
ring_suite_cleanup(void)
{
	dp_shutdown();
	return 0;
}

static void
test_dp_init_starts_ports(void)
{
	struct dp_port_stats ps;

	CU_ASSERT_EQUAL_FATAL(ring_suite_ret, 0);
	CU_ASSERT_EQUAL(dp_port_count(), 3);
	CU_ASSERT_EQUAL(dp_worker_count(), 1);
	CU_ASSERT_PTR_NOT_NULL(rte_mempool_lookup("gw_dp_mbuf"));
	CU_ASSERT_EQUAL(dev_link_up("net_ring0"), 1);
	CU_ASSERT_EQUAL(dev_link_up("net_ring1"), 1);
	CU_ASSERT_EQUAL(dev_link_up("net_null0"), 0);
	CU_ASSERT_TRUE(dp_lcore_get(test_worker)->ready);

	ps = port_stats(0);
	CU_ASSERT_STRING_EQUAL(ps.name, "1/1");
	CU_ASSERT_STRING_EQUAL(ps.device, "net_ring0");
	CU_ASSERT_STRING_EQUAL(ps.role, "access");
	CU_ASSERT_EQUAL(ps.link_up, 1);
	ps = port_stats(2);
	CU_ASSERT_STRING_EQUAL(ps.role, "core");
	CU_ASSERT_EQUAL(ps.link_up, 0);
	CU_ASSERT_EQUAL(dp_port_stats_get(3, &ps), -ENOENT);
}

static void
test_dp_lcore_tx_buffered_until_flush(void)
{
	struct dp_lcore *lc = dp_lcore_get(test_worker);
	struct dp_port_stats ps;
	struct rte_mbuf *m;
	unsigned int i;

	CU_ASSERT_EQUAL_FATAL(ring_suite_ret, 0);
	/* The worker is not launched: its state may be driven from here. */
	for (i = 0; i < 10; i++) {
		m = pkt_new();
		CU_ASSERT_PTR_NOT_NULL_FATAL(m);
		dp_lcore_tx(lc, 0, m);
	}
	CU_ASSERT_EQUAL(ut_ring_count(RING0_Q0), 0);
	CU_ASSERT_EQUAL(total_cnt(DP_CNT_TX), 0);
	dp_lcore_tx_flush(lc);
	CU_ASSERT_EQUAL(ut_ring_count(RING0_Q0), 10);
	CU_ASSERT_EQUAL(total_cnt(DP_CNT_TX), 10);
	ps = port_stats(0);
	CU_ASSERT_EQUAL(ps.sw_tx, 10);
	CU_ASSERT_EQUAL(ps.opackets, 10);
	CU_ASSERT_EQUAL(port_stats(1).sw_tx, 0);

	/* A full buffer (one burst) goes out without an explicit flush. */
	for (i = 0; i < 32; i++) {
		m = pkt_new();
		CU_ASSERT_PTR_NOT_NULL_FATAL(m);
		dp_lcore_tx(lc, 1, m);
	}
	CU_ASSERT_EQUAL(ut_ring_count(RING1_Q0), 32);
	CU_ASSERT_EQUAL(port_stats(1).sw_tx, 32);
	CU_ASSERT_EQUAL(total_cnt(DP_CNT_TX), 42);

	CU_ASSERT_EQUAL(ut_ring_drain(RING0_Q0), 10);
	CU_ASSERT_EQUAL(ut_ring_drain(RING1_Q0), 32);
	CU_ASSERT_EQUAL(pool_in_use(), 0);
}

static void
test_dp_lcore_tx_refused_freed(void)
{
	struct dp_lcore *lc = dp_lcore_get(test_worker);
	struct rte_ring *r = rte_ring_lookup(RING0_Q0);
	uint64_t drop0 = port_stats(0).sw_drop;
	uint64_t tx0 = total_cnt(DP_CNT_TX);
	struct rte_mbuf *m;
	unsigned int cap;
	unsigned int i;

	CU_ASSERT_EQUAL_FATAL(ring_suite_ret, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	cap = rte_ring_get_capacity(r);
	for (i = 0; i < cap + 40; i++) {
		m = pkt_new();
		CU_ASSERT_PTR_NOT_NULL_FATAL(m);
		dp_lcore_tx(lc, 0, m);
	}
	dp_lcore_tx_flush(lc);
	CU_ASSERT_EQUAL(ut_ring_count(RING0_Q0), cap);
	CU_ASSERT_EQUAL(total_cnt(DP_CNT_TX) - tx0, cap);
	CU_ASSERT_EQUAL(total_cnt(DP_CNT_TX_DROPPED), 40);
	CU_ASSERT_EQUAL(port_stats(0).sw_drop - drop0, 40);
	/* Refused packets went back to the pool. */
	CU_ASSERT_EQUAL(pool_in_use(), cap);
	CU_ASSERT_EQUAL(ut_ring_drain(RING0_Q0), cap);
	CU_ASSERT_EQUAL(pool_in_use(), 0);
}

static void
test_dp_lcore_tx_port_down_dropped(void)
{
	struct dp_lcore *lc = dp_lcore_get(test_worker);
	struct rte_mbuf *m;

	CU_ASSERT_EQUAL_FATAL(ring_suite_ret, 0);
	m = pkt_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	dp_lcore_tx(lc, 2, m);
	CU_ASSERT_EQUAL(total_drop(DP_DROP_PORT_DOWN), 1);
	CU_ASSERT_EQUAL(port_stats(2).sw_drop, 1);
	CU_ASSERT_EQUAL(port_stats(2).sw_tx, 0);
	CU_ASSERT_EQUAL(pool_in_use(), 0);
}

static bool
rx_done(uint64_t want0, uint64_t want1)
{
	unsigned int ms;

	for (ms = 0; ms < WAIT_MAX_MS; ms++) {
		if (port_stats(0).sw_drop >= want0 &&
		    port_stats(1).sw_drop >= want1 && pool_in_use() == 0)
			return true;
		sleep_ms(1);
	}
	return false;
}

static void
test_dp_lcore_rx_counted_and_dropped(void)
{
	struct dp_port_stats a0 = port_stats(0);
	struct dp_port_stats a1 = port_stats(1);
	uint64_t rx_before = total_cnt(DP_CNT_RX);
	uint64_t nh_before = total_drop(DP_DROP_NO_HANDLER);
	struct dp_port_stats b0;
	struct dp_port_stats b1;

	CU_ASSERT_EQUAL_FATAL(ring_suite_ret, 0);
	CU_ASSERT_EQUAL_FATAL(dp_launch(), 0);
	CU_ASSERT_EQUAL(dp_launch(), -EALREADY);
	CU_ASSERT_EQUAL(rte_eal_get_lcore_state(test_worker), RUNNING);

	CU_ASSERT_EQUAL_FATAL(inject(RING0_Q0, 300), 300);
	CU_ASSERT_EQUAL_FATAL(inject(RING1_Q0, 200), 200);
	CU_ASSERT_TRUE(rx_done(a0.sw_drop + 300, a1.sw_drop + 200));
	/* Let the worker poll a little more: the counts must not move. */
	sleep_ms(20);
	b0 = port_stats(0);
	b1 = port_stats(1);
	CU_ASSERT_EQUAL(b0.sw_rx - a0.sw_rx, 300);
	CU_ASSERT_EQUAL(b1.sw_rx - a1.sw_rx, 200);
	CU_ASSERT_EQUAL(b0.sw_drop - a0.sw_drop, 300);
	CU_ASSERT_EQUAL(b1.sw_drop - a1.sw_drop, 200);
	CU_ASSERT_EQUAL(b0.ipackets, 300);
	CU_ASSERT_EQUAL(b1.ipackets, 200);
	CU_ASSERT_EQUAL(total_cnt(DP_CNT_RX) - rx_before, 500);
	CU_ASSERT_EQUAL(total_drop(DP_DROP_NO_HANDLER) - nh_before, 500);
	/* The shut-down port is not polled. */
	CU_ASSERT_EQUAL(port_stats(2).sw_rx, 0);
	CU_ASSERT_EQUAL(ut_ring_count(RING0_Q0), 0);
	CU_ASSERT_EQUAL(pool_in_use(), 0);
}

static void
test_dp_lcore_idle_sleeps_between_bursts(void)
{
	uint64_t s0 = total_cnt(DP_CNT_IDLE_SLEEPS);
	struct dp_port_stats a0;
	unsigned int ms;

	CU_ASSERT_EQUAL_FATAL(ring_suite_ret, 0);
	for (ms = 0; ms < WAIT_MAX_MS; ms++) {
		if (total_cnt(DP_CNT_IDLE_SLEEPS) > s0 + 5)
			break;
		sleep_ms(1);
	}
	CU_ASSERT(total_cnt(DP_CNT_IDLE_SLEEPS) > s0 + 5);
	/* Traffic again after the sleeps: still received, count exact. */
	a0 = port_stats(0);
	CU_ASSERT_EQUAL_FATAL(inject(RING0_Q0, 7), 7);
	CU_ASSERT_TRUE(rx_done(a0.sw_drop + 7, 0));
	CU_ASSERT_EQUAL(port_stats(0).sw_rx - a0.sw_rx, 7);
	CU_ASSERT_EQUAL(total_cnt(DP_CNT_RX), 507);
}

static void
test_dp_shutdown_stops_workers(void)
{
	struct dp_lcore *lc = dp_lcore_get(test_worker);
	struct dp_port_stats ps;
	uint64_t loops;

	CU_ASSERT_EQUAL_FATAL(ring_suite_ret, 0);
	dp_shutdown();
	CU_ASSERT_EQUAL(rte_eal_get_lcore_state(test_worker), WAIT);
	loops = total_cnt(DP_CNT_LOOPS);
	CU_ASSERT(loops > 0);
	sleep_ms(10);
	CU_ASSERT_EQUAL(total_cnt(DP_CNT_LOOPS), loops);
	CU_ASSERT_FALSE(lc->ready);
	CU_ASSERT_EQUAL(dp_port_count(), 0);
	CU_ASSERT_PTR_NULL(dp_mbuf_pool());
	CU_ASSERT_PTR_NULL(rte_mempool_lookup("gw_dp_mbuf"));
	/* Started ports were stopped and closed; the shut-down one kept. */
	CU_ASSERT_FALSE(dev_exists("net_ring0"));
	CU_ASSERT_FALSE(dev_exists("net_ring1"));
	CU_ASSERT_TRUE(dev_exists("net_null0"));
	CU_ASSERT_EQUAL(dp_port_stats_get(0, &ps), -ENOENT);

	dp_shutdown();
	CU_ASSERT_EQUAL(rte_eal_get_lcore_state(test_worker), WAIT);
	CU_ASSERT_EQUAL(dp_launch(), -EINVAL);
}

static CU_TestInfo conf_tests[] = {
	{ "test_dp_conf_defaults", test_dp_conf_defaults },
	{ "test_dp_conf_check_rejects_bad_values",
	  test_dp_conf_check_rejects_bad_values },
	{ "test_dp_stats_names_from_lists", test_dp_stats_names_from_lists },
	{ "test_dp_lcore_idle_check_resets_on_packet",
	  test_dp_lcore_idle_check_resets_on_packet },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo init_error_tests[] = {
	{ "test_dp_init_unknown_device_enodev",
	  test_dp_init_unknown_device_enodev },
	{ "test_dp_init_bad_conf_einval", test_dp_init_bad_conf_einval },
	{ "test_dp_shutdown_without_init_harmless",
	  test_dp_shutdown_without_init_harmless },
	{ "test_dp_init_partial_failure_unwinds",
	  test_dp_init_partial_failure_unwinds },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo idle_tests[] = {
	{ "test_dp_lcore_idle_off_never_sleeps",
	  test_dp_lcore_idle_off_never_sleeps },
	{ "test_dp_lcore_idle_sleeps_each_empty_loop",
	  test_dp_lcore_idle_sleeps_each_empty_loop },
	{ "test_dp_lcore_idle_pause_counted", test_dp_lcore_idle_pause_counted },
	{ "test_dp_lcore_rcu_quiescent_when_busy",
	  test_dp_lcore_rcu_quiescent_when_busy },
	{ "test_dp_lcore_rcu_offline_while_sleeping",
	  test_dp_lcore_rcu_offline_while_sleeping },
	{ "test_dp_init_twice_ealready", test_dp_init_twice_ealready },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo ring_tests[] = {
	{ "test_dp_init_starts_ports", test_dp_init_starts_ports },
	{ "test_dp_lcore_tx_buffered_until_flush",
	  test_dp_lcore_tx_buffered_until_flush },
	{ "test_dp_lcore_tx_refused_freed", test_dp_lcore_tx_refused_freed },
	{ "test_dp_lcore_tx_port_down_dropped",
	  test_dp_lcore_tx_port_down_dropped },
	{ "test_dp_lcore_rx_counted_and_dropped",
	  test_dp_lcore_rx_counted_and_dropped },
	{ "test_dp_lcore_idle_sleeps_between_bursts",
	  test_dp_lcore_idle_sleeps_between_bursts },
	{ "test_dp_shutdown_stops_workers", test_dp_shutdown_stops_workers },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "dp_conf", NULL, NULL, NULL, NULL, conf_tests },
	{ "dp_init_errors", NULL, NULL, NULL, NULL, init_error_tests },
	{ "dp_idle", NULL, NULL, NULL, NULL, idle_tests },
	{ "dp_ring", ring_suite_init, ring_suite_cleanup, NULL, NULL,
	  ring_tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	char *eal_args[] = {
		"-l", "0,1", "--no-huge", "-m", "256", "--no-pci",
		"--vdev=net_ring0", "--vdev=net_ring1", "--vdev=net_ring2",
		"--vdev=net_null0", "--vdev=net_null1",
		"--log-level=lib.eal:warning", NULL,
	};
	int ret;

	(void)argc;
	if (ut_eal_init(argv[0], "test_dp_lcore_", eal_args) < 0)
		return 1;
	test_worker = rte_get_next_lcore(-1, 1, 0);
	if (test_worker >= RTE_MAX_LCORE || rte_lcore_count() != 2) {
		fprintf(stderr, "need exactly one worker lcore\n");
		ut_eal_cleanup();
		return 1;
	}
	ret = ut_run(suites);
	dp_shutdown();
	ut_eal_cleanup();
	return ret;
}
