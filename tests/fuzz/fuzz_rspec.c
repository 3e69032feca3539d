/* fuzz_rspec.c: libFuzzer target: any bytes into the resource-statement parser, and what parses must format and parse back. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "model/guest.h"
#include "model/rspec.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hpvm_err e = {0};
	struct device d, d2;
	char text[RSPEC_MAX + 16], buf[RSPEC_MAX + 64];

	if (size >= sizeof(text))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (rspec_parse(text, &d, &e) != 0)
		return 0;
	if (rspec_format(&d, buf, sizeof(buf)) != 0)
		abort();
	if (rspec_parse(buf, &d2, &e) != 0 || !rspec_match(&d2, &d))
		abort();
	return 0;
}
