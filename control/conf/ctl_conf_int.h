/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to the configuration parser (ctl_conf.c, ctl_conf_srp.c): the
 * parser state, the command table entry and the argument helpers shared by
 * the mode handlers. Context: control.
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
	struct ctl_srp_lines	srp_lines;
	unsigned int		route_line[CTL_MAX_CONTEXTS][CTL_MAX_ROUTES];
	unsigned int		port_line[CTL_MAX_PORTS];	/* port ... */
	unsigned int		port_up_line[CTL_MAX_PORTS];	/* no shutdown */
	unsigned int		port_dev_line[CTL_MAX_PORTS];	/* dpdk-device */
	unsigned int		port_bind_line[CTL_MAX_PORTS];
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

extern const struct ctl_cmd ctl_srp_cmds[];
extern const unsigned int ctl_srp_n_cmds;

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

/* SRP mode: the context command that enters it, and the block-end check
 * run when the mode is left. Both in ctl_conf_srp.c. */
int ctl_srp_enter(struct ctl_parser *p, const struct ctl_line *ln,
		  unsigned int at, enum ctl_form form);
int ctl_srp_leave(struct ctl_parser *p);

#endif /* CTL_CONF_INT_H */
