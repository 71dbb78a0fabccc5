/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Telemetry conversion of the structured output: levels written to a
 * CTL_REPLY_TEL output go straight into the rte_tel_data dictionary,
 * flattened to what telemetry can hold. Context: control.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_telemetry.h>

#include "ctl_reply_int.h"

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

void
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

void
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

void
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
