/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP link: the one TCP connection between this chassis' bind address and
 * its peer. Listens and connects at the same time, keeps a single surviving
 * connection when both directions meet (docs/srp-protocol.md section 11,
 * "Connection"), reconnects with back-off, frames, authenticates, encodes
 * and decodes messages, marks DSCP per message class and queues output
 * with control messages ahead of session data. Owns sockets but no
 * reactor: the caller watches the descriptors it is told to and forwards
 * their events, and calls srp_conn_tick() at srp_conn_next_deadline().
 * Context: control.
 */
#ifndef SRP_CONN_H
#define SRP_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srp_auth.h"
#include "srp_codec.h"
#include "srp_conf.h"
#include "srp_frame.h"

/* Defaults (srp_conn_conf fields left 0 take these). */
#define SRP_CONN_BACKOFF_MIN_MS		100u	/* first retry delay */
#define SRP_CONN_BACKOFF_MAX_MS		5000u	/* retry delay cap */
#define SRP_CONN_CONNECT_TIMEOUT_MS	3000u	/* connect() in progress */
#define SRP_CONN_TX_HIGH_WATER		(8u << 20) /* session bytes queued */
/* Control bytes queued (the HELLO slot apart): a bound, never reached by a
 * working link, so that no peer can make the queue grow without end. */
#define SRP_CONN_TX_CONTROL_MAX		(4u << 20)
/* Unsent bytes the kernel may hold (TCP_NOTSENT_LOWAT): keeps the socket
 * buffer short so that a hello waits behind one message at most. */
#define SRP_CONN_NOTSENT_LOWAT		(16u << 10)
/* Extra wait of the side whose outgoing connection loses the tie rule, so
 * that the preferred direction usually wins without a collision. */
#define SRP_CONN_YIELD_MS		300u

/* Message classes: which DSCP marks them and which queue they wait in. */
enum srp_conn_class {
	SRP_CONN_CLASS_CONTROL = 0,	/* hello, refuse, switchover: first */
	SRP_CONN_CLASS_SESSION,		/* checkpoint family */
	SRP_CONN_CLASS_MAX,
};

/* Link state as shown by show srp info. */
enum srp_conn_state {
	SRP_CONN_ST_IDLE = 0,		/* not started, or stopped */
	SRP_CONN_ST_BACKOFF,		/* waiting before the next connect */
	SRP_CONN_ST_CONNECTING,		/* connect() in progress / accept wait */
	SRP_CONN_ST_UP,			/* one established connection */
	SRP_CONN_ST_MAX,
};

/* Why the established connection went away (srp_conn_ops.down). */
enum srp_conn_down {
	SRP_CONN_DOWN_CLOSED = 0,	/* peer closed (EOF) */
	SRP_CONN_DOWN_ERROR,		/* socket error, reset */
	SRP_CONN_DOWN_REFUSED,		/* peer sent REFUSE */
	SRP_CONN_DOWN_PROTOCOL,		/* we refused: framing/decode/auth */
	SRP_CONN_DOWN_LOCAL,		/* srp_conn_refuse()/srp_conn_stop() */
	SRP_CONN_DOWN_REPLACED,		/* lost the tie rule to the other one */
	SRP_CONN_DOWN_DEAD,		/* nothing received for dead_ms */
	SRP_CONN_DOWN_MAX,
};

/* Settings, usually from struct srp_conf. */
struct srp_conn_conf {
	struct srp_addr	bind_addr;	/* local address (listen, source) */
	struct srp_addr	peer_addr;	/* peer-ip-address */
	uint16_t	bind_port;	/* 0 = SRP_PORT_DEFAULT */
	uint16_t	peer_port;	/* 0 = SRP_PORT_DEFAULT */
	uint8_t		dscp[SRP_CONN_CLASS_MAX]; /* DSCP code point per class */
	const uint8_t	*key;		/* pre-shared key, NULL = no auth */
	size_t		key_len;	/* 1..SRP_AUTH_KEY_MAX with a key */
	uint32_t	backoff_min_ms;	/* 0 = default */
	uint32_t	backoff_max_ms;	/* 0 = default */
	uint32_t	connect_timeout_ms; /* 0 = default */
	uint32_t	max_msg_len;	/* 0 = SRP_MSG_MAX */
	size_t		tx_high_water;	/* 0 = default; session class only */
	uint32_t	dead_ms;	/* silence that resets the link and
					 * TCP_USER_TIMEOUT; 0 = neither */
};

