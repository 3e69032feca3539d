/* test_base.c: the base layer's promises: children heard out, user text escaped, paths by what they are. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/exec.h"
#include "base/hpvm_err.h"
#include "base/str.h"
#include "base/uuid.h"
#include "store/devdb.h"
#include "store/devid.h"

/* A child that writes far more than the error keeps must finish, and succeed. */
static void
exec_drains_a_talkative_child(void **state)
{
	const char *const argv[] = { "sh", "-c", "head -c 200000 /dev/zero | tr '\\0' x >&2; exit 0", NULL };
	struct hpvm_err e = {0};

	(void)state;
	assert_int_equal(exec_argv(argv, &e), 0);
}

static void
exec_reports_the_first_line(void **state)
{
	const char *const argv[] = { "sh", "-c", "echo first >&2; echo second >&2; exit 3", NULL };
	struct hpvm_err e = {0};

	(void)state;
	assert_int_equal(exec_argv(argv, &e), -1);
	assert_string_equal(e.msg[0].text, "sh failed: first");
}

/* Every argument reaches the child, however many. */
static void
exec_passes_every_argument(void **state)
{
	const char *argv[110] = { "sh", "-c", "[ $# -eq 100 ]", "sh" };
	struct hpvm_err e = {0};
	int i;

	(void)state;
	for (i = 0; i < 100; i++)
		argv[4 + i] = "a";
	argv[104] = NULL;
	assert_int_equal(exec_argv(argv, &e), 0);
}

static void
escape_control_bytes(void **state)
{
	char buf[64];

	(void)state;
	str_escape(buf, sizeof(buf), "a\nb\tc\033[2Jd");
	assert_string_equal(buf, "a\\nb\\tc\\x1b[2Jd");
	str_escape(buf, 8, "\001\002\003");
	assert_string_equal(buf, "\\x01");		/* cut before an escape, never inside one */
}

static void
uuids(void **state)
{
	char u[UUID_STR_LEN + 1];

	(void)state;
	assert_int_equal(uuid_generate(u, sizeof(u)), 0);
	assert_true(uuid_valid(u));
	assert_false(uuid_valid("2b3b1198-2062-41df-9e06-001a4b07f00"));
	assert_false(uuid_valid("2b3b1198-2062-41df-9e06+001a4b07f002"));
}

static void
canonical_paths(void **state)
{
	char buf[4096];

	(void)state;
	devid_canonical("/./etc//hostname", buf, sizeof(buf));
	assert_string_equal(buf, "/etc/hostname");
	devid_canonical("/nonexistent//a/./b/", buf, sizeof(buf));
	assert_string_equal(buf, "/nonexistent/a/b");
	devid_canonical("sw1", buf, sizeof(buf));
	assert_string_equal(buf, "sw1");
	assert_true(devid_path_within("//etc/./hostname", "/etc"));
	assert_false(devid_path_within("/etcetera", "/etc"));
}

/* A database cut short at a line boundary is damaged, however well its lines read. */
static void
devdb_trailer(void **state)
{
	struct hpvm_err e = {0};
	struct devdb db;
	char *text;
	size_t len;

	(void)state;
	assert_int_equal(devdb_parse(&db, "/a:CONFIG=gdev::\n/b:CONFIG=gdev::\n", &e), 0);
	assert_int_equal(devdb_text(&db, &text, &len), 0);
	devdb_free(&db);
	assert_int_equal(devdb_parse(&db, text, &e), 0);
	assert_int_equal((int)db.n, 2);
	devdb_free(&db);
	*strstr(text, "# end") = '\0';
	assert_int_equal(devdb_parse(&db, text, &e), -1);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exec_drains_a_talkative_child),
		cmocka_unit_test(exec_reports_the_first_line),
		cmocka_unit_test(exec_passes_every_argument),
		cmocka_unit_test(escape_control_bytes),
		cmocka_unit_test(uuids),
		cmocka_unit_test(canonical_paths),
		cmocka_unit_test(devdb_trailer),
	};

	return cmocka_run_group_tests_name("base", tests, NULL, NULL);
}
