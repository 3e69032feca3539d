/* fuzz_config.c: libFuzzer target: any bytes as a guest configuration; what loads must save and load back the same. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "model/guest.h"
#include "store/guest_xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hpvm_err e = {0};
	struct guest g, g2;
	char *text = NULL, *text2 = NULL;
	size_t len, len2;

	if (guest_xml_parse((const char *)data, size, "fuzz", &g, &e) != 0)
		return 0;
	if (guest_xml_format(&g, &text, &len, &e) != 0 ||
	    guest_xml_parse(text, len, "fuzz2", &g2, &e) != 0 ||
	    guest_xml_format(&g2, &text2, &len2, &e) != 0 ||
	    len != len2 || memcmp(text, text2, len) != 0)
		abort();
	free(text);
	free(text2);
	guest_free(&g);
	guest_free(&g2);
	return 0;
}
