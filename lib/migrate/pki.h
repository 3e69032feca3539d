/* pki.h: the site's certificates for migration: a CA, and a certificate per host that it signs. */
#ifndef HPVM_PKI_H
#define HPVM_PKI_H

struct hpvm_err;

/* In HPVM_SSL_DIR (/etc/opt/hpvm/ssl under $HPVM_ROOT) and in a directory handed to another host. */
#define PKI_CA_CERT	"ca-cert.pem"
#define PKI_CA_KEY	"ca-key.pem"
#define PKI_HOST_CERT	"host-cert.pem"
#define PKI_HOST_KEY	"host-key.pem"

#define PKI_DAYS_DEFAULT	3650

int	pki_ca_create(const char *dir, const char *site, int days, struct hpvm_err *e);
int	pki_host_issue(const char *ca_dir, const char *host, const char *out_dir, int days,
	    struct hpvm_err *e);
const char	*pki_ssl_reason(void);
int	pki_describe(const char *path, char *buf, unsigned long len, struct hpvm_err *e);

#endif
