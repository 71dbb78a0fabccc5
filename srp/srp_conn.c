/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP link: listening and connecting sockets, reconnect back-off and the
 * public entry points (docs/srp-protocol.md section 11). The link and the
 * surviving-connection rule are in srp_conn_link.c, receiving in
 * srp_conn_rx.c, sending in srp_conn_out.c.
 * Context: control.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "srp_conn_int.h"

static const char *const state_names[SRP_CONN_ST_MAX] = {
	[SRP_CONN_ST_IDLE] = "idle",
	[SRP_CONN_ST_BACKOFF] = "backoff",
	[SRP_CONN_ST_CONNECTING] = "connecting",
	[SRP_CONN_ST_UP] = "up",
};

static const char *const down_names[SRP_CONN_DOWN_MAX] = {
	[SRP_CONN_DOWN_CLOSED] = "closed",
	[SRP_CONN_DOWN_ERROR] = "error",
	[SRP_CONN_DOWN_REFUSED] = "refused",
	[SRP_CONN_DOWN_PROTOCOL] = "protocol",
	[SRP_CONN_DOWN_LOCAL] = "local",
	[SRP_CONN_DOWN_REPLACED] = "replaced",
	[SRP_CONN_DOWN_DEAD] = "dead",
};

const char *
srp_conn_state_str(enum srp_conn_state s)
{
	if ((unsigned int)s >= SRP_CONN_ST_MAX)
		return "?";
	return state_names[s];
}

const char *
srp_conn_down_str(enum srp_conn_down d)
{
	if ((unsigned int)d >= SRP_CONN_DOWN_MAX)
		return "?";
	return down_names[d];
}

/* ---- logging ---- */

void
srp_conn_i_log(struct srp_conn *c, int level, const char *fmt, ...)
{
	char line[320];
	va_list ap;

	if (c->ops.log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	c->ops.log(c->arg, level, line);
}

/* For what a peer (or anyone reaching the port) can trigger at will. */
bool
srp_conn_i_log_allowed(struct srp_conn *c)
{
	if (c->log_ms != 0 && c->now_ms - c->log_ms < LOG_GAP_MS) {
		c->log_dropped++;
		return false;
	}
	if (c->log_dropped > 0)
		srp_conn_i_log(c, LOG_WARNING, "SRP: %u similar lines suppressed",
			 c->log_dropped);
	c->log_ms = c->now_ms == 0 ? 1 : c->now_ms;
	c->log_dropped = 0;
	return true;
}

/* ---- addresses ---- */

static socklen_t
conn_sockaddr(const struct srp_addr *a, uint16_t port,
	      struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		s4->sin_addr = a->v4;
		return sizeof(*s4);
	}
	s6->sin6_family = AF_INET6;
	s6->sin6_port = htons(port);
	s6->sin6_addr = a->v6;
	return sizeof(*s6);
}

/*
 * The surviving-connection rule compares bind endpoints: address bytes in
 * network order, then the port. @return <0 when a < b.
 */
static int
conn_endpoint_cmp(const struct srp_addr *a, uint16_t pa,
		  const struct srp_addr *b, uint16_t pb)
{
	size_t n = a->family == AF_INET ? 4 : 16;
	const void *x = a->family == AF_INET ? (const void *)&a->v4 :
			(const void *)&a->v6;
	const void *y = b->family == AF_INET ? (const void *)&b->v4 :
			(const void *)&b->v6;
	int r = memcmp(x, y, n);

	if (r != 0)
		return r;
	return (int)pa - (int)pb;
}

