/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A session as a replication record (the fields an SRP upsert carries, its
 * counters and last activity in wall-clock time) and the subscriber digest
 * built from those records, kept up to date by the session table on every
 * change. Used by the session commands and by checkpointing.
 * Context: control.
 */
#include <string.h>

#include <rte_cycles.h>

#include "ctl_sess_rec.h"

void
ctl_sess_rec_counters(const struct sess_table *t, uint32_t slot,
		      uint64_t wall_ms, struct srp_rec *r)
{
	struct sess_cnt_base b;
	struct sess_cnt sum;
	uint64_t hz, now, ago, last = 0;

	sess_table_cnt_sum(t, slot, &sum);
	r->ul_pkts = sum.ul_pkts;
	r->ul_bytes = sum.ul_bytes;
	r->dl_pkts = sum.dl_pkts;
	r->dl_bytes = sum.dl_bytes;
	if (sess_table_cnt_base_get(t, slot, &b) == 0)
		last = b.last_ms;
	hz = rte_get_tsc_hz();
	if (sum.last_tsc != 0 && hz >= 1000) {
		now = rte_rdtsc();
		ago = now > sum.last_tsc ? (now - sum.last_tsc) / (hz / 1000) :
		      0;
		if (ago < wall_ms && wall_ms - ago > last)
			last = wall_ms - ago;
	}
	r->last_activity_ms = last;
}

void
ctl_sess_rec_from(const struct sess_table *t, const struct sess *s,
		       uint64_t wall_ms, struct srp_rec *r)
{
	const struct sess_params *p = &s->p;

	memset(r, 0, sizeof(*r));
	r->op = SRP_REC_UPSERT;
	r->flags = (uint8_t)((p->has_ue4 ? SRP_REC_F_UE4 : 0) |
			     (p->has_ue6 ? SRP_REC_F_UE6 : 0) |
			     (p->has_qfi ? SRP_REC_F_QFI : 0) |
			     (p->flags & SESS_F_VOLTE ? SRP_REC_F_VOLTE : 0) |
			     (p->flags & SESS_F_ERR_IND ? SRP_REC_F_ERR_IND :
			      0) |
			     (p->flags & SESS_F_UL_DROP ? SRP_REC_F_UL_DROP :
			      0) |
			     (p->flags & SESS_F_DL_DROP ? SRP_REC_F_DL_DROP :
			      0));
	r->peer_af = p->peer_af;
	r->qfi = p->has_qfi ? p->qfi : 0;
	r->teid_local = p->teid_local;
	r->teid_remote = p->teid_remote;
	r->created_ms = s->created_ms;
	/* No peer (no downlink tunnel): the address stays zero. */
	if (sess_params_has_tunnel(p))
		memcpy(r->peer_addr, p->peer_addr, p->peer_af == 4 ? 4 : 16);
	if (p->has_ue4)
		memcpy(r->ue4, p->ue4, 4);
	if (p->has_ue6)
		memcpy(r->ue6, p->ue6, 16);
	if (t != NULL)
		ctl_sess_rec_counters(t, s->slot, wall_ms, r);
}

/* FNV-1a then a 64-bit finaliser: one session's fingerprint. */
static uint64_t
digest_hash(const struct srp_rec *r)
{
	const uint8_t *b = (const uint8_t *)r;
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < sizeof(*r); i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

/* Sessions hashed, and sessions visited by full walks (tests, audit). */
static uint64_t digest_n_hashed;
static uint64_t digest_n_walked;

uint64_t
ctl_sess_digest_one(const struct sess *s)
{
	struct srp_rec r;

	digest_n_hashed++;
	/* Counters lag by design (refreshes): not part of the digest. */
	ctl_sess_rec_from(NULL, s, 0, &r);
	return digest_hash(&r);
}

void
ctl_sess_digest_attach(struct sess_table *t)
{
	if (t != NULL && sess_table_digest_fn_get(t) != ctl_sess_digest_one)
		sess_table_digest_set(t, ctl_sess_digest_one);
}

uint64_t
ctl_sess_digest(const struct sess_table *t, uint32_t *count)
{
	/* Attached by ctl_sess_init/ctl_ckpt_init: O(1). */
	if (sess_table_digest_fn_get(t) == ctl_sess_digest_one)
		return sess_table_digest(t, count);
	return ctl_sess_digest_walk(t, count);
}

struct digest_acc {
	uint64_t	sum;
	uint32_t	n;
};

static int
digest_cb(const struct sess *s, void *arg)
{
	struct digest_acc *a = arg;

	a->sum += ctl_sess_digest_one(s);
	a->n++;
	digest_n_walked++;
	return 0;
}

uint64_t
ctl_sess_digest_walk(const struct sess_table *t, uint32_t *count)
{
	struct digest_acc a = { 0, 0 };

	if (t != NULL)
		sess_table_walk(t, digest_cb, &a);
	if (count != NULL)
		*count = a.n;
	return a.sum;
}

void
ctl_sess_digest_calls(uint64_t *n_hashed, uint64_t *n_walked)
{
	if (n_hashed != NULL)
		*n_hashed = digest_n_hashed;
	if (n_walked != NULL)
		*n_walked = digest_n_walked;
}
