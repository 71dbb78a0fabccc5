/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Diameter monitor's engine: per configured peer a non-blocking TCP
 * connection on the control reactor, CER/CEA, then a DWR every watchdog
 * interval Tw (RFC 6733 section 5.5, RFC 3539); UP on a CEA or DWA with
 * DIAMETER_SUCCESS, DOWN when the connection fails or closes or a DWA is
 * missing after Tw; reconnects with a doubling back-off. Answers the
 * peer's DWR and DPR. Runs in both roles. TCP only (no SCTP here).
 * Also "srp reset-diameter-fail". Context: control.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "conf/ctl_conf.h"
#include "core/ctl_api.h"
#include "core/ctl_log.h"
#include "core/ctl_loop.h"
#include "core/ctl_reply.h"
#include "ctl_mon.h"
#include "ctl_mon_diam.h"
#include "mon_diam.h"

#define DIAM_CMD_DP		282	/* Disconnect-Peer (RFC 6733 5.4) */
#define DIAM_BACKOFF_MIN_MS	1000
#define DIAM_BACKOFF_MAX_MS	30000	/* Tc, RFC 6733 section 2.1 */
#define DIAM_TX_CAP		(4 * MON_DIAM_MSG_MAX)
#define DIAM_PRODUCT		"srpgw"

enum diam_cs {
	DIAM_CS_IDLE = 0,	/* waiting to (re)connect */
	DIAM_CS_CONNECTING,	/* connect() in progress */
	DIAM_CS_WAIT_CEA,	/* CER sent */
	DIAM_CS_OPEN,		/* CEA received: watchdog running */
};

/* One transport connection to one peer of one endpoint, shared by the
 * targets that name it (an endpoint line and a peer line). */
struct diam_conn {
	int			fd;
	enum diam_cs		st;
	enum ctl_mon_state	verdict;	/* UNKNOWN, UP or DOWN */
	bool			dwr_pending;
	uint32_t		events;		/* epoll events watched */
	uint32_t		hbh;		/* of the outstanding request */
	uint32_t		tw_ms;		/* watchdog interval */
	uint32_t		backoff_ms;
	uint64_t		targets;	/* bit i: target i uses it */
	struct ctl_timer	*timer;
	struct srp_addr		src;		/* origin host address */
	struct srp_addr		dst;
	uint16_t		port;
	char			context[CTL_NAME_LEN];
	char			endpoint[CTL_NAME_LEN];
	char			peer[CTL_NAME_LEN];	/* peer's identity */
	char			host[CTL_DIAM_ID_LEN];	/* our Origin-Host */
	char			realm[CTL_DIAM_ID_LEN];	/* our Origin-Realm */
	char			detail[96];
	size_t			rx_len;
	size_t			tx_len;
	uint8_t			rx[MON_DIAM_MSG_MAX];
	uint8_t			tx[DIAM_TX_CAP];
};

_Static_assert(SRP_CONF_MAX_MONITORS <= 64, "targets bitmask");

static struct {
	struct ctl_loop		*loop;
	struct diam_conn	*conns;
	unsigned int		n_conns;
	uint32_t		next_id;	/* hop-by-hop and end-to-end */
	uint32_t		state_id;	/* Origin-State-Id */
} dm;

static void conn_timer(struct ctl_loop *loop, struct ctl_timer *t, void *arg);
static void conn_fd(struct ctl_loop *loop, int fd, uint32_t events,
		    void *arg);

/* ---------------------------------------------------------------------
 * Verdicts and counters
 */

enum diam_ctr { CTR_SENT, CTR_ANSWERED, CTR_TIMEOUT, CTR_ERROR };

static void
conn_count(const struct diam_conn *c, enum diam_ctr k)
{
	unsigned int i;

	for (i = 0; i < ctl_mon_count(); i++) {
		struct ctl_mon_target *t = ctl_mon_target(i);

		if (!(c->targets & (UINT64_C(1) << i)))
			continue;
		if (k == CTR_SENT)
			t->n_sent++;
		else if (k == CTR_ANSWERED)
			t->n_answered++;
		else if (k == CTR_TIMEOUT)
			t->n_timeouts++;
		else
			t->n_errors++;
	}
}

