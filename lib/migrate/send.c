/*
 * send.c: an offline migration. Each disk marked for copying is read here and sent on a
 * stream of its own while its SHA-256 is computed; the target answers with the digest of
 * what it wrote, and the two must agree. Then the target defines the guest, repeating the
 * check of every digest. The source's disks are never touched.
 */
#include <sys/socket.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "base/file.h"
#include "base/clock.h"
#include "base/hpvm_err.h"
#include "migrate/progress.h"
#include "migrate/send.h"
#include "migrate/outgoing.h"
#include "migrate/tunnel.h"
#include "migrate/wire.h"

#define SEND_BUF	(1 << 20)

static void
send_hex(const unsigned char *md, char *hex)
{
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* The file into the stream, digested on the way; the stream is closed after its last byte. */
static int
send_file(struct outgoing *s, struct outgoing_disk *sd, int out, struct hpvm_err *e)
{
	static char buf[SEND_BUF];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char md[32];
	struct progress p;
	long long done = 0;
	ssize_t n;
	int in, rc = 0;

	if ((in = open(sd->src, O_RDONLY | O_CLOEXEC)) == -1) {
		EVP_MD_CTX_free(ctx);
		return hpvm_fail(e, errno, "Unable to read %s: %s", sd->src, strerror(errno));
	}
	progress_start(&p, s->progress);
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	while (rc == 0 && (n = read(in, buf, sizeof(buf))) != 0) {
		if (n == -1) {
			if (errno != EINTR)
				rc = hpvm_fail(e, errno, "Unable to read %s: %s", sd->src, strerror(errno));
			continue;
		}
		EVP_DigestUpdate(ctx, buf, (size_t)n);
		if (file_write_fd(out, buf, (size_t)n) == -1)
			rc = hpvm_fail(e, errno, "The copy of %s was cut off.", sd->src);
		done += n;
		progress_draw(&p, "copy", done, sd->info.size,
		    done / 1e6 / ((clock_ms() - p.started_ms + 1) / 1000.0), -1);
		outgoing_ping(s);
	}
	progress_end(&p);
	close(in);
	if (rc == 0 && done != sd->info.size)
		rc = hpvm_fail(e, EIO, "%s changed size while it was copied.", sd->src);
	EVP_DigestFinal_ex(ctx, md, NULL);
	EVP_MD_CTX_free(ctx);
	send_hex(md, sd->sha256);
	shutdown(out, SHUT_WR);
	return rc;
}

static int
send_disk(struct outgoing *s, struct outgoing_disk *sd, struct hpvm_err *e)
{
	json_object *req = json_object_new_object(), *reply = NULL;
	const char *token, *sum;
	int fd = -1, rc;

	json_object_object_add(req, "op", json_object_new_string("put"));
	json_object_object_add(req, "path", json_object_new_string(sd->dst));
	if (outgoing_request(s, req, &reply, e) == -1)
		return -1;
	rc = wire_str(reply, "token", PROTO_TOKEN_LEN, &token, e) == 0 ?
	    (fd = outgoing_stream(s, token, e)) : -1;
	json_object_put(reply);
	if (rc == -1)
		return -1;
	/* The target reads the stream while this side writes it; its answer comes at the end. */
	req = json_object_new_object();
	json_object_object_add(req, "op", json_object_new_string("putdata"));
	rc = tunnel_send(&s->ctl, req, e) == 0 ? send_file(s, sd, fd, e) : -1;
	json_object_put(req);
	close(fd);
	if (tunnel_recv(&s->ctl, &reply, s->conf.timeout_s * 1000, e) == -1)
		return -1;
	if (wire_bool(reply, "ok", &rc, e) == 0 && !rc)
		hpvm_fail(e, EIO, "%s", wire_str(reply, "error", HPVM_MSG_LEN, &sum, NULL) == 0 ? sum :
		    "The target could not take the copy.");
	else if (rc && wire_str(reply, "sha256", 64, &sum, e) == 0 && strcmp(sum, sd->sha256) != 0)
		hpvm_fail(e, EIO, "%s arrived with the SHA-256 %s; %s was sent.", sd->dst, sum, sd->sha256);
	json_object_put(reply);
	return hpvm_nerrors(e) > 0 ? -1 : 0;
}

int
send_move(struct outgoing *s, struct hpvm_err *e)
{
	json_object *req, *reply, *sums = json_object_new_array();
	int64_t vmnum;
	size_t i;

	for (i = 0; i < s->ndisks; i++) {
		struct outgoing_disk *sd = &s->disks[i];
		json_object *o;
		if (!sd->copy)
			continue;
		if (send_disk(s, sd, e) == -1) {
			json_object_put(sums);
			return -1;
		}
		o = json_object_new_object();
		json_object_object_add(o, "path", json_object_new_string(sd->dst));
		json_object_object_add(o, "sha256", json_object_new_string(sd->sha256));
		json_object_array_add(sums, o);
	}
	req = json_object_new_object();
	json_object_object_add(req, "op", json_object_new_string("define"));
	json_object_object_add(req, "digests", sums);
	if (outgoing_request(s, req, &reply, e) == -1)
		return -1;
	if (wire_int(reply, "vmnum", 0, 1 << 20, &vmnum, NULL) == 0)
		s->r->vmnum = (int)vmnum;
	json_object_put(reply);
	return 0;
}
