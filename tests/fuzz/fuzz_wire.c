/* fuzz_wire.c: libFuzzer target: any bytes as a peer's migration message, through the framing limits and the check request's decoder. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "migrate/request.h"
#include "migrate/wire.h"
#include "model/guest.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct request_check rc;
	struct hpvm_err e = {0};
	json_object *msg, *list;
	const char *s;
	int64_t n;
	int b;
	struct guest g;

	if (wire_parse((const char *)data, size, WIRE_DEPTH, &msg, &e) == -1)
		return 0;
	/* Every getter on every field a request may carry, whatever its type. */
	wire_str(msg, "op", 16, &s, &e);
	wire_str(msg, "token", 32, &s, &e);
	wire_int(msg, "version", 0, 1 << 20, &n, &e);
	wire_bool(msg, "ok", &b, &e);
	wire_array(msg, "digests", 64, &list, &e);
	if (request_check_decode(msg, &g, &rc, &e) == 0)
		guest_free(&g);
	json_object_put(msg);
	return 0;
}
