/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Operator commands of the control reactor ("show reactor statistics").
 * Context: control.
 */
#ifndef CTL_LOOP_CMD_H
#define CTL_LOOP_CMD_H

struct ctl_loop;

/**
 * Register "show reactor statistics" for @loop with the command API.
 * Context: control.
 * @return 0, or the first ctl_api_register error
 */
int ctl_loop_cmd_register(struct ctl_loop *loop);

#endif /* CTL_LOOP_CMD_H */
