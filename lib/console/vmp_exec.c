/*
 * vmp_exec.c: the privileged half of every vMP command, run as root: in hpvmconsole for root,
 * in hpvmconsoled for everyone else. The caller's access is checked again here whatever the
 * client checked, the command is carried out through the same library functions the other
 * commands use, and it is recorded in command.log and the guest log. Logs are handed over as
 * descriptors opened here, so the caller reads them without any right to the files.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cmdlog.h"
#include "base/frame.h"
#include "base/hpvm_err.h"
#include "base/path.h"
#include "base/sock.h"
#include "console/vmp_exec.h"
#include "console/vmp_parse.h"
#include "fmt/status_fmt.h"
#include "ops/guest_view.h"
#include "store/guest_store.h"
#include "vmm/cluster_guard.h"
#include "vmm/console_mux.h"
#include "vmm/guest_dump.h"
#include "vmm/guest_log.h"
#include "vmm/guest_media.h"
#include "vmm/guest_power.h"
#include "vmm/runtime.h"
#include "vmm/start_check.h"

void
vmp_exec_reply_init(struct vmp_reply *r)
{
	memset(r, 0, sizeof(*r));
}

void
vmp_exec_reply_free(struct vmp_reply *r)
{
	int i;

	free(r->text);
	for (i = 0; i < r->nfd; i++)
		if (r->fd[i] >= 0)
			close(r->fd[i]);
	vmp_exec_reply_init(r);
}

int
vmp_exec_reply_add_fd(struct vmp_reply *r, int fd, enum vmp_fd_kind kind)
{
	if (r->nfd == VMP_REPLY_FDS) {
		close(fd);
		return -1;
	}
	r->fd[r->nfd] = fd;
	r->kind[r->nfd++] = kind;
	return 0;
}

static void
say(struct vmp_reply *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Output for the person, appended. */
static void
say(struct vmp_reply *r, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	char *more;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	if ((more = realloc(r->text, r->len + (size_t)n + 1)) == NULL)
		return;
	r->text = more;
	memcpy(r->text + r->len, line, (size_t)n + 1);
	r->len += (size_t)n;
}

static void
log_guest(const struct vmp_session *s, const char *what, int status)
{
	if (s->uuid[0] != '\0')
		guest_log(s->uuid, "vMP: %s (%s): %s%s", s->user.name,
		    vmp_account_level_name(s->level), what, status == 0 ? "" : ": failed");
}

/* A command or a session's start or end, its outcome, who: to command.log and the guest log. */
void
vmp_exec_log(const struct vmp_session *s, const char *what, int status)
{
	char line[VMP_LINE_MAX + GUEST_NAME_MAX + 64];

	snprintf(line, sizeof(line), "hpvmconsole -P %s [vMP] %s", s->guest, what);
	cmdlog_record(s->user.name, line, status);
	log_guest(s, what, status);
}

static int
open_log(const char *path, struct vmp_reply *r, enum vmp_fd_kind kind)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd == -1)
		return errno == ENOENT ? 0 : hpvm_fail(&r->err, errno, "Unable to read %s: %s",
		    path_unrooted(path), strerror(errno));
	vmp_exec_reply_add_fd(r, fd, kind);
	return 0;
}

/* cl: the console log, the part rotated away first. */
static int
console_log(const struct vmp_session *s, struct vmp_reply *r)
{
	char path[HPVM_PATH_LEN], old[HPVM_PATH_LEN + 8];

	if (runtime_console_log_path(s->uuid, path, sizeof(path), &r->err) == -1)
		return -1;
	snprintf(old, sizeof(old), "%s.old", path);
	return open_log(old, r, VMP_FD_CONSOLE_LOG) == 0 &&
	    open_log(path, r, VMP_FD_CONSOLE_LOG) == 0 ? 0 : -1;
}

static int
guest_log_fd(const struct vmp_session *s, struct vmp_reply *r)
{
	char path[HPVM_PATH_LEN];

	if (guest_log_path(s->uuid, path, sizeof(path), &r->err) == -1)
		return -1;
	return open_log(path, r, VMP_FD_GUEST_LOG);
}

/* co: a connection to the guest's console multiplexer, introduced as the session's person. */
static int
console(const struct vmp_session *s, struct vmp_reply *r)
{
	char path[HPVM_PATH_LEN], hello[64];
	int fd;

	if (!runtime_is_running(s->uuid))
		return hpvm_fail(&r->err, ESRCH, "The guest is not running; use pc -on to start it.");
	if (runtime_path(s->uuid, RT_CONSOLE, path, sizeof(path), &r->err) == -1 ||
	    (fd = sock_connect_unix(path, &r->err)) == -1)
		return -1;
	snprintf(hello, sizeof(hello), "%s%s", s->user.name, s->force ? " force" : "");
	if (frame_send_text(fd, CONSOLE_HELLO, hello) == -1) {
		close(fd);
		return hpvm_fail(&r->err, errno, "Unable to reach the console: %s", strerror(errno));
	}
	return vmp_exec_reply_add_fd(r, fd, VMP_FD_CONSOLE);
}

static int
power_on(const struct vmp_session *s, struct vmp_reply *r)
{
	struct start_problems p;
	int i;

	if (guest_power_on(s->guest, GUEST_POWER_CHECKED, &p, &r->err) == -1) {
		for (i = 0; i < p.n; i++)
			hpvm_fail(&r->err, EINVAL, "%s: %s", p.item[i], p.text[i]);
		return -1;
	}
	say(r, "Successful start initiation of guest '%s'.\n", s->guest);
	return 0;
}

