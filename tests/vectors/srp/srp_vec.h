/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Loader of the SRP wire-format vectors (NAME.vec files under
 * $SRPGW_VECTORS/srp, one "key: value" per line) for the unit tests.
 * Test code only.
 */
#ifndef SRP_VEC_H
#define SRP_VEC_H

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SRP_VEC_MAX_FIELDS	32

struct srp_vec {
	char		name[128];	/* file name without .vec */
	unsigned int	n_fields;
	char		*key[SRP_VEC_MAX_FIELDS];
	char		*val[SRP_VEC_MAX_FIELDS];
	char		*text;		/* file contents; keys/values point in */
};

static inline const char *
srp_vec_get(const struct srp_vec *v, const char *key)
{
	unsigned int i;

	for (i = 0; i < v->n_fields; i++)
		if (strcmp(v->key[i], key) == 0)
			return v->val[i];
	return NULL;
}

/* Decode hex field @key into a malloc'd buffer; NULL if absent or bad. */
static inline uint8_t *
srp_vec_hex(const struct srp_vec *v, const char *key, size_t *len)
{
	const char *s = srp_vec_get(v, key);
	unsigned int b;
	uint8_t *out;
	size_t i, n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n % 2 != 0)
		return NULL;
	out = malloc(n / 2 + 1);
	if (out == NULL)
		return NULL;
	for (i = 0; i < n / 2; i++) {
		if (sscanf(s + 2 * i, "%2x", &b) != 1) {
			free(out);
			return NULL;
		}
		out[i] = (uint8_t)b;
	}
	*len = n / 2;
	return out;
}

static inline int
srp_vec_load(const char *path, const char *fname, struct srp_vec *v)
{
	char *line, *save = NULL, *colon;
	FILE *f;
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
		free(v->text);
		return -EIO;
	}
	fclose(f);
	for (line = strtok_r(v->text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || line[0] == '\0')
			continue;
		colon = strstr(line, ": ");
		if (colon == NULL || v->n_fields == SRP_VEC_MAX_FIELDS)
			continue;
		*colon = '\0';
		v->key[v->n_fields] = line;
		v->val[v->n_fields] = colon + 2;
		v->n_fields++;
	}
	return 0;
}

static inline int
srp_vec_filter(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 4 && strcmp(d->d_name + n - 4, ".vec") == 0;
}

/*
 * Call @fn for every vector in $SRPGW_VECTORS/srp, sorted by name.
 * @return number visited, or negative errno
 */
static inline int
srp_vec_foreach(void (*fn)(const struct srp_vec *v, void *arg), void *arg)
{
	const char *root = getenv("SRPGW_VECTORS");
	struct dirent **list;
	char dir[512], path[1024];
	struct srp_vec v;
	int i, n, count = 0, ret = 0;

	if (root == NULL)
		return -ENOENT;
	snprintf(dir, sizeof(dir), "%s/srp", root);
	n = scandir(dir, &list, srp_vec_filter, alphasort);
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		if (ret == 0) {
			ret = srp_vec_load(path, list[i]->d_name, &v);
			if (ret == 0) {
				fn(&v, arg);
				count++;
				free(v.text);
			}
		}
		free(list[i]);
	}
	free(list);
	return ret < 0 ? ret : count;
}

#endif /* SRP_VEC_H */
