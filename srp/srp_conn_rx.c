/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP link input: reads the established connection, frames, verifies and
 * decodes each message, refuses bad input with its reason and delivers the
 * rest to the glue (docs/srp-protocol.md section 11.3). Context: control.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "srp_conn_int.h"

/* Refuse and drop the link because of what the peer sent. */
static void
rx_refuse(struct srp_conn *c, uint16_t reason, const char *text)
{
	srp_conn_i_link_fail(c, SRP_CONN_DOWN_PROTOCOL, reason, text);
}

static void
rx_auth_fail(struct srp_conn *c, enum srp_auth_err err, const char *why)
{
	char a[INET6_ADDRSTRLEN];

	c->stats.n_auth_fail[err]++;
	if (srp_conn_i_log_allowed(c))
		srp_conn_i_log(c, LOG_WARNING,
			 "SRP: authentication failure from %s: %s",
			 srp_conn_i_addr_str(&c->conf.peer_addr, a, sizeof(a)),
			 why != NULL ? why : srp_auth_err_str(err));
	rx_refuse(c, SRP_REFUSE_AUTH, why != NULL ? why :
		  srp_auth_err_str(err));
}

/* The peer refused us (@err: why its signature did not check, or OK). */
static void
rx_refused(struct srp_conn *c, const struct srp_msg *m, enum srp_auth_err err)
{
	uint32_t gen = c->link_gen;
	char a[INET6_ADDRSTRLEN];
	bool verified = c->peer_hello && err == SRP_AUTH_OK;

	c->stats.n_refuse_rx[m->reason]++;
	/* From a peer not yet verified a REFUSE only ends this connection,
	 * which no verified link depends on (srp_conn_link.c,
	 * srp_conn_i_candidate). */
	if (!verified)
		c->stats.n_refuse_unverified++;
	if (verified || srp_conn_i_log_allowed(c))
		srp_conn_i_log(c, LOG_WARNING, "SRP: peer %s refused the link: %s%s%s%s%s",
			 srp_conn_i_addr_str(&c->conf.peer_addr, a, sizeof(a)),
			 srp_refuse_reason_str(m->reason), m->text[0] ? " (" : "",
			 m->text, m->text[0] ? ")" : "",
			 err != SRP_AUTH_OK ? " [not authenticated]" :
			 verified ? "" : " [peer not verified]");
	/* The link ends either way: what waits may take its place. */
	c->peer_hello = false;
	/* Its preferred connection may already wait in our accept queue:
	 * take it (replacing this link) rather than going down. */
	if (m->reason == SRP_REFUSE_DUP_CONN && c->listen_fd >= 0) {
		srp_conn_i_listen_on_fd(c);
		if (c->link_gen != gen)
			return;
	}
	srp_conn_i_link_fail(c, SRP_CONN_DOWN_REFUSED, 0, NULL);
}

/*
 * An unverifiable message: a REFUSE still ends a connection whose peer is
 * not verified yet (a peer with another key says why it leaves), without
 * an answer. On a verified link it is an authentication failure.
 */
static bool
rx_unverified_refuse(struct srp_conn *c, const uint8_t *buf, size_t len,
		     enum srp_auth_err err)
{
	struct srp_msg m;

	if (c->peer_hello || len < 2 || buf[1] != SRP_MSG_REFUSE ||
	    srp_msg_decode(buf, len, &m) != SRP_CODEC_OK)
		return false;
	c->stats.n_msg_rx[SRP_MSG_REFUSE]++;
	rx_refused(c, &m, err);
	return true;
}

/*
 * The peer's NONCE (handshake, spec 6.2): our HELLO and everything after
 * are bound to it. Never delivered to the glue.
 */
static void
rx_nonce(struct srp_conn *c, const struct srp_msg *m)
{
	if (!c->auth_on) {
		/* Without a key the peer signed nothing: it cannot come here
		 * signed, and unsigned it has no purpose. */
		rx_refuse(c, SRP_REFUSE_PROTOCOL, "NONCE without a key");
		return;
	}
	if (srp_auth_set_peer_nonce(&c->auth, m->hello.nonce) < 0) {
		rx_auth_fail(c, SRP_AUTH_E_FORMAT,
			     "NONCE changed within the connection");
		return;
	}
	/* Our HELLO may be signed now. */
	(void)srp_conn_i_tx_flush(c);
}

