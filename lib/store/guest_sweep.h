/* guest_sweep.h: remove what killed commands left: temporary files, guest directories no name links to. */
#ifndef HPVM_GUEST_SWEEP_H
#define HPVM_GUEST_SWEEP_H

/* Where to look: the small directories always; the others when something says they changed. */
enum guest_sweep_where {
	SWEEP_COMMON	= 1 << 0,	/* common/ and vswitches/ */
	SWEEP_GUESTS	= 1 << 1,	/* guests/ */
	SWEEP_UUIDS	= 1 << 2,	/* uuids/ itself */
};

/* Says whether a guest runs: a running guest's directory is never taken. */
typedef int (*guest_busy_fn)(const char *uuid);
/* Says whether some name links to a guest's directory. */
typedef int (*guest_linked_fn)(const char *uuid, void *arg);

void	guest_sweep_dirs(int where);
void	guest_sweep_guest(const char *uuid);
void	guest_sweep_orphans(guest_linked_fn linked, void *arg, guest_busy_fn busy, int each_guest);
int	guest_sweep_orphan(const char *uuid, guest_busy_fn busy);

#endif
