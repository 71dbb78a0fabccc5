/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the control reactor (ctl_loop): fd callbacks, one-shot and
 * periodic timers, removal from inside callbacks, stop. Runs without EAL.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include "core/ctl_loop.h"
#include "support/ut_run.h"

/* A broken loop must fail the run, not hang it. */
#define TEST_ALARM_S	60

struct test_fd {
	struct ctl_loop	*loop;
	int		rfd;
	int		wfd;
	int		n_calls;
	int		stop_after;	/* stop the loop at this call count */
	int		del_self;	/* remove own watch on this call */
	struct test_fd	*victim;	/* removed by this one's callback */
	char		last;
};

struct test_timer {
	struct ctl_timer *t;
	int		n_calls;
	int		stop_after;
	int		del_after;	/* delete itself at this count */
	int		rearm_until;	/* one-shot: re-arm until this count */
	uint64_t	expirations;
};

static void
test_pipe(struct test_fd *f, struct ctl_loop *loop)
{
	int p[2];

	memset(f, 0, sizeof(*f));
	CU_ASSERT_FATAL(pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0);
	f->loop = loop;
	f->rfd = p[0];
	f->wfd = p[1];
}

static void
test_pipe_close(struct test_fd *f)
{
	if (f->rfd >= 0)
		close(f->rfd);
	if (f->wfd >= 0)
		close(f->wfd);
}

static void
test_fd_cb(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	struct test_fd *f = arg;

	CU_ASSERT(fd == f->rfd);
	CU_ASSERT(events & EPOLLIN);
	f->n_calls++;
	/* Read a single byte: level-triggered, the rest fires again. */
	if (read(fd, &f->last, 1) != 1)
		f->last = 0;
	if (f->victim != NULL) {
		CU_ASSERT(ctl_loop_fd_del(loop, f->victim->rfd) == 0);
		f->victim = NULL;
	}
	if (f->del_self != 0 && f->n_calls == f->del_self)
		CU_ASSERT(ctl_loop_fd_del(loop, fd) == 0);
	if (f->stop_after != 0 && f->n_calls == f->stop_after)
		ctl_loop_stop(loop);
}

static void
test_timer_cb(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	struct test_timer *tt = arg;

	CU_ASSERT(t == tt->t);
	tt->n_calls++;
	tt->expirations += ctl_loop_timer_expirations(t);
	if (tt->rearm_until != 0 && tt->n_calls < tt->rearm_until)
		CU_ASSERT(ctl_loop_timer_set(t, 1, 0) == 0);
	if (tt->del_after != 0 && tt->n_calls == tt->del_after) {
		ctl_loop_timer_del(t);
		tt->t = NULL;
	}
	if (tt->stop_after != 0 && tt->n_calls == tt->stop_after)
		ctl_loop_stop(loop);
}

static void
test_ctl_loop_fd_readable_calls_back(void)
{
	struct ctl_loop *loop = ctl_loop_new();
	struct test_fd f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	test_pipe(&f, loop);
	f.stop_after = 3;
	CU_ASSERT(ctl_loop_fd_add(loop, f.rfd, EPOLLIN, test_fd_cb, &f) == 0);
	CU_ASSERT(write(f.wfd, "abc", 3) == 3);
	CU_ASSERT(ctl_loop_run(loop) == 0);
	CU_ASSERT(f.n_calls == 3);
	CU_ASSERT(f.last == 'c');
	ctl_loop_free(loop);
	test_pipe_close(&f);
}

