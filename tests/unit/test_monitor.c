/* test_monitor.c: monitoring's promises: QEMU's replies read safely, rates from samples, crash detection from the log, rotation, VM-MIB states, SHA-256. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/logfile.h"
#include "collect/manifest.h"
#include "ops/guest_sample.h"
#include "snmp/vm_snapshot.h"
#include "vmm/guest_log.h"
#include "vmm/qmp_stats.h"

static void
blockstats_read_and_matched(void **state)
{
	const char *reply = "[{\"device\":\"drv0_1_0\",\"qdev\":\"dev0_1_0\",\"stats\":{\"rd_bytes\":4096,"
	    "\"wr_bytes\":512,\"rd_operations\":2,\"wr_operations\":1,\"rd_total_time_ns\":3000}},"
	    "{\"device\":\"\",\"node-name\":\"drv0_1_1\",\"qdev\":\"/machine/peripheral/dev0_1_1/virtio-backend\","
	    "\"stats\":{\"rd_bytes\":-5,\"wr_bytes\":\"lots\"}}, 7, {\"stats\":[]}]";
	json_object *j = json_tokener_parse(reply);
	struct qmp_blockstat b[8];

	(void)state;
	assert_int_equal(qmp_stats_blockstats(j, b, 8), 2);
	assert_true(b[0].rd_bytes == 4096 && b[0].wr_ops == 1 && b[0].rd_ns == 3000);
	assert_true(b[1].rd_bytes == 0 && b[1].wr_bytes == 0);	/* wrong values count as nothing */
	assert_true(qmp_stats_blockstat_is(&b[0], "drv0_1_0", "dev0_1_0"));
	assert_true(qmp_stats_blockstat_is(&b[1], "drv0_1_1", "dev0_1_1"));
	assert_false(qmp_stats_blockstat_is(&b[1], "drv0_1_2", "dev0_1_2"));
	assert_false(qmp_stats_blockstat_is(&b[1], "drv0_1", "dev0_1"));	/* a prefix is not a name */
	json_object_put(j);
	j = json_object_new_object();
	assert_int_equal(qmp_stats_blockstats(j, b, 8), -1);
	json_object_put(j);
}

static void
cpus_skip_junk(void **state)
{
	json_object *j = json_tokener_parse("[{\"cpu-index\":0,\"thread-id\":1234},{\"cpu-index\":1},"
	    "{\"cpu-index\":-1,\"thread-id\":5},{\"cpu-index\":2,\"thread-id\":99999999999},"
	    "{\"cpu-index\":3,\"thread-id\":77}]");
	struct qmp_vcpu v[4];

	(void)state;
	assert_int_equal(qmp_stats_cpus(j, v, 4), 2);
	assert_true(v[0].index == 0 && v[0].thread == 1234 && v[1].index == 3 && v[1].thread == 77);
	json_object_put(j);
}

static void
rates_between_samples(void **state)
{
	struct sample_disk d0 = { .rd_bytes = 1000, .wr_ops = 10 }, d1 = { .rd_bytes = 3000, .wr_ops = 30 };
	struct sample_nic n0 = { .in_bytes = 100 }, n1 = { .in_bytes = 600 };
	struct guest_sample a = { .sampled = 1, .taken_ns = 1000000000ULL, .cpu_ns = 0, .ndisk = 1,
	    .nnic = 1, .disk = &d0, .nic = &n0 };
	struct guest_sample b = a;
	struct guest_rates r;

	(void)state;
	guest_init(&a.v.g);
	a.v.g.vcpus = 2;		/* entitled to 10% of a processor each: 0.2 processors */
	a.v.rt.qemu_pid = b.v.rt.qemu_pid = 42;
	b.v.g = a.v.g;
	b.taken_ns = 3000000000ULL;	/* two seconds later */
	b.cpu_ns = 1000000000ULL;	/* half a processor on average */
	b.disk = &d1;
	b.nic = &n1;
	assert_int_equal(guest_sample_rates(&a, &b, 4, 2000, &r), 0);
	assert_true(r.interval > 1.99 && r.interval < 2.01);
	assert_true(r.cpu_host_pct > 12.49 && r.cpu_host_pct < 12.51);
	assert_true(r.cpu_ent_pct > 249.9 && r.cpu_ent_pct < 250.1);
	assert_true(r.rd_bps > 999.9 && r.rd_bps < 1000.1 && r.wr_iops > 9.9 && r.wr_iops < 10.1);
	assert_true(r.in_bps > 249.9 && r.in_bps < 250.1);
	b.v.rt.qemu_pid = 43;		/* another QEMU: counters started again */
	assert_int_equal(guest_sample_rates(&a, &b, 4, 2000, &r), -1);
	a.v.g.ent_unit = ENT_MHZ;
	a.v.g.ent_min = 1000;		/* 1000 MHz of a 2000 MHz processor, per vCPU */
	assert_true(guest_sample_entitlement(&a.v.g, 2000) > 0.99 && guest_sample_entitlement(&a.v.g, 2000) < 1.01);
}

