/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Structured output for show commands: handlers describe their data once
 * (objects, arrays, named values) and it is rendered as aligned human text,
 * as JSON, or into a DPDK telemetry dictionary. Context: control.
 */
#ifndef CTL_REPLY_H
#define CTL_REPLY_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rte_tel_data;

enum ctl_reply_fmt {
	CTL_REPLY_TEXT = 0,	/* "Name : value" lines, nested by indent */
	CTL_REPLY_JSON,		/* one JSON object */
	CTL_REPLY_TEL,		/* rte_tel_data dictionary (telemetry) */
};

struct ctl_reply;

/**
 * New output of format @fmt (TEXT or JSON). The top level is an object.
 * @return the output, or NULL with errno ENOMEM
 */
struct ctl_reply *ctl_reply_new(enum ctl_reply_fmt fmt);

/**
 * New output that fills telemetry dictionary @d (already allocated by the
 * telemetry library). Levels deeper than telemetry allows are flattened into
 * "outer/inner" keys ('/' because DPDK 22.11 refuses '.' in names); arrays
 * of objects become dictionaries keyed "0", "1", ... Strings longer than
 * RTE_TEL_MAX_STRING_LEN - 1 bytes are truncated by telemetry. Context:
 * control (telemetry requests are relayed to the reactor).
 * @return the output, or NULL with errno EINVAL (NULL @d) or ENOMEM
 */
struct ctl_reply *ctl_reply_new_tel(struct rte_tel_data *d);

void ctl_reply_free(struct ctl_reply *out);

enum ctl_reply_fmt ctl_reply_fmt(const struct ctl_reply *out);

/**
 * Finish (close open JSON levels) and return the rendered bytes; valid until
 * ctl_reply_free. Empty string for CTL_REPLY_TEL.
 */
const char *ctl_reply_finish(struct ctl_reply *out, size_t *len);

/** True once any write failed for lack of memory. */
bool ctl_reply_failed(const struct ctl_reply *out);

/**
 * True once ctl_reply_error() was called on @out. Context: control.
 * @return whether the output holds an error message
 */
bool ctl_reply_has_error(const struct ctl_reply *out);

/**
 * Values the output could not hold and left out: levels nested deeper than
 * 32, entries telemetry refused (full dictionary or array, invalid name) and
 * telemetry array elements of a type the array cannot take. Context: control.
 * @return the number of values (or whole levels) left out
 */
unsigned int ctl_reply_n_dropped(const struct ctl_reply *out);

/* Open a nested object under @key (NULL inside an array). */
void ctl_reply_obj_begin(struct ctl_reply *out, const char *key);
void ctl_reply_obj_end(struct ctl_reply *out);
/* Open an array under @key. */
void ctl_reply_arr_begin(struct ctl_reply *out, const char *key);
void ctl_reply_arr_end(struct ctl_reply *out);

/*
 * Named values. @key is a JSON key in snake_case; text output shows it with
 * underscores as spaces and the first letter capitalised. Inside an array
 * @key is ignored.
 */
void ctl_reply_str(struct ctl_reply *out, const char *key, const char *val);
void ctl_reply_fmt_str(struct ctl_reply *out, const char *key,
		     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ctl_reply_u64(struct ctl_reply *out, const char *key, uint64_t val);
void ctl_reply_i64(struct ctl_reply *out, const char *key, int64_t val);
void ctl_reply_bool(struct ctl_reply *out, const char *key, bool val);

/**
 * A wall-clock instant, @wall_s seconds since the Unix epoch, as UTC
 * "YYYY-MM-DDTHH:MM:SSZ"; @none instead when @wall_s is 0 or cannot be
 * shown.
 */
void ctl_reply_utc(struct ctl_reply *out, const char *key, uint64_t wall_s,
		   const char *none);

/**
 * Verbatim text block (e.g. a configuration): printed as is in TEXT, an
 * array of lines under @key in JSON and telemetry.
 */
void ctl_reply_block(struct ctl_reply *out, const char *key, const char *text);

/**
 * Error message: in TEXT "Error: ..." line, in JSON {"error": "..."}.
 * A handler that calls this must return a negative errno.
 */
void ctl_reply_error(struct ctl_reply *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* CTL_REPLY_H */
