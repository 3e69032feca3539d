/*
 * wire.c: the framing and reading of migration messages. A peer is not trusted: a message is
 * a bounded length and one JSON object with bounded nesting, and each field is read by type
 * and bound, with printable text only; anything else ends the conversation with a reason.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "migrate/tls.h"
#include "migrate/wire.h"

int
wire_parse(const char *buf, size_t len, int depth, json_object **msg, struct hpvm_err *e)
{
	struct json_tokener *tok;
	json_object *o;

	*msg = NULL;
	if (len == 0 || len > WIRE_MAX || memchr(buf, '\0', len) != NULL)
		return hpvm_fail(e, EPROTO, "A message of %zu bytes is not a migration message.", len);
	if ((tok = json_tokener_new_ex(depth)) == NULL)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	o = json_tokener_parse_ex(tok, buf, (int)len);
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != len || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		json_tokener_free(tok);
		return hpvm_fail(e, EPROTO, "A migration message is not a JSON object.");
	}
	json_tokener_free(tok);
	*msg = o;
	return 0;
}

int
wire_send(struct tls_conn *c, json_object *msg, int timeout_ms, struct hpvm_err *e)
{
	const char *text = json_object_to_json_string_ext(msg, JSON_C_TO_STRING_PLAIN);
	size_t len = strlen(text);
	unsigned char head[4] = { (unsigned char)(len >> 24), (unsigned char)(len >> 16),
	    (unsigned char)(len >> 8), (unsigned char)len };

	if (len > WIRE_MAX)
		return hpvm_fail(e, EMSGSIZE, "A message to %s is too large.", c->peer);
	if (tls_write_full(c, head, sizeof(head), timeout_ms, e) == -1)
		return -1;
	return tls_write_full(c, text, len, timeout_ms, e);
}

int
wire_recv(struct tls_conn *c, json_object **msg, int timeout_ms, struct hpvm_err *e)
{
	unsigned char head[4];
	char *buf;
	size_t len;
	int rc;

	*msg = NULL;
	if (tls_read_full(c, head, sizeof(head), timeout_ms, e) == -1)
		return -1;
	len = (size_t)head[0] << 24 | (size_t)head[1] << 16 | (size_t)head[2] << 8 | head[3];
	if (len == 0 || len > WIRE_MAX)
		return hpvm_fail(e, EPROTO, "%s sent a message of %zu bytes; not a migration peer.",
		    c->peer, len);
	if ((buf = malloc(len)) == NULL)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	rc = tls_read_full(c, buf, len, timeout_ms, e) == 0 ? wire_parse(buf, len, WIRE_DEPTH, msg, e) : -1;
	free(buf);
	return rc;
}

/* A string field: present, a string, at most `max` bytes, printable. */
int
wire_str(json_object *msg, const char *key, size_t max, const char **out, struct hpvm_err *e)
{
	json_object *v;
	const char *s;
	size_t i, n;

	if (!json_object_object_get_ex(msg, key, &v) || !json_object_is_type(v, json_type_string))
		return hpvm_fail(e, EPROTO, "A migration message lacks the text field '%s'.", key);
	s = json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	if (n > max || strlen(s) != n)
		return hpvm_fail(e, EPROTO, "The field '%s' of a migration message is too long.", key);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\t')
			return hpvm_fail(e, EPROTO, "The field '%s' of a migration message holds a control "
			    "character.", key);
	*out = s;
	return 0;
}

int
wire_int(json_object *msg, const char *key, int64_t lo, int64_t hi, int64_t *out, struct hpvm_err *e)
{
	json_object *v;
	int64_t n;

	if (!json_object_object_get_ex(msg, key, &v) || !json_object_is_type(v, json_type_int))
		return hpvm_fail(e, EPROTO, "A migration message lacks the number '%s'.", key);
	errno = 0;
	n = json_object_get_int64(v);
	if (errno != 0 || n < lo || n > hi)
		return hpvm_fail(e, EPROTO, "The number '%s' of a migration message is out of range.", key);
	*out = n;
	return 0;
}

int
wire_bool(json_object *msg, const char *key, int *out, struct hpvm_err *e)
{
	json_object *v;

	if (!json_object_object_get_ex(msg, key, &v) || !json_object_is_type(v, json_type_boolean))
		return hpvm_fail(e, EPROTO, "A migration message lacks the flag '%s'.", key);
	*out = json_object_get_boolean(v);
	return 0;
}

int
wire_array(json_object *msg, const char *key, size_t max, json_object **out, struct hpvm_err *e)
{
	json_object *v;

	if (!json_object_object_get_ex(msg, key, &v) || !json_object_is_type(v, json_type_array) ||
	    json_object_array_length(v) > max)
		return hpvm_fail(e, EPROTO, "A migration message lacks the list '%s', or it is too long.",
		    key);
	*out = v;
	return 0;
}
