/* names.c: refuse names that would break paths, the colon-separated formats, or a shell. */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "base/name.h"

static int
word_ok(const char *s, const char *extra)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && strchr(extra, *s) == NULL)
			return 0;
	return 1;
}

int
name_check_guest(const char *s, struct hpvm_err *e)
{
	if (s == NULL || *s == '\0')
		return hpvm_fail(e, EINVAL, "The virtual machine name must not be empty.");
	if (strlen(s) > GUEST_NAME_MAX)
		return hpvm_fail(e, EINVAL,
		    "The virtual machine name is longer than %d characters.", GUEST_NAME_MAX);
	if (!word_ok(s, "_.-") || *s == '.' || *s == '-')
		return hpvm_fail(e, EINVAL, "Invalid virtual machine name '%s': use letters, "
		    "digits, '_', '.' and '-', not starting with '.' or '-'.", s);
	return 0;
}

/* Vswitch names become Linux bridge names ("hv-" + name), so they keep to IFNAMSIZ. */
int
name_check_vswitch(const char *s, struct hpvm_err *e)
{
	if (s == NULL || *s == '\0')
		return hpvm_fail(e, EINVAL, "The vswitch name must not be empty.");
	if (strlen(s) > VSWITCH_NAME_MAX || !word_ok(s, "_.-") || *s == '.' || *s == '-')
		return hpvm_fail(e, EINVAL, "Invalid vswitch name '%s': at most %d letters, "
		    "digits, '_', '.' or '-'.", s, VSWITCH_NAME_MAX);
	return 0;
}

/* HP: at most 255 characters of A-Z a-z 0-9 - _ . (and spaces, as in HP's own examples). */
int
name_check_label(const char *s, struct hpvm_err *e)
{
	if (strlen(s) > GUEST_LABEL_MAX)
		return hpvm_fail(e, EINVAL, "The label is longer than %d characters.",
		    GUEST_LABEL_MAX);
	if (!word_ok(s, "_.- "))
		return hpvm_fail(e, EINVAL, "Invalid label '%s': use letters, digits, spaces, "
		    "'_', '.' and '-'.", s);
	return 0;
}

/* Login and group names as useradd(8) accepts them. */
int
name_check_account(const char *s, struct hpvm_err *e)
{
	if (*s == '\0' || strlen(s) > ACL_NAME_MAX || !word_ok(s, "_.-") || *s == '-')
		return hpvm_fail(e, EINVAL, "Invalid user or group name '%s'.", s);
	return 0;
}

/* A host path for a backing store; `empty` for null placeholders. */
int
name_check_location(const char *s, enum name_empty empty, struct hpvm_err *e)
{
	const char *p;

	if (*s == '\0')
		return empty == NAME_EMPTY_ALLOWED ? 0 :
		    hpvm_fail(e, EINVAL, "A backing store path is required.");
	if (*s != '/')
		return hpvm_fail(e, EINVAL, "Backing store '%s' is not an absolute path.", s);
	if (strlen(s) > LOCATION_MAX)
		return hpvm_fail(e, EINVAL, "Backing store path is longer than %d characters.",
		    LOCATION_MAX);
	for (p = s; *p; p++)
		if (!isgraph((unsigned char)*p) || strchr(":;,\"'\\", *p) != NULL)
			return hpvm_fail(e, EINVAL, "Backing store '%s' contains a character "
			    "that is not allowed (white space, control characters, or :;,\"'\\).", s);
	if (strstr(s, "/../") != NULL || (p - s >= 3 && strcmp(p - 3, "/..") == 0))
		return hpvm_fail(e, EINVAL, "Backing store '%s' must not contain '..'.", s);
	return 0;
}
