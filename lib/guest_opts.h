/* guest_opts.h: the characteristic options hpvmcreate, hpvmmodify, hpvmclone and hpvmmigrate share. */
#ifndef HPVM_GUEST_OPTS_H
#define HPVM_GUEST_OPTS_H

#include <stddef.h>

struct guest;
struct hpvm_err;

/* getopt letters handled by guest_opt_apply(), each taking an argument. */
#define GUEST_OPT_LETTERS	"c:e:E:r:O:l:B:u:g:x:"

struct device_edits {
	const char	**add, **del, **mod;
	size_t		  nadd, ndel, nmod;
};

struct guest_opt {
	int		 ch;
	const char	*arg;
};

/* Everything one command line asks to change, replayed onto a guest once it is loaded and locked. */
struct guest_change {
	struct guest_opt	*opt;
	size_t			 nopt;
	struct device_edits	 dev;
	const char		*newname;
};

int	guest_opt_apply(struct guest *, int, const char *, struct hpvm_err *);
int	guest_apply_edits(struct guest *, const struct device_edits *, struct hpvm_err *);
int	guest_change_add(struct guest_change *, int, const char *);
int	guest_change_apply(struct guest *, void *, struct hpvm_err *);
void	guest_change_free(struct guest_change *);

#endif
