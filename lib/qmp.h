/* qmp.h: a QEMU Machine Protocol client over a unix socket (json-c). */
#ifndef HPVM_QMP_H
#define HPVM_QMP_H

#include <stddef.h>
#include <json-c/json.h>

struct hpvm_err;

struct qmp {
	int	fd;
	char	buf[65536];
	size_t	len;
};

int	qmp_connect(struct qmp *, const char *, int, struct hpvm_err *);
int	qmp_execute(struct qmp *, const char *, json_object *, json_object **, struct hpvm_err *);
int	qmp_read(struct qmp *, json_object **, int);
void	qmp_close(struct qmp *);

#endif
