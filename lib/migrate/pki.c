/*
 * pki.c: make the site CA and the host certificates migration trusts, with OpenSSL's C API, so
 * no one has to learn the openssl command line. Keys are P-256, written 0600 from the start;
 * host certificates serve both ends of a connection (serverAuth and clientAuth).
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "base/dir.h"
#include "base/hpvm_err.h"
#include "base/path.h"
#include "migrate/pki.h"

/* OpenSSL's reason for the last failure, for a message (tls.c's too). */
const char *
pki_ssl_reason(void)
{
	static char buf[256];
	unsigned long err = ERR_get_error();

	if (err == 0)
		return "unknown error";
	ERR_error_string_n(err, buf, sizeof(buf));
	ERR_clear_error();
	return buf;
}

static int
pki_path(const char *dir, const char *name, char *buf, size_t len, struct hpvm_err *e)
{
	if (snprintf(buf, len, "%s/%s", dir, name) >= (int)len)
		return hpvm_fail(e, ENAMETOOLONG, "Path too long: %s/%s", dir, name);
	return 0;
}

static X509 *
new_cert(EVP_PKEY *key, const char *cn, int days)
{
	unsigned char serial[16];
	X509_NAME *n;
	BIGNUM *bn;
	X509 *x;

	if ((x = X509_new()) == NULL || (n = X509_NAME_new()) == NULL)
		return NULL;
	X509_set_version(x, X509_VERSION_3);
	RAND_bytes(serial, sizeof(serial));
	serial[0] &= 0x7f;			/* positive */
	bn = BN_bin2bn(serial, sizeof(serial), NULL);
	BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
	BN_free(bn);
	/* A few minutes back, so hosts whose clocks differ a little agree it is valid. */
	X509_gmtime_adj(X509_getm_notBefore(x), -300);
	X509_gmtime_adj(X509_getm_notAfter(x), (long)days * 86400L);
	X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8, (const unsigned char *)"hpvm site", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(x, n);
	X509_NAME_free(n);
	X509_set_pubkey(x, key);
	return x;
}

/* One extension in openssl.cnf syntax; `issuer` is the signer (NULL: self-signed). */
static int
add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	int ok;

	X509V3_set_ctx(&ctx, issuer != NULL ? issuer : x, x, NULL, NULL, 0);
	if ((ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value)) == NULL)
		return 0;
	ok = X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	return ok;
}

static int
write_key(const char *path, EVP_PKEY *key, struct hpvm_err *e)
{
	FILE *f;
	int fd, ok;

	unlink(path);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1)
		return hpvm_fail(e, errno, "Unable to create %s: %s", path, strerror(errno));
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		return hpvm_fail(e, errno, "Unable to write %s: %s", path, strerror(errno));
	}
	ok = PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		ok = 0;
	fclose(f);
	return ok ? 0 : hpvm_fail(e, EIO, "Unable to write %s: %s", path, pki_ssl_reason());
}

static int
write_cert(const char *path, X509 *x, struct hpvm_err *e)
{
	FILE *f;
	int ok;

	if ((f = fopen(path, "we")) == NULL)
		return hpvm_fail(e, errno, "Unable to create %s: %s", path, strerror(errno));
	ok = PEM_write_X509(f, x);
	if (fclose(f) != 0)
		ok = 0;
	return ok ? 0 : hpvm_fail(e, EIO, "Unable to write %s: %s", path, pki_ssl_reason());
}

