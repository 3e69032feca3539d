/*
 * privsep.c: the network child's confinement, as OpenBSD's daemons do it: chroot to an empty
 * directory, become HPVM_MIGRATE_USER (hpvmmig), no new privileges, and a seccomp filter that
 * allows only what TLS over descriptors it already holds needs. Nothing it reads can open a
 * file, start a program or reach root: its parent does the privileged work, checked again.
 */
#include <sys/prctl.h>
#include <sys/stat.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <seccomp.h>

#include "base/conf.h"
#include "base/dir.h"
#include "base/hpvm_err.h"
#include "base/path.h"
#include "base/user.h"
#include "migrate/privsep.h"

#if defined(__SANITIZE_ADDRESS__)
#define PRIVSEP_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PRIVSEP_SANITIZER 1
#endif
#endif

int
privsep_prepare(struct privsep *p, struct hpvm_err *e)
{
	struct hpvm_conf conf;
	struct stat st;

	memset(p, 0, sizeof(*p));
	conf_load(&conf, NULL);
	if (user_lookup(&p->user, conf_get(&conf, "HPVM_MIGRATE_USER", PRIVSEP_USER_DEFAULT),
	    "speaks TLS for migration", e) == -1)
		return -1;
	if (!p->user.drop)
		return 0;		/* not root: nothing to give up but the syscalls */
	if (path_build(p->empty, sizeof(p->empty), e, PRIVSEP_EMPTY) == -1)
		return -1;
	if (dir_make(p->empty, 0755, e) == -1)
		return -1;
	/* The chroot must be root's and unwritable, or the child could plant files in it. */
	if (lstat(p->empty, &st) == -1 || !S_ISDIR(st.st_mode) || st.st_uid != 0 ||
	    (st.st_mode & 022) != 0)
		return hpvm_fail(e, EPERM, "%s must be a directory owned by root that no one else can "
		    "write.", p->empty);
	p->chroot = 1;
	return 0;
}

/* What TLS on descriptors already open needs, and nothing that opens, executes or signals. */
static const int privsep_syscalls[] = {
	SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(readv), SCMP_SYS(writev),
	SCMP_SYS(recvmsg), SCMP_SYS(sendmsg), SCMP_SYS(recvfrom), SCMP_SYS(sendto),
	SCMP_SYS(poll), SCMP_SYS(ppoll), SCMP_SYS(close), SCMP_SYS(shutdown),
	SCMP_SYS(fcntl), SCMP_SYS(fstat), SCMP_SYS(newfstatat), SCMP_SYS(lseek),
	SCMP_SYS(brk), SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(mremap), SCMP_SYS(madvise),
	SCMP_SYS(futex), SCMP_SYS(getrandom), SCMP_SYS(clock_gettime), SCMP_SYS(clock_nanosleep),
	SCMP_SYS(nanosleep), SCMP_SYS(gettimeofday), SCMP_SYS(getpid), SCMP_SYS(gettid),
	SCMP_SYS(rt_sigreturn), SCMP_SYS(rt_sigprocmask), SCMP_SYS(exit), SCMP_SYS(exit_group),
};

static int
privsep_filter(struct hpvm_err *e)
{
#ifdef PRIVSEP_SANITIZER
	/* The sanitizers' runtime reads /proc and spawns a tracer at exit; the filter would kill it. */
	(void)privsep_syscalls;
	(void)e;
	return 0;
#else
	scmp_filter_ctx ctx;
	size_t i;
	int rc = 0;

	if ((ctx = seccomp_init(SCMP_ACT_KILL_PROCESS)) == NULL)
		return hpvm_fail(e, ENOMEM, "Unable to set up the system call filter.");
	for (i = 0; i < sizeof(privsep_syscalls) / sizeof(privsep_syscalls[0]) && rc == 0; i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, privsep_syscalls[i], 0);
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	return rc == 0 ? 0 : hpvm_fail(e, -rc, "Unable to load the system call filter: %s",
	    strerror(-rc));
#endif
}

/* In the child, before it reads a byte from the network; -1 means it must not go on. */
int
privsep_enter(const struct privsep *p, struct hpvm_err *e)
{
	/* The time zone is read once, now: certificate checks ask for the time after the chroot. */
	tzset();
	if (p->chroot && (chroot(p->empty) == -1 || chdir("/") == -1))
		return hpvm_fail(e, errno, "Unable to chroot to %s: %s", p->empty, strerror(errno));
	if (user_become(&p->user) == -1)
		return hpvm_fail(e, EPERM, "Unable to become the user %s.", p->user.name);
	/* Set after the change of user, which clears it: the child must not outlive its parent. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		return hpvm_fail(e, errno, "Unable to forbid new privileges: %s", strerror(errno));
	return privsep_filter(e);
}
