/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reader of the test vector files (NAME.vec under $SRPGW_VECTORS/<dir>, one
 * "key: value" per line, '#' comments) shared by the GTP-U and SRP vector
 * loaders; header-only, test code only.
 */
#ifndef UT_VEC_H
#define UT_VEC_H

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UT_VEC_MAX_FIELDS	32

/* One loaded vector file. */
struct ut_vec {
	char		name[128];	/* file name without .vec */
	unsigned int	n_fields;	/* used entries of key/val */
	char		*key[UT_VEC_MAX_FIELDS];
	char		*val[UT_VEC_MAX_FIELDS];
	char		*text;		/* file contents; keys/values point in */
};

/* Called for each vector by ut_vec_foreach(). */
typedef void (*ut_vec_fn)(const struct ut_vec *v, void *arg);

/* Release what ut_vec_load() filled in; @v is zeroed. Context: test thread. */
static inline void
ut_vec_free(struct ut_vec *v)
{
	free(v->text);
	memset(v, 0, sizeof(*v));
}

/**
 * Load one vector file.
 *
 * Context: test thread.
 * @param path    file to read
 * @param fname   its name, ending in ".vec" (the name kept drops it)
 * @param strict  true: a line that is not "key: value" (the first ':'
 *		  followed by a space) or one field too many fails the load;
 *		  false: such lines are skipped and the key ends at the first
 *		  ": "
 * @param v       filled; on success ut_vec_free() it, on failure it
 *		  holds nothing to free
 * @return 0, or -errno of fopen, -EIO (unreadable), -EINVAL (strict only:
 *	   malformed line or more than UT_VEC_MAX_FIELDS fields)
 */
static inline int
ut_vec_load(const char *path, const char *fname, bool strict,
	    struct ut_vec *v)
{
	char *line, *save = NULL, *sep;
	FILE *f;
	bool ok;
	long n;

	memset(v, 0, sizeof(*v));
	snprintf(v->name, sizeof(v->name), "%.*s",
		 (int)(strlen(fname) - 4), fname);
	f = fopen(path, "r");
	if (f == NULL)
		return -errno;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return -EIO;
	}
	v->text = calloc(1, (size_t)n + 1);
	if (v->text == NULL || fread(v->text, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		ut_vec_free(v);
		return -EIO;
	}
	fclose(f);
	for (line = strtok_r(v->text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || line[0] == '\0')
			continue;
		sep = strstr(line, ": ");
		/* Strict: the separator must be the line's first ':'. */
		ok = sep != NULL && v->n_fields < UT_VEC_MAX_FIELDS &&
		     (!strict || strchr(line, ':') == sep);
		if (!ok) {
			if (!strict)
				continue;
			ut_vec_free(v);
			return -EINVAL;
		}
		*sep = '\0';
		v->key[v->n_fields] = line;
		v->val[v->n_fields] = sep + 2;
		v->n_fields++;
	}
	return 0;
}

/* Value of @key in @v, or NULL. Context: test thread. */
static inline const char *
ut_vec_get(const struct ut_vec *v, const char *key)
{
	unsigned int i;

	for (i = 0; i < v->n_fields; i++)
		if (strcmp(v->key[i], key) == 0)
			return v->val[i];
	return NULL;
}

/*
 * Integer value of @key (decimal or 0x hex); -1 if absent or "-".
 * Context: test thread.
 */
static inline long long
ut_vec_int(const struct ut_vec *v, const char *key)
{
	const char *s = ut_vec_get(v, key);

	if (s == NULL || strcmp(s, "-") == 0)
		return -1;
	return strtoll(s, NULL, 0);
}

/**
 * Decode the hex value of @key.
 *
 * Context: test thread.
 * @param out      receives the bytes
 * @param out_max  room in @out
 * @return number of bytes, or -1 if @key is absent, has an odd number of
 *	   digits, a non-hex digit or more than @out_max bytes
 */
static inline int
ut_vec_hex(const struct ut_vec *v, const char *key, uint8_t *out,
	   size_t out_max)
{
	const char *s = ut_vec_get(v, key);
	unsigned int b;
	size_t i, n;

	if (s == NULL)
		return -1;
	n = strlen(s);
	if (n % 2 != 0 || n / 2 > out_max)
		return -1;
	for (i = 0; i < n / 2; i++) {
		if (sscanf(s + 2 * i, "%2x", &b) != 1)
			return -1;
		out[i] = (uint8_t)b;
	}
	return (int)(n / 2);
}

/* scandir() filter: names longer than ".vec" that end in it. */
static inline int
ut_vec_filter(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 4 && strcmp(d->d_name + n - 4, ".vec") == 0;
}

/**
 * Call @fn for the vectors in $SRPGW_VECTORS/@subdir, sorted by name.
 *
 * Loading stops at the first file that fails to load; that error is
 * returned even if some vectors were visited before.
 *
 * Context: test thread.
 * @param subdir  directory under $SRPGW_VECTORS ("gtpu", "srp")
 * @param strict  passed to ut_vec_load()
 * @param kind    visit only vectors whose "kind" field equals it; NULL: all
 * @return number of vectors visited, or negative errno: -ENOENT
 *	   (SRPGW_VECTORS unset), scandir's -errno, or ut_vec_load()'s error
 */
static inline int
ut_vec_foreach(const char *subdir, bool strict, const char *kind,
	       ut_vec_fn fn, void *arg)
{
	const char *root = getenv("SRPGW_VECTORS");
	struct dirent **list;
	char dir[512], path[1024];
	struct ut_vec v;
	int i, n, count = 0, ret = 0;

	if (root == NULL)
		return -ENOENT;
	snprintf(dir, sizeof(dir), "%s/%s", root, subdir);
	n = scandir(dir, &list, ut_vec_filter, alphasort);
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		if (ret == 0) {
			ret = ut_vec_load(path, list[i]->d_name, strict, &v);
			if (ret == 0) {
				const char *k = ut_vec_get(&v, "kind");

				if (kind == NULL ||
				    (k != NULL && strcmp(k, kind) == 0)) {
					fn(&v, arg);
					count++;
				}
				ut_vec_free(&v);
			}
		}
		free(list[i]);
	}
	free(list);
	return ret < 0 ? ret : count;
}

/*
 * Suite init for suites that read vectors: a missing SRPGW_VECTORS is a
 * failure of the run, not a silent skip. Context: test main thread.
 */
static inline int
ut_vec_suite_init(void)
{
	if (getenv("SRPGW_VECTORS") == NULL) {
		fprintf(stderr, "SRPGW_VECTORS is not set\n");
		return -1;
	}
	return 0;
}

#endif /* UT_VEC_H */
