/*
 * hpvmmon: what hpvmapp becomes once its QEMU runs (same process, by exec): the watch over the
 * guest with nothing but QMP, the guest log and the state file, so a host of many guests does
 * not keep a configuration parser and netlink resident for each. When QEMU exits it becomes
 * hpvmapp again (-c) to take the taps and the runtime directory down.
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
	fprintf(stderr, "usage: hpvmmon -u uuid -q qemu-pid -m qmp-fd -l lock-fd -t started\n");
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

int
main(int argc, char *argv[])
{
	struct supervisor_watch w = { .qemu = -1, .qmp = { .fd = -1 } };
	const char *lock = NULL;
	long v;
	sigset_t set;
	int ch, sfd;

	while ((ch = getopt(argc, argv, "u:q:m:l:t:")) != -1) {
		switch (ch) {
		case 'u': snprintf(w.uuid, sizeof(w.uuid), "%s", optarg); break;
		case 'q': w.qemu = units_parse_int(optarg, 1, 1L << 30, &v) == 0 ? (pid_t)v : -1; break;
		case 'm': w.qmp.fd = units_parse_int(optarg, 0, 1023, &v) == 0 ? (int)v : -1; break;
		case 'l': lock = optarg; break;
		case 't': w.ri.started = units_parse_int(optarg, 0, 1L << 40, &v) == 0 ? (time_t)v : 0; break;
		default: return usage();
		}
	}
	if (strlen(w.uuid) != UUID_STR_LEN || w.qemu <= 0 || lock == NULL || optind != argc)
		return usage();
	prctl(PR_SET_NAME, "hpvmapp");
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
	cleanup(w.uuid, lock);
	return 1;
}
