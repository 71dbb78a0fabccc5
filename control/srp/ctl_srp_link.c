/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP service glue, the link: srp_conn's settings and callbacks (which
 * descriptors to watch, link up and down, each verified message, log
 * lines), turned into role machine events and checkpoint input.
 * Context: control.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_log.h>

#include "core/ctl_loop.h"
#include "ctl_srp.h"
#include "ctl_srp_int.h"

/*
 * Link callbacks.
 */

static int
srp_watch(void *arg, int fd, uint32_t events)
{
	struct ctl_srp *s = arg;
	int free_slot = -1;
	int i, ret;

	for (i = 0; i < CTL_SRP_MAX_FDS; i++) {
		if (s->fds[i] == fd)
			break;
		if (s->fds[i] < 0 && free_slot < 0)
			free_slot = i;
	}
	if (events == 0) {
		if (i < CTL_SRP_MAX_FDS) {
			ctl_loop_fd_del(s->loop, fd);
			s->fds[i] = -1;
		}
		return 0;
	}
	if (i < CTL_SRP_MAX_FDS)
		return ctl_loop_fd_mod(s->loop, fd, events);
	if (free_slot < 0)
		return -ENOSPC;
	ret = ctl_loop_fd_add(s->loop, fd, events, ctl_srp_i_on_fd, s);
	if (ret < 0)
		return ret;
	s->fds[free_slot] = fd;
	return 0;
}

static void
srp_on_up(void *arg)
{
	struct ctl_srp *s = arg;

	s->stats.n_link_up++;
	s->up_since_ms = ctl_loop_now_ms();
	s->up_since_wall_s = (int64_t)time(NULL);
	if (s->ckpt_init)
		ctl_ckpt_link(&s->ckpt, true);
	SRP_LOG(NOTICE, "link up with the peer (%s connection)",
		s->conn.fd_outbound ? "outbound" : "inbound");
	ctl_srp_i_alarm(s, CTL_TRAP_CONN_UP, NULL);
	/* CONN_UP asks for the hello that must come first. CONFIG goes
	 * when the peer's hello has verified it: an unverified peer gets
	 * nothing but the handshake (docs/srp-protocol.md section 6.5). */
	s->config_due = true;
	ctl_srp_i_feed(s, SRP_EV_CONN_UP, NULL, NULL);
	s->next_hello_ms = ctl_loop_now_ms() + s->fsm.conf.hello_ms;
}

static void
srp_on_down(void *arg, enum srp_conn_down why)
{
	struct ctl_srp *s = arg;

	s->stats.n_link_down++;
	s->up_since_ms = 0;
	srp_hgap_link_down(&s->hgap);
	if (s->ckpt_init)
		ctl_ckpt_link(&s->ckpt, false);
	SRP_LOG(NOTICE, "link down: %s", srp_conn_down_str(why));
	ctl_srp_i_alarm(s, CTL_TRAP_CONN_DOWN, srp_conn_down_str(why));
	ctl_srp_i_feed(s, SRP_EV_CONN_DOWN, NULL, NULL);
}

/* The peer's last CONFIG differed (one trap per mismatch, not per
 * reconnect). */
static bool config_oos;

static void
srp_on_config(struct ctl_srp *s, const struct srp_msg *m)
{
	char *text;

	text = malloc((size_t)m->payload_len + 1);
	if (text == NULL) {
		SRP_LOG(ERR, "peer configuration dropped: out of memory");
		return;
	}
	memcpy(text, m->payload, m->payload_len);
	text[m->payload_len] = '\0';
	free(s->peer_text);
	s->peer_text = text;
	memcpy(s->peer_digest, m->hello.config_digest, SRP_DIGEST_LEN);
	s->peer_config_ms = ctl_loop_now_ms();
	s->stats.n_config_rx++;
	if (memcmp(s->peer_digest, s->digest, SRP_DIGEST_LEN) != 0) {
		SRP_LOG(WARNING, "peer SRP configuration differs (see srp "
			"validate-configuration)");
		if (!config_oos)
			ctl_srp_i_alarm(s, CTL_TRAP_CONFIG_OOS, "configuration "
					"digest differs (srp "
					"validate-configuration)");
		config_oos = true;
	} else if (config_oos) {
		config_oos = false;
		ctl_srp_i_alarm(s, CTL_TRAP_CONFIG_SYNC, NULL);
	}
}

