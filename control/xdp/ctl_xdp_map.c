/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * BPF map access for XDP steering (ctl_xdp_map.h): discovery through the
 * interface's XDP program id, plan writes, counter reads. Context: control.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "ctl_xdp_map.h"

/* More maps than srpgw's program has; the rest are ignored. */
#define XDP_MAP_IDS_MAX	16

void
ctl_xdp_maps_reset(struct ctl_xdp_maps *m)
{
	m->prog_id = 0;
	m->addrs_fd = -1;
	m->pools_fd = -1;
	m->stats_fd = -1;
}

void
ctl_xdp_maps_close(struct ctl_xdp_maps *m)
{
	if (m->addrs_fd >= 0)
		close(m->addrs_fd);
	if (m->pools_fd >= 0)
		close(m->pools_fd);
	if (m->stats_fd >= 0)
		close(m->stats_fd);
	ctl_xdp_maps_reset(m);
}

/* The expected shape of each map we use. */
struct xdp_map_want {
	const char	*name;
	uint32_t	type;
	uint32_t	key_size;
	uint32_t	value_size;
	size_t		fd_off;
};

static const struct xdp_map_want xdp_map_wants[] = {
	{ SRPGW_XDP_ADDRS_MAP, BPF_MAP_TYPE_HASH,
	  sizeof(struct srpgw_xdp_addr_key), sizeof(__u32),
	  offsetof(struct ctl_xdp_maps, addrs_fd) },
	{ SRPGW_XDP_POOLS_MAP, BPF_MAP_TYPE_LPM_TRIE,
	  sizeof(struct srpgw_xdp_pool_key), sizeof(__u32),
	  offsetof(struct ctl_xdp_maps, pools_fd) },
	{ SRPGW_XDP_STATS_MAP, BPF_MAP_TYPE_PERCPU_ARRAY,
	  sizeof(__u32), sizeof(__u64),
	  offsetof(struct ctl_xdp_maps, stats_fd) },
};

/* Keep map @id in @m if it is one of ours; 0, or -errno / -ENOTSUP. */
static int
xdp_map_take(struct ctl_xdp_maps *m, uint32_t id)
{
	struct bpf_map_info info;
	uint32_t len = sizeof(info);
	unsigned int i;
	int fd, *slot;

	fd = bpf_map_get_fd_by_id(id);
	if (fd < 0)
		return -errno;
	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len) != 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	for (i = 0; i < sizeof(xdp_map_wants) / sizeof(xdp_map_wants[0]); i++) {
		const struct xdp_map_want *w = &xdp_map_wants[i];

		if (strcmp(info.name, w->name) != 0)
			continue;
		slot = (int *)((char *)m + w->fd_off);
		if (info.type != w->type || info.key_size != w->key_size ||
		    info.value_size != w->value_size || *slot >= 0) {
			close(fd);
			return -ENOTSUP;
		}
		*slot = fd;
		return 0;
	}
	close(fd);	/* xsks_map, or a map we do not use */
	return 0;
}

int
ctl_xdp_maps_find(unsigned int ifindex, struct ctl_xdp_maps *m)
{
	uint32_t ids[XDP_MAP_IDS_MAX];
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);
	uint32_t prog_id = 0, i, n;
	int fd, ret;

	ctl_xdp_maps_reset(m);
	if (bpf_xdp_query_id((int)ifindex, 0, &prog_id) != 0)
		return -errno;
	if (prog_id == 0)
		return -ENOENT;
	fd = bpf_prog_get_fd_by_id(prog_id);
	if (fd < 0)
		return -errno;
	memset(&info, 0, sizeof(info));
	info.nr_map_ids = XDP_MAP_IDS_MAX;
	info.map_ids = (uint64_t)(uintptr_t)ids;
	ret = bpf_obj_get_info_by_fd(fd, &info, &len) != 0 ? -errno : 0;
	close(fd);
	if (ret < 0)
		return ret;
	if (strncmp(info.name, SRPGW_XDP_PROG_NAME, sizeof(info.name)) != 0)
		return -ENOTSUP;
	n = info.nr_map_ids < XDP_MAP_IDS_MAX ? info.nr_map_ids :
						XDP_MAP_IDS_MAX;
	for (i = 0; i < n && ret == 0; i++)
		ret = xdp_map_take(m, ids[i]);
	if (ret == 0 && (m->addrs_fd < 0 || m->pools_fd < 0 || m->stats_fd < 0))
		ret = -ENOTSUP;
	if (ret < 0) {
		ctl_xdp_maps_close(m);
		return ret;
	}
	m->prog_id = prog_id;
	return 0;
}

