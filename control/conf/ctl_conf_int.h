/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to the configuration parser (the ctl_conf*.c files but the
 * printer): the parser state, the command table entry, the tables of the
 * mode files, the lexer, the argument helpers shared by the mode handlers
 * and the checks. Context: control.
 */
#ifndef CTL_CONF_INT_H
#define CTL_CONF_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctl_conf.h"

#define CTL_LINE_MAX_TOKENS	32

/* Configuration modes; each has one parent (TOP has none). */
enum ctl_mode {
	CTL_MODE_TOP = 0,	/* global configuration */
	CTL_MODE_CONTEXT,
	CTL_MODE_SRP,
	CTL_MODE_IFACE,
	CTL_MODE_BGP,
	CTL_MODE_SUBSCRIBER,
	CTL_MODE_HA,
	CTL_MODE_PORT,
	CTL_MODE_DATAPLANE,
	CTL_MODE_BULKSTAT,
	CTL_MODE_CPGROUP,	/* control-plane-group NAME */
	CTL_MODE_SX,		/* sx-service NAME */
	CTL_MODE_UPSVC,		/* user-plane-service NAME */
	CTL_MODE_DIAM,		/* diameter endpoint NAME */
	CTL_MODE_COUNT,
};

/* How a command line was written. */
enum ctl_form {
	CTL_FORM_SET = 0,	/* plain */
	CTL_FORM_NO,		/* "no ..." */
	CTL_FORM_DEFAULT,	/* "default ..." */
};

#define CTL_F_SET	(1u << CTL_FORM_SET)
#define CTL_F_NO	(1u << CTL_FORM_NO)
#define CTL_F_DEF	(1u << CTL_FORM_DEFAULT)

struct ctl_tok {
	const char	*s;		/* NUL-terminated, inside ctl_line.buf */
	bool		quoted;		/* was written in double quotes */
};

/* One tokenised line. */
struct ctl_line {
	unsigned int	n;
	struct ctl_tok	tok[CTL_LINE_MAX_TOKENS];
	char		buf[CTL_LINE_MAX + 1];
};

/* Where SRP settings that take part in a cross-field rule were last set,
 * so that a broken rule points at the later of the lines involved. */
struct ctl_srp_lines {
	unsigned int	block;		/* first service-redundancy-protocol */
	unsigned int	hello;
	unsigned int	dead;
	unsigned int	bind;
	unsigned int	peer;
	unsigned int	early;
	unsigned int	allow_all;
	unsigned int	allow_volte;
	unsigned int	bgp;		/* last bgp-speaker line */
	unsigned int	lf_port[SRP_LF_MAX_PORTS];	/* local-fault port */
};

struct ctl_cmd;

struct ctl_parser {
	struct ctl_conf		*conf;		/* scratch copy being built */
	const char		*origin;
	char			*err;
	size_t			err_len;
	const struct ctl_cmd	*cmd;		/* command being run */
	unsigned int		line;		/* 1-based */
	enum ctl_mode		mode;
	bool			in_config;	/* after config/configure */
	int			ctx;		/* context index, -1 = none */
	int			iface;
	int			port;
	int			ha;
	int			cpg;		/* control-plane-group index */
	int			diam;		/* diameter endpoint index */
	struct ctl_srp_lines	srp_lines;
	unsigned int		route_line[CTL_MAX_CONTEXTS][CTL_MAX_ROUTES];
	unsigned int		port_line[CTL_MAX_PORTS];	/* port ... */
	unsigned int		port_up_line[CTL_MAX_PORTS];	/* no shutdown */
	unsigned int		port_dev_line[CTL_MAX_PORTS];	/* dpdk-device */
	unsigned int		port_bind_line[CTL_MAX_PORTS];
	unsigned int		sx_line[CTL_MAX_CONTEXTS];	/* sx-service */
	unsigned int		up_line[CTL_MAX_CONTEXTS];	/* user-plane-... */
	unsigned int		up_sx_line[CTL_MAX_CONTEXTS];	/* associate */
	unsigned int		up_cpg_line[CTL_MAX_CONTEXTS];	/* associate */
	/* diameter endpoint NAME, and each monitor line */
	unsigned int		diam_line[CTL_MAX_CONTEXTS][CTL_MAX_DIAM_ENDPOINTS];
	unsigned int		mon_line[SRP_CONF_MAX_MONITORS];
};

