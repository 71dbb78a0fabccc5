/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the BGP speaker driver (ctl_bgp): the prepend rule, the
 * include text, BIRD reply classification; against a fake BIRD control
 * socket served from the same reactor, the non-blocking "configure"
 * exchange (welcome, reply, error reply, no speaker, retry), the prepend
 * following the peer's route modifier and the query client
 * (ctl_bgp_query: reply in pieces, busy, timeout, cancel). Runs without
 * EAL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include "bgp/ctl_bgp.h"
#include "core/ctl_loop.h"
#include "support/ut_run.h"

#define TEST_ALARM_S	60

static unsigned int
count_of(const char *hay, const char *needle)
{
	unsigned int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
test_ctl_bgp_include_text(void)
{
	char buf[2048];
	int len;

	len = ctl_bgp_include_text(buf, sizeof(buf), true, 0, 10);
	CU_ASSERT(len > 0);
	CU_ASSERT_EQUAL((size_t)len, strlen(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "define SRPGW_ACTIVE = 1;\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "define SRPGW_PREPEND = 0;\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf,
				      "define SRPGW_ROUTE_MODIFIER = 10;\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf,
		"function srpgw_prepend(int own_as)\n{\n}\n"));
	len = ctl_bgp_include_text(buf, sizeof(buf), false, 4, 11);
	CU_ASSERT(len > 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "define SRPGW_ACTIVE = 0;\n"));
	CU_ASSERT_EQUAL(count_of(buf, "\tbgp_path.prepend(own_as);\n"), 4);
	CU_ASSERT_EQUAL(ctl_bgp_include_text(buf, 40, false, 4, 11), -ENOSPC);
	CU_ASSERT_EQUAL(ctl_bgp_include_text(buf, (size_t)len, false, 4, 11),
			-ENOSPC);	/* no room for the NUL */
	CU_ASSERT_EQUAL(ctl_bgp_include_text(buf, sizeof(buf), false,
					     SRP_BGP_PREPEND_MAX + 1, 11),
			-ENOSPC);
}

static void
test_ctl_bgp_reply_line(void)
{
	int code = -1;

	CU_ASSERT_EQUAL(ctl_bgp_reply_line("0001 BIRD 2.0.12 ready.", &code),
			1);
	CU_ASSERT_EQUAL(code, 1);
	CU_ASSERT_EQUAL(ctl_bgp_reply_line("0002-Reading configuration from "
					   "/etc/bird.conf", &code), 0);
	CU_ASSERT_EQUAL(ctl_bgp_reply_line(" more text", &code), 0);
	CU_ASSERT_EQUAL(ctl_bgp_reply_line("0003 Reconfigured", &code), 1);
	CU_ASSERT_EQUAL(code, 3);
	CU_ASSERT_EQUAL(ctl_bgp_reply_line("8002 /x.conf:3:1 syntax error",
					   &code), 1);
	CU_ASSERT_EQUAL(code, 8002);
	CU_ASSERT_EQUAL(ctl_bgp_reply_line("0019", &code), 1);
	CU_ASSERT_EQUAL(code, 19);
	CU_ASSERT_EQUAL(ctl_bgp_reply_line("", &code), -EINVAL);
	CU_ASSERT_EQUAL(ctl_bgp_reply_line("12a4 x", &code), -EINVAL);
	CU_ASSERT_EQUAL(ctl_bgp_reply_line("00012 x", &code), -EINVAL);
	CU_ASSERT_EQUAL(ctl_bgp_reply_line(NULL, &code), -EINVAL);
	CU_ASSERT(ctl_bgp_code_ok(3));
	CU_ASSERT(ctl_bgp_code_ok(19));
	CU_ASSERT(!ctl_bgp_code_ok(8002));
	CU_ASSERT(!ctl_bgp_code_ok(9001));
}

/*
 * A fake BIRD on the same reactor: accepts, sends the welcome, answers
 * "configure" with @answer, counts the commands.
 */
struct fake_bird {
	struct ctl_loop	*loop;
	int		lfd;
	int		cfd;
	const char	*answer;
	const char	*query_answer;	/* NULL: queries get no answer */
	unsigned int	n_configure;
	unsigned int	n_query;
	char		path[108];
};

