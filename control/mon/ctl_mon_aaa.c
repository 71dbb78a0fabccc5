/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * AAA monitor engine (chapter "AAA Monitor"): for each "monitor
 * authentication-probe context CTX ADDR [port P]" target, a non-blocking
 * UDP socket connected to the server and one timer on the control
 * reactor. Only the active chassis probes: every probe interval an
 * Access-Request (mon_radius) is sent and retransmitted unchanged after
 * each timeout, up to max-retries times; any valid answer (Accept, Reject,
 * Challenge) makes the target UP, max-retries + 1 unanswered attempts make
 * it DOWN. Bad answers are counted as errors and change nothing. On the
 * standby targets are IDLE. Context: control.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conf/ctl_conf.h"
#include "core/ctl_api.h"
#include "core/ctl_log.h"
#include "core/ctl_loop.h"
#include "core/ctl_reply.h"
#include "ctl_mon.h"
#include "ctl_mon_aaa.h"
#include "ctl_mon_int.h"
#include "mon_radius.h"
#include "srp_keyseal.h"

#define AAA_RX_BURST	16	/* datagrams read per readiness callback */
#define AAA_KICK_MS	1	/* first probe after activation or reset */
#define AAA_PKT_MAX	512	/* our request: 20 + 255 + 130 + 18 + 18 */

struct aaa_probe {
	unsigned int		idx;		/* ctl_mon_target() index */
	int			fd;		/* -1: none */
	struct ctl_timer	*timer;
	bool			usable;		/* configuration complete */
	bool			waiting;	/* a request is outstanding */
	unsigned int		tries;		/* attempts of that request */
	uint32_t		timeout_ms;
	uint32_t		max_retries;
	uint32_t		interval_ms;
	uint8_t			next_id;
	struct mon_radius_req	req;
	uint8_t			pkt[AAA_PKT_MAX];
	size_t			pkt_len;
	uint8_t			secret[CTL_TEXT_LEN];
	size_t			secret_len;
	char			user[CTL_NAME_LEN];
	char			password[CTL_TEXT_LEN];
	char			why[128];	/* when not usable */
};

static struct {
	struct aaa_probe	p[SRP_CONF_MAX_MONITORS];
	unsigned int		n;
	struct ctl_loop		*loop;
	bool			started;
	bool			active;
	ctl_mon_aaa_reset_fn	*reset_hook;
} aaa;

void
ctl_mon_aaa_reset_hook_set(ctl_mon_aaa_reset_fn *fn)
{
	aaa.reset_hook = fn;
}

static struct ctl_mon_target *
target_of(const struct aaa_probe *p)
{
	return ctl_mon_target(p->idx);
}

/* Keep the state, update the detail shown. */
static void
detail_set(struct aaa_probe *p, const char *detail)
{
	struct ctl_mon_target *t = target_of(p);

	if (t != NULL)
		ctl_mon_report(p->idx, t->state, detail);
}

static void
timer_arm(struct aaa_probe *p, uint64_t ms)
{
	int ret;

	if (p->timer == NULL)
		return;
	ret = ctl_loop_timer_set(p->timer, ms, 0);
	if (ret < 0)
		CTL_LOG(ERR, "monitor authentication-probe: timer: %s",
			strerror(-ret));
}

/* One datagram of the outstanding request; a refused send still uses an
 * attempt (the timeout decides). */
static void
probe_send(struct aaa_probe *p)
{
	struct ctl_mon_target *t = target_of(p);
	char msg[96];

	p->tries++;
	if (send(p->fd, p->pkt, p->pkt_len, 0) == (ssize_t)p->pkt_len) {
		t->n_sent++;
	} else {
		t->n_errors++;
		snprintf(msg, sizeof(msg), "send: %s", strerror(errno));
		detail_set(p, msg);
	}
	timer_arm(p, p->timeout_ms);
}

/* A new request: new identifier and Request Authenticator. */
static void
probe_new(struct aaa_probe *p)
{
	struct ctl_mon_target *t = target_of(p);
	int len;

	p->req.id = p->next_id++;
	if (getrandom(p->req.auth, sizeof(p->req.auth), 0) !=
	    (ssize_t)sizeof(p->req.auth)) {
		t->n_errors++;
		detail_set(p, "no random bytes for the authenticator");
		timer_arm(p, p->interval_ms);
		return;
	}
	len = mon_radius_request_build(&p->req, p->pkt, sizeof(p->pkt));
	if (len < 0) {
		t->n_errors++;
		detail_set(p, "cannot build the Access-Request");
		timer_arm(p, p->interval_ms);
		return;
	}
	p->pkt_len = (size_t)len;
	p->waiting = true;
	p->tries = 0;
	probe_send(p);
}

