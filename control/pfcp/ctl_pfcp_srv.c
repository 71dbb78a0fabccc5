/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PFCP server's shell: configuration, the N4 UDP sockets on the
 * reactor, reading datagrams, the header checks, the allow-list, the
 * response cache lookup and the dispatch of requests to the node and
 * session procedures; sending. Context: control.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_common.h>

#include "core/ctl_log.h"
#include "core/ctl_loop.h"
#include "ctl_pfcp_int.h"

struct pfcp_srv pfcp_srv = { .fd4 = -1, .fd6 = -1 };
struct pfcp_msg pfcp_req, pfcp_resp, pfcp_rules;

/* A burst read with one recvmmsg(), answers sent with one sendmmsg(). */
#define PFCP_TX_SLOT	2048u	/* answers longer than this go alone */

static struct {
	struct mmsghdr		msg[PFCP_RX_BURST];
	struct iovec		iov[PFCP_RX_BURST];
	struct pfcp_addr	from[PFCP_RX_BURST];
	uint8_t			buf[PFCP_RX_BURST][PFCP_MSG_MAX];
} rx;

static struct {
	bool			on;	/* inside a burst: queue answers */
	unsigned int		n;
	struct mmsghdr		msg[PFCP_RX_BURST];
	struct iovec		iov[PFCP_RX_BURST];
	struct pfcp_addr	to[PFCP_RX_BURST];
	int			fd[PFCP_RX_BURST];
	uint8_t			buf[PFCP_RX_BURST][PFCP_TX_SLOT];
} tx;
uint8_t pfcp_tx_buf[PFCP_MSG_MAX];
size_t pfcp_tx_len;

uint64_t
pfcp_now_ms(void)
{
	return ctl_loop_now_ms();
}

uint32_t
pfcp_next_seq(void)
{
	pfcp_srv.seq = (pfcp_srv.seq + 1) & PFCP_SEQ_MAX;
	if (pfcp_srv.seq == 0)
		pfcp_srv.seq = 1;
	return pfcp_srv.seq;
}

/* Send the queued answers: runs of the same socket per sendmmsg(). */
static void
tx_flush(void)
{
	unsigned int i = 0, k;
	int ret;

	while (i < tx.n) {
		for (k = i + 1; k < tx.n && tx.fd[k] == tx.fd[i]; k++)
			;
		ret = sendmmsg(tx.fd[i], &tx.msg[i], k - i, MSG_DONTWAIT);
		if (ret < 0)
			ret = 0;
		pfcp_srv.st.tx += (unsigned int)ret;
		pfcp_srv.st.tx_fail += k - i - (unsigned int)ret;
		i = k;
	}
	tx.n = 0;
}

void
pfcp_send_to(const struct pfcp_addr *to, const uint8_t *b, size_t n)
{
	int fd = to->u.sa.sa_family == AF_INET ? pfcp_srv.fd4 : pfcp_srv.fd6;
	unsigned int i;

	if (fd < 0) {
		pfcp_srv.st.tx_fail++;
		return;
	}
	if (tx.on && n <= PFCP_TX_SLOT) {
		if (tx.n == PFCP_RX_BURST)
			tx_flush();
		i = tx.n++;
		memcpy(tx.buf[i], b, n);
		tx.to[i] = *to;
		tx.fd[i] = fd;
		tx.iov[i].iov_base = tx.buf[i];
		tx.iov[i].iov_len = n;
		memset(&tx.msg[i], 0, sizeof(tx.msg[i]));
		tx.msg[i].msg_hdr.msg_name = &tx.to[i].u.sa;
		tx.msg[i].msg_hdr.msg_namelen = to->len;
		tx.msg[i].msg_hdr.msg_iov = &tx.iov[i];
		tx.msg[i].msg_hdr.msg_iovlen = 1;
		return;
	}
	if (sendto(fd, b, n, MSG_DONTWAIT, &to->u.sa, to->len) < 0) {
		pfcp_srv.st.tx_fail++;
		return;
	}
	pfcp_srv.st.tx++;
}

