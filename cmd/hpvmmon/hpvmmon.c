/*
 * hpvmmon: what hpvmapp becomes once its QEMU runs (same process, by exec): the watch over the
 * guest with nothing but QMP, QEMU's output, the logs and the state file, so a host of many
 * guests does not keep a configuration parser and netlink resident for each. When QEMU exits
 * it reaps the console multiplexer and becomes hpvmapp again (-c) to take the taps and the
 * runtime directory down.
 */
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/units.h"
#include "base/uuid.h"
#include "vmm/supervisor_watch.h"

static int
usage(void)
{
	fprintf(stderr, "usage: hpvmmon -u uuid -n name -q qemu-pid -x mux-pid -m qmp-fd -o output-fd "
	    "-l lock-fd -t started [-M] [-C]\n");
	return 2;
}

/* hpvmapp -c, from beside this program, with the claim still held. */
static void
cleanup(const char *uuid, const char *lock)
{
	char self[PATH_MAX], app[PATH_MAX];
	ssize_t n;

	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) <= 0)
		return;
	self[n] = '\0';
	*strrchr(self, '/') = '\0';
	if (snprintf(app, sizeof(app), "%s/hpvmapp", self) < (int)sizeof(app))
		execl(app, "hpvmapp", "-u", uuid, "-c", "-l", lock, (char *)NULL);
}

/* A pid or a descriptor hpvmapp handed over; -1 stands for none. */
static long
handed(const char *arg, long max)
{
	long v;

	return units_parse_int(arg, 0, max, &v) == 0 ? v : -1;
}

int
main(int argc, char *argv[])
{
	struct supervisor_watch w;
	const char *lock = NULL;
	long v;
	sigset_t set;
	int ch, sfd;

	supervisor_watch_init(&w);
	while ((ch = getopt(argc, argv, "u:n:q:x:m:o:l:t:MC")) != -1) {
		switch (ch) {
		case 'u': snprintf(w.uuid, sizeof(w.uuid), "%s", optarg); break;
		case 'n': snprintf(w.name, sizeof(w.name), "%s", optarg); break;
		case 'q': w.qemu = (pid_t)handed(optarg, 1L << 30); break;
		case 'x': w.mux = (pid_t)handed(optarg, 1L << 30); break;
		case 'm': w.qmp.fd = (int)handed(optarg, 1023); break;
		case 'o': w.out_fd = (int)handed(optarg, 1023); break;
		case 'l': lock = optarg; break;
		case 't': w.ri.started = units_parse_int(optarg, 0, 1L << 40, &v) == 0 ? (time_t)v : 0; break;
		case 'M': w.migrating = 1; break;
		case 'C': w.crashed = 1; break;
		default: return usage();
		}
	}
	if (strlen(w.uuid) != UUID_STR_LEN || w.qemu <= 0 || lock == NULL || optind != argc)
		return usage();
	prctl(PR_SET_NAME, "hpvmapp");
	w.up = 1;
	w.ri.running = 1;
	w.ri.app_pid = getpid();
	w.ri.qemu_pid = w.qemu;
	/* hpvmapp blocked these before the exec; a signal that came meanwhile is still pending. */
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if ((sfd = signalfd(-1, &set, SFD_CLOEXEC)) == -1)
		return 1;
	supervisor_watch_run(&w, sfd);
	qmp_close(&w.qmp);
	if (w.out_fd >= 0)
		close(w.out_fd);
	supervisor_watch_reap_mux(&w);
	cleanup(w.uuid, lock);
	return 1;
}
