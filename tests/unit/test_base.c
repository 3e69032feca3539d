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
#include "base/keytab.h"
#include "base/par.h"
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

/* Each item as its number on a line; the item numbered `fail_at` fails its block. */
struct par_items {
	size_t	fail_at;
};

static int
par_lines(size_t from, size_t to, FILE *out, void *arg)
{
	const struct par_items *it = arg;
	size_t i;

	for (i = from; i < to; i++) {
		if (i == it->fail_at)
			return -1;
		fprintf(out, "%zu\n", i);
	}
	return 0;
}

/* par_ordered's text is the items' in their order, whatever the blocks and threads. */
static void
par_keeps_order(void **state)
{
	static const size_t sizes[][2] = { { 0, 7 }, { 1, 7 }, { 6, 7 }, { 7, 7 }, { 100, 7 },
	    { 1000, 1 }, { 5000, 256 }, { 5000, 5000 } };
	struct par_items it = { (size_t)-1 };
	char *text, *want, line[32];
	size_t i, k, len, wlen;
	FILE *f, *w;

	(void)state;
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		assert_non_null(f = open_memstream(&text, &len));
		assert_non_null(w = open_memstream(&want, &wlen));
		assert_int_equal(par_ordered(sizes[k][0], sizes[k][1], par_lines, &it, f), 0);
		for (i = 0; i < sizes[k][0]; i++)
			fprintf(w, "%zu\n", i);
		fclose(f);
		fclose(w);
		assert_string_equal(text, want);
		free(text);
		free(want);
	}
	/* a failing block fails the whole, and no round after it is started */
	it.fail_at = 3000;
	assert_non_null(f = open_memstream(&text, &len));
	assert_int_equal(par_ordered(5000, 100, par_lines, &it, f), -1);
	fclose(f);
	snprintf(line, sizeof(line), "\n%d\n", 3500);
	assert_null(strstr(text, line));
	free(text);
}

static void
par_mark(size_t from, size_t to, void *arg)
{
	unsigned char *seen = arg;

	while (from < to)
		seen[from++]++;
}

/* par_split gives every item to exactly one range. */
static void
par_covers_once(void **state)
{
	static const size_t sizes[] = { 0, 1, 3, 1023, 1024, 2048, 4099 };
	unsigned char *seen;
	size_t i, k;

	(void)state;
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		assert_non_null(seen = calloc(sizes[k] + 1, 1));
		par_split(sizes[k], 1024, par_mark, seen);
		for (i = 0; i < sizes[k]; i++)
			assert_int_equal(seen[i], 1);
		free(seen);
	}
}

static const char *
key_of(size_t i, const void *arg)
{
	return ((const char *const *)arg)[i];
}

/* keytab finds every item by its key, refuses a key twice, and knows when it is too full. */
static void
keytab_finds_by_key(void **state)
{
	static char keys[3000][16];
	const char *k[3000];
	struct keytab t = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < 3000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "/dev/sd%zu", i);
		k[i] = keys[i];
	}
	assert_int_equal(keytab_find(&t, "/dev/sd1", key_of, k), -1);
	assert_int_equal(keytab_build(&t, 1000, 0, key_of, k), 0);
	for (i = 0; i < 1000; i++)
		assert_int_equal(keytab_add(&t, i, key_of, k), -1);
	k[1000] = keys[7];
	assert_int_equal(keytab_add(&t, 1000, key_of, k), 7);
	k[1000] = keys[1000];
	assert_false(keytab_has_room(&t, 3000));
	assert_int_equal(keytab_build(&t, 3000, 3000, key_of, k), 0);
	for (i = 0; i < 3000; i++)
		assert_int_equal(keytab_find(&t, keys[i], key_of, k), (long)i);
	assert_int_equal(keytab_find(&t, "/dev/sdx", key_of, k), -1);
	keytab_free(&t);
	assert_int_equal(keytab_find(&t, keys[0], key_of, k), -1);
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
		cmocka_unit_test(keytab_finds_by_key),
		cmocka_unit_test(par_keeps_order),
		cmocka_unit_test(par_covers_once),
	};

	return cmocka_run_group_tests_name("base", tests, NULL, NULL);
}
