/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The BGP monitor engine ("monitor bgp context CTX ADDR [group N]",
 * docs/monitors.md "BGP"): every CTL_MON_BGP_POLL_MS it asks the BIRD
 * speaker srpgw drives for "show protocols all" on the speaker's control
 * socket (ctl_bgp_query: non-blocking, from the reactor) and reports each
 * target UP when the BGP protocol whose neighbour is ADDR is Established,
 * DOWN otherwise or when no such protocol exists (a session not yet
 * Established in the first CTL_MON_BGP_GRACE_MS stays UNKNOWN, so a
 * starting speaker fails nothing). Without a bgp-speaker
 * every target stays UNKNOWN ("no bgp-speaker configured"). Context:
 * control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bgp/ctl_bgp.h"
#include "bgp/ctl_bgp_proto.h"
#include "core/ctl_log.h"
#include "core/ctl_loop.h"
#include "ctl_mon.h"

#define CTL_MON_BGP_POLL_MS	500	/* one query per period */
#define CTL_MON_BGP_FAILS	3	/* unanswered queries before DOWN */
#define CTL_MON_BGP_MAX_PEERS	64	/* BGP protocols read per reply */
#define CTL_MON_BGP_GRACE_MS	15000	/* start-up: a session never yet
					 * Established stays UNKNOWN */

static struct {
	struct ctl_timer	*timer;
	uint64_t		start_ms;
	bool			seen_up[SRP_CONF_MAX_MONITORS];
	unsigned int		fails;	/* consecutive failed queries */
	bool			busy;	/* a query in flight */
} mb;

static bool
is_bgp(unsigned int i)
{
	return ctl_mon_target(i)->conf->kind == SRP_MON_BGP;
}

static void
mon_bgp_answer(void *arg, int err, const char *reply, size_t len)
{
	struct ctl_bgp_peer peers[CTL_MON_BGP_MAX_PEERS];
	const struct ctl_bgp_peer *p;
	char why[96];
	unsigned int i, np;
	int n;

	(void)arg;
	mb.busy = false;
	n = err == 0 ? ctl_bgp_peers_parse(reply, len, peers,
					   CTL_MON_BGP_MAX_PEERS) : err;
	if (n < 0) {
		mb.fails++;
		snprintf(why, sizeof(why), "speaker %s: %s", err == 0 ?
			 "reply unreadable" : "not answering", strerror(-n));
		for (i = 0; i < ctl_mon_count(); i++) {
			struct ctl_mon_target *t = ctl_mon_target(i);

			if (!is_bgp(i))
				continue;
			if (err == -ETIMEDOUT)
				t->n_timeouts++;
			else
				t->n_errors++;
			/* A speaker gone for a while: its sessions are. */
			ctl_mon_report(i, mb.fails >= CTL_MON_BGP_FAILS ?
				       CTL_MON_DOWN : t->state, why);
		}
		return;
	}
	mb.fails = 0;
	np = (unsigned int)n < CTL_MON_BGP_MAX_PEERS ? (unsigned int)n :
	     CTL_MON_BGP_MAX_PEERS;
	for (i = 0; i < ctl_mon_count(); i++) {
		struct ctl_mon_target *t = ctl_mon_target(i);

		if (!is_bgp(i))
			continue;
		t->n_answered++;
		p = ctl_bgp_peer_find(peers, np, &t->conf->addr);
		if (p == NULL) {
			ctl_mon_report(i, CTL_MON_DOWN, "no BGP protocol with "
				       "this neighbor in the speaker");
			continue;
		}
		snprintf(why, sizeof(why), "protocol %.40s: %s", p->proto,
			 p->state[0] != '\0' ? p->state : "?");
		if (p->established && i < SRP_CONF_MAX_MONITORS)
			mb.seen_up[i] = true;
		/* Sessions still coming up at start are not a failure. */
		if (!p->established && i < SRP_CONF_MAX_MONITORS &&
		    !mb.seen_up[i] &&
		    ctl_loop_now_ms() - mb.start_ms < CTL_MON_BGP_GRACE_MS) {
			ctl_mon_report(i, CTL_MON_UNKNOWN, why);
			continue;
		}
		ctl_mon_report(i, p->established ? CTL_MON_UP : CTL_MON_DOWN,
			       why);
	}
}

static void
mon_bgp_tick(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	unsigned int i;
	int ret;

	(void)loop;
	(void)t;
	(void)arg;
	if (mb.busy)
		return;		/* the previous query has not ended yet */
	ret = ctl_bgp_query("show protocols all", mon_bgp_answer, NULL);
	if (ret < 0) {
		/* Refused at once (no speaker listening): as unanswered. */
		mon_bgp_answer(NULL, ret, NULL, 0);
		return;
	}
	mb.busy = true;
	for (i = 0; i < ctl_mon_count(); i++)
		if (is_bgp(i))
			ctl_mon_target(i)->n_sent++;
}

static int
mon_bgp_start(const struct ctl_conf *conf, struct ctl_loop *loop)
{
	unsigned int i;

	(void)conf;
	memset(&mb, 0, sizeof(mb));
	if (!ctl_bgp_queryable()) {
		for (i = 0; i < ctl_mon_count(); i++)
			if (is_bgp(i))
				ctl_mon_report(i, CTL_MON_UNKNOWN,
					       "no bgp-speaker configured");
		CTL_LOG(WARNING, "monitor bgp: no bgp-speaker control-socket "
			"configured: BGP targets stay unknown");
		return 0;
	}
	mb.start_ms = ctl_loop_now_ms();
	mb.timer = ctl_loop_timer_add(loop, CTL_MON_BGP_POLL_MS,
				      CTL_MON_BGP_POLL_MS, mon_bgp_tick, NULL);
	if (mb.timer == NULL)
		return -errno;
	CTL_LOG(NOTICE, "monitor bgp: polling the speaker every %u ms",
		CTL_MON_BGP_POLL_MS);
	return 0;
}

static void
mon_bgp_stop(void)
{
	ctl_bgp_query_cancel();
	if (mb.timer != NULL)
		ctl_loop_timer_del(mb.timer);
	memset(&mb, 0, sizeof(mb));
}

static struct ctl_mon_engine mon_bgp_engine = {
	.kind = SRP_MON_BGP,
	.name = "bgp",
	.start = mon_bgp_start,
	.stop = mon_bgp_stop,
};

static void __attribute__((constructor))
mon_bgp_register(void)
{
	ctl_mon_engine_register(&mon_bgp_engine);
}
