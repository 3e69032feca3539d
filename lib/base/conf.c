/* conf.c: parse hpvmconf the way rc.config.d files are written: KEY=VALUE, '#' comments, optional quotes. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/conf.h"
#include "base/hpvm_err.h"
#include "base/file.h"
#include "base/path.h"

static char *
trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int
conf_set(struct hpvm_conf *c, const char *k, const char *v, int line, struct hpvm_err *e)
{
	int i;

	if (strlen(k) >= sizeof(c->key[0]) || strlen(v) >= sizeof(c->val[0]))
		return hpvm_fail(e, EINVAL, "hpvmconf line %d: entry too long.", line);
	for (i = 0; i < c->n && strcmp(c->key[i], k) != 0; i++)
		;
	if (i == c->n) {
		if (c->n == CONF_MAX)
			return hpvm_fail(e, EINVAL, "hpvmconf: more than %d entries.", CONF_MAX);
		c->n++;
	}
	strcpy(c->key[i], k);
	strcpy(c->val[i], v);
	return 0;
}

int
conf_parse(struct hpvm_conf *c, const char *text, struct hpvm_err *e)
{
	char *copy, *line, *save = NULL;
	int lineno = 0, rc = 0;

	c->n = 0;
	if ((copy = strdup(text)) == NULL)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	for (line = strtok_r(copy, "\n", &save); line != NULL && rc == 0;
	    line = strtok_r(NULL, "\n", &save)) {
		char *k, *v, *eq;
		size_t vl;

		lineno++;
		k = trim(line);
		if (*k == '#' || *k == '\0')
			continue;
		if (strncmp(k, "export ", 7) == 0)
			k = trim(k + 7);
		if ((eq = strchr(k, '=')) == NULL) {
			hpvm_warn(e, "hpvmconf: ignoring line without '=': %s", k);
			continue;
		}
		*eq = '\0';
		k = trim(k);
		v = trim(eq + 1);
		vl = strlen(v);
		if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0]) {
			v[vl - 1] = '\0';
			v++;
		}
		rc = conf_set(c, k, v, lineno, e);
	}
	free(copy);
	return rc;
}

/* A missing hpvmconf is normal: every tunable has a default. */
int
conf_load(struct hpvm_conf *c, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN], *text;
	struct hpvm_err tmp = {0};
	int rc;

	c->n = 0;
	if (path_build(path, sizeof(path), e, HPVM_CONF) == -1)
		return -1;
	if (file_read_all(path, &text, NULL, &tmp) == -1)
		return tmp.code == ENOENT ? 0 : hpvm_fail(e, tmp.code, "%s", tmp.msg[0].text);
	rc = conf_parse(c, text, e);
	free(text);
	return rc;
}

const char *
conf_get(const struct hpvm_conf *c, const char *key, const char *dflt)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->key[i], key) == 0)
			return c->val[i];
	return dflt;
}

/* Numeric tunable; out-of-range or malformed values fall back to the default. */
long
conf_get_long(const struct hpvm_conf *c, const char *key, long dflt, long lo, long hi)
{
	const char *v = conf_get(c, key, NULL);
	char *end;
	long n;

	if (v == NULL || *v == '\0')
		return dflt;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || *end != '\0' || n < lo || n > hi)
		return dflt;
	return n;
}
