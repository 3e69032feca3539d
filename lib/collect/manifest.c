/* manifest.c: SHA-256 through OpenSSL's EVP interface, one "<hex>  <path>" line per file, the format sha256sum -c checks. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "base/file.h"
#include "base/hpvm_err.h"
#include "collect/manifest.h"

int
manifest_sha256_file(const char *path, char hex[MANIFEST_HEX_LEN + 1], struct hpvm_err *e)
{
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	EVP_MD_CTX *ctx;
	ssize_t n;
	int fd, rc = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return hpvm_fail(e, errno, "Unable to open %s: %s", path, strerror(errno));
	if ((ctx = EVP_MD_CTX_new()) == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(ctx);
		close(fd);
		return hpvm_fail(e, EIO, "OpenSSL has no SHA-256.");
	}
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 || EVP_DigestUpdate(ctx, buf, (size_t)n) != 1) {
			rc = hpvm_fail(e, errno ? errno : EIO, "Unable to read %s: %s", path, strerror(errno));
			break;
		}
	}
	if (rc == 0 && EVP_DigestFinal_ex(ctx, md, &mdlen) != 1)
		rc = hpvm_fail(e, EIO, "SHA-256 of %s failed.", path);
	EVP_MD_CTX_free(ctx);
	close(fd);
	for (i = 0; rc == 0 && i < mdlen && i * 2 < MANIFEST_HEX_LEN; i++)
		snprintf(hex + i * 2, 3, "%02x", md[i]);
	return rc;
}

/* `root`/MANIFEST: the checksum of each of `files` (paths below root), in the order given. */
int
manifest_write(const char *root, const char *const *files, size_t n, struct hpvm_err *e)
{
	char path[4096], hex[MANIFEST_HEX_LEN + 1];
	size_t i;
	FILE *f;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/MANIFEST", root);
	if ((f = fopen(path, "we")) == NULL)
		return hpvm_fail(e, errno, "Unable to create %s: %s", path, strerror(errno));
	for (i = 0; i < n && rc == 0; i++) {
		snprintf(path, sizeof(path), "%s/%s", root, files[i]);
		if ((rc = manifest_sha256_file(path, hex, e)) == 0)
			fprintf(f, "%s  %s\n", hex, files[i]);
	}
	if (fclose(f) != 0 && rc == 0)
		rc = hpvm_fail(e, errno, "Unable to write the MANIFEST: %s", strerror(errno));
	return rc;
}

/* Does this text hold a private key (PEM of any kind, or an OpenSSH key)? Such a file is never collected. */
int
manifest_has_private_key(const char *buf, size_t len)
{
	static const char *const marks[] = { "PRIVATE KEY-----", "-----BEGIN OPENSSH PRIVATE" };
	size_t i, k;

	for (k = 0; k < sizeof(marks) / sizeof(marks[0]); k++) {
		size_t ml = strlen(marks[k]);
		for (i = 0; i + ml <= len; i++)
			if (buf[i] == marks[k][0] && memcmp(buf + i, marks[k], ml) == 0)
				return 1;
	}
	return 0;
}
