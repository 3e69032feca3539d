/* test_index.c: the guest index: a guest survives its line whole, the file round-trips (untouched entries byte for byte), damage is refused whole, uniqueness reads it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "unit.h"

#include "base/mac.h"
#include "base/tok.h"
#include "model/alloc.h"
#include "model/guest.h"
#include "model/guest_index.h"
#include "model/guest_line.h"

/* The shared sample, under another name, with the strings a line must carry whole. */
static void
sample(struct guest *g, const char *name, const char *uuid, int vmnum)
{
	unit_sample(g);
	strcpy(g->name, name);
	strcpy(g->uuid, uuid);
	g->vmnum = vmnum;
	strcpy(g->label, "a label % with  spaces");
	g->uefi = 1;
	strcpy(g->boot_args, "console=ttyS0 x=%41\tend");
	strcpy(g->cluster, "pkg-1");
}

static char *
line_of(const struct guest *g)
{
	char *line = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&line, &len);

	guest_line_format(f, g, NULL);
	fclose(f);
	return line;
}

static void
line_round_trip(void **state)
{
	struct guest g, back;
	char *line, *again;

	(void)state;
	sample(&g, "vm1", "2b3b1198-2062-41df-9e06-001a4b07f002", 8);
	line = line_of(&g);
	assert_null(strchr(line, '\n'));
	assert_int_equal(guest_line_parse(line, strlen(line), &back), 0);
	assert_string_equal(back.label, g.label);
	assert_string_equal(back.boot_args, g.boot_args);
	assert_string_equal(back.cluster, g.cluster);
	assert_int_equal(back.ndevs, 3);
	assert_string_equal(back.devs[0].location, "/dev/vg_vmtest/rivm1d1");
	assert_string_equal(back.devs[1].spec, "network:lan:,,56-e9-e3-09-6a-22:vswitch:vlan02:portid:8");
	assert_int_equal(back.devs[1].portid, 8);
	assert_int_equal(back.devs[1].has_mac, 1);
	assert_int_equal(back.devs[0].has_mac, 0);
	assert_int_equal(back.users[0].level, ACL_ADMIN);
	again = line_of(&back);
	assert_string_equal(line, again);		/* the same line the second time */
	line[strlen(line) - 3] = '\0';
	assert_int_equal(guest_line_parse(line, strlen(line), &back), -1);
	free(line);
	free(again);
	guest_free(&g);
}

static void
tok_strings(void **state)
{
	static const char *const s[] = { "", "a b", "%", "%41", "\t\n\r", "-", "=x", "ü" };
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		struct tok t;

		tok_put_str(f, s[i]);
		fclose(f);
		assert_null(strchr(text + 1, ' '));
		tok_init(&t, text + 1, text + len);
		assert_int_equal(tok_str(&t, buf, sizeof(buf)), 0);
		assert_true(tok_done(&t));
		assert_string_equal(buf, s[i]);
		free(text);
	}
	struct tok t;
	tok_init(&t, "=%4", strlen("=%4") + (const char *)"=%4");
	tok_str(&t, buf, sizeof(buf));
	assert_true(t.bad);
	tok_init(&t, "=%00", strlen("=%00") + (const char *)"=%00");
	tok_str(&t, buf, sizeof(buf));
	assert_true(t.bad);
}

