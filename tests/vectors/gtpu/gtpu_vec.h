/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reader of the GTP-U vector files (the .vec files of tests/vectors/gtpu, format in
 * README.md) for the unit tests; header-only, test code only.
 */
#ifndef GTPU_VEC_H
#define GTPU_VEC_H

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GTPU_VEC_MAX_FIELDS	32
#define GTPU_VEC_MAX_BYTES	4096

struct gtpu_vec {
	char		name[128];	/* file name without .vec */
	unsigned int	n_fields;
	char		*key[GTPU_VEC_MAX_FIELDS];
	char		*val[GTPU_VEC_MAX_FIELDS];
	char		*text;		/* file contents, keys/values point in */
};

static inline void
gtpu_vec_free(struct gtpu_vec *v)
{
	free(v->text);
	memset(v, 0, sizeof(*v));
}

/* Load one file: "key: value" lines, '#' comments. 0 or negative errno. */
static inline int
gtpu_vec_load(const char *path, const char *name, struct gtpu_vec *v)
{
	char *line, *save = NULL, *colon;
	FILE *f;
	long n;

	memset(v, 0, sizeof(*v));
	snprintf(v->name, sizeof(v->name), "%.*s",
		 (int)(strlen(name) - 4), name);
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
		gtpu_vec_free(v);
		return -EIO;
	}
	fclose(f);
	for (line = strtok_r(v->text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || line[0] == '\0')
			continue;
		colon = strchr(line, ':');
		if (colon == NULL || colon[1] != ' ' ||
		    v->n_fields == GTPU_VEC_MAX_FIELDS) {
			gtpu_vec_free(v);
			return -EINVAL;
		}
		*colon = '\0';
		v->key[v->n_fields] = line;
		v->val[v->n_fields] = colon + 2;
		v->n_fields++;
	}
	return 0;
}

/* Value of @key, or NULL. */
static inline const char *
gtpu_vec_get(const struct gtpu_vec *v, const char *key)
{
	unsigned int i;

	for (i = 0; i < v->n_fields; i++)
		if (strcmp(v->key[i], key) == 0)
			return v->val[i];
	return NULL;
}

/* Integer value of @key (decimal or 0x hex); -1 if absent or "-". */
static inline long long
gtpu_vec_int(const struct gtpu_vec *v, const char *key)
{
	const char *s = gtpu_vec_get(v, key);

	if (s == NULL || strcmp(s, "-") == 0)
		return -1;
	return strtoll(s, NULL, 0);
}

/* Hex value of @key into @out (GTPU_VEC_MAX_BYTES); length or -1. */
static inline int
gtpu_vec_hex(const struct gtpu_vec *v, const char *key, uint8_t *out)
{
	const char *s = gtpu_vec_get(v, key);
	size_t i, n;
	unsigned int b;

	if (s == NULL)
		return -1;
	n = strlen(s);
	if (n % 2 != 0 || n / 2 > GTPU_VEC_MAX_BYTES)
		return -1;
	for (i = 0; i < n / 2; i++) {
		if (sscanf(s + 2 * i, "%2x", &b) != 1)
			return -1;
		out[i] = (uint8_t)b;
	}
	return (int)(n / 2);
}

static inline int
gtpu_vec_filter(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 4 && strcmp(d->d_name + n - 4, ".vec") == 0;
}

/*
 * Call @fn for each vector of @kind in $SRPGW_VECTORS/gtpu, sorted by name.
 * @return number of vectors visited, or negative errno (variable unset,
 *	   directory or file unreadable)
 */
static inline int
gtpu_vec_foreach(const char *kind,
		 void (*fn)(const struct gtpu_vec *v, void *arg), void *arg)
{
	const char *root = getenv("SRPGW_VECTORS");
	struct dirent **list;
	char dir[512], path[1024];
	struct gtpu_vec v;
	int i, n, count = 0, ret = 0;

	if (root == NULL)
		return -ENOENT;
	snprintf(dir, sizeof(dir), "%s/gtpu", root);
	n = scandir(dir, &list, gtpu_vec_filter, alphasort);
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		if (ret == 0) {
			ret = gtpu_vec_load(path, list[i]->d_name, &v);
			if (ret == 0) {
				const char *k = gtpu_vec_get(&v, "kind");

				if (k != NULL && strcmp(k, kind) == 0) {
					fn(&v, arg);
					count++;
				}
				gtpu_vec_free(&v);
			}
		}
		free(list[i]);
	}
	free(list);
	return ret < 0 ? ret : count;
}

#endif /* GTPU_VEC_H */
