/*
 * supervisor_watch.c: follow a running QEMU until it exits: its events (migrations' too) go to
 * the guest log, the host's monitor log and the state file, its output to the guest log, and
 * SIGTERM pulls its power; when it is gone, the console multiplexer is reaped. Needs only QMP,
 * the logs and the state file, so the watcher that stays resident while a guest runs (hpvmmon)
 * links nothing else.
 */
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/monlog.h"
#include "vmm/guest_log.h"
#include "vmm/supervisor_watch.h"

void
supervisor_watch_init(struct supervisor_watch *w)
{
	memset(w, 0, sizeof(*w));
	w->qemu = w->mux = -1;
	w->out_fd = w->qmp.fd = -1;
}

void
supervisor_watch_state(struct supervisor_watch *w, const char *state)
{
	snprintf(w->ri.state, sizeof(w->ri.state), "%s", state);
	runtime_state_write(w->uuid, &w->ri, NULL);
}

/* The state from QEMU's own run state: at the start, and after a migration that did not happen. */
int
supervisor_watch_query(struct supervisor_watch *w, struct hpvm_err *e)
{
	json_object *ret = NULL, *st;

	if (qmp_execute(&w->qmp, "query-status", NULL, &ret, e) == -1)
		return -1;
	supervisor_watch_state(w, json_object_object_get_ex(ret, "status", &st) ?
	    runtime_state_name(json_object_get_string(st)) : "On (OS)");
	json_object_put(ret);
	return 0;
}

/* A migration moving the guest away (or to us): "Migrating" while it goes, as it was after a failure. */
static void
migration_event(struct supervisor_watch *w, const char *status)
{
	if (strcmp(status, "setup") == 0 || strcmp(status, "active") == 0) {
		if (!w->migrating)
			supervisor_watch_state(w, "Migrating");
		w->migrating = 1;
	} else if (strcmp(status, "failed") == 0 || strcmp(status, "cancelled") == 0) {
		w->migrating = 0;
		supervisor_watch_query(w, NULL);
	}
}

/* A member of an event's data as a string, or `none`. */
static const char *
data_string(json_object *data, const char *key, const char *none)
{
	json_object *v;

	return data != NULL && json_object_object_get_ex(data, key, &v) ?
	    json_object_get_string(v) : none;
}

void
supervisor_watch_event(struct supervisor_watch *w, json_object *msg)
{
	json_object *ev, *data = NULL;
	const char *name, *why;

	if (!json_object_object_get_ex(msg, "event", &ev))
		return;
	name = json_object_get_string(ev);
	json_object_object_get_ex(msg, "data", &data);
	if (strcmp(name, "BLOCK_IO_ERROR") == 0) {
		why = data_string(data, "reason", NULL);
		monlog_write("Guest '%s': I/O error on device %s (%s%s%s)", w->name,
		    data_string(data, "qom-path", "?"), data_string(data, "operation", "?"),
		    why != NULL ? ": " : "", why != NULL ? why : "");
	} else if (strcmp(name, "SHUTDOWN") == 0)
		guest_log(w->uuid, "guest shut down (%s)", data_string(data, "reason", "?"));
	else if (strcmp(name, "RESET") == 0)
		guest_log(w->uuid, "guest reset (reboot)");
	else if (strcmp(name, "STOP") == 0)
		supervisor_watch_state(w, w->migrating ? "Migrating" : "Paused");
	else if (strcmp(name, "RESUME") == 0) {
		w->migrating = 0;
		supervisor_watch_state(w, "On (OS)");
	} else if (strcmp(name, "MIGRATION") == 0 && data_string(data, "status", NULL) != NULL)
		migration_event(w, data_string(data, "status", NULL));
	else if (strcmp(name, "GUEST_PANICKED") == 0) {
		guest_log(w->uuid, "guest crashed (panic reported by the guest)");
		monlog_write("Guest '%s' crashed: the guest reported a panic", w->name);
		w->crashed = 1;
	} else if (strcmp(name, "POWERDOWN") == 0)
		guest_log(w->uuid, "ACPI power button pressed");
}

/*
 * QEMU's output reaches the guest log through us, a line at a time through the log writer,
 * so it rotates with the log and never lands in a rotated file.
 */