static void
aaa_timer(struct ctl_loop *loop, struct ctl_timer *tm, void *arg)
{
	struct aaa_probe *p = arg;
	struct ctl_mon_target *t = target_of(p);
	char msg[96];

	(void)loop;
	(void)tm;
	if (!aaa.active || !aaa.started || t == NULL)
		return;
	if (!p->waiting) {
		probe_new(p);
		return;
	}
	t->n_timeouts++;
	if (p->tries <= p->max_retries) {
		probe_send(p);
		return;
	}
	/* Chapter "AAA Monitor": down when max-retries is reached. */
	p->waiting = false;
	snprintf(msg, sizeof(msg), "no answer to %u attempts (timeout %u s, "
		 "max-retries %u)", p->tries, p->timeout_ms / 1000,
		 p->max_retries);
	ctl_mon_report(p->idx, CTL_MON_DOWN, msg);
	timer_arm(p, p->interval_ms);
}

static void
answer(struct aaa_probe *p, const uint8_t *buf, size_t len)
{
	struct ctl_mon_target *t = target_of(p);
	enum mon_radius_err e;
	uint8_t code = 0;
	char msg[96];

	if (!p->waiting) {
		/* A late or duplicate answer, or one nobody asked for. */
		t->n_errors++;
		detail_set(p, "answer with no request outstanding");
		return;
	}
	e = mon_radius_response_check(buf, len, p->req.id, p->req.auth,
				      p->secret, p->secret_len, &code);
	if (e != MON_RADIUS_OK) {
		t->n_errors++;
		snprintf(msg, sizeof(msg), "bad answer: %s",
			 mon_radius_err_str(e));
		detail_set(p, msg);
		return;
	}
	t->n_answered++;
	p->waiting = false;
	p->tries = 0;
	ctl_mon_report(p->idx, CTL_MON_UP, mon_radius_code_str(code));
	timer_arm(p, p->interval_ms);
}

static void
aaa_rx(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	uint8_t buf[MON_RADIUS_MAX_LEN + 1];
	struct aaa_probe *p = arg;
	struct ctl_mon_target *t = target_of(p);
	unsigned int i;
	char msg[96];
	ssize_t n;

	(void)loop;
	(void)events;
	for (i = 0; i < AAA_RX_BURST; i++) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			if (errno == EINTR)
				continue;
			/* ICMP port unreachable and the like: the attempt
			 * still ends by its timeout. */
			t->n_errors++;
			snprintf(msg, sizeof(msg), "receive: %s",
				 strerror(errno));
			detail_set(p, msg);
			continue;
		}
		if (!aaa.active)
			continue;
		answer(p, buf, (size_t)n);
	}
}

static const struct ctl_context *
ctx_find(const struct ctl_conf *conf, const char *name)
{
	unsigned int i;

	for (i = 0; i < conf->n_contexts && i < CTL_MAX_CONTEXTS; i++)
		if (strcmp(conf->contexts[i].name, name) == 0)
			return &conf->contexts[i];
	return NULL;
}

/* The context's "radius server" for the target: same address and, when
 * both give one, the same port. */
static const struct ctl_radius *
server_find(const struct ctl_context *c, const struct srp_monitor *m)
{
	const struct ctl_radius *any = NULL;
	unsigned int i;

	for (i = 0; i < c->n_radius && i < CTL_MAX_RADIUS; i++) {
		const struct ctl_radius *r = &c->radius[i];

		if (r->kind != CTL_RADIUS_AUTH ||
		    !srp_addr_equal(&r->addr, &m->addr))
			continue;
		if (m->port != 0 && r->port == m->port)
			return r;
		if (any == NULL && (m->port == 0 || r->port == 0))
			any = r;
	}
	return any;
}

