/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the AAA monitor engine (control/mon/ctl_mon_aaa.c) against
 * a fake RADIUS server on 127.0.0.1 served from the same reactor: probes
 * only while active (idle on the standby), the probe's user and password
 * as configured (the hidden password undone independently), UP on a good
 * answer, Access-Reject is an answer too, bad answers (wrong secret, wrong
 * identifier, truncated) counted as errors without a state change, DOWN
 * after 1 + max-retries unanswered attempts, srp reset-auth-probe-fail.
 * Loops are bounded by counts of events. Runs without EAL.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>
#include <openssl/evp.h>

#include "conf/ctl_conf.h"
#include "core/ctl_loop.h"
#include "mon/ctl_mon.h"
#include "mon/ctl_mon_aaa.h"
#include "mon/ctl_mon_int.h"
#include "support/ut_run.h"

#define TEST_ALARM_S	60
#define SECRET		"unit-secret"

enum srv_mode {
	SRV_ACCEPT,
	SRV_REJECT,
	SRV_BAD_SECRET,
	SRV_BAD_ID,
	SRV_TRUNCATED,
	SRV_SILENT,
};

static struct {
	int		fd;
	enum srv_mode	mode;
	unsigned int	n_req;
	char		user[64];
	char		password[64];
} srv;

static struct ctl_conf conf;
static struct ctl_loop *loop;
static unsigned int n_verdicts, n_hook;
static bool last_failed;

/* Verdict changes (a failed verdict is also told again every second on
 * the active: those repeats are counted apart). */
static unsigned int n_repeats;

static void
verdict(enum srp_monitor_kind kind, bool failed)
{
	(void)kind;
	if (n_verdicts > 0 && failed && last_failed) {
		n_repeats++;
		return;
	}
	n_verdicts++;
	last_failed = failed;
}

static void
hook(void)
{
	n_hook++;
}

static void
md5(const void *a, size_t al, const void *b, size_t bl, const void *c,
    size_t cl, uint8_t *out)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int n;

	EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
	EVP_DigestUpdate(ctx, a, al);
	EVP_DigestUpdate(ctx, b, bl);
	if (c != NULL)
		EVP_DigestUpdate(ctx, c, cl);
	EVP_DigestFinal_ex(ctx, out, &n);
	EVP_MD_CTX_free(ctx);
}

/* Note User-Name and the User-Password undone (RFC 2865 5.2). */
static void
srv_note(const uint8_t *req, size_t len)
{
	size_t off = 20, i, k;
	uint8_t b[16], p[128];

	while (off + 2 <= len && req[off + 1] >= 2) {
		uint8_t t = req[off], l = req[off + 1];

		if (t == 1 && l - 2u < sizeof(srv.user)) {
			memcpy(srv.user, req + off + 2, l - 2u);
			srv.user[l - 2] = '\0';
		} else if (t == 2 && l - 2u <= sizeof(p) && (l - 2u) % 16 == 0) {
			for (i = 0; i < l - 2u; i += 16) {
				md5(SECRET, strlen(SECRET), i == 0 ? req + 4 :
				    req + off + 2 + i - 16, 16, NULL, 0, b);
				for (k = 0; k < 16; k++)
					p[i + k] = req[off + 2 + i + k] ^ b[k];
			}
			snprintf(srv.password, sizeof(srv.password), "%.*s",
				 (int)(l - 2u), (const char *)p);
		}
		off += l;
	}
}

static void
srv_rx(struct ctl_loop *lp, int fd, uint32_t events, void *arg)
{
	struct sockaddr_storage from;
	socklen_t flen = sizeof(from);
	uint8_t req[4096], ans[20];
	const char *secret = SECRET;
	ssize_t n;

	(void)lp;
	(void)events;
	(void)arg;
	n = recvfrom(fd, req, sizeof(req), 0, (struct sockaddr *)&from, &flen);
	if (n < 20)
		return;
	srv.n_req++;
	srv_note(req, (size_t)n);
	if (srv.mode == SRV_SILENT)
		return;
	ans[0] = srv.mode == SRV_REJECT ? 3 : 2;
	ans[1] = srv.mode == SRV_BAD_ID ? (uint8_t)(req[1] + 1) : req[1];
	ans[2] = 0;
	ans[3] = 20;
	if (srv.mode == SRV_BAD_SECRET)
		secret = "another-secret";
	md5(ans, 4, req + 4, 16, secret, strlen(secret), ans + 4);
	sendto(fd, ans, srv.mode == SRV_TRUNCATED ? 19 : 20, 0,
	       (struct sockaddr *)&from, flen);
}

