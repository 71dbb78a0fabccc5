/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP link output: the two-class send queue with DSCP marking and sequence
 * numbers in wire order, REFUSE building, and closing a connection only
 * after its last bytes went out (docs/srp-protocol.md section 11.4).
 * Context: control.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "srp_conn_int.h"

/* ---- descriptors ---- */

int
srp_conn_i_watch(struct srp_conn *c, int fd, uint32_t events)
{
	return c->ops.watch(c->arg, fd, events);
}

/* Read and drop what is waiting so close() sends FIN rather than RST. */
void
srp_conn_i_drain(int fd)
{
	uint8_t tmp[4096];
	size_t total = 0;
	ssize_t n;

	while (total < DRAIN_MAX) {
		n = recv(fd, tmp, sizeof(tmp), MSG_DONTWAIT);
		if (n <= 0)
			break;
		total += (size_t)n;
	}
}

void
srp_conn_i_close_fd(struct srp_conn *c, int fd)
{
	if (fd < 0)
		return;
	srp_conn_i_watch(c, fd, 0);
	close(fd);
}

/* Best effort: write @len bytes without blocking. @return bytes written */
size_t
srp_conn_i_write_some(int fd, const uint8_t *buf, size_t len)
{
	size_t off = 0;
	ssize_t n;

	while (off < len) {
		n = send(fd, buf + off, len - off, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	return off;
}

static int
conn_set_dscp(struct srp_conn *c, int fd, int cls)
{
	int tos = c->conf.dscp[cls] << 2;

	if (c->conf.bind_addr.family == AF_INET)
		return setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof(tos));
	return setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof(tos));
}

/* ---- REFUSE encoding ---- */

static_assert(SRP_HDR_LEN + 3 * SRP_TLV_HDR_LEN + 2 + SRP_TEXT_MAX + 2 +
	      SRP_AUTH_TRAILER_LEN <= REFUSE_MAX, "REFUSE_MAX too small");

/*
 * Build REFUSE(@reason, @text) in @buf (REFUSE_MAX bytes), signed with
 * @auth when given (unbound until the peer's nonce is known).
 * @return the length, or 0 when it cannot be built
 */
size_t
srp_conn_i_refuse_build(struct srp_auth *auth, uint32_t seq, uint32_t ack,
			uint16_t reason, const char *text, uint8_t *buf)
{
	struct srp_msg m;
	size_t len, out;

	srp_msg_init(&m, SRP_MSG_REFUSE);
	m.seq = seq;
	m.ack = ack;
	m.reason = reason;
	if (text != NULL && text[0] != '\0') {
		snprintf(m.text, sizeof(m.text), "%s", text);
		m.present |= SRP_TLV_BIT(SRP_TLV_TEXT);
	}
	if (reason == SRP_REFUSE_VERSION) {
		m.ver_lo = SRP_PROTO_VERSION;
		m.ver_hi = SRP_PROTO_VERSION;
		m.present |= SRP_TLV_BIT(SRP_TLV_VERSION_RANGE);
	}
	if (srp_msg_encode(&m, buf, REFUSE_MAX - SRP_AUTH_TRAILER_LEN,
			   &len) != SRP_CODEC_OK)
		return 0;
	if (auth == NULL)
		return len;
	if (srp_auth_sign(auth, buf, len, REFUSE_MAX, &out) < 0)
		return 0;
	return out;
}

/* ---- lingering close ---- */

void
srp_conn_i_linger_free(struct srp_conn *c, struct srp_conn_linger *l)
{
	srp_conn_i_close_fd(c, l->fd);
	free(l->buf);
	memset(l, 0, sizeof(*l));
	l->fd = -1;
}

static void
linger_watch(struct srp_conn *c, struct srp_conn_linger *l)
{
	uint32_t ev = EPOLLIN | (l->off < l->len ? EPOLLOUT : 0);

	if (ev == l->events)
		return;
	if (srp_conn_i_watch(c, l->fd, ev) < 0) {
		srp_conn_i_linger_free(c, l);
		return;
	}
	l->events = ev;
}