static void
fake_on_client(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	struct fake_bird *f = arg;
	char buf[256];
	ssize_t n;

	(void)events;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n <= 0) {
		ctl_loop_fd_del(loop, fd);
		close(fd);
		f->cfd = -1;
		return;
	}
	buf[n] = '\0';
	if (strcmp(buf, "configure\n") == 0) {
		f->n_configure++;
		CU_ASSERT(write(fd, f->answer, strlen(f->answer)) > 0);
	} else if (strcmp(buf, "show protocols all\n") == 0) {
		const char *q = f->query_answer;
		size_t l = q != NULL ? strlen(q) : 0;
		ssize_t w;

		f->n_query++;
		/* In two pieces: the client reassembles lines. A cancelled
		 * query's client may be gone: no SIGPIPE, no check. */
		w = l > 0 ? send(fd, q, l / 2, MSG_NOSIGNAL) : -1;
		if (w > 0)
			w = send(fd, q + l / 2, l - l / 2, MSG_NOSIGNAL);
		(void)w;
	}
}

static void
fake_on_listen(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	static const char hello[] = "0001 BIRD 2.0.12 ready.\n";
	struct fake_bird *f = arg;
	int c;

	(void)events;
	c = accept(fd, NULL, NULL);
	if (c < 0)
		return;
	/* A client that already went away (a cancelled query): no SIGPIPE. */
	if (send(c, hello, sizeof(hello) - 1, MSG_NOSIGNAL) < 0) {
		close(c);
		return;
	}
	f->cfd = c;
	ctl_loop_fd_add(loop, c, EPOLLIN, fake_on_client, f);
}

static int
fake_listen(struct fake_bird *f)
{
	struct sockaddr_un sa;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", f->path);
	unlink(f->path);
	f->lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (f->lfd < 0 || bind(f->lfd, (struct sockaddr *)&sa,
			       sizeof(sa)) != 0 || listen(f->lfd, 4) != 0)
		return -1;
	return ctl_loop_fd_add(f->loop, f->lfd, EPOLLIN, fake_on_listen, f);
}

/* Run @loop until @done(@arg) or 8 s (a few retries) have passed. */
struct wait_ctx {
	struct ctl_loop	*loop;
	bool		(*done)(void);
	unsigned int	ticks;
};

static void
wait_tick(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	struct wait_ctx *w = arg;

	(void)t;
	if (w->done() || ++w->ticks > 800)
		ctl_loop_stop(loop);
}

static void
run_until(struct ctl_loop *loop, bool (*done)(void))
{
	struct wait_ctx w = { .loop = loop, .done = done };
	struct ctl_timer *t = ctl_loop_timer_add(loop, 10, 10, wait_tick, &w);

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	ctl_loop_run(loop);
	ctl_loop_timer_del(t);
}

static struct ctl_bgp_stats st;
static uint64_t want_ok, want_fail;

static bool
ok_reached(void)
{
	ctl_bgp_stats_get(&st);
	return st.reconfigure_ok >= want_ok && st.in_sync;
}

static bool
fail_reached(void)
{
	ctl_bgp_stats_get(&st);
	return st.reconfigure_failures >= want_fail;
}

