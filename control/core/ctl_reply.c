/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Structured output of show commands: the tree handlers build (objects,
 * arrays, named values), the output buffer and ctl_reply_finish(), which
 * hands the tree to the text or JSON renderer; telemetry outputs go to
 * ctl_reply_tel.c as they are written. Context: control.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_telemetry.h>

#include "ctl_reply_int.h"

static const char ctl_reply_empty[] = "";

/* Buffer */

bool
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

void
ctl_buf_add(struct ctl_reply *out, const char *s, size_t n)
{
	if (!ctl_buf_reserve(out, n))
		return;
	memcpy(out->buf.p + out->buf.len, s, n);
	out->buf.len += n;
	out->buf.p[out->buf.len] = '\0';
}

void
ctl_buf_puts(struct ctl_reply *out, const char *s)
{
	ctl_buf_add(out, s, strlen(s));
}

void
ctl_buf_putc(struct ctl_reply *out, char c)
{
	ctl_buf_add(out, &c, 1);
}

void
ctl_buf_spaces(struct ctl_reply *out, size_t n)
{
	if (!ctl_buf_reserve(out, n))
		return;
	memset(out->buf.p + out->buf.len, ' ', n);
	out->buf.len += n;
	out->buf.p[out->buf.len] = '\0';
}

void
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
ctl_reply_utc(struct ctl_reply *out, const char *key, uint64_t wall_s,
	      const char *none)
{
	char buf[32];
	struct tm tm;
	time_t t = (time_t)wall_s;

	if (wall_s == 0 || (uint64_t)t != wall_s || gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		ctl_reply_str(out, key, none);
		return;
	}
	ctl_reply_str(out, key, buf);
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
