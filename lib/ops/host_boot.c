/* host_boot.c: hpvmhost start and stop: HP's order at boot (biggest guests first), and a bounded graceful shutdown. */
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "model/guest.h"
#include "ops/host_boot.h"
#include "ops/vswitch_admin.h"
#include "store/guest_scan.h"
#include "store/guest_store.h"
#include "store/hostrdev.h"
#include "vmm/guest_power.h"
#include "vmm/runtime.h"
#include "vmm/start_check.h"

struct candidate {
	char	name[GUEST_NAME_MAX + 1];
	long	weight;
};

/* HP starts the biggest guests first: memory weight plus processor weight. */
static long
weight(const struct guest *g)
{
	return (long)g->memory_mb + 1024L * g->vcpus;
}

static int
by_weight(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return strcmp(x->name, y->name);
}

struct candidates {
	struct candidate	*c;
	size_t			 n;
};

static int
collect_auto(const struct guest *g, void *arg)
{
	struct candidates *cs = arg;
	struct candidate *nc;

	/* A guest a cluster package owns is the cluster's to start, wherever it decides. */
	if (!g->start_auto || !g->runnable || g->cluster[0] != '\0')
		return 0;
	if ((nc = realloc(cs->c, (cs->n + 1) * sizeof(*nc))) == NULL)
		return -1;
	cs->c = nc;
	snprintf(nc[cs->n].name, sizeof(nc[0].name), "%s", g->name);
	nc[cs->n++].weight = weight(g);
	return 0;
}

/* The guests marked to start with the host, heaviest first. */
static struct candidate *
auto_guests(size_t *n, struct hpvm_err *e)
{
	struct candidates cs = { 0 };

	if (guest_scan_each(collect_auto, &cs, e) == -1) {
		free(cs.c);
		hpvm_fail(e, ENOMEM, "Out of memory.");
		return NULL;
	}
	if (cs.n > 0)
		qsort(cs.c, cs.n, sizeof(*cs.c), by_weight);
	*n = cs.n;
	return cs.c != NULL ? cs.c : calloc(1, sizeof(*cs.c));
}

/* One start's outcome, as a child that ran it hands it back. */
struct start_result {
	int			rc;
	struct start_problems	p;
	struct hpvm_err		e;
};

/*
 * Start `name` in a child process; the outcome comes back on the returned pipe, or -1. The
 * child's reservations are made before this returns (it says so with one byte), so guests
 * reserve their devices, ports and memory in the order they are started: largest first.
 */
static int
start_child(const char *name)
{
	struct start_result r;
	struct guest g;
	char phase;
	int pfd[2], claim;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) == -1)
		return -1;
	if ((pid = fork()) == -1) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		close(pfd[0]);
		memset(&r, 0, sizeof(r));
		guest_init(&g);
		claim = guest_power_reserve(name, GUEST_POWER_CHECKED, &g, &r.p, &r.e);
		phase = 'R';
		if (write(pfd[1], &phase, 1) != 1)
			_exit(1);
		r.rc = claim == -1 ? -1 : guest_power_launch(&g, claim, GUEST_LAUNCH_BOOT, &r.e);
		_exit(write(pfd[1], &r, sizeof(r)) == (ssize_t)sizeof(r) ? 0 : 1);
	}
	close(pfd[1]);
	while (read(pfd[0], &phase, 1) == -1 && errno == EINTR)
		;
	return pfd[0];
}

/* The outcome a child sends, read whole; a child that died says so. */
static void
start_collect(int fd, struct start_result *r)
{
	size_t got = 0;
	ssize_t n;

	memset(r, 0, sizeof(*r));
	while (got < sizeof(*r) && ((n = read(fd, (char *)r + got, sizeof(*r) - got)) > 0 ||
	    (n == -1 && errno == EINTR)))
		got += n > 0 ? (size_t)n : 0;
	close(fd);
	if (got < sizeof(*r)) {
		memset(r, 0, sizeof(*r));
		r->rc = hpvm_fail(&r->e, EIO, "The process that started the guest ended early.");
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/*
 * Host storage is restricted and vswitches are up before any guest starts. Guests start
 * largest first, `parallel` at a time (each boot waits for its own QEMU, not for the others);
 * one failed guest stops none of the others. Outcomes are reported in start order.
 */
int
host_boot_start(int parallel, host_boot_report report, void *arg, struct hpvm_err *e)
{
	struct start_result *r;
	struct candidate *c;
	size_t i, n, next = 0;
	int *fd, failed = 0;

	if (hostrdev_enabled() && hostrdev_run(e) == -1)
		failed++;
	if (vswitch_admin_boot_all(e) == -1)
		failed++;
	if ((c = auto_guests(&n, e)) == NULL)
		return -1;
	fd = calloc(n + 1, sizeof(*fd));
	r = calloc(n + 1, sizeof(*r));
	for (i = 0; fd != NULL && r != NULL && i < n; i++) {
		/* Keep `parallel` starts going: launch ahead of the one collected now. */
		for (; next < n && next < i + (size_t)(parallel > 0 ? parallel : 1); next++)
			fd[next] = start_child(c[next].name);
		if (fd[i] == -1)
			r[i].rc = hpvm_fail(&r[i].e, errno, "Unable to start a process for the guest.");
		else
			start_collect(fd[i], &r[i]);
	}
	for (i = 0; fd != NULL && r != NULL && i < n; i++) {
		if (r[i].rc == -1)
			failed++;
		report(c[i].name, r[i].rc, &r[i].p, &r[i].e, arg);
	}
	if (fd == NULL || r == NULL)
		failed = hpvm_fail(e, ENOMEM, "Out of memory.");
	free(fd);
	free(r);
	free(c);
	return failed ? -1 : 0;
}

static int
running(const char *name)
{
	char uuid[UUID_STR_LEN + 1];

	return guest_store_lookup(name, uuid, sizeof(uuid), NULL) == 0 && runtime_is_running(uuid);
}

/* Press every guest's power button at once, wait up to `wait_seconds` in all, then turn off what is left. */
int
host_boot_stop(int wait_seconds, host_boot_report report, void *arg, struct hpvm_err *e)
{
	struct guest_store_list l;
	size_t i;
	int left, failed = 0;

	if (guest_store_list(&l, GUEST_LIST_READ, e) == -1)
		return -1;
	for (i = 0; i < l.n; i++)
		if (running(l.names[i]))
			guest_power_off(l.names[i], GUEST_POWER_GRACEFUL, 0, NULL);
	for (left = wait_seconds * 10; left > 0; left--) {
		size_t up = 0;
		for (i = 0; i < l.n; i++)
			up += (size_t)running(l.names[i]);
		if (up == 0)
			break;
		usleep(100000);
	}
	for (i = 0; i < l.n; i++) {
		struct hpvm_err ge = { 0 };
		int rc;
		if (!running(l.names[i]))
			continue;
		hpvm_warn(&ge, "did not shut down within %d seconds; turning it off.", wait_seconds);
		if ((rc = guest_power_off(l.names[i], GUEST_POWER_HARD, 0, &ge)) == -1)
			failed++;
		report(l.names[i], rc, NULL, &ge, arg);
	}
	guest_store_list_free(&l);
	return failed ? -1 : 0;
}