static void
srp_on_msg(void *arg, const struct srp_msg *m)
{
	struct ctl_srp *s = arg;
	struct srp_fsm_actions a;
	struct srp_fsm_input in = { .msg = m };

	switch (m->type) {
	case SRP_MSG_HELLO:
		memcpy(s->peer_sw_version, m->hello.sw_version,
		       sizeof(s->peer_sw_version));
		memcpy(s->peer_hello_digest, m->hello.config_digest,
		       SRP_DIGEST_LEN);
		s->peer_hello_seen = true;
		srp_hgap_note(&s->hgap, ctl_loop_now_ms(), s->fsm.conf.hello_ms,
			      s->fsm.conf.dead_ms);
		if (s->config_due && srp_conn_is_verified(&s->conn)) {
			s->config_due = false;
			ctl_srp_i_config_send(s);
		}
		if (srp_fsm_hello(&s->fsm, ctl_loop_now_ms(), m, &a) == 0)
			ctl_srp_i_actions_run(s, &a, NULL);
		if (s->ckpt_init && srp_conn_is_up(&s->conn)) {
			/* Before the hello can start a full checkpoint. */
			ctl_ckpt_caps(&s->ckpt, srp_fsm_caps_shared(&s->fsm));
			ctl_ckpt_hello(&s->ckpt, m->hello.state,
				       m->hello.comp_caps);
		}
		break;
	case SRP_MSG_SWITCHOVER_REQUEST:
		ctl_srp_i_feed(s, SRP_EV_SWITCH_REQ, &in, NULL);
		break;
	case SRP_MSG_SWITCHOVER_ACK:
		ctl_srp_i_feed(s, SRP_EV_SWITCH_ACK, &in, NULL);
		break;
	case SRP_MSG_CONFIG:
		srp_on_config(s, m);
		break;
	case SRP_MSG_CKPT_BEGIN:
	case SRP_MSG_CKPT_CHUNK:
	case SRP_MSG_CKPT_END:
	case SRP_MSG_SESS_DELTA:
	case SRP_MSG_NACK:
	case SRP_MSG_READY:
	case SRP_MSG_AUDIT_QUERY:
	case SRP_MSG_AUDIT_DIGESTS:
	case SRP_MSG_AUDIT_FETCH:
	case SRP_MSG_AUDIT_ITEMS:
		if (m->type == SRP_MSG_CKPT_BEGIN)
			s->stats.n_ckpt_begin_rx++;
		else if (m->type == SRP_MSG_CKPT_END)
			s->stats.n_ckpt_end_rx++;
		if (s->ckpt_init)
			ctl_ckpt_msg(&s->ckpt, m);
		break;
	default:
		s->stats.n_unexpected[m->type % SRP_MSG_TYPE_MAX]++;
		break;
	}
}

static void
srp_on_log(void *arg, int level, const char *text)
{
	(void)arg;
	if (strncmp(text, "SRP: ", 5) == 0)
		text += 5;
	rte_log((uint32_t)level, ctl_srp_logtype, "SRP: %s\n", text);
}

int
ctl_srp_i_conn_setup(struct ctl_srp *s, const struct srp_conf *sc)
{
	static const struct srp_conn_ops ops = {
		.watch = srp_watch,
		.up = srp_on_up,
		.down = srp_on_down,
		.msg = srp_on_msg,
		.log = srp_on_log,
	};
	struct srp_conn_conf cc;

	memset(&cc, 0, sizeof(cc));
	cc.bind_addr = sc->bind_addr;
	cc.peer_addr = sc->peer_addr;
	cc.bind_port = sc->bind_port;
	cc.peer_port = sc->peer_port;
	cc.dscp[SRP_CONN_CLASS_CONTROL] = sc->dscp_control;
	cc.dscp[SRP_CONN_CLASS_SESSION] = sc->dscp_session;
	if (sc->auth_key[0] != '\0') {
		cc.key = (const uint8_t *)sc->auth_key;
		cc.key_len = strlen(sc->auth_key);
	} else {
		SRP_LOG(WARNING, "no authentication key: anyone who can use "
			"the peer's address can speak SRP to this chassis "
			"(configure \"authentication key\")");
	}
	/* A frozen peer must not hold the link: same limit as the FSM's. */
	cc.dead_ms = sc->dead_ms;
	return srp_conn_init(&s->conn, &cc, &ops, s);
}
