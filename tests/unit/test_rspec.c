/* test_rspec.c: the resource-statement parser against HP's own examples and the ways users get it wrong. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/hpvm_err.h"
#include "base/mac.h"
#include "model/guest.h"
#include "model/rspec.h"

/* Every statement quoted in ../shared/reference (HP guides, release notes, field scripts). */
static const char *const hp_examples[] = {
	"network:avio_lan::vswitch:swlan1",
	"disk:avio_stor::disk/dev/rdisk/disk1",		/* sic: HP's guide drops a colon */
	"disk:scsi::lv:/dev/vg_vmtest/rivm1d1",
	"dvd:scsi::disk:/dev/rdsk/c1t4d0",
	"disk:avio_stor::disk:/dev/rdisk/disk17",
	"disk:avio_stor::lv:/dev/vg00/lvol9",
	"network:avio_lan::vswitch:vsw",
	"disk:scsi:0,2,0:lv:/dev/vg_vmtest/rivm1d1",
	"disk:scsi::lv:/dev/vg_vmtest/rclone01_d1",
	"network:lan:vswitch:vlan02",
	"dvd:scsi::file:/InstallMedia/Windows.iso",
	"dvd:scsi::disk:/dev/rdisk/c0t0d0",
	"dvd:scsi:0,0,1:file:/InstallMedia/SmartSetup.iso",
	"dvd:scsi:null:/path/to/media/",			/* sic: one colon */
	"disk:scsi::null:/opt/XXXX.iso",
	"disk:scsi::file:/tmp/zero.size.1",
	"disk:scsi::file:/tmp/zero.size.2",
	"disk:scsi::lv:/dev/vx/rdsk/lvrackA/disk1",
	"network:aviolan::vswitch:swlan1",
	"disk:aviostor::disk:/dev/rdsk/c1t2d0",
	"disk:aviostor::disk/dev/rdsk/c1t2d0",
	"network:lan:0,1,0xaabbcc001122:vswitch:sw:portid:5",
	"network:lan:,,aa-bb-cc-00-11-22:vswitch:sw",
	"network:avio_lan:0,1,2a-2e-5a-05-0a-ba:vswitch:swlan1:portid:5",
};

static void
parses_every_hp_example(void **state)
{
	struct device d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(hp_examples) / sizeof(hp_examples[0]); i++) {
		struct hpvm_err e = {0};
		int rc = rspec_parse(hp_examples[i], &d, &e);
		if (rc != 0)
			fail_msg("%s: %s", hp_examples[i], e.msg[0].text);
	}
}

static void
storage_fields(void **state)
{
	struct hpvm_err e = {0};
	struct device d;

	(void)state;
	assert_int_equal(rspec_parse("dvd:scsi:0,0,1:file:/iso/a.iso", &d, &e), 0);
	assert_int_equal(d.type, DEV_DVD);
	assert_int_equal(d.adapter, AD_SCSI);
	assert_int_equal(d.bus, 0);
	assert_int_equal(d.dev, 0);
	assert_int_equal(d.target, 1);
	assert_int_equal(d.backing, BK_FILE);
	assert_string_equal(d.location, "/iso/a.iso");

	assert_int_equal(rspec_parse("disk:aviostor::disk/dev/sdb", &d, &e), 0);
	assert_int_equal(d.adapter, AD_AVIO_STOR);
	assert_int_equal(d.backing, BK_DISK);
	assert_int_equal(d.bus, -1);
	assert_int_equal(d.target, -1);
	assert_string_equal(d.location, "/dev/sdb");

	assert_int_equal(rspec_parse("dvd:scsi:null:/path/to/media/", &d, &e), 0);
	assert_int_equal(d.backing, BK_NULL);
	assert_int_equal(rspec_parse("dvd:scsi::null:", &d, &e), 0);
	assert_string_equal(d.location, "");
	assert_int_equal(rspec_parse("disk:avio_stor:1,4,127:file:/x", &d, &e), 0);
	assert_int_equal(d.target, 127);
}

static void
network_fields(void **state)
{
	struct hpvm_err e = {0};
	struct device d;
	const uint8_t want[6] = { 0xaa, 0xbb, 0xcc, 0x00, 0x11, 0x22 };

	(void)state;
	assert_int_equal(rspec_parse("network:lan:0,1,0xaabbcc001122:vswitch:sw:portid:5", &d, &e), 0);
	assert_int_equal(d.type, DEV_NETWORK);
	assert_int_equal(d.adapter, AD_LAN);
	assert_int_equal(d.bus, 0);
	assert_int_equal(d.dev, 1);
	assert_true(d.has_mac);
	assert_memory_equal(d.mac, want, 6);
	assert_string_equal(d.location, "sw");
	assert_int_equal(d.portid, 5);

	assert_int_equal(rspec_parse("network:lan:vswitch:vlan02", &d, &e), 0);
	assert_false(d.has_mac);
	assert_int_equal(d.bus, -1);
	assert_int_equal(d.portid, -1);
	assert_string_equal(d.location, "vlan02");

	assert_int_equal(rspec_parse("network:avio_lan:,,aa-bb-cc-00-11-22:vswitch:sw", &d, &e), 0);
	assert_int_equal(d.adapter, AD_AVIO_LAN);
	assert_memory_equal(d.mac, want, 6);
}

