/* supervisor.h: the per-guest supervisor (hpvmapp) that owns one QEMU from start to exit. */
#ifndef HPVM_SUPERVISOR_H
#define HPVM_SUPERVISOR_H

int	supervisor_run(const char *uuid, int status_fd, int lock_fd);
void	supervisor_cleanup(const char *uuid, int lock_fd);

#endif