/* A target is UP when one of its peers is, DOWN when all of them are. */
static void
targets_eval(const struct diam_conn *changed)
{
	unsigned int i, k;

	for (i = 0; i < ctl_mon_count(); i++) {
		unsigned int n = 0, n_up = 0, n_down = 0;
		enum ctl_mon_state st;

		if (!(changed->targets & (UINT64_C(1) << i)))
			continue;
		for (k = 0; k < dm.n_conns; k++) {
			if (!(dm.conns[k].targets & (UINT64_C(1) << i)))
				continue;
			n++;
			n_up += dm.conns[k].verdict == CTL_MON_UP;
			n_down += dm.conns[k].verdict == CTL_MON_DOWN;
		}
		if (n_up > 0)
			st = CTL_MON_UP;
		else if (n_down == n)
			st = CTL_MON_DOWN;
		else
			continue;
		ctl_mon_report(i, st, changed->detail);
	}
}

static void
conn_verdict(struct diam_conn *c, enum ctl_mon_state st, const char *fmt,
	     ...) __attribute__((format(printf, 3, 4)));

static void
conn_verdict(struct diam_conn *c, enum ctl_mon_state st, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(c->detail, sizeof(c->detail), "peer %s: ", c->peer);
	if (n < 0 || (size_t)n >= sizeof(c->detail))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(c->detail + n, sizeof(c->detail) - (size_t)n, fmt, ap);
	va_end(ap);
	c->verdict = st;
	targets_eval(c);
}

/* ---------------------------------------------------------------------
 * Transport
 */

static void
conn_arm(struct diam_conn *c, uint64_t ms)
{
	if (c->timer == NULL) {
		c->timer = ctl_loop_timer_add(dm.loop, ms, 0, conn_timer, c);
		if (c->timer == NULL)
			CTL_LOG(ERR, "monitor diameter: timer: %s",
				strerror(errno));
		return;
	}
	if (ctl_loop_timer_set(c->timer, ms, 0) < 0)
		CTL_LOG(ERR, "monitor diameter: timer_set failed");
}

static void
conn_events(struct diam_conn *c, uint32_t ev)
{
	if (c->fd < 0 || c->events == ev)
		return;
	if (ctl_loop_fd_mod(dm.loop, c->fd, ev) == 0)
		c->events = ev;
}

static void
conn_close(struct diam_conn *c)
{
	if (c->fd >= 0) {
		ctl_loop_fd_del(dm.loop, c->fd);
		close(c->fd);
	}
	c->fd = -1;
	c->events = 0;
	c->rx_len = 0;
	c->tx_len = 0;
	c->dwr_pending = false;
	c->st = DIAM_CS_IDLE;
}

/* Close, report DOWN with the reason, reconnect after the back-off. */
static void
conn_fail(struct diam_conn *c, const char *why)
{
	conn_close(c);
	conn_verdict(c, CTL_MON_DOWN, "%s", why);
	conn_arm(c, c->backoff_ms);
	c->backoff_ms *= 2;
	if (c->backoff_ms > DIAM_BACKOFF_MAX_MS)
		c->backoff_ms = DIAM_BACKOFF_MAX_MS;
}

/* Write what is buffered; watch EPOLLOUT while some is left.
 * @return 0, or -1 after conn_fail() */
static int
conn_flush(struct diam_conn *c)
{
	char why[80];
	ssize_t n;

	while (c->tx_len > 0) {
		n = send(c->fd, c->tx, c->tx_len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			snprintf(why, sizeof(why), "send: %s",
				 n < 0 ? strerror(errno) : "nothing written");
			conn_fail(c, why);
			return -1;
		}
		memmove(c->tx, c->tx + n, c->tx_len - (size_t)n);
		c->tx_len -= (size_t)n;
	}
	conn_events(c, EPOLLIN | (c->tx_len > 0 ? EPOLLOUT : 0));
	return 0;
}

/* Fill the AVPs every message of ours carries. */
static void
msg_init(const struct diam_conn *c, struct mon_diam_msg *m, uint32_t cmd,
	 uint8_t flags, uint32_t hbh, uint32_t e2e)
{
	memset(m, 0, sizeof(*m));
	m->cmd = cmd;
	m->flags = flags;
	m->hbh = hbh;
	m->e2e = e2e;
	m->has = MON_DIAM_HAS_ORIGIN_HOST | MON_DIAM_HAS_ORIGIN_REALM;
	snprintf(m->origin_host, sizeof(m->origin_host), "%s", c->host);
	snprintf(m->origin_realm, sizeof(m->origin_realm), "%s", c->realm);
}

