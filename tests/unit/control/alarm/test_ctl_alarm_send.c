/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the trap sender on a real reactor and a loopback UDP
 * receiver: a burst larger than the queue is dropped and counted, the
 * rest leaves a few datagrams per reactor turn, suppressed traps and a
 * gateway without targets send nothing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include "alarm/ctl_alarm_int.h"
#include "core/ctl_api.h"
#include "core/ctl_loop.h"
#include "support/ut_run.h"

#define TEST_ALARM_S	30
#define TURNS_MAX	1000	/* bound on reactor turns per test */

static struct ctl_conf conf;
static struct ctl_loop *loop;
static int rx_fd = -1;
static unsigned int n_turns;

/* A loopback receiver on an ephemeral port; the target points at it. */
static void
setup(bool with_target)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);

	ctl_conf_init(&conf);
	rx_fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	CU_ASSERT_FATAL(rx_fd >= 0);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CU_ASSERT_FATAL(bind(rx_fd, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	CU_ASSERT_FATAL(getsockname(rx_fd, (struct sockaddr *)&sin, &len) == 0);
	if (with_target) {
		struct ctl_snmp_target *t = &conf.snmp_targets[0];

		snprintf(t->name, sizeof(t->name), "nms");
		t->addr.family = AF_INET;
		t->addr.v4.s_addr = htonl(INADDR_LOOPBACK);
		t->port = ntohs(sin.sin_port);
		snprintf(t->community, sizeof(t->community), "c0mm");
		conf.n_snmp_targets = 1;
	}
	conf.snmp_suppressed = 1u << CTL_TRAP_CONN_UP;
	loop = ctl_loop_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	ctl_api_reset();
	CU_ASSERT_EQUAL_FATAL(ctl_alarm_init(&conf, loop), 0);
}

static void
teardown(void)
{
	ctl_alarm_fini();
	ctl_loop_free(loop);
	close(rx_fd);
	rx_fd = -1;
}

/* Each turn: note it; stop once nothing waits (or after TURNS_MAX). */
static void
on_turn(struct ctl_loop *l, struct ctl_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	n_turns++;
	if (ctl_alarm_queued() == 0 || n_turns >= TURNS_MAX)
		ctl_loop_stop(l);
}

static void
run_until_sent(void)
{
	struct ctl_timer *t;

	n_turns = 0;
	t = ctl_loop_timer_add(loop, 1, 1, on_turn, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	ctl_loop_run(loop);
	ctl_loop_timer_del(t);
}

static unsigned int
received(void)
{
	uint8_t buf[CTL_ALARM_PKT_MAX];
	unsigned int n = 0;

	while (recv(rx_fd, buf, sizeof(buf), 0) > 0)
		n++;
	return n;
}

static void
test_ctl_alarm_send_full_queue_drops_and_counts(void)
{
	struct ctl_loop_slow_stats slow;
	const struct ctl_alarm_stats *st;
	unsigned int i, cap;

	setup(true);
	cap = ctl_alarm_queue_cap();
	for (i = 0; i < cap + 6; i++)
		ctl_alarm_raise(CTL_TRAP_CONN_DOWN, NULL);
	st = ctl_alarm_stats();
	/* Raising never sends: everything waits for the reactor. */
	CU_ASSERT_EQUAL(ctl_alarm_queued(), cap);
	CU_ASSERT_EQUAL(st->n_queue_drop, 6);
	CU_ASSERT_EQUAL(st->n_sent[CTL_TRAP_CONN_DOWN], 0);
	CU_ASSERT_EQUAL(received(), 0);
	run_until_sent();
	CU_ASSERT_EQUAL(ctl_alarm_queued(), 0);
	CU_ASSERT_EQUAL(st->n_sent[CTL_TRAP_CONN_DOWN], cap);
	CU_ASSERT_EQUAL(st->n_raised[CTL_TRAP_CONN_DOWN], cap + 6);
	CU_ASSERT_EQUAL(st->n_send_err, 0);
	CU_ASSERT_EQUAL(received(), cap);
	/* A bounded burst per callback (4): the socket's callback ran at
	 * least cap / 4 times besides the timer's turns. */
	ctl_loop_slow_get(loop, &slow);
	CU_ASSERT(slow.n_callbacks - n_turns >= cap / 4);
	/* The history kept the newest of them all. */
	CU_ASSERT_EQUAL(ctl_alarm_history()->n, cap + 6);
	teardown();
}

static void
test_ctl_alarm_send_suppressed_and_no_target(void)
{
	const struct ctl_alarm_stats *st;

	setup(true);
	ctl_alarm_raise(CTL_TRAP_CONN_UP, NULL);
	st = ctl_alarm_stats();
	CU_ASSERT_EQUAL(ctl_alarm_queued(), 0);
	CU_ASSERT_EQUAL(st->n_suppressed[CTL_TRAP_CONN_UP], 1);
	CU_ASSERT_EQUAL(ctl_alarm_history()->n, 1);
	teardown();
	/* No target: logged and kept, nothing queued. */
	setup(false);
	ctl_alarm_raise(CTL_TRAP_AAA_DOWN, NULL);
	CU_ASSERT_EQUAL(ctl_alarm_queued(), 0);
	CU_ASSERT_EQUAL(ctl_alarm_stats()->n_raised[CTL_TRAP_AAA_DOWN], 1);
	CU_ASSERT_EQUAL(ctl_alarm_history()->n, 1);
	CU_ASSERT_EQUAL(received(), 0);
	/* Out of range: ignored. */
	ctl_alarm_raise(CTL_TRAP_MAX, NULL);
	CU_ASSERT_EQUAL(ctl_alarm_history()->n, 1);
	teardown();
}

#define TEST(fn) { #fn, fn }

static CU_TestInfo test_ctl_alarm_send_tests[] = {
	TEST(test_ctl_alarm_send_full_queue_drops_and_counts),
	TEST(test_ctl_alarm_send_suppressed_and_no_target),
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo test_ctl_alarm_send_suites[] = {
	{ "ctl_alarm_send", NULL, NULL, NULL, NULL, test_ctl_alarm_send_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	alarm(TEST_ALARM_S);
	return ut_run(test_ctl_alarm_send_suites);
}
