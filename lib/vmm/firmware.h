/* firmware.h: the UEFI firmware a guest boots with -x firmware=uefi, and its own NVRAM. */
#ifndef HPVM_FIRMWARE_H
#define HPVM_FIRMWARE_H

#include <stddef.h>

struct guest;
struct hpvm_err;

#define FIRMWARE_OVMF_CODE	"/usr/share/OVMF/OVMF_CODE_4M.fd"
#define FIRMWARE_OVMF_VARS	"/usr/share/OVMF/OVMF_VARS_4M.fd"

int	firmware_nvram_path(const char *uuid, char *buf, size_t len, struct hpvm_err *e);
int	firmware_nvram_prepare(const struct guest *g, struct hpvm_err *e);

#endif