/* Encode @m at the end of the send buffer and flush.
 * @return 0, or -1 after conn_fail() */
static int
conn_send(struct diam_conn *c, const struct mon_diam_msg *m)
{
	enum mon_diam_err e;
	char why[96];
	size_t len = 0;

	e = mon_diam_encode(m, c->tx + c->tx_len, sizeof(c->tx) - c->tx_len,
			    &len);
	if (e != MON_DIAM_E_OK) {
		snprintf(why, sizeof(why), "cannot send: %s",
			 mon_diam_err_str(e));
		conn_count(c, CTR_ERROR);
		conn_fail(c, why);
		return -1;
	}
	c->tx_len += len;
	return conn_flush(c);
}

/* Our request (CER or DWR) with a fresh hop-by-hop identifier. */
static int
conn_request(struct diam_conn *c, uint32_t cmd)
{
	struct mon_diam_msg m;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);

	c->hbh = dm.next_id++;
	msg_init(c, &m, cmd, MON_DIAM_F_R, c->hbh, c->hbh);
	m.has |= MON_DIAM_HAS_ORIGIN_STATE_ID;
	m.origin_state_id = dm.state_id;
	if (cmd == MON_DIAM_CMD_CE) {
		/* Host-IP-Address: the address the connection uses. */
		if (getsockname(c->fd, (struct sockaddr *)&ss, &sl) == 0) {
			m.n_ip = 1;
			m.ip[0].family = ss.ss_family;
			if (ss.ss_family == AF_INET)
				memcpy(m.ip[0].addr, &((struct sockaddr_in *)
				       &ss)->sin_addr, 4);
			else
				memcpy(m.ip[0].addr, &((struct sockaddr_in6 *)
				       &ss)->sin6_addr, 16);
			m.has |= MON_DIAM_HAS_HOST_IP;
		}
		m.has |= MON_DIAM_HAS_VENDOR_ID | MON_DIAM_HAS_PRODUCT_NAME;
		m.vendor_id = 0;
		snprintf(m.product_name, sizeof(m.product_name), "%s",
			 DIAM_PRODUCT);
	}
	conn_count(c, CTR_SENT);
	return conn_send(c, &m);
}

static void
sockaddr_of(const struct srp_addr *a, uint16_t port,
	    struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		s4->sin_addr = a->v4;
		*len = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		s6->sin6_addr = a->v6;
		*len = sizeof(*s6);
	}
}

/* The connection is up: send the CER. */
static void
conn_connected(struct diam_conn *c)
{
	c->st = DIAM_CS_WAIT_CEA;
	if (conn_request(c, MON_DIAM_CMD_CE) < 0)
		return;
	conn_arm(c, c->tw_ms);
}

static void
conn_start(struct diam_conn *c)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	char why[96];
	int fd, ret;

	fd = socket(c->dst.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    IPPROTO_TCP);
	if (fd < 0) {
		snprintf(why, sizeof(why), "socket: %s", strerror(errno));
		conn_fail(c, why);
		return;
	}
	c->fd = fd;
	if (c->src.family == c->dst.family) {
		sockaddr_of(&c->src, 0, &ss, &sl);
		if (bind(fd, (struct sockaddr *)&ss, sl) < 0) {
			snprintf(why, sizeof(why), "bind to the origin host "
				 "address: %s", strerror(errno));
			conn_fail(c, why);
			return;
		}
	}
	sockaddr_of(&c->dst, c->port, &ss, &sl);
	ret = connect(fd, (struct sockaddr *)&ss, sl);
	if (ret < 0 && errno != EINPROGRESS) {
		snprintf(why, sizeof(why), "connect: %s", strerror(errno));
		conn_fail(c, why);
		return;
	}
	ret = ctl_loop_fd_add(dm.loop, fd, EPOLLOUT, conn_fd, c);
	if (ret < 0) {
		snprintf(why, sizeof(why), "epoll: %s", strerror(-ret));
		c->fd = -1;	/* not watched: close it here */
		close(fd);
		conn_fail(c, why);
		return;
	}
	c->events = EPOLLOUT;
	c->st = DIAM_CS_CONNECTING;
	conn_arm(c, c->tw_ms);
}

