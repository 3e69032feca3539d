/* supervisor.h: the per-guest supervisor (hpvmapp) that owns one QEMU from start to exit. */
#ifndef HPVM_SUPERVISOR_H
#define HPVM_SUPERVISOR_H

/* A guest boots, or waits paused for a migration stream (hpvmmigrated's target). */
enum supervisor_mode { SUPERVISOR_BOOT, SUPERVISOR_INCOMING };

int	supervisor_run(const char *uuid, enum supervisor_mode mode, int status_fd, int lock_fd);
void	supervisor_cleanup(const char *uuid, int lock_fd);

#endif
