/* manifest.h: SHA-256 of collected files (OpenSSL EVP) and the MANIFEST that lists them, as sha256sum -c reads it. */
#ifndef HPVM_MANIFEST_H
#define HPVM_MANIFEST_H

#include <stddef.h>

struct hpvm_err;

#define MANIFEST_HEX_LEN	64

int	manifest_sha256_file(const char *path, char hex[MANIFEST_HEX_LEN + 1], struct hpvm_err *e);
int	manifest_write(const char *root, const char *const *files, size_t n, struct hpvm_err *e);
int	manifest_has_private_key(const char *buf, size_t len);

#endif
