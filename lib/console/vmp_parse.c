/*
 * vmp_parse.c: the vMP's command language, HP's two-letter commands in either case: CO, CM, CL,
 * SL, VM, HE, X at the main menu; pc -on|-off|-cycle, tc, in, ej, rec -view|-rotate, cl, sl, he,
 * ma in the command menu. Lines come from people and from hpvmconsoled's clients alike: every
 * byte is checked, nothing is trusted to be short or printable.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/hpvm_err.h"
#include "console/vmp_parse.h"

#define VMP_WORDS	4

static const struct {
	const char	*name;		/* canonical, as logged */
	enum vmp_need	 need;
	int		 changes;	/* changes the guest's power or media: authenticated first */
	int		 local;		/* handled by hpvmconsole alone (menus, help) */
} verbs[VMP_NVERBS] = {
	[VMP_NONE]	= { "",			VMP_NEED_OPER,	0, 1 },
	[VMP_CO]	= { "co",		VMP_NEED_OPER,	0, 0 },
	[VMP_CM]	= { "cm",		VMP_NEED_OPER,	0, 1 },
	[VMP_CL]	= { "cl",		VMP_NEED_OPER,	0, 0 },
	[VMP_SL]	= { "sl",		VMP_NEED_OPER,	0, 0 },
	[VMP_VM]	= { "vm",		VMP_NEED_OPER,	0, 1 },
	[VMP_ST]	= { "st",		VMP_NEED_OPER,	0, 0 },
	[VMP_HE]	= { "he",		VMP_NEED_OPER,	0, 1 },
	[VMP_MA]	= { "ma",		VMP_NEED_OPER,	0, 1 },
	[VMP_X]		= { "x",		VMP_NEED_OPER,	0, 1 },
	[VMP_PC_ON]	= { "pc -on",		VMP_NEED_OPER,	0, 0 },
	[VMP_PC_OFF]	= { "pc -off",		VMP_NEED_ADMIN,	1, 0 },
	[VMP_PC_CYCLE]	= { "pc -cycle",	VMP_NEED_ADMIN,	1, 0 },
	[VMP_TC]	= { "tc",		VMP_NEED_ADMIN,	1, 0 },
	[VMP_IN]	= { "in",		VMP_NEED_ADMIN,	1, 0 },
	[VMP_EJ]	= { "ej",		VMP_NEED_ADMIN,	1, 0 },
	[VMP_REC_VIEW]	= { "rec -view",	VMP_NEED_OPER,	0, 0 },
	[VMP_REC_ROTATE] = { "rec -rotate",	VMP_NEED_ADMIN,	0, 0 },
};

const char *
vmp_parse_name(enum vmp_verb v)
{
	return (unsigned)v < VMP_NVERBS ? verbs[v].name : "?";
}

enum vmp_need
vmp_parse_need(enum vmp_verb v)
{
	return (unsigned)v < VMP_NVERBS ? verbs[v].need : VMP_NEED_ADMIN;
}

int
vmp_parse_changes_guest(enum vmp_verb v)
{
	return (unsigned)v < VMP_NVERBS && verbs[v].changes;
}

/* Menus and help need nobody's privilege: hpvmconsole answers them itself. */
int
vmp_parse_is_local(enum vmp_verb v)
{
	return (unsigned)v < VMP_NVERBS && verbs[v].local;
}

/* "bus,dev,target", each a small number: a DVD's address as hpvmstatus shows it. */
static int
is_address(const char *w)
{
	int b, d, t, n = 0;

	if (strlen(w) > 11 || sscanf(w, "%d,%d,%d%n", &b, &d, &t, &n) != 3 || w[n] != '\0')
		return 0;
	return b >= 0 && b <= 7 && d >= 0 && d <= 7 && t >= 0 && t <= 127 && isdigit((unsigned char)w[0]);
}

/* The words of `line`, at most VMP_WORDS; -1 when there are more. `buf` holds them. */
static int
split(const char *line, char *buf, size_t len, char **w)
{
	char *p, *save = NULL;
	int n = 0;

	snprintf(buf, len, "%s", line);
	for (p = strtok_r(buf, " \t", &save); p != NULL; p = strtok_r(NULL, " \t", &save)) {
		if (n == VMP_WORDS)
			return -1;
		w[n++] = p;
	}
	return n;
}

