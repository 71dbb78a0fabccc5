/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal to the PFCP server (control/pfcp/ctl_pfcp*.c): the server
 * state, peers (associations), PFCP sessions, the response cache and the
 * counters. Context: control.
 */
#ifndef CTL_PFCP_INT_H
#define CTL_PFCP_INT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "conf/ctl_conf.h"
#include "ctl_pfcp.h"
#include "ctl_pfcp_idx.h"
#include "pfcp_codec.h"

struct ctl_loop;
struct ctl_reply;
struct ctl_timer;

/* Associations at most: every peer-node-id of every group. */
#define PFCP_PEERS_MAX		(CTL_MAX_CP_GROUPS * CTL_MAX_CP_PEERS)
/* Datagrams read per wake-up before the reactor serves others. */
#define PFCP_RX_BURST		64
/* Sessions a purge deletes per reactor turn. */
#define PFCP_PURGE_SLICE	256
/* Response cache: floor of the retention and most entries kept. */
#define PFCP_CACHE_MIN_MS	10000u
#define PFCP_CACHE_MAX		(1u << 21)
/* Seconds between 1900 (NTP era 0) and 1970. */
#define PFCP_NTP_UNIX_DELTA	2208988800u

/* A source or destination of PFCP datagrams. */
struct pfcp_addr {
	union {
		struct sockaddr		sa;
		struct sockaddr_in	in4;
		struct sockaddr_in6	in6;
	} u;
	socklen_t	len;
};

enum pfcp_peer_state {
	PFCP_PEER_IDLE = 0,	/* allowed, never associated (or released) */
	PFCP_PEER_ASSOCIATED,
	PFCP_PEER_LOST,		/* associated, heartbeats unanswered */
};

struct pfcp_sess;

/* One control plane: an allowed Node ID and its association. */
struct pfcp_peer {
	struct ctl_cp_peer	allow;		/* configured Node ID */
	enum pfcp_peer_state	state;
	struct pfcp_addr	addr;		/* where its requests came from */
	struct pfcp_node_id	node;		/* as it sent it (FQDN bytes
						 * in @fqdn) */
	uint8_t			fqdn[256];
	uint32_t		rts;		/* its Recovery Time Stamp */
	uint64_t		assoc_ms;	/* wall clock of the setup */
	uint64_t		last_rx_ms;
	/* Heartbeats we send. */
	struct ctl_timer	*hb_timer;
	uint32_t		hb_seq;
	unsigned int		hb_tries;
	bool			hb_pending;
	/* Its sessions (doubly linked), and the slice purge. */
	struct pfcp_sess	*sess_head;	/* oldest first: a purge takes */
	struct pfcp_sess	*sess_tail;	/* from the head what an older
						 * generation left */
	uint32_t		n_sess;
	uint32_t		gen;		/* bumped when its sessions are
						 * dropped (restart, release) */
	bool			purging;
	/* Counters. */
	uint64_t		n_hb_req_tx, n_hb_resp_rx, n_hb_timeouts;
	uint64_t		n_hb_req_rx, n_setups, n_restarts, n_purged;
};

/* One PFCP session. */
struct pfcp_sess {
	uint64_t		up_seid;
	uint64_t		cp_seid;
	struct pfcp_fseid	cp_fseid;
	uint16_t		peer;		/* index in srv.peers */
	uint32_t		gen;		/* the peer's generation */
	struct pfcp_sess	*prev, *next;	/* in its peer's list */
	uint32_t		gw_teid;	/* installed gateway session's
						 * local TEID, 0 = none */
	uint8_t			n_teid;		/* local TEIDs it holds */
	uint32_t		teid[PFCP_MAX_PDR];
	uint8_t			n_created;	/* PDRs whose F-TEID we chose */
	uint16_t		created[PFCP_MAX_PDR];
	uint64_t		created_ms;
	uint32_t		n_mod;
	uint16_t		rules_len;
	uint8_t			*rules;		/* encoded rule set: a Session
						 * Modification Request of
						 * Create PDR/FAR/URR/QER/BAR */
	/* The answer to its last request, replicated so that a request
	 * retransmitted across a switchover gets the same answer. */
	struct pfcp_addr	last_from;
	uint32_t		last_seq;
	uint16_t		last_len;
	uint8_t			*last_resp;
};