const char *
srp_conn_i_addr_str(const struct srp_addr *a, char *buf, size_t len)
{
	if (inet_ntop(a->family, a->family == AF_INET ? (const void *)&a->v4 :
		      (const void *)&a->v6, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}

/* ---- descriptors ---- */

void
srp_conn_i_set_nodelay(int fd)
{
	int one = 1;

	/* Only latency suffers without it: not worth failing the link. */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

/* ---- connecting ---- */

void
srp_conn_i_schedule_retry(struct srp_conn *c)
{
	uint64_t wait = c->backoff_ms;

	/* The side whose outbound loses the rule lets the other go first. */
	if (!c->local_wins_tie)
		wait += SRP_CONN_YIELD_MS;
	c->retry_ms = c->now_ms + wait;
	c->backoff_ms = c->backoff_ms >= c->conf.backoff_max_ms / 2 ?
			c->conf.backoff_max_ms : c->backoff_ms * 2;
	c->state = SRP_CONN_ST_BACKOFF;
}

static void
out_fail(struct srp_conn *c, int err)
{
	char a[INET6_ADDRSTRLEN];

	c->stats.n_connect_fail++;
	if (c->out_fd >= 0) {
		srp_conn_i_close_fd(c, c->out_fd);
		c->out_fd = -1;
	}
	c->connect_deadline_ms = NONE_MS;
	srp_conn_i_schedule_retry(c);
	srp_conn_i_log(c, LOG_DEBUG, "SRP: connect to %s port %u: %s, retry in %llu ms",
		 srp_conn_i_addr_str(&c->conf.peer_addr, a, sizeof(a)),
		 c->conf.peer_port, strerror(err),
		 (unsigned long long)(c->retry_ms - c->now_ms));
}

static void
conn_try_connect(struct srp_conn *c)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, err;

	c->retry_ms = NONE_MS;
	c->stats.n_connect++;
	fd = socket(c->conf.bind_addr.family,
		    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		out_fail(c, errno);
		return;
	}
	/* Source address: the bind address, any port. */
	sl = conn_sockaddr(&c->conf.bind_addr, 0, &ss);
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0)
		goto fail;
	srp_conn_i_set_nodelay(fd);
	sl = conn_sockaddr(&c->conf.peer_addr, c->conf.peer_port, &ss);
	if (connect(fd, (struct sockaddr *)&ss, sl) == 0) {
		c->out_fd = -1;
		srp_conn_i_candidate(c, fd, true);
		return;
	}
	if (errno != EINPROGRESS)
		goto fail;
	c->out_fd = fd;
	if (srp_conn_i_watch(c, fd, EPOLLOUT) < 0) {
		c->out_fd = -1;
		close(fd);
		out_fail(c, EIO);
		return;
	}
	c->connect_deadline_ms = c->now_ms + c->conf.connect_timeout_ms;
	c->state = SRP_CONN_ST_CONNECTING;
	return;
fail:
	err = errno;
	close(fd);
	out_fail(c, err);
}

/* Whether the connect() on @fd has completed (SO_ERROR 0, peer known). */
int
srp_conn_i_connect_result(int fd)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int err = 0;
	socklen_t el = sizeof(err);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0)
		return -errno;
	if (err != 0)
		return -err;
	if (getpeername(fd, (struct sockaddr *)&ss, &sl) < 0)
		return errno == ENOTCONN ? -EINPROGRESS : -errno;
	return 0;
}

static void
out_on_fd(struct srp_conn *c, uint32_t events)
{
	int fd = c->out_fd, ret;

	(void)events;
	ret = srp_conn_i_connect_result(fd);
	if (ret == -EINPROGRESS)
		return;
	if (ret < 0) {
		out_fail(c, -ret);
		return;
	}
	c->out_fd = -1;
	c->connect_deadline_ms = NONE_MS;
	srp_conn_i_candidate(c, fd, true);
}

/* ---- public ---- */

int
srp_conn_init(struct srp_conn *c, const struct srp_conn_conf *conf,
	      const struct srp_conn_ops *ops, void *arg)
{
	struct srp_conn_conf cf;
	int k;

	if (c == NULL || conf == NULL || ops == NULL || ops->watch == NULL ||
	    ops->msg == NULL)
		return -EINVAL;
	cf = *conf;
	if ((cf.bind_addr.family != AF_INET &&
	     cf.bind_addr.family != AF_INET6) ||
	    cf.peer_addr.family != cf.bind_addr.family)
		return -EINVAL;
	if (cf.key != NULL &&
	    (cf.key_len == 0 || cf.key_len > SRP_AUTH_KEY_MAX))
		return -EINVAL;
	if (cf.max_msg_len == 0)
		cf.max_msg_len = SRP_MSG_MAX;
	if (cf.max_msg_len < SRP_HDR_LEN || cf.max_msg_len > SRP_MSG_MAX)
		return -EINVAL;
	for (k = 0; k < SRP_CONN_CLASS_MAX; k++)
		if (cf.dscp[k] > 63)
			return -EINVAL;
	if (cf.bind_port == 0)
		cf.bind_port = SRP_PORT_DEFAULT;
	if (cf.peer_port == 0)
		cf.peer_port = SRP_PORT_DEFAULT;
	if (cf.backoff_min_ms == 0)
		cf.backoff_min_ms = SRP_CONN_BACKOFF_MIN_MS;
	if (cf.backoff_max_ms == 0)
		cf.backoff_max_ms = SRP_CONN_BACKOFF_MAX_MS;
	if (cf.backoff_max_ms < cf.backoff_min_ms)
		cf.backoff_max_ms = cf.backoff_min_ms;
	if (cf.connect_timeout_ms == 0)
		cf.connect_timeout_ms = SRP_CONN_CONNECT_TIMEOUT_MS;
	if (cf.tx_high_water == 0)
		cf.tx_high_water = SRP_CONN_TX_HIGH_WATER;
	/* Talking to oneself would make the rule undecidable. */
	if (conn_endpoint_cmp(&cf.bind_addr, cf.bind_port, &cf.peer_addr,
			      cf.peer_port) == 0)
		return -EINVAL;

	memset(c, 0, sizeof(*c));
	c->listen_fd = -1;
	c->out_fd = -1;
	c->fd = -1;
	c->tos_class = -1;
	c->retry_ms = NONE_MS;
	c->connect_deadline_ms = NONE_MS;
	for (k = 0; k < (int)SRP_CONN_LINGER_MAX; k++)
		c->linger[k].fd = -1;
	c->cand.fd = -1;
	if (cf.key != NULL) {
		memcpy(c->key, cf.key, cf.key_len);
		cf.key = c->key;
		c->auth_on = true;
	}
	c->conf = cf;
	c->ops = *ops;
	c->arg = arg;
	c->backoff_ms = cf.backoff_min_ms;
	c->local_wins_tie = conn_endpoint_cmp(&cf.bind_addr, cf.bind_port,
					      &cf.peer_addr,
					      cf.peer_port) < 0;
	if (srp_frame_init(&c->frame, cf.max_msg_len) < 0 ||
	    srp_frame_init(&c->cand.frame, cf.max_msg_len) < 0)
		return -EINVAL;
	c->enc_buf = malloc(SRP_MSG_MAX);
	c->rx_buf = malloc(RX_BUF_LEN);
	if (c->enc_buf == NULL || c->rx_buf == NULL) {
		free(c->enc_buf);
		free(c->rx_buf);
		c->enc_buf = NULL;
		c->rx_buf = NULL;
		memset(c->key, 0, sizeof(c->key));
		return -ENOMEM;
	}
	return 0;
}

