/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PFCP node procedures: which control planes may talk to us, Association
 * Setup and Release from them, Heartbeats both ways (ours every interval,
 * resent after T1 up to N1 times), and a peer's restart (a higher Recovery
 * Time Stamp) which deletes its sessions. Context: control.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "core/ctl_log.h"
#include "core/ctl_loop.h"
#include "ctl_pfcp_int.h"

const char *
pfcp_peer_state_name(enum pfcp_peer_state s)
{
	switch (s) {
	case PFCP_PEER_ASSOCIATED:
		return "associated";
	case PFCP_PEER_LOST:
		return "unreachable";
	default:
		return "idle";
	}
}

void
pfcp_addr_str(const struct pfcp_addr *a, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	if (a->u.sa.sa_family == AF_INET) {
		inet_ntop(AF_INET, &a->u.in4.sin_addr, ip, sizeof(ip));
		snprintf(buf, len, "%s:%u", ip, ntohs(a->u.in4.sin_port));
	} else if (a->u.sa.sa_family == AF_INET6) {
		inet_ntop(AF_INET6, &a->u.in6.sin6_addr, ip, sizeof(ip));
		snprintf(buf, len, "[%s]:%u", ip, ntohs(a->u.in6.sin6_port));
	} else {
		snprintf(buf, len, "none");
	}
}

/* DNS labels to dotted text. */
static void
fqdn_str(const uint8_t *p, size_t n, char *buf, size_t len)
{
	size_t i = 0, o = 0;

	while (i < n && o + 1 < len) {
		size_t l = p[i++];

		if (o > 0 && o + 1 < len)
			buf[o++] = '.';
		while (l-- > 0 && i < n && o + 1 < len)
			buf[o++] = (char)p[i++];
	}
	buf[o] = '\0';
}

void
pfcp_node_id_str(const struct pfcp_node_id *n, char *buf, size_t len)
{
	switch (n->type) {
	case PFCP_NODE_ID_IPV4:
		inet_ntop(AF_INET, n->v4, buf, (socklen_t)len);
		break;
	case PFCP_NODE_ID_IPV6:
		inet_ntop(AF_INET6, n->v6, buf, (socklen_t)len);
		break;
	default:
		fqdn_str(n->fqdn.p, n->fqdn.len, buf, len);
		break;
	}
}

/* Whether the Node ID @n is the configured @c. */
static bool
node_matches(const struct ctl_cp_peer *c, const struct pfcp_node_id *n)
{
	char name[256];

	switch (c->type) {
	case CTL_NODE_ID_IPV4:
		return n->type == PFCP_NODE_ID_IPV4 &&
		       memcmp(n->v4, &c->addr.v4, 4) == 0;
	case CTL_NODE_ID_IPV6:
		return n->type == PFCP_NODE_ID_IPV6 &&
		       memcmp(n->v6, &c->addr.v6, 16) == 0;
	default:
		if (n->type != PFCP_NODE_ID_FQDN)
			return false;
		fqdn_str(n->fqdn.p, n->fqdn.len, name, sizeof(name));
		return strcasecmp(name, c->fqdn) == 0;
	}
}

/* Whether @a is the address of configured IP Node ID @c. */
static bool
addr_is_node(const struct ctl_cp_peer *c, const struct pfcp_addr *a)
{
	if (c->type == CTL_NODE_ID_IPV4 && a->u.sa.sa_family == AF_INET)
		return a->u.in4.sin_addr.s_addr == c->addr.v4.s_addr;
	if (c->type == CTL_NODE_ID_IPV6 && a->u.sa.sa_family == AF_INET6)
		return memcmp(&a->u.in6.sin6_addr, &c->addr.v6, 16) == 0;
	return false;
}