void
pfcp_send_msg(const struct pfcp_addr *to, struct pfcp_msg *m, uint64_t key)
{
	size_t n;

	pfcp_tx_len = 0;
	if (pfcp_msg_encode(m, pfcp_tx_buf, sizeof(pfcp_tx_buf), &n) !=
	    PFCP_OK) {
		/* Only our own structures are encoded: a bug, not input. */
		pfcp_srv.st.tx_fail++;
		CTL_LOG(ERR, "pfcp: cannot encode %s",
			pfcp_msg_type_name(m->hdr.type));
		return;
	}
	if (m->present & PFCP_F_CAUSE)
		pfcp_srv.st.tx_cause[m->cause]++;
	pfcp_tx_len = n;
	pfcp_send_to(to, pfcp_tx_buf, n);
	if (key != 0)
		pfcp_cache_put(key, pfcp_tx_buf, n);
}

/* Version Not Supported Response: the header alone, same sequence. */
static void
pfcp_answer_version(const struct pfcp_addr *from, uint32_t seq)
{
	pfcp_msg_init(&pfcp_resp, PFCP_MSG_VERSION_NOT_SUPP, 0, seq);
	pfcp_send_msg(from, &pfcp_resp, 0);
}

/* A request the decoder refused: answer what has a Cause to answer. */
static void
pfcp_answer_refused(const struct pfcp_addr *from, uint64_t key,
		    const struct pfcp_err_info *ei)
{
	uint8_t cause = pfcp_err_cause(ei->err);
	uint16_t off_ie = ei->top_type != 0 ? ei->top_type : ei->ie_type;

	switch (ei->msg_type) {
	case PFCP_MSG_ASSOC_SETUP_REQ:
	case PFCP_MSG_ASSOC_RELEASE_REQ:
		pfcp_msg_init(&pfcp_resp, ei->msg_type + 1, 0, ei->seq);
		pfcp_resp.node_id = pfcp_srv.node;
		pfcp_resp.cause = cause;
		pfcp_resp.present = PFCP_F_NODE_ID | PFCP_F_CAUSE;
		if (ei->msg_type == PFCP_MSG_ASSOC_SETUP_REQ) {
			pfcp_resp.recovery_ts = pfcp_srv.rts;
			pfcp_resp.present |= PFCP_F_RECOVERY_TS;
		}
		if (off_ie != 0) {
			pfcp_resp.offending_ie = off_ie;
			pfcp_resp.present |= PFCP_F_OFFENDING_IE;
		}
		pfcp_send_msg(from, &pfcp_resp, key);
		break;
	case PFCP_MSG_SESS_EST_REQ:
	case PFCP_MSG_SESS_MOD_REQ:
	case PFCP_MSG_SESS_DEL_REQ:
		pfcp_sess_answer_error(from, key, ei);
		break;
	default:
		/* Heartbeat Request and the rest carry no Cause: dropped. */
		break;
	}
}

