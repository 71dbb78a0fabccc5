/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * JSON rendering of the structured output: one indented object, strings
 * escaped, invalid UTF-8 replaced. Context: control.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ctl_reply_int.h"

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
void
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

void
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