/* Counters (show srp statistics). */
struct srp_conn_stats {
	uint64_t	n_connect;	/* connect() attempts */
	uint64_t	n_connect_fail;	/* refused, timed out, unreachable */
	uint64_t	n_accept;	/* inbound connections accepted */
	uint64_t	n_accept_stray;	/* inbound from a non-peer address */
	uint64_t	n_established;	/* connections that became the link */
	uint64_t	n_verified;	/* links whose first HELLO was accepted */
	uint64_t	n_duplicate;	/* closed by the surviving-connection rule */
	uint64_t	n_guarded;	/* refused: the link is verified */
	uint64_t	n_cand;		/* put on probation (link verified) */
	uint64_t	n_cand_promoted; /* ... verified: replaced the link */
	uint64_t	n_cand_dropped;	/* ... closed unverified */
	uint64_t	n_refuse_unverified; /* REFUSEs before verification */
	uint64_t	n_hello_replaced; /* queued HELLO replaced by newer */
	uint64_t	n_down[SRP_CONN_DOWN_MAX]; /* link losses by reason */
	uint64_t	n_msg_tx[SRP_MSG_TYPE_MAX];
	uint64_t	n_msg_rx[SRP_MSG_TYPE_MAX];
	uint64_t	n_bytes_tx;
	uint64_t	n_bytes_rx;
	uint64_t	n_decode_err[SRP_CODEC_E_MAX]; /* by codec error */
	uint64_t	n_auth_fail[SRP_AUTH_E_MAX];   /* by auth error */
	uint64_t	n_refuse_tx[SRP_REFUSE_MAX];   /* by reason */
	uint64_t	n_refuse_rx[SRP_REFUSE_MAX];   /* by reason */
	uint64_t	n_tx_full;	/* session sends refused: high water */
	uint64_t	n_tx_ctl_full;	/* control sends refused: at the bound */
};

/* Callbacks into the glue. Every one is optional except watch and msg. */
struct srp_conn_ops {
	/*
	 * Watch @fd for @events (EPOLLIN, EPOLLOUT); 0 = stop watching (the
	 * fd is closed right after). Called for the listening socket and each
	 * connection. @return 0 or a negative errno (the fd is then closed).
	 */
	int	(*watch)(void *arg, int fd, uint32_t events);
	/*
	 * A TCP connection became the link: send a HELLO now. Nothing else
	 * leaves before the peer's HELLO is verified (SRP_CONN_ST_UP with
	 * peer_hello false), and only a HELLO is accepted from it before.
	 */
	void	(*up)(void *arg);
	/* The link went down (after up). */
	void	(*down)(void *arg, enum srp_conn_down why);
	/*
	 * A verified, decoded message other than REFUSE (a REFUSE is counted,
	 * logged and ends the link: down(REFUSED)). @m and its payload are
	 * valid during the call only. The callback may send, refuse or stop.
	 */
	void	(*msg)(void *arg, const struct srp_msg *m);
	/* One log line (no newline). level: RTE_LOG_* numbering (1..8). */
	void	(*log)(void *arg, int level, const char *text);
};

/* Connections closed after a REFUSE stay open this long to let it out. */
#define SRP_CONN_LINGER_MS		1000u
#define SRP_CONN_LINGER_MAX		4u

/* A queued outgoing message (private to srp_conn.c). */
struct srp_conn_txbuf;

/* A connection closing after a REFUSE: written out, then drained. */
struct srp_conn_linger {
	int			fd;		/* -1 when the slot is free */
	uint32_t		events;		/* what ops.watch was told */
	uint64_t		deadline_ms;	/* close at the latest then */
	uint8_t			*buf;		/* bytes still to write */
	size_t			len;
	size_t			off;
};