static bool
addr_same_ip(const struct pfcp_addr *a, const struct pfcp_addr *b)
{
	if (a->u.sa.sa_family != b->u.sa.sa_family)
		return false;
	if (a->u.sa.sa_family == AF_INET)
		return a->u.in4.sin_addr.s_addr == b->u.in4.sin_addr.s_addr;
	return memcmp(&a->u.in6.sin6_addr, &b->u.in6.sin6_addr, 16) == 0;
}

/* The associated peer whose requests come from @a's IP address. */
struct pfcp_peer *
pfcp_peer_by_addr(const struct pfcp_addr *a)
{
	unsigned int i;

	for (i = 0; i < pfcp_srv.n_peers; i++) {
		struct pfcp_peer *p = &pfcp_srv.peers[i];

		if (p->state != PFCP_PEER_IDLE && addr_same_ip(&p->addr, a))
			return p;
	}
	return NULL;
}

struct pfcp_peer *
pfcp_peer_by_node(const struct pfcp_node_id *n)
{
	unsigned int i;

	for (i = 0; i < pfcp_srv.n_peers; i++)
		if (node_matches(&pfcp_srv.peers[i].allow, n))
			return &pfcp_srv.peers[i];
	return NULL;
}

bool
pfcp_addr_allowed(const struct pfcp_addr *a)
{
	unsigned int i;

	for (i = 0; i < pfcp_srv.n_peers; i++)
		if (addr_is_node(&pfcp_srv.peers[i].allow, a))
			return true;
	return pfcp_peer_by_addr(a) != NULL;
}

void
pfcp_on_heartbeat_req(const struct pfcp_addr *from, uint64_t key)
{
	struct pfcp_peer *p = pfcp_peer_by_addr(from);
	uint32_t rts = pfcp_req.recovery_ts;

	pfcp_msg_init(&pfcp_resp, PFCP_MSG_HEARTBEAT_RESP, 0,
		      pfcp_req.hdr.seq);
	pfcp_resp.recovery_ts = pfcp_srv.rts;
	pfcp_resp.present = PFCP_F_RECOVERY_TS;
	pfcp_send_msg(from, &pfcp_resp, key);
	if (p == NULL)
		return;
	p->n_hb_req_rx++;
	p->last_rx_ms = pfcp_now_ms();
	if (rts > p->rts)
		pfcp_peer_restarted(p, rts);
}

/* The peer answered or sent something: it is reachable again. */
static void
peer_alive(struct pfcp_peer *p)
{
	p->last_rx_ms = pfcp_now_ms();
	if (p->state == PFCP_PEER_LOST) {
		char n[256];

		pfcp_node_id_str(&p->node, n, sizeof(n));
		CTL_LOG(NOTICE, "pfcp: peer %s reachable again", n);
		p->state = PFCP_PEER_ASSOCIATED;
	}
}

static void hb_arm(struct pfcp_peer *p, uint64_t ms);

void
pfcp_on_heartbeat_resp(const struct pfcp_addr *from)
{
	struct pfcp_peer *p = pfcp_peer_by_addr(from);

	if (p == NULL || !p->hb_pending ||
	    pfcp_req.hdr.seq != p->hb_seq) {
		pfcp_srv.st.rx_unexpected++;
		return;
	}
	p->hb_pending = false;
	p->n_hb_resp_rx++;
	peer_alive(p);
	if (pfcp_req.recovery_ts > p->rts)
		pfcp_peer_restarted(p, pfcp_req.recovery_ts);
	hb_arm(p, pfcp_srv.hb_interval_ms);
}

static void
hb_send(struct pfcp_peer *p)
{
	struct pfcp_addr to = p->addr;

	/* Requests go to the peer's PFCP port, wherever it sent from. */
	if (to.u.sa.sa_family == AF_INET)
		to.u.in4.sin_port = htons(PFCP_UDP_PORT);
	else
		to.u.in6.sin6_port = htons(PFCP_UDP_PORT);
	pfcp_msg_init(&pfcp_resp, PFCP_MSG_HEARTBEAT_REQ, 0, p->hb_seq);
	pfcp_resp.recovery_ts = pfcp_srv.rts;
	pfcp_resp.present = PFCP_F_RECOVERY_TS;
	pfcp_send_msg(&to, &pfcp_resp, 0);
	p->n_hb_req_tx++;
}

