/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the Diameter monitor's engine (control/mon/ctl_mon_diam.c)
 * against a fake peer on 127.0.0.1 run on the same reactor: capabilities
 * exchange and watchdogs bring the target UP (answers written in two
 * pieces), the peer's DWR is answered, a silent peer (no DWA within Tw), a
 * refused CEA, a CEA from another identity and a closed connection bring
 * it DOWN with their reasons, and srp reset-diameter-fail clears the
 * counts. Loops are bounded by a count of ticks. Runs without EAL.
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

#include "conf/ctl_conf.h"
#include "core/ctl_api.h"
#include "core/ctl_loop.h"
#include "core/ctl_reply.h"
#include "mon/ctl_mon.h"
#include "mon/ctl_mon_diam.h"
#include "mon/ctl_mon_int.h"
#include "mon/mon_diam.h"
#include "support/ut_run.h"

#define TICK_MS		20
#define MAX_TICKS	250	/* 5 s at most per wait */

enum peer_mode {
	PEER_OK,		/* answers CER and DWR */
	PEER_SILENT_DW,		/* answers CER only */
	PEER_BAD_CEA,		/* CEA with 5010 */
	PEER_OTHER_HOST,	/* CEA from another Origin-Host */
	PEER_CLOSE,		/* closes after the CEA */
};

static struct {
	struct ctl_loop		*loop;
	struct ctl_timer	*tick;
	int			lfd;		/* listening */
	int			pfd;		/* accepted */
	uint16_t		port;
	enum peer_mode		mode;
	unsigned int		ticks;
	bool			(*until)(void);
	uint8_t			rx[MON_DIAM_MSG_MAX];
	size_t			rx_len;
	uint8_t			half[MON_DIAM_MSG_MAX];	/* second piece */
	size_t			half_len;
	unsigned int		n_cer;
	unsigned int		n_dwr;
	unsigned int		n_dwa;		/* DWAs to our DWR */
	uint32_t		our_hbh;	/* of the peer's DWR */
	bool			dwa_ok;
} fp;

static struct ctl_conf conf;

/* Send @m to the engine; the first 7 bytes now, the rest on the next
 * tick, so that the engine reads a partial header and message. */
static void
peer_send(const struct mon_diam_msg *m)
{
	uint8_t buf[MON_DIAM_MSG_MAX];
	size_t len = 0;

	CU_ASSERT_EQUAL_FATAL(mon_diam_encode(m, buf, sizeof(buf), &len),
			      MON_DIAM_E_OK);
	if (fp.half_len > 0) {
		/* Behind a message still in two pieces: keep the order. */
		memcpy(fp.half + fp.half_len, buf, len);
		fp.half_len += len;
		return;
	}
	CU_ASSERT_EQUAL(send(fp.pfd, buf, 7, MSG_NOSIGNAL), 7);
	memcpy(fp.half, buf + 7, len - 7);
	fp.half_len = len - 7;
}

static void
peer_msg(struct mon_diam_msg *m, uint32_t cmd, uint8_t flags, uint32_t hbh,
	 const char *host)
{
	memset(m, 0, sizeof(*m));
	m->cmd = cmd;
	m->flags = flags;
	m->hbh = hbh;
	m->e2e = hbh;
	m->has = MON_DIAM_HAS_ORIGIN_HOST | MON_DIAM_HAS_ORIGIN_REALM;
	snprintf(m->origin_host, sizeof(m->origin_host), "%s", host);
	snprintf(m->origin_realm, sizeof(m->origin_realm), "test");
}

static void
peer_answer(uint32_t cmd, uint32_t hbh, uint32_t result, const char *host)
{
	struct mon_diam_msg m;

	peer_msg(&m, cmd, 0, hbh, host);
	m.has |= MON_DIAM_HAS_RESULT_CODE;
	m.result_code = result;
	peer_send(&m);
}

static void
peer_close(void)
{
	if (fp.pfd >= 0) {
		ctl_loop_fd_del(fp.loop, fp.pfd);
		close(fp.pfd);
	}
	fp.pfd = -1;
	fp.rx_len = 0;
	fp.half_len = 0;
}

