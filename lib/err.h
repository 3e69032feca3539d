/* err.h: the one error record every library function fills and every command prints. */
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

int	hpvm_fail(struct hpvm_err *, int, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	hpvm_warn(struct hpvm_err *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	hpvm_nerrors(const struct hpvm_err *);
void	hpvm_err_clear(struct hpvm_err *);
int	hpvm_report(const char *, const char *, const struct hpvm_err *);

#endif
