/* event_log.h: the event log hpvmstatus -e shows: the host's monitor log, or one guest's log. */
#ifndef HPVM_EVENT_LOG_H
#define HPVM_EVENT_LOG_H

#include <stddef.h>

struct hpvm_err;

int	event_log_read(const char *guest, char **text, size_t *len, struct hpvm_err *e);

#endif
