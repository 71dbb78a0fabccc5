/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix_spawn of helper programs with a parent-death signal (see
 * ctl_spawn.h). Context: control.
 */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctl_spawn.h"

/* Arguments ctl_spawn passes to setpriv before the program's own. */
#define SPAWN_MAX_ARGS	32

extern char **environ;

/* True when @dir/@name (at most @n bytes of @dir) is an executable file. */
static int
spawn_try(const char *dir, size_t n, const char *name, char *path,
	  size_t path_len)
{
	struct stat st;
	int len;

	if (n == 0)
		return -ENOENT;
	len = snprintf(path, path_len, "%.*s/%s", (int)n, dir, name);
	if (len < 0 || (size_t)len >= path_len)
		return -ENAMETOOLONG;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    access(path, X_OK) != 0)
		return -ENOENT;
	return 0;
}

/* Look @name up in the ':'-separated @dirs. */
static int
spawn_search(const char *dirs, const char *name, char *path, size_t path_len)
{
	const char *p = dirs, *end;
	int ret = -ENOENT;

	while (p != NULL && *p != '\0') {
		end = strchr(p, ':');
		ret = spawn_try(p, end != NULL ? (size_t)(end - p) : strlen(p),
				name, path, path_len);
		if (ret == 0 || ret == -ENAMETOOLONG)
			return ret;
		p = end != NULL ? end + 1 : NULL;
	}
	return -ENOENT;
}

int
ctl_spawn_find(const char *name, const char *extra_dirs, char *path,
	       size_t path_len)
{
	int ret;

	if (name == NULL || name[0] == '\0' || path == NULL)
		return -EINVAL;
	if (strchr(name, '/') != NULL) {
		if (snprintf(path, path_len, "%s", name) >= (int)path_len)
			return -ENAMETOOLONG;
		return access(path, X_OK) == 0 ? 0 : -ENOENT;
	}
	ret = spawn_search(getenv("PATH"), name, path, path_len);
	if (ret == -ENOENT && extra_dirs != NULL)
		ret = spawn_search(extra_dirs, name, path, path_len);
	return ret;
}

pid_t
ctl_spawn(char *const argv[], char *err, size_t err_len)
{
	char prog[4096], setpriv[4096];
	char *args[SPAWN_MAX_ARGS + 5];
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	unsigned int i, n;
	pid_t pid;
	int ret;

	for (n = 0; argv != NULL && argv[n] != NULL; n++)
		if (n == SPAWN_MAX_ARGS) {
			snprintf(err, err_len, "too many arguments");
			return -E2BIG;
		}
	if (n == 0) {
		snprintf(err, err_len, "no program");
		return -EINVAL;
	}
	ret = ctl_spawn_find(argv[0], "/usr/sbin:/sbin", prog, sizeof(prog));
	if (ret < 0) {
		snprintf(err, err_len, "%s: not found", argv[0]);
		return ret;
	}
	ret = ctl_spawn_find("setpriv", "/usr/bin:/bin", setpriv,
			     sizeof(setpriv));
	if (ret < 0) {
		snprintf(err, err_len, "setpriv (util-linux): not found");
		return ret;
	}
	/* setpriv sets PR_SET_PDEATHSIG in the child, then execs. */
	args[0] = (char *)"setpriv";
	args[1] = (char *)"--pdeathsig";
	args[2] = (char *)"KILL";
	args[3] = (char *)"--";
	args[4] = prog;
	for (i = 1; i < n; i++)
		args[4 + i] = argv[i];
	args[4 + n] = NULL;

	sigemptyset(&none);
	sigfillset(&all);
	ret = posix_spawnattr_init(&attr);
	if (ret != 0)
		goto out_err;
	ret = posix_spawn_file_actions_init(&fa);
	if (ret != 0)
		goto out_attr;
	ret = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
				       POSIX_SPAWN_SETSIGDEF);
	if (ret == 0)
		ret = posix_spawnattr_setsigmask(&attr, &none);
	if (ret == 0)
		ret = posix_spawnattr_setsigdefault(&attr, &all);
	if (ret == 0)
		ret = posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	if (ret == 0)
		ret = posix_spawn(&pid, setpriv, &fa, &attr, args, environ);
	posix_spawn_file_actions_destroy(&fa);
out_attr:
	posix_spawnattr_destroy(&attr);
out_err:
	if (ret != 0) {
		snprintf(err, err_len, "posix_spawn %s: %s", prog,
			 strerror(ret));
		return -ret;
	}
	return pid;
}
