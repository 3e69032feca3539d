/* hpvm_err.h: the one error record every library function fills and every command prints. */
#ifndef HPVM_ERR_H
#define HPVM_ERR_H

#include <stddef.h>

#define HPVM_ERR_MAX	32
#define HPVM_MSG_LEN	512

enum hpvm_sev { HPVM_WARNING, HPVM_ERROR };

struct hpvm_msg {
	enum hpvm_sev	sev;
	char		text[HPVM_MSG_LEN];
};

struct hpvm_err {
	int		code;		/* errno-style cause of the last error */
	int		n;
	int		dropped;	/* messages past HPVM_ERR_MAX */
	struct hpvm_msg	msg[HPVM_ERR_MAX];
};

/* Every function that takes a `struct hpvm_err *` accepts NULL: the caller does not want the text. */
int		 hpvm_fail(struct hpvm_err *e, int code, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
void		 hpvm_warn(struct hpvm_err *e, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
int		 hpvm_nerrors(const struct hpvm_err *e);
void		 hpvm_err_clear(struct hpvm_err *e);
const char	*hpvm_err_first(const struct hpvm_err *e);
int		 hpvm_report(const char *prog, const char *guest, const struct hpvm_err *e);

#endif