/* Write what remains; once all is out, half-close and wait for EOF. */
static void
linger_write(struct srp_conn *c, struct srp_conn_linger *l)
{
	l->off += srp_conn_i_write_some(l->fd, l->buf + l->off, l->len - l->off);
	if (l->off == l->len)
		shutdown(l->fd, SHUT_WR);
	linger_watch(c, l);
}

/*
 * Close @fd after writing @buf[0..len) (taken over, may be NULL): right
 * now when it all goes out and no slot is free, else in a linger slot.
 */
void
srp_conn_i_close_after(struct srp_conn *c, int fd, uint8_t *buf,
		       size_t len)
{
	struct srp_conn_linger *l = NULL;
	size_t off, i;

	off = srp_conn_i_write_some(fd, buf, len);
	for (i = 0; i < SRP_CONN_LINGER_MAX; i++)
		if (c->linger[i].fd < 0) {
			l = &c->linger[i];
			break;
		}
	if (l == NULL || len == 0) {
		srp_conn_i_drain(fd);
		shutdown(fd, SHUT_WR);
		srp_conn_i_close_fd(c, fd);
		free(buf);
		return;
	}
	l->fd = fd;
	l->buf = buf;
	l->len = len;
	l->off = off;
	l->events = 0;
	l->deadline_ms = c->now_ms + SRP_CONN_LINGER_MS;
	linger_write(c, l);
}

