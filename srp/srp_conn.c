/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP link: listening and connecting sockets, the surviving-connection rule,
 * reconnect back-off and the public entry points (docs/srp-protocol.md
 * section 11). Receiving is in srp_conn_rx.c, sending in srp_conn_out.c.
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

static bool
conn_from_peer(const struct srp_conn *c, const struct sockaddr_storage *ss)
{
	const struct srp_addr *p = &c->conf.peer_addr;

	if (ss->ss_family != p->family)
		return false;
	if (p->family == AF_INET)
		return ((const struct sockaddr_in *)ss)->sin_addr.s_addr ==
		       p->v4.s_addr;
	return memcmp(&((const struct sockaddr_in6 *)ss)->sin6_addr, &p->v6,
		      sizeof(p->v6)) == 0;
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

static void
conn_set_nodelay(int fd)
{
	int one = 1;

	/* Only latency suffers without it: not worth failing the link. */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

/*
 * Liveness options of the link: a short unsent backlog in the kernel so
 * that a hello waits behind one message at most, and unacknowledged data
 * that ends the connection after the dead interval (a frozen peer).
 * Best effort like TCP_NODELAY: the dead timer of srp_conn_tick() remains.
 */
static void
conn_set_liveness(const struct srp_conn *c, int fd)
{
	unsigned int ut = c->conf.dead_ms;
	int lowat = (int)SRP_CONN_NOTSENT_LOWAT;

	(void)setsockopt(fd, IPPROTO_TCP, TCP_NOTSENT_LOWAT, &lowat,
			 sizeof(lowat));
	if (ut != 0)
		(void)setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &ut,
				 sizeof(ut));
}

/* ---- connecting ---- */

static void link_up(struct srp_conn *c, int fd, bool outbound);
static void conn_candidate(struct srp_conn *c, int fd, bool outbound);

static void
conn_schedule_retry(struct srp_conn *c)
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
	conn_schedule_retry(c);
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
	conn_set_nodelay(fd);
	sl = conn_sockaddr(&c->conf.peer_addr, c->conf.peer_port, &ss);
	if (connect(fd, (struct sockaddr *)&ss, sl) == 0) {
		c->out_fd = -1;
		conn_candidate(c, fd, true);
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
static int
conn_connect_result(int fd)
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
	ret = conn_connect_result(fd);
	if (ret == -EINPROGRESS)
		return;
	if (ret < 0) {
		out_fail(c, -ret);
		return;
	}
	c->out_fd = -1;
	c->connect_deadline_ms = NONE_MS;
	conn_candidate(c, fd, true);
}

/* ---- the link ---- */

/* Close the established link; sends REFUSE(@reason) first if non-zero. */
static void
link_close(struct srp_conn *c, uint16_t reason, const char *text,
	   bool linger)
{
	uint8_t *buf = NULL;
	size_t rest = 0, len = 0;
	int fd = c->fd;

	if (fd < 0)
		return;
	if (reason != 0 && c->tx_err == 0) {
		/* A partly written message must end before the REFUSE. */
		if (c->tx_cur != NULL)
			rest = c->tx_cur->len - c->tx_cur->off;
		buf = malloc(rest + REFUSE_MAX);
		if (buf != NULL) {
			if (rest > 0)
				memcpy(buf, c->tx_cur->data + c->tx_cur->off,
				       rest);
			len = srp_conn_i_refuse_build(c->auth_on ? &c->auth : NULL,
						c->tx_seq + 1, c->rx_seq,
						reason, text, buf + rest);
			if (len > 0) {
				c->stats.n_refuse_tx[reason]++;
				c->stats.n_msg_tx[SRP_MSG_REFUSE]++;
				len += rest;
			}
		}
	}
	srp_conn_i_txq_free(c);
	srp_frame_reset(&c->frame);
	if (c->auth_on)
		srp_auth_fini(&c->auth);
	c->fd = -1;
	c->fd_events = 0;
	c->tx_err = 0;
	c->link_gen++;
	c->tos_class = -1;
	if (len > 0 && linger) {
		srp_conn_i_close_after(c, fd, buf, len);
		return;
	}
	if (len > 0)
		srp_conn_i_write_some(fd, buf, len);
	free(buf);
	srp_conn_i_drain(fd);
	shutdown(fd, SHUT_WR);
	srp_conn_i_close_fd(c, fd);
}

/*
 * The link is gone for @why: count, close (REFUSE first when @reason),
 * schedule the next attempt and tell the glue. Last thing the caller does.
 */
void
srp_conn_i_link_fail(struct srp_conn *c, enum srp_conn_down why,
		     uint16_t reason, const char *text)
{
	char a[INET6_ADDRSTRLEN];

	if (c->fd < 0)
		return;
	c->stats.n_down[why]++;
	/* A link that carried valid messages worked: start over quickly.
	 * One refused at once keeps growing the back-off. */
	if (c->fd_good)
		c->backoff_ms = c->conf.backoff_min_ms;
	link_close(c, reason, text, true);
	conn_schedule_retry(c);
	srp_conn_i_log(c, why == SRP_CONN_DOWN_LOCAL ? LOG_INFO : LOG_WARNING,
		 "SRP: link to %s down (%s)%s%s",
		 srp_conn_i_addr_str(&c->conf.peer_addr, a, sizeof(a)),
		 srp_conn_down_str(why), text != NULL ? ": " : "",
		 text != NULL ? text : "");
	if (c->ops.down != NULL)
		c->ops.down(c->arg, why);
}

/* The per-connection fields of a new link on @fd: nothing sent or received
 * yet, or (@verified) the handshake done on probation. */
static void
link_set(struct srp_conn *c, int fd, bool outbound, bool verified,
	 uint32_t tx_seq, uint32_t rx_seq)
{
	c->fd = fd;
	c->fd_outbound = outbound;
	c->fd_events = 0;
	c->link_gen++;
	c->tx_seq = tx_seq;
	c->rx_seq = rx_seq;
	c->tx_err = 0;
	c->tos_class = -1;
	c->peer_hello = verified;
	c->fd_good = verified;
	c->up_since_ms = c->now_ms;
	c->rx_last_ms = c->now_ms;
	c->retry_ms = NONE_MS;
	c->connect_deadline_ms = NONE_MS;
	srp_frame_reset(&c->frame);
}

/* Make @fd the link (no callback). @return 0, or -errno (fd closed). */
static int
link_install(struct srp_conn *c, int fd, bool outbound)
{
	int ret = 0;

	link_set(c, fd, outbound, false, 0, 0);
	if (c->auth_on) {
		if (getrandom(c->local_nonce, SRP_NONCE_LEN, 0) !=
		    (ssize_t)SRP_NONCE_LEN)
			ret = -EIO;
		else
			ret = srp_auth_init(&c->auth, c->key,
					    c->conf.key_len, c->local_nonce);
	}
	if (ret == 0)
		ret = srp_conn_i_watch(c, fd, EPOLLIN);
	if (ret < 0) {
		c->fd = -1;
		c->link_gen++;
		srp_conn_i_close_fd(c, fd);
		return ret;
	}
	c->fd_events = EPOLLIN;
	c->state = SRP_CONN_ST_UP;
	c->stats.n_established++;
	conn_set_liveness(c, fd);
	/* The handshake starts with our nonce (spec section 6.2). */
	if (c->auth_on && srp_conn_i_nonce_send(c) < 0) {
		srp_conn_i_txq_free(c);
		srp_auth_fini(&c->auth);
		c->fd = -1;
		c->fd_events = 0;
		c->link_gen++;
		srp_conn_i_close_fd(c, fd);
		return -ENOMEM;
	}
	return 0;
}

static void
link_up_log(struct srp_conn *c)
{
	char a[INET6_ADDRSTRLEN];

	srp_conn_i_log(c, LOG_NOTICE, "SRP: link to %s port %u up (%s)",
		 srp_conn_i_addr_str(&c->conf.peer_addr, a, sizeof(a)),
		 c->conf.peer_port, c->fd_outbound ? "outbound" : "inbound");
}

static void
link_up(struct srp_conn *c, int fd, bool outbound)
{
	if (link_install(c, fd, outbound) < 0) {
		conn_schedule_retry(c);
		return;
	}
	link_up_log(c);
	if (c->ops.up != NULL)
		c->ops.up(c->arg);
}

/* Close a connection that lost the rule, telling the peer why. */
static void
conn_refuse_dup(struct srp_conn *c, int fd)
{
	static const char text[] = "other connection kept";
	uint8_t nonce[SRP_NONCE_LEN];
	struct srp_auth tmp;
	uint8_t *buf;
	size_t len = 0;

	c->stats.n_duplicate++;
	buf = malloc(REFUSE_MAX);
	if (buf != NULL && !c->auth_on) {
		len = srp_conn_i_refuse_build(NULL, 1, 0, SRP_REFUSE_DUP_CONN, text,
					buf);
	} else if (buf != NULL &&
		   getrandom(nonce, sizeof(nonce), 0) == (ssize_t)sizeof(nonce) &&
		   srp_auth_init(&tmp, c->key, c->conf.key_len, nonce) == 0) {
		/* A fresh state: the REFUSE goes out unbound, seq 1. */
		len = srp_conn_i_refuse_build(&tmp, 1, 0, SRP_REFUSE_DUP_CONN, text,
					buf);
		srp_auth_fini(&tmp);
	}
	if (len > 0) {
		c->stats.n_refuse_tx[SRP_REFUSE_DUP_CONN]++;
		c->stats.n_msg_tx[SRP_MSG_REFUSE]++;
	}
	if (srp_conn_i_watch(c, fd, EPOLLIN) < 0) {
		free(buf);
		close(fd);
		return;
	}
	srp_conn_i_close_after(c, fd, buf, len);
}

/*
 * A connection to the peer completed (@outbound: our connect()). Apply the
 * surviving-connection rule (docs/srp-protocol.md "Connection").
 */
static void
conn_candidate(struct srp_conn *c, int fd, bool outbound)
{
	int out = c->out_fd;
	uint32_t gen;
	bool replace;

	/* Only a verified connection may stand for the peer: a newcomer
	 * (perhaps anyone who can use the peer's address) never disturbs a
	 * link whose peer proved itself. With a key it may prove itself on
	 * probation and then replace the link (a restarted peer whose old
	 * connection we still hold); without one, or when the probation
	 * slot is taken, it is refused. */
	if (c->fd >= 0 && c->peer_hello) {
		if (srp_conn_i_cand_start(c, fd, outbound))
			return;
		c->stats.n_guarded++;
		if (srp_conn_i_log_allowed(c))
			srp_conn_i_log(c, LOG_WARNING,
				       "SRP: %s connection refused: the link is verified",
				       outbound ? "outbound" : "inbound");
		conn_refuse_dup(c, fd);
		return;
	}
	if (c->fd < 0) {
		if (!outbound && out >= 0) {
			c->out_fd = -1;
			c->connect_deadline_ms = NONE_MS;
			if (conn_connect_result(out) != 0) {
				/* Not established: no peer can hold it yet. */
				srp_conn_i_close_fd(c, out);
			} else if (c->local_wins_tie) {
				conn_refuse_dup(c, fd);
				fd = out;
				outbound = true;
			} else {
				conn_refuse_dup(c, out);
			}
		}
		link_up(c, fd, outbound);
		return;
	}
	/* Same initiator twice: it gave up the old one. Else the rule. */
	if (outbound == c->fd_outbound)
		replace = true;
	else
		replace = outbound == c->local_wins_tie;
	if (!replace) {
		srp_conn_i_log(c, LOG_INFO, "SRP: duplicate %s connection refused",
			 outbound ? "outbound" : "inbound");
		conn_refuse_dup(c, fd);
		return;
	}
	srp_conn_i_log(c, LOG_INFO, "SRP: %s connection replaces the link",
		 outbound ? "outbound" : "inbound");
	c->stats.n_duplicate++;
	c->stats.n_down[SRP_CONN_DOWN_REPLACED]++;
	link_close(c, SRP_REFUSE_DUP_CONN, "other connection kept", true);
	if (link_install(c, fd, outbound) < 0) {
		conn_schedule_retry(c);
		if (c->ops.down != NULL)
			c->ops.down(c->arg, SRP_CONN_DOWN_REPLACED);
		return;
	}
	link_up_log(c);
	/* The new link is in place before down(): a callback that stops
	 * or refuses acts on it, and up() is skipped when it did. */
	gen = c->link_gen;
	if (c->ops.down != NULL)
		c->ops.down(c->arg, SRP_CONN_DOWN_REPLACED);
	if (c->link_gen == gen && c->ops.up != NULL)
		c->ops.up(c->arg);
}

bool
srp_conn_i_link_adopt(struct srp_conn *c, const struct srp_msg *hello)
{
	struct srp_conn_cand *k = &c->cand;
	bool had = c->fd >= 0;
	int fd = k->fd;
	uint32_t gen;

	if (had) {
		c->stats.n_duplicate++;
		c->stats.n_down[SRP_CONN_DOWN_REPLACED]++;
		link_close(c, SRP_REFUSE_DUP_CONN, "other connection kept", true);
	}
	/* The candidate's state becomes the link's: its NONCE was seq 1. */
	link_set(c, fd, k->outbound, true, 1, hello->seq);
	memcpy(c->local_nonce, k->nonce, SRP_NONCE_LEN);
	c->auth = k->auth;
	srp_auth_fini(&k->auth);
	srp_frame_reset(&k->frame);
	k->fd = -1;
	k->events = 0;
	c->state = SRP_CONN_ST_UP;
	c->stats.n_established++;
	c->stats.n_verified++;
	c->stats.n_cand_promoted++;
	conn_set_liveness(c, fd);
	if (srp_conn_i_watch(c, fd, EPOLLIN) == 0)
		c->fd_events = EPOLLIN;
	else
		c->tx_err = EIO;
	link_up_log(c);
	gen = c->link_gen;
	if (had && c->ops.down != NULL)
		c->ops.down(c->arg, SRP_CONN_DOWN_REPLACED);
	if (c->link_gen == gen && c->ops.up != NULL)
		c->ops.up(c->arg);
	if (c->link_gen == gen)
		c->ops.msg(c->arg, hello);
	return c->link_gen == gen;
}

void
srp_conn_i_listen_on_fd(struct srp_conn *c)
{
	struct sockaddr_storage ss;
	char a[INET6_ADDRSTRLEN];
	struct srp_addr sa;
	socklen_t sl;
	int i, fd;

	for (i = 0; i < ACCEPT_MAX && c->listen_fd >= 0; i++) {
		sl = sizeof(ss);
		fd = accept4(c->listen_fd, (struct sockaddr *)&ss, &sl,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			/* EAGAIN, or EMFILE and the like: next event. */
			return;
		}
		if (!conn_from_peer(c, &ss)) {
			c->stats.n_accept_stray++;
			close(fd);
			if (srp_conn_i_log_allowed(c)) {
				memset(&sa, 0, sizeof(sa));
				sa.family = ss.ss_family;
				if (sa.family == AF_INET)
					sa.v4 = ((struct sockaddr_in *)&ss)->sin_addr;
				else
					sa.v6 = ((struct sockaddr_in6 *)&ss)->sin6_addr;
				srp_conn_i_log(c, LOG_WARNING,
					 "SRP: connection from %s closed: not the peer",
					 srp_conn_i_addr_str(&sa, a, sizeof(a)));
			}
			continue;
		}
		c->stats.n_accept++;
		conn_set_nodelay(fd);
		conn_candidate(c, fd, false);
	}
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
		link_close(c, SRP_REFUSE_SHUTDOWN, "shutdown", false);
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