/*
 * A connection on probation (srp_conn_cand.c): with a key, one that
 * arrives while the link is verified gets our NONCE and replaces the link
 * only when the peer's HELLO on it verifies; else it is closed at its
 * deadline or at its first wrong message, the link untouched.
 */
struct srp_conn_cand {
	int			fd;		/* -1 when the slot is free */
	uint32_t		events;		/* what ops.watch was told */
	bool			outbound;	/* we initiated it */
	uint64_t		deadline_ms;	/* closed then, still unverified */
	struct srp_frame	frame;
	struct srp_auth		auth;
	uint8_t			nonce[SRP_NONCE_LEN];	/* ours on it */
	uint8_t			out[128];	/* our signed NONCE */
	size_t			out_len;
	size_t			out_off;
};

/* The link. Zeroed and filled by srp_conn_init(); members are private. */
struct srp_conn {
	enum srp_conn_state	state;
	int			listen_fd;	/* -1 when not listening */
	int			out_fd;		/* our connect() in progress */
	int			fd;		/* the established link, -1 */
	uint32_t		fd_events;	/* what ops.watch was told */
	uint32_t		link_gen;	/* bumped whenever fd changes */
	bool			started;
	bool			fd_outbound;	/* we initiated fd */
	bool			local_wins_tie;	/* our outbound is preferred */
	bool			peer_hello;	/* peer's HELLO verified */
	bool			fd_good;	/* a valid message arrived */
	int			tx_err;		/* write failed: errno, 0 none */
	uint64_t		now_ms;		/* last time given to us */
	uint64_t		retry_ms;	/* next connect, UINT64_MAX none */
	uint64_t		connect_deadline_ms; /* out_fd time-out */
	uint32_t		backoff_ms;	/* current back-off step */
	uint32_t		tx_seq;		/* last seq sent */
	uint32_t		rx_seq;		/* last seq received (our ack) */
	uint64_t		up_since_ms;
	uint64_t		rx_last_ms;	/* last whole message read */
	uint64_t		log_ms;		/* last rate-limited log line */
	uint32_t		log_dropped;	/* lines suppressed since */
	struct srp_frame	frame;
	struct srp_auth		auth;
	bool			auth_on;
	uint8_t			local_nonce[SRP_NONCE_LEN];
	/* Output: one FIFO per class, control drained first; the message
	 * being written finishes before another one starts. Seq numbers
	 * are given when a message starts, so they follow wire order. */
	struct srp_conn_txbuf	*txq_head[SRP_CONN_CLASS_MAX];
	struct srp_conn_txbuf	*txq_tail[SRP_CONN_CLASS_MAX];
	struct srp_conn_txbuf	*tx_cur;	/* partly written message */
	struct srp_conn_txbuf	*hello_q;	/* the one queued HELLO */
	int			tos_class;	/* class whose DSCP is set, -1 */
	size_t			tx_queued[SRP_CONN_CLASS_MAX]; /* bytes */
	uint8_t			*enc_buf;	/* encode scratch, SRP_MSG_MAX */
	uint8_t			*rx_buf;	/* recv() scratch */
	struct srp_conn_linger	linger[SRP_CONN_LINGER_MAX];
	struct srp_conn_cand	cand;
	struct srp_conn_conf	conf;
	uint8_t			key[SRP_AUTH_KEY_MAX];
	struct srp_conn_ops	ops;
	void			*arg;
	struct srp_conn_stats	stats;
};

/**
 * Prepare @c with @conf (copied, key included). Nothing is opened.
 * Context: control.
 * @return 0; -EINVAL for NULL arguments, missing watch/msg callbacks,
 *	   unset or mixed-family addresses, a key length out of range or
 *	   max_msg_len out of SRP_HDR_LEN..SRP_MSG_MAX; -ENOMEM
 */
int srp_conn_init(struct srp_conn *c, const struct srp_conn_conf *conf,
		  const struct srp_conn_ops *ops, void *arg);

