/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Feature modules: each folder of control/ registers one module (name,
 * start-up rank, init, fini) from a constructor in its <feature>_module.c;
 * the process starts them in rank order and stops them in reverse, so the
 * start-up order lives next to the features instead of in ctl_main.c.
 * Context: control (main lcore); registration runs before main().
 */
#ifndef CTL_MODULE_H
#define CTL_MODULE_H

#include <stdbool.h>

struct ctl_conf;
struct ctl_loop;

/* What a module's init may use; valid until its fini returns. */
struct ctl_module_ctx {
	const struct ctl_conf	*conf;
	struct ctl_loop		*loop;
	const char		*config_path;	/* the file @conf came from */
	const char		*api_socket;	/* control API socket path */
};

/* Start-up ranks: a module may use every module of a lower rank. */
enum ctl_module_rank {
	CTL_MODULE_RANK_CMDS = 10,	/* foundation show commands */
	CTL_MODULE_RANK_ALARM = 15,	/* alarms and SNMP traps (srp, mon raise) */
	CTL_MODULE_RANK_NET = 20,	/* forwarding state, slow path */
	CTL_MODULE_RANK_SESS = 30,	/* session tables' writer */
	CTL_MODULE_RANK_PFCP = 35,	/* N4/Sx server (sessions from an SMF) */
	CTL_MODULE_RANK_SRP = 40,	/* SRP service, checkpoints, BGP */
	CTL_MODULE_RANK_MON = 45,	/* service monitors (srp hears them) */
	CTL_MODULE_RANK_XDP = 50,	/* XDP steering (what the role allows) */
	CTL_MODULE_RANK_API = 90,	/* control API and telemetry: last */
};

struct ctl_module {
	const char	*name;
	int		rank;
	/* Start; on failure the module has undone its own work. */
	int		(*init)(const struct ctl_module_ctx *ctx);
	/* Stop; called only after a successful init. May be NULL. */
	void		(*fini)(void);
	/* Private to ctl_module.c. */
	struct ctl_module *next;
	bool		started;
};

/*
 * Add @m to the module list (kept sorted by rank; equal ranks in
 * registration order). Context: a constructor, before main().
 */
void ctl_module_register(struct ctl_module *m);

/* Register module @m from a constructor in the feature's folder. */
#define CTL_MODULE_REGISTER(m)						\
	static void __attribute__((constructor))			\
	ctl_module_register_##m(void)					\
	{								\
		ctl_module_register(&(m));				\
	}

/*
 * Start every registered module in rank order. On the first failure the
 * modules already started are stopped in reverse order.
 * Context: control. @return 0, or the failing module's negative errno.
 */
int ctl_modules_init(const struct ctl_module_ctx *ctx);

/* Stop the started modules in reverse rank order. Context: control. */
void ctl_modules_fini(void);

/* Module named @name, or NULL. Context: any. */
const struct ctl_module *ctl_module_find(const char *name);

#endif /* CTL_MODULE_H */