/* A deleted session's answer, until its delete record is sent. */
#define PFCP_GONE_MAX		65536u
struct pfcp_gone {
	uint32_t		teid;		/* 0: free */
	uint32_t		seq;
	struct pfcp_addr	from;
};

/* A cached response, in arrival order. */
struct pfcp_cache_ent {
	struct pfcp_cache_ent	*next;
	uint64_t		key;
	uint64_t		expire_ms;
	uint16_t		len;
	uint8_t			bytes[];
};

struct pfcp_stats {
	uint64_t	rx, tx, tx_fail;
	uint64_t	rx_malformed;	/* framing, header, truncated IEs */
	uint64_t	rx_refused;	/* not an allowed control plane */
	uint64_t	rx_dup;		/* answered from the response cache */
	uint64_t	rx_unknown_type;
	uint64_t	rx_version;	/* answered Version Not Supported */
	uint64_t	rx_unexpected;	/* responses we did not wait for */
	uint64_t	rx_type[256];
	uint64_t	tx_cause[256];	/* causes we answered with */
	uint64_t	est_ok, est_fail, est_dup;
	uint64_t	mod_ok, mod_fail;
	uint64_t	del_ok, del_fail;
	uint64_t	purged;		/* deleted by restart or release */
	uint64_t	cache_evicted;
};

/* The server (one sx-service). */
struct pfcp_srv {
	struct ctl_loop		*loop;
	bool			enabled;	/* an sx-service is in use */
	bool			standalone;	/* no SRP: serve from start */
	bool			active;		/* SRP says active */
	char			sx_name[CTL_NAME_LEN];
	char			ctx_name[CTL_NAME_LEN];
	struct pfcp_addr	bind4, bind6;	/* len 0 = none */
	int			fd4, fd6;
	struct pfcp_node_id	node;		/* our Node ID */
	bool			has_ftup4, has_ftup6;
	uint8_t			ftup4[4], ftup6[16];	/* F-TEID addresses */
	uint32_t		rts;		/* our Recovery Time Stamp */
	uint64_t		start_ms;
	uint32_t		hb_interval_ms, hb_t1_ms, hb_n1;
	bool			restart_if_incomplete;
	bool			fed;		/* applied replicated state */
	uint64_t		n_rts_renewed;	/* incomplete takeovers */
	uint32_t		cache_ms;
	unsigned int		n_peers;
	struct pfcp_peer	peers[PFCP_PEERS_MAX];
	uint32_t		seq;		/* of our requests */
	uint64_t		seid_next;
	uint32_t		teid_next;
	uint32_t		n_sess;
	uint64_t		node_gen;	/* bumped when what the node
						 * record says changes */
	struct ctl_pfcp_idx	by_up;		/* UP SEID -> sess */
	struct ctl_pfcp_idx	by_cp;		/* mix(peer, CP SEID) -> sess */
	struct ctl_pfcp_idx	by_teid;	/* local TEID -> sess */
	struct ctl_pfcp_idx	cache_idx;	/* key -> cache entry */
	struct pfcp_cache_ent	*cache_head, *cache_tail;
	uint32_t		cache_n;
	struct ctl_timer	*sweep_timer;	/* cache expiry */
	struct pfcp_gone	*gone;		/* ring of PFCP_GONE_MAX */
	uint32_t		gone_next;
	struct ctl_pfcp_idx	gone_idx;	/* TEID -> ring slot + 1 */
	struct ctl_timer	*purge_timer;	/* sliced session purges */
	struct pfcp_stats	st;
};

extern struct pfcp_srv pfcp_srv;

/* Scratch messages shared by the handlers (one request at a time). */
extern struct pfcp_msg pfcp_req, pfcp_resp, pfcp_rules;

/* ctl_pfcp_srv.c: I/O. */
uint64_t pfcp_now_ms(void);
void pfcp_send_to(const struct pfcp_addr *to, const uint8_t *b, size_t n);
/** Encode @m and send it to @to; on success also cache it under @key (0:
 *  not cached). */