/* One whole message from the frame layer. */
static void
rx_message(struct srp_conn *c, const uint8_t *buf, size_t len)
{
	enum srp_codec_err cerr;
	enum srp_auth_err aerr;
	char text[SRP_TEXT_MAX + 1];
	struct srp_msg m;
	int ret;

	if (c->auth_on) {
		aerr = srp_auth_verify(&c->auth, buf, len);
		if (aerr != SRP_AUTH_OK) {
			if (!rx_unverified_refuse(c, buf, len, aerr))
				rx_auth_fail(c, aerr, NULL);
			return;
		}
	} else if (len >= 4 && (buf[3] & SRP_F_AUTH)) {
		/* A trailer while we have no key (spec 4.2 reason 2). */
		if (!rx_unverified_refuse(c, buf, len, SRP_AUTH_E_FORMAT))
			rx_auth_fail(c, SRP_AUTH_E_FORMAT,
				     "signed message but no key configured");
		return;
	}
	cerr = srp_msg_decode(buf, len, &m);
	if (cerr != SRP_CODEC_OK) {
		c->stats.n_decode_err[cerr]++;
		snprintf(text, sizeof(text), "%s message: %s",
			 srp_msg_type_name(m.type), srp_codec_err_str(cerr));
		if (srp_conn_i_log_allowed(c))
			srp_conn_i_log(c, LOG_WARNING, "SRP: refusing peer: %s", text);
		rx_refuse(c, SRP_REFUSE_PROTOCOL, text);
		return;
	}
	c->stats.n_msg_rx[m.type]++;
	c->rx_last_ms = c->now_ms;
	if (m.type == SRP_MSG_REFUSE) {
		rx_refused(c, &m, SRP_AUTH_OK);
		return;
	}
	/* Without a key nobody else checks the order (spec 2.2). */
	if (!c->auth_on && m.seq <= c->rx_seq) {
		snprintf(text, sizeof(text), "seq %u not above %u", m.seq,
			 c->rx_seq);
		if (srp_conn_i_log_allowed(c))
			srp_conn_i_log(c, LOG_WARNING, "SRP: refusing peer: %s", text);
		rx_refuse(c, SRP_REFUSE_PROTOCOL, text);
		return;
	}
	c->rx_seq = m.seq;
	if (m.type == SRP_MSG_NONCE) {
		rx_nonce(c, &m);
		return;
	}
	if (!c->peer_hello && m.type != SRP_MSG_HELLO) {
		snprintf(text, sizeof(text), "%s before HELLO",
			 srp_msg_type_name(m.type));
		if (srp_conn_i_log_allowed(c))
			srp_conn_i_log(c, LOG_WARNING, "SRP: refusing peer: %s", text);
		rx_refuse(c, SRP_REFUSE_PROTOCOL, text);
		return;
	}
	if (m.type == SRP_MSG_HELLO && c->auth_on) {
		if (!(m.present & SRP_TLV_BIT(SRP_TLV_NONCE))) {
			rx_auth_fail(c, SRP_AUTH_E_FORMAT, "HELLO without NONCE");
			return;
		}
		ret = srp_auth_set_peer_nonce(&c->auth, m.hello.nonce);
		if (ret < 0) {
			rx_auth_fail(c, SRP_AUTH_E_FORMAT,
				     "NONCE changed within the connection");
			return;
		}
	}
	if (m.type == SRP_MSG_HELLO && !c->peer_hello) {
		c->peer_hello = true;
		c->stats.n_verified++;
		/* Messages waiting for a verified peer may go now. */
		if (srp_conn_i_tx_flush(c) < 0)
			return;
	}
	c->fd_good = true;
	c->ops.msg(c->arg, &m);
}

/* The frame layer refused the stream: say why, then close. */
static void
rx_frame_error(struct srp_conn *c)
{
	enum srp_codec_err err = srp_frame_err(&c->frame);
	char text[SRP_TEXT_MAX + 1];
	uint16_t reason;

	c->stats.n_decode_err[err]++;
	switch (err) {
	case SRP_CODEC_E_VERSION:
		reason = SRP_REFUSE_VERSION;
		snprintf(text, sizeof(text), "version %u not supported",
			 srp_frame_peer_version(&c->frame));
		break;
	case SRP_CODEC_E_TOO_BIG:
		reason = SRP_REFUSE_TOO_BIG;
		snprintf(text, sizeof(text), "message above %u bytes",
			 c->conf.max_msg_len);
		break;
	default:
		reason = SRP_REFUSE_PROTOCOL;
		snprintf(text, sizeof(text), "%s", srp_codec_err_str(err));
		break;
	}
	if (srp_conn_i_log_allowed(c))
		srp_conn_i_log(c, LOG_WARNING, "SRP: refusing peer stream: %s", text);
	rx_refuse(c, reason, text);
}

bool
srp_conn_i_link_feed(struct srp_conn *c, const uint8_t *data, size_t n)
{
	uint32_t gen = c->link_gen;
	const uint8_t *msg;
	size_t off, used, len;
	int ret;

	for (off = 0; off < n; off += used) {
		ret = srp_frame_push(&c->frame, data + off, n - off, &used);
		if (ret == -EPROTO) {
			rx_frame_error(c);
			return false;
		}
		if (ret < 0) {
			srp_conn_i_link_fail(c, SRP_CONN_DOWN_ERROR, 0,
					     "out of memory");
			return false;
		}
		if (ret == 0)
			break;
		msg = srp_frame_msg(&c->frame, &len);
		rx_message(c, msg, len);
		/* The callback may have sent, refused or stopped. */
		if (c->link_gen != gen)
			return false;
	}
	return true;
}

static void
link_read(struct srp_conn *c)
{
	ssize_t n;
	int i;

	for (i = 0; i < RX_READS_MAX; i++) {
		n = recv(c->fd, c->rx_buf, RX_BUF_LEN, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			srp_conn_i_link_fail(c, SRP_CONN_DOWN_ERROR, 0, strerror(errno));
			return;
		}
		if (n == 0) {
			srp_conn_i_link_fail(c, SRP_CONN_DOWN_CLOSED, 0, NULL);
			return;
		}
		c->stats.n_bytes_rx += (uint64_t)n;
		if (!srp_conn_i_link_feed(c, c->rx_buf, (size_t)n))
			return;
	}
}

void
srp_conn_i_link_on_fd(struct srp_conn *c, uint32_t events)
{
	uint32_t gen = c->link_gen;

	if (c->tx_err != 0) {
		srp_conn_i_link_fail(c, SRP_CONN_DOWN_ERROR, 0, strerror(c->tx_err));
		return;
	}
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP)) {
		link_read(c);
		if (c->link_gen != gen)
			return;
	}
	if (events & EPOLLOUT) {
		if (srp_conn_i_tx_flush(c) < 0)
			srp_conn_i_link_fail(c, SRP_CONN_DOWN_ERROR, 0,
				  strerror(c->tx_err));
	}
}