void
srp_conn_i_linger_on_fd(struct srp_conn *c, struct srp_conn_linger *l,
			uint32_t events)
{
	uint8_t tmp[4096];
	ssize_t n;
	int i;

	if (events & EPOLLOUT)
		linger_write(c, l);
	if (l->fd < 0 || !(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		return;
	for (i = 0; i < RX_READS_MAX; i++) {
		n = recv(l->fd, tmp, sizeof(tmp), MSG_DONTWAIT);
		if (n > 0)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		/* EOF or error: the peer has seen everything. */
		srp_conn_i_linger_free(c, l);
		return;
	}
}

/* ---- send queue ---- */

void
srp_conn_i_txq_free(struct srp_conn *c)
{
	struct srp_conn_txbuf *b, *next;
	int k;

	for (k = 0; k < SRP_CONN_CLASS_MAX; k++) {
		for (b = c->txq_head[k]; b != NULL; b = next) {
			next = b->next;
			free(b);
		}
		c->txq_head[k] = NULL;
		c->txq_tail[k] = NULL;
		c->tx_queued[k] = 0;
	}
	free(c->tx_cur);
	c->tx_cur = NULL;
	free(c->hello_q);
	c->hello_q = NULL;
}

static void
link_watch(struct srp_conn *c)
{
	uint32_t ev = EPOLLIN;

	if (c->tx_cur != NULL || c->hello_q != NULL ||
	    c->txq_head[0] != NULL || c->txq_head[1] != NULL)
		ev |= EPOLLOUT;
	if (c->fd < 0 || ev == c->fd_events || c->tx_err != 0)
		return;
	if (srp_conn_i_watch(c, c->fd, ev) < 0) {
		/* Handled like a write error on the next tick. */
		c->tx_err = EIO;
		return;
	}
	c->fd_events = ev;
}

/*
 * Message that may start now (spec 11.4): our NONCE first; then the HELLO,
 * ahead of every queue, once it can be bound to the peer's nonce; the
 * queues, control first, only after the peer's HELLO was verified: an
 * unverified peer learns nothing but the handshake.
 */
static struct srp_conn_txbuf *
txq_next(struct srp_conn *c)
{
	struct srp_conn_txbuf *b = c->txq_head[SRP_CONN_CLASS_CONTROL];
	int k;

	if (b != NULL && b->type == SRP_MSG_NONCE)
		return b;
	if (c->hello_q != NULL && (!c->auth_on || c->auth.tx_bound))
		return c->hello_q;
	if (!c->peer_hello)
		return NULL;
	for (k = 0; k < SRP_CONN_CLASS_MAX; k++)
		if (c->txq_head[k] != NULL)
			return c->txq_head[k];
	return NULL;
}

/* Give the next message its seq/ack, sign it and make it current. */
static int
tx_begin(struct srp_conn *c, struct srp_conn_txbuf *b)
{
	uint32_t seq = c->tx_seq + 1;
	size_t out;
	int ret;

	if (b == c->hello_q) {
		c->hello_q = NULL;
	} else {
		c->txq_head[b->cls] = b->next;
		if (c->txq_head[b->cls] == NULL)
			c->txq_tail[b->cls] = NULL;
	}
	b->next = NULL;
	b->data[8] = (uint8_t)(seq >> 24);
	b->data[9] = (uint8_t)(seq >> 16);
	b->data[10] = (uint8_t)(seq >> 8);
	b->data[11] = (uint8_t)seq;
	b->data[12] = (uint8_t)(c->rx_seq >> 24);
	b->data[13] = (uint8_t)(c->rx_seq >> 16);
	b->data[14] = (uint8_t)(c->rx_seq >> 8);
	b->data[15] = (uint8_t)c->rx_seq;
	c->tx_seq = seq;
	if (c->auth_on) {
		ret = srp_auth_sign(&c->auth, b->data, b->len,
				    b->len + SRP_AUTH_TRAILER_LEN, &out);
		if (ret < 0) {
			c->tx_queued[b->cls] -= b->wire_len;
			free(b);
			return ret;
		}
		b->len = out;
	}
	c->tx_cur = b;
	if (c->tos_class != b->cls) {
		/* Marking is best effort: a refusal leaves the old mark. */
		if (conn_set_dscp(c, c->fd, b->cls) == 0)
			c->tos_class = b->cls;
	}
	return 0;
}

/* Write as much as the socket takes. @return 0 or -errno (hard error) */
int
srp_conn_i_tx_flush(struct srp_conn *c)
{
	struct srp_conn_txbuf *b;
	ssize_t n;
	int ret;

	if (c->fd < 0 || c->tx_err != 0)
		return -ENOTCONN;
	for (;;) {
		if (c->tx_cur == NULL) {
			b = txq_next(c);
			if (b == NULL)
				break;
			ret = tx_begin(c, b);
			if (ret < 0) {
				c->tx_err = -ret;
				return ret;
			}
		}
		b = c->tx_cur;
		n = send(c->fd, b->data + b->off, b->len - b->off,
			 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			c->tx_err = errno;
			return -errno;
		}
		b->off += (size_t)n;
		c->stats.n_bytes_tx += (uint64_t)n;
		if (b->off < b->len)
			continue;
		c->tx_queued[b->cls] -= b->wire_len;
		c->stats.n_msg_tx[b->type]++;
		free(b);
		c->tx_cur = NULL;
	}
	link_watch(c);
	return 0;
}

/* Encode @m into a new queue buffer of class @cls. @return it or NULL */
static struct srp_conn_txbuf *
txbuf_make(struct srp_conn *c, struct srp_msg *m, enum srp_conn_class cls)
{
	struct srp_conn_txbuf *b;
	size_t len, wire;
	uint32_t cap;

	m->flags = 0;
	m->seq = 0;
	m->ack = c->rx_seq;
	cap = SRP_MSG_MAX - (c->auth_on ? SRP_AUTH_TRAILER_LEN : 0);
	if (srp_msg_encode(m, c->enc_buf, cap, &len) != SRP_CODEC_OK) {
		errno = EINVAL;
		return NULL;
	}
	wire = len + (c->auth_on ? SRP_AUTH_TRAILER_LEN : 0);
	b = malloc(sizeof(*b) + wire);
	if (b == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(b->data, c->enc_buf, len);
	b->next = NULL;
	b->len = len;
	b->off = 0;
	b->wire_len = wire;
	b->cls = (uint8_t)cls;
	b->type = m->type;
	return b;
}

/* Append @b to its class queue. */
static void
txq_append(struct srp_conn *c, struct srp_conn_txbuf *b)
{
	if (c->txq_tail[b->cls] != NULL)
		c->txq_tail[b->cls]->next = b;
	else
		c->txq_head[b->cls] = b;
	c->txq_tail[b->cls] = b;
	c->tx_queued[b->cls] += b->wire_len;
}

/* The HELLO slot holds one message: a newer HELLO replaces a waiting one. */
static void
hello_put(struct srp_conn *c, struct srp_conn_txbuf *b)
{
	if (c->hello_q != NULL) {
		c->tx_queued[c->hello_q->cls] -= c->hello_q->wire_len;
		free(c->hello_q);
		c->stats.n_hello_replaced++;
	}
	c->hello_q = b;
	c->tx_queued[b->cls] += b->wire_len;
}

int
srp_conn_i_nonce_send(struct srp_conn *c)
{
	struct srp_conn_txbuf *b;
	struct srp_msg m;

	srp_msg_init(&m, SRP_MSG_NONCE);
	memcpy(m.hello.nonce, c->local_nonce, SRP_NONCE_LEN);
	b = txbuf_make(c, &m, SRP_CONN_CLASS_CONTROL);
	if (b == NULL)
		return -errno;
	/* First in the control queue: nothing was queued on this link. */
	b->next = c->txq_head[SRP_CONN_CLASS_CONTROL];
	c->txq_head[SRP_CONN_CLASS_CONTROL] = b;
	if (c->txq_tail[SRP_CONN_CLASS_CONTROL] == NULL)
		c->txq_tail[SRP_CONN_CLASS_CONTROL] = b;
	c->tx_queued[SRP_CONN_CLASS_CONTROL] += b->wire_len;
	(void)srp_conn_i_tx_flush(c);
	return 0;
}

int
srp_conn_send(struct srp_conn *c, struct srp_msg *m, enum srp_conn_class cls)
{
	struct srp_conn_txbuf *b;
	bool next;

	if (c == NULL || m == NULL || (unsigned int)cls >= SRP_CONN_CLASS_MAX)
		return -EINVAL;
	if (c->state != SRP_CONN_ST_UP || c->fd < 0 || c->tx_err != 0)
		return -ENOTCONN;
	/* Back-pressure: checkpoint transmission stops here (-ENOBUFS)
	 * until the queue drains below the mark. */
	if (cls == SRP_CONN_CLASS_SESSION &&
	    c->tx_queued[cls] >= c->conf.tx_high_water) {
		c->stats.n_tx_full++;
		return -ENOBUFS;
	}
	if (cls == SRP_CONN_CLASS_CONTROL && m->type != SRP_MSG_HELLO &&
	    c->tx_queued[cls] - (c->hello_q != NULL ? c->hello_q->wire_len :
				 0) >= SRP_CONN_TX_CONTROL_MAX) {
		c->stats.n_tx_ctl_full++;
		return -ENOBUFS;
	}
	/* Only the link itself speaks the handshake's first word. */
	if (m->type == SRP_MSG_NONCE)
		return -EINVAL;
	if (m->type == SRP_MSG_HELLO && c->auth_on) {
		memcpy(m->hello.nonce, c->local_nonce, SRP_NONCE_LEN);
		m->present |= SRP_TLV_BIT(SRP_TLV_NONCE);
	}
	b = txbuf_make(c, m, cls);
	if (b == NULL)
		return -errno;
	next = c->tx_cur == NULL && txq_next(c) == NULL;
	if (m->type == SRP_MSG_HELLO) {
		b->cls = SRP_CONN_CLASS_CONTROL;
		hello_put(c, b);
	} else {
		txq_append(c, b);
	}
	if (next && txq_next(c) == b)
		m->seq = c->tx_seq + 1;
	/* A hard error is reported by the next tick (never from here). */
	(void)srp_conn_i_tx_flush(c);
	return 0;
}

size_t
srp_conn_queued(const struct srp_conn *c, enum srp_conn_class cls)
{
	if (c == NULL || (unsigned int)cls >= SRP_CONN_CLASS_MAX)
		return 0;
	return c->tx_queued[cls];
}
