/*
 * fuzz_vmp.c: libFuzzer target: any bytes as a vMP command line (what people type and what
 * hpvmconsoled reads from its clients): what parses must format and parse back to the same
 * command; and the same bytes as a stream of frames, which must be read without a fault.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/frame.h"
#include "base/hpvm_err.h"
#include "console/vmp_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
parse_line(const uint8_t *data, size_t size)
{
	struct hpvm_err e = {0};
	struct vmp_cmd c, c2;
	char text[VMP_LINE_MAX + 64], buf[VMP_LINE_MAX + 1];

	if (size >= sizeof(text))
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	if (vmp_parse_line(text, &c, &e) != 0)
		return;
	if ((unsigned)c.verb >= VMP_NVERBS)
		abort();
	vmp_parse_format(&c, buf, sizeof(buf));
	if (vmp_parse_line(buf, &c2, &e) != 0 || c2.verb != c.verb || strcmp(c2.dvd, c.dvd) != 0 ||
	    strcmp(c2.media, c.media) != 0)
		abort();
}

/* The bytes as frames: each frame's payload stays inside what arrived. */
static void
parse_frames(const uint8_t *data, size_t size)
{
	static struct frame_reader r;
	struct frame f;
	size_t total = 0;

	frame_reader_init(&r);
	if (size > sizeof(r.buf))
		size = sizeof(r.buf);
	memcpy(r.buf, data, size);
	r.len = size;
	while (frame_next(&r, &f) == 1) {
		total += FRAME_HEADER + f.len;
		if (total > size || f.fd != -1 || f.data[f.len] != '\0')
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse_line(data, size);
	parse_frames(data, size);
	return 0;
}
