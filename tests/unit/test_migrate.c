/* test_migrate.c: migration's pure parts: message limits and field checks, stream tokens, the check request's decoder, a copy's target path. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "unit.h"

#include "base/hpvm_err.h"
#include "migrate/check.h"
#include "migrate/proto.h"
#include "migrate/request.h"
#include "migrate/wire.h"
#include "model/guest.h"
#include "store/guest_xml.h"

static int
parses(const char *text)
{
	json_object *m = NULL;
	int rc = wire_parse(text, strlen(text), WIRE_DEPTH, &m, NULL);

	json_object_put(m);
	return rc == 0;
}

static void
test_wire_limits(void **state)
{
	char deep[64] = "";

	(void)state;
	assert_true(parses("{\"op\":\"hello\"}"));
	assert_false(parses("[1,2]"));			/* an object, nothing else */
	assert_false(parses("{\"op\":\"a\"} {}"));	/* one object, nothing after it */
	assert_false(parses("{\"op\":"));
	assert_false(parses(""));
	for (int i = 0; i < WIRE_DEPTH + 1; i++)
		strcat(deep, "{\"a\":");
	strcat(deep, "1");
	for (int i = 0; i < WIRE_DEPTH + 1; i++)
		strcat(deep, "}");
	assert_false(parses(deep));			/* nesting is bounded */
	assert_false(wire_parse("{\"a\":\"\0\"}", 10, WIRE_DEPTH, &(json_object *){ NULL }, NULL) == 0);
}

static void
test_wire_fields(void **state)
{
	const char *text = "{\"s\":\"ab\\u0001\",\"t\":\"abc\",\"n\":5,\"b\":true,\"f\":\"5\"}";
	json_object *m;
	const char *s;
	int64_t n;
	int b;

	(void)state;
	assert_int_equal(wire_parse(text, strlen(text), WIRE_DEPTH, &m, NULL), 0);
	assert_int_equal(wire_str(m, "s", 16, &s, NULL), -1);	/* a control character */
	assert_int_equal(wire_str(m, "t", 2, &s, NULL), -1);	/* too long */
	assert_int_equal(wire_str(m, "t", 3, &s, NULL), 0);
	assert_string_equal(s, "abc");
	assert_int_equal(wire_int(m, "n", 0, 4, &n, NULL), -1);
	assert_int_equal(wire_int(m, "n", 0, 5, &n, NULL), 0);
	assert_int_equal(wire_int(m, "f", 0, 9, &n, NULL), -1);	/* a string is not a number */
	assert_int_equal(wire_bool(m, "n", &b, NULL), -1);
	assert_int_equal(wire_bool(m, "b", &b, NULL), 0);
	assert_int_equal(wire_str(m, "missing", 9, &s, NULL), -1);
	json_object_put(m);
}

static void
test_tokens(void **state)
{
	char a[PROTO_TOKEN_LEN + 1], b[PROTO_TOKEN_LEN + 1];

	(void)state;
	assert_int_equal(proto_token_new(a, sizeof(a)), 0);
	assert_int_equal(proto_token_new(b, sizeof(b)), 0);
	assert_true(proto_token_valid(a));
	assert_string_not_equal(a, b);
	assert_false(proto_token_valid("../../etc/passwd"));
	assert_false(proto_token_valid("0123456789ABCDEF0123456789abcdef"));	/* lower case only */
	assert_false(proto_token_valid("0123456789abcdef0123456789abcde"));
	assert_false(proto_token_valid("0123456789abcdef0123456789abcdef0"));
}

/* A check request for a guest with a file disk and a NIC, its disks as given. */
static json_object *
check_request(const char *disks)
{
	struct guest g;
	json_object *req, *list;
	char *xml;
	size_t len;

	guest_init(&g);
	strcpy(g.name, "vm1");
	strcpy(g.uuid, "6a1f5e5e-4b5b-4c3a-9d3e-1a2b3c4d5e6f");
	g.vmnum = 1;
	unit_add(&g, "disk:avio_stor:0,0,0:file:/srv/vm1.img");
	unit_add(&g, "network:avio_lan:0,1,0x0a0000000001:vswitch:sw1");
	assert_int_equal(guest_xml_format(&g, &xml, &len, NULL), 0);
	guest_free(&g);
	req = json_object_new_object();
	json_object_object_add(req, "guest", json_object_new_string_len(xml, (int)len));
	free(xml);
	json_object_object_add(req, "online", json_object_new_boolean(1));
	json_object_object_add(req, "boot", json_object_new_boolean(0));
	json_object_object_add(req, "force", json_object_new_boolean(0));
	list = json_tokener_parse(disks);
	assert_non_null(list);
	json_object_object_add(req, "disks", list);
	return req;
}

static int
decodes(const char *disks)
{
	static struct request_check rc;
	struct hpvm_err e = {0};
	json_object *req = check_request(disks);
	struct guest g;
	int ok = request_check_decode(req, &g, &rc, &e) == 0;

	if (ok)
		guest_free(&g);
	json_object_put(req);
	return ok;
}

static void
test_check_request(void **state)
{
	(void)state;
	assert_true(decodes("[{\"path\":\"/srv/vm1.img\",\"size\":1048576,\"wwid\":\"\",\"block\":false,"
	    "\"copy\":true}]"));
	/* Every storage resource described, once, and only the guest's own. */
	assert_false(decodes("[]"));
	assert_false(decodes("[{\"path\":\"/etc/shadow\",\"size\":1,\"wwid\":\"\",\"block\":false,"
	    "\"copy\":true}]"));
	assert_false(decodes("[{\"path\":\"/srv/vm1.img\",\"size\":1,\"wwid\":\"\",\"block\":false,"
	    "\"copy\":true},{\"path\":\"/srv/vm1.img\",\"size\":1,\"wwid\":\"\",\"block\":false,\"copy\":true}]"));
	/* A block device is never copied; sizes are never negative. */
	assert_false(decodes("[{\"path\":\"/srv/vm1.img\",\"size\":1,\"wwid\":\"\",\"block\":true,"
	    "\"copy\":true}]"));
	assert_false(decodes("[{\"path\":\"/srv/vm1.img\",\"size\":-1,\"wwid\":\"\",\"block\":false,"
	    "\"copy\":false}]"));
}

static void
test_copy_path(void **state)
{
	(void)state;
	assert_int_equal(check_copy_path("relative/disk.img", NULL), -1);
	assert_int_equal(check_copy_path("/tmp/../etc/disk.img", NULL), -1);
	assert_int_equal(check_copy_path("/etc/hpvm-test-disk.img", NULL), -1);	/* a system directory */
	assert_int_equal(check_copy_path("/tmp/hpvm-test-disk.img", NULL), -1);	/* others may write /tmp */
	assert_int_equal(check_copy_path("/nonexistent-dir/disk.img", NULL), -1);
	assert_int_equal(check_copy_path("/bin/sh", NULL), -1);			/* exists */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wire_limits),
		cmocka_unit_test(test_wire_fields),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_check_request),
		cmocka_unit_test(test_copy_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
