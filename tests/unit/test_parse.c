/* test_parse.c: sizes, numbers, names and hpvmconf: the small values users type. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/conf.h"
#include "base/hpvm_err.h"
#include "base/name.h"
#include "base/units.h"

static void
memory_sizes(void **state)
{
	long mb;

	(void)state;
	assert_int_equal(units_parse_memory_mb("512", &mb), 0);
	assert_int_equal(mb, 512);
	assert_int_equal(units_parse_memory_mb("2G", &mb), 0);
	assert_int_equal(mb, 2048);
	assert_int_equal(units_parse_memory_mb("4gb", &mb), 0);
	assert_int_equal(mb, 4096);
	assert_int_equal(units_parse_memory_mb("640M", &mb), 0);
	assert_int_equal(mb, 640);
	assert_int_equal(units_parse_memory_mb("1.5G", &mb), -1);
	assert_int_equal(units_parse_memory_mb("0", &mb), -1);
	assert_int_equal(units_parse_memory_mb("-1G", &mb), -1);
	assert_int_equal(units_parse_memory_mb("2X", &mb), -1);
	assert_int_equal(units_parse_memory_mb("", &mb), -1);
	assert_int_equal(units_parse_memory_mb("99999999999999999999G", &mb), -1);
}

static void
byte_sizes(void **state)
{
	uint64_t b;

	(void)state;
	assert_int_equal(units_parse_size("1K", &b), 0);
	assert_true(b == 1024);
	assert_int_equal(units_parse_size("3T", &b), 0);
	assert_true(b == 3ULL << 40);
	assert_int_equal(units_parse_size("1.5G", &b), -1);
	assert_int_equal(units_parse_size("20000000T", &b), -1);
}

static void
integers(void **state)
{
	long n;

	(void)state;
	assert_int_equal(units_parse_int("7", 0, 7, &n), 0);
	assert_int_equal(n, 7);
	assert_int_equal(units_parse_int("8", 0, 7, &n), -1);
	assert_int_equal(units_parse_int(" 1", 0, 7, &n), -1);
	assert_int_equal(units_parse_int("1 ", 0, 7, &n), -1);
	assert_int_equal(units_parse_int("+1", 0, 7, &n), -1);
	assert_int_equal(units_parse_int("0x1", 0, 7, &n), -1);
}

static void
memory_display(void **state)
{
	char buf[32];

	(void)state;
	units_format_memory(4096, buf, sizeof(buf));
	assert_string_equal(buf, "4 GB");
	units_format_memory(1536, buf, sizeof(buf));
	assert_string_equal(buf, "1536 MB");
	units_format_memory(64, buf, sizeof(buf));
	assert_string_equal(buf, "64 MB");
}

static void
names(void **state)
{
	struct hpvm_err e = {0};

	(void)state;
	assert_int_equal(name_check_guest("vm-1_a.b", &e), 0);
	assert_int_equal(name_check_guest("", &e), -1);
	assert_int_equal(name_check_guest("a/b", &e), -1);
	assert_int_equal(name_check_guest(".hidden", &e), -1);
	assert_int_equal(name_check_guest("-x", &e), -1);
	assert_int_equal(name_check_guest("a$b", &e), -1);
	assert_int_equal(name_check_guest("0123456789012345678901234567890123456789012345678901234567890123", &e), 0);
	assert_int_equal(name_check_guest("01234567890123456789012345678901234567890123456789012345678901234", &e), -1);
	assert_int_equal(name_check_vswitch("sw1", &e), 0);
	assert_int_equal(name_check_vswitch("abcdefghijklmnop", &e), -1);
	assert_int_equal(name_check_label("Clone-cluster 01", &e), 0);
	assert_int_equal(name_check_label("a:b", &e), -1);
	assert_int_equal(name_check_location("/dev/vg00/lvol1", NAME_EMPTY_REFUSED, &e), 0);
	assert_int_equal(name_check_location("", NAME_EMPTY_ALLOWED, &e), 0);
	assert_int_equal(name_check_location("", NAME_EMPTY_REFUSED, &e), -1);
	assert_int_equal(name_check_location("/a\tb", NAME_EMPTY_REFUSED, &e), -1);
}

static void
hpvmconf(void **state)
{
	struct hpvm_conf c;
	struct hpvm_err e = {0};

	(void)state;
	assert_int_equal(conf_parse(&c, "# comment\nHPVMMACADDRFRAMES=5\n"
	    "export HPVM_ACCEL=\"tcg\"\n  VMMLOGSIZE = '2048'  \nbogus line\nHPVMMACADDRFRAMES=7\n",
	    &e), 0);
	assert_string_equal(conf_get(&c, "HPVM_ACCEL", "auto"), "tcg");
	assert_string_equal(conf_get(&c, "MISSING", "dflt"), "dflt");
	assert_int_equal(conf_get_long(&c, "HPVMMACADDRFRAMES", 3, 0, 30), 7);
	assert_int_equal(conf_get_long(&c, "VMMLOGSIZE", 1024, 1024, 1 << 20), 2048);
	assert_int_equal(c.n, 3);
	assert_int_equal(e.n, 1);		/* the line without '=' is a warning */
	assert_int_equal(conf_parse(&c, "HPVMMACADDRFRAMES=99\n", &e), 0);
	assert_int_equal(conf_get_long(&c, "HPVMMACADDRFRAMES", 3, 0, 30), 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(memory_sizes),
		cmocka_unit_test(byte_sizes),
		cmocka_unit_test(integers),
		cmocka_unit_test(memory_display),
		cmocka_unit_test(names),
		cmocka_unit_test(hpvmconf),
	};

	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