/* in without media: what each DVD may be given. */
static int
media_list(const struct vmp_session *s, const struct vmp_cmd *c, struct vmp_reply *r)
{
	const struct device *d;
	struct guest_media m;
	struct guest g;
	size_t i, k;
	int shown = 0;

	guest_init(&g);
	if (guest_store_load(s->guest, &g, &r->err) == -1) {
		guest_free(&g);
		return -1;
	}
	for (i = 0; i < g.ndevs; i++) {
		d = &g.devs[i];
		if (d->type != DEV_DVD || guest_media_list(d, &m, NULL) == -1)
			continue;
		if (c->dvd[0] != '\0' && strcmp(c->dvd, m.dvd) != 0) {
			guest_media_free(&m);
			continue;
		}
		say(r, "DVD %s, media in %s:\n", m.dvd, m.dir);
		for (k = 0; k < m.n; k++)
			say(r, "  %3zu  %s\n", k + 1, m.names[k]);
		if (m.n == 0)
			say(r, "       (none)\n");
		shown++;
		guest_media_free(&m);
	}
	guest_free(&g);
	if (shown == 0)
		return hpvm_fail(&r->err, ENOENT, c->dvd[0] ? "The guest has no DVD at %s." :
		    "The guest has no DVD%s.", c->dvd);
	return 0;
}

static int
media_insert(const struct vmp_session *s, const struct vmp_cmd *c, struct vmp_reply *r)
{
	char path[LOCATION_MAX + 1];

	if (c->media[0] == '\0')
		return media_list(s, c, r);
	if (guest_media_insert(s->guest, c->dvd[0] ? c->dvd : NULL, c->media, path, sizeof(path),
	    &r->err) == -1)
		return -1;
	say(r, "Media %s inserted.\n", path);
	return 0;
}

/* st: the guest as hpvmstatus -P shows it. */
static int
status(const struct vmp_session *s, struct vmp_reply *r)
{
	struct guest_view v;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	memset(&v, 0, sizeof(v));
	if (guest_view_load(s->guest, &v, &r->err) == -1)
		return -1;
	if ((f = open_memstream(&buf, &len)) == NULL) {
		guest_free(&v.g);
		return hpvm_fail(&r->err, ENOMEM, "Out of memory.");
	}
	status_fmt_detail(f, &v);
	fclose(f);
	guest_free(&v.g);
	free(r->text);
	r->text = buf;
	r->len = len;
	return 0;
}

static int
run(struct vmp_session *s, const struct vmp_cmd *c, struct vmp_reply *r)
{
	char path[HPVM_PATH_LEN];

	switch (c->verb) {
	case VMP_CO:
		return console(s, r);
	case VMP_CL:
		return console_log(s, r);
	case VMP_SL:
	case VMP_REC_VIEW:
		return guest_log_fd(s, r);
	case VMP_REC_ROTATE:
		if (guest_log_rotate(s->uuid, path, sizeof(path), &r->err) == -1)
			return -1;
		say(r, "Guest log rotated; the previous one is %s.\n", path_unrooted(path));
		return 0;
	case VMP_ST:
		return status(s, r);
	case VMP_PC_ON:
		return power_on(s, r);
	case VMP_PC_OFF:
		/* A cluster package's guest is the cluster's to stop (hpvmstop -F overrides it). */
		if (cluster_guard(s->guest, CLUSTER_ACT_STOP, &r->err) == -1 ||
		    guest_power_off(s->guest, GUEST_POWER_HARD, 0, &r->err) == -1)
			return -1;
		say(r, "Virtual machine '%s' powered off.\n", s->guest);
		return 0;
	case VMP_PC_CYCLE:
		if (guest_power_cycle(s->guest, &r->err) == -1)
			return -1;
		say(r, "Virtual machine '%s' reset (power cycle).\n", s->guest);
		return 0;
	case VMP_TC:
		if (guest_dump_reset(s->guest, path, sizeof(path), &r->err) == -1)
			return -1;
		say(r, "Guest memory saved in %s; virtual machine '%s' reset.\n", path_unrooted(path),
		    s->guest);
		return 0;
	case VMP_IN:
		return media_insert(s, c, r);
	case VMP_EJ:
		if (guest_media_eject(s->guest, c->dvd[0] ? c->dvd : NULL, &r->err) == -1)
			return -1;
		say(r, "Media ejected.\n");
		return 0;
	default:
		return hpvm_fail(&r->err, EINVAL, "'%s' is answered by hpvmconsole itself.",
		    vmp_parse_name(c->verb));
	}
}

/*
 * Carry out `c` for session `s` into `r` (initialized by the caller): 0, or -1 with the
 * reasons in r->err. Admin commands are refused to oper sessions here, whatever the client
 * checked.
 */
int
vmp_exec_command(struct vmp_session *s, const struct vmp_cmd *c, struct vmp_reply *r)
{
	char what[VMP_LINE_MAX + 1];
	int rc;

	vmp_parse_format(c, what, sizeof(what));
	if (vmp_parse_need(c->verb) == VMP_NEED_ADMIN && s->level != ACL_ADMIN) {
		hpvm_fail(&r->err, EACCES, "'%s' needs admin access: user '%s' has oper access to "
		    "'%s'.", vmp_parse_name(c->verb), s->user.name, s->guest);
		rc = -1;
	} else
		rc = run(s, c, r);
	/*
	 * Every command of a logged session; for root's hpvmconsole -c, whose command line is in
	 * command.log already, what changed the guest goes to the guest log.
	 */
	if (s->logged)
		vmp_exec_log(s, what, rc == 0 ? 0 : 1);
	else if (vmp_parse_changes_guest(c->verb) || c->verb == VMP_PC_ON ||
	    c->verb == VMP_REC_ROTATE)
		log_guest(s, what, rc == 0 ? 0 : 1);
	return rc;
}