static void
peer_handle(const struct mon_diam_msg *m)
{
	if ((m->flags & MON_DIAM_F_R) && m->cmd == MON_DIAM_CMD_CE) {
		fp.n_cer++;
		CU_ASSERT_EQUAL(mon_diam_check_request(m), MON_DIAM_E_OK);
		CU_ASSERT_STRING_EQUAL(m->origin_host, "gw.test");
		CU_ASSERT_EQUAL(m->n_ip, 1);
		if (fp.mode == PEER_BAD_CEA)
			peer_answer(MON_DIAM_CMD_CE, m->hbh, 5010, "peer.test");
		else
			peer_answer(MON_DIAM_CMD_CE, m->hbh, MON_DIAM_SUCCESS,
				    fp.mode == PEER_OTHER_HOST ? "other.test" :
				    "peer.test");
		if (fp.mode == PEER_OK) {
			struct mon_diam_msg r;

			/* The peer's own watchdog. */
			fp.our_hbh = 0xabc0001;
			peer_msg(&r, MON_DIAM_CMD_DW, MON_DIAM_F_R, fp.our_hbh,
				 "peer.test");
			peer_send(&r);
		}
		return;
	}
	if ((m->flags & MON_DIAM_F_R) && m->cmd == MON_DIAM_CMD_DW) {
		fp.n_dwr++;
		if (fp.mode == PEER_OK)
			peer_answer(MON_DIAM_CMD_DW, m->hbh, MON_DIAM_SUCCESS,
				    "peer.test");
		return;
	}
	if (!(m->flags & MON_DIAM_F_R) && m->cmd == MON_DIAM_CMD_DW) {
		fp.n_dwa++;
		fp.dwa_ok = mon_diam_check_answer(m, MON_DIAM_CMD_DW,
						  fp.our_hbh) == MON_DIAM_E_OK;
	}
}

static void
peer_fd(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	struct mon_diam_msg m;
	size_t len;
	ssize_t n;

	(void)loop;
	(void)events;
	(void)arg;
	n = recv(fd, fp.rx + fp.rx_len, sizeof(fp.rx) - fp.rx_len,
		 MSG_DONTWAIT);
	if (n <= 0) {
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			peer_close();
		return;
	}
	fp.rx_len += (size_t)n;
	while (mon_diam_frame_len(fp.rx, fp.rx_len, &len) == MON_DIAM_E_OK &&
	       len <= fp.rx_len) {
		CU_ASSERT_EQUAL_FATAL(mon_diam_decode(fp.rx, len, &m),
				      MON_DIAM_E_OK);
		memmove(fp.rx, fp.rx + len, fp.rx_len - len);
		fp.rx_len -= len;
		peer_handle(&m);
	}
}

static void
peer_accept(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	int c;

	(void)events;
	(void)arg;
	c = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (c < 0)
		return;
	peer_close();
	fp.pfd = c;
	CU_ASSERT_EQUAL(ctl_loop_fd_add(loop, c, EPOLLIN, peer_fd, NULL), 0);
}

static void
tick(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	if (fp.half_len > 0 && fp.pfd >= 0) {
		CU_ASSERT_EQUAL(send(fp.pfd, fp.half, fp.half_len,
				     MSG_NOSIGNAL), (ssize_t)fp.half_len);
		fp.half_len = 0;
		if (fp.mode == PEER_CLOSE && fp.n_cer > 0)
			peer_close();
	}
	if (++fp.ticks >= MAX_TICKS || fp.until())
		ctl_loop_stop(loop);
}

/* Run the reactor until @until holds (or MAX_TICKS); @return it. */
static bool
run_until(bool (*until)(void))
{
	fp.until = until;
	fp.ticks = 0;
	CU_ASSERT_EQUAL(ctl_loop_run(fp.loop), 0);
	return until();
}

static void
start(enum peer_mode mode)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t sl = sizeof(sa);
	char text[1024], err[512];

	memset(&fp, 0, sizeof(fp));
	fp.pfd = -1;
	fp.mode = mode;
	fp.loop = ctl_loop_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp.loop);
	fp.lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	CU_ASSERT_FATAL(fp.lfd >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CU_ASSERT_EQUAL_FATAL(bind(fp.lfd, (struct sockaddr *)&sa,
				   sizeof(sa)), 0);
	CU_ASSERT_EQUAL_FATAL(listen(fp.lfd, 4), 0);
	CU_ASSERT_EQUAL_FATAL(getsockname(fp.lfd, (struct sockaddr *)&sa,
					  &sl), 0);
	fp.port = ntohs(sa.sin_port);
	CU_ASSERT_EQUAL_FATAL(ctl_loop_fd_add(fp.loop, fp.lfd, EPOLLIN,
					      peer_accept, NULL), 0);
	fp.tick = ctl_loop_timer_add(fp.loop, TICK_MS, TICK_MS, tick, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp.tick);
	snprintf(text, sizeof(text),
		 "context dia\n"
		 " diameter endpoint gx\n"
		 "  origin realm test\n"
		 "  origin host gw.test address 127.0.0.1\n"
		 "  peer peer.test realm test address 127.0.0.1 port %u\n"
		 "  watchdog-timeout 1\n"
		 " exit\nexit\n"
		 "context srp\n service-redundancy-protocol\n"
		 "  chassis-mode primary\n  bind address 192.0.2.1\n"
		 "  peer-ip-address 192.0.2.2\n"
		 "  monitor diameter context dia endpoint gx\n", fp.port);
	CU_ASSERT_EQUAL_FATAL(ctl_conf_parse(text, "t", &conf, err,
					     sizeof(err)), 0);
	/* Referenced so that the engine's object (and its constructor)
	 * is linked from the static library. */
	CU_ASSERT_EQUAL_FATAL(ctl_mon_diam_engine.kind, SRP_MON_DIAMETER);
	CU_ASSERT_EQUAL_FATAL(ctl_mon_init(&conf, fp.loop), 0);
	CU_ASSERT_EQUAL_FATAL(ctl_mon_count(), 1);
}

