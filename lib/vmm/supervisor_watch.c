/*
 * supervisor_watch.c: follow a running QEMU until it exits: its events go to the guest log and
 * the state file, SIGTERM pulls its power. Needs only QMP, the log and the state file, so the
 * watcher that stays resident while a guest runs (hpvmmon) links nothing else.
 */
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vmm/guest_log.h"
#include "vmm/supervisor_watch.h"

void
supervisor_watch_state(struct supervisor_watch *w, const char *state)
{
	snprintf(w->ri.state, sizeof(w->ri.state), "%s", state);
	runtime_state_write(w->uuid, &w->ri, NULL);
}

void
supervisor_watch_event(struct supervisor_watch *w, json_object *msg)
{
	json_object *ev, *data, *v;
	const char *name;

	if (!json_object_object_get_ex(msg, "event", &ev))
		return;
	name = json_object_get_string(ev);
	json_object_object_get_ex(msg, "data", &data);
	if (strcmp(name, "SHUTDOWN") == 0)
		guest_log(w->uuid, "guest shut down (%s)", data != NULL &&
		    json_object_object_get_ex(data, "reason", &v) ? json_object_get_string(v) : "?");
	else if (strcmp(name, "RESET") == 0)
		guest_log(w->uuid, "guest reset (reboot)");
	else if (strcmp(name, "STOP") == 0)
		supervisor_watch_state(w, "Paused");
	else if (strcmp(name, "RESUME") == 0)
		supervisor_watch_state(w, "On (OS)");
	else if (strcmp(name, "GUEST_PANICKED") == 0)
		guest_log(w->uuid, "guest crashed (panic reported by the guest)");
	else if (strcmp(name, "POWERDOWN") == 0)
		guest_log(w->uuid, "ACPI power button pressed");
}

/* Events QEMU sent just before it exited (POWERDOWN, SHUTDOWN) belong in the log before the exit. */
static void
drain_events(struct supervisor_watch *w)
{
	json_object *msg;

	while (w->qmp.fd >= 0 && qmp_read(&w->qmp, &msg, 200) == 1) {
		supervisor_watch_event(w, msg);
		json_object_put(msg);
	}
}

void
supervisor_watch_exited(struct supervisor_watch *w, int status)
{
	drain_events(w);
	if (WIFEXITED(status))
		guest_log(w->uuid, "QEMU (pid %ld) exited with status %d", (long)w->qemu,
		    WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		guest_log(w->uuid, "QEMU (pid %ld) killed by signal %d (%s)", (long)w->qemu,
		    WTERMSIG(status), strsignal(WTERMSIG(status)));
}

/* Follow the guest until QEMU exits; SIGTERM to us pulls the guest's power (QEMU may be hung). */
void
supervisor_watch_run(struct supervisor_watch *w, int sfd)
{
	struct signalfd_siginfo si;
	int status;

	for (;;) {
		struct pollfd p[2] = { { .fd = sfd, .events = POLLIN }, { .fd = w->qmp.fd, .events = POLLIN } };
		if (poll(p, w->qmp.fd >= 0 ? 2 : 1, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents & POLLIN) {
			if (read(sfd, &si, sizeof(si)) != sizeof(si))
				continue;
			if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
				guest_log(w->uuid, "hpvmapp asked to stop; killing QEMU");
				kill(w->qemu, SIGKILL);
			}
			if (waitpid(w->qemu, &status, WNOHANG) == w->qemu) {
				supervisor_watch_exited(w, status);
				return;
			}
		}
		if (w->qmp.fd >= 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
			json_object *msg;
			int r = qmp_read(&w->qmp, &msg, 0);
			if (r == 1) {
				supervisor_watch_event(w, msg);
				json_object_put(msg);
			} else if (r == -1)
				qmp_close(&w->qmp);	/* QEMU is going; SIGCHLD follows */
		}
	}
}