int
srp_conn_start(struct srp_conn *c, uint64_t now_ms)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, one = 1, ret;

	if (c == NULL)
		return -EINVAL;
	if (c->started)
		return -EALREADY;
	c->now_ms = now_ms;
	fd = socket(c->conf.bind_addr.family,
		    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
		goto out_errno;
	if (c->conf.bind_addr.family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) < 0)
		goto out_errno;
	sl = conn_sockaddr(&c->conf.bind_addr, c->conf.bind_port, &ss);
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0 || listen(fd, 8) < 0)
		goto out_errno;
	ret = srp_conn_i_watch(c, fd, EPOLLIN);
	if (ret < 0) {
		close(fd);
		return ret;
	}
	c->listen_fd = fd;
	c->started = true;
	c->backoff_ms = c->conf.backoff_min_ms;
	srp_conn_i_log(c, LOG_INFO, "SRP: listening on port %u, %s the tie rule",
		 c->conf.bind_port, c->local_wins_tie ? "winning" : "losing");
	if (c->local_wins_tie) {
		conn_try_connect(c);
	} else {
		c->state = SRP_CONN_ST_BACKOFF;
		c->retry_ms = now_ms + SRP_CONN_YIELD_MS;
	}
	return 0;
out_errno:
	ret = -errno;
	close(fd);
	return ret;
}

void
srp_conn_on_fd(struct srp_conn *c, int fd, uint32_t events, uint64_t now_ms)
{
	unsigned int i;

	if (c == NULL || fd < 0)
		return;
	c->now_ms = now_ms;
	if (fd == c->fd) {
		srp_conn_i_link_on_fd(c, events);
		return;
	}
	if (fd == c->listen_fd) {
		srp_conn_i_listen_on_fd(c);
		return;
	}
	if (fd == c->out_fd) {
		out_on_fd(c, events);
		return;
	}
	if (fd == c->cand.fd) {
		srp_conn_i_cand_on_fd(c, events);
		return;
	}
	for (i = 0; i < SRP_CONN_LINGER_MAX; i++)
		if (c->linger[i].fd == fd) {
			srp_conn_i_linger_on_fd(c, &c->linger[i], events);
			return;
		}
}

