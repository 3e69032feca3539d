/*
 * receive.c: a disk that exists only on the source arrives as a data stream. "put" names the
 * disk (one the check accepted for copying) and gets a stream token; "putdata" takes the
 * stream into a new file beside the final one, counts and digests it, and moves it into
 * place only when every byte is there; the digest goes back to the source, and "define"
 * later repeats the source's digests, which must match. Every file is journalled first.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "base/file.h"
#include "base/hpvm_err.h"
#include "migrate/journal.h"
#include "migrate/arrival.h"
#include "migrate/receive.h"
#include "migrate/stream.h"
#include "migrate/wire.h"

#define RECEIVE_BUF	(1 << 20)

static struct check_disk *
receive_find(struct arrival *t, const char *path)
{
	size_t i;

	for (i = 0; i < t->req.ndisks; i++)
		if (t->req.disks[i].copy && strcmp(t->req.disks[i].path, path) == 0)
			return &t->req.disks[i];
	return NULL;
}

static void
receive_temp_path(const struct arrival *t, const char *path, char *buf, size_t len)
{
	const char *base = strrchr(path, '/') + 1;

	snprintf(buf, len, "%.*s.%s.hpvm-migrating-%ld", (int)(base - path), path, base,
	    (long)t->session);
}

/* "put": announce a disk's copy; the answer is the stream to send it on. */
int
receive_put(struct arrival *t, json_object *req, json_object *reply, struct hpvm_err *e)
{
	char token[PROTO_TOKEN_LEN + 1];
	struct check_disk *cd;
	const char *path;

	if (!t->checked_ok || t->defined || t->online)
		return hpvm_fail(e, EPROTO, "A disk is copied only after the checks, before the guest "
		    "is defined, in an offline migration.");
	if (wire_str(req, "path", LOCATION_MAX, &path, e) == -1)
		return -1;
	if ((cd = receive_find(t, path)) == NULL)
		return hpvm_fail(e, EPROTO, "%s is not a disk to be copied.", path);
	if (t->mem_listen >= 0)
		return hpvm_fail(e, EPROTO, "A copy is under way already.");
	if (check_copy_path(path, e) == -1)
		return -1;
	if ((t->mem_listen = stream_listen(token, sizeof(token), t->mem_path, sizeof(t->mem_path),
	    e)) == -1)
		return -1;
	snprintf(t->put_path, sizeof(t->put_path), "%s", path);
	json_object_object_add(reply, "token", json_object_new_string(token));
	return 0;
}

/* Read the whole stream into `fd`: exactly `size` bytes, digested on the way. */
static int
receive_stream(int in, int out, long long size, int timeout_s, unsigned char *md, struct hpvm_err *e)
{
	static char buf[RECEIVE_BUF];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	long long got = 0;
	unsigned int mdlen;
	ssize_t n;
	int rc = -1;

	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(ctx);
		return hpvm_fail(e, ENOMEM, "Unable to start a SHA-256 digest.");
	}
	for (;;) {
		struct pollfd p = { .fd = in, .events = POLLIN };
		if (poll(&p, 1, timeout_s * 1000) != 1) {
			hpvm_fail(e, ETIMEDOUT, "The copy stalled for %d seconds.", timeout_s);
			break;
		}
		if ((n = read(in, buf, sizeof(buf))) == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n == 0 && got == size ? 0 : hpvm_fail(e, EIO, "The copy ended after %lld of "
			    "%lld bytes.", got, size);
			break;
		}
		if ((got += n) > size) {
			hpvm_fail(e, EIO, "The copy is longer than the %lld bytes announced.", size);
			break;
		}
		if (EVP_DigestUpdate(ctx, buf, (size_t)n) != 1 || file_write_fd(out, buf, (size_t)n) == -1) {
			hpvm_fail(e, errno, "Unable to write the copy: %s", strerror(errno));
			break;
		}
	}
	if (rc == 0 && EVP_DigestFinal_ex(ctx, md, &mdlen) != 1)
		rc = hpvm_fail(e, EIO, "Unable to finish the SHA-256 digest.");
	EVP_MD_CTX_free(ctx);
	return rc;
}

static void
receive_hex(const unsigned char *md, char *hex)
{
	int i;

	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* "putdata": the stream is open; take it into place, and answer with its digest. */
int
receive_putdata(struct arrival *t, json_object *req, json_object *reply, struct hpvm_err *e)
{
	char tmp[HPVM_PATH_LEN + 64];
	unsigned char md[32];
	struct check_disk *cd;
	int in = -1, out = -1, rc = -1;

	(void)req;
	if (t->mem_listen < 0 || (cd = receive_find(t, t->put_path)) == NULL)
		return hpvm_fail(e, EPROTO, "No copy was announced.");
	receive_temp_path(t, cd->path, tmp, sizeof(tmp));
	if (journal_add(t->session, JOURNAL_FILE, tmp, e) == -1 ||
	    journal_add(t->session, JOURNAL_FILE, cd->path, e) == -1)
		goto out;
	if ((out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600)) == -1) {
		hpvm_fail(e, errno, "Unable to create %s: %s", tmp, strerror(errno));
		goto out;
	}
	if ((in = stream_accept(t->mem_listen, t->conf.timeout_s, e)) == -1 ||
	    receive_stream(in, out, cd->info.size, t->conf.timeout_s, md, e) == -1)
		goto out;
	if (fsync(out) == -1 || renameat2(AT_FDCWD, tmp, AT_FDCWD, cd->path, RENAME_NOREPLACE) == -1) {
		hpvm_fail(e, errno, "Unable to put %s in place: %s", cd->path, strerror(errno));
		goto out;
	}
	receive_hex(md, cd->sha256);
	json_object_object_add(reply, "sha256", json_object_new_string(cd->sha256));
	rc = 0;
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (rc == -1)
		unlink(tmp);
	stream_close(&t->mem_listen, t->mem_path);
	return rc;
}

/* Before the guest is defined: every copied disk arrived, with the digest the source computed. */
int
receive_verify(struct arrival *t, json_object *digests, struct hpvm_err *e)
{
	size_t i, j, n = json_object_array_length(digests);

	for (i = 0; i < t->req.ndisks; i++) {
		struct check_disk *cd = &t->req.disks[i];
		const char *path, *sum = NULL;
		if (!cd->copy)
			continue;
		for (j = 0; j < n && sum == NULL; j++) {
			json_object *o = json_object_array_get_idx(digests, j);
			if (!json_object_is_type(o, json_type_object) ||
			    wire_str(o, "path", LOCATION_MAX, &path, e) == -1 ||
			    wire_str(o, "sha256", 64, &sum, e) == -1)
				return -1;
			if (strcmp(path, cd->path) != 0)
				sum = NULL;
		}
		if (cd->sha256[0] == '\0')
			return hpvm_fail(e, EPROTO, "%s was not copied.", cd->path);
		if (sum == NULL || strcmp(sum, cd->sha256) != 0)
			return hpvm_fail(e, EIO, "%s arrived with the SHA-256 %s; the source sent %s.",
			    cd->path, cd->sha256, sum != NULL ? sum : "none");
	}
	return 0;
}
