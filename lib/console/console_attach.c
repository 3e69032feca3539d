/*
 * console_attach.c: relay between the terminal and the guest's console multiplexer until Ctrl-B
 * (or the end of a script's input, or the guest's end). HP's MP keys hold: Ctrl-B leaves, and a
 * person watching read-only takes the keyboard with Ctrl-E c f.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "base/frame.h"
#include "base/hpvm_err.h"
#include "console/console_attach.h"
#include "console/vmp_term.h"
#include "vmm/console_mux.h"

#define CTRL_E	0x05

struct keys {
	int	sock;
	int	esc;		/* how much of Ctrl-E c f was typed */
};

static int
send_keys(struct keys *k, const char *buf, size_t len)
{
	return len == 0 ? 0 : frame_send(k->sock, CONSOLE_DATA, buf, len, -1);
}

/*
 * Keys typed: sent on, but Ctrl-B ends the relay (1) and Ctrl-E c f asks for the keyboard. A
 * broken Ctrl-E sequence sends what it held back.
 */
static int
keys_typed(struct keys *k, const char *buf, size_t n)
{
	static const char seq[] = { CTRL_E, 'c', 'f' };
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		if (buf[i] == VMP_CTRL_B) {
			send_keys(k, buf + start, i - start);
			return 1;
		}
		if (buf[i] == seq[k->esc]) {
			if (send_keys(k, buf + start, i - start) == -1)
				return -1;
			start = i + 1;
			if (++k->esc == (int)sizeof(seq)) {
				k->esc = 0;
				if (frame_send(k->sock, CONSOLE_TAKE, NULL, 0, -1) == -1)
					return -1;
			}
			continue;
		}
		if (k->esc > 0) {
			if (send_keys(k, seq, (size_t)k->esc) == -1)
				return -1;
			k->esc = 0;
			i--;		/* this key again, now outside the sequence */
			continue;
		}
	}
	return send_keys(k, buf + start, n - start) == -1 ? -1 : 0;
}

/* What the multiplexer sent: 0, or -1 when the console is gone. */
static int
console_said(int sock, struct frame_reader *r, struct vmp_term *t)
{
	struct frame f;
	int rc;

	if ((rc = frame_fill(sock, r)) <= 0)
		return rc == -1 && (errno == EAGAIN || errno == EINTR) ? 0 : -1;
	while ((rc = frame_next(r, &f)) == 1) {
		if (f.fd >= 0)
			close(f.fd);
		if (f.type == CONSOLE_DATA)
			(void)!write(t->out, f.data, f.len);
		else if (f.type == CONSOLE_NOTE) {
			vmp_term_write(t, "\n", 1);
			vmp_term_write(t, f.data, f.len);
			vmp_term_write(t, "\n", 1);
		}
	}
	frame_reader_close(r);
	return rc == -1 ? -1 : 0;
}

/*
 * The relay on `sock` (a console connection, hello said; closed here). `banner` (or NULL) is
 * shown first unless quiet. 0 when the person left or their input ended; -1 if the connection
 * broke, the guest's end included.
 */
int
console_attach_run(int sock, struct vmp_term *t, const char *banner, struct hpvm_err *e)
{
	static struct frame_reader r;
	struct keys k = { .sock = sock };
	char buf[4096];
	ssize_t n;
	int rc = 0, left = 0;

	frame_reader_init(&r);
	if (banner != NULL && !t->quiet)
		vmp_term_printf(t, "%s\n", banner);
	vmp_term_raw(t);
	while (!left) {
		struct pollfd p[2] = { { .fd = t->in, .events = POLLIN }, { .fd = sock, .events = POLLIN } };
		if (poll(p, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			rc = -1;
			break;
		}
		if ((p[1].revents & (POLLIN | POLLHUP | POLLERR)) && console_said(sock, &r, t) == -1) {
			rc = hpvm_fail(e, EPIPE, "The console closed: the guest stopped.");
			break;
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			if ((n = read(t->in, buf, sizeof(buf))) == -1 && errno == EINTR)
				continue;
			if (n <= 0)
				break;		/* a script's input ended */
			if ((left = keys_typed(&k, buf, (size_t)n)) == -1) {
				rc = hpvm_fail(e, EPIPE, "The console connection failed.");
				break;
			}
		}
	}
	vmp_term_restore(t);
	close(sock);
	frame_reader_close(&r);
	if (!t->quiet)
		vmp_term_write(t, "\n", 1);
	return rc;
}
