/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the parts of the SRP link (srp_conn.c: sockets, connecting and the
 * entry points, srp_conn_link.c: the link and the rule, srp_conn_cand.c:
 * probation, srp_conn_rx.c: input, srp_conn_out.c: output) share; not for
 * other modules. Context: control.
 */
#ifndef SRP_CONN_INT_H
#define SRP_CONN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srp_conn.h"

/* RTE_LOG_* numbering without depending on DPDK in this pure library. */
#define LOG_ERR		4
#define LOG_WARNING	5
#define LOG_NOTICE	6
#define LOG_INFO	7
#define LOG_DEBUG	8

#define RX_BUF_LEN	(64u * 1024)	/* one recv() */
#define RX_READS_MAX	16		/* recv() calls per event */
#define ACCEPT_MAX	16		/* accept() calls per event */
#define DRAIN_MAX	(256u * 1024)	/* bytes discarded before close */
#define LOG_GAP_MS	1000		/* peer-triggered lines: 1 per s */
#define NONE_MS		UINT64_MAX	/* no deadline */
/* Largest REFUSE: header, REASON, TEXT, VERSION_RANGE, auth trailer. */
#define REFUSE_MAX	512u

/* A queued outgoing message. */
struct srp_conn_txbuf {
	struct srp_conn_txbuf	*next;
	size_t			len;	/* bytes to write (signed once begun) */
	size_t			off;	/* bytes written */
	size_t			wire_len; /* what tx_queued counted */
	uint8_t			cls;	/* enum srp_conn_class */
	uint8_t			type;	/* enum srp_msg_type */
	uint8_t			data[];	/* room for len + auth trailer */
};

/* srp_conn.c */

/** One log line through ops.log. */
void srp_conn_i_log(struct srp_conn *c, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** Rate limit (1 per LOG_GAP_MS) of lines a peer can trigger at will. */
bool srp_conn_i_log_allowed(struct srp_conn *c);

/** Text form of @a in @buf. @return @buf */
const char *srp_conn_i_addr_str(const struct srp_addr *a, char *buf,
				size_t len);

/** TCP_NODELAY on @fd, best effort. */
void srp_conn_i_set_nodelay(int fd);

/** Back off: the next connect() after the current delay, which doubles. */
void srp_conn_i_schedule_retry(struct srp_conn *c);

/**
 * Whether the connect() on @fd has completed.
 * @return 0, -EINPROGRESS, or -errno
 */
int srp_conn_i_connect_result(int fd);

/* srp_conn_link.c */

/**
 * Close the established link; sends REFUSE(@reason, @text) first if
 * non-zero, from a linger slot when @linger.
 */
void srp_conn_i_link_close(struct srp_conn *c, uint16_t reason,
			   const char *text, bool linger);

/**
 * A connection to the peer completed (@outbound: our connect()): apply the
 * surviving-connection rule; @fd becomes the link, a candidate, or closes.
 */
void srp_conn_i_candidate(struct srp_conn *c, int fd, bool outbound);

/**
 * The link is gone for @why: count, close (REFUSE(@reason) first when not
 * 0), schedule the next attempt, then call ops.down.
 */
void srp_conn_i_link_fail(struct srp_conn *c, enum srp_conn_down why,
			  uint16_t reason, const char *text);

/** Accept what waits on the listening socket (surviving-connection rule). */
void srp_conn_i_listen_on_fd(struct srp_conn *c);

/**
 * The candidate's HELLO verified: it becomes the link (the old one, if
 * any, is refused as a duplicate), then down(REPLACED), up() and msg() of
 * @hello follow. @return whether the link is still the adopted one
 */
bool srp_conn_i_link_adopt(struct srp_conn *c, const struct srp_msg *hello);

/* srp_conn_cand.c */

/** Put @fd on probation. @return false when the slot is taken or on error */
bool srp_conn_i_cand_start(struct srp_conn *c, int fd, bool outbound);

/** Events on the candidate's descriptor. */
void srp_conn_i_cand_on_fd(struct srp_conn *c, uint32_t events);

/** Close the candidate (counted as dropped when @count). */
void srp_conn_i_cand_drop(struct srp_conn *c, bool count, const char *why);

/* srp_conn_rx.c */

/** Frame and handle @len bytes read from the link. @return false when the
 * link changed (refused, replaced, stopped) while doing so */
bool srp_conn_i_link_feed(struct srp_conn *c, const uint8_t *data,
			  size_t len);

/** Events on the established link: read, then write what is queued. */
void srp_conn_i_link_on_fd(struct srp_conn *c, uint32_t events);

/* srp_conn_out.c */

/** ops.watch. @return its result */
int srp_conn_i_watch(struct srp_conn *c, int fd, uint32_t events);

/** Read and drop what is waiting so close() sends FIN rather than RST. */
void srp_conn_i_drain(int fd);

/** ops.watch(@fd, 0), then close. */
void srp_conn_i_close_fd(struct srp_conn *c, int fd);

/** Best effort, non-blocking write. @return bytes written */
size_t srp_conn_i_write_some(int fd, const uint8_t *buf, size_t len);

/**
 * Build REFUSE(@reason, @text) in @buf (REFUSE_MAX bytes), signed with
 * @auth when not NULL. @return the length, or 0 when it cannot be built
 */
size_t srp_conn_i_refuse_build(struct srp_auth *auth, uint32_t seq,
			       uint32_t ack, uint16_t reason, const char *text,
			       uint8_t *buf);

/**
 * Close @fd (watched) after writing @buf[0..len) (taken over, may be NULL):
 * at once when no linger slot is free or there is nothing to write, else
 * half-closed in a slot until the peer closes or SRP_CONN_LINGER_MS.
 */
void srp_conn_i_close_after(struct srp_conn *c, int fd, uint8_t *buf,
			    size_t len);

/** Close a linger slot now. */
void srp_conn_i_linger_free(struct srp_conn *c, struct srp_conn_linger *l);

/** Events on a linger slot's descriptor. */
void srp_conn_i_linger_on_fd(struct srp_conn *c, struct srp_conn_linger *l,
			     uint32_t events);

/** Queue our NONCE, the first message of a connection with a key. */
int srp_conn_i_nonce_send(struct srp_conn *c);

/** Drop every queued message, the one being written included. */
void srp_conn_i_txq_free(struct srp_conn *c);

/**
 * Write what the socket takes, control class first. A hard error is kept
 * in c->tx_err for the caller or the next tick. @return 0 or -errno
 */
int srp_conn_i_tx_flush(struct srp_conn *c);

#endif /* SRP_CONN_INT_H */
