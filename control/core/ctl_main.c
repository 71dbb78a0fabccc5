/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srpgw process entry: reads the configuration, starts EAL, the data plane
 * workers and the control reactor on the main lcore, and shuts everything
 * down cleanly on SIGINT/SIGTERM. Context: control (main lcore).
 */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <pthread.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>

#include "conf/ctl_conf.h"
#include "ctl_api.h"
#include "ctl_log.h"
#include "ctl_logring.h"
#include "ctl_loop.h"
#include "ctl_module.h"
#include "ctl_reconf.h"
#include "dp_lifecycle.h"

/* Allocations served by mmap from this size on (glibc's default start). */
#define MAIN_MMAP_THRESHOLD	(128u << 10)
/* Free heap top kept rather than given back to the system. */
#define MAIN_TRIM_THRESHOLD	(1u << 30)

struct main_args {
	const char	*config_path;
	const char	*ctl_socket;
	bool		check_only;
	bool		idle_set;
	uint32_t	idle_polls;
	uint32_t	idle_sleep_us;
};

static void
main_usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [EAL options] -- --config FILE [options]\n"
		"  -c, --config FILE        configuration file (StarOS syntax, required)\n"
		"  -s, --ctl-socket PATH    control API socket (default %s)\n"
		"      --idle-backoff N[:US] workers sleep US microseconds (default 100)\n"
		"                           after N empty polls; overrides the file\n"
		"      --check-config       parse the configuration, print it, exit\n"
		"  -h, --help               this text\n"
		"      --version            print the version\n"
		"Log levels are EAL's: --log-level=user.gw.*:debug (types user.gw.dp,\n"
		"user.gw.ctl, user.gw.srp).\n",
		prog, CTL_API_SOCK_DEFAULT);
}

static int
main_parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	char *end;
	unsigned long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || v > max || (*end != '\0' && *end != ':'))
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

