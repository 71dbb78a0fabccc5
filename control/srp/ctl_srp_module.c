/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The srp module: the SRP service (role machine, link, checkpoints, BGP
 * and gratuitous ARP on switchover; the PFCP server follows its role;
 * "no gather-on-standby" limits a standby's telemetry). After the
 * forwarding state it fences and the sessions it counts; before the
 * workers start, so they start not active. Context: control (main lcore).
 */
#include <string.h>

#include "conf/ctl_conf.h"
#include "core/ctl_api.h"
#include "core/ctl_log.h"
#include "core/ctl_module.h"
#include "ctl_srp.h"
#include "ctl_takeover.h"
#include "mon/ctl_mon.h"
#include "mon/ctl_mon_aaa.h"
#include "pfcp/ctl_pfcp.h"
#include "sess/ctl_sess.h"

/* srp reset-auth-probe-fail also clears the AAA non-reversible flag
 * (chapter "AAA Monitor"). */
static void
srp_aaa_reset(void)
{
	srp_fsm_aaa_flag_clear(&ctl_srp_get()->fsm);
}

/* The session change gate (ctl_takeover_change_check): without an SRP
 * block every change goes through. */
static int
srp_sess_gate(enum ctl_sess_change what, char *err, size_t err_len)
{
	const struct ctl_srp *s = ctl_srp_get();

	if (!s->enabled)
		return 0;
	return ctl_takeover_change_check(&s->post, s->fsm.state,
					 s->fsm.phase, what, err, err_len);
}

/*
 * "no gather-on-standby": a chassis that does not forward exports only SRP
 * statistics through telemetry (everything while active).
 */
static bool
srp_tel_gate(const char *words)
{
	return ctl_srp_get()->dp_active || strncmp(words, "show srp ", 9) == 0;
}

static int
srp_init(const struct ctl_module_ctx *ctx)
{
	int ret;

	ret = ctl_srp_init(ctx->conf, ctx->loop);
	if (ret < 0) {
		CTL_LOG(ERR, "cannot start the SRP service: %s",
			strerror(-ret));
		return ret;
	}
	/* Only the active changes sessions; a new active refuses new ones
	 * during its post-switchover phases (modify and delete go on). */
	ctl_sess_gate_set(srp_sess_gate);
	/* The N4 address is srp-activated: only the active answers PFCP. */
	ret = ctl_srp_role_watch(ctl_pfcp_role);
	if (ret == 0)
		ret = ctl_srp_role_watch(ctl_mon_role);
	/* Session timers expire sessions only on the active, and restart
	 * with the full lifetime on a new active. */
	if (ret == 0 && ctl_srp_get()->enabled) {
		ctl_sess_timer_standby();
		ret = ctl_srp_role_watch(ctl_sess_timer_role);
	}
	if (ret < 0) {
		ctl_srp_role_unwatch(ctl_mon_role);
		ctl_srp_role_unwatch(ctl_pfcp_role);
		ctl_sess_gate_set(NULL);
		ctl_srp_fini();
		return ret;
	}
	/* Service monitors' verdicts feed the role machine. */
	ctl_mon_verdict_set(ctl_srp_monitor);
	ctl_mon_fault_set(ctl_srp_local_fault);
	ctl_mon_recovery_set(ctl_srp_local_recovered);
	ctl_mon_aaa_reset_hook_set(srp_aaa_reset);
	if (ctx->conf->srp.present && ctx->conf->bulkstat_no_standby)
		ctl_api_telemetry_gate_set(srp_tel_gate);
	return 0;
}

static void
srp_fini(void)
{
	ctl_api_telemetry_gate_set(NULL);
	ctl_mon_aaa_reset_hook_set(NULL);
	ctl_mon_verdict_set(NULL);
	ctl_mon_fault_set(NULL);
	ctl_mon_recovery_set(NULL);
	ctl_srp_role_unwatch(ctl_sess_timer_role);
	ctl_srp_role_unwatch(ctl_mon_role);
	ctl_srp_role_unwatch(ctl_pfcp_role);
	ctl_sess_gate_set(NULL);
	ctl_srp_fini();
}

static struct ctl_module srp_module = {
	.name = "srp",
	.rank = CTL_MODULE_RANK_SRP,
	.init = srp_init,
	.fini = srp_fini,
	.reconf = ctl_srp_reconf,
};
CTL_MODULE_REGISTER(srp_module)
