/*
 * vmp_term.c: the vMP's side of the terminal. At a terminal, lines are read a key at a time in
 * raw mode, so Ctrl-B acts at once as HP's does, with backspace and Ctrl-U for corrections; from
 * a pipe they are read as they come. Output in raw mode gets its carriage returns.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "console/vmp_term.h"

void
vmp_term_init(struct vmp_term *t, int in, int out, int quiet)
{
	memset(t, 0, sizeof(*t));
	t->in = in;
	t->out = out;
	t->quiet = quiet;
	t->tty = isatty(in) && tcgetattr(in, &t->saved) == 0;
}

void
vmp_term_raw(struct vmp_term *t)
{
	struct termios raw;

	if (!t->tty || t->raw)
		return;
	raw = t->saved;
	cfmakeraw(&raw);
	tcsetattr(t->in, TCSANOW, &raw);
	t->raw = 1;
}

void
vmp_term_restore(struct vmp_term *t)
{
	if (!t->tty || !t->raw)
		return;
	tcsetattr(t->in, TCSANOW, &t->saved);
	t->raw = 0;
}

static void
write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/* Text with "\n" line ends; in raw mode each gets its "\r". */
void
vmp_term_write(struct vmp_term *t, const char *buf, size_t len)
{
	const char *nl;

	if (!t->raw) {
		write_all(t->out, buf, len);
		return;
	}
	while (len > 0 && (nl = memchr(buf, '\n', len)) != NULL) {
		write_all(t->out, buf, (size_t)(nl - buf));
		write_all(t->out, "\r\n", 2);
		len -= (size_t)(nl - buf) + 1;
		buf = nl + 1;
	}
	write_all(t->out, buf, len);
}

void
vmp_term_printf(struct vmp_term *t, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		vmp_term_write(t, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* A line from a pipe: up to the newline, which is dropped (and a carriage return before it). */
static enum vmp_read
read_piped(struct vmp_term *t, char *buf, size_t len)
{
	size_t n = 0;
	char c;
	ssize_t r;

	for (;;) {
		if ((r = read(t->in, &c, 1)) == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			buf[n] = '\0';
			return n > 0 ? VMP_READ_LINE : VMP_READ_EOF;
		}
		if (c == '\n')
			break;
		if (c == VMP_CTRL_B)
			return VMP_READ_CTRL_B;
		if (n < len - 1)
			buf[n++] = c;
	}
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	return VMP_READ_LINE;
}

/* A line at the terminal, a key at a time: Enter ends it, Ctrl-B at once, Ctrl-D on an empty line is the end. */
static enum vmp_read
read_keys(struct vmp_term *t, enum vmp_echo echo, char *buf, size_t len)
{
	enum vmp_read rc = VMP_READ_LINE;
	size_t n = 0;
	unsigned char c;
	ssize_t r;

	vmp_term_raw(t);
	for (;;) {
		if ((r = read(t->in, &c, 1)) == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			rc = VMP_READ_EOF;
			break;
		}
		if (c == '\r' || c == '\n')
			break;
		if (c == VMP_CTRL_B) {
			rc = VMP_READ_CTRL_B;
			break;
		}
		if (c == 0x04 && n == 0) {
			rc = VMP_READ_EOF;
			break;
		}
		if (c == 0x03) {		/* Ctrl-C: forget the line */
			n = 0;
			break;
		}
		if ((c == 0x7f || c == 0x08) && n > 0) {
			n--;
			if (echo == VMP_ECHO_ON)
				write_all(t->out, "\b \b", 3);
			continue;
		}
		if (c == 0x15) {		/* Ctrl-U */
			for (; n > 0 && echo == VMP_ECHO_ON; n--)
				write_all(t->out, "\b \b", 3);
			n = 0;
			continue;
		}
		if (c < 0x20 || c == 0x7f || n >= len - 1)
			continue;
		buf[n++] = (char)c;
		if (echo == VMP_ECHO_ON)
			write_all(t->out, (char *)&c, 1);
	}
	buf[n] = '\0';
	write_all(t->out, "\r\n", 2);
	vmp_term_restore(t);
	return rc;
}

/* Show `prompt` (or nothing) and read a line into `buf`. */
enum vmp_read
vmp_term_readline(struct vmp_term *t, const char *prompt, enum vmp_echo echo, char *buf, size_t len)
{
	if (prompt != NULL)
		vmp_term_write(t, prompt, strlen(prompt));
	if (len == 0)
		return VMP_READ_EOF;
	return t->tty ? read_keys(t, echo, buf, len) : read_piped(t, buf, len);
}