static void
test_ctl_loop_fd_add_mod_del_errors(void)
{
	struct ctl_loop *loop = ctl_loop_new();
	struct test_fd f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	test_pipe(&f, loop);
	CU_ASSERT(ctl_loop_fd_add(loop, f.rfd, EPOLLIN, test_fd_cb, &f) == 0);
	CU_ASSERT(ctl_loop_fd_add(loop, f.rfd, EPOLLIN, test_fd_cb, &f) ==
		  -EEXIST);
	CU_ASSERT(ctl_loop_fd_add(loop, -1, EPOLLIN, test_fd_cb, &f) ==
		  -EINVAL);
	CU_ASSERT(ctl_loop_fd_add(loop, f.wfd, EPOLLOUT, NULL, &f) == -EINVAL);
	CU_ASSERT(ctl_loop_fd_mod(loop, f.wfd, EPOLLIN) == -ENOENT);
	CU_ASSERT(ctl_loop_fd_del(loop, f.wfd) == -ENOENT);
	CU_ASSERT(ctl_loop_fd_mod(loop, f.rfd, EPOLLIN | EPOLLRDHUP) == 0);
	CU_ASSERT(ctl_loop_fd_del(loop, f.rfd) == 0);
	CU_ASSERT(ctl_loop_fd_del(loop, f.rfd) == -ENOENT);
	/* Watchable again once removed. */
	CU_ASSERT(ctl_loop_fd_add(loop, f.rfd, EPOLLIN, test_fd_cb, &f) == 0);
	ctl_loop_free(loop);
	/* The loop does not close watched fds. */
	CU_ASSERT(fcntl(f.rfd, F_GETFD) >= 0);
	test_pipe_close(&f);
}

static void
test_ctl_loop_fd_mod_stops_events(void)
{
	struct ctl_loop *loop = ctl_loop_new();
	struct test_timer stop = { .stop_after = 1 };
	struct test_fd f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	test_pipe(&f, loop);
	CU_ASSERT(ctl_loop_fd_add(loop, f.rfd, EPOLLIN, test_fd_cb, &f) == 0);
	CU_ASSERT(ctl_loop_fd_mod(loop, f.rfd, 0) == 0);
	CU_ASSERT(write(f.wfd, "x", 1) == 1);
	stop.t = ctl_loop_timer_add(loop, 20, 0, test_timer_cb, &stop);
	CU_ASSERT_PTR_NOT_NULL_FATAL(stop.t);
	CU_ASSERT(ctl_loop_run(loop) == 0);
	CU_ASSERT(f.n_calls == 0);
	ctl_loop_free(loop);
	test_pipe_close(&f);
}

