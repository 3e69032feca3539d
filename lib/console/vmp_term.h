/* vmp_term.h: the person's terminal (or a script's pipes): menu lines with Ctrl-B, hidden answers, raw mode for the console. */
#ifndef HPVM_VMP_TERM_H
#define HPVM_VMP_TERM_H

#include <stddef.h>
#include <termios.h>

#define VMP_CTRL_B	0x02

struct vmp_term {
	int		in, out;
	int		tty;		/* `in` is a terminal */
	int		quiet;		/* -q: no banners */
	int		raw;		/* in raw mode now */
	struct termios	saved;
};

/* What reading a line gave. */
enum vmp_read { VMP_READ_EOF, VMP_READ_LINE, VMP_READ_CTRL_B };
/* Is the answer typed shown? */
enum vmp_echo { VMP_ECHO_OFF, VMP_ECHO_ON };

void		vmp_term_init(struct vmp_term *t, int in, int out, int quiet);
void		vmp_term_raw(struct vmp_term *t);
void		vmp_term_restore(struct vmp_term *t);
void		vmp_term_write(struct vmp_term *t, const char *buf, size_t len);
void		vmp_term_printf(struct vmp_term *t, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
enum vmp_read	vmp_term_readline(struct vmp_term *t, const char *prompt, enum vmp_echo echo,
		    char *buf, size_t len);

#endif