/* Secret, identity, timers and NAS address of @p from @conf. */
static int
probe_conf(struct aaa_probe *p, const struct ctl_conf *conf,
	   const struct srp_monitor *m, struct sockaddr_storage *sa,
	   socklen_t *sa_len, uint16_t *port)
{
	const struct ctl_context *c = ctx_find(conf, m->context);
	const struct ctl_radius *r;
	char key[CTL_TEXT_LEN];
	int ret;

	if (c == NULL) {
		snprintf(p->why, sizeof(p->why), "no context '%s'",
			 m->context);
		return -ENOENT;
	}
	r = server_find(c, m);
	if (r == NULL) {
		snprintf(p->why, sizeof(p->why), "no matching 'radius server' "
			 "in context '%s'", m->context);
		return -ENOENT;
	}
	if (r->key_encrypted) {
		ret = srp_key_unseal(r->key, key, sizeof(key));
		if (ret < 0) {
			snprintf(p->why, sizeof(p->why), "encrypted key not "
				 "in srpgw's sealed form: cannot probe");
			return ret;
		}
	} else {
		snprintf(key, sizeof(key), "%s", r->key);
	}
	p->secret_len = strlen(key);
	memcpy(p->secret, key, p->secret_len);
	explicit_bzero(key, sizeof(key));
	snprintf(p->user, sizeof(p->user), "%s", c->radius_probe_user[0] ?
		 c->radius_probe_user : CTL_RADIUS_PROBE_USER_DEFAULT);
	snprintf(p->password, sizeof(p->password), "%s",
		 c->radius_probe_password[0] ? c->radius_probe_password :
		 CTL_RADIUS_PROBE_PASSWORD_DEFAULT);
	p->timeout_ms = 1000u * (c->radius_timeout_s != 0 ?
		c->radius_timeout_s : CTL_RADIUS_TIMEOUT_DEFAULT);
	p->max_retries = c->radius_max_retries_set ? c->radius_max_retries :
			 CTL_RADIUS_MAX_RETRIES_DEFAULT;
	p->interval_ms = 1000u * (c->radius_probe_interval_s != 0 ?
		c->radius_probe_interval_s : CTL_RADIUS_PROBE_INTERVAL_DEFAULT);
	memset(&p->req, 0, sizeof(p->req));
	p->req.secret = p->secret;
	p->req.secret_len = p->secret_len;
	p->req.user = p->user;
	p->req.password = p->password;
	if (c->nas_ip_set) {
		p->req.nas_family = (uint8_t)c->nas_ip.family;
		memcpy(p->req.nas_ip, c->nas_ip.family == AF_INET ?
		       (const void *)&c->nas_ip.v4 : (const void *)&c->nas_ip.v6,
		       c->nas_ip.family == AF_INET ? 4 : 16);
	}
	*port = m->port != 0 ? m->port : r->port != 0 ? r->port :
		MON_RADIUS_PORT_DEFAULT;
	memset(sa, 0, sizeof(*sa));
	if (m->addr.family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)sa;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(*port);
		s4->sin_addr = m->addr.v4;
		*sa_len = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)sa;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(*port);
		s6->sin6_addr = m->addr.v6;
		*sa_len = sizeof(*s6);
	}
	return 0;
}

static int
probe_open(struct aaa_probe *p, const struct ctl_conf *conf,
	   const struct srp_monitor *m)
{
	struct sockaddr_storage sa;
	socklen_t sa_len = 0;
	uint16_t port = 0;
	int fd, ret;

	p->fd = -1;
	if (probe_conf(p, conf, m, &sa, &sa_len, &port) < 0)
		return 0;	/* shown in the target's detail */
	fd = socket(sa.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd < 0) {
		ret = -errno;
		CTL_LOG(ERR, "monitor authentication-probe: socket: %s",
			strerror(errno));
		return ret;
	}
	/* Connected: only the server's datagrams arrive, and an ICMP
	 * unreachable shows as a receive error. */
	if (connect(fd, (struct sockaddr *)&sa, sa_len) < 0) {
		snprintf(p->why, sizeof(p->why), "connect port %u: %s", port,
			 strerror(errno));
		close(fd);
		return 0;
	}
	ret = ctl_loop_fd_add(aaa.loop, fd, EPOLLIN, aaa_rx, p);
	if (ret < 0)
		goto out_close_fd;
	p->timer = ctl_loop_timer_add(aaa.loop, AAA_KICK_MS, 0, aaa_timer, p);
	if (p->timer == NULL) {
		ret = -errno;
		goto out_fd_del;
	}
	ctl_loop_timer_stop(p->timer);
	p->fd = fd;
	p->usable = true;
	return 0;
out_fd_del:
	ctl_loop_fd_del(aaa.loop, fd);
out_close_fd:
	close(fd);
	CTL_LOG(ERR, "monitor authentication-probe: reactor: %s",
		strerror(-ret));
	return ret;
}