static void
stop(void)
{
	ctl_mon_fini();
	peer_close();
	close(fp.lfd);
	ctl_loop_timer_del(fp.tick);
	ctl_loop_free(fp.loop);
}

static struct ctl_mon_target *
tg(void)
{
	return ctl_mon_target(0);
}

static bool
is_up_answered(void)
{
	return tg()->state == CTL_MON_UP && tg()->n_answered >= 3 &&
	       fp.n_dwa >= 1;
}

static bool
is_down(void)
{
	return tg()->state == CTL_MON_DOWN;
}

static bool
is_down_again(void)
{
	return tg()->state == CTL_MON_DOWN && tg()->n_down >= 2;
}

static void
test_ctl_mon_diam_up_and_answers(void)
{
	struct ctl_reply *r;
	char *argv[] = { "srp", "reset-diameter-fail" };

	start(PEER_OK);
	CU_ASSERT_TRUE(run_until(is_up_answered));
	CU_ASSERT_EQUAL(fp.n_cer, 1);
	CU_ASSERT_TRUE(fp.n_dwr >= 2);
	CU_ASSERT_TRUE(tg()->n_sent >= 3);
	CU_ASSERT_EQUAL(tg()->n_errors, 0);
	CU_ASSERT_EQUAL(tg()->n_timeouts, 0);
	CU_ASSERT_TRUE(fp.dwa_ok);
	CU_ASSERT_FALSE(ctl_mon_failed(SRP_MON_DIAMETER));
	/* The peer goes away: DOWN, then reset-diameter-fail. */
	peer_close();
	close(fp.lfd);
	ctl_loop_fd_del(fp.loop, fp.lfd);
	fp.lfd = socket(AF_INET, SOCK_STREAM, 0);	/* for stop() */
	CU_ASSERT_TRUE(run_until(is_down));
	CU_ASSERT_PTR_NOT_NULL(strstr(tg()->detail, "peer peer.test: "));
	CU_ASSERT_TRUE(ctl_mon_failed(SRP_MON_DIAMETER));
	CU_ASSERT_EQUAL(tg()->n_down, 1);
	r = ctl_reply_new(CTL_REPLY_JSON);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(ctl_api_dispatch(2, argv, r), 0);
	ctl_reply_free(r);
	CU_ASSERT_EQUAL(tg()->n_down, 0);
	CU_ASSERT_EQUAL(tg()->n_errors, 0);
	CU_ASSERT_EQUAL(tg()->n_timeouts, 0);
	stop();
}

static void
test_ctl_mon_diam_silent_peer_times_out(void)
{
	start(PEER_SILENT_DW);
	CU_ASSERT_TRUE(run_until(is_down));
	CU_ASSERT_EQUAL(fp.n_cer, 1);
	CU_ASSERT_TRUE(tg()->n_timeouts >= 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(tg()->detail, "no DWA"));
	/* It reconnects after the back-off and fails the same way. */
	CU_ASSERT_TRUE(run_until(is_down_again));
	CU_ASSERT_TRUE(fp.n_cer >= 2);
	stop();
}

static void
test_ctl_mon_diam_bad_cea(void)
{
	start(PEER_BAD_CEA);
	CU_ASSERT_TRUE(run_until(is_down));
	CU_ASSERT_EQUAL(tg()->n_errors, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(tg()->detail, "CEA refused"));
	CU_ASSERT_PTR_NOT_NULL(strstr(tg()->detail, "5010"));
	stop();
}

static void
test_ctl_mon_diam_other_host(void)
{
	start(PEER_OTHER_HOST);
	CU_ASSERT_TRUE(run_until(is_down));
	CU_ASSERT_EQUAL(tg()->n_errors, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(tg()->detail, "other.test"));
	stop();
}

static void
test_ctl_mon_diam_peer_closes(void)
{
	start(PEER_CLOSE);
	CU_ASSERT_TRUE(run_until(is_down));
	CU_ASSERT_PTR_NOT_NULL(strstr(tg()->detail, "closed by the peer"));
	stop();
}

static CU_TestInfo diam_tests[] = {
	{ "up_and_answers", test_ctl_mon_diam_up_and_answers },
	{ "silent_peer_times_out", test_ctl_mon_diam_silent_peer_times_out },
	{ "bad_cea", test_ctl_mon_diam_bad_cea },
	{ "other_host", test_ctl_mon_diam_other_host },
	{ "peer_closes", test_ctl_mon_diam_peer_closes },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "ctl_mon_diam", NULL, NULL, NULL, NULL, diam_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
