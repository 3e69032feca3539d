/* test_vmp.c: the vMP's command language, console access from ACLs, the frames consoles speak, and where a console account's home points. */
#include <sys/socket.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/frame.h"
#include "base/hpvm_err.h"
#include "console/vmp_account.h"
#include "console/vmp_parse.h"
#include "model/guest.h"

static void
parse_ok(const char *line, enum vmp_verb verb, const char *dvd, const char *media)
{
	struct hpvm_err e = {0};
	struct vmp_cmd c;

	assert_int_equal(vmp_parse_line(line, &c, &e), 0);
	assert_int_equal(c.verb, verb);
	assert_string_equal(c.dvd, dvd);
	assert_string_equal(c.media, media);
}

static void
parse_fails(const char *line, const char *msg)
{
	struct hpvm_err e = {0};
	struct vmp_cmd c;

	assert_int_equal(vmp_parse_line(line, &c, &e), -1);
	assert_non_null(strstr(e.msg[0].text, msg));
}

/* HP's two-letter commands in either case, and the command menu's with their options. */
static void
commands(void **state)
{
	(void)state;
	parse_ok("co", VMP_CO, "", "");
	parse_ok("CO", VMP_CO, "", "");
	parse_ok("  cm ", VMP_CM, "", "");
	parse_ok("", VMP_NONE, "", "");
	parse_ok("x", VMP_X, "", "");
	parse_ok("pc -on", VMP_PC_ON, "", "");
	parse_ok("PC -OFF", VMP_PC_OFF, "", "");
	parse_ok("pc\t-cycle", VMP_PC_CYCLE, "", "");
	parse_ok("tc", VMP_TC, "", "");
	parse_ok("in", VMP_IN, "", "");
	parse_ok("in 2", VMP_IN, "", "2");
	parse_ok("in 0,1,5 two.iso", VMP_IN, "0,1,5", "two.iso");
	parse_ok("ej 0,0,0", VMP_EJ, "0,0,0", "");
	parse_ok("rec -view", VMP_REC_VIEW, "", "");
	parse_ok("rec -rotate", VMP_REC_ROTATE, "", "");
	parse_fails("pc", "Usage: pc -on | -off | -cycle");
	parse_fails("pc -on now", "Usage: pc");
	parse_fails("rec", "Usage: rec -view | -rotate");
	parse_fails("ej one.iso", "Usage: ej");
	parse_fails("in 0,0,0 a b", "Usage: in");
	parse_fails("co -f", "takes no arguments");
	parse_fails("rs", "Unknown console command 'rs'");
	parse_fails("co\033[2J", "Invalid character");
}

/* Who may run what, and what needs PAM's authentication. */
static void
levels(void **state)
{
	(void)state;
	assert_int_equal(vmp_parse_need(VMP_PC_ON), VMP_NEED_OPER);
	assert_int_equal(vmp_parse_need(VMP_CO), VMP_NEED_OPER);
	assert_int_equal(vmp_parse_need(VMP_REC_VIEW), VMP_NEED_OPER);
	assert_int_equal(vmp_parse_need(VMP_PC_OFF), VMP_NEED_ADMIN);
	assert_int_equal(vmp_parse_need(VMP_TC), VMP_NEED_ADMIN);
	assert_int_equal(vmp_parse_need(VMP_IN), VMP_NEED_ADMIN);
	assert_int_equal(vmp_parse_need(VMP_REC_ROTATE), VMP_NEED_ADMIN);
	assert_true(vmp_parse_changes_guest(VMP_PC_CYCLE));
	assert_true(vmp_parse_changes_guest(VMP_EJ));
	assert_false(vmp_parse_changes_guest(VMP_PC_ON));
	assert_false(vmp_parse_changes_guest(VMP_CL));
	assert_true(vmp_parse_is_local(VMP_HE));
	assert_false(vmp_parse_is_local(VMP_CO));
}

