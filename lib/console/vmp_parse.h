/* vmp_parse.h: a vMP command line, as typed at the menu or given to hpvmconsole -c: what it asks, and who may ask it. */
#ifndef HPVM_VMP_PARSE_H
#define HPVM_VMP_PARSE_H

#include <stddef.h>

struct hpvm_err;

#define VMP_LINE_MAX	512
#define VMP_MEDIA_MAX	255

enum vmp_verb {
	VMP_NONE,		/* an empty line */
	VMP_CO,			/* the console */
	VMP_CM,			/* the command menu */
	VMP_CL,			/* the console log */
	VMP_SL,			/* the event log */
	VMP_VM,			/* the virtual machine menu */
	VMP_ST,			/* the virtual machine's status */
	VMP_HE,			/* help */
	VMP_MA,			/* back to the main menu */
	VMP_X,			/* leave */
	VMP_PC_ON,
	VMP_PC_OFF,
	VMP_PC_CYCLE,
	VMP_TC,			/* memory dump, then reset */
	VMP_IN,			/* insert DVD media */
	VMP_EJ,			/* eject DVD media */
	VMP_REC_VIEW,		/* the guest log */
	VMP_REC_ROTATE,
	VMP_NVERBS
};

/* Who may run a command: oper has the console, the logs and pc -on; admin has everything. */
enum vmp_need { VMP_NEED_OPER, VMP_NEED_ADMIN };

struct vmp_cmd {
	enum vmp_verb	verb;
	char		dvd[16];			/* in, ej: "bus,dev,target", or "" */
	char		media[VMP_MEDIA_MAX + 1];	/* in: a number or a file name, or "" */
};

int		 vmp_parse_line(const char *line, struct vmp_cmd *c, struct hpvm_err *e);
const char	*vmp_parse_name(enum vmp_verb v);
enum vmp_need	 vmp_parse_need(enum vmp_verb v);
int		 vmp_parse_changes_guest(enum vmp_verb v);
int		 vmp_parse_is_local(enum vmp_verb v);
void		 vmp_parse_format(const struct vmp_cmd *c, char *buf, size_t len);

#endif