static void
index_round_trip(void **state)
{
	struct guest_index ix, back;
	struct guest g1, g2, out;
	char *text, *again;
	size_t len, len2;
	uint8_t mac[6];

	(void)state;
	guest_index_init(&ix);
	sample(&g1, "b", "2b3b1198-2062-41df-9e06-001a4b07f002", 2);
	sample(&g2, "a", "9a3b1198-2062-41df-9e06-001a4b07f003", 1);
	g2.devs[1].mac[5] = 0x23;
	assert_int_equal(guest_index_set(&ix, "b", "1.2.3.4.5.6", &g1, NULL), 0);
	assert_int_equal(guest_index_set(&ix, "a", "7.8.9.a.b.c", &g2, NULL), 0);
	assert_int_equal(guest_index_set_unreadable(&ix, "1b3b1198-2062-41df-9e06-001a4b07f004", "bad",
	    "d.e", "vmm_config.current does not match"), 0);
	guest_index_sort(&ix);
	assert_string_equal(ix.ent[0].name, "bad");	/* VM number 0: it holds none */
	assert_string_equal(ix.ent[1].name, "a");
	assert_int_equal(guest_index_format(&ix, &text, &len), 0);
	/* Read where it is, with no NUL after it (a mapped file): the sanitizers see any overread. */
	assert_int_equal(guest_index_parse(&back, memcpy(malloc(len), text, len), len, NULL), 0);
	assert_int_equal(back.n, 3);
	assert_int_equal(guest_index_format(&back, &again, &len2), 0);
	assert_int_equal(len, len2);
	assert_memory_equal(text, again, len);
	assert_int_equal(back.ent[0].state, GUEST_INDEX_UNREADABLE);
	assert_int_equal(guest_index_guest(&back.ent[2], &out), 0);
	assert_string_equal(out.name, "b");
	assert_string_equal(out.label, g1.label);
	guest_free(&out);

	/* Uniqueness: the lowest free VM number, MAC owners, the guest being changed left out. */
	assert_int_equal(guest_index_next_vmnum(&back), 3);
	mac_parse("56-e9-e3-09-6a-23", mac);
	assert_string_equal(guest_index_mac_owner(&back, mac), "a");
	guest_index_skip(&back, "a");
	assert_null(guest_index_mac_owner(&back, mac));
	assert_int_equal(guest_index_next_vmnum(&back), 1);
	assert_non_null(guest_index_find(&back, "2b3b1198-2062-41df-9e06-001a4b07f002"));
	guest_index_free(&back);

	/* Cut short anywhere, the file is damaged as a whole. */
	assert_int_equal(guest_index_parse(&back, strndup(text, len - 3), len - 3, NULL), -1);
	assert_int_equal(back.n, 0);
	text[len / 2] = '\n';
	assert_int_equal(guest_index_parse(&back, strdup(text), len, NULL), -1);
	free(text);
	free(again);
	guest_index_free(&ix);
	guest_free(&g1);
	guest_free(&g2);
}

/* A switch's ports come from the lines' fronts; a file written back keeps untouched lines as they were. */
static void
index_ports_and_copies(void **state)
{
	struct guest_index ix, back;
	struct guest g1, g2;
	char *text, *again, *line;
	size_t len, len2;
	int count[16];

	(void)state;
	guest_index_init(&ix);
	sample(&g1, "b", "2b3b1198-2062-41df-9e06-001a4b07f002", 2);
	sample(&g2, "a", "9a3b1198-2062-41df-9e06-001a4b07f003", 1);
	g2.devs[1].portid = 3;
	assert_int_equal(guest_index_set(&ix, "b", "1.2.3.4.5.6", &g1, NULL), 0);
	assert_int_equal(guest_index_set(&ix, "a", "7.8.9.a.b.c", &g2, NULL), 0);
	guest_index_ports(&ix, "vlan02", NULL, count, 16);
	assert_int_equal(count[8], 1);
	assert_int_equal(count[3], 1);
	guest_index_ports(&ix, "vlan02", "a", count, 16);
	assert_int_equal(count[3], 0);
	guest_index_ports(&ix, "other", NULL, count, 16);
	assert_int_equal(count[8], 0);

	/* Read back, one entry changed: only its line differs, and the ports follow it. */
	assert_int_equal(guest_index_format(&ix, &text, &len), 0);
	assert_int_equal(guest_index_parse(&back, strdup(text), len, NULL), 0);
	assert_non_null(back.ent[0].raw);
	g1.devs[1].portid = 9;
	assert_int_equal(guest_index_set(&back, "b", "1.2.3.4.5.7", &g1, NULL), 0);
	assert_int_equal(guest_index_format(&back, &again, &len2), 0);
	line = strstr(again, "=a ");
	assert_non_null(line);
	assert_memory_equal(strstr(text, "=a "), line, (size_t)(strchr(line, '\n') - line));
	assert_null(strstr(again, "1.2.3.4.5.6"));
	guest_index_ports(&back, "vlan02", NULL, count, 16);
	assert_int_equal(count[8], 0);
	assert_int_equal(count[9], 1);
	free(text);
	free(again);
	guest_index_free(&back);
	guest_index_free(&ix);
	guest_free(&g1);
	guest_free(&g2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(line_round_trip),
		cmocka_unit_test(tok_strings),
		cmocka_unit_test(index_round_trip),
		cmocka_unit_test(index_ports_and_copies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
