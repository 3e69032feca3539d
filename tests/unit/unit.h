/* unit.h: what the unit tests share: building a guest from resource statements, golden files. */
#ifndef HPVM_UNIT_H
#define HPVM_UNIT_H

#include <stdio.h>
#include <stdlib.h>

#include "base/file.h"
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

/* `got` equals tests/unit/golden/<name>; with HPVM_GOLDEN_WRITE set, it becomes the golden file. */
static inline void
unit_golden(const char *name, const char *got, size_t len)
{
	struct hpvm_err e = {0};
	char path[256], *want;

	snprintf(path, sizeof(path), "tests/unit/golden/%s", name);
	if (getenv("HPVM_GOLDEN_WRITE") != NULL)
		file_write_atomic(path, got, len, 0644, NULL);
	assert_int_equal(file_read_all(path, &want, NULL, &e), 0);
	assert_string_equal(got, want);
	free(want);
}

#endif
