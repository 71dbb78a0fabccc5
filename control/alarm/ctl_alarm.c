/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Alarms: raising (log line, history, statistics) and the trap sender, a
 * bounded queue of encoded traps that the reactor empties a few per turn
 * through one non-blocking UDP socket. Context: control.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rte_log.h>

#include "core/ctl_loop.h"
#include "ctl_alarm_int.h"

RTE_LOG_REGISTER(ctl_alarm_logtype, user.gw.alarm, INFO);

#define ALARM_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, ctl_alarm_logtype, "ALARM: " fmt "\n", \
		## __VA_ARGS__)

#define ALARM_QUEUE		64	/* encoded traps waiting for the socket */
#define ALARM_SEND_BURST	4	/* datagrams per reactor turn */

/* One encoded trap for one target. */
struct alarm_pkt {
	enum ctl_trap	trap;
	uint16_t	target;		/* index in conf->snmp_targets */
	uint16_t	len;
	uint8_t		data[CTL_ALARM_PKT_MAX];
};

static struct {
	const struct ctl_conf	*conf;
	struct ctl_loop		*loop;
	int			fd;		/* -1 without targets */
	bool			started;
	bool			watching;	/* EPOLLOUT armed */
	uint64_t		start_ms;	/* sysUpTime zero */
	int32_t			reqid;
	unsigned int		q_head;		/* next to send */
	unsigned int		q_len;
	struct alarm_pkt	q[ALARM_QUEUE];
	struct ctl_alarm_ring	ring;
	struct ctl_alarm_stats	st;
} al = { .fd = -1 };

const struct ctl_alarm_stats *
ctl_alarm_stats(void)
{
	return &al.st;
}

const struct ctl_alarm_ring *
ctl_alarm_history(void)
{
	return &al.ring;
}

unsigned int
ctl_alarm_queued(void)
{
	return al.q_len;
}

unsigned int
ctl_alarm_queue_cap(void)
{
	return ALARM_QUEUE;
}

const struct ctl_conf *
ctl_alarm_conf(void)
{
	return al.conf;
}

static void alarm_on_fd(struct ctl_loop *loop, int fd, uint32_t events,
			void *arg);

/* Watch the socket for writability while traps wait, not otherwise. */
static void
alarm_watch(bool on)
{
	int ret;

	if (on == al.watching || al.fd < 0)
		return;
	ret = on ? ctl_loop_fd_add(al.loop, al.fd, EPOLLOUT, alarm_on_fd,
				   NULL) :
		   ctl_loop_fd_del(al.loop, al.fd);
	if (ret < 0) {
		ALARM_LOG(ERR, "cannot %s the trap socket: %s",
			  on ? "watch" : "unwatch", strerror(-ret));
		return;
	}
	al.watching = on;
}

static void
alarm_queue_drop_head(void)
{
	al.q_head = (al.q_head + 1) % ALARM_QUEUE;
	al.q_len--;
}

/* Send up to ALARM_SEND_BURST queued traps; the rest wait a turn. */
static void
alarm_on_fd(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	const struct ctl_snmp_target *t;
	struct sockaddr_in sin;
	struct alarm_pkt *p;
	unsigned int n;
	ssize_t w;

	(void)loop;
	(void)events;
	(void)arg;
	for (n = 0; n < ALARM_SEND_BURST && al.q_len > 0; n++) {
		p = &al.q[al.q_head];
		t = &al.conf->snmp_targets[p->target];
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_addr = t->addr.v4;
		sin.sin_port = htons(t->port);
		w = sendto(fd, p->data, p->len, MSG_DONTWAIT,
			   (const struct sockaddr *)&sin, sizeof(sin));
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
			      errno == ENOBUFS || errno == EINTR)) {
			al.st.n_send_retry++;
			break;
		}
		if (w < 0) {
			al.st.n_send_err++;
			ALARM_LOG(WARNING, "trap %s to %s: %s",
				  ctl_trap_name(p->trap), t->name,
				  strerror(errno));
		} else {
			al.st.n_sent[p->trap]++;
		}
		alarm_queue_drop_head();
	}
	if (al.q_len == 0)
		alarm_watch(false);
}

static void
alarm_enqueue(const struct ctl_alarm_rec *rec, unsigned int target)
{
	struct alarm_pkt *p;
	int len;

	if (al.q_len == ALARM_QUEUE) {
		al.st.n_queue_drop++;
		return;
	}
	p = &al.q[(al.q_head + al.q_len) % ALARM_QUEUE];
	len = ctl_alarm_encode(rec, al.conf->snmp_targets[target].community,
			       ++al.reqid & INT32_MAX, p->data,
			       sizeof(p->data));
	if (len < 0) {
		al.st.n_encode_err++;
		ALARM_LOG(ERR, "trap %s: cannot encode: %s",
			  ctl_trap_name(rec->trap), strerror(-len));
		return;
	}
	p->trap = rec->trap;
	p->target = (uint16_t)target;
	p->len = (uint16_t)len;
	al.q_len++;
}

void
ctl_alarm_raise(enum ctl_trap t, const struct ctl_alarm_vars *v)
{
	struct ctl_alarm_rec rec;
	char words[CTL_ALARM_VAR_MAX * (CTL_ALARM_VAR_LEN + 16)];
	bool suppressed;
	unsigned int i;

	if (!al.started || (unsigned int)t >= CTL_TRAP_MAX)
		return;
	ctl_alarm_rec_fill(&rec, t, v, ctl_loop_wall_ms(),
			   (uint32_t)((ctl_loop_now_ms() - al.start_ms) / 10));
	ctl_alarm_ring_push(&al.ring, &rec);
	al.st.n_raised[t]++;
	suppressed = (al.conf->snmp_suppressed & (1u << t)) != 0;
	ALARM_LOG(NOTICE, "%s: %s%s", ctl_trap_name(t),
		  ctl_alarm_rec_words(&rec, words, sizeof(words)),
		  suppressed ? " (trap suppressed)" : "");
	if (suppressed) {
		al.st.n_suppressed[t]++;
		return;
	}
	for (i = 0; i < al.conf->n_snmp_targets; i++)
		alarm_enqueue(&rec, i);
	if (al.q_len > 0)
		alarm_watch(true);
}

int
ctl_alarm_init(const struct ctl_conf *conf, struct ctl_loop *loop)
{
	int ret;

	memset(&al, 0, sizeof(al));
	al.fd = -1;
	al.conf = conf;
	al.loop = loop;
	al.start_ms = ctl_loop_now_ms();
	ctl_alarm_pdu_init();
	if (conf->n_snmp_targets > 0) {
		al.fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK |
			       SOCK_CLOEXEC, 0);
		if (al.fd < 0) {
			ret = -errno;
			ALARM_LOG(ERR, "trap socket: %s", strerror(errno));
			return ret;
		}
	}
	ret = ctl_alarm_cmd_register();
	if (ret < 0) {
		ALARM_LOG(ERR, "cannot register the snmp commands: %s",
			  strerror(-ret));
		goto out_close;
	}
	al.started = true;
	ALARM_LOG(INFO, "alarms on: %u trap target(s)", conf->n_snmp_targets);
	return 0;
out_close:
	if (al.fd >= 0)
		close(al.fd);
	al.fd = -1;
	return ret;
}

void
ctl_alarm_fini(void)
{
	alarm_watch(false);
	if (al.fd >= 0)
		close(al.fd);
	al.fd = -1;
	al.started = false;
}
