/* test_store.c: configuration XML and the device database survive a round trip; damaged input is refused whole. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "unit.h"

#include "model/alloc.h"
#include "store/devdb.h"
#include "store/devdb_guest.h"
#include "base/hpvm_err.h"
#include "model/guest.h"
#include "store/guest_xml.h"
#include "model/rspec.h"

static void
config_round_trip(void **state)
{
	struct hpvm_err e = {0};
	struct guest g, back;
	char *text, *text2;
	size_t len, len2;

	(void)state;
	unit_sample(&g);
	assert_int_equal(guest_xml_format(&g, &text, &len, &e), 0);
	assert_int_equal(guest_xml_parse(text, len, "test", &back, &e), 0);
	assert_string_equal(back.name, "vm1");
	assert_string_equal(back.label, g.label);
	assert_int_equal(back.vmnum, 8);
	assert_int_equal(back.os, OS_HPUX);
	assert_int_equal(back.visible, 0);
	assert_int_equal(back.runnable, 1);
	assert_int_equal(back.ndevs, 3);
	assert_string_equal(back.devs[1].location, "vlan02");
	assert_int_equal(back.devs[1].portid, 8);
	assert_string_equal(back.devs[0].spec, "disk:scsi::lv:/dev/vg_vmtest/rivm1d1");
	assert_string_equal(back.users[0].name, "alice");
	assert_int_equal(back.users[0].level, ACL_ADMIN);
	assert_int_equal(guest_xml_format(&back, &text2, &len2, &e), 0);
	assert_int_equal(len, len2);
	assert_memory_equal(text, text2, len);		/* byte-identical second time */
	free(text);
	free(text2);
	guest_free(&g);
	guest_free(&back);
}

static void
config_rejected_whole(void **state)
{
	static const char *const bad[] = {
		"",
		"<guest",
		"<guest format=\"1\"><name>x</name></guest>",
		"<other/>",
	};
	struct guest g, back;
	char *text, *p;
	size_t len, i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct hpvm_err e = {0};
		assert_int_equal(guest_xml_parse(bad[i], strlen(bad[i]), "bad", &back, &e), -1);
		assert_int_equal(back.ndevs, 0);
		assert_true(hpvm_nerrors(&e) >= 1);
	}
	/* A valid file with one value broken fails validation as a whole. */
	unit_sample(&g);
	struct hpvm_err e = {0};
	assert_int_equal(guest_xml_format(&g, &text, &len, &e), 0);
	p = strstr(text, "bus=\"0\"");
	assert_non_null(p);
	p[5] = '9';
	assert_int_equal(guest_xml_parse(text, len, "bad", &back, &e), -1);
	assert_non_null(strstr(e.msg[0].text, "does not match the configuration schema"));
	free(text);
	guest_free(&g);
}

static void
devdb_round_trip(void **state)
{
	static const char text[] =
	    "/dev/rdsk/c10t0d4:CONFIG=rdev,EXIST=YES,DEVTYPE=DISK,SHARE=NO::6005-08b4-0001-15d0-0001-2000-003a-0000\n"
	    "/iso/a.iso:CONFIG=gdev,EXIST=YES,DEVTYPE=FILE,SHARE=YES,USAGE=DVD:vm1,vm2:ino-801-12\n"
	    "sw1:CONFIG=gdev,EXIST=YES,DEVTYPE=SWITCH,SHARE=YES:vm1:\n";
	struct hpvm_err e = {0};
	struct devdb db;
	struct devdb_ent *ent;
	char *out;
	size_t len;

	(void)state;
	assert_int_equal(devdb_parse(&db, text, &e), 0);
	assert_int_equal(db.n, 3);
	ent = devdb_find(&db, "/iso/a.iso");
	assert_non_null(ent);
	assert_int_equal(ent->ndeps, 2);
	assert_string_equal(devdb_attr(ent, "USAGE"), "DVD");
	assert_string_equal(ent->id, "ino-801-12");
	assert_int_equal(devdb_format(&db, &out, &len), 0);
	assert_string_equal(out, text);
	free(out);

	assert_int_equal(devdb_guest_rename(&db, "vm1", "web1"), 0);
	devdb_guest_release(&db, "vm1", NULL);
	ent = devdb_find(&db, "sw1");
	assert_non_null(ent);
	assert_int_equal(ent->ndeps, 1);
	assert_string_equal(ent->deps[0], "web1");
	devdb_guest_release(&db, "web1", NULL);
	assert_null(devdb_find(&db, "sw1"));		/* last dependent gone */
	assert_non_null(devdb_find(&db, "/dev/rdsk/c10t0d4"));	/* rdev entries stay */
	devdb_free(&db);
}

