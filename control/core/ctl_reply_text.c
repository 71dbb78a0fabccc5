/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Text rendering of the structured output: "Key : value" lines aligned per
 * object, nested by indent. Context: control.
 */
#include <inttypes.h>
#include <string.h>

#include "ctl_reply_int.h"

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
void
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

void
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