/* Probing on (active) or off (standby) for @p. */
static void
probe_role(struct aaa_probe *p, bool active)
{
	if (!p->usable) {
		ctl_mon_report(p->idx, CTL_MON_UNKNOWN, p->why);
		return;
	}
	p->waiting = false;
	p->tries = 0;
	if (active) {
		ctl_mon_report(p->idx, CTL_MON_UNKNOWN, "probing");
		timer_arm(p, AAA_KICK_MS);
	} else {
		if (p->timer != NULL)
			ctl_loop_timer_stop(p->timer);
		ctl_mon_report(p->idx, CTL_MON_IDLE,
			       "not active: no probes (chapter: active only)");
	}
}

unsigned int
ctl_mon_aaa_reset(void)
{
	unsigned int i;

	for (i = 0; i < aaa.n; i++) {
		struct aaa_probe *p = &aaa.p[i];
		struct ctl_mon_target *t = target_of(p);

		if (t == NULL)
			continue;
		t->n_down = 0;
		t->n_sent = 0;
		t->n_answered = 0;
		t->n_timeouts = 0;
		t->n_errors = 0;
		/* Out of DOWN first: the AAA verdict recovers. */
		if (t->state == CTL_MON_DOWN)
			ctl_mon_report(p->idx, CTL_MON_UNKNOWN,
				       "failure reset by operator");
		if (aaa.started)
			probe_role(p, aaa.active);
	}
	if (aaa.reset_hook != NULL)
		aaa.reset_hook();
	CTL_LOG(NOTICE, "monitor authentication-probe: failure information "
		"reset (%u targets)", aaa.n);
	return aaa.n;
}

static int
cmd_reset_auth_probe_fail(struct ctl_reply *out, int argc, char **argv,
			  void *arg)
{
	(void)argv;
	(void)arg;
	if (argc != 0) {
		ctl_reply_error(out, "expected: srp reset-auth-probe-fail");
		return -EINVAL;
	}
	ctl_reply_u64(out, "targets_reset", ctl_mon_aaa_reset());
	return 0;
}

static const struct ctl_cmd aaa_cmds[] = {
	{
		.words = "srp reset-auth-probe-fail",
		.args = "",
		.help = "reset the AAA monitor failure information to 0",
		.fn = cmd_reset_auth_probe_fail,
	},
};

static void
aaa_stop(void)
{
	unsigned int i;

	for (i = 0; i < aaa.n; i++) {
		struct aaa_probe *p = &aaa.p[i];

		if (p->timer != NULL)
			ctl_loop_timer_del(p->timer);
		p->timer = NULL;
		if (p->fd >= 0) {
			ctl_loop_fd_del(aaa.loop, p->fd);
			close(p->fd);
		}
		p->fd = -1;
		explicit_bzero(p->secret, sizeof(p->secret));
		explicit_bzero(p->password, sizeof(p->password));
	}
	aaa.n = 0;
	aaa.started = false;
}

static int
aaa_start(const struct ctl_conf *conf, struct ctl_loop *loop)
{
	unsigned int i;
	int ret;

	memset(aaa.p, 0, sizeof(aaa.p));
	aaa.n = 0;
	aaa.loop = loop;
	if (loop == NULL)
		return 0;	/* no reactor (tests of the framework) */
	ret = ctl_api_register(&aaa_cmds[0]);
	if (ret < 0 && ret != -EEXIST)
		return ret;
	for (i = 0; i < ctl_mon_count(); i++) {
		const struct srp_monitor *m = ctl_mon_target(i)->conf;
		struct aaa_probe *p;

		if (m->kind != SRP_MON_AUTH_PROBE)
			continue;
		p = &aaa.p[aaa.n++];
		p->idx = i;
		ret = probe_open(p, conf, m);
		if (ret < 0) {
			aaa_stop();
			return ret;
		}
	}
	aaa.started = true;
	for (i = 0; i < aaa.n; i++)
		probe_role(&aaa.p[i], aaa.active);
	return 0;
}

static void
aaa_role(bool active)
{
	unsigned int i;

	/* May come before start (the srp module starts first). */
	aaa.active = active;
	if (!aaa.started)
		return;
	for (i = 0; i < aaa.n; i++)
		probe_role(&aaa.p[i], active);
}

static struct ctl_mon_engine aaa_engine = {
	.kind = SRP_MON_AUTH_PROBE,
	.name = "authentication-probe",
	.start = aaa_start,
	.stop = aaa_stop,
	.role = aaa_role,
};

static void __attribute__((constructor))
ctl_mon_aaa_register(void)
{
	ctl_mon_engine_register(&aaa_engine);
}
