/* console_attach.h: the person at the guest's serial console: its output shown, their keys sent, Ctrl-B to leave. */
#ifndef HPVM_CONSOLE_ATTACH_H
#define HPVM_CONSOLE_ATTACH_H

struct hpvm_err;
struct vmp_term;

int	console_attach_run(int sock, struct vmp_term *t, const char *banner, struct hpvm_err *e);

#endif