/* Run the reactor until @done holds (checked every 20 ms), at most
 * @max_checks checks. */
static bool (*until)(void);
static unsigned int n_checks, max_checks;

static void
checker(struct ctl_loop *lp, struct ctl_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	if (until() || ++n_checks >= max_checks)
		ctl_loop_stop(lp);
}

static bool
run_until(bool (*done)(void), unsigned int max)
{
	struct ctl_timer *t;

	until = done;
	n_checks = 0;
	max_checks = max;
	t = ctl_loop_timer_add(loop, 20, 20, checker, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	ctl_loop_run(loop);
	ctl_loop_timer_del(t);
	return done();
}

static bool
never(void)
{
	return false;
}

static struct ctl_mon_target *
tgt(void)
{
	return ctl_mon_target(0);
}

static unsigned int want_req;

static bool
is_up(void)
{
	return tgt()->state == CTL_MON_UP;
}

static bool
is_down(void)
{
	return tgt()->state == CTL_MON_DOWN;
}

static bool
got_req(void)
{
	return srv.n_req >= want_req;
}

static int
setup(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t slen = sizeof(sa);
	char text[1024], err[512];
	uint16_t port;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	srv.fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (srv.fd < 0 || bind(srv.fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(srv.fd, (struct sockaddr *)&sa, &slen) < 0)
		return -1;
	port = ntohs(sa.sin_port);
	snprintf(text, sizeof(text),
		 "config\n"
		 "  context aaa\n"
		 "    radius server 127.0.0.1 key " SECRET " port %u\n"
		 "    radius timeout 1\n"
		 "    radius max-retries 1\n"
		 "    radius probe-interval 1\n"
		 "    radius probe-username unit-probe\n"
		 "    radius probe-password unit-password\n"
		 "  #exit\n"
		 "  context srp\n"
		 "    service-redundancy-protocol\n"
		 "      chassis-mode primary\n"
		 "      bind address 192.0.2.1\n"
		 "      peer-ip-address 192.0.2.2\n"
		 "      monitor authentication-probe context aaa 127.0.0.1 "
		 "port %u\n"
		 "    #exit\n"
		 "  #exit\n"
		 "end\n", port, port);
	if (ctl_conf_parse(text, "t", &conf, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	loop = ctl_loop_new();
	if (loop == NULL ||
	    ctl_loop_fd_add(loop, srv.fd, EPOLLIN, srv_rx, NULL) < 0)
		return -1;
	ctl_mon_verdict_set(verdict);
	ctl_mon_aaa_reset_hook_set(hook);
	return ctl_mon_init(&conf, loop) == 0 ? 0 : -1;
}

static int
teardown(void)
{
	ctl_mon_fini();
	ctl_loop_fd_del(loop, srv.fd);
	close(srv.fd);
	ctl_loop_free(loop);
	return 0;
}

static void
test_ctl_mon_aaa_idle_until_active(void)
{
	CU_ASSERT_EQUAL(ctl_mon_count(), 1);
	ctl_mon_role(false);
	CU_ASSERT_EQUAL(tgt()->state, CTL_MON_IDLE);
	/* Standby: a full probe interval passes without a request. */
	want_req = 1;
	CU_ASSERT_FALSE(run_until(got_req, 60));
	CU_ASSERT_EQUAL(tgt()->n_sent, 0);
	CU_ASSERT_EQUAL(srv.n_req, 0);
}

static void
test_ctl_mon_aaa_up_on_answer(void)
{
	srv.mode = SRV_ACCEPT;
	ctl_mon_role(true);
	CU_ASSERT_EQUAL(tgt()->state, CTL_MON_UNKNOWN);
	CU_ASSERT_TRUE(run_until(is_up, 250));
	CU_ASSERT_EQUAL(tgt()->n_answered, 1);
	CU_ASSERT_EQUAL(tgt()->n_errors, 0);
	CU_ASSERT_STRING_EQUAL(tgt()->detail, "access-accept");
	CU_ASSERT_STRING_EQUAL(srv.user, "unit-probe");
	CU_ASSERT_STRING_EQUAL(srv.password, "unit-password");
	/* Access-Reject proves the server alive too. */
	srv.mode = SRV_REJECT;
	want_req = srv.n_req + 1;
	CU_ASSERT_TRUE(run_until(got_req, 250));
	CU_ASSERT_TRUE(run_until(is_up, 10));
	CU_ASSERT_EQUAL(tgt()->n_errors, 0);
}

static void
test_ctl_mon_aaa_bad_answers_change_nothing(void)
{
	static const enum srv_mode bad[] = {
		SRV_BAD_SECRET, SRV_BAD_ID, SRV_TRUNCATED,
	};
	unsigned int i;
	uint64_t errors;

	for (i = 0; i < 3; i++) {
		srv.mode = bad[i];
		errors = tgt()->n_errors;
		want_req = srv.n_req + 1;
		CU_ASSERT_TRUE(run_until(got_req, 250));
		/* Let the answer come back (a few reactor turns). */
		run_until(is_down, 3);
		CU_ASSERT_EQUAL(tgt()->n_errors, errors + 1);
		CU_ASSERT_EQUAL(tgt()->state, CTL_MON_UP);
		srv.mode = SRV_ACCEPT;
		want_req = srv.n_req + 1;	/* the retransmission */
		CU_ASSERT_TRUE(run_until(got_req, 250));
		run_until(is_down, 3);
		CU_ASSERT_EQUAL(tgt()->state, CTL_MON_UP);
	}
	CU_ASSERT_EQUAL(tgt()->n_down, 0);
	CU_ASSERT_EQUAL(n_verdicts, 0);
}

static void
test_ctl_mon_aaa_down_after_retries(void)
{
	uint64_t timeouts;

	srv.mode = SRV_SILENT;
	timeouts = tgt()->n_timeouts;
	CU_ASSERT_TRUE(run_until(is_down, 500));
	/* max-retries 1: two attempts of one request unanswered. */
	CU_ASSERT_EQUAL(tgt()->n_timeouts - timeouts, 2);
	CU_ASSERT_EQUAL(tgt()->n_down, 1);
	CU_ASSERT_EQUAL(n_verdicts, 1);
	CU_ASSERT_TRUE(last_failed);
	CU_ASSERT_PTR_NOT_NULL(strstr(tgt()->detail, "no answer to 2"));
	/* Still failed on the active: told again (a refused switchover is
	 * asked for again), about once a second (75 x 20 ms turns). */
	n_repeats = 0;
	srv.mode = SRV_SILENT;
	run_until(never, 75);
	CU_ASSERT_TRUE(n_repeats >= 1);
	CU_ASSERT_EQUAL(n_verdicts, 1);
	/* Back: UP, the service recovered. */
	srv.mode = SRV_ACCEPT;
	CU_ASSERT_TRUE(run_until(is_up, 250));
	CU_ASSERT_EQUAL(n_verdicts, 2);
	CU_ASSERT_FALSE(last_failed);
}

static void
test_ctl_mon_aaa_reset(void)
{
	srv.mode = SRV_SILENT;
	CU_ASSERT_TRUE(run_until(is_down, 500));
	CU_ASSERT_EQUAL(tgt()->n_down, 2);
	n_hook = 0;
	CU_ASSERT_EQUAL(ctl_mon_aaa_reset(), 1);
	CU_ASSERT_EQUAL(n_hook, 1);
	CU_ASSERT_EQUAL(tgt()->n_down, 0);
	CU_ASSERT_EQUAL(tgt()->n_timeouts, 0);
	CU_ASSERT_EQUAL(tgt()->n_answered, 0);
	CU_ASSERT_EQUAL(tgt()->n_errors, 0);
	CU_ASSERT_EQUAL(tgt()->state, CTL_MON_UNKNOWN);
	CU_ASSERT_FALSE(last_failed);
	srv.mode = SRV_ACCEPT;
	CU_ASSERT_TRUE(run_until(is_up, 250));
	CU_ASSERT_EQUAL(tgt()->n_answered, 1);
	/* Standby again: idle. */
	ctl_mon_role(false);
	CU_ASSERT_EQUAL(tgt()->state, CTL_MON_IDLE);
}

static CU_TestInfo tests[] = {
	{ "test_ctl_mon_aaa_idle_until_active",
	  test_ctl_mon_aaa_idle_until_active },
	{ "test_ctl_mon_aaa_up_on_answer", test_ctl_mon_aaa_up_on_answer },
	{ "test_ctl_mon_aaa_bad_answers_change_nothing",
	  test_ctl_mon_aaa_bad_answers_change_nothing },
	{ "test_ctl_mon_aaa_down_after_retries",
	  test_ctl_mon_aaa_down_after_retries },
	{ "test_ctl_mon_aaa_reset", test_ctl_mon_aaa_reset },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "ctl_mon_aaa", setup, teardown, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	alarm(TEST_ALARM_S);
	return ut_run(suites);
}