static int
parse_pc(char **w, int n, struct vmp_cmd *c, struct hpvm_err *e)
{
	if (n == 2 && strcasecmp(w[1], "-on") == 0)
		c->verb = VMP_PC_ON;
	else if (n == 2 && strcasecmp(w[1], "-off") == 0)
		c->verb = VMP_PC_OFF;
	else if (n == 2 && strcasecmp(w[1], "-cycle") == 0)
		c->verb = VMP_PC_CYCLE;
	else
		return hpvm_fail(e, EINVAL, "Usage: pc -on | -off | -cycle");
	return 0;
}

static int
parse_rec(char **w, int n, struct vmp_cmd *c, struct hpvm_err *e)
{
	if (n == 2 && strcasecmp(w[1], "-view") == 0)
		c->verb = VMP_REC_VIEW;
	else if (n == 2 && strcasecmp(w[1], "-rotate") == 0)
		c->verb = VMP_REC_ROTATE;
	else
		return hpvm_fail(e, EINVAL, "Usage: rec -view | -rotate");
	return 0;
}

/* in [bus,dev,target] [media] and ej [bus,dev,target]. */
static int
parse_media(char **w, int n, struct vmp_cmd *c, struct hpvm_err *e)
{
	int i = 1;

	if (i < n && is_address(w[i]))
		snprintf(c->dvd, sizeof(c->dvd), "%s", w[i++]);
	if (c->verb == VMP_IN && i < n) {
		if (strlen(w[i]) > VMP_MEDIA_MAX)
			return hpvm_fail(e, EINVAL, "Media name too long.");
		snprintf(c->media, sizeof(c->media), "%s", w[i++]);
	}
	if (i < n)
		return hpvm_fail(e, EINVAL, c->verb == VMP_IN ? "Usage: in [bus,dev,target] [media]" :
		    "Usage: ej [bus,dev,target]");
	return 0;
}

/* One line into `c`; -1 with HP's kind of message when it is no command. */
int
vmp_parse_line(const char *line, struct vmp_cmd *c, struct hpvm_err *e)
{
	static const struct { const char *word; enum vmp_verb verb; } plain[] = {
		{ "co", VMP_CO }, { "cm", VMP_CM }, { "cl", VMP_CL }, { "sl", VMP_SL },
		{ "vm", VMP_VM }, { "st", VMP_ST }, { "he", VMP_HE }, { "help", VMP_HE },
		{ "?", VMP_HE }, { "ma", VMP_MA }, { "x", VMP_X }, { "exit", VMP_X },
		{ "tc", VMP_TC },
	};
	char buf[VMP_LINE_MAX + 1], *w[VMP_WORDS];
	const unsigned char *p;
	size_t i;
	int n;

	memset(c, 0, sizeof(*c));
	if (strlen(line) > VMP_LINE_MAX)
		return hpvm_fail(e, EINVAL, "Command too long.");
	for (p = (const unsigned char *)line; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return hpvm_fail(e, EINVAL, "Invalid character in the command.");
	if ((n = split(line, buf, sizeof(buf), w)) == -1)
		return hpvm_fail(e, EINVAL, "Too many words in the command.");
	if (n == 0)
		return 0;
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (strcasecmp(w[0], plain[i].word) == 0) {
			if (n != 1)
				return hpvm_fail(e, EINVAL, "'%s' takes no arguments.", plain[i].word);
			c->verb = plain[i].verb;
			return 0;
		}
	if (strcasecmp(w[0], "pc") == 0)
		return parse_pc(w, n, c, e);
	if (strcasecmp(w[0], "rec") == 0)
		return parse_rec(w, n, c, e);
	if (strcasecmp(w[0], "in") == 0 || strcasecmp(w[0], "ej") == 0) {
		c->verb = strcasecmp(w[0], "in") == 0 ? VMP_IN : VMP_EJ;
		return parse_media(w, n, c, e);
	}
	return hpvm_fail(e, EINVAL, "Unknown console command '%s'; type HE for help.", w[0]);
}

/* The command as one canonical line, as it is logged and as hpvmconsole sends it on. */
void
vmp_parse_format(const struct vmp_cmd *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s", vmp_parse_name(c->verb), c->dvd[0] ? " " : "", c->dvd,
	    c->media[0] ? " " : "", c->media);
}
