/* qmp.h: a QEMU Machine Protocol client over a unix socket (json-c). */
#ifndef HPVM_QMP_H
#define HPVM_QMP_H

#include <stddef.h>
#include <json-c/json.h>

struct hpvm_err;

/* Events that arrive while a command waits for its answer go here, if set; else they are dropped. */
typedef void (*qmp_event_fn)(json_object *event, void *arg);
typedef void (*qmp_wait_fn)(void *arg);

struct qmp {
	int		fd;
	char		buf[65536];
	size_t		len;
	int		timeout_ms;	/* how long a command may wait for its answer; qmp_connect sets 30 s */
	qmp_event_fn	on_event;	/* qmp_connect clears it */
	void		*event_arg;
	qmp_wait_fn	on_wait;	/* each second of a wait for QEMU; qmp_connect clears it */
	void		*wait_arg;
};

int	qmp_connect(struct qmp *q, const char *path, int timeout_ms, struct hpvm_err *e);
int	qmp_execute(struct qmp *q, const char *cmd, json_object *args, json_object **ret,
	    struct hpvm_err *e);
int	qmp_execute_fd(struct qmp *q, const char *cmd, json_object *args, int fd, json_object **ret,
	    struct hpvm_err *e);
int	qmp_read(struct qmp *q, json_object **out, int timeout_ms);
void	qmp_close(struct qmp *q);

#endif
