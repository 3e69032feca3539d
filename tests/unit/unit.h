/* unit.h: what the unit tests share: building a guest from resource statements, golden files. */
#ifndef HPVM_UNIT_H
#define HPVM_UNIT_H

#include <stdio.h>
#include <stdlib.h>

#include "base/file.h"
#include "base/hpvm_err.h"
#include "model/alloc.h"
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

/* A guest with a bit of everything: label, ACLs, a disk, a NIC with its MAC and port, a DVD. */
static inline void
unit_sample(struct guest *g)
{
	struct hpvm_err e = {0};

	guest_init(g);
	strcpy(g->name, "vm1");
	strcpy(g->uuid, "2b3b1198-2062-41df-9e06-001a4b07f002");
	g->vmnum = 8;
	strcpy(g->label, "a <label> & \"quotes\"");
	g->os = OS_HPUX;
	g->vcpus = 2;
	g->memory_mb = 4096;
	g->start_auto = 1;
	g->visible = 0;
	guest_acl_set(g->users, &g->nusers, "alice", ACL_ADMIN);
	guest_acl_set(g->groups, &g->ngroups, "ops", ACL_OPER);
	unit_add(g, "disk:scsi::lv:/dev/vg_vmtest/rivm1d1");
	unit_add(g, "network:lan:,,56-e9-e3-09-6a-22:vswitch:vlan02:portid:8");
	unit_add(g, "dvd:avio_stor::null:");
	assert_int_equal(alloc_addresses(g, &e), 0);
}

#endif
