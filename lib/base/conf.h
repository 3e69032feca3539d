/* conf.h: host tunables from /etc/rc.config.d/hpvmconf (KEY=VALUE). */
#ifndef HPVM_CONF_H
#define HPVM_CONF_H

struct hpvm_err;

#define CONF_MAX	64

struct hpvm_conf {
	int	n;
	char	key[CONF_MAX][64];
	char	val[CONF_MAX][256];
};

int		 conf_load(struct hpvm_conf *c, struct hpvm_err *e);
int		 conf_parse(struct hpvm_conf *c, const char *text, struct hpvm_err *e);
const char	*conf_get(const struct hpvm_conf *c, const char *key, const char *dflt);
long		 conf_get_long(const struct hpvm_conf *c, const char *key, long dflt, long lo, long hi);

#endif