/*
 * A command handler. @at is the index of the command's first keyword (1
 * after "no"/"default"); the handler checks every further token, including
 * that none is left over. Returns 0 or -EINVAL with the error written.
 */
typedef int (*ctl_cmd_fn)(struct ctl_parser *p, const struct ctl_line *ln,
			  unsigned int at, enum ctl_form form);

struct ctl_cmd {
	enum ctl_mode	mode;
	const char	*word;		/* first keyword */
	const char	*word2;		/* second keyword, NULL = any */
	unsigned int	forms;		/* CTL_F_* accepted */
	ctl_cmd_fn	fn;
	const char	*usage;		/* every accepted form, for messages */
};

/* The commands of one mode file. */
struct ctl_cmd_table {
	const struct ctl_cmd	*cmds;
	unsigned int		n_cmds;
};

#define CTL_CMD_TABLE(a)	{ (a), sizeof(a) / sizeof((a)[0]) }

/* One table per mode file (two for service-redundancy-protocol);
 * ctl_conf.c walks them as one list. */
extern const struct ctl_cmd_table ctl_global_table, ctl_context_table,
	ctl_iface_table, ctl_bgp_table, ctl_ha_table, ctl_port_table,
	ctl_dataplane_table, ctl_srp_table, ctl_srp_policy_table,
	ctl_sx_table, ctl_diam_table, ctl_snmp_table;

/* Lexer (ctl_conf_lex.c): check the raw bytes of one line and split it
 * into tokens. Sets ln->n to 0 for blank and comment lines. @raw is not
 * NUL-terminated. */
int ctl_split(struct ctl_parser *p, const char *raw, size_t len,
	      struct ctl_line *ln);

/* Errors, argument helpers and lookups: ctl_conf_arg.c. */

