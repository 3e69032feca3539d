/* test_cluster.c: the cluster-package mark's refusals and the package files' text, against golden files; no root, no cluster. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "unit.h"

#include "base/file.h"
#include "base/hpvm_err.h"
#include "cluster/sg_files.h"
#include "model/cluster_mark.h"
#include "model/guest.h"
#include "store/guest_xml.h"

static void
sample(struct guest *g)
{
	guest_init(g);
	strcpy(g->name, "vm1");
	strcpy(g->uuid, "2b3b1198-2062-41df-9e06-001a4b07f002");
	g->vmnum = 3;
	strcpy(g->cluster, "vm1");
	unit_add(g, "disk:avio_stor:0,1,0:file:/img/root.img");
	unit_add(g, "dvd:scsi:0,2,0:null:");
	unit_add(g, "network:avio_lan:0,5,0x02aabbccdd01:vswitch:sw1");
}

/* What `fn` writes for the sample equals tests/unit/golden/<name>. */
static void
check_golden(void (*fn)(FILE *, const struct guest *, const struct sg_where *), const char *name)
{
	const struct sg_where w = { .dir = "/etc/cluster/vm1", .bindir = "/opt/hpvm/bin", .root = "" };
	struct guest g;
	char *got = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&got, &len);

	sample(&g);
	fn(f, &g, &w);
	fclose(f);
	unit_golden(name, got, len);
	free(got);
	guest_free(&g);
}

static void
package_config(void **state)
{
	(void)state;
	check_golden(sg_files_config, "sg_package.config");
}

static void
control_script(void **state)
{
	(void)state;
	check_golden(sg_files_control, "sg_package.cntl");
}

static void
pacemaker_resource(void **state)
{
	(void)state;
	check_golden(sg_files_cib, "sg_package.cib.xml");
}

/* HP's reason, once per action; an unmarked guest passes. */
static void
refusals(void **state)
{
	struct hpvm_err e = {0};
	struct guest g;

	(void)state;
	guest_init(&g);
	assert_int_equal(cluster_mark_refuse(&g, CLUSTER_ACT_START, &e), 0);
	assert_int_equal(e.n, 0);
	strcpy(g.cluster, "pkg1");
	assert_int_equal(cluster_mark_refuse(&g, CLUSTER_ACT_STOP, &e), -1);
	assert_string_equal(e.msg[0].text, "The guest is configured as cluster package 'pkg1' and must "
	    "be stopped by the cluster; use -F to override.");
	hpvm_err_clear(&e);
	assert_int_equal(cluster_mark_refuse(&g, CLUSTER_ACT_MIGRATE, &e), -1);
	assert_non_null(strstr(e.msg[0].text, "must be migrated by the cluster"));
	guest_free(&g);
}

static void
package_names(void **state)
{
	char longname[GUEST_CLUSTER_MAX + 2];

	(void)state;
	assert_int_equal(cluster_package_check("vm1", NULL), 0);
	assert_int_equal(cluster_package_check("-x", NULL), -1);
	assert_int_equal(cluster_package_check("a b", NULL), -1);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(cluster_package_check(longname, NULL), -1);
	longname[GUEST_CLUSTER_MAX] = '\0';
	assert_int_equal(cluster_package_check(longname, NULL), 0);
}

/* The mark survives the configuration file; an unmarked guest writes no element. */
static void
mark_round_trip(void **state)
{
	struct hpvm_err e = {0};
	struct guest g, back;
	char *text;
	size_t len;

	(void)state;
	sample(&g);
	assert_int_equal(guest_xml_format(&g, &text, &len, &e), 0);
	assert_non_null(strstr(text, "<cluster package=\"vm1\"/>"));
	assert_int_equal(guest_xml_parse(text, len, "test", &back, &e), 0);
	assert_string_equal(back.cluster, "vm1");
	free(text);
	guest_free(&back);
	g.cluster[0] = '\0';
	assert_int_equal(guest_xml_format(&g, &text, &len, &e), 0);
	assert_null(strstr(text, "<cluster"));
	assert_int_equal(guest_xml_parse(text, len, "test", &back, &e), 0);
	assert_string_equal(back.cluster, "");
	free(text);
	guest_free(&back);
	guest_free(&g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(package_config),
		cmocka_unit_test(control_script),
		cmocka_unit_test(pacemaker_resource),
		cmocka_unit_test(refusals),
		cmocka_unit_test(package_names),
		cmocka_unit_test(mark_round_trip),
	};

	return cmocka_run_group_tests_name("cluster", tests, NULL, NULL);
}
