/*
 * privs.c: hpvmconsole runs setgid hpvmsys for ordinary users. For them it trusts nothing they
 * control: the environment goes (HPVM_ROOT with it), descriptors 0-2 are made safe, and the
 * group is given up for good once the one socket it is needed for is open.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "base/privs.h"

/* Root by its real uid: a setgid program run by root is still root's. */
int
privs_caller_is_root(void)
{
	return getuid() == 0;
}

/* The hpvmsys group's id, or (gid_t)-1 when the host has none (then only root uses consoles). */
gid_t
privs_group_gid(void)
{
	struct group *gr = getgrnam(PRIVS_GROUP);

	return gr != NULL ? gr->gr_gid : (gid_t)-1;
}

/*
 * For a caller who is not root: an empty environment (so every path is the host's own and no
 * setting of theirs steers us), descriptors 0-2 open (so no socket of ours becomes their
 * stdout), files we make private. Returns 1 when the environment held an HPVM_ setting (which
 * the caller may want to say is ignored), 0 when not, -1 when 0-2 cannot be made safe (the
 * caller must not go on).
 */
int
privs_sanitize(void)
{
	extern char **environ;
	int had = 0, fd;
	char **v;

	for (v = environ; v != NULL && *v != NULL; v++)
		if (strncmp(*v, "HPVM_", 5) == 0)
			had = 1;
	clearenv();
	for (fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) == -1 && open("/dev/null", O_RDWR) != fd)
			return -1;
	umask(077);
	return had;
}

/* Give up the setgid group for good: real, effective and saved group ids all become the real one. */
int
privs_drop_group(struct hpvm_err *e)
{
	gid_t g = getgid(), r, eff, s;

	if (setresgid(g, g, g) == -1)
		return hpvm_fail(e, errno, "Unable to give up group privileges: %s", strerror(errno));
	if (getresgid(&r, &eff, &s) == -1 || r != g || eff != g || s != g)
		return hpvm_fail(e, EPERM, "Unable to give up group privileges.");
	return 0;
}
