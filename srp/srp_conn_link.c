/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP link: the established connection (install, close, fail) and the
 * surviving-connection rule applied to each connection that completes,
 * accepted or connected (docs/srp-protocol.md section 11). Sockets,
 * connecting and the public entry points are in srp_conn.c.
 * Context: control.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "srp_conn_int.h"

/* ---- descriptors ---- */

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

/* ---- the link ---- */

/* Close the established link; sends REFUSE(@reason) first if non-zero. */
void
srp_conn_i_link_close(struct srp_conn *c, uint16_t reason,
		      const char *text, bool linger)
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
	srp_conn_i_link_close(c, reason, text, true);
	srp_conn_i_schedule_retry(c);
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
		srp_conn_i_schedule_retry(c);
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
void
srp_conn_i_candidate(struct srp_conn *c, int fd, bool outbound)
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
			if (srp_conn_i_connect_result(out) != 0) {
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
	srp_conn_i_link_close(c, SRP_REFUSE_DUP_CONN, "other connection kept",
			      true);
	if (link_install(c, fd, outbound) < 0) {
		srp_conn_i_schedule_retry(c);
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
		srp_conn_i_link_close(c, SRP_REFUSE_DUP_CONN,
				      "other connection kept", true);
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
		srp_conn_i_set_nodelay(fd);
		srp_conn_i_candidate(c, fd, false);
	}
}

