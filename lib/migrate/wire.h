/* wire.h: migration's messages: a 4-byte length, then one JSON object; every field read is checked. */
#ifndef HPVM_WIRE_H
#define HPVM_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

struct hpvm_err;
struct tls_conn;

#define WIRE_MAX	(1 << 20)	/* a configuration fits many times over */
#define WIRE_DEPTH	6		/* a peer's messages; the session adds an envelope */

int	wire_parse(const char *buf, size_t len, int depth, json_object **msg, struct hpvm_err *e);
int	wire_send(struct tls_conn *c, json_object *msg, int timeout_ms, struct hpvm_err *e);
int	wire_recv(struct tls_conn *c, json_object **msg, int timeout_ms, struct hpvm_err *e);
int	wire_str(json_object *msg, const char *key, size_t max, const char **out, struct hpvm_err *e);
int	wire_int(json_object *msg, const char *key, int64_t lo, int64_t hi, int64_t *out,
	    struct hpvm_err *e);
int	wire_bool(json_object *msg, const char *key, int *out, struct hpvm_err *e);
int	wire_array(json_object *msg, const char *key, size_t max, json_object **out,
	    struct hpvm_err *e);

#endif