/* Error "ORIGIN:LINE: message" at the current line; returns -EINVAL. */
int ctl_perr(struct ctl_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Same at a given line. */
int ctl_perr_at(struct ctl_parser *p, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Token @i, or NULL when the line is shorter. */
const char *ctl_tok(const struct ctl_line *ln, unsigned int i);

/* Error unless token @i exists; @what names the command, @expect the
 * missing value ("an integer 1..255"). */
int ctl_arg_need(struct ctl_parser *p, const struct ctl_line *ln,
		 unsigned int i, const char *what, const char *expect);

/* Error when the line has tokens from @i on. */
int ctl_arg_end(struct ctl_parser *p, const struct ctl_line *ln,
		unsigned int i, const char *what);

/* Decimal integer in min..max at token @i. */
int ctl_arg_u32(struct ctl_parser *p, const struct ctl_line *ln,
		unsigned int i, const char *what, uint32_t min, uint32_t max,
		uint32_t *out);

/* One of the NULL-terminated @words at token @i; returns its index. */
int ctl_arg_kw(struct ctl_parser *p, const struct ctl_line *ln,
	       unsigned int i, const char *what, const char *const *words);

/* Address at token @i; @family AF_INET, AF_INET6 or AF_UNSPEC (either). */
int ctl_arg_addr(struct ctl_parser *p, const struct ctl_line *ln,
		 unsigned int i, const char *what, int family,
		 struct srp_addr *out);

/* Object name (context, interface, ...) at token @i, copied to @out. */
int ctl_arg_name(struct ctl_parser *p, const struct ctl_line *ln,
		 unsigned int i, const char *what, char *out, size_t cap);

/* Whether @s is a valid object name. */
bool ctl_name_ok(const char *s, size_t cap);

/* Strict decimal: digits only, no sign, no overflow. */
bool ctl_parse_u32(const char *s, uint32_t *out);

/* Free text (description): printable, shorter than @cap. */
int ctl_arg_text(struct ctl_parser *p, const struct ctl_line *ln,
		 unsigned int i, const char *what, char *out, size_t cap);

/*
 * A prefix at token @i: "A/L"; or "A MASK" (IPv4) when @allow_mask; or a
 * bare "A" (host prefix) when @allow_bare and no mask follows. @family is
 * AF_INET, AF_INET6 or AF_UNSPEC. *next gets the first unused token.
 */
int ctl_arg_prefix(struct ctl_parser *p, const struct ctl_line *ln,
		   unsigned int i, const char *what, int family,
		   bool allow_mask, bool allow_bare, uint8_t min_plen,
		   struct ctl_prefix *pfx, bool *mask_form,
		   unsigned int *next);

/* Error unless @pfx is a network address (all host bits zero). */
int ctl_need_network(struct ctl_parser *p, const char *what,
		     const struct ctl_prefix *pfx);

/* The context being configured (context mode and below). */
struct ctl_context *ctl_cur_ctx(struct ctl_parser *p);

/* Index of the context or interface called @name, or -1. */
int ctl_find_context(const struct ctl_conf *conf, const char *name);
int ctl_find_iface(const struct ctl_context *c, const char *name);

/* SRP mode: the context command that enters it (ctl_conf_mode_srp.c),
 * and the block-end check run when the mode is left (ctl_conf_check.c). */
int ctl_srp_enter(struct ctl_parser *p, const struct ctl_line *ln,
		  unsigned int at, enum ctl_form form);
int ctl_srp_leave(struct ctl_parser *p);

/* SRP mode helpers shared by its two files (ctl_conf_mode_srp.c). */
#define SRP_PORT_MAX		65535

static inline struct srp_conf *
srp_of(struct ctl_parser *p)
{
	return &p->conf->srp;
}

/* "'no X' is not accepted; usage: ..." for a sub-command form. */
int ctl_srp_bad_form(struct ctl_parser *p, enum ctl_form form,
		     const char *what);

extern const char *const ctl_srp_kw_port[];

/*
 * Optional "KW N" at token @i, KW the one word of @kw and N in @min..@max
 * (@label names N in errors): *@out is set only when present; *@next is set
 * to the first unused token.
 */
int ctl_srp_opt_u16(struct ctl_parser *p, const struct ctl_line *ln,
		    unsigned int i, const char *what, const char *const *kw,
		    const char *label, uint32_t min, uint32_t max,
		    uint16_t *out, unsigned int *next);

/* End-of-file checks (ctl_conf_check.c): every route names an interface
 * of its context; port bindings, devices and roles are consistent. */
int ctl_check_routes(struct ctl_parser *p);
int ctl_check_ports(struct ctl_parser *p);

/* End-of-file check of the Sx/N4 part (ctl_conf_check.c): every
 * sx-service has a bind address; every user-plane-service associates an
 * sx-service of its context and an existing control-plane-group. */
int ctl_check_sx(struct ctl_parser *p);
/* local-fault port lines name configured ports. */
int ctl_check_local_fault(struct ctl_parser *p);

/* Leaving a diameter endpoint block: origin realm and host are set
 * (ctl_conf_mode_diam.c). */
int ctl_diam_leave(struct ctl_parser *p);

/* End of file: each monitor diameter line names an endpoint of its
 * context, and a peer of that endpoint (ctl_conf_mode_diam.c). */
int ctl_check_diam(struct ctl_parser *p);

/* Index of the control-plane-group called @name, or -1
 * (ctl_conf_mode_sx.c). */
int ctl_find_cp_group(const struct ctl_conf *conf, const char *name);

#endif /* CTL_CONF_INT_H */