/* A user's own entry and each of their groups count; the higher level wins. */
static void
acls(void **state)
{
	const char *ops[] = { "staff", "ops" }, *none[] = { "staff" };
	struct guest g;
	enum acl_level l;

	(void)state;
	guest_init(&g);
	guest_acl_set(g.users, &g.nusers, "alice", ACL_OPER);
	guest_acl_set(g.groups, &g.ngroups, "ops", ACL_ADMIN);
	assert_int_equal(guest_acl_level(&g, "alice", none, 1, &l), 1);
	assert_int_equal(l, ACL_OPER);
	assert_int_equal(guest_acl_level(&g, "alice", ops, 2, &l), 1);
	assert_int_equal(l, ACL_ADMIN);
	assert_int_equal(guest_acl_level(&g, "bob", ops, 2, &l), 1);
	assert_int_equal(l, ACL_ADMIN);
	assert_int_equal(guest_acl_level(&g, "bob", none, 1, &l), 0);
	assert_int_equal(guest_acl_level(&g, "alic", NULL, 0, &l), 0);
	guest_free(&g);
}

/* Frames across a socket: split anywhere, a descriptor with the frame it rode on. */
static void
frames(void **state)
{
	struct frame_reader *r = malloc(sizeof(*r));
	struct frame f;
	int sv[2], p[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(pipe(p), 0);
	frame_reader_init(r);
	assert_int_equal(frame_send_text(sv[0], 'A', "first"), 0);
	assert_int_equal(frame_send(sv[0], 'F', "1", 1, p[0]), 0);
	assert_int_equal(frame_send(sv[0], 'E', NULL, 0, -1), 0);
	assert_int_equal(frame_recv(sv[1], r, &f, 1000), 1);
	assert_int_equal(f.type, 'A');
	assert_string_equal(f.data, "first");
	assert_int_equal(f.fd, -1);
	assert_int_equal(frame_recv(sv[1], r, &f, 1000), 1);
	assert_int_equal(f.type, 'F');
	assert_true(f.fd >= 0);
	assert_int_equal(write(p[1], "x", 1), 1);
	{
		char c = 0;
		assert_int_equal(read(f.fd, &c, 1), 1);
		assert_int_equal(c, 'x');
	}
	close(f.fd);
	assert_int_equal(frame_recv(sv[1], r, &f, 1000), 1);
	assert_int_equal(f.type, 'E');
	assert_int_equal(f.len, 0);
	close(sv[0]);
	assert_int_equal(frame_recv(sv[1], r, &f, 1000), -1);
	/* Said to carry a descriptor that never came: no frame. */
	frame_reader_init(r);
	memcpy(r->buf, "\x88\x00\x01x", 4);
	r->len = 4;
	assert_int_equal(frame_next(r, &f), -1);
	frame_reader_close(r);
	close(sv[1]);
	close(p[0]);
	close(p[1]);
	free(r);
}

/* HP's console accounts live in the guest's directory, perhaps with "/." after it. */
static void
homes(void **state)
{
	char name[GUEST_NAME_MAX + 1];

	(void)state;
	assert_int_equal(vmp_account_home_guest("/var/opt/hpvm/guests/testme", name, sizeof(name)), 1);
	assert_string_equal(name, "testme");
	assert_int_equal(vmp_account_home_guest("/var/opt/hpvm/guests/testme/.", name, sizeof(name)), 1);
	assert_string_equal(name, "testme");
	assert_int_equal(vmp_account_home_guest("/var/opt/hpvm/guests/testme/", name, sizeof(name)), 1);
	assert_int_equal(vmp_account_home_guest("/var/opt/hpvm/guests/a/b", name, sizeof(name)), 0);
	assert_int_equal(vmp_account_home_guest("/var/opt/hpvm/guests/..", name, sizeof(name)), 0);
	assert_int_equal(vmp_account_home_guest("/home/alice", name, sizeof(name)), 0);
	assert_int_equal(vmp_account_home_guest("", name, sizeof(name)), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(commands),
		cmocka_unit_test(levels),
		cmocka_unit_test(acls),
		cmocka_unit_test(frames),
		cmocka_unit_test(homes),
	};

	return cmocka_run_group_tests_name("vmp", tests, NULL, NULL);
}