static int
xdp_entry_write(const struct ctl_xdp_maps *m, const struct ctl_xdp_entry *e,
		bool present)
{
	struct srpgw_xdp_addr_key ak;
	struct srpgw_xdp_pool_key pk;
	__u32 val = SRPGW_XDP_ADDR_OWNED;
	const void *key;
	int fd, ret;

	if (e->kind == CTL_XDP_ADDR) {
		memcpy(ak.addr, e->addr, 16);
		key = &ak;
		fd = m->addrs_fd;
	} else {
		memset(&pk, 0, sizeof(pk));
		pk.prefixlen = e->plen;
		memcpy(pk.addr, e->addr, 16);
		key = &pk;
		fd = m->pools_fd;
	}
	if (present)
		ret = bpf_map_update_elem(fd, key, &val, BPF_ANY);
	else
		ret = bpf_map_delete_elem(fd, key);
	if (ret != 0 && !(errno == ENOENT && !present))
		return -errno;
	return 0;
}

int
ctl_xdp_maps_apply(const struct ctl_xdp_maps *m,
		   const struct ctl_xdp_plan *plan, bool active)
{
	unsigned int i;
	int first = 0, ret;

	if (m == NULL || plan == NULL || m->addrs_fd < 0 || m->pools_fd < 0)
		return -EINVAL;
	for (i = 0; i < plan->n; i++) {
		ret = xdp_entry_write(m, &plan->e[i],
				      ctl_xdp_entry_wanted(&plan->e[i], active));
		if (ret < 0 && first == 0)
			first = ret;
	}
	return first;
}

int
ctl_xdp_maps_stats(const struct ctl_xdp_maps *m,
		   uint64_t out[SRPGW_XDP_N_COUNTERS])
{
	int ncpu, c, ret = 0;
	uint64_t *vals;
	__u32 k;

	if (m == NULL || m->stats_fd < 0)
		return -EINVAL;
	ncpu = libbpf_num_possible_cpus();
	if (ncpu <= 0)
		return ncpu < 0 ? ncpu : -EINVAL;
	vals = calloc((size_t)ncpu, sizeof(*vals));
	if (vals == NULL)
		return -ENOMEM;
	for (k = 0; k < SRPGW_XDP_N_COUNTERS; k++) {
		out[k] = 0;
		if (bpf_map_lookup_elem(m->stats_fd, &k, vals) != 0) {
			ret = -errno;
			break;
		}
		for (c = 0; c < ncpu; c++)
			out[k] += vals[c];
	}
	free(vals);
	return ret;
}

static int
xdp_map_len(int fd, size_t key_size, unsigned int *n)
{
	uint8_t key[sizeof(struct srpgw_xdp_pool_key)];
	uint8_t next[sizeof(struct srpgw_xdp_pool_key)];
	const void *prev = NULL;

	*n = 0;
	if (key_size > sizeof(key))
		return -EINVAL;
	while (bpf_map_get_next_key(fd, prev, next) == 0) {
		(*n)++;
		memcpy(key, next, key_size);
		prev = key;
		if (*n > SRPGW_XDP_MAX_ADDRS + SRPGW_XDP_MAX_POOLS)
			return -EOVERFLOW;	/* a map changing under us */
	}
	return errno == ENOENT ? 0 : -errno;
}

int
ctl_xdp_maps_count(const struct ctl_xdp_maps *m, unsigned int *n_addrs,
		   unsigned int *n_pools)
{
	int ret;

	if (m == NULL || m->addrs_fd < 0 || m->pools_fd < 0)
		return -EINVAL;
	ret = xdp_map_len(m->addrs_fd, sizeof(struct srpgw_xdp_addr_key),
			  n_addrs);
	if (ret == 0)
		ret = xdp_map_len(m->pools_fd, sizeof(struct srpgw_xdp_pool_key),
				  n_pools);
	return ret;
}
