/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reader of the GTP-U vector files (the .vec files of tests/vectors/gtpu, format in
 * README.md) for the unit tests, on top of the shared ut_vec reader; header-only,
 * test code only.
 */
#ifndef GTPU_VEC_H
#define GTPU_VEC_H

#include <stdint.h>

#include "../../unit/support/ut_vec.h"

#define GTPU_VEC_MAX_BYTES	4096

/* Hex value of @key into @out (GTPU_VEC_MAX_BYTES); length or -1. */
static inline int
gtpu_vec_hex(const struct ut_vec *v, const char *key, uint8_t *out)
{
	return ut_vec_hex(v, key, out, GTPU_VEC_MAX_BYTES);
}

/*
 * Call @fn for each vector of @kind in $SRPGW_VECTORS/gtpu, sorted by name.
 * GTP-U vectors are read strictly: a malformed line fails the run.
 * @return number of vectors visited, or negative errno (variable unset,
 *	   directory or file unreadable, malformed file)
 */
static inline int
gtpu_vec_foreach(const char *kind, ut_vec_fn fn, void *arg)
{
	return ut_vec_foreach("gtpu", true, kind, fn, arg);
}

#endif /* GTPU_VEC_H */