/* Create the site CA in `dir`: its certificate (shared with every host) and its key (kept here). */
int
pki_ca_create(const char *dir, const char *site, int days, struct hpvm_err *e)
{
	char cert[HPVM_PATH_LEN], key[HPVM_PATH_LEN], cn[256];
	EVP_PKEY *k = NULL;
	X509 *x = NULL;
	int rc = -1;

	if (pki_path(dir, PKI_CA_CERT, cert, sizeof(cert), e) == -1 ||
	    pki_path(dir, PKI_CA_KEY, key, sizeof(key), e) == -1 || dir_make(dir, 0755, e) == -1)
		return -1;
	if (access(key, F_OK) == 0)
		return hpvm_fail(e, EEXIST, "A site CA already exists (%s); hosts trust it, so it is never "
		    "replaced silently.", key);
	snprintf(cn, sizeof(cn), "hpvm site CA %s", site);
	if ((k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256")) == NULL || (x = new_cert(k, cn, days)) == NULL ||
	    !X509_set_issuer_name(x, X509_get_subject_name(x)) ||
	    !add_ext(x, NULL, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") ||
	    !add_ext(x, NULL, NID_key_usage, "critical,keyCertSign,cRLSign") ||
	    !add_ext(x, NULL, NID_subject_key_identifier, "hash") ||
	    !X509_sign(x, k, EVP_sha256()))
		hpvm_fail(e, EIO, "Unable to make the site CA: %s", pki_ssl_reason());
	else if (write_key(key, k, e) == 0 && write_cert(cert, x, e) == 0)
		rc = 0;
	X509_free(x);
	EVP_PKEY_free(k);
	return rc;
}

static X509 *
read_cert(const char *path, struct hpvm_err *e)
{
	X509 *x = NULL;
	FILE *f;

	if ((f = fopen(path, "re")) == NULL) {
		hpvm_fail(e, errno, "Unable to read %s: %s", path, strerror(errno));
		return NULL;
	}
	if ((x = PEM_read_X509(f, NULL, NULL, NULL)) == NULL)
		hpvm_fail(e, EINVAL, "%s is not a PEM certificate: %s", path, pki_ssl_reason());
	fclose(f);
	return x;
}

static EVP_PKEY *
read_key(const char *path, struct hpvm_err *e)
{
	EVP_PKEY *k = NULL;
	FILE *f;

	if ((f = fopen(path, "re")) == NULL) {
		hpvm_fail(e, errno, "Unable to read %s: %s", path, strerror(errno));
		return NULL;
	}
	if ((k = PEM_read_PrivateKey(f, NULL, NULL, NULL)) == NULL)
		hpvm_fail(e, EINVAL, "%s is not a PEM private key: %s", path, pki_ssl_reason());
	fclose(f);
	return k;
}

/* Copy the CA certificate, so the other host trusts the same site. */
static int
copy_ca(const char *ca_dir, const char *out_dir, struct hpvm_err *e)
{
	char from[HPVM_PATH_LEN], to[HPVM_PATH_LEN];
	X509 *ca;
	int rc;

	if (pki_path(ca_dir, PKI_CA_CERT, from, sizeof(from), e) == -1 ||
	    pki_path(out_dir, PKI_CA_CERT, to, sizeof(to), e) == -1)
		return -1;
	if (strcmp(from, to) == 0)
		return 0;
	if ((ca = read_cert(from, e)) == NULL)
		return -1;
	rc = write_cert(to, ca, e);
	X509_free(ca);
	return rc;
}

/*
 * Issue `host` a certificate signed by the CA in `ca_dir`, into `out_dir` with its key and the
 * CA's certificate: the directory to install as /etc/opt/hpvm/ssl on that host. The name is
 * its DNS name (or IP address), checked by the other end of every migration.
 */
int
pki_host_issue(const char *ca_dir, const char *host, const char *out_dir, int days,
    struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN], san[300];
	unsigned char ip[16];
	EVP_PKEY *cak = NULL, *k = NULL;
	X509 *ca = NULL, *x = NULL;
	int rc = -1;

	if (pki_path(ca_dir, PKI_CA_CERT, path, sizeof(path), e) == -1 || (ca = read_cert(path, e)) == NULL ||
	    pki_path(ca_dir, PKI_CA_KEY, path, sizeof(path), e) == -1 || (cak = read_key(path, e)) == NULL ||
	    dir_make(out_dir, 0755, e) == -1)
		goto out;
	snprintf(san, sizeof(san), "%s:%s", inet_pton(AF_INET, host, ip) == 1 ||
	    inet_pton(AF_INET6, host, ip) == 1 ? "IP" : "DNS", host);
	if ((k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256")) == NULL || (x = new_cert(k, host, days)) == NULL ||
	    !X509_set_issuer_name(x, X509_get_subject_name(ca)) ||
	    !add_ext(x, ca, NID_basic_constraints, "critical,CA:FALSE") ||
	    !add_ext(x, ca, NID_key_usage, "critical,digitalSignature,keyAgreement") ||
	    !add_ext(x, ca, NID_ext_key_usage, "serverAuth,clientAuth") ||
	    !add_ext(x, ca, NID_subject_alt_name, san) ||
	    !add_ext(x, ca, NID_authority_key_identifier, "keyid") ||
	    !X509_sign(x, cak, EVP_sha256())) {
		hpvm_fail(e, EIO, "Unable to issue a certificate for %s: %s", host, pki_ssl_reason());
		goto out;
	}
	if (pki_path(out_dir, PKI_HOST_KEY, path, sizeof(path), e) == 0 && write_key(path, k, e) == 0 &&
	    pki_path(out_dir, PKI_HOST_CERT, path, sizeof(path), e) == 0 && write_cert(path, x, e) == 0 &&
	    copy_ca(ca_dir, out_dir, e) == 0)
		rc = 0;
out:
	X509_free(x);
	X509_free(ca);
	EVP_PKEY_free(k);
	EVP_PKEY_free(cak);
	return rc;
}

/* One line about a certificate: its subject, its issuer, and until when it is valid. */
int
pki_describe(const char *path, char *buf, unsigned long len, struct hpvm_err *e)
{
	char subject[256], issuer[256], until[64] = "";
	BIO *b;
	X509 *x;
	int n;

	if ((x = read_cert(path, e)) == NULL)
		return -1;
	X509_NAME_oneline(X509_get_subject_name(x), subject, sizeof(subject));
	X509_NAME_oneline(X509_get_issuer_name(x), issuer, sizeof(issuer));
	if ((b = BIO_new(BIO_s_mem())) != NULL) {
		ASN1_TIME_print(b, X509_get0_notAfter(x));
		n = BIO_read(b, until, sizeof(until) - 1);
		until[n > 0 ? n : 0] = '\0';
		BIO_free(b);
	}
	snprintf(buf, len, "%s issued by %s, valid until %s", subject, issuer, until);
	X509_free(x);
	return 0;
}