/**
 * Listen on the bind address and start connecting to the peer.
 * Context: control.
 * @param now_ms monotonic time, ms
 * @return 0; -EALREADY when started; -errno of socket/bind/listen (e.g.
 *	   -EADDRINUSE, -EADDRNOTAVAIL) with nothing left open
 */
int srp_conn_start(struct srp_conn *c, uint64_t now_ms);

/**
 * Handle events on one of the descriptors given to ops.watch (watching is
 * level-triggered: work left over is picked up by the next event).
 * Context: control.
 */
void srp_conn_on_fd(struct srp_conn *c, int fd, uint32_t events,
		    uint64_t now_ms);

/**
 * Run the timers (connect time-out, reconnect) due at @now_ms.
 * Context: control.
 */
void srp_conn_tick(struct srp_conn *c, uint64_t now_ms);

/**
 * Earliest time srp_conn_tick() has work to do.
 * Context: control.
 * @return ms, or UINT64_MAX when nothing is pending
 */
uint64_t srp_conn_next_deadline(const struct srp_conn *c);

/**
 * Encode @m, queue it in @cls and start writing. For a HELLO the NONCE is
 * added when authentication is on. At most one HELLO waits: a newer one
 * replaces it (n_hello_replaced), and it goes out at the next message
 * boundary ahead of every queue. Before the peer's HELLO is verified only
 * the handshake (our NONCE, our HELLO) leaves; the rest waits. Sequence
 * numbers follow the order on the wire, which differs from the call order
 * when a message overtakes others: seq (1, 2, ... per connection) and ack
 * (last seq received) are written, and the message signed, when it starts
 * to go out. On return m->seq holds the number it will carry when nothing
 * waits ahead of it, else 0. A socket error found while writing is reported by the next
 * srp_conn_tick()/srp_conn_on_fd() as down(ERROR), never from here.
 * Context: control.
 * @return 0; -ENOTCONN when the link is not up; -ENOBUFS when @cls is
 *	   SESSION and its queue already holds tx_high_water bytes or more
 *	   (counted in n_tx_full), or CONTROL (a HELLO excepted) holding
 *	   SRP_CONN_TX_CONTROL_MAX bytes (n_tx_ctl_full); -EINVAL when @m does not encode (bad
 *	   fields, too big) or @cls is out of range; -ENOMEM
 */
int srp_conn_send(struct srp_conn *c, struct srp_msg *m,
		  enum srp_conn_class cls);

/**
 * Send REFUSE(@reason, @text), flush what the socket takes without
 * blocking, close the link (down(LOCAL) is called before returning) and
 * retry after back-off.
 * Context: control.
 * @return 0, -ENOTCONN when the link is not up, or -EINVAL for a reason
 *	   outside 1..SRP_REFUSE_MAX-1
 */
int srp_conn_refuse(struct srp_conn *c, uint16_t reason, const char *text);

/**
 * Close everything (a REFUSE shutdown first when the link is up) and go
 * IDLE; srp_conn_start() may be called again. When the link was up,
 * down(LOCAL) is called last. Safe inside any callback.
 * Context: control.
 */
void srp_conn_stop(struct srp_conn *c);

/**
 * Free the queues and buffers (stops first if needed). Not from inside a
 * callback.
 * Context: control.
 */
void srp_conn_fini(struct srp_conn *c);

/** Whether the link is up. Context: control. */
bool srp_conn_is_up(const struct srp_conn *c);

/** Whether the link is up and the peer's HELLO verified. Context: control. */
bool srp_conn_is_verified(const struct srp_conn *c);

/** Whether authentication (a pre-shared key) is on. Context: any. */
bool srp_conn_auth_on(const struct srp_conn *c);

/** Bytes waiting in the queue of @cls. Context: control. */
size_t srp_conn_queued(const struct srp_conn *c, enum srp_conn_class cls);

/** Name of a state ("up", "backoff", ...). Context: any. */
const char *srp_conn_state_str(enum srp_conn_state s);

/** Name of a down reason ("closed", "refused", ...). Context: any. */
const char *srp_conn_down_str(enum srp_conn_down d);

#endif /* SRP_CONN_H */
