/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Single session changes through the one table writer: create, modify and
 * delete with their checks and neighbour references, and flag updates.
 * Context: control.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "ctl_sess.h"
#include "ctl_sess_int.h"

/* Apply @op to flag @f of @flags. */
static uint8_t
sess_flag_op(uint8_t flags, uint8_t f, enum ctl_sess_op op)
{
	if (op == CTL_SESS_SET)
		return (uint8_t)(flags | f);
	if (op == CTL_SESS_CLEAR)
		return (uint8_t)(flags & ~f);
	return flags;
}

/*
 * The downlink tunnel of modify @m applied to @p (taken from the session):
 * a session without one gets it only whole (remote-teid and peer), and
 * keeps SESS_F_DL_DROP until it has it. @return 0 or -EINVAL with @err
 */
static int
sess_mod_tunnel_check(const struct ctl_sess_mod *m,
		      const struct sess_params *p, char *err, size_t err_len)
{
	if (sess_params_has_tunnel(p) && p->teid_remote != 0)
		return 0;
	if (m->set_remote != m->set_peer) {
		ctl_sess_i_err(err, err_len, "local-teid %" PRIu32 " has no "
			 "downlink tunnel: give remote-teid and peer together",
			 p->teid_local);
		return -EINVAL;
	}
	if (!(p->flags & SESS_F_DL_DROP)) {
		ctl_sess_i_err(err, err_len, "local-teid %" PRIu32 " has no "
			 "downlink tunnel: no-dl-drop needs remote-teid and "
			 "peer in the same modify", p->teid_local);
		return -EINVAL;
	}
	return 0;
}

int
ctl_sess_create(const struct sess_params *in, char *err, size_t err_len)
{
	struct sess_params p;
	int ret;

	ret = ctl_sess_i_ready(err, err_len);
	if (ret < 0)
		return ret;
	ret = ctl_sess_i_bulk_idle(err, err_len);
	if (ret < 0)
		return ret;
	if (in == NULL) {
		ctl_sess_i_err(err, err_len, "no session given");
		return -EINVAL;
	}
	p = *in;
	ret = ctl_sess_i_conflicts(&p, 0, err, err_len);
	if (ret < 0)
		return ret;
	ret = ctl_sess_i_full(1, err, err_len);
	if (ret < 0)
		return ret;
	ret = ctl_sess_i_resolve(&p, err, err_len);
	if (ret < 0)
		return ret;
	ret = sess_table_add(ctl_sess_table(), &p);
	if (ret < 0) {
		ctl_sess_i_nh_put(p.nh_id);
		ctl_sess_i_add_err(ret, err, err_len);
	} else {
		ctl_sess_timer_note_own(&p);
	}
	ctl_sess_i_schedule();
	return ret;
}

int
ctl_sess_modify(const struct ctl_sess_mod *m, char *err, size_t err_len)
{
	struct sess_params p;
	const struct sess *old;
	uint16_t old_nh;
	bool new_nh = false;
	int ret;

	ret = ctl_sess_i_ready(err, err_len);
	if (ret < 0)
		return ret;
	ret = ctl_sess_i_bulk_idle(err, err_len);
	if (ret < 0)
		return ret;
	old = sess_table_lookup_teid(ctl_sess_table(), m->teid_local);
	if (old == NULL) {
		ctl_sess_i_err(err, err_len, "no session with local-teid %" PRIu32,
			 m->teid_local);
		return -ENOENT;
	}
	p = old->p;
	old_nh = p.nh_id;
	if (m->set_remote)
		p.teid_remote = m->teid_remote;
	if (m->ue4_op != CTL_SESS_KEEP) {
		p.has_ue4 = m->ue4_op == CTL_SESS_SET;
		memcpy(p.ue4, m->ue4, 4);
	}
	if (m->ue6_op != CTL_SESS_KEEP) {
		p.has_ue6 = m->ue6_op == CTL_SESS_SET;
		memcpy(p.ue6, m->ue6, 16);
	}
	if (m->qfi_op != CTL_SESS_KEEP) {
		p.has_qfi = m->qfi_op == CTL_SESS_SET;
		p.qfi = m->qfi_op == CTL_SESS_SET ? m->qfi : 0;
	}
	p.flags = sess_flag_op(p.flags, SESS_F_VOLTE, m->volte_op);
	p.flags = sess_flag_op(p.flags, SESS_F_UL_DROP, m->ul_drop_op);
	p.flags = sess_flag_op(p.flags, SESS_F_DL_DROP, m->dl_drop_op);
	if (m->set_idle)
		p.idle_timeout_s = m->idle_timeout_s;
	if (m->set_abs)
		p.abs_timeout_s = m->abs_timeout_s;
	if (!p.has_ue4 && !p.has_ue6) {
		ctl_sess_i_err(err, err_len,
			 "a session needs at least one UE address (ue-ipv4 or ue-ipv6)");
		return -EINVAL;
	}
	if (m->set_peer && (m->peer_af != p.peer_af ||
			    memcmp(m->peer_addr, p.peer_addr, 16) != 0)) {
		p.peer_af = m->peer_af;
		memcpy(p.peer_addr, m->peer_addr, 16);
		new_nh = true;
	}
	ret = sess_mod_tunnel_check(m, &p, err, err_len);
	if (ret < 0)
		return ret;
	/* With the new peer: (peer, remote TEID) is a key too. */
	ret = ctl_sess_i_conflicts(&p, p.teid_local, err, err_len);
	if (ret < 0)
		return ret;
	if (new_nh) {
		ret = ctl_sess_i_resolve(&p, err, err_len);
		if (ret < 0)
			return ret;
	}
	ret = sess_table_modify(ctl_sess_table(), &p);
	if (ret < 0) {
		if (new_nh)
			ctl_sess_i_nh_put(p.nh_id);
		ctl_sess_i_add_err(ret, err, err_len);
	} else {
		if (new_nh)
			ctl_sess_i_nh_put(old_nh);
		ctl_sess_timer_note_own(&p);
	}
	ctl_sess_i_schedule();
	return ret;
}

int
ctl_sess_delete(uint32_t teid, char *err, size_t err_len)
{
	const struct sess *s;
	uint16_t nh;
	int ret;

	ret = ctl_sess_i_ready(err, err_len);
	if (ret < 0)
		return ret;
	ret = ctl_sess_i_bulk_idle(err, err_len);
	if (ret < 0)
		return ret;
	s = sess_table_lookup_teid(ctl_sess_table(), teid);
	if (s == NULL) {
		ctl_sess_i_err(err, err_len, "no session with local-teid %" PRIu32,
			 teid);
		return -ENOENT;
	}
	nh = s->p.nh_id;
	ret = sess_table_del(ctl_sess_table(), teid);
	if (ret < 0) {
		ctl_sess_i_err(err, err_len, "cannot delete local-teid %" PRIu32
			 ": %s", teid, strerror(-ret));
		return ret;
	}
	ctl_sess_i_nh_put(nh);
	ctl_sess_i_schedule();
	return 0;
}

int
ctl_sess_flags_set(uint32_t teid, uint8_t set, uint8_t clear)
{
	int ret;

	if (ctl_sess_table() == NULL)
		return -ENODEV;
	ret = sess_table_flags_set(ctl_sess_table(), teid, set, clear);
	if (ret == 0)
		ctl_sess_i_schedule();
	return ret;
}
