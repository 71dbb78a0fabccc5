/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Starting helper programs (the BIRD speaker) from the control lcore
 * without fork(): posix_spawn, so a process with a large address space
 * does not copy its page tables, and the child dies with the gateway.
 * Context: control.
 */
#ifndef CTL_SPAWN_H
#define CTL_SPAWN_H

#include <stddef.h>
#include <sys/types.h>

/**
 * Find @name: in each PATH directory, then in each of the ':'-separated
 * @extra_dirs (NULL: none). Only an executable regular file counts.
 * Context: any.
 * @return 0 with the path in @path, -ENOENT, or -ENAMETOOLONG
 */
int ctl_spawn_find(const char *name, const char *extra_dirs, char *path,
		   size_t path_len);

/**
 * Start @argv (argv[0] is looked up with ctl_spawn_find, falling back to
 * /usr/sbin and /sbin) through posix_spawn, under "setpriv --pdeathsig
 * KILL" so that it is killed when the control thread ends, with signals
 * at their defaults, none blocked, and no file descriptor above 2 open.
 * Never forks: the caller is neither copied nor blocked past the exec.
 * Context: control.
 * @return the child's pid (> 0), or -errno with a message in @err
 */
pid_t ctl_spawn(char *const argv[], char *err, size_t err_len);

#endif /* CTL_SPAWN_H */