void pfcp_send_msg(const struct pfcp_addr *to, struct pfcp_msg *m,
		   uint64_t key);
int pfcp_sock_open(void);
void pfcp_sock_close(void);
uint32_t pfcp_next_seq(void);

/* ctl_pfcp_cache.c: responses kept for retransmitted requests. */
uint64_t pfcp_cache_key(const struct pfcp_addr *from, uint32_t seq);
const struct pfcp_cache_ent *pfcp_cache_get(uint64_t key);
void pfcp_cache_put(uint64_t key, const uint8_t *b, size_t n);
void pfcp_cache_sweep(uint64_t now_ms);
void pfcp_cache_clear(void);

/* ctl_pfcp_node.c: associations and heartbeats. */
struct pfcp_peer *pfcp_peer_by_addr(const struct pfcp_addr *a);
struct pfcp_peer *pfcp_peer_by_node(const struct pfcp_node_id *n);
bool pfcp_addr_allowed(const struct pfcp_addr *a);
void pfcp_on_heartbeat_req(const struct pfcp_addr *from, uint64_t key);
void pfcp_on_heartbeat_resp(const struct pfcp_addr *from);
void pfcp_on_assoc_setup(const struct pfcp_addr *from, uint64_t key);
void pfcp_on_assoc_release(const struct pfcp_addr *from, uint64_t key);
void pfcp_peer_restarted(struct pfcp_peer *p, uint32_t rts);
/* Heartbeat timers of the associated peers: stopped on a standby (the
 * associations stay), started again on the active. */
void pfcp_peers_stop(void);
void pfcp_peers_start(void);
const char *pfcp_peer_state_name(enum pfcp_peer_state s);
void pfcp_node_id_str(const struct pfcp_node_id *n, char *buf, size_t len);
void pfcp_addr_str(const struct pfcp_addr *a, char *buf, size_t len);

/* ctl_pfcp_sess.c: session procedures. */
void pfcp_on_sess_est(const struct pfcp_addr *from, uint64_t key);
void pfcp_on_sess_mod(const struct pfcp_addr *from, uint64_t key);
void pfcp_on_sess_del(const struct pfcp_addr *from, uint64_t key);
void pfcp_sess_answer_error(const struct pfcp_addr *from, uint64_t key,
			    const struct pfcp_err_info *ei);
void pfcp_sess_free(struct pfcp_sess *s, bool gateway_too);
void pfcp_purge_start(struct pfcp_peer *p);
void pfcp_sess_free_all(void);
struct pfcp_sess *pfcp_sess_by_teid(uint32_t teid);
/** Decode the stored rules of @s into @m. @return 0 or -EIO */
int pfcp_sess_rules(const struct pfcp_sess *s, struct pfcp_msg *m);
/** Encode @r as @s's stored rules. @return 0 or -ENOMEM / -EINVAL */
int pfcp_sess_rules_store(struct pfcp_sess *s, struct pfcp_msg *r);

/* ctl_pfcp_sess.c: keep the answer just sent as @s's last one. */
void pfcp_sess_last_set(struct pfcp_sess *s, const struct pfcp_addr *from,
			uint32_t seq);
/* Index @s (built from a replicated record) with its decoded rules @r. */
void pfcp_sess_index(struct pfcp_sess *s, const struct pfcp_msg *r);

/* ctl_pfcp_srv.c: the bytes of the last message sent. */
extern uint8_t pfcp_tx_buf[PFCP_MSG_MAX];
extern size_t pfcp_tx_len;

/* ctl_pfcp_repl.c: remember the answer to the deletion of @teid. */
void pfcp_gone_add(uint32_t teid, const struct pfcp_addr *from,
		   uint32_t seq);
void pfcp_gone_free(void);

/* ctl_pfcp_audit.c: the answer to one of our Session Report Requests
 * (decoded in pfcp_req); dropping what is in flight at exit. */
void pfcp_on_report_resp(const struct pfcp_addr *from);
void pfcp_report_fini(void);

/* ctl_pfcp_cmd.c */
int pfcp_cmd_register(void);

#endif /* CTL_PFCP_INT_H */