/* ---------------------------------------------------------------------
 * Messages
 */

static void
conn_answer_request(struct diam_conn *c, const struct mon_diam_msg *req)
{
	struct mon_diam_msg m;

	if (req->cmd != MON_DIAM_CMD_DW && req->cmd != DIAM_CMD_DP)
		return;		/* not the watchdog's business */
	msg_init(c, &m, req->cmd, 0, req->hbh, req->e2e);
	m.has |= MON_DIAM_HAS_RESULT_CODE;
	m.result_code = MON_DIAM_SUCCESS;
	if (req->cmd == MON_DIAM_CMD_DW) {
		m.has |= MON_DIAM_HAS_ORIGIN_STATE_ID;
		m.origin_state_id = dm.state_id;
	}
	if (conn_send(c, &m) < 0 || req->cmd != DIAM_CMD_DP)
		return;
	conn_fail(c, "peer sent Disconnect-Peer-Request");
}

static void
conn_answer(struct diam_conn *c, const struct mon_diam_msg *m)
{
	enum mon_diam_err e;
	char why[96];

	if (c->st == DIAM_CS_WAIT_CEA && m->cmd == MON_DIAM_CMD_CE) {
		e = mon_diam_check_answer(m, MON_DIAM_CMD_CE, c->hbh);
		if (e == MON_DIAM_E_OK && strcasecmp(m->origin_host,
						     c->peer) != 0) {
			snprintf(why, sizeof(why), "CEA from '%.40s', not the "
				 "configured peer", m->origin_host);
			conn_count(c, CTR_ERROR);
			conn_fail(c, why);
			return;
		}
		if (e != MON_DIAM_E_OK) {
			snprintf(why, sizeof(why), "CEA refused: %s (%u)",
				 mon_diam_err_str(e), m->result_code);
			conn_count(c, CTR_ERROR);
			conn_fail(c, why);
			return;
		}
		conn_count(c, CTR_ANSWERED);
		c->st = DIAM_CS_OPEN;
		c->backoff_ms = DIAM_BACKOFF_MIN_MS;
		conn_arm(c, c->tw_ms);
		conn_verdict(c, CTL_MON_UP, "capabilities exchanged");
		return;
	}
	if (c->st == DIAM_CS_OPEN && m->cmd == MON_DIAM_CMD_DW &&
	    c->dwr_pending) {
		e = mon_diam_check_answer(m, MON_DIAM_CMD_DW, c->hbh);
		if (e == MON_DIAM_E_OK) {
			c->dwr_pending = false;
			conn_count(c, CTR_ANSWERED);
			conn_verdict(c, CTL_MON_UP, "watchdog answered");
			return;
		}
		if (e != MON_DIAM_E_HBH) {
			snprintf(why, sizeof(why), "DWA refused: %s (%u)",
				 mon_diam_err_str(e), m->result_code);
			conn_count(c, CTR_ERROR);
			conn_fail(c, why);
			return;
		}
	}
	/* A late or unexpected answer: counted, not fatal. */
	conn_count(c, CTR_ERROR);
}

/* Split the receive buffer into messages. @return 0, -1 after conn_fail */
static int
conn_parse(struct diam_conn *c)
{
	struct mon_diam_msg m;
	enum mon_diam_err e;
	char why[96];
	size_t len;

	while (c->fd >= 0 && c->rx_len > 0) {
		e = mon_diam_frame_len(c->rx, c->rx_len, &len);
		if (e == MON_DIAM_E_SHORT)
			return 0;
		if (e == MON_DIAM_E_OK && len > c->rx_len)
			return 0;
		if (e == MON_DIAM_E_OK)
			e = mon_diam_decode(c->rx, len, &m);
		if (e == MON_DIAM_E_OK)
			e = (m.flags & MON_DIAM_F_R) ?
			    mon_diam_check_request(&m) : MON_DIAM_E_OK;
		if (e != MON_DIAM_E_OK) {
			snprintf(why, sizeof(why), "bad message: %s",
				 mon_diam_err_str(e));
			conn_count(c, CTR_ERROR);
			conn_fail(c, why);
			return -1;
		}
		memmove(c->rx, c->rx + len, c->rx_len - len);
		c->rx_len -= len;
		if (m.flags & MON_DIAM_F_R)
			conn_answer_request(c, &m);
		else
			conn_answer(c, &m);
	}
	return c->fd >= 0 ? 0 : -1;
}