static void
devdb_rejects_damage(void **state)
{
	static const char *const bad[] = {
		"no colons here\n",
		"/a:CONFIG=gdev:dep\n",
		"/a:CONFIG=gdev::id:extra\n",
		"/a:NOEQUALS::\n",
		"/a:SHARE=YES::\n",
		"/a:CONFIG=gdev::\n/a:CONFIG=gdev::\n",
	};
	struct devdb db;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct hpvm_err e = {0};
		assert_int_equal(devdb_parse(&db, bad[i], &e), -1);
		assert_int_equal(db.n, 0);
	}
}

/* Written back, an entry that did not change is its line as read; the others are formatted. */
static void
devdb_keeps_lines(void **state)
{
	static const char text[] = DEVDB_HEADER "\n"
	    "/a:CONFIG=gdev,SHARE=NO::ino-1\n"
	    "/b:CONFIG=gdev,SHARE=NO,SHARE=YES::\n"
	    "# end: 2 entries\n"
	    "/c:CONFIG=gdev::";
	static const char want[] = DEVDB_HEADER "\n"
	    "/a:CONFIG=gdev,SHARE=NO:vm1:ino-1\n"
	    "/b:CONFIG=gdev,SHARE=YES::\n"
	    "/c:CONFIG=gdev::\n"
	    "/d:CONFIG=gdev::ino-2\n"
	    "# end: 4 entries\n";
	struct hpvm_err e = {0};
	struct devdb db;
	struct devdb_ent *ent;
	char *out;
	size_t len;

	(void)state;
	assert_int_equal(devdb_parse_text(&db, text, sizeof(text) - 1, &e), 0);
	db.orig.text = text;		/* as devdb_load has it: the file's bytes */
	db.orig.len = sizeof(text) - 1;
	assert_int_equal(db.n, 3);
	assert_string_equal(devdb_attr(devdb_find(&db, "/b"), "SHARE"), "YES");
	assert_int_equal(devdb_dep_add(devdb_find(&db, "/a"), "vm1"), 0);
	assert_non_null(ent = devdb_add(&db, "/d", "gdev"));
	assert_int_equal(devdb_ent_set_id(ent, "ino-2"), 0);
	assert_int_equal(devdb_text(&db, &out, &len), 0);
	assert_string_equal(out, want);
	assert_int_equal(len, strlen(want));
	free(out);
	/* Back as it was: the line read is what is written again. */
	assert_int_equal(devdb_dep_remove(devdb_find(&db, "/a"), "vm1"), 0);
	assert_int_equal(devdb_attr_unset(devdb_find(&db, "/d"), "CONFIG"), 0);
	assert_int_equal(devdb_attr_unset(devdb_find(&db, "/d"), "CONFIG"), -1);
	assert_int_equal(devdb_format(&db, &out, &len), 0);
	assert_non_null(strstr(out, "/a:CONFIG=gdev,SHARE=NO::ino-1\n/b:"));
	assert_non_null(strstr(out, "/d:::ino-2\n"));
	free(out);
	db.orig.text = NULL;
	db.orig.len = 0;
	devdb_free(&db);
}

static void
addresses_do_not_collide(void **state)
{
	struct hpvm_err e = {0};
	struct guest g;
	size_t i, j;

	(void)state;
	guest_init(&g);
	for (i = 0; i < 10; i++)
		unit_add(&g, "disk:scsi::null:");
	unit_add(&g, "network:lan::vswitch:sw");
	unit_add(&g, "disk:avio_stor::null:");
	unit_add(&g, "network:avio_lan:0,3:vswitch:sw");
	assert_int_equal(alloc_addresses(&g, &e), 0);
	for (i = 0; i < g.ndevs; i++) {
		assert_true(g.devs[i].bus >= 0 && g.devs[i].dev >= 0);
		if (i < 12)
			assert_false(alloc_slot_reserved(g.devs[i].bus, g.devs[i].dev));
		for (j = 0; j < i; j++)
			assert_false(g.devs[i].bus == g.devs[j].bus && g.devs[i].dev == g.devs[j].dev &&
			    g.devs[i].target == g.devs[j].target);
	}
	/* Eight scsi targets fill an adapter; the ninth disk starts the next one. */
	assert_int_equal(g.devs[7].dev, g.devs[0].dev);
	assert_int_equal(g.devs[7].target, 7);
	assert_int_not_equal(g.devs[8].dev, g.devs[0].dev);
	guest_free(&g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(config_round_trip),
		cmocka_unit_test(config_rejected_whole),
		cmocka_unit_test(devdb_round_trip),
		cmocka_unit_test(devdb_rejects_damage),
		cmocka_unit_test(devdb_keeps_lines),
		cmocka_unit_test(addresses_do_not_collide),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
