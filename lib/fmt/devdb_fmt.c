/* devdb_fmt.c: print device database entries, and the shell script that rebuilds a damaged database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/path.h"
#include "fmt/devdb_fmt.h"
#include "store/devdb.h"

static void
verbose_entry(FILE *f, const struct devdb_ent *ent)
{
	size_t k;

	fprintf(f, "Entry name   : %s\n", ent->name);
	for (k = 0; k < (size_t)ent->nattr; k++)
		fprintf(f, "  %-11s: %s\n", ent->attr[k].key, ent->attr[k].val);
	fprintf(f, "  Dependents : ");
	for (k = 0; k < ent->ndeps; k++)
		fprintf(f, "%s%s", k ? " " : "", ent->deps[k]);
	fprintf(f, "\n  Identifier : %s\n\n", ent->id);
}

void
devdb_fmt_list(FILE *f, const struct devdb *db, enum devdb_fmt_style style)
{
	char *text;
	size_t i, len;

	if (style == DEVDB_FMT_LINES) {
		if (devdb_format(db, &text, &len) == 0) {
			fwrite(text, 1, len, f);
			free(text);
		}
		return;
	}
	for (i = 0; i < db->n; i++)
		verbose_entry(f, &db->ent[i]);
}

static void
quote(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++)
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	fputc('\'', f);
}

/* Only printable, non-space bytes reach the script: anything else cannot be a device name or value. */
static int
printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

/* One "hpvmdevmgmt -a|-m 'type:name:attr:K=V,...'" line for an entry that reads. */
static void
repair_entry(FILE *f, const struct devdb_ent *ent)
{
	const char *cfg = devdb_attr(ent, "CONFIG");
	/* A new database already has the default entries: modify those. */
	int dflt = devdb_is_default(ent->name) && strcmp(cfg, "rdev") == 0, k, ok, first = 1;
	char arg[4096];
	size_t n;

	n = (size_t)snprintf(arg, sizeof(arg), "%s:%s", cfg, ent->name);
	ok = printable(cfg) && printable(ent->name);
	for (k = 0; k < ent->nattr && n < sizeof(arg); k++) {
		const char *key = ent->attr[k].key;
		if (strcmp(key, "CONFIG") == 0 || strcmp(key, "EXIST") == 0 ||
		    strcmp(key, "AUTORDEV") == 0 || (dflt && strcmp(key, "DEVTYPE") == 0))
			continue;
		ok = ok && printable(key) && printable(ent->attr[k].val);
		n += (size_t)snprintf(arg + n, sizeof(arg) - n, "%s%s=%s", first ? ":attr:" : ",",
		    key, ent->attr[k].val);
		first = 0;
	}
	if (!ok || n >= sizeof(arg)) {
		fprintf(f, "# not representable, dropped: an entry with unprintable characters\n");
		return;
	}
	fprintf(f, "hpvmdevmgmt %s ", dflt ? "-m" : "-a");
	quote(f, arg);
	fputc('\n', f);
}

/*
 * -r: a shell script that rebuilds the database from its text: the damaged file is kept aside,
 * every line that still reads is added again, and guest entries are rebuilt from the
 * configurations. Every value is quoted, so nothing in a damaged database can run.
 */
void
devdb_fmt_repair_script(FILE *f, const char *text)
{
	char *copy, *line, *next;

	fprintf(f, "#!/bin/sh\n# hpvmdevmgmt -r: rebuild the device management database.\nset -e\n"
	    "db=\"${HPVM_ROOT:-}%s\"\n[ ! -e \"$db\" ] || mv \"$db\" \"$db.damaged.$(date +%%s)\"\n",
	    HPVM_DEVDB);
	if (text != NULL && (copy = strdup(text)) != NULL) {
		for (line = copy; line != NULL && *line; line = next) {
			struct devdb one;
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			if (*line == '#')
				continue;
			if (devdb_parse(&one, line, NULL) == -1 || one.n != 1) {
				fprintf(f, "# unreadable, dropped: a line of %zu bytes\n", strlen(line));
				continue;
			}
			/* hpvmhostrdev's own entries come back with its next run. */
			if (!devdb_attr_is(&one.ent[0], "AUTORDEV", "YES"))
				repair_entry(f, &one.ent[0]);
			devdb_free(&one);
		}
		free(copy);
	}
	fprintf(f, "hpvmdevmgmt -I\n");
}
