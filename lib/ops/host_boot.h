/* host_boot.h: the host's start and shutdown: restrict host storage, boot vswitches, start auto guests; stop all. */
#ifndef HPVM_HOST_BOOT_H
#define HPVM_HOST_BOOT_H

struct hpvm_err;
struct start_problems;

/* What happened to one guest: rc 0 or -1, problems (start only) and messages. */
typedef void (*host_boot_report)(const char *name, int rc, const struct start_problems *p,
    const struct hpvm_err *e, void *arg);

int	host_boot_start(int parallel, host_boot_report report, void *arg, struct hpvm_err *e);
int	host_boot_stop(int wait_seconds, host_boot_report report, void *arg, struct hpvm_err *e);

#endif
