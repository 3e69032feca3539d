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

int		 conf_load(struct hpvm_conf *, struct hpvm_err *);
int		 conf_parse(struct hpvm_conf *, const char *, struct hpvm_err *);
const char	*conf_get(const struct hpvm_conf *, const char *, const char *);
long		 conf_get_long(const struct hpvm_conf *, const char *, long, long, long);

#endif
