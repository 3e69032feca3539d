/* unit.h: what the unit tests share: building a guest from resource statements. */
#ifndef HPVM_UNIT_H
#define HPVM_UNIT_H

#include "base/hpvm_err.h"
#include "model/guest.h"
#include "model/rspec.h"

/* Add the device a statement describes to `g`, as hpvmcreate -a would (its spec kept). */
static inline void
unit_add(struct guest *g, const char *spec)
{
	struct hpvm_err e = {0};
	struct device d;

	assert_int_equal(rspec_parse(spec, &d, &e), 0);
	assert_int_equal(device_set_spec(&d, spec), 0);
	assert_int_equal(guest_device_add(g, &d), 0);
	device_free(&d);
}

#endif