void
srp_conn_tick(struct srp_conn *c, uint64_t now_ms)
{
	unsigned int i;

	if (c == NULL)
		return;
	c->now_ms = now_ms;
	for (i = 0; i < SRP_CONN_LINGER_MAX; i++)
		if (c->linger[i].fd >= 0 && now_ms >= c->linger[i].deadline_ms)
			srp_conn_i_linger_free(c, &c->linger[i]);
	if (!c->started)
		return;
	if (c->cand.fd >= 0 && now_ms >= c->cand.deadline_ms)
		srp_conn_i_cand_drop(c, true, "no verified HELLO in time");
	if (c->fd >= 0 && c->tx_err != 0) {
		srp_conn_i_link_fail(c, SRP_CONN_DOWN_ERROR, 0, strerror(c->tx_err));
		return;
	}
	if (c->fd >= 0 && c->conf.dead_ms != 0 &&
	    now_ms >= c->rx_last_ms + c->conf.dead_ms) {
		/* A frozen peer keeps TCP open for ever: give it up. */
		srp_conn_i_link_fail(c, SRP_CONN_DOWN_DEAD, 0,
				     "nothing received within the dead interval");
		return;
	}
	if (c->out_fd >= 0 && now_ms >= c->connect_deadline_ms) {
		out_fail(c, ETIMEDOUT);
		return;
	}
	if (c->fd < 0 && c->out_fd < 0 && now_ms >= c->retry_ms)
		conn_try_connect(c);
}

uint64_t
srp_conn_next_deadline(const struct srp_conn *c)
{
	uint64_t t = NONE_MS;
	unsigned int i;

	if (c == NULL)
		return NONE_MS;
	for (i = 0; i < SRP_CONN_LINGER_MAX; i++)
		if (c->linger[i].fd >= 0 && c->linger[i].deadline_ms < t)
			t = c->linger[i].deadline_ms;
	if (!c->started)
		return t;
	if (c->cand.fd >= 0 && c->cand.deadline_ms < t)
		t = c->cand.deadline_ms;
	if (c->fd >= 0 && c->tx_err != 0)
		return c->now_ms;
	if (c->fd >= 0 && c->conf.dead_ms != 0 &&
	    c->rx_last_ms + c->conf.dead_ms < t)
		t = c->rx_last_ms + c->conf.dead_ms;
	if (c->out_fd >= 0 && c->connect_deadline_ms < t)
		t = c->connect_deadline_ms;
	if (c->fd < 0 && c->out_fd < 0 && c->retry_ms < t)
		t = c->retry_ms;
	return t;
}

int
srp_conn_refuse(struct srp_conn *c, uint16_t reason, const char *text)
{
	if (c == NULL)
		return -EINVAL;
	if (c->state != SRP_CONN_ST_UP || c->fd < 0)
		return -ENOTCONN;
	if (reason == 0 || reason >= SRP_REFUSE_MAX)
		return -EINVAL;
	srp_conn_i_link_fail(c, SRP_CONN_DOWN_LOCAL, reason, text);
	return 0;
}

void
srp_conn_stop(struct srp_conn *c)
{
	bool was_up;
	unsigned int i;

	if (c == NULL)
		return;
	was_up = c->fd >= 0;
	if (was_up) {
		c->stats.n_down[SRP_CONN_DOWN_LOCAL]++;
		srp_conn_i_link_close(c, SRP_REFUSE_SHUTDOWN, "shutdown", false);
	}
	if (c->out_fd >= 0)
		srp_conn_i_close_fd(c, c->out_fd);
	if (c->listen_fd >= 0)
		srp_conn_i_close_fd(c, c->listen_fd);
	srp_conn_i_cand_drop(c, false, NULL);
	for (i = 0; i < SRP_CONN_LINGER_MAX; i++)
		if (c->linger[i].fd >= 0)
			srp_conn_i_linger_free(c, &c->linger[i]);
	c->out_fd = -1;
	c->listen_fd = -1;
	c->retry_ms = NONE_MS;
	c->connect_deadline_ms = NONE_MS;
	c->state = SRP_CONN_ST_IDLE;
	if (!c->started)
		return;
	c->started = false;
	srp_conn_i_log(c, LOG_INFO, "SRP: link stopped");
	if (was_up && c->ops.down != NULL)
		c->ops.down(c->arg, SRP_CONN_DOWN_LOCAL);
}

void
srp_conn_fini(struct srp_conn *c)
{
	if (c == NULL)
		return;
	if (c->started)
		srp_conn_stop(c);
	srp_conn_i_txq_free(c);
	srp_frame_fini(&c->frame);
	srp_frame_fini(&c->cand.frame);
	srp_auth_fini(&c->auth);
	free(c->enc_buf);
	free(c->rx_buf);
	c->enc_buf = NULL;
	c->rx_buf = NULL;
	memset(c->key, 0, sizeof(c->key));
}

bool
srp_conn_is_up(const struct srp_conn *c)
{
	return c != NULL && c->state == SRP_CONN_ST_UP && c->fd >= 0;
}

bool
srp_conn_is_verified(const struct srp_conn *c)
{
	return srp_conn_is_up(c) && c->peer_hello;
}

bool
srp_conn_auth_on(const struct srp_conn *c)
{
	return c != NULL && c->auth_on;
}

