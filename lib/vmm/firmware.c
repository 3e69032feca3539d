/* firmware.c: a per-guest NVRAM, made from the OVMF template on first start (HP kept one per guest too). */
#include <unistd.h>

#include "base/file.h"
#include "base/path.h"
#include "model/guest.h"
#include "vmm/firmware.h"

int
firmware_nvram_path(const char *uuid, char *buf, size_t len, struct hpvm_err *e)
{
	return path_build(buf, len, e, HPVM_UUIDS "/%s/nvram", uuid);
}

int
firmware_nvram_prepare(const struct guest *g, struct hpvm_err *e)
{
	char nvram[HPVM_PATH_LEN];

	if (!g->uefi)
		return 0;
	if (firmware_nvram_path(g->uuid, nvram, sizeof(nvram), e) == -1)
		return -1;
	if (access(nvram, F_OK) == 0)
		return 0;
	return file_copy(FIRMWARE_OVMF_VARS, nvram, NULL, e);
}
