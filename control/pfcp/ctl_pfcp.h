/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PFCP (N4/Sx) server of the user plane: UDP 8805 on the sx-service's
 * bind address, served by the control reactor. Associations with the
 * control planes of the user-plane-service's control-plane-group,
 * heartbeats both ways, session establishment, modification and deletion
 * mapped onto the gateway's sessions through control/sess. With SRP the
 * N4 socket is open only on the active chassis (ctl_pfcp_role()).
 * Context: control.
 */
#ifndef CTL_PFCP_H
#define CTL_PFCP_H

#include <stdbool.h>

struct ctl_conf;
struct ctl_loop;

/**
 * Read the configuration (the first user-plane-service that associates an
 * sx-service and a control-plane-group) and register the show commands.
 * Without SRP the N4 socket opens now; with SRP it waits for
 * ctl_pfcp_role(true). Nothing to serve is not an error.
 * Context: control.
 * @return 0, -ENOMEM, or the error of opening the socket (standalone)
 */
int ctl_pfcp_init(const struct ctl_conf *conf, struct ctl_loop *loop);

/** Close the socket, forget every PFCP session (gateway sessions stay). */
void ctl_pfcp_fini(void);

/**
 * The chassis became active (open the N4 socket) or standby (close it:
 * the standby is silent on N4). Context: control.
 */
void ctl_pfcp_role(bool active);

/** Whether an sx-service is configured and used. Context: control. */
bool ctl_pfcp_enabled(void);

/** Whether the N4 socket is open. Context: control. */
bool ctl_pfcp_listening(void);

#endif /* CTL_PFCP_H */