/* Parse the options after "--". Returns 0, 1 (exit 0: help/version) or -1. */
static int
main_parse_args(int argc, char **argv, const char *prog, struct main_args *a)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "ctl-socket", required_argument, NULL, 's' },
		{ "idle-backoff", required_argument, NULL, 'i' },
		{ "check-config", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *colon;
	int c;

	a->ctl_socket = CTL_API_SOCK_DEFAULT;
	optind = 1;
	while ((c = getopt_long(argc, argv, "c:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			a->config_path = optarg;
			break;
		case 's':
			a->ctl_socket = optarg;
			break;
		case 'i':
			a->idle_sleep_us = 100;
			colon = strchr(optarg, ':');
			if (main_parse_u32(optarg, 10000000, &a->idle_polls) < 0 ||
			    a->idle_polls == 0 ||
			    (colon != NULL &&
			     main_parse_u32(colon + 1, 100000,
					    &a->idle_sleep_us) < 0)) {
				fprintf(stderr, "%s: --idle-backoff: expected N[:US] "
					"with N 1..10000000 and US 0..100000, got '%s'\n",
					prog, optarg);
				return -1;
			}
			a->idle_set = true;
			break;
		case 'k':
			a->check_only = true;
			break;
		case 'h':
			main_usage(stdout, prog);
			return 1;
		case 'V':
			printf("srpgw %s\n", SRPGW_VERSION);
			return 1;
		default:
			main_usage(stderr, prog);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", prog, argv[optind]);
		return -1;
	}
	if (a->config_path == NULL) {
		fprintf(stderr, "%s: --config FILE is required\n", prog);
		main_usage(stderr, prog);
		return -1;
	}
	return 0;
}

static void
main_on_signal(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	struct signalfd_siginfo si;

	(void)events;
	(void)arg;
	if (read(fd, &si, sizeof(si)) != sizeof(si))
		return;
	if (si.ssi_signo == SIGHUP) {
		/* Read the start-up file again (core/ctl_reconf.c). */
		CTL_LOG(NOTICE, "SIGHUP: reading the configuration again");
		(void)ctl_reconf_sighup();
		return;
	}
	CTL_LOG(NOTICE, "signal %u received: shutting down", si.ssi_signo);
	ctl_loop_stop(loop);
}

/* Runs the control reactor until a signal; returns the exit status. */
static int
main_run(const struct main_args *a, struct ctl_conf *conf, int sig_fd)
{
	struct ctl_module_ctx mctx;
	struct ctl_loop *loop;
	struct dp_conf dpc;
	int status = 1;
	int ret;

	ctl_conf_to_dp(conf, &dpc);
	if (a->idle_set) {
		dpc.idle_polls = a->idle_polls;
		dpc.idle_sleep_us = a->idle_sleep_us;
	}
	ret = dp_init(&dpc);
	if (ret < 0) {
		CTL_LOG(ERR, "data plane init failed: %s", strerror(-ret));
		goto out_dp;
	}
	loop = ctl_loop_new();
	if (loop == NULL) {
		CTL_LOG(ERR, "ctl_loop_new: %s", strerror(errno));
		goto out_dp;
	}
	ret = ctl_loop_fd_add(loop, sig_fd, EPOLLIN, main_on_signal, NULL);
	if (ret < 0) {
		CTL_LOG(ERR, "cannot watch signals: %s", strerror(-ret));
		goto out_loop;
	}
	/* Every feature of control/, in rank order (core/ctl_module.h):
	 * static forwarding state before the workers start, SRP before
	 * them so they start not active, the control API last. */
	mctx.conf = conf;
	mctx.loop = loop;
	mctx.config_path = a->config_path;
	mctx.api_socket = a->ctl_socket;
	mctx.running = conf;
	ret = ctl_modules_init(&mctx);
	if (ret < 0)
		goto out_loop;
	ret = dp_launch();
	if (ret < 0) {
		CTL_LOG(ERR, "cannot launch workers: %s", strerror(-ret));
		goto out_mod;
	}
	CTL_LOG(NOTICE, "srpgw %s running: %u port(s), %u worker(s), control API %s",
		SRPGW_VERSION, dp_port_count(), dp_worker_count(), a->ctl_socket);
	ret = ctl_loop_run(loop);
	status = ret < 0 ? 1 : 0;
out_mod:
	/* In reverse rank order: the API module first, which stops the
	 * telemetry bridge, so no handler runs while the state of the
	 * features below is freed. */
	ctl_modules_fini();
out_loop:
	ctl_loop_free(loop);
out_dp:
	dp_shutdown();
	return status;
}

int
main(int argc, char **argv)
{
	char err[CTL_ERR_LEN];
	struct main_args a = { 0 };
	struct ctl_conf *conf;
	sigset_t sigs;
	int app_argc, eal_argc, i, ret, sig_fd, status;
	char **app_argv;

	/* Split at "--": EAL's options before, ours after. */
	for (eal_argc = 1; eal_argc < argc; eal_argc++)
		if (strcmp(argv[eal_argc], "--") == 0)
			break;
	if (eal_argc == argc) {
		for (i = 1; i < argc; i++) {
			if (strcmp(argv[i], "-h") == 0 ||
			    strcmp(argv[i], "--help") == 0) {
				main_usage(stdout, argv[0]);
				return 0;
			}
		}
		main_usage(stderr, argv[0]);
		return 2;
	}
	/*
	 * No glibc fastbins: freed session objects (about a hundred bytes
	 * each) would wait in them, and the first larger allocation after a
	 * million were reclaimed (an API client, a batch buffer) would merge
	 * them all in one reactor turn (malloc_consolidate, 27-74 ms seen in
	 * ctl_api_accept_cb on the standby). Without them each free merges
	 * its own chunk, inside the bounded reclaim slices.
	 * Large arrays (TEID lists, change sets, the standby's queue) are
	 * mmapped at any size (no dynamic threshold: from the heap, calloc
	 * zeroes them by hand, tens of MB in one turn), and the heap is not
	 * trimmed: giving back the memory of a million freed sessions in one
	 * free() is a long system call; it serves the next sessions instead.
	 */
	if (mallopt(M_MXFAST, 0) != 1 ||
	    mallopt(M_MMAP_THRESHOLD, MAIN_MMAP_THRESHOLD) != 1 ||
	    mallopt(M_TRIM_THRESHOLD, MAIN_TRIM_THRESHOLD) != 1)
		fprintf(stderr, "srpgw: mallopt: failed\n");
	app_argc = argc - eal_argc;
	app_argv = argv + eal_argc;
	app_argv[0] = argv[0];
	ret = main_parse_args(app_argc, app_argv, argv[0], &a);
	if (ret != 0)
		return ret > 0 ? 0 : 2;

	/* Load the configuration before any EAL resource exists: a bad file
	 * costs nothing and says FILE:LINE. */
	conf = malloc(sizeof(*conf));
	if (conf == NULL) {
		fprintf(stderr, "srpgw: out of memory\n");
		return 1;
	}
	ret = ctl_conf_load(a.config_path, conf, err, sizeof(err));
	if (ret < 0) {
		fprintf(stderr, "srpgw: %s\n", err);
		free(conf);
		return 2;
	}
	if (a.check_only) {
		ret = ctl_conf_print(conf, false, stdout);
		free(conf);
		return ret < 0 ? 1 : 0;
	}

	/* Block the stop signals and SIGHUP (configuration again) before
	 * EAL creates threads so that every thread inherits the mask and
	 * only the signalfd sees them. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	if (pthread_sigmask(SIG_BLOCK, &sigs, NULL) != 0) {
		fprintf(stderr, "srpgw: cannot block signals\n");
		free(conf);
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	sig_fd = signalfd(-1, &sigs, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sig_fd < 0) {
		fprintf(stderr, "srpgw: signalfd: %s\n", strerror(errno));
		free(conf);
		return 1;
	}

	ret = rte_eal_init(eal_argc, argv);
	if (ret < 0) {
		fprintf(stderr, "srpgw: EAL init failed: %s\n",
			rte_strerror(rte_errno));
		close(sig_fd);
		free(conf);
		return 1;
	}
	/* Recent log lines for the support bundle (ctl_support.c). */
	ret = ctl_logring_install();
	if (ret < 0)
		fprintf(stderr, "srpgw: no recent-log ring: %s\n",
			strerror(-ret));
	status = main_run(&a, conf, sig_fd);
	rte_eal_cleanup();
	close(sig_fd);
	free(conf);
	return status;
}