static void
crashes_from_the_log(void **state)
{
	const char *t = "2026-11-27 10:00:00 guest 'a' started: QEMU pid 5, accel tcg\n";
	char buf[1024];

	(void)state;
	assert_int_equal(guest_log_classify(t, GUEST_EVENT_NONE), GUEST_EVENT_STARTED);
	snprintf(buf, sizeof(buf), "%s2026-11-27 10:00:01 QEMU (pid 5) killed by signal 9 (Killed)\n", t);
	assert_int_equal(guest_log_classify(buf, GUEST_EVENT_NONE), GUEST_EVENT_CRASHED);
	snprintf(buf, sizeof(buf), "%s2026-11-27 10:00:01 hpvmapp asked to stop; killing QEMU\n"
	    "2026-11-27 10:00:01 QEMU (pid 5) killed by signal 9 (Killed)\n", t);
	assert_int_equal(guest_log_classify(buf, GUEST_EVENT_NONE), GUEST_EVENT_STOPPED);
	snprintf(buf, sizeof(buf), "%s2026-11-27 10:00:01 graceful stop requested (ACPI power button)\n", t);
	assert_int_equal(guest_log_classify(buf, GUEST_EVENT_NONE), GUEST_EVENT_SHUTTING_DOWN);
	snprintf(buf, sizeof(buf), "%s2026-11-27 10:00:01 guest crashed (panic reported by the guest)\n"
	    "2026-11-27 10:00:02 QEMU (pid 5) exited with status 0\n", t);
	assert_int_equal(guest_log_classify(buf, GUEST_EVENT_NONE), GUEST_EVENT_CRASHED);
	snprintf(buf, sizeof(buf), "%s2026-11-27 10:00:02 QEMU (pid 5) exited with status 0\n%s", t, t);
	assert_int_equal(guest_log_classify(buf, GUEST_EVENT_NONE), GUEST_EVENT_STARTED);
	/* QEMU's own words in the log cannot pass for our markers. */
	snprintf(buf, sizeof(buf), "%s2026-11-27 10:00:02 qemu-system-x86_64: QEMU (pid 5) killed by signal 9\n", t);
	assert_int_equal(guest_log_classify(buf, GUEST_EVENT_NONE), GUEST_EVENT_STARTED);
}

