/* mac.c: Ethernet addresses as HP writes them (0xaabbcc001122, aa-bb-cc-00-11-22) and as Linux and QEMU do (aa:bb:...). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/mac.h"

static int
hex2(const char *s)
{
	int v = 0, i;

	for (i = 0; i < 2; i++) {
		int c = (unsigned char)s[i];
		if (!isxdigit(c))
			return -1;
		v = v * 16 + (isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
	}
	return v;
}

/* HP's two spellings, and the colon form /sys and QEMU use. */
int
mac_parse(const char *s, uint8_t mac[6])
{
	int b[6], i, step = 3, off = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (strlen(s) != 14)
			return -1;
		step = 2;
		off = 2;
	} else {
		char sep = s[2];
		if (strlen(s) != 17 || (sep != '-' && sep != ':'))
			return -1;
		for (i = 2; i < 17; i += 3)
			if (s[i] != sep)
				return -1;
	}
	for (i = 0; i < 6; i++)
		if ((b[i] = hex2(s + off + step * i)) < 0)
			return -1;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

void
mac_format(const uint8_t m[6], char *buf, size_t len)
{
	snprintf(buf, len, "%02x-%02x-%02x-%02x-%02x-%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* aa:bb:cc:00:11:22, as QEMU and the kernel spell it. */
void
mac_format_colons(const uint8_t m[6], char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}
