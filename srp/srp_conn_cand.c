/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP link: the connection on probation. With a key, a connection that
 * arrives while the link is verified does not touch the link: it gets our
 * NONCE and replaces the link only once the peer's HELLO on it verifies
 * (a restarted peer whose old connection we still hold); anything else
 * closes it (docs/srp-protocol.md section 11.1). Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>

#include "srp_conn_int.h"

void
srp_conn_i_cand_drop(struct srp_conn *c, bool count, const char *why)
{
	struct srp_conn_cand *k = &c->cand;
	int fd = k->fd;

	if (fd < 0)
		return;
	k->fd = -1;
	k->events = 0;
	srp_frame_reset(&k->frame);
	srp_auth_fini(&k->auth);
	srp_conn_i_drain(fd);
	shutdown(fd, SHUT_WR);
	srp_conn_i_close_fd(c, fd);
	if (!count)
		return;
	c->stats.n_cand_dropped++;
	if (srp_conn_i_log_allowed(c))
		srp_conn_i_log(c, LOG_WARNING,
			       "SRP: connection on probation closed: %s", why);
}

static void
cand_watch(struct srp_conn *c)
{
	struct srp_conn_cand *k = &c->cand;
	uint32_t ev = EPOLLIN | (k->out_off < k->out_len ? EPOLLOUT : 0);

	if (ev == k->events)
		return;
	if (srp_conn_i_watch(c, k->fd, ev) < 0) {
		srp_conn_i_cand_drop(c, true, "cannot watch it");
		return;
	}
	k->events = ev;
}

/* Our NONCE, signed with the bare key, seq 1 of the connection. */
static int
cand_nonce_build(struct srp_conn_cand *k)
{
	struct srp_msg m;
	size_t len;

	srp_msg_init(&m, SRP_MSG_NONCE);
	memcpy(m.hello.nonce, k->nonce, SRP_NONCE_LEN);
	m.seq = 1;
	if (srp_msg_encode(&m, k->out, sizeof(k->out) - SRP_AUTH_TRAILER_LEN,
			   &len) != SRP_CODEC_OK)
		return -EINVAL;
	return srp_auth_sign(&k->auth, k->out, len, sizeof(k->out),
			     &k->out_len);
}

bool
srp_conn_i_cand_start(struct srp_conn *c, int fd, bool outbound)
{
	struct srp_conn_cand *k = &c->cand;

	if (!c->auth_on || k->fd >= 0)
		return false;
	if (getrandom(k->nonce, SRP_NONCE_LEN, 0) != (ssize_t)SRP_NONCE_LEN ||
	    srp_auth_init(&k->auth, c->key, c->conf.key_len, k->nonce) < 0)
		return false;
	k->out_off = 0;
	if (cand_nonce_build(k) < 0 || srp_conn_i_watch(c, fd, EPOLLIN) < 0) {
		srp_auth_fini(&k->auth);
		return false;
	}
	k->fd = fd;
	k->events = EPOLLIN;
	k->outbound = outbound;
	k->deadline_ms = c->now_ms + c->conf.connect_timeout_ms;
	srp_frame_reset(&k->frame);
	c->stats.n_cand++;
	c->stats.n_msg_tx[SRP_MSG_NONCE]++;
	if (srp_conn_i_log_allowed(c))
		srp_conn_i_log(c, LOG_WARNING,
			       "SRP: %s connection on probation: the link is verified",
			       outbound ? "outbound" : "inbound");
	k->out_off = srp_conn_i_write_some(fd, k->out, k->out_len);
	cand_watch(c);
	return true;
}

/*
 * One message on the candidate. @return 1 when it became the link, 0 to
 * go on, -1 when it was closed.
 */
static int
cand_msg(struct srp_conn *c, const uint8_t *buf, size_t len)
{
	struct srp_conn_cand *k = &c->cand;
	enum srp_auth_err aerr;
	struct srp_msg m;

	aerr = srp_auth_verify(&k->auth, buf, len);
	if (aerr != SRP_AUTH_OK) {
		c->stats.n_auth_fail[aerr]++;
		srp_conn_i_cand_drop(c, true, srp_auth_err_str(aerr));
		return -1;
	}
	if (srp_msg_decode(buf, len, &m) != SRP_CODEC_OK) {
		srp_conn_i_cand_drop(c, true, "malformed message");
		return -1;
	}
	c->stats.n_msg_rx[m.type]++;
	if (m.type == SRP_MSG_NONCE || m.type == SRP_MSG_HELLO) {
		if (m.type == SRP_MSG_HELLO &&
		    !(m.present & SRP_TLV_BIT(SRP_TLV_NONCE))) {
			srp_conn_i_cand_drop(c, true, "HELLO without NONCE");
			return -1;
		}
		if (srp_auth_set_peer_nonce(&k->auth, m.hello.nonce) < 0) {
			srp_conn_i_cand_drop(c, true, "NONCE changed");
			return -1;
		}
	}
	if (m.type == SRP_MSG_NONCE)
		return 0;
	if (m.type != SRP_MSG_HELLO) {
		srp_conn_i_cand_drop(c, true, "not a handshake message");
		return -1;
	}
	return srp_conn_i_link_adopt(c, &m) ? 1 : -1;
}

void
srp_conn_i_cand_on_fd(struct srp_conn *c, uint32_t events)
{
	struct srp_conn_cand *k = &c->cand;
	const uint8_t *msg;
	size_t off, used, len;
	ssize_t n;
	int i, ret;

	if ((events & EPOLLOUT) && k->out_off < k->out_len) {
		k->out_off += srp_conn_i_write_some(k->fd, k->out + k->out_off,
						    k->out_len - k->out_off);
		cand_watch(c);
		if (k->fd < 0)
			return;
	}
	for (i = 0; i < RX_READS_MAX; i++) {
		n = recv(k->fd, c->rx_buf, RX_BUF_LEN, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			srp_conn_i_cand_drop(c, true, "closed by the other end");
			return;
		}
		c->stats.n_bytes_rx += (uint64_t)n;
		for (off = 0; off < (size_t)n; off += used) {
			ret = srp_frame_push(&k->frame, c->rx_buf + off,
					     (size_t)n - off, &used);
			if (ret < 0) {
				srp_conn_i_cand_drop(c, true, "bad stream");
				return;
			}
			if (ret == 0)
				break;
			msg = srp_frame_msg(&k->frame, &len);
			ret = cand_msg(c, msg, len);
			if (ret < 0)
				return;
			if (ret > 0) {
				/* What followed the HELLO belongs to the
				 * link now. */
				off += used;
				if (off < (size_t)n)
					srp_conn_i_link_feed(c, c->rx_buf + off,
							     (size_t)n - off);
				return;
			}
		}
	}
}
