/*
 * journal.c: a target session writes down each change before it makes it (a file it creates,
 * the guest it defines, the copy of that guest it replaces), in PROTO_RUN/journal-<pid>.
 * A commit ends the journal; anything else (an abort, a lost peer, the session killed, the
 * daemon restarted) undoes what it lists, newest first, so a failed migration leaves nothing.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/path.h"
#include "migrate/journal.h"
#include "migrate/proto.h"
#include "model/guest.h"
#include "ops/guest_define.h"
#include "ops/guest_remove.h"
#include "store/guest_store.h"
#include "store/guest_xml.h"
#include "vmm/guest_log.h"
#include "vmm/guest_power.h"
#include "vmm/runtime.h"

static const char *const journal_words[] = { "file", "guest", "replaced" };

static int
journal_path(pid_t session, char *buf, size_t len, struct hpvm_err *e)
{
	char dir[HPVM_PATH_LEN];

	if (proto_run_dir(dir, sizeof(dir), e) == -1)
		return -1;
	if (snprintf(buf, len, "%s/journal-%ld", dir, (long)session) >= (int)len)
		return hpvm_fail(e, ENAMETOOLONG, "The journal's path is too long.");
	return 0;
}

int
journal_begin(pid_t session, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN];
	int fd;

	if (journal_path(session, path, sizeof(path), e) == -1)
		return -1;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) == -1)
		return hpvm_fail(e, errno, "Unable to create %s: %s", path, strerror(errno));
	close(fd);
	return 0;
}

/* One line, on disk before the change it announces is made. */
int
journal_add(pid_t session, enum journal_kind kind, const char *what, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN];
	int fd, rc = 0;

	if (strchr(what, '\n') != NULL)
		return hpvm_fail(e, EINVAL, "A journal entry holds a newline.");
	if (journal_path(session, path, sizeof(path), e) == -1)
		return -1;
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)) == -1)
		return hpvm_fail(e, errno, "Unable to open %s: %s", path, strerror(errno));
	if (dprintf(fd, "%s %s\n", journal_words[kind], what) < 0 || fdatasync(fd) == -1)
		rc = hpvm_fail(e, errno, "Unable to write %s: %s", path, strerror(errno));
	close(fd);
	return rc;
}

/* The migration is committed: nothing to undo. */
void
journal_end(pid_t session)
{
	char path[HPVM_PATH_LEN];

	if (journal_path(session, path, sizeof(path), NULL) == 0)
		unlink(path);
}

/* Stop the guest that was receiving, then remove its configuration. */
static void
journal_undo_guest(const char *uuid)
{
	struct runtime_info ri;
	struct guest g;

	if (guest_store_load_uuid(uuid, CONFIG_CURRENT, &g, NULL) == -1)
		return;
	runtime_reap_stale(uuid);
	if (runtime_query(uuid, &ri) == 0 && ri.running && ri.app_pid > 0) {
		kill(ri.app_pid, SIGTERM);
		guest_power_wait_off(uuid, 15);
	}
	guest_log(uuid, "incoming migration undone; the guest stays on its source host");
	guest_remove(g.name, NULL);
	guest_free(&g);
}

/* Put back the copy a migration replaced (its configuration was saved to `path` first). */
static void
journal_undo_replaced(const char *path)
{
	struct guest g;
	char *text;
	size_t len;

	if (file_read_all(path, &text, &len, NULL) == -1)
		return;
	if (guest_xml_parse(text, len, path, &g, NULL) == 0) {
		guest_define_migrated(&g, NULL, DEFINE_WRITE, NULL);
		guest_free(&g);
	}
	free(text);
	unlink(path);
}

static void
journal_undo_line(char *line)
{
	char *arg = strchr(line, ' ');

	if (arg == NULL)
		return;
	*arg++ = '\0';
	if (strcmp(line, journal_words[JOURNAL_FILE]) == 0)
		unlink(arg);
	else if (strcmp(line, journal_words[JOURNAL_GUEST]) == 0)
		journal_undo_guest(arg);
	else if (strcmp(line, journal_words[JOURNAL_REPLACED]) == 0)
		journal_undo_replaced(arg);
}

void
journal_undo(pid_t session)
{
	char path[HPVM_PATH_LEN], *text, *lines[256];
	size_t n = 0;

	if (journal_path(session, path, sizeof(path), NULL) == -1 ||
	    file_read_all(path, &text, NULL, NULL) == -1)
		return;
	for (char *save = NULL, *l = strtok_r(text, "\n", &save); l != NULL && n < 256;
	    l = strtok_r(NULL, "\n", &save))
		lines[n++] = l;
	while (n > 0)
		journal_undo_line(lines[--n]);
	free(text);
	unlink(path);
}

/* Is `pid` a live session of hpvmmigrated (and not some process that took the number since)? */
static int
journal_session_alive(long pid)
{
	char path[64], *comm;
	int alive;

	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	if (file_read_all(path, &comm, NULL, NULL) == -1)
		return 0;
	alive = strncmp(comm, "hpvmmigrated", 12) == 0;
	free(comm);
	return alive;
}

/* At the daemon's start: journals whose session is gone (the daemon died with it). */
void
journal_undo_stale(void)
{
	char dir[HPVM_PATH_LEN];
	struct dirent *de;
	DIR *d;

	if (proto_run_dir(dir, sizeof(dir), NULL) == -1 || (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		long pid;
		char *end;
		if (strncmp(de->d_name, "journal-", 8) != 0)
			continue;
		pid = strtol(de->d_name + 8, &end, 10);
		if (*end == '\0' && pid > 0 && !journal_session_alive(pid))
			journal_undo((pid_t)pid);
	}
	closedir(d);
}