static void
hb_timer_cb(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	struct pfcp_peer *p = arg;

	(void)loop;
	(void)t;
	if (p->state == PFCP_PEER_IDLE || !ctl_pfcp_listening())
		return;
	if (!p->hb_pending) {
		p->hb_seq = pfcp_next_seq();
		p->hb_tries = 0;
		p->hb_pending = true;
	} else if (p->hb_tries >= pfcp_srv.hb_n1) {
		char n[256];

		p->hb_pending = false;
		p->n_hb_timeouts++;
		if (p->state == PFCP_PEER_ASSOCIATED) {
			pfcp_node_id_str(&p->node, n, sizeof(n));
			CTL_LOG(WARNING, "pfcp: peer %s does not answer "
				"heartbeats (%u tries); its sessions are kept",
				n, p->hb_tries + 1);
			p->state = PFCP_PEER_LOST;
		}
		hb_arm(p, pfcp_srv.hb_interval_ms);
		return;
	} else {
		p->hb_tries++;
	}
	hb_send(p);
	hb_arm(p, pfcp_srv.hb_t1_ms);
}

static void
hb_arm(struct pfcp_peer *p, uint64_t ms)
{
	if (pfcp_srv.loop == NULL)
		return;
	if (p->hb_timer == NULL)
		p->hb_timer = ctl_loop_timer_add(pfcp_srv.loop, ms, 0,
						 hb_timer_cb, p);
	else
		(void)ctl_loop_timer_set(p->hb_timer, ms, 0);
}

void
pfcp_peers_stop(void)
{
	unsigned int i;

	for (i = 0; i < pfcp_srv.n_peers; i++) {
		struct pfcp_peer *p = &pfcp_srv.peers[i];

		if (p->hb_timer != NULL)
			ctl_loop_timer_del(p->hb_timer);
		p->hb_timer = NULL;
		p->hb_pending = false;
	}
}

void
pfcp_peers_start(void)
{
	unsigned int i;

	for (i = 0; i < pfcp_srv.n_peers; i++)
		if (pfcp_srv.peers[i].state != PFCP_PEER_IDLE)
			hb_arm(&pfcp_srv.peers[i], pfcp_srv.hb_interval_ms);
}

void
pfcp_peer_restarted(struct pfcp_peer *p, uint32_t rts)
{
	char n[256];

	pfcp_node_id_str(&p->node, n, sizeof(n));
	if (p->rts != 0) {
		CTL_LOG(NOTICE, "pfcp: peer %s restarted (Recovery Time Stamp "
			"%u -> %u): deleting its %u sessions", n, p->rts, rts,
			p->n_sess);
		p->n_restarts++;
		pfcp_purge_start(p);
	}
	p->rts = rts;
	pfcp_srv.node_gen++;
}

/* Our Association Setup Response with @cause. */
static void
assoc_answer(const struct pfcp_addr *from, uint64_t key, uint8_t cause,
	     bool retained)
{
	static const uint8_t features[2] = { PFCP_UPF_F5_FTUP, 0 };

	pfcp_msg_init(&pfcp_resp, PFCP_MSG_ASSOC_SETUP_RESP, 0,
		      pfcp_req.hdr.seq);
	pfcp_resp.node_id = pfcp_srv.node;
	pfcp_resp.cause = cause;
	pfcp_resp.recovery_ts = pfcp_srv.rts;
	pfcp_resp.present = PFCP_F_NODE_ID | PFCP_F_CAUSE |
			    PFCP_F_RECOVERY_TS;
	if (cause == PFCP_CAUSE_ACCEPTED) {
		memcpy(pfcp_resp.up_features, features, sizeof(features));
		pfcp_resp.up_features_len = sizeof(features);
		pfcp_resp.present |= PFCP_F_UP_FEATURES;
		if (retained) {
			pfcp_resp.asrsp_flags = PFCP_ASRSP_PSREI;
			pfcp_resp.present |= PFCP_F_ASRSP_FLAGS;
		}
	}
	pfcp_send_msg(from, &pfcp_resp, key);
}

