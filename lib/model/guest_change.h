/* guest_change.h: the characteristic options hpvmcreate, hpvmmodify, hpvmclone and hpvmmigrate share. */
#ifndef HPVM_GUEST_CHANGE_H
#define HPVM_GUEST_CHANGE_H

#include <stddef.h>

struct guest;
struct hpvm_err;

/* getopt letters handled by guest_change_option(), each taking an argument; -R is hpvmmodify's alone (HP). */
#define GUEST_OPT_LETTERS	"c:e:E:r:O:l:B:u:g:x:"
#define GUEST_OPT_RESERVED	"R:"

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

int	guest_change_option(struct guest *g, int ch, const char *arg, struct hpvm_err *e);
int	guest_change_devices(struct guest *g, const struct device_edits *ed, struct hpvm_err *e);
int	guest_change_add(struct guest_change *c, int ch, const char *arg);
int	guest_change_round_cycles(struct guest *g, int host_mhz, struct hpvm_err *e);
int	guest_change_apply(struct guest *g, const void *change, struct hpvm_err *e);
void	guest_change_free(struct guest_change *c);

#endif
