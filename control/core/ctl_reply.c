/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Structured output of show commands rendered as aligned text, JSON or a
 * DPDK telemetry dictionary. Context: control.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static const char ctl_reply_empty[] = "";

/* Buffer */

static bool
ctl_buf_reserve(struct ctl_reply *out, size_t n)
{
	struct ctl_buf *b = &out->buf;
	size_t cap;
	char *p;

	if (out->failed)
		return false;
	if (b->cap - b->len > n)
		return true;
	cap = b->cap != 0 ? b->cap : 256;
	while (cap - b->len <= n) {
		if (cap > SIZE_MAX / 2) {
			out->failed = true;
			return false;
		}
		cap *= 2;
	}
	p = realloc(b->p, cap);
	if (p == NULL) {
		out->failed = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

static void
ctl_buf_add(struct ctl_reply *out, const char *s, size_t n)
{
	if (!ctl_buf_reserve(out, n))
		return;
	memcpy(out->buf.p + out->buf.len, s, n);
	out->buf.len += n;
	out->buf.p[out->buf.len] = '\0';
}

static void
ctl_buf_puts(struct ctl_reply *out, const char *s)
{
	ctl_buf_add(out, s, strlen(s));
}

static void
ctl_buf_putc(struct ctl_reply *out, char c)
{
	ctl_buf_add(out, &c, 1);
}

static void
ctl_buf_spaces(struct ctl_reply *out, size_t n)
{
	if (!ctl_buf_reserve(out, n))
		return;
	memset(out->buf.p + out->buf.len, ' ', n);
	out->buf.len += n;
	out->buf.p[out->buf.len] = '\0';
}

static void ctl_buf_printf(struct ctl_reply *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
ctl_buf_printf(struct ctl_reply *out, const char *fmt, ...)
{
	char tmp[32];
	va_list ap;
	int n;

	/* Only used for numbers: they always fit. */
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		ctl_buf_add(out, tmp, (size_t)n);
}

/* Tree */

static void
ctl_node_free_children(struct ctl_node *n)
{
	struct ctl_node *c, *next;

	for (c = n->first; c != NULL; c = next) {
		next = c->next;
		ctl_node_free_children(c);
		free(c);
	}
	n->first = NULL;
	n->last = NULL;
}

/* Writes are dropped after an error, after finish and inside dropped levels. */
static bool
ctl_reply_dropping(const struct ctl_reply *out)
{
	return out->finished || out->has_error || out->n_skip > 0;
}

/*
 * Append a node under the current level. Key and string are copied into
 * the same allocation.
 */
static struct ctl_node *
ctl_node_add(struct ctl_reply *out, enum ctl_node_type type, const char *key,
	     const char *s)
{
	struct ctl_node *parent = out->cur;
	size_t klen = 0, slen = 0;
	struct ctl_node *n;
	char *p;

	if (parent->type == CTL_NODE_ARR)
		key = NULL;
	else if (key == NULL)
		key = "";
	if (key != NULL)
		klen = strlen(key) + 1;
	if (s != NULL)
		slen = strlen(s) + 1;
	n = calloc(1, sizeof(*n) + klen + slen);
	if (n == NULL) {
		out->failed = true;
		return NULL;
	}
	p = (char *)(n + 1);
	if (key != NULL) {
		memcpy(p, key, klen);
		n->key = p;
		p += klen;
	}
	if (s != NULL) {
		memcpy(p, s, slen);
		n->v.s = p;
	}
	n->type = type;
	n->parent = parent;
	if (parent->last != NULL)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
	return n;
}

/* Telemetry */

/*
 * Add container @c to the top dictionary under @name and remember it, so
 * that an error can take it back. Ownership passes to telemetry on success;
 * on failure @c is freed here.
 */
static bool
ctl_tel_add_top(struct ctl_reply *out, const char *name, struct rte_tel_data *c)
{
	struct rte_tel_data **p;
	unsigned int cap;

	if (out->n_owned == out->owned_cap) {
		cap = out->owned_cap != 0 ? out->owned_cap * 2 : 8;
		p = realloc(out->owned, cap * sizeof(*p));
		if (p == NULL) {
			out->failed = true;
			rte_tel_data_free(c);
			return false;
		}
		out->owned = p;
		out->owned_cap = cap;
	}
	if (rte_tel_data_add_dict_container(out->tel, name, c, 0) < 0) {
		rte_tel_data_free(c);
		out->n_dropped++;
		return false;
	}
	out->owned[out->n_owned++] = c;
	return true;
}

/* Copy @key into @dst keeping only characters telemetry accepts in names. */
static void
ctl_tel_name(char *dst, size_t len, const char *prefix, const char *key)
{
	size_t i, n;
	int w;

	w = snprintf(dst, len, "%s%s", prefix, key != NULL ? key : "");
	if (w < 0)
		w = 0;
	n = (size_t)w < len ? (size_t)w : len - 1;
	for (i = strlen(prefix); i < n; i++) {
		char c = dst[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '/'))
			dst[i] = '_';
	}
	if (n == 0) {
		/* Telemetry refuses empty names. */
		snprintf(dst, len, "_");
	}
}

/* Name of the next element written at level @l (array index or key). */
static void
ctl_tel_elem_name(struct ctl_tel_level *l, const char *key, char *dst,
		  size_t len)
{
	char idx[16];

	if (l->is_arr) {
		snprintf(idx, sizeof(idx), "%u", l->idx++);
		key = idx;
	}
	ctl_tel_name(dst, len, l->prefix, key);
}

/* Make a dictionary container for a top-level array of containers. */
static void
ctl_tel_arr_to_dict(struct ctl_reply *out, struct ctl_tel_level *l)
{
	struct rte_tel_data *c;

	l->lazy = false;
	c = rte_tel_data_alloc();
	if (c == NULL) {
		out->failed = true;
		return;
	}
	if (rte_tel_data_start_dict(c) < 0) {
		rte_tel_data_free(c);
		return;
	}
	if (ctl_tel_add_top(out, l->name, c))
		l->dict = c;
}

static void
ctl_tel_open(struct ctl_reply *out, const char *key, bool is_arr)
{
	struct ctl_tel_level *p = &out->tl[out->depth];
	struct ctl_tel_level *l = &out->tl[out->depth + 1];
	char name[RTE_TEL_MAX_STRING_LEN];
	struct rte_tel_data *c;

	memset(l, 0, sizeof(*l));
	l->is_arr = is_arr;
	l->arr_type = CTL_TEL_NONE;
	out->depth++;

	if (p->lazy)
		ctl_tel_arr_to_dict(out, p);
	ctl_tel_elem_name(p, key, name, sizeof(name));
	if (p->dict == NULL) {
		/* Parent dropped, or a typed array that cannot hold it. */
		out->n_dropped++;
		return;
	}

	if (out->depth == 1 && is_arr) {
		/* Container made at the first element, when its type is known. */
		l->lazy = true;
		snprintf(l->name, sizeof(l->name), "%s", name);
	} else if (out->depth == 1) {
		c = rte_tel_data_alloc();
		if (c == NULL) {
			out->failed = true;
			return;
		}
		if (rte_tel_data_start_dict(c) < 0) {
			rte_tel_data_free(c);
			return;
		}
		if (ctl_tel_add_top(out, name, c))
			l->dict = c;
	} else {
		l->dict = p->dict;
		/* Names longer than telemetry's limit end up truncated. */
		snprintf(l->prefix, sizeof(l->prefix), "%.*s/",
			 (int)sizeof(l->prefix) - 2, name);
	}
}

static void
ctl_tel_close(struct ctl_reply *out)
{
	struct ctl_tel_level *l = &out->tl[out->depth];
	struct rte_tel_data *c;

	out->depth--;
	if (!l->lazy)
		return;
	/* An empty top-level array: still show the key, as an empty list. */
	c = rte_tel_data_alloc();
	if (c == NULL) {
		out->failed = true;
		return;
	}
	if (rte_tel_data_start_array(c, RTE_TEL_STRING_VAL) < 0) {
		rte_tel_data_free(c);
		return;
	}
	ctl_tel_add_top(out, l->name, c);
}

/*
 * Add to a typed array, converting where no information is lost.
 * @return 0, or negative when the element cannot go in (refused or a type
 * the array cannot take)
 */
static int
ctl_tel_arr_add(struct ctl_tel_level *l, const struct ctl_tel_val *v)
{
	char num[24];

	switch (l->arr_type) {
	case CTL_TEL_STR:
		if (v->type == CTL_TEL_STR)
			return rte_tel_data_add_array_string(l->arr, v->s);
		if (v->type == CTL_TEL_U64)
			snprintf(num, sizeof(num), "%" PRIu64, v->u);
		else
			snprintf(num, sizeof(num), "%d", v->i);
		return rte_tel_data_add_array_string(l->arr, num);
	case CTL_TEL_U64:
		if (v->type == CTL_TEL_U64)
			return rte_tel_data_add_array_u64(l->arr, v->u);
		if (v->type == CTL_TEL_INT && v->i >= 0)
			return rte_tel_data_add_array_u64(l->arr,
							  (uint64_t)v->i);
		return -EINVAL;
	case CTL_TEL_INT:
		if (v->type == CTL_TEL_INT)
			return rte_tel_data_add_array_int(l->arr, v->i);
		if (v->type == CTL_TEL_U64 && v->u <= INT_MAX)
			return rte_tel_data_add_array_int(l->arr, (int)v->u);
		return -EINVAL;
	case CTL_TEL_NONE:
		break;
	}
	return -EINVAL;
}

static void
ctl_tel_scalar(struct ctl_reply *out, const char *key,
	       const struct ctl_tel_val *v)
{
	struct ctl_tel_level *l = &out->tl[out->depth];
	char name[RTE_TEL_MAX_STRING_LEN];
	struct rte_tel_data *a;
	int ret = -EINVAL;

	if (l->lazy) {
		l->lazy = false;
		a = rte_tel_data_alloc();
		if (a == NULL) {
			out->failed = true;
			return;
		}
		if (rte_tel_data_start_array(a,
				(enum rte_tel_value_type)v->type) < 0) {
			rte_tel_data_free(a);
			out->n_dropped++;
			return;
		}
		if (!ctl_tel_add_top(out, l->name, a))
			return;
		l->arr = a;
		l->arr_type = v->type;
	}
	if (l->arr != NULL) {
		if (ctl_tel_arr_add(l, v) < 0)
			out->n_dropped++;
		return;
	}
	ctl_tel_elem_name(l, key, name, sizeof(name));
	if (l->dict == NULL) {
		out->n_dropped++;
		return;
	}
	/*
	 * Telemetry truncates strings (names and values) longer than
	 * RTE_TEL_MAX_STRING_LEN - 1 bytes and reports it with a positive
	 * E2BIG; the truncated value is kept. A full dictionary
	 * (RTE_TEL_MAX_DICT_ENTRIES) refuses further entries.
	 */
	switch (v->type) {
	case CTL_TEL_STR:
		ret = rte_tel_data_add_dict_string(l->dict, name, v->s);
		break;
	case CTL_TEL_INT:
		ret = rte_tel_data_add_dict_int(l->dict, name, v->i);
		break;
	case CTL_TEL_U64:
		ret = rte_tel_data_add_dict_u64(l->dict, name, v->u);
		break;
	case CTL_TEL_NONE:
		break;
	}
	if (ret < 0)
		out->n_dropped++;
}

/* Public API */

static struct ctl_reply *
ctl_reply_alloc(enum ctl_reply_fmt fmt)
{
	struct ctl_reply *out;

	out = calloc(1, sizeof(*out));
	if (out == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	out->fmt = fmt;
	out->root.type = CTL_NODE_OBJ;
	out->cur = &out->root;
	return out;
}

struct ctl_reply *
ctl_reply_new(enum ctl_reply_fmt fmt)
{
	if (fmt != CTL_REPLY_TEXT && fmt != CTL_REPLY_JSON) {
		errno = EINVAL;
		return NULL;
	}
	return ctl_reply_alloc(fmt);
}

struct ctl_reply *
ctl_reply_new_tel(struct rte_tel_data *d)
{
	struct ctl_reply *out;
	int ret;

	if (d == NULL) {
		errno = EINVAL;
		return NULL;
	}
	ret = rte_tel_data_start_dict(d);
	if (ret < 0) {
		errno = -ret;
		return NULL;
	}
	out = ctl_reply_alloc(CTL_REPLY_TEL);
	if (out == NULL)
		return NULL;
	out->tel = d;
	out->tl[0].dict = d;
	out->tl[0].arr_type = CTL_TEL_NONE;
	return out;
}

void
ctl_reply_free(struct ctl_reply *out)
{
	if (out == NULL)
		return;
	ctl_node_free_children(&out->root);
	free(out->buf.p);
	free(out->error);
	/* Telemetry containers belong to the telemetry library now. */
	free(out->owned);
	free(out);
}

enum ctl_reply_fmt
ctl_reply_fmt(const struct ctl_reply *out)
{
	return out->fmt;
}

bool
ctl_reply_failed(const struct ctl_reply *out)
{
	return out->failed;
}

bool
ctl_reply_has_error(const struct ctl_reply *out)
{
	return out->has_error;
}

unsigned int
ctl_reply_n_dropped(const struct ctl_reply *out)
{
	return out->n_dropped;
}

static void
ctl_reply_begin(struct ctl_reply *out, const char *key, bool is_arr)
{
	struct ctl_node *n;

	if (ctl_reply_dropping(out) || out->depth >= CTL_REPLY_MAX_DEPTH) {
		if (!out->finished && !out->has_error && out->n_skip == 0)
			out->n_dropped++;	/* too deep */
		out->n_skip++;
		return;
	}
	if (out->fmt == CTL_REPLY_TEL) {
		ctl_tel_open(out, key, is_arr);
		return;
	}
	n = ctl_node_add(out, is_arr ? CTL_NODE_ARR : CTL_NODE_OBJ, key, NULL);
	if (n == NULL) {
		/* Keep begin/end balanced: the children are dropped. */
		out->n_skip++;
		return;
	}
	out->cur = n;
	out->depth++;
}

static void
ctl_reply_end(struct ctl_reply *out)
{
	if (out->n_skip > 0) {
		out->n_skip--;
		return;
	}
	if (out->finished || out->has_error || out->depth == 0)
		return;		/* unbalanced end: ignored */
	if (out->fmt == CTL_REPLY_TEL) {
		ctl_tel_close(out);
		return;
	}
	out->cur = out->cur->parent;
	out->depth--;
}

void
ctl_reply_obj_begin(struct ctl_reply *out, const char *key)
{
	ctl_reply_begin(out, key, false);
}

void
ctl_reply_obj_end(struct ctl_reply *out)
{
	ctl_reply_end(out);
}

void
ctl_reply_arr_begin(struct ctl_reply *out, const char *key)
{
	ctl_reply_begin(out, key, true);
}

void
ctl_reply_arr_end(struct ctl_reply *out)
{
	ctl_reply_end(out);
}

/*
 * Common part of the scalar emitters: in telemetry output emit @tv and
 * return NULL; otherwise add a node of @type (string value @str) and return
 * it for the caller to store its value in (NULL if it could not be added).
 * Nothing is emitted once the output is dropping.
 */
static struct ctl_node *
ctl_reply_scalar(struct ctl_reply *out, const char *key,
	       const struct ctl_tel_val *tv, enum ctl_node_type type,
	       const char *str)
{
	if (ctl_reply_dropping(out))
		return NULL;
	if (out->fmt == CTL_REPLY_TEL) {
		ctl_tel_scalar(out, key, tv);
		return NULL;
	}
	return ctl_node_add(out, type, key, str);
}

void
ctl_reply_str(struct ctl_reply *out, const char *key, const char *val)
{
	struct ctl_tel_val v = { .type = CTL_TEL_STR };

	if (val == NULL)
		val = "";
	v.s = val;
	ctl_reply_scalar(out, key, &v, CTL_NODE_STR, val);
}

void
ctl_reply_fmt_str(struct ctl_reply *out, const char *key, const char *fmt, ...)
{
	char small[128];
	char *big = NULL;
	va_list ap;
	int n;

	if (ctl_reply_dropping(out))
		return;
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(small)) {
		big = malloc((size_t)n + 1);
		if (big == NULL) {
			out->failed = true;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	ctl_reply_str(out, key, big != NULL ? big : small);
	free(big);
}

void
ctl_reply_u64(struct ctl_reply *out, const char *key, uint64_t val)
{
	struct ctl_tel_val v = { .type = CTL_TEL_U64, .u = val };
	struct ctl_node *n;

	n = ctl_reply_scalar(out, key, &v, CTL_NODE_U64, NULL);
	if (n != NULL)
		n->v.u = val;
}

void
ctl_reply_i64(struct ctl_reply *out, const char *key, int64_t val)
{
	struct ctl_tel_val v = { .type = CTL_TEL_INT };
	struct ctl_node *n;
	char num[24];

	/* Telemetry ints are 32 bits: wider values go as text. */
	if (val >= INT_MIN && val <= INT_MAX) {
		v.i = (int)val;
	} else if (out->fmt == CTL_REPLY_TEL) {
		snprintf(num, sizeof(num), "%" PRId64, val);
		v.type = CTL_TEL_STR;
		v.s = num;
	}
	n = ctl_reply_scalar(out, key, &v, CTL_NODE_I64, NULL);
	if (n != NULL)
		n->v.i = val;
}

void
ctl_reply_bool(struct ctl_reply *out, const char *key, bool val)
{
	/* Telemetry has no boolean: 1 or 0. */
	struct ctl_tel_val v = { .type = CTL_TEL_INT, .i = val ? 1 : 0 };
	struct ctl_node *n;

	n = ctl_reply_scalar(out, key, &v, CTL_NODE_BOOL, NULL);
	if (n != NULL)
		n->v.b = val;
}

void
ctl_reply_block(struct ctl_reply *out, const char *key, const char *text)
{
	const char *p, *nl;
	char *line;
	size_t len;

	if (ctl_reply_dropping(out))
		return;
	if (text == NULL)
		text = "";
	if (out->fmt != CTL_REPLY_TEL) {
		ctl_node_add(out, CTL_NODE_BLOCK, key, text);
		return;
	}
	ctl_reply_arr_begin(out, key);
	for (p = text; *p != '\0'; p = nl != NULL ? nl + 1 : p + len) {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		line = strndup(p, len);
		if (line == NULL) {
			out->failed = true;
			break;
		}
		ctl_reply_str(out, NULL, line);
		free(line);
	}
	ctl_reply_arr_end(out);
}

void
ctl_reply_error(struct ctl_reply *out, const char *fmt, ...)
{
	unsigned int i;
	va_list ap;
	int n;

	if (out->has_error || out->finished)
		return;
	/* The error replaces whatever the handler wrote before it. */
	out->has_error = true;
	out->n_skip = 0;
	out->depth = 0;
	va_start(ap, fmt);
	n = vasprintf(&out->error, fmt, ap);
	va_end(ap);
	if (n < 0) {
		out->error = NULL;
		out->failed = true;
	}
	if (out->fmt != CTL_REPLY_TEL) {
		ctl_node_free_children(&out->root);
		out->cur = &out->root;
		return;
	}
	rte_tel_data_start_dict(out->tel);
	for (i = 0; i < out->n_owned; i++)
		rte_tel_data_free(out->owned[i]);
	out->n_owned = 0;
	if (out->error != NULL)
		rte_tel_data_add_dict_string(out->tel, "error", out->error);
}

/* Text rendering */

static bool
ctl_node_is_scalar(const struct ctl_node *n)
{
	return n->type == CTL_NODE_STR || n->type == CTL_NODE_U64 ||
	       n->type == CTL_NODE_I64 || n->type == CTL_NODE_BOOL;
}

/* An array of scalars only (or empty): printed on one line. */
static bool
ctl_node_is_flat_arr(const struct ctl_node *n)
{
	const struct ctl_node *c;

	if (n->type != CTL_NODE_ARR)
		return false;
	for (c = n->first; c != NULL; c = c->next) {
		if (!ctl_node_is_scalar(c))
			return false;
	}
	return true;
}

/* Values shown on a "Key : value" line. */
static bool
ctl_node_is_inline(const struct ctl_node *n)
{
	return ctl_node_is_scalar(n) || ctl_node_is_flat_arr(n);
}

/* "rx_packets" -> "Rx packets" */
static void
ctl_text_key(struct ctl_reply *out, const char *key)
{
	size_t i, len = strlen(key);

	if (!ctl_buf_reserve(out, len))
		return;
	for (i = 0; i < len; i++) {
		char c = key[i];

		if (c == '_')
			c = ' ';
		else if (i == 0 && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		out->buf.p[out->buf.len++] = c;
	}
	out->buf.p[out->buf.len] = '\0';
}

/* Control characters would break the layout (or drive the terminal). */
static void
ctl_text_str(struct ctl_reply *out, const char *s)
{
	size_t i, len = strlen(s);

	if (!ctl_buf_reserve(out, len))
		return;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		out->buf.p[out->buf.len++] = c < 0x20 || c == 0x7f ? '?' :
					     (char)c;
	}
	out->buf.p[out->buf.len] = '\0';
}

static void
ctl_text_scalar(struct ctl_reply *out, const struct ctl_node *n)
{
	switch (n->type) {
	case CTL_NODE_STR:
		ctl_text_str(out, n->v.s);
		break;
	case CTL_NODE_U64:
		ctl_buf_printf(out, "%" PRIu64, n->v.u);
		break;
	case CTL_NODE_I64:
		ctl_buf_printf(out, "%" PRId64, n->v.i);
		break;
	case CTL_NODE_BOOL:
		ctl_buf_puts(out, n->v.b ? "yes" : "no");
		break;
	default:
		break;
	}
}

static void
ctl_text_flat_arr(struct ctl_reply *out, const struct ctl_node *arr)
{
	const struct ctl_node *c;

	if (arr->first == NULL) {
		ctl_buf_puts(out, "(none)");
		return;
	}
	for (c = arr->first; c != NULL; c = c->next) {
		if (c != arr->first)
			ctl_buf_puts(out, ", ");
		ctl_text_scalar(out, c);
	}
}

static void
ctl_text_block(struct ctl_reply *out, const char *text)
{
	size_t len = strlen(text);

	ctl_buf_add(out, text, len);
	if (len > 0 && text[len - 1] != '\n')
		ctl_buf_putc(out, '\n');
}

static void ctl_text_elems(struct ctl_reply *out, const struct ctl_node *arr,
			   size_t indent);

static void
ctl_text_members(struct ctl_reply *out, const struct ctl_node *obj,
		 size_t indent)
{
	const struct ctl_node *c;
	size_t width = 0;

	for (c = obj->first; c != NULL; c = c->next) {
		if (ctl_node_is_inline(c) && strlen(c->key) > width)
			width = strlen(c->key);
	}
	for (c = obj->first; c != NULL; c = c->next) {
		if (c->type == CTL_NODE_BLOCK) {
			ctl_text_block(out, c->v.s);
			continue;
		}
		ctl_buf_spaces(out, indent);
		ctl_text_key(out, c->key);
		if (ctl_node_is_inline(c)) {
			ctl_buf_spaces(out, width - strlen(c->key));
			ctl_buf_puts(out, " : ");
			if (c->type == CTL_NODE_ARR)
				ctl_text_flat_arr(out, c);
			else
				ctl_text_scalar(out, c);
			ctl_buf_putc(out, '\n');
		} else {
			ctl_buf_puts(out, ":\n");
			if (c->type == CTL_NODE_OBJ)
				ctl_text_members(out, c, indent + CTL_REPLY_INDENT);
			else
				ctl_text_elems(out, c, indent + CTL_REPLY_INDENT);
		}
	}
}

/* Elements of an array holding containers: blocks split by blank lines. */
static void
ctl_text_elems(struct ctl_reply *out, const struct ctl_node *arr, size_t indent)
{
	const struct ctl_node *c;

	for (c = arr->first; c != NULL; c = c->next) {
		if (c != arr->first)
			ctl_buf_putc(out, '\n');
		switch (c->type) {
		case CTL_NODE_OBJ:
			ctl_text_members(out, c, indent);
			break;
		case CTL_NODE_ARR:
			if (ctl_node_is_flat_arr(c)) {
				ctl_buf_spaces(out, indent);
				ctl_text_flat_arr(out, c);
				ctl_buf_putc(out, '\n');
			} else {
				ctl_text_elems(out, c, indent + CTL_REPLY_INDENT);
			}
			break;
		case CTL_NODE_BLOCK:
			ctl_text_block(out, c->v.s);
			break;
		default:
			ctl_buf_spaces(out, indent);
			ctl_text_scalar(out, c);
			ctl_buf_putc(out, '\n');
			break;
		}
	}
}

/* JSON rendering */

/* Length of the valid UTF-8 sequence at @s, or 0 when it is not valid. */
static size_t
ctl_utf8_len(const unsigned char *s)
{
	uint32_t cp;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		/* Also stops at the terminating NUL. */
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, UTF-16 surrogates, beyond U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

/* A JSON string; invalid UTF-8 bytes become U+FFFD so the output parses. */
static void
ctl_json_str(struct ctl_reply *out, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	char esc[8];
	size_t i = 0, n;

	ctl_buf_putc(out, '"');
	while (i < len) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			ctl_buf_add(out, esc, 2);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			ctl_buf_add(out, esc, 6);
			i++;
		} else if (c < 0x80) {
			ctl_buf_putc(out, (char)c);
			i++;
		} else {
			n = ctl_utf8_len(s + i);
			if (n == 0 || i + n > len) {
				ctl_buf_puts(out, "\\ufffd");
				i++;
			} else {
				ctl_buf_add(out, str + i, n);
				i += n;
			}
		}
	}
	ctl_buf_putc(out, '"');
}

static void
ctl_json_block(struct ctl_reply *out, const char *text, size_t indent)
{
	const char *p = text, *nl;
	size_t len;

	if (*p == '\0') {
		ctl_buf_puts(out, "[]");
		return;
	}
	ctl_buf_puts(out, "[\n");
	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		ctl_buf_spaces(out, indent + CTL_REPLY_INDENT);
		ctl_json_str(out, p, len);
		p += len;
		if (*p == '\n')
			p++;
		ctl_buf_puts(out, *p != '\0' ? ",\n" : "\n");
	}
	ctl_buf_spaces(out, indent);
	ctl_buf_putc(out, ']');
}

static void
ctl_json_value(struct ctl_reply *out, const struct ctl_node *n, size_t indent)
{
	const struct ctl_node *c;
	bool obj = n->type == CTL_NODE_OBJ;

	switch (n->type) {
	case CTL_NODE_OBJ:
	case CTL_NODE_ARR:
		if (n->first == NULL) {
			ctl_buf_puts(out, obj ? "{}" : "[]");
			break;
		}
		ctl_buf_puts(out, obj ? "{\n" : "[\n");
		for (c = n->first; c != NULL; c = c->next) {
			ctl_buf_spaces(out, indent + CTL_REPLY_INDENT);
			if (obj) {
				ctl_json_str(out, c->key, strlen(c->key));
				ctl_buf_puts(out, ": ");
			}
			ctl_json_value(out, c, indent + CTL_REPLY_INDENT);
			ctl_buf_puts(out, c->next != NULL ? ",\n" : "\n");
		}
		ctl_buf_spaces(out, indent);
		ctl_buf_putc(out, obj ? '}' : ']');
		break;
	case CTL_NODE_STR:
		ctl_json_str(out, n->v.s, strlen(n->v.s));
		break;
	case CTL_NODE_U64:
		ctl_buf_printf(out, "%" PRIu64, n->v.u);
		break;
	case CTL_NODE_I64:
		ctl_buf_printf(out, "%" PRId64, n->v.i);
		break;
	case CTL_NODE_BOOL:
		ctl_buf_puts(out, n->v.b ? "true" : "false");
		break;
	case CTL_NODE_BLOCK:
		ctl_json_block(out, n->v.s, indent);
		break;
	}
}

const char *
ctl_reply_finish(struct ctl_reply *out, size_t *len)
{
	const char *err;

	if (!out->finished) {
		/* Close every open level. */
		out->n_skip = 0;
		while (out->depth > 0)
			ctl_reply_end(out);
		out->finished = true;
		err = out->error != NULL ? out->error : "out of memory";
		if (out->fmt == CTL_REPLY_TEXT && out->has_error) {
			ctl_buf_puts(out, "Error: ");
			ctl_text_str(out, err);
			ctl_buf_putc(out, '\n');
		} else if (out->fmt == CTL_REPLY_TEXT) {
			ctl_text_members(out, &out->root, 0);
		} else if (out->fmt == CTL_REPLY_JSON && out->has_error) {
			ctl_buf_puts(out, "{\n");
			ctl_buf_spaces(out, CTL_REPLY_INDENT);
			ctl_buf_puts(out, "\"error\": ");
			ctl_json_str(out, err, strlen(err));
			ctl_buf_puts(out, "\n}\n");
		} else if (out->fmt == CTL_REPLY_JSON) {
			ctl_json_value(out, &out->root, 0);
			ctl_buf_putc(out, '\n');
		}
		/* The tree is not needed any more. */
		ctl_node_free_children(&out->root);
		out->cur = &out->root;
	}
	if (out->failed || out->buf.p == NULL) {
		if (len != NULL)
			*len = 0;
		return ctl_reply_empty;
	}
	if (len != NULL)
		*len = out->buf.len;
	return out->buf.p;
}