static void
conn_read(struct diam_conn *c)
{
	char why[96];
	ssize_t n;

	for (;;) {
		n = recv(c->fd, c->rx + c->rx_len, sizeof(c->rx) - c->rx_len,
			 MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			snprintf(why, sizeof(why), "%s", n == 0 ?
				 "connection closed by the peer" :
				 strerror(errno));
			conn_fail(c, why);
			return;
		}
		c->rx_len += (size_t)n;
		if (conn_parse(c) < 0)
			return;
	}
}

static void
conn_fd(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	struct diam_conn *c = arg;
	char why[96];
	int err = 0;
	socklen_t sl = sizeof(err);

	(void)loop;
	if (fd != c->fd)
		return;
	if (c->st == DIAM_CS_CONNECTING) {
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &sl) < 0)
			err = errno;
		if (err != 0) {
			snprintf(why, sizeof(why), "connect: %s",
				 strerror(err));
			conn_fail(c, why);
			return;
		}
		conn_events(c, EPOLLIN);
		conn_connected(c);
		return;
	}
	if ((events & EPOLLOUT) && conn_flush(c) < 0)
		return;
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
		conn_read(c);
}

static void
conn_timer(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	struct diam_conn *c = arg;

	(void)loop;
	(void)t;
	switch (c->st) {
	case DIAM_CS_IDLE:
		conn_start(c);
		break;
	case DIAM_CS_CONNECTING:
		conn_count(c, CTR_TIMEOUT);
		conn_fail(c, "connect timed out");
		break;
	case DIAM_CS_WAIT_CEA:
		conn_count(c, CTR_TIMEOUT);
		conn_fail(c, "no CEA within the watchdog interval");
		break;
	case DIAM_CS_OPEN:
		/* RFC 3539 section 3.4.1: no answer within Tw. */
		if (c->dwr_pending) {
			conn_count(c, CTR_TIMEOUT);
			conn_fail(c, "no DWA within the watchdog interval");
			break;
		}
		if (conn_request(c, MON_DIAM_CMD_DW) < 0)
			break;
		c->dwr_pending = true;
		conn_arm(c, c->tw_ms);
		break;
	}
}

/* ---------------------------------------------------------------------
 * Configuration, life cycle, command
 */

static const struct ctl_diam_endpoint *
endpoint_find(const struct ctl_conf *conf, const char *ctx, const char *ep)
{
	unsigned int i, k;

	for (i = 0; i < conf->n_contexts; i++) {
		const struct ctl_context *cx = &conf->contexts[i];

		if (strcmp(cx->name, ctx) != 0)
			continue;
		for (k = 0; k < cx->n_diam; k++)
			if (strcmp(cx->diam[k].name, ep) == 0)
				return &cx->diam[k];
	}
	return NULL;
}

/* The connection to @pr of @e in @ctx, added when new; NULL when full. */
static struct diam_conn *
conn_get(const char *ctx, const struct ctl_diam_endpoint *e,
	 const struct ctl_diam_peer *pr, unsigned int cap)
{
	struct diam_conn *c;
	unsigned int i;

	for (i = 0; i < dm.n_conns; i++) {
		c = &dm.conns[i];
		if (strcmp(c->context, ctx) == 0 &&
		    strcmp(c->endpoint, e->name) == 0 &&
		    strcmp(c->peer, pr->name) == 0)
			return c;
	}
	if (dm.n_conns >= cap)
		return NULL;
	c = &dm.conns[dm.n_conns++];
	c->fd = -1;
	c->st = DIAM_CS_IDLE;
	c->verdict = CTL_MON_UNKNOWN;
	c->tw_ms = (uint32_t)e->watchdog_s * 1000u;
	c->backoff_ms = DIAM_BACKOFF_MIN_MS;
	c->src = e->host_addr;
	c->dst = pr->addr;
	c->port = pr->port;
	snprintf(c->context, sizeof(c->context), "%s", ctx);
	snprintf(c->endpoint, sizeof(c->endpoint), "%s", e->name);
	snprintf(c->peer, sizeof(c->peer), "%s", pr->name);
	snprintf(c->host, sizeof(c->host), "%s", e->host);
	snprintf(c->realm, sizeof(c->realm), "%s", e->realm);
	return c;
}

