/* frame.h: typed, length-prefixed messages over a unix stream socket, with a descriptor riding on any of them. */
#ifndef HPVM_FRAME_H
#define HPVM_FRAME_H

#include <stddef.h>

#define FRAME_MAX	65535		/* payload bytes in one frame */
#define FRAME_HEADER	3		/* type, then the length in two bytes, big-endian */
#define FRAME_FDS	8		/* descriptors a reader holds before frames claim them */
#define FRAME_WITH_FD	0x80		/* in the type byte: a descriptor came with this frame */

struct frame {
	char	 type;
	size_t	 len;
	char	*data;			/* NUL-terminated, in the reader's buffer until the next read */
	int	 fd;			/* the descriptor that came with it (the caller's now), or -1 */
};

struct frame_reader {
	unsigned char	buf[2 * (FRAME_MAX + FRAME_HEADER + 1)];
	size_t		off, len;
	int		fds[FRAME_FDS];
	int		nfds;
};

void	frame_reader_init(struct frame_reader *r);
void	frame_reader_close(struct frame_reader *r);
int	frame_fill(int sock, struct frame_reader *r);
int	frame_next(struct frame_reader *r, struct frame *f);
int	frame_recv(int sock, struct frame_reader *r, struct frame *f, int timeout_ms);
int	frame_encode(char type, const void *data, size_t len, unsigned char *out, size_t outlen);
int	frame_send(int sock, char type, const void *data, size_t len, int fd);
int	frame_send_text(int sock, char type, const char *text);

#endif