static void
rejects_bad_statements(void **state)
{
	static const char *const bad[] = {
		"", "disk", "disk:scsi", "disk:scsi::file", "floppy:scsi::file:/x",
		"disk:bogus::file:/x", "disk:scsi::nfs:/x", "disk:scsi::file:x",
		"disk:scsi::file:/a b", "disk:scsi::file:/a,b", "disk:scsi::file:/a:b",
		"disk:scsi:8,0,0:file:/x", "disk:scsi:0,8,0:file:/x", "disk:scsi:0,0,8:file:/x",
		"disk:avio_stor:0,0,128:file:/x", "disk:scsi:0,0,0,0:file:/x", "disk:scsi:a,0,0:file:/x",
		"disk:scsi:-1,0,0:file:/x", "disk:scsi::file:/x/../etc/passwd", "disk:scsi::attach:/dev/st0",
		"tape:scsi::file:/x", "tape:avio_stor::attach:/dev/st0", "dvd:scsi::lv:/dev/vg/x",
		"network:lan", "network:lan::vswitch", "network:bogus::vswitch:sw",
		"network:lan::bridge:sw", "network:lan:0,1,0xzz:vswitch:sw",
		"network:lan:0,1,01-00-5e-00-00-01:vswitch:sw", "network:lan:0,1,00-00-00-00-00-00:vswitch:sw",
		"network:lan::vswitch:a;b", "network:lan::vswitch:sw:portid:512",
		"network:lan::vswitch:sw:port:1", "network:lan::vswitch:averyveryverylongname",
		"network:lan:0,1,aa-bb-cc-00-11:vswitch:sw", "network:lan:0,1,0xaabbcc0011223:vswitch:sw",
		"disk:scsi::file:/a:b:c:d:e:f",
	};
	struct device d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct hpvm_err e = {0};
		if (rspec_parse(bad[i], &d, &e) != -1)
			fail_msg("accepted '%s'", bad[i]);
		assert_int_equal(hpvm_nerrors(&e), 1);
	}
}

static void
formats_canonically(void **state)
{
	static const char *const in[] = {
		"disk:aviostor:0,2,3:file:/img/a.img",
		"network:aviolan:0,5,0xaabbcc001122:vswitch:sw1:portid:7",
		"dvd:scsi::null:",
	};
	static const char *const out[] = {
		"disk:avio_stor:0,2,3:file:/img/a.img",
		"network:avio_lan:0,5,aa-bb-cc-00-11-22:vswitch:sw1:portid:7",
		"dvd:scsi:,,:null:",
	};
	struct hpvm_err e = {0};
	struct device d, d2;
	char buf[RSPEC_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		assert_int_equal(rspec_parse(in[i], &d, &e), 0);
		assert_int_equal(rspec_format(&d, buf, sizeof(buf)), 0);
		assert_string_equal(buf, out[i]);
		assert_int_equal(rspec_parse(buf, &d2, &e), 0);	/* it parses back */
		assert_true(rspec_match(&d2, &d));
	}
}

static void
matches_partial_statements(void **state)
{
	struct hpvm_err e = {0};
	struct device cfg, p;

	(void)state;
	assert_int_equal(rspec_parse("disk:scsi:0,2,1:file:/a.img", &cfg, &e), 0);
	assert_int_equal(rspec_parse("disk:scsi::file:/a.img", &p, &e), 0);
	assert_true(rspec_match(&p, &cfg));
	assert_int_equal(rspec_parse("disk:scsi:0,2,1:file:/b.img", &p, &e), 0);
	assert_false(rspec_match(&p, &cfg));
	assert_int_equal(rspec_parse("disk:avio_stor:0,2,1:file:/a.img", &p, &e), 0);
	assert_false(rspec_match(&p, &cfg));
	assert_int_equal(rspec_parse("dvd:scsi:0,2,1:file:/a.img", &p, &e), 0);
	assert_false(rspec_match(&p, &cfg));
}

static void
mac_forms(void **state)
{
	uint8_t m[6];
	char buf[MAC_STR_LEN + 1];

	(void)state;
	assert_int_equal(mac_parse("0x0A0b0C0d0E0f", m), 0);
	mac_format(m, buf, sizeof(buf));
	assert_string_equal(buf, "0a-0b-0c-0d-0e-0f");
	assert_int_equal(mac_parse("0a-0b-0c-0d-0e-0f", m), 0);
	/* Linux's and QEMU's spelling, as /sys shows host NICs; one separator throughout. */
	assert_int_equal(mac_parse("0a:0b:0c:0d:0e:0f", m), 0);
	mac_format_colons(m, buf, sizeof(buf));
	assert_string_equal(buf, "0a:0b:0c:0d:0e:0f");
	assert_int_equal(mac_parse("0a-0b:0c-0d-0e-0f", m), -1);
	assert_int_equal(mac_parse("0x0a0b", m), -1);
	assert_int_equal(mac_parse("0a-0b-0c-0d-0e-0g", m), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_every_hp_example),
		cmocka_unit_test(storage_fields),
		cmocka_unit_test(network_fields),
		cmocka_unit_test(rejects_bad_statements),
		cmocka_unit_test(formats_canonically),
		cmocka_unit_test(matches_partial_statements),
		cmocka_unit_test(mac_forms),
	};

	return cmocka_run_group_tests_name("rspec", tests, NULL, NULL);
}