void
supervisor_watch_output(struct supervisor_watch *w)
{
	char *nl;
	ssize_t n;

	while (w->out_fd >= 0) {
		n = read(w->out_fd, w->out + w->outlen, sizeof(w->out) - 1 - w->outlen);
		if (n == -1 && errno == EINTR)
			continue;
		if (n > 0)
			w->outlen += (size_t)n;
		while ((nl = memchr(w->out, '\n', w->outlen)) != NULL ||
		    w->outlen == sizeof(w->out) - 1) {
			size_t len = nl != NULL ? (size_t)(nl - w->out) : w->outlen;
			w->out[len] = '\0';
			guest_log(w->uuid, "%s", w->out);
			len += nl != NULL;
			memmove(w->out, w->out + len, w->outlen - len);
			w->outlen -= len;
		}
		if (n == 0 || (n == -1 && errno != EAGAIN)) {
			close(w->out_fd);
			w->out_fd = -1;
		}
		if (n <= 0)
			return;
	}
}

/* What is read of QEMU's output so far goes to the log, a line cut short too. */
void
supervisor_watch_output_flush(struct supervisor_watch *w)
{
	supervisor_watch_output(w);
	if (w->outlen > 0) {
		w->out[w->outlen] = '\0';
		guest_log(w->uuid, "%s", w->out);
		w->outlen = 0;
	}
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

/* The guest log has the details; the host's monitor log one line: stopped, or crashed. */
void
supervisor_watch_exited(struct supervisor_watch *w, int status)
{
	drain_events(w);
	/* QEMU is gone: what it still has to say is read to the pipe's end. */
	if (w->out_fd >= 0)
		fcntl(w->out_fd, F_SETFL, 0);
	supervisor_watch_output_flush(w);
	if (WIFEXITED(status)) {
		guest_log(w->uuid, "QEMU (pid %ld) exited with status %d", (long)w->qemu,
		    WEXITSTATUS(status));
		if (!w->up)
			;	/* a start that failed says so itself */
		else if (WEXITSTATUS(status) == 0 && !w->crashed)
			monlog_write("Guest '%s' stopped", w->name);
		else if (!w->crashed)
			monlog_write("Guest '%s' crashed: QEMU exited with status %d", w->name,
			    WEXITSTATUS(status));
	} else if (WIFSIGNALED(status)) {
		guest_log(w->uuid, "QEMU (pid %ld) killed by signal %d (%s)", (long)w->qemu,
		    WTERMSIG(status), strsignal(WTERMSIG(status)));
		if (!w->up)
			;
		else if (w->stopping)
			monlog_write("Guest '%s' stopped (QEMU killed on request)", w->name);
		else
			monlog_write("Guest '%s' crashed: QEMU killed by signal %d (%s)", w->name,
			    WTERMSIG(status), strsignal(WTERMSIG(status)));
	}
}

/* QEMU is gone, so the multiplexer sees its console end: it logs the last output and exits. */
void
supervisor_watch_reap_mux(struct supervisor_watch *w)
{
	int i, status;

	if (w->mux <= 0)
		return;
	for (i = 0; i < 40 && waitpid(w->mux, &status, WNOHANG) == 0; i++)
		usleep(50000);
	if (i == 40) {
		kill(w->mux, SIGKILL);
		waitpid(w->mux, &status, 0);
	}
	w->mux = -1;
}

/* Follow the guest until QEMU exits; SIGTERM to us pulls the guest's power (QEMU may be hung). */
void
supervisor_watch_run(struct supervisor_watch *w, int sfd)
{
	struct signalfd_siginfo si;
	int status;

	for (;;) {
		struct pollfd p[3] = { { .fd = sfd, .events = POLLIN }, { .fd = w->out_fd, .events = POLLIN },
		    { .fd = w->qmp.fd, .events = POLLIN } };
		if (poll(p, w->qmp.fd >= 0 ? 3 : 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents & POLLIN) {
			if (read(sfd, &si, sizeof(si)) != sizeof(si))
				continue;
			if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
				guest_log(w->uuid, "hpvmapp asked to stop; killing QEMU");
				w->stopping = 1;
				kill(w->qemu, SIGKILL);
			}
			if (waitpid(w->qemu, &status, WNOHANG) == w->qemu) {
				supervisor_watch_exited(w, status);
				return;
			}
		}
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR))
			supervisor_watch_output(w);
		if (w->qmp.fd >= 0 && (p[2].revents & (POLLIN | POLLHUP | POLLERR))) {
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
