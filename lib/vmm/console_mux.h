/* console_mux.h: a guest's serial console shared: everyone attached sees its output, one types at a time, a bounded log keeps it. */
#ifndef HPVM_CONSOLE_MUX_H
#define HPVM_CONSOLE_MUX_H

#include <sys/types.h>

struct hpvm_err;

/* Frames on a connection to the console socket (base/frame.h). */
#define CONSOLE_HELLO	'H'	/* client, first: "user" or "user force" (take the keyboard now) */
#define CONSOLE_DATA	'D'	/* both ways: bytes from, or keystrokes for, the guest's serial port */
#define CONSOLE_TAKE	'T'	/* client: take the keyboard from whoever has it */
#define CONSOLE_NOTE	'N'	/* multiplexer: a notice for the person, not the guest's output */

/* The console log rotates to console.log.old past this many KB (hpvmconf HPVM_CONSOLE_LOG_KB). */
#define CONSOLE_LOG_KB_DEFAULT	1024

pid_t	console_mux_spawn(const char *uuid, int guest_fd, struct hpvm_err *e);

#endif
