/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Loader of the SRP wire-format vectors (NAME.vec files under
 * $SRPGW_VECTORS/srp, one "key: value" per line) for the unit tests, on top
 * of the shared ut_vec reader. Test code only.
 */
#ifndef SRP_VEC_H
#define SRP_VEC_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../unit/support/ut_vec.h"

/* Decode hex field @key into a malloc'd buffer; NULL if absent or bad. */
static inline uint8_t *
srp_vec_hex(const struct ut_vec *v, const char *key, size_t *len)
{
	const char *s = ut_vec_get(v, key);
	uint8_t *out;
	size_t max;
	int n;

	if (s == NULL)
		return NULL;
	max = strlen(s) / 2;
	out = malloc(max + 1);
	if (out == NULL)
		return NULL;
	n = ut_vec_hex(v, key, out, max);
	if (n < 0) {
		free(out);
		return NULL;
	}
	*len = (size_t)n;
	return out;
}

/*
 * Call @fn for every vector in $SRPGW_VECTORS/srp, sorted by name. Lines
 * that are not "key: value" are skipped.
 * @return number visited, or negative errno
 */
static inline int
srp_vec_foreach(ut_vec_fn fn, void *arg)
{
	return ut_vec_foreach("srp", false, NULL, fn, arg);
}

#endif /* SRP_VEC_H */
