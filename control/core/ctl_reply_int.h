/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals of the structured output (ctl_reply): the node tree, the output
 * buffer and the telemetry levels, shared by tree building (ctl_reply.c),
 * text rendering (ctl_reply_text.c), JSON rendering (ctl_reply_json.c) and
 * telemetry conversion (ctl_reply_tel.c). Not for use outside ctl_reply*.c.
 * Context: control.
 */
#ifndef CTL_REPLY_INT_H
#define CTL_REPLY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_telemetry.h>

#include "ctl_reply.h"

/* Deepest nesting kept; deeper levels are dropped with their contents. */
#define CTL_REPLY_MAX_DEPTH	32
/* Width of a text level's indent. */
#define CTL_REPLY_INDENT		2

/*
 * TEXT and JSON: the data is kept as a tree and rendered by
 * ctl_reply_finish(), because aligned text needs every key of an object
 * before its first line can be written.
 */
enum ctl_node_type {
	CTL_NODE_OBJ,
	CTL_NODE_ARR,
	CTL_NODE_STR,
	CTL_NODE_U64,
	CTL_NODE_I64,
	CTL_NODE_BOOL,
	CTL_NODE_BLOCK,
};

struct ctl_node {
	struct ctl_node		*next;		/* sibling */
	struct ctl_node		*parent;
	struct ctl_node		*first;		/* children of OBJ/ARR */
	struct ctl_node		*last;
	const char		*key;		/* NULL inside arrays */
	union {
		const char	*s;		/* STR and BLOCK */
		uint64_t	u;
		int64_t		i;
		bool		b;
	} v;
	enum ctl_node_type	type;
};

struct ctl_buf {
	char			*p;
	size_t			len;
	size_t			cap;
};

/* Telemetry element types used for a top-level array of scalars. */
enum ctl_tel_type {
	CTL_TEL_NONE = -1,
	CTL_TEL_STR = RTE_TEL_STRING_VAL,
	CTL_TEL_INT = RTE_TEL_INT_VAL,
	CTL_TEL_U64 = RTE_TEL_U64_VAL,
};

/* A scalar on its way into telemetry. */
struct ctl_tel_val {
	enum ctl_tel_type	type;
	const char		*s;
	uint64_t		u;
	int			i;
};

/*
 * One open level of a CTL_REPLY_TEL output. Telemetry renders only one level
 * of containers below the top dictionary, and a dictionary can hold arrays
 * of scalars but not arrays of containers. So:
 * - an object directly under the top becomes a dictionary container;
 * - an array directly under the top becomes a typed array when its first
 *   element is a scalar, or a dictionary keyed "0", "1"/... when its first
 *   element is a container (created lazily, at that first element);
 * - anything deeper is flattened into the nearest container with keys
 *   joined by '/', e.g. "peer/address" or "ports/0/name". DPDK 22.11
 *   rejects '.' in dictionary names (only alphanumerics, '_' and '/' pass),
 *   so '/' is the separator.
 */
struct ctl_tel_level {
	struct rte_tel_data	*dict;		/* receives entries; NULL: drop */
	struct rte_tel_data	*arr;		/* typed array (top level only) */
	char			prefix[RTE_TEL_MAX_STRING_LEN];
	char			name[RTE_TEL_MAX_STRING_LEN];	/* own key */
	unsigned int		idx;		/* next element index */
	enum ctl_tel_type	arr_type;
	bool			is_arr;
	bool			lazy;		/* top-level array, no container */
};

struct ctl_reply {
	enum ctl_reply_fmt	fmt;
	bool			failed;		/* out of memory */
	bool			finished;
	bool			has_error;
	/* Levels opened while writes were being dropped (too deep, after an
	 * error or after finish): their ends must not close real levels. */
	unsigned int		n_skip;
	unsigned int		depth;
	unsigned int		n_dropped;	/* see ctl_reply_n_dropped() */

	/* TEXT and JSON */
	struct ctl_node		root;
	struct ctl_node		*cur;
	char			*error;
	struct ctl_buf		buf;

	/* TEL */
	struct rte_tel_data	*tel;
	struct ctl_tel_level	tl[CTL_REPLY_MAX_DEPTH + 1];
	/* Containers added to the top dictionary, freed by us only when an
	 * error replaces the whole output (else telemetry frees them). */
	struct rte_tel_data	**owned;
	unsigned int		n_owned;
	unsigned int		owned_cap;
};

/* Output buffer (ctl_reply.c); a failed allocation sets out->failed. */
bool ctl_buf_reserve(struct ctl_reply *out, size_t n);
void ctl_buf_add(struct ctl_reply *out, const char *s, size_t n);
void ctl_buf_puts(struct ctl_reply *out, const char *s);
void ctl_buf_putc(struct ctl_reply *out, char c);
void ctl_buf_spaces(struct ctl_reply *out, size_t n);
void ctl_buf_printf(struct ctl_reply *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Text rendering (ctl_reply_text.c). */
void ctl_text_str(struct ctl_reply *out, const char *s);
void ctl_text_members(struct ctl_reply *out, const struct ctl_node *obj,
		      size_t indent);

/* JSON rendering (ctl_reply_json.c). */
void ctl_json_str(struct ctl_reply *out, const char *str, size_t len);
void ctl_json_value(struct ctl_reply *out, const struct ctl_node *n,
		    size_t indent);

/* Telemetry conversion (ctl_reply_tel.c), for CTL_REPLY_TEL outputs. */
void ctl_tel_open(struct ctl_reply *out, const char *key, bool is_arr);
void ctl_tel_close(struct ctl_reply *out);
void ctl_tel_scalar(struct ctl_reply *out, const char *key,
		    const struct ctl_tel_val *v);

#endif /* CTL_REPLY_INT_H */
