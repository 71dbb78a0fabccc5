/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * show dataplane statistics: worker counters, drops by reason, slow-path
 * counters, per-worker rings. Context: control.
 */
#ifndef CTL_SHOW_DP_H
#define CTL_SHOW_DP_H

/**
 * Register show dataplane statistics (again: -EEXIST is not an error).
 * Context: control.
 * @return 0, or the first ctl_api_register error other than -EEXIST
 */
int ctl_show_dp_register(void);

#endif /* CTL_SHOW_DP_H */
