/* proto.c: migration settings from hpvmconf, and the random tokens that tie a data stream to its session. */
#include <sys/random.h>
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/conf.h"
#include "base/dir.h"
#include "base/hpvm_err.h"
#include "base/path.h"
#include "migrate/proto.h"

void
proto_conf_load(struct proto_conf *c)
{
	struct hpvm_conf conf;

	conf_load(&conf, NULL);
	c->port = (int)conf_get_long(&conf, "HPVM_MIGRATE_PORT", PROTO_PORT_DEFAULT, 1, 65535);
	c->timeout_s = (int)conf_get_long(&conf, "HPVM_MIGRATE_TIMEOUT", 30, 5, 3600);
	c->bandwidth_mb = conf_get_long(&conf, "HPVM_MIGRATE_BANDWIDTH", 0, 0, 1L << 20);
	c->downtime_ms = (int)conf_get_long(&conf, "HPVM_MIGRATE_DOWNTIME", 300, 10, 60000);
	c->sessions = (int)conf_get_long(&conf, "HPVM_MIGRATE_SESSIONS", 8, 1, 256);
	snprintf(c->listen, sizeof(c->listen), "%s", conf_get(&conf, "HPVM_MIGRATE_LISTEN", ""));
}

int
proto_token_new(char *buf, size_t len)
{
	unsigned char r[PROTO_TOKEN_LEN / 2];
	size_t i;

	if (len < PROTO_TOKEN_LEN + 1 || getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		return -1;
	for (i = 0; i < sizeof(r); i++)
		snprintf(buf + 2 * i, 3, "%02x", r[i]);
	return 0;
}

/* Exactly the form proto_token_new makes: a token names a file, so nothing else may pass. */
int
proto_token_valid(const char *s)
{
	size_t i;

	for (i = 0; i < PROTO_TOKEN_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[i] == '\0';
}

/* The directory of stream sockets, made root's alone if it is not yet. */
int
proto_run_dir(char *buf, size_t len, struct hpvm_err *e)
{
	char run[HPVM_PATH_LEN];

	if (path_build(run, sizeof(run), e, HPVM_RUN) == -1 ||
	    path_build(buf, len, e, PROTO_RUN) == -1)
		return -1;
	if (dir_make(run, 0750, e) == -1)
		return -1;
	if (mkdir(buf, 0700) == -1 && errno != EEXIST)
		return hpvm_fail(e, errno, "Unable to create %s: %s", buf, strerror(errno));
	chmod(buf, 0700);
	return 0;
}

int
proto_token_path(const char *token, char *buf, size_t len, struct hpvm_err *e)
{
	if (!proto_token_valid(token))
		return hpvm_fail(e, EINVAL, "A stream token is malformed.");
	return path_build(buf, len, e, PROTO_RUN "/%s.sock", token);
}