static void
test_ctl_loop_oneshot_fires_once(void)
{
	struct ctl_loop *loop = ctl_loop_new();
	struct test_timer once = { 0 }, guard = { .stop_after = 5 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	once.t = ctl_loop_timer_add(loop, 1, 0, test_timer_cb, &once);
	guard.t = ctl_loop_timer_add(loop, 5, 5, test_timer_cb, &guard);
	CU_ASSERT_PTR_NOT_NULL_FATAL(once.t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(guard.t);
	CU_ASSERT(ctl_loop_run(loop) == 0);
	CU_ASSERT(guard.n_calls == 5);
	CU_ASSERT(once.n_calls == 1);
	CU_ASSERT(once.expirations == 1);
	ctl_loop_free(loop);
}

static void
test_ctl_loop_zero_delay_fires(void)
{
	struct ctl_loop *loop = ctl_loop_new();
	struct test_timer now = { .stop_after = 1 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	now.t = ctl_loop_timer_add(loop, 0, 0, test_timer_cb, &now);
	CU_ASSERT_PTR_NOT_NULL_FATAL(now.t);
	CU_ASSERT(ctl_loop_run(loop) == 0);
	CU_ASSERT(now.n_calls == 1);
	ctl_loop_free(loop);
}

static void
test_ctl_loop_periodic_fires_repeatedly(void)
{
	struct ctl_loop *loop = ctl_loop_new();
	struct test_timer per = { .stop_after = 4 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	per.t = ctl_loop_timer_add(loop, 1, 2, test_timer_cb, &per);
	CU_ASSERT_PTR_NOT_NULL_FATAL(per.t);
	CU_ASSERT(ctl_loop_run(loop) == 0);
	CU_ASSERT(per.n_calls == 4);
	CU_ASSERT(per.expirations >= 4);
	ctl_loop_free(loop);
}

static void
test_ctl_loop_timer_rearm_from_callback(void)
{
	struct ctl_loop *loop = ctl_loop_new();
	struct test_timer t = { .rearm_until = 3 };
	struct test_timer guard = { .stop_after = 6 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	t.t = ctl_loop_timer_add(loop, 1, 0, test_timer_cb, &t);
	guard.t = ctl_loop_timer_add(loop, 10, 10, test_timer_cb, &guard);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t.t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(guard.t);
	CU_ASSERT(ctl_loop_run(loop) == 0);
	CU_ASSERT(t.n_calls == 3);
	ctl_loop_free(loop);
}

static void
test_ctl_loop_timer_stop_disarms(void)
{
	struct ctl_loop *loop = ctl_loop_new();
	struct test_timer t = { 0 }, guard = { .stop_after = 3 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	t.t = ctl_loop_timer_add(loop, 5, 5, test_timer_cb, &t);
	guard.t = ctl_loop_timer_add(loop, 10, 10, test_timer_cb, &guard);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t.t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(guard.t);
	CU_ASSERT(ctl_loop_timer_stop(t.t) == 0);
	CU_ASSERT(ctl_loop_run(loop) == 0);
	CU_ASSERT(t.n_calls == 0);
	/* Armed again, it fires. */
	guard.n_calls = 0;
	CU_ASSERT(ctl_loop_timer_set(t.t, 1, 0) == 0);
	CU_ASSERT(ctl_loop_run(loop) == 0);
	CU_ASSERT(t.n_calls == 1);
	ctl_loop_free(loop);
}

static void
test_ctl_loop_timer_del_in_own_callback(void)
{
	struct ctl_loop *loop = ctl_loop_new();
	struct test_timer t = { .del_after = 3 };
	struct test_timer guard = { .stop_after = 4 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	t.t = ctl_loop_timer_add(loop, 1, 1, test_timer_cb, &t);
	guard.t = ctl_loop_timer_add(loop, 10, 10, test_timer_cb, &guard);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t.t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(guard.t);
	CU_ASSERT(ctl_loop_run(loop) == 0);
	CU_ASSERT(t.n_calls == 3);
	CU_ASSERT_PTR_NULL(t.t);
	ctl_loop_free(loop);
}

static void
test_ctl_loop_timer_add_rejects_bad_args(void)
{
	struct ctl_loop *loop = ctl_loop_new();
	struct test_timer t = { 0 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	errno = 0;
	CU_ASSERT_PTR_NULL(ctl_loop_timer_add(loop, 1, 0, NULL, &t));
	CU_ASSERT(errno == EINVAL);
	errno = 0;
	CU_ASSERT_PTR_NULL(ctl_loop_timer_add(loop, UINT64_MAX, 0,
					      test_timer_cb, &t));
	CU_ASSERT(errno == EINVAL);
	CU_ASSERT(ctl_loop_timer_set(NULL, 1, 0) == -EINVAL);
	ctl_loop_free(loop);
}

static void
test_ctl_loop_fd_del_self_in_callback(void)
{
	struct ctl_loop *loop = ctl_loop_new();
	struct test_timer guard = { .stop_after = 3 };
	struct test_fd f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	test_pipe(&f, loop);
	f.del_self = 1;
	CU_ASSERT(ctl_loop_fd_add(loop, f.rfd, EPOLLIN, test_fd_cb, &f) == 0);
	/* Still readable after the first call: only removal stops calls. */
	CU_ASSERT(write(f.wfd, "xyz", 3) == 3);
	guard.t = ctl_loop_timer_add(loop, 5, 5, test_timer_cb, &guard);
	CU_ASSERT_PTR_NOT_NULL_FATAL(guard.t);
	CU_ASSERT(ctl_loop_run(loop) == 0);
	CU_ASSERT(f.n_calls == 1);
	ctl_loop_free(loop);
	test_pipe_close(&f);
}

static void
test_ctl_loop_fd_del_other_in_same_batch(void)
{
	struct ctl_loop *loop = ctl_loop_new();
	struct test_timer guard = { .stop_after = 2 };
	struct test_fd a, b;

	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	test_pipe(&a, loop);
	test_pipe(&b, loop);
	/* Both ready before the first epoll_wait: one batch, and whichever
	 * runs first removes the other, which then must not be called. */
	a.victim = &b;
	b.victim = &a;
	a.del_self = 1;
	b.del_self = 1;
	CU_ASSERT(ctl_loop_fd_add(loop, a.rfd, EPOLLIN, test_fd_cb, &a) == 0);
	CU_ASSERT(ctl_loop_fd_add(loop, b.rfd, EPOLLIN, test_fd_cb, &b) == 0);
	CU_ASSERT(write(a.wfd, "a", 1) == 1);
	CU_ASSERT(write(b.wfd, "b", 1) == 1);
	guard.t = ctl_loop_timer_add(loop, 5, 5, test_timer_cb, &guard);
	CU_ASSERT_PTR_NOT_NULL_FATAL(guard.t);
	CU_ASSERT(ctl_loop_run(loop) == 0);
	CU_ASSERT(a.n_calls + b.n_calls == 1);
	ctl_loop_free(loop);
	test_pipe_close(&a);
	test_pipe_close(&b);
}

static void
test_ctl_loop_stop_returns_and_rerun(void)
{
	struct ctl_loop *loop = ctl_loop_new();
	struct test_timer t = { .stop_after = 1 };
	struct test_timer guard = { .stop_after = 1 };
	struct test_fd f, g;

	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	/* Stop requested before running: returns at once. */
	ctl_loop_stop(loop);
	CU_ASSERT(ctl_loop_run(loop) == 0);

	/* The stop takes effect after the current callback: of two fds
	 * ready in the same batch, only one is served in this run. */
	test_pipe(&f, loop);
	test_pipe(&g, loop);
	f.stop_after = 1;
	g.stop_after = 1;
	CU_ASSERT(ctl_loop_fd_add(loop, f.rfd, EPOLLIN, test_fd_cb, &f) == 0);
	CU_ASSERT(ctl_loop_fd_add(loop, g.rfd, EPOLLIN, test_fd_cb, &g) == 0);
	CU_ASSERT(write(f.wfd, "1", 1) == 1);
	CU_ASSERT(write(g.wfd, "2", 1) == 1);
	CU_ASSERT(ctl_loop_run(loop) == 0);
	CU_ASSERT(f.n_calls + g.n_calls == 1);
	/* The other one is served by the next run (the guard only keeps a
	 * broken loop from blocking here forever). */
	guard.t = ctl_loop_timer_add(loop, 20, 0, test_timer_cb, &guard);
	CU_ASSERT_PTR_NOT_NULL_FATAL(guard.t);
	CU_ASSERT(ctl_loop_run(loop) == 0);
	CU_ASSERT(f.n_calls == 1 && g.n_calls == 1);
	ctl_loop_timer_del(guard.t);
	CU_ASSERT(ctl_loop_fd_del(loop, f.rfd) == 0);
	CU_ASSERT(ctl_loop_fd_del(loop, g.rfd) == 0);

	/* And the loop runs again afterwards. */
	t.t = ctl_loop_timer_add(loop, 1, 0, test_timer_cb, &t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t.t);
	CU_ASSERT(ctl_loop_run(loop) == 0);
	CU_ASSERT(t.n_calls == 1);
	ctl_loop_free(loop);
	test_pipe_close(&f);
	test_pipe_close(&g);
}

static void
test_ctl_loop_now_ms_monotonic(void)
{
	uint64_t a = ctl_loop_now_ms();
	uint64_t b;

	usleep(2000);
	b = ctl_loop_now_ms();
	CU_ASSERT(b >= a + 1);
}

/* One-shot timer callback that takes at least 20 ms, then stops the loop. */
static void
test_slow_cb(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	usleep(20000);
	ctl_loop_stop(loop);
}

static void
test_slow_run(struct ctl_loop *loop)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(ctl_loop_timer_add(loop, 0, 0,
							test_slow_cb, NULL));
	CU_ASSERT(ctl_loop_run(loop) == 0);
}

static void
test_ctl_loop_slow_callback_counted_by_name(void)
{
	struct ctl_loop *loop = ctl_loop_new();
	struct ctl_loop_slow_stats st;

	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	ctl_loop_slow_get(loop, &st);
	CU_ASSERT_EQUAL(st.threshold_us, CTL_LOOP_SLOW_US_DEFAULT);
	CU_ASSERT_EQUAL(st.n_slow, 0);
	test_slow_run(loop);
	test_slow_run(loop);
	ctl_loop_slow_get(loop, &st);
	CU_ASSERT_EQUAL(st.n_callbacks, 2);
	CU_ASSERT_EQUAL(st.n_slow, 2);
	CU_ASSERT_EQUAL_FATAL(st.n_entries, 1);
	CU_ASSERT_STRING_EQUAL(st.entries[0].name, "test_slow_cb");
	CU_ASSERT_EQUAL(st.entries[0].n_slow, 2);
	CU_ASSERT(st.entries[0].max_us >= 20000);
	CU_ASSERT(st.entries[0].last_us >= 20000);
	CU_ASSERT_STRING_EQUAL(st.max_name, "test_slow_cb");
	CU_ASSERT(st.max_us >= 20000);
	ctl_loop_free(loop);
}

static void
test_ctl_loop_slow_threshold_respected(void)
{
	struct ctl_loop *loop = ctl_loop_new();
	struct ctl_loop_slow_stats st;

	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	/* An hour: nothing this test runs is slow by that measure. */
	ctl_loop_slow_threshold_set(loop, 3600ULL * 1000 * 1000);
	test_slow_run(loop);
	ctl_loop_slow_get(loop, &st);
	CU_ASSERT_EQUAL(st.threshold_us, 3600ULL * 1000 * 1000);
	CU_ASSERT_EQUAL(st.n_callbacks, 1);
	CU_ASSERT_EQUAL(st.n_slow, 0);
	CU_ASSERT_EQUAL(st.n_entries, 0);
	/* The longest callback is still kept. */
	CU_ASSERT_STRING_EQUAL(st.max_name, "test_slow_cb");
	ctl_loop_slow_threshold_set(loop, 0);
	ctl_loop_slow_get(loop, &st);
	CU_ASSERT_EQUAL(st.threshold_us, CTL_LOOP_SLOW_US_DEFAULT);
	ctl_loop_free(loop);
}

#define TEST(fn) { #fn, fn }

static CU_TestInfo test_ctl_loop_tests[] = {
	TEST(test_ctl_loop_fd_readable_calls_back),
	TEST(test_ctl_loop_fd_add_mod_del_errors),
	TEST(test_ctl_loop_fd_mod_stops_events),
	TEST(test_ctl_loop_oneshot_fires_once),
	TEST(test_ctl_loop_zero_delay_fires),
	TEST(test_ctl_loop_periodic_fires_repeatedly),
	TEST(test_ctl_loop_timer_rearm_from_callback),
	TEST(test_ctl_loop_timer_stop_disarms),
	TEST(test_ctl_loop_timer_del_in_own_callback),
	TEST(test_ctl_loop_timer_add_rejects_bad_args),
	TEST(test_ctl_loop_fd_del_self_in_callback),
	TEST(test_ctl_loop_fd_del_other_in_same_batch),
	TEST(test_ctl_loop_stop_returns_and_rerun),
	TEST(test_ctl_loop_now_ms_monotonic),
	TEST(test_ctl_loop_slow_callback_counted_by_name),
	TEST(test_ctl_loop_slow_threshold_respected),
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo test_ctl_loop_suites[] = {
	{ "ctl_loop", NULL, NULL, NULL, NULL, test_ctl_loop_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	alarm(TEST_ALARM_S);
	return ut_run(test_ctl_loop_suites);
}