void
pfcp_on_assoc_setup(const struct pfcp_addr *from, uint64_t key)
{
	struct pfcp_peer *p = pfcp_peer_by_node(&pfcp_req.node_id);
	bool retained = false;
	char n[256], a[INET6_ADDRSTRLEN + 8];

	pfcp_node_id_str(&pfcp_req.node_id, n, sizeof(n));
	pfcp_addr_str(from, a, sizeof(a));
	if (p == NULL) {
		pfcp_srv.st.rx_refused++;
		CTL_LOG(WARNING, "pfcp: association setup from %s refused: "
			"node %s is not in the control-plane-group", a, n);
		assoc_answer(from, key, PFCP_CAUSE_REJECTED, false);
		return;
	}
	if (p->state != PFCP_PEER_IDLE) {
		/* A new setup from an associated node: it restarted or lost
		 * its state, unless it asks us to keep the sessions. */
		if (pfcp_req.present & PFCP_F_SESS_RETENTION) {
			retained = true;
		} else if (p->n_sess > 0) {
			CTL_LOG(NOTICE, "pfcp: node %s set up its association "
				"again: deleting its %u sessions", n,
				p->n_sess);
			pfcp_purge_start(p);
		}
	}
	p->node = pfcp_req.node_id;
	if (p->node.type == PFCP_NODE_ID_FQDN) {
		memcpy(p->fqdn, pfcp_req.node_id.fqdn.p,
		       pfcp_req.node_id.fqdn.len);
		p->node.fqdn.p = p->fqdn;
	}
	p->addr = *from;
	p->rts = pfcp_req.recovery_ts;
	p->state = PFCP_PEER_ASSOCIATED;
	p->assoc_ms = pfcp_now_ms();
	p->last_rx_ms = p->assoc_ms;
	p->n_setups++;
	p->hb_pending = false;
	pfcp_srv.node_gen++;
	CTL_LOG(NOTICE, "pfcp: node %s associated from %s%s", n, a,
		retained ? " (sessions retained)" : "");
	assoc_answer(from, key, PFCP_CAUSE_ACCEPTED, retained);
	hb_arm(p, pfcp_srv.hb_interval_ms);
}

void
pfcp_on_assoc_release(const struct pfcp_addr *from, uint64_t key)
{
	struct pfcp_peer *p = pfcp_peer_by_node(&pfcp_req.node_id);
	uint8_t cause = PFCP_CAUSE_ACCEPTED;
	char n[256];

	if (p == NULL || p->state == PFCP_PEER_IDLE) {
		cause = PFCP_CAUSE_NO_ASSOCIATION;
	} else {
		pfcp_node_id_str(&p->node, n, sizeof(n));
		CTL_LOG(NOTICE, "pfcp: node %s released its association "
			"(%u sessions deleted)", n, p->n_sess);
		pfcp_purge_start(p);
		p->state = PFCP_PEER_IDLE;
		pfcp_srv.node_gen++;
		if (p->hb_timer != NULL)
			ctl_loop_timer_stop(p->hb_timer);
		p->hb_pending = false;
	}
	pfcp_msg_init(&pfcp_resp, PFCP_MSG_ASSOC_RELEASE_RESP, 0,
		      pfcp_req.hdr.seq);
	pfcp_resp.node_id = pfcp_srv.node;
	pfcp_resp.cause = cause;
	pfcp_resp.present = PFCP_F_NODE_ID | PFCP_F_CAUSE;
	pfcp_send_msg(from, &pfcp_resp, key);
}