static void
pfcp_dispatch(const struct pfcp_addr *from, const uint8_t *b, size_t n)
{
	struct pfcp_err_info ei;
	struct pfcp_hdr hdr;
	enum pfcp_err err;
	uint64_t key;
	const struct pfcp_cache_ent *c;

	err = pfcp_hdr_decode(b, n, &hdr);
	if (err == PFCP_E_VERSION) {
		if (pfcp_addr_allowed(from)) {
			pfcp_srv.st.rx_version++;
			pfcp_answer_version(from, hdr.seq);
		} else {
			pfcp_srv.st.rx_refused++;
		}
		return;
	}
	if (err == PFCP_E_TYPE) {
		pfcp_srv.st.rx_unknown_type++;
		return;
	}
	if (err != PFCP_OK) {
		pfcp_srv.st.rx_malformed++;
		return;
	}
	/* Only Association Setup may come from a stranger: its Node ID is
	 * checked against the group and it gets an answer either way. */
	if (hdr.type != PFCP_MSG_ASSOC_SETUP_REQ && !pfcp_addr_allowed(from)) {
		pfcp_srv.st.rx_refused++;
		return;
	}
	pfcp_srv.st.rx_type[hdr.type]++;
	/* Responses to our requests. */
	if (!pfcp_msg_type_is_request(hdr.type)) {
		if (hdr.type == PFCP_MSG_HEARTBEAT_RESP &&
		    pfcp_msg_decode(b, n, &pfcp_req, NULL) == PFCP_OK) {
			pfcp_on_heartbeat_resp(from);
			return;
		}
		if (hdr.type == PFCP_MSG_SESS_REPORT_RESP &&
		    pfcp_msg_decode(b, n, &pfcp_req, NULL) == PFCP_OK) {
			pfcp_on_report_resp(from);
			return;
		}
		pfcp_srv.st.rx_unexpected++;
		return;
	}
	key = pfcp_cache_key(from, hdr.seq);
	c = pfcp_cache_get(key);
	if (c != NULL) {
		pfcp_srv.st.rx_dup++;
		pfcp_send_to(from, c->bytes, c->len);
		return;
	}
	if (pfcp_msg_decode(b, n, &pfcp_req, &ei) != PFCP_OK) {
		pfcp_srv.st.rx_malformed++;
		pfcp_answer_refused(from, key, &ei);
		return;
	}
	switch (hdr.type) {
	case PFCP_MSG_HEARTBEAT_REQ:
		pfcp_on_heartbeat_req(from, 0);
		break;
	case PFCP_MSG_ASSOC_SETUP_REQ:
		pfcp_on_assoc_setup(from, key);
		break;
	case PFCP_MSG_ASSOC_RELEASE_REQ:
		pfcp_on_assoc_release(from, key);
		break;
	case PFCP_MSG_SESS_EST_REQ:
		pfcp_on_sess_est(from, key);
		break;
	case PFCP_MSG_SESS_MOD_REQ:
		pfcp_on_sess_mod(from, key);
		break;
	case PFCP_MSG_SESS_DEL_REQ:
		pfcp_on_sess_del(from, key);
		break;
	default:
		/* Node Report and Session Report go from us to the CP. */
		pfcp_srv.st.rx_unexpected++;
		break;
	}
}

static void
pfcp_on_readable(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	int i, n;

	(void)loop;
	(void)events;
	(void)arg;
	for (i = 0; i < PFCP_RX_BURST; i++) {
		rx.iov[i].iov_base = rx.buf[i];
		rx.iov[i].iov_len = sizeof(rx.buf[i]);
		memset(&rx.msg[i], 0, sizeof(rx.msg[i]));
		rx.msg[i].msg_hdr.msg_name = &rx.from[i].u;
		rx.msg[i].msg_hdr.msg_namelen = sizeof(rx.from[i].u);
		rx.msg[i].msg_hdr.msg_iov = &rx.iov[i];
		rx.msg[i].msg_hdr.msg_iovlen = 1;
	}
	n = recvmmsg(fd, rx.msg, PFCP_RX_BURST, MSG_DONTWAIT, NULL);
	if (n <= 0)
		return;
	tx.on = true;
	for (i = 0; i < n; i++) {
		rx.from[i].len = rx.msg[i].msg_hdr.msg_namelen;
		pfcp_srv.st.rx++;
		pfcp_dispatch(&rx.from[i], rx.buf[i], rx.msg[i].msg_len);
	}
	tx.on = false;
	tx_flush();
}

