/* schema.h: validate documents against etc/schema/hpvm.rng, which every binary carries. */
#ifndef HPVM_SCHEMA_H
#define HPVM_SCHEMA_H

#include <libxml/tree.h>

struct hpvm_err;

int	schema_validate(xmlDocPtr doc, const char *what, struct hpvm_err *e);

#endif