static char *
slurp(const char *path)
{
	static char buf[4096];
	FILE *fp = fopen(path, "r");
	size_t n;

	buf[0] = '\0';
	if (fp == NULL)
		return buf;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static int q_err = 1;
static unsigned int q_calls;
static char q_reply[512];

static void
query_cb(void *arg, int err, const char *reply, size_t len)
{
	(void)arg;
	q_calls++;
	q_err = err;
	snprintf(q_reply, sizeof(q_reply), "%.*s", (int)len,
		 reply != NULL ? reply : "");
}

static bool
query_reached(void)
{
	return q_calls > 0;
}

/* ctl_bgp_query() against the fake speaker (configured by the caller). */
static void
query_test(struct fake_bird *f)
{
	static const char reply[] =
		"2002-Name       Proto      Table      State  Since  Info\n"
		"1002-upstream   BGP        ---        up     18:07  Established\n"
		"1006-  BGP state:          Established\n"
		"     Neighbor address: 10.98.1.2\n"
		"0000 \n";

	f->query_answer = reply;
	q_calls = 0;
	CU_ASSERT_EQUAL(ctl_bgp_query("", query_cb, NULL), -EINVAL);
	CU_ASSERT_EQUAL(ctl_bgp_query("a\nb", query_cb, NULL), -EINVAL);
	CU_ASSERT_EQUAL(ctl_bgp_query("show protocols all", query_cb, NULL),
			0);
	CU_ASSERT_EQUAL(q_calls, 0);	/* never from inside the call */
	CU_ASSERT_EQUAL(ctl_bgp_query("show protocols all", query_cb, NULL),
			-EBUSY);
	run_until(f->loop, query_reached);
	CU_ASSERT_EQUAL(q_calls, 1);
	CU_ASSERT_EQUAL(q_err, 0);
	CU_ASSERT_STRING_EQUAL(q_reply, reply);
	CU_ASSERT_EQUAL(f->n_query, 1);

	/* No answer: a timeout after CTL_BGP_QUERY_MS, once. */
	f->query_answer = NULL;
	q_calls = 0;
	CU_ASSERT_EQUAL(ctl_bgp_query("show protocols all", query_cb, NULL),
			0);
	run_until(f->loop, query_reached);
	CU_ASSERT_EQUAL(q_calls, 1);
	CU_ASSERT_EQUAL(q_err, -ETIMEDOUT);

	/* Cancelled: no callback; the next query goes through. */
	f->query_answer = reply;
	q_calls = 0;
	CU_ASSERT_EQUAL(ctl_bgp_query("show protocols all", query_cb, NULL),
			0);
	ctl_bgp_query_cancel();
	CU_ASSERT_EQUAL(ctl_bgp_query("show protocols all", query_cb, NULL),
			0);
	run_until(f->loop, query_reached);
	CU_ASSERT_EQUAL(q_calls, 1);
	CU_ASSERT_EQUAL(q_err, 0);
}

static void
test_ctl_bgp_exchange(void)
{
	struct srp_bgp_speaker c;
	struct fake_bird f;
	char dir[] = "/tmp/test_ctl_bgp_XXXXXX";

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	memset(&f, 0, sizeof(f));
	memset(&c, 0, sizeof(c));
	f.loop = ctl_loop_new();
	f.cfd = -1;
	CU_ASSERT_PTR_NOT_NULL_FATAL(f.loop);
	snprintf(f.path, sizeof(f.path), "%s/bird.ctl", dir);
	snprintf(c.control_socket, sizeof(c.control_socket), "%s", f.path);
	snprintf(c.include_file, sizeof(c.include_file), "%s/srp.conf", dir);
	c.prepend_active = 1;
	c.prepend_standby = 5;

	/* No speaker yet: the start-up reconfigure fails and is retried. */
	CU_ASSERT_EQUAL(ctl_bgp_init(&c, f.loop), 0);
	CU_ASSERT_EQUAL(ctl_bgp_init(&c, f.loop), -EALREADY);
	CU_ASSERT_PTR_NOT_NULL(strstr(slurp(c.include_file),
				      "define SRPGW_ACTIVE = 0;"));
	CU_ASSERT_EQUAL(count_of(slurp(c.include_file), "prepend(own_as)"),
			5);
	want_fail = 1;
	run_until(f.loop, fail_reached);
	CU_ASSERT(st.reconfigure_failures >= 1);
	CU_ASSERT(!st.in_sync);

	/* The speaker appears: the retry succeeds. */
	f.answer = "0002-Reading configuration from x\n0003 Reconfigured\n";
	CU_ASSERT_EQUAL_FATAL(fake_listen(&f), 0);
	want_ok = 1;
	run_until(f.loop, ok_reached);
	CU_ASSERT_EQUAL(st.reconfigure_ok, 1);
	CU_ASSERT(st.in_sync);
	CU_ASSERT_EQUAL(f.n_configure, 1);

	/* Active: the include has the short path, BIRD is told. */
	ctl_bgp_role(true);
	CU_ASSERT_PTR_NOT_NULL(strstr(slurp(c.include_file),
				      "define SRPGW_ACTIVE = 1;"));
	CU_ASSERT_EQUAL(count_of(slurp(c.include_file), "prepend(own_as)"),
			1);
	want_ok = 2;
	run_until(f.loop, ok_reached);
	CU_ASSERT_EQUAL(st.reconfigure_ok, 2);
	CU_ASSERT_EQUAL(st.prepend, 1);
	CU_ASSERT(st.active);
	CU_ASSERT_EQUAL(f.n_configure, 2);
	/* Same role again: nothing to do. */
	ctl_bgp_role(true);
	CU_ASSERT_EQUAL(st.include_writes, 2);
	ctl_bgp_stats_get(&st);
	CU_ASSERT_EQUAL(st.include_writes, 2);

	/* A route modifier lands in the include. */
	ctl_bgp_route_modifier(7);
	CU_ASSERT_PTR_NOT_NULL(strstr(slurp(c.include_file),
				      "define SRPGW_ROUTE_MODIFIER = 7;"));
	want_ok = 3;
	run_until(f.loop, ok_reached);
	CU_ASSERT_EQUAL(st.reconfigure_ok, 3);

	/* BIRD refuses the configuration: counted, not in sync, retried. */
	f.answer = "8002 x.conf:3:1 syntax error\n";
	ctl_bgp_role(false);
	CU_ASSERT_EQUAL(count_of(slurp(c.include_file), "prepend(own_as)"),
			5);
	ctl_bgp_stats_get(&st);
	want_fail = st.reconfigure_failures + 2;
	run_until(f.loop, fail_reached);
	CU_ASSERT(st.reconfigure_failures >= want_fail);
	CU_ASSERT(!st.in_sync);
	CU_ASSERT(f.n_configure >= 5);
	/* Fixed: the retry gets it through. */
	f.answer = "0003 Reconfigured\n";
	want_ok = 4;
	run_until(f.loop, ok_reached);
	CU_ASSERT(st.in_sync);
	CU_ASSERT(!st.active);
	CU_ASSERT_EQUAL(st.prepend, 5);

	/* The prepend follows the peer's route modifier (rm 7 here). */
	ctl_bgp_role(true);
	want_ok = st.reconfigure_ok + 1;
	run_until(f.loop, ok_reached);
	CU_ASSERT_EQUAL(st.prepend, 1);
	ctl_bgp_peer_route_modifier(6);		/* peer lower: +1 */
	CU_ASSERT_EQUAL(count_of(slurp(c.include_file), "prepend(own_as)"),
			2);
	want_ok = st.reconfigure_ok + 1;
	run_until(f.loop, ok_reached);
	CU_ASSERT_EQUAL(st.prepend, 2);
	CU_ASSERT_EQUAL(st.peer_route_modifier, 6);
	ctl_bgp_stats_get(&st);
	want_ok = st.include_writes;
	ctl_bgp_peer_route_modifier(5);		/* still lower: unchanged */
	ctl_bgp_stats_get(&st);
	CU_ASSERT_EQUAL(st.include_writes, want_ok);
	ctl_bgp_peer_route_modifier(9);		/* peer higher: short */
	CU_ASSERT_EQUAL(count_of(slurp(c.include_file), "prepend(own_as)"),
			1);
	ctl_bgp_stats_get(&st);
	want_ok = st.reconfigure_ok + 1;
	run_until(f.loop, ok_reached);
	CU_ASSERT_EQUAL(st.prepend, 1);

	/* A query: the whole reply, reassembled, handed over once. */
	query_test(&f);

	ctl_bgp_fini();
	ctl_bgp_fini();
	ctl_bgp_stats_get(&st);
	CU_ASSERT(!st.configured);
	CU_ASSERT_EQUAL(ctl_bgp_query("show protocols all", query_cb, NULL),
			-ENOTCONN);
	if (f.cfd >= 0)
		close(f.cfd);
	close(f.lfd);
	ctl_loop_free(f.loop);
	unlink(f.path);
	unlink(c.include_file);
	rmdir(dir);
}

static void
test_ctl_bgp_include_never_follows_planted_link(void)
{
	char dir[] = "/tmp/test_ctl_bgp_XXXXXX", link_path[256], victim[256];
	struct srp_bgp_speaker c;
	struct ctl_loop *loop = ctl_loop_new();
	FILE *f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	memset(&c, 0, sizeof(c));
	snprintf(c.include_file, sizeof(c.include_file), "%s/srp.conf", dir);
	snprintf(c.control_socket, sizeof(c.control_socket), "%s/none.ctl",
		 dir);
	c.prepend_standby = 3;
	/* Someone plants the old fixed temp name as a link to a victim. */
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	f = fopen(victim, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("precious\n", f);
	fclose(f);
	snprintf(link_path, sizeof(link_path), "%s.tmp", c.include_file);
	CU_ASSERT_EQUAL_FATAL(symlink(victim, link_path), 0);

	CU_ASSERT_EQUAL(ctl_bgp_init(&c, loop), 0);
	CU_ASSERT_STRING_EQUAL(slurp(victim), "precious\n");
	CU_ASSERT_PTR_NOT_NULL(strstr(slurp(c.include_file),
				      "define SRPGW_ACTIVE = 0;"));
	ctl_bgp_fini();
	ctl_loop_free(loop);
	unlink(link_path);
	unlink(victim);
	unlink(c.include_file);
	CU_ASSERT_EQUAL(rmdir(dir), 0);	/* no temp file left behind */
}

static void
test_ctl_bgp_not_configured(void)
{
	struct srp_bgp_speaker c;
	struct ctl_loop *loop = ctl_loop_new();

	memset(&c, 0, sizeof(c));
	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	CU_ASSERT_EQUAL(ctl_bgp_init(&c, loop), 0);
	ctl_bgp_role(true);	/* no include: nothing happens */
	ctl_bgp_stats_get(&st);
	CU_ASSERT(!st.configured);
	CU_ASSERT_EQUAL(st.include_writes, 0);
	/* An include in a directory that does not exist: refused. */
	snprintf(c.include_file, sizeof(c.include_file),
		 "/nonexistent/srpgw/srp.conf");
	CU_ASSERT_EQUAL(ctl_bgp_init(&c, loop), -ENOENT);
	ctl_bgp_stats_get(&st);
	CU_ASSERT(!st.configured);
	ctl_loop_free(loop);
}

/* The prepend follows the route modifier: issue 16's split brain. */
static void
test_ctl_bgp_prepend(void)
{
	/* Standby: its configured count whatever the modifiers. */
	CU_ASSERT_EQUAL(ctl_bgp_prepend(false, 11, 10, 0, 4), 4);
	CU_ASSERT_EQUAL(ctl_bgp_prepend(false, 10, 11, 0, 4), 4);
	/* Active below the peer: the short path. */
	CU_ASSERT_EQUAL(ctl_bgp_prepend(true, 10, 11, 0, 4), 0);
	CU_ASSERT_EQUAL(ctl_bgp_prepend(true, 1, 2, 2, 6), 2);
	/* Active promoted while the peer (lower) may still be active: the
	 * SRP link lost, both active; the previous active stays preferred. */
	CU_ASSERT_EQUAL(ctl_bgp_prepend(true, 11, 10, 0, 4), 1);
	CU_ASSERT_EQUAL(ctl_bgp_prepend(true, 10, 10, 0, 4), 1);
	CU_ASSERT(ctl_bgp_prepend(true, 11, 10, 0, 4) >
		  ctl_bgp_prepend(true, 10, 11, 0, 4));
	/* Peer never heard of: the short path; bounded. */
	CU_ASSERT_EQUAL(ctl_bgp_prepend(true, 11, 0, 0, 4), 0);
	CU_ASSERT_EQUAL(ctl_bgp_prepend(true, 12, 11, SRP_BGP_PREPEND_MAX,
					SRP_BGP_PREPEND_MAX),
			SRP_BGP_PREPEND_MAX);
}

static CU_TestInfo pure_tests[] = {
	{ "test_ctl_bgp_prepend", test_ctl_bgp_prepend },
	{ "test_ctl_bgp_include_text", test_ctl_bgp_include_text },
	{ "test_ctl_bgp_reply_line", test_ctl_bgp_reply_line },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo exchange_tests[] = {
	{ "test_ctl_bgp_exchange", test_ctl_bgp_exchange },
	{ "test_ctl_bgp_include_never_follows_planted_link",
	  test_ctl_bgp_include_never_follows_planted_link },
	{ "test_ctl_bgp_not_configured", test_ctl_bgp_not_configured },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "ctl_bgp_pure", NULL, NULL, NULL, NULL, pure_tests },
	{ "ctl_bgp_exchange", NULL, NULL, NULL, NULL, exchange_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	alarm(TEST_ALARM_S);
	return ut_run(suites);
}
