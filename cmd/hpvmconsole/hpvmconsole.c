/* hpvmconsole: the guest's serial console (Ctrl-B leaves), its log, and the power commands of HP's vMP. */
#include <sys/socket.h>
#include <sys/un.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/name.h"
#include "base/path.h"
#include "base/uuid.h"
#include "cmd.h"
#include "model/guest.h"
#include "store/guest_store.h"
#include "vmm/cluster_guard.h"
#include "vmm/guest_power.h"
#include "vmm/start_check.h"
#include "vmm/runtime.h"

#define CTRL_B	0x02

static const char synopsis[] =
"hpvmconsole {-P vm-name | -p vm-number} [-q] [-c command]\n"
"hpvmconsole -H\n";

static void __attribute__((noreturn))
usage(enum cmd_usage_kind kind)
{
	cmd_usage(synopsis, kind);
}

/* "cl": the console output kept in the guest's console log. */
static int
console_log(const char *uuid, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN], *text;
	size_t len;

	if (runtime_console_log_path(uuid, path, sizeof(path), e) == -1)
		return -1;
	if (file_read_all(path, &text, &len, NULL) == -1) {
		if (errno == ENOENT || access(path, F_OK) == -1)
			return 0;		/* never started: nothing logged yet */
		return hpvm_fail(e, errno, "Unable to read %s.", path);
	}
	fwrite(text, 1, len, stdout);
	free(text);
	return 0;
}

static int
relay(int sock)
{
	char buf[4096];
	ssize_t n, i;

	for (;;) {
		struct pollfd p[2] = { { .fd = 0, .events = POLLIN }, { .fd = sock, .events = POLLIN } };
		if (poll(p, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (p[1].revents & (POLLIN | POLLHUP)) {
			if ((n = read(sock, buf, sizeof(buf))) <= 0)
				return 0;	/* the guest went away */
			if (write(1, buf, (size_t)n) != n)
				return -1;
		}
		if (p[0].revents & (POLLIN | POLLHUP)) {
			if ((n = read(0, buf, sizeof(buf))) <= 0)
				return 0;
			for (i = 0; i < n; i++)
				if (buf[i] == CTRL_B)
					return send(sock, buf, (size_t)i, MSG_NOSIGNAL) == i ? 0 : -1;
			if (send(sock, buf, (size_t)n, MSG_NOSIGNAL) != n)
				return -1;
		}
	}
}

/* Interactive: raw terminal, everything to and from the guest's serial port until Ctrl-B. */
static int
attach(const char *uuid, int quiet, struct hpvm_err *e)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct termios saved, raw;
	int sock, tty = isatty(0), rc;

	if (!runtime_is_running(uuid))
		return hpvm_fail(e, ESRCH, "The guest is not running; use -c \"pc -on\" to start it.");
	if (runtime_path(uuid, RT_CONSOLE, sa.sun_path, sizeof(sa.sun_path), e) == -1)
		return -1;
	if ((sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    connect(sock, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		return hpvm_fail(e, errno, "Unable to reach the console: %s", strerror(errno));
	if (!quiet)
		fprintf(stderr, "       (Use Ctrl-B to leave the console.)\n");
	if (tty) {
		tcgetattr(0, &saved);
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(0, TCSANOW, &raw);
	}
	rc = relay(sock);
	if (tty)
		tcsetattr(0, TCSANOW, &saved);
	close(sock);
	if (!quiet)
		fprintf(stderr, "\n");
	return rc == -1 ? hpvm_fail(e, EIO, "The console connection failed.") : 0;
}

static int
command(const char *name, const char *uuid, const char *cmd, struct hpvm_err *e)
{
	struct start_problems p;
	int i;

	if (strcmp(cmd, "cl") == 0 || strcmp(cmd, "CL") == 0)
		return console_log(uuid, e);
	if (strcmp(cmd, "pc -on") == 0) {
		if (guest_power_on(name, GUEST_POWER_CHECKED, &p, e) == -1) {
			for (i = 0; i < p.n; i++)
				hpvm_fail(e, 0, "%s: %s", p.item[i], p.text[i]);
			return -1;
		}
		return 0;
	}
	if (strcmp(cmd, "pc -off") == 0)
		return cluster_guard(name, CLUSTER_ACT_STOP, e) == -1 ? -1 :
		    guest_power_off(name, GUEST_POWER_HARD, 0, e);
	if (strcmp(cmd, "pc -cycle") == 0)
		return guest_power_cycle(name, e);
	return hpvm_fail(e, EINVAL, "Unknown console command '%s': use cl, pc -on, pc -off or "
	    "pc -cycle.", cmd);
}

int
main(int argc, char *argv[])
{
	struct hpvm_err e = {0};
	char uuid[UUID_STR_LEN + 1];
	const char *name = NULL, *cmd = NULL, *number = NULL;
	char byname[GUEST_NAME_MAX + 1];
	int ch, quiet = 0;

	cmdlog_begin(argc, argv);
	while ((ch = getopt(argc, argv, "P:p:qc:H")) != -1) {
		switch (ch) {
		case 'P': name = optarg; break;
		case 'p': number = optarg; break;
		case 'q': quiet = 1; break;
		case 'c': cmd = optarg; break;
		case 'H': usage(CMD_HELP);
		default: usage(CMD_USAGE_ERROR);
		}
	}
	if ((name == NULL) == (number == NULL) || optind != argc)
		usage(CMD_USAGE_ERROR);
	name = cmd_guest_name("hpvmconsole", name, number, byname, sizeof(byname));
	if (guest_store_lookup(name, uuid, sizeof(uuid), &e) == 0) {
		if (cmd != NULL)
			command(name, uuid, cmd, &e);
		else
			attach(uuid, quiet, &e);
	}
	fflush(stdout);
	return cmdlog_end(hpvm_report("hpvmconsole", name, &e));
}