static int
pfcp_sock_one(const struct pfcp_addr *a)
{
	int on = 1;
	int fd;

	fd = socket(a->u.sa.sa_family, SOCK_DGRAM | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* The N4 address may be added to the kernel after us (srp-activate
	 * on a loopback moved by BGP or by the operator). */
	if (a->u.sa.sa_family == AF_INET)
		(void)setsockopt(fd, IPPROTO_IP, IP_FREEBIND, &on, sizeof(on));
	else
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on,
				 sizeof(on));
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (a->u.sa.sa_family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_FREEBIND, &on,
				 sizeof(on));
	if (bind(fd, &a->u.sa, a->len) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	if (ctl_loop_fd_add(pfcp_srv.loop, fd, EPOLLIN, pfcp_on_readable,
			    NULL) < 0) {
		close(fd);
		return -EIO;
	}
	return fd;
}

int
pfcp_sock_open(void)
{
	char buf[INET6_ADDRSTRLEN + 8];
	int fd;

	if (pfcp_srv.fd4 >= 0 || pfcp_srv.fd6 >= 0)
		return 0;
	if (pfcp_srv.bind4.len != 0) {
		fd = pfcp_sock_one(&pfcp_srv.bind4);
		if (fd < 0) {
			pfcp_addr_str(&pfcp_srv.bind4, buf, sizeof(buf));
			CTL_LOG(ERR, "pfcp: cannot bind %s: %s", buf,
				strerror(-fd));
			return fd;
		}
		pfcp_srv.fd4 = fd;
	}
	if (pfcp_srv.bind6.len != 0) {
		fd = pfcp_sock_one(&pfcp_srv.bind6);
		if (fd < 0) {
			pfcp_addr_str(&pfcp_srv.bind6, buf, sizeof(buf));
			CTL_LOG(ERR, "pfcp: cannot bind %s: %s", buf,
				strerror(-fd));
			pfcp_sock_close();
			return fd;
		}
		pfcp_srv.fd6 = fd;
	}
	CTL_LOG(NOTICE, "pfcp: sx-service %s listening on UDP %u",
		pfcp_srv.sx_name, PFCP_UDP_PORT);
	return 0;
}

void
pfcp_sock_close(void)
{
	if (pfcp_srv.fd4 >= 0) {
		ctl_loop_fd_del(pfcp_srv.loop, pfcp_srv.fd4);
		close(pfcp_srv.fd4);
		pfcp_srv.fd4 = -1;
	}
	if (pfcp_srv.fd6 >= 0) {
		ctl_loop_fd_del(pfcp_srv.loop, pfcp_srv.fd6);
		close(pfcp_srv.fd6);
		pfcp_srv.fd6 = -1;
	}
}

static void
pfcp_addr_set(struct pfcp_addr *a, const struct srp_addr *s)
{
	memset(a, 0, sizeof(*a));
	if (s->family == AF_INET) {
		a->u.in4.sin_family = AF_INET;
		a->u.in4.sin_port = htons(PFCP_UDP_PORT);
		a->u.in4.sin_addr = s->v4;
		a->len = sizeof(a->u.in4);
	} else if (s->family == AF_INET6) {
		a->u.in6.sin6_family = AF_INET6;
		a->u.in6.sin6_port = htons(PFCP_UDP_PORT);
		a->u.in6.sin6_addr = s->v6;
		a->len = sizeof(a->u.in6);
	}
}

/* The first IPv4 and IPv6 address of an access-role interface of @ctx
 * (any context when @ctx is NULL): the address of the F-TEIDs we choose. */
static void
pfcp_ftup_from(const struct ctl_conf *conf, const char *ctx)
{
	unsigned int i, c, k, a;

	for (i = 0; i < conf->n_ports; i++) {
		const struct ctl_port *p = &conf->ports[i];

		if (p->role != DP_ROLE_ACCESS ||
		    (ctx != NULL && strcmp(p->bind_context, ctx) != 0))
			continue;
		for (c = 0; c < conf->n_contexts; c++) {
			const struct ctl_context *x = &conf->contexts[c];

			if (strcmp(x->name, p->bind_context) != 0)
				continue;
			for (k = 0; k < x->n_ifaces; k++) {
				const struct ctl_iface *f = &x->ifaces[k];

				if (strcmp(f->name, p->bind_iface) != 0)
					continue;
				for (a = 0; a < f->n_addrs; a++) {
					const struct srp_addr *s =
						&f->addrs[a].pfx.addr;

					if (s->family == AF_INET &&
					    !pfcp_srv.has_ftup4) {
						memcpy(pfcp_srv.ftup4, &s->v4,
						       4);
						pfcp_srv.has_ftup4 = true;
					} else if (s->family == AF_INET6 &&
						   !pfcp_srv.has_ftup6) {
						memcpy(pfcp_srv.ftup6, &s->v6,
						       16);
						pfcp_srv.has_ftup6 = true;
					}
				}
			}
		}
	}
}

static const struct ctl_cp_group *
pfcp_group_find(const struct ctl_conf *conf, const char *name)
{
	unsigned int i;

	for (i = 0; i < conf->n_cp_groups; i++)
		if (strcmp(conf->cp_groups[i].name, name) == 0)
			return &conf->cp_groups[i];
	return NULL;
}

/* Our Recovery Time Stamp: now, in NTP seconds. */
static uint32_t
pfcp_rts_now(void)
{
	return (uint32_t)(ctl_loop_wall_ms() / 1000 + PFCP_NTP_UNIX_DELTA);
}

/* Take the first user-plane-service with an sx-service and a group. */
static bool
pfcp_conf_read(const struct ctl_conf *conf)
{
	const struct ctl_context *x = NULL;
	const struct ctl_cp_group *g;
	unsigned int i, n_used = 0;

	for (i = 0; i < conf->n_contexts; i++) {
		const struct ctl_context *c = &conf->contexts[i];

		if (!c->up.present || c->up.sx_service[0] == '\0' ||
		    c->up.cp_group[0] == '\0' || !c->sx.present)
			continue;
		if (n_used++ == 0)
			x = c;
	}
	if (x == NULL)
		return false;
	if (n_used > 1)
		CTL_LOG(WARNING, "pfcp: %u user-plane-services configured; "
			"only the one of context %s is served", n_used,
			x->name);
	g = pfcp_group_find(conf, x->up.cp_group);
	snprintf(pfcp_srv.sx_name, sizeof(pfcp_srv.sx_name), "%s",
		 x->sx.name);
	snprintf(pfcp_srv.ctx_name, sizeof(pfcp_srv.ctx_name), "%s", x->name);
	pfcp_addr_set(&pfcp_srv.bind4, &x->sx.bind_v4);
	pfcp_addr_set(&pfcp_srv.bind6, &x->sx.bind_v6);
	memset(&pfcp_srv.node, 0, sizeof(pfcp_srv.node));
	if (x->sx.bind_v4.family == AF_INET) {
		pfcp_srv.node.type = PFCP_NODE_ID_IPV4;
		memcpy(pfcp_srv.node.v4, &x->sx.bind_v4.v4, 4);
	} else {
		pfcp_srv.node.type = PFCP_NODE_ID_IPV6;
		memcpy(pfcp_srv.node.v6, &x->sx.bind_v6.v6, 16);
	}
	pfcp_srv.hb_interval_ms = x->sx.hb_interval_s * 1000u;
	pfcp_srv.hb_t1_ms = x->sx.hb_retx_timeout_s * 1000u;
	pfcp_srv.hb_n1 = x->sx.hb_max_retx;
	pfcp_srv.restart_if_incomplete = x->sx.restart_if_incomplete;
	pfcp_srv.cache_ms = RTE_MAX(PFCP_CACHE_MIN_MS,
				    pfcp_srv.hb_t1_ms * (pfcp_srv.hb_n1 + 1));
	pfcp_srv.n_peers = 0;
	for (i = 0; g != NULL && i < g->n_peers; i++)
		pfcp_srv.peers[pfcp_srv.n_peers++].allow = g->peers[i];
	pfcp_ftup_from(conf, x->name);
	if (!pfcp_srv.has_ftup4 && !pfcp_srv.has_ftup6)
		pfcp_ftup_from(conf, NULL);
	return true;
}

static void
pfcp_sweep_cb(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	(void)arg;
	pfcp_cache_sweep(pfcp_now_ms());
}

int
ctl_pfcp_init(const struct ctl_conf *conf, struct ctl_loop *loop)
{
	int ret;

	memset(&pfcp_srv, 0, sizeof(pfcp_srv));
	pfcp_srv.fd4 = -1;
	pfcp_srv.fd6 = -1;
	pfcp_srv.loop = loop;
	if (conf == NULL || !pfcp_conf_read(conf))
		return 0;
	if (!pfcp_srv.has_ftup4 && !pfcp_srv.has_ftup6)
		CTL_LOG(WARNING, "pfcp: no access-role interface address: "
			"no F-TEID can be allocated");
	pfcp_srv.enabled = true;
	pfcp_srv.standalone = !conf->srp.present;
	pfcp_srv.rts = pfcp_rts_now();
	pfcp_srv.start_ms = pfcp_now_ms();
	pfcp_srv.seid_next = 1;
	pfcp_srv.teid_next = 1;
	if (ctl_pfcp_idx_init(&pfcp_srv.by_up, 1024) < 0 ||
	    ctl_pfcp_idx_init(&pfcp_srv.by_cp, 1024) < 0 ||
	    ctl_pfcp_idx_init(&pfcp_srv.by_teid, 1024) < 0 ||
	    ctl_pfcp_idx_init(&pfcp_srv.cache_idx, 1024) < 0) {
		ctl_pfcp_fini();
		return -ENOMEM;
	}
	if (loop != NULL) {
		pfcp_srv.sweep_timer = ctl_loop_timer_add(loop, 1000, 1000,
							  pfcp_sweep_cb, NULL);
		if (pfcp_srv.sweep_timer == NULL) {
			ctl_pfcp_fini();
			return -ENOMEM;
		}
	}
	ret = pfcp_cmd_register();
	if (ret < 0 && ret != -EEXIST) {
		ctl_pfcp_fini();
		return ret;
	}
	if (pfcp_srv.standalone && loop != NULL) {
		ret = pfcp_sock_open();
		if (ret < 0) {
			ctl_pfcp_fini();
			return ret;
		}
	}
	return 0;
}

void
ctl_pfcp_fini(void)
{
	pfcp_sock_close();
	pfcp_peers_stop();
	pfcp_report_fini();
	pfcp_sess_free_all();
	pfcp_cache_clear();
	if (pfcp_srv.sweep_timer != NULL)
		ctl_loop_timer_del(pfcp_srv.sweep_timer);
	if (pfcp_srv.purge_timer != NULL)
		ctl_loop_timer_del(pfcp_srv.purge_timer);
	pfcp_srv.sweep_timer = NULL;
	pfcp_srv.purge_timer = NULL;
	ctl_pfcp_idx_free(&pfcp_srv.by_up);
	ctl_pfcp_idx_free(&pfcp_srv.by_cp);
	ctl_pfcp_idx_free(&pfcp_srv.by_teid);
	ctl_pfcp_idx_free(&pfcp_srv.cache_idx);
	pfcp_gone_free();
	pfcp_srv.enabled = false;
}

void
ctl_pfcp_role(bool active)
{
	if (!pfcp_srv.enabled || pfcp_srv.active == active)
		return;
	pfcp_srv.active = active;
	if (active) {
		(void)pfcp_sock_open();
		pfcp_peers_start();
	} else {
		/* The standby is silent on N4; it stops its heartbeats too. */
		pfcp_sock_close();
		pfcp_peers_stop();
	}
}

void
ctl_pfcp_takeover(bool copy_complete)
{
	uint32_t now;

	if (!pfcp_srv.enabled || copy_complete ||
	    !pfcp_srv.restart_if_incomplete)
		return;
	now = pfcp_rts_now();
	pfcp_srv.rts = now > pfcp_srv.rts ? now : pfcp_srv.rts + 1;
	/* A first election: nothing was replicated, no SMF saw us yet. */
	if (!pfcp_srv.fed)
		return;
	pfcp_srv.n_rts_renewed++;
	pfcp_srv.node_gen++;
	CTL_LOG(NOTICE, "pfcp: taking over without a complete copy: new "
		"Recovery Time Stamp %u, control planes will restore their "
		"sessions (%u held)", pfcp_srv.rts, pfcp_srv.n_sess);
}

bool
ctl_pfcp_enabled(void)
{
	return pfcp_srv.enabled;
}

bool
ctl_pfcp_listening(void)
{
	return pfcp_srv.fd4 >= 0 || pfcp_srv.fd6 >= 0;
}
