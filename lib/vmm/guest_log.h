/* guest_log.h: the guest's own log, /var/opt/hpvm/uuids/<uuid>/log: starts, stops, crashes, changes, console sessions. */
#ifndef HPVM_GUEST_LOG_H
#define HPVM_GUEST_LOG_H

#include <stddef.h>

struct hpvm_err;

/* How the guest's latest run went, as its log tells: what monitoring reports beyond "on" and "off". */
enum guest_log_event {
	GUEST_EVENT_NONE,		/* nothing known */
	GUEST_EVENT_STARTED,
	GUEST_EVENT_SHUTTING_DOWN,	/* the ACPI power button was pressed */
	GUEST_EVENT_STOPPED,
	GUEST_EVENT_CRASHED		/* a panic, or QEMU died without being asked to */
};

int			guest_log_path(const char *uuid, char *buf, size_t len, struct hpvm_err *e);
void			guest_log(const char *uuid, const char *fmt, ...)
			    __attribute__((format(printf, 2, 3)));
int			guest_log_rotate(const char *uuid, char *old, size_t len, struct hpvm_err *e);
enum guest_log_event	guest_log_last_event(const char *uuid);
enum guest_log_event	guest_log_classify(const char *text, enum guest_log_event prev);

#endif