static int
cmd_reset_diameter_fail(struct ctl_reply *out, int argc, char **argv,
			void *arg)
{
	unsigned int i, n = 0;

	(void)argv;
	(void)arg;
	if (argc != 0) {
		ctl_reply_error(out, "srp reset-diameter-fail takes no "
				"argument");
		return -EINVAL;
	}
	for (i = 0; i < ctl_mon_count(); i++) {
		struct ctl_mon_target *t = ctl_mon_target(i);

		if (t->conf->kind != SRP_MON_DIAMETER)
			continue;
		t->n_down = 0;
		t->n_timeouts = 0;
		t->n_errors = 0;
		n++;
	}
	ctl_reply_u64(out, "targets_reset", n);
	return 0;
}

static const struct ctl_cmd diam_cmd_reset = {
	.words = "srp reset-diameter-fail",
	.args = "",
	.help = "reset the Diameter monitor failure information to 0",
	.fn = cmd_reset_diameter_fail,
};

static void diam_stop(void);

static int
diam_start(const struct ctl_conf *conf, struct ctl_loop *loop)
{
	unsigned int i, k, cap = 0;
	int ret;

	ret = ctl_api_register(&diam_cmd_reset);
	if (ret < 0 && ret != -EEXIST)
		return ret;
	/* No reactor (a test driving targets by hand): nothing to probe. */
	if (loop == NULL)
		return 0;
	for (i = 0; i < ctl_mon_count(); i++)
		if (ctl_mon_target(i)->conf->kind == SRP_MON_DIAMETER)
			cap += CTL_MAX_DIAM_PEERS;
	dm.conns = calloc(cap > 0 ? cap : 1, sizeof(dm.conns[0]));
	if (dm.conns == NULL)
		return -ENOMEM;
	dm.loop = loop;
	dm.n_conns = 0;
	dm.state_id = (uint32_t)time(NULL);
	dm.next_id = dm.state_id << 12;
	for (i = 0; i < ctl_mon_count(); i++) {
		const struct srp_monitor *m = ctl_mon_target(i)->conf;
		const struct ctl_diam_endpoint *e;

		if (m->kind != SRP_MON_DIAMETER)
			continue;
		e = endpoint_find(conf, m->context, m->endpoint);
		if (e == NULL) {
			/* The parser refuses this; a model built by code. */
			ctl_mon_report(i, CTL_MON_DOWN, "no such endpoint");
			continue;
		}
		for (k = 0; k < e->n_peers; k++) {
			struct diam_conn *c;

			if (m->peer[0] != '\0' &&
			    strcmp(m->peer, e->peers[k].name) != 0)
				continue;
			c = conn_get(m->context, e, &e->peers[k], cap);
			if (c != NULL)
				c->targets |= UINT64_C(1) << i;
		}
	}
	for (i = 0; i < dm.n_conns; i++) {
		conn_arm(&dm.conns[i], 1);
		if (dm.conns[i].timer == NULL) {
			diam_stop();
			return -ENOMEM;
		}
	}
	CTL_LOG(INFO, "monitor diameter: %u peer connection(s) (TCP)",
		dm.n_conns);
	return 0;
}

static void
diam_stop(void)
{
	unsigned int i;

	for (i = 0; i < dm.n_conns; i++) {
		conn_close(&dm.conns[i]);
		if (dm.conns[i].timer != NULL)
			ctl_loop_timer_del(dm.conns[i].timer);
	}
	free(dm.conns);
	dm.conns = NULL;
	dm.n_conns = 0;
}

struct ctl_mon_engine ctl_mon_diam_engine = {
	.kind = SRP_MON_DIAMETER,
	.name = "diameter",
	.start = diam_start,
	.stop = diam_stop,
	.role = NULL,		/* probes in both roles */
};

static void __attribute__((constructor))
diam_engine_register(void)
{
	ctl_mon_engine_register(&ctl_mon_diam_engine);
}
