/* test_qemu_argv.c: the QEMU command line from a guest and a described host, against golden files; no root, no QEMU. */
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
#include "model/alloc.h"
#include "model/guest.h"
#include "model/rspec.h"
#include "vmm/qemu_argv.h"
#include "vmm/qemu_host.h"

static void
host_of(const struct guest *g, struct qemu_host *h)
{
	size_t i;

	memset(h, 0, sizeof(*h));
	strcpy(h->binary, "qemu-system-x86_64");
	strcpy(h->accel, "tcg");
	h->console_sock = 3;
	h->qmp_sock = 4;
	h->qmp_app_sock = 5;
	h->qmp_mon_sock = 11;
	h->console_peer = -1;
	h->nvram = g->uefi ? 7 : -1;
	h->nvram_ro = g->uefi ? 10 : -1;
	h->kernel = g->boot_kernel[0] ? 8 : -1;
	h->initrd = g->boot_initrd[0] ? 9 : -1;
	strcpy(h->hostname, "host1");
	h->ovmf_code = "/usr/share/OVMF/OVMF_CODE_4M.fd";
	h->vhost_net = 1;
	h->ndevs = g->ndevs;
	h->devs = calloc(g->ndevs, sizeof(*h->devs));
	for (i = 0; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i];
		snprintf(h->devs[i].tap, sizeof(h->devs[i].tap), "hvt7.%d", d->dev);
		h->devs[i].ovs = strcmp(d->location, "ovsw") == 0;
		h->devs[i].blockdev = strncmp(d->location, "/dev/", 5) == 0;
		/* Descriptors as qemu_host_open hands them out: none for null media, two for disks. */
		h->devs[i].fd = d->backing == BK_NULL ? -1 : 20 + 2 * (int)i;
		h->devs[i].fd_ro = d->backing == BK_NULL || d->type != DEV_DISK ? -1 : 21 + 2 * (int)i;
		h->devs[i].vhost_fd = d->type == DEV_NETWORK && d->adapter == AD_AVIO_LAN ? 60 + (int)i : -1;
	}
}

/* The vector, one argument a line, equals tests/unit/golden/<name>. */
static void
check_golden(const struct guest *g, const char *name)
{
	struct qemu_argv av = { 0 };
	struct qemu_host h;
	struct hpvm_err e = {0};
	char *got = NULL;
	size_t i, len = 0;
	FILE *f = open_memstream(&got, &len);

	host_of(g, &h);
	assert_int_equal(qemu_argv_build(g, &h, &av, &e), 0);
	for (i = 0; i < av.n; i++)
		fprintf(f, "%s\n", av.v[i]);
	fclose(f);
	unit_golden(name, got, len);
	free(got);
	qemu_argv_free(&av);
	qemu_host_free(&h);
}

static void
sample(struct guest *g)
{
	struct hpvm_err e = {0};

	guest_init(g);
	strcpy(g->name, "vm1");
	strcpy(g->uuid, "2b3b1198-2062-41df-9e06-001a4b07f002");
	g->vmnum = 7;
	g->vcpus = 2;
	g->memory_mb = 1024;
	unit_add(g, "dvd:scsi:0,2,0:file:/iso/install.iso");
	unit_add(g, "disk:avio_stor:0,1,0:file:/img/root.img");
	unit_add(g, "disk:avio_stor:0,1,1:disk:/dev/sdb");
	unit_add(g, "dvd:avio_stor:0,1,2:null:");
	unit_add(g, "disk:scsi:1,0,3:lv:/dev/vg0/data");
	unit_add(g, "network:lan:0,5,0x02aabbccdd01:vswitch:sw1");
	unit_add(g, "network:avio_lan:0,6,0x02aabbccdd02:vswitch:ovsw");
	assert_int_equal(alloc_addresses(g, &e), 0);
}

static void
bios_guest(void **state)
{
	struct guest g;

	(void)state;
	sample(&g);
	check_golden(&g, "qemu_argv.bios");
	guest_free(&g);
}

static void
uefi_kernel_guest(void **state)
{
	struct guest g;

	(void)state;
	sample(&g);
	g.uefi = 1;
	strcpy(g.boot_kernel, "/boot/vmlinuz");
	strcpy(g.boot_initrd, "/boot/initrd.img");
	strcpy(g.boot_args, "console=ttyS0 hpvm.ip=10.0.0.2/24");
	check_golden(&g, "qemu_argv.uefi_kernel");
	guest_free(&g);
}

static void
refuses_mismatched_host(void **state)
{
	struct qemu_argv av = { 0 };
	struct qemu_host h;
	struct hpvm_err e = {0};
	struct guest g;

	(void)state;
	sample(&g);
	host_of(&g, &h);
	h.ndevs--;
	assert_int_equal(qemu_argv_build(&g, &h, &av, &e), -1);
	qemu_argv_free(&av);
	h.ndevs++;
	qemu_host_free(&h);
	guest_free(&g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bios_guest),
		cmocka_unit_test(uefi_kernel_guest),
		cmocka_unit_test(refuses_mismatched_host),
	};

	return cmocka_run_group_tests_name("qemu_argv", tests, NULL, NULL);
}
