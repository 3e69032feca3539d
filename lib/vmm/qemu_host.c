/* qemu_host.c: look at this host once, so the argument vector can be built from data alone. */
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/hpvm_err.h"
#include "model/guest.h"
#include "net/guest_nic.h"
#include "store/vswitch_config.h"
#include "vmm/firmware.h"
#include "vmm/qemu_host.h"
#include "vmm/runtime.h"

static void
describe_device(const struct guest *g, const struct device *d, struct qemu_dev_host *dh)
{
	struct vswitch vs;
	struct stat st;

	if (d->type == DEV_NETWORK) {
		guest_nic_tap(g, d, dh->tap, sizeof(dh->tap));
		dh->ovs = vswitch_config_load(d->location, &vs, NULL) == 0 && vs.ovs;
	} else
		dh->blockdev = d->backing != BK_NULL && stat(d->location, &st) == 0 &&
		    S_ISBLK(st.st_mode);
}

int
qemu_host_describe(const struct guest *g, const char *accel, struct qemu_host *h,
    struct hpvm_err *e)
{
	const char *q = getenv("HPVM_QEMU");
	size_t i;

	memset(h, 0, sizeof(*h));
	snprintf(h->binary, sizeof(h->binary), "%s", q != NULL && *q != '\0' ? q : "qemu-system-x86_64");
	snprintf(h->accel, sizeof(h->accel), "%s", accel);
	if (runtime_path(g->uuid, RT_CONSOLE, h->console_sock, sizeof(h->console_sock), e) == -1 ||
	    runtime_path(g->uuid, RT_QMP, h->qmp_sock, sizeof(h->qmp_sock), e) == -1 ||
	    runtime_path(g->uuid, RT_QMP_APP, h->qmp_app_sock, sizeof(h->qmp_app_sock), e) == -1 ||
	    runtime_console_log_path(g->uuid, h->console_log, sizeof(h->console_log), e) == -1 ||
	    firmware_nvram_path(g->uuid, h->nvram, sizeof(h->nvram), e) == -1)
		return -1;
	gethostname(h->hostname, sizeof(h->hostname) - 1);
	h->ovmf_code = FIRMWARE_OVMF_CODE;
	h->vhost_net = access("/dev/vhost-net", R_OK | W_OK) == 0;
	if (g->ndevs > 0 && (h->devs = calloc(g->ndevs, sizeof(*h->devs))) == NULL)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	h->ndevs = g->ndevs;
	for (i = 0; i < g->ndevs; i++)
		describe_device(g, &g->devs[i], &h->devs[i]);
	return 0;
}

void
qemu_host_free(struct qemu_host *h)
{
	free(h->devs);
	h->devs = NULL;
	h->ndevs = 0;
}