static void
logs_rotate_with_a_timestamp(void **state)
{
	char root[] = "/tmp/hpvm-unit.XXXXXX", path[256], conf[256], line[128], rotated[300];
	struct stat st;
	FILE *f;
	int i, n;

	(void)state;
	assert_non_null(mkdtemp(root));
	setenv("HPVM_ROOT", root, 1);
	snprintf(conf, sizeof(conf), "%s/etc/rc.config.d", root);
	snprintf(path, sizeof(path), "%s/etc", root);
	mkdir(path, 0755);
	mkdir(conf, 0755);
	strcat(conf, "/hpvmconf");
	assert_non_null(f = fopen(conf, "w"));
	fputs("VMMLOGSIZE=1\n", f);
	fclose(f);
	assert_int_equal(logfile_limit(), 1024);
	snprintf(path, sizeof(path), "%s/test.log", root);
	for (i = 0; i < 30; i++) {
		n = snprintf(line, sizeof(line), "line %02d %060d\n", i, 0);
		assert_int_equal(logfile_write_line(path, 0600, line, (size_t)n), 0);
	}
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size <= 1024 && st.st_size > 0);
	assert_int_equal(logfile_rotated_name(path, time(NULL), 0, rotated, sizeof(rotated)), 0);
	assert_int_equal(strncmp(rotated, path, strlen(path)), 0);
	assert_int_equal(strlen(rotated), strlen(path) + 16);	/* ".YYYYMMDD-HHMMSS" */
	assert_int_equal(logfile_rotated_name(path, 0, 3, rotated, sizeof(rotated)), 0);
	assert_string_equal(rotated + strlen(rotated) - 2, "-3");
	unsetenv("HPVM_ROOT");
	snprintf(line, sizeof(line), "rm -rf %s", root);
	assert_int_equal(system(line), 0);
}

static void
vm_mib_states(void **state)
{
	uint8_t u[16];

	(void)state;
	assert_int_equal(vm_snapshot_oper_state(0, "Off", GUEST_EVENT_STOPPED), VM_OPER_SHUTDOWN);
	assert_int_equal(vm_snapshot_oper_state(0, "Off", GUEST_EVENT_CRASHED), 12);
	assert_int_equal(vm_snapshot_oper_state(1, "On (OS)", GUEST_EVENT_STARTED), 4);
	assert_int_equal(vm_snapshot_oper_state(1, "On (OS)", GUEST_EVENT_SHUTTING_DOWN), 10);
	assert_int_equal(vm_snapshot_oper_state(1, "On (EFI)", GUEST_EVENT_STARTED), 3);
	assert_int_equal(vm_snapshot_oper_state(1, "Paused", GUEST_EVENT_STARTED), 8);
	assert_int_equal(vm_snapshot_oper_state(1, "Migrating", GUEST_EVENT_STARTED), 9);
	assert_int_equal(vm_snapshot_admin_state(1, "Paused"), 3);
	assert_int_equal(vm_snapshot_admin_state(0, "Off"), 4);
	assert_int_equal(vm_snapshot_uuid_bytes("2b3b1198-2062-41df-9e06-001a4b07f002", u), 0);
	assert_true(u[0] == 0x2b && u[15] == 0x02 && u[8] == 0x9e);
	assert_int_equal(vm_snapshot_uuid_bytes("2b3b1198-2062-41df-9e06-001a4b07f0", u), -1);
	assert_int_equal(vm_snapshot_uuid_bytes("2b3b1198-2062-41df-9e06-001a4b07f0021", u), -1);
}

static void
sha256_and_keys(void **state)
{
	char path[] = "/tmp/hpvm-unit-sha.XXXXXX", hex[MANIFEST_HEX_LEN + 1];
	const char *pem = "x\n-----BEGIN EC PRIVATE KEY-----\nMHc\n";
	int fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	assert_int_equal(write(fd, "abc", 3), 3);
	close(fd);
	assert_int_equal(manifest_sha256_file(path, hex, NULL), 0);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	unlink(path);
	assert_true(manifest_has_private_key(pem, strlen(pem)));
	assert_false(manifest_has_private_key("-----BEGIN CERTIFICATE-----", 27));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(blockstats_read_and_matched),
		cmocka_unit_test(cpus_skip_junk),
		cmocka_unit_test(rates_between_samples),
		cmocka_unit_test(crashes_from_the_log),
		cmocka_unit_test(logs_rotate_with_a_timestamp),
		cmocka_unit_test(vm_mib_states),
		cmocka_unit_test(sha256_and_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
