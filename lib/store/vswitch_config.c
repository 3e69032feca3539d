/* vswitch_config.c: vswitch configurations under /var/opt/hpvm/vswitches/<name> (XML, schema-checked); localnet always exists. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/dir.h"
#include "base/file.h"
#include "base/hpvm_err.h"
#include "base/name.h"
#include "base/path.h"
#include "base/units.h"
#include "store/schema.h"
#include "store/vswitch_config.h"
#include "store/xml.h"

static int
config_path(const char *name, char *buf, size_t len, struct hpvm_err *e)
{
	return path_build(buf, len, e, HPVM_VSWITCHES "/%s", name);
}

/* A switch with no uplink and no VLANs: what a new configuration starts from. */
void
vswitch_config_init(struct vswitch *vs, const char *name)
{
	int i;

	memset(vs, 0, sizeof(*vs));
	snprintf(vs->name, sizeof(vs->name), "%s", name);
	for (i = 0; i < VSWITCH_PORTS; i++)
		vs->vlan[i] = VLAN_NONE;
}

int
vswitch_config_exists(const char *name)
{
	char path[HPVM_PATH_LEN];

	return strcmp(name, LOCALNET) == 0 ||
	    (config_path(name, path, sizeof(path), NULL) == 0 && access(path, F_OK) == 0);
}

void
vswitch_config_bridge(const struct vswitch *vs, char *buf, size_t len)
{
	snprintf(buf, len, "hv-%s", vs->name);
}

static int
parse(xmlDocPtr doc, struct vswitch *vs)
{
	xmlNodePtr n;
	long v, port;

	for (n = xmlDocGetRootElement(doc)->children; n != NULL; n = n->next) {
		const char *t = n->children && n->children->content ? (const char *)n->children->content : "";
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "number") == 0 && units_parse_int(t, 1, 100000, &v) == 0)
			vs->number = (int)v;
		else if (strcmp((const char *)n->name, "backend") == 0)
			vs->ovs = strcmp(t, "ovs") == 0;
		else if (strcmp((const char *)n->name, "uplink") == 0)
			snprintf(vs->uplink, sizeof(vs->uplink), "%s", t);
		else if (strcmp((const char *)n->name, "boot") == 0)
			vs->boot = strcmp(t, "yes") == 0;
		else if (strcmp((const char *)n->name, "port") == 0) {
			xmlChar *id = xmlGetProp(n, X("id")), *vl = xmlGetProp(n, X("vlan"));
			int ok = id && vl && units_parse_int((char *)id, 0, VSWITCH_PORTS - 1, &port) == 0 &&
			    units_parse_int((char *)vl, 0, 4094, &v) == 0;
			xmlFree(id);
			xmlFree(vl);
			if (!ok)
				return -1;
			vs->vlan[port] = (int)v;
		}
	}
	return vs->number > 0 ? 0 : -1;
}

/* localnet needs no file: it is number 1, has no uplink, and is always booted. */
int
vswitch_config_load(const char *name, struct vswitch *vs, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN], *text;
	xmlDocPtr doc;
	size_t len;
	int rc;

	vswitch_config_init(vs, name);
	if (name_check_vswitch(name, e) == -1 || config_path(name, path, sizeof(path), e) == -1)
		return -1;
	if (access(path, F_OK) == -1 && strcmp(name, LOCALNET) == 0) {
		vs->number = 1;
		vs->boot = 1;
		return 0;
	}
	if (file_read_all(path, &text, &len, NULL) == -1)
		return hpvm_fail(e, ENOENT, "The vswitch '%s' does not exist.", name);
	doc = xml_read(text, len, path, e);
	free(text);
	if (doc == NULL)
		return -1;
	rc = schema_validate(doc, path, e);
	if (rc == 0 && parse(doc, vs) == -1)
		rc = hpvm_fail(e, EINVAL, "%s holds a value that cannot be used.", path);
	xmlFreeDoc(doc);
	return rc;
}

xmlNodePtr
vswitch_config_xml_node(const struct vswitch *vs)
{
	xmlNodePtr root = xmlNewNode(NULL, X("vswitch")), p;
	char buf[32];
	int i;

	xmlNewProp(root, X("format"), X("1"));
	xmlNewTextChild(root, NULL, X("name"), X(vs->name));
	snprintf(buf, sizeof(buf), "%d", vs->number);
	xmlNewTextChild(root, NULL, X("number"), X(buf));
	xmlNewTextChild(root, NULL, X("backend"), X(vs->ovs ? "ovs" : "bridge"));
	if (vs->uplink[0] != '\0')
		xmlNewTextChild(root, NULL, X("uplink"), X(vs->uplink));
	xmlNewTextChild(root, NULL, X("boot"), X(vs->boot ? "yes" : "no"));
	for (i = 0; i < VSWITCH_PORTS; i++) {
		if (vs->vlan[i] == VLAN_NONE)
			continue;
		p = xmlNewChild(root, NULL, X("port"), NULL);
		snprintf(buf, sizeof(buf), "%d", i);
		xmlNewProp(p, X("id"), X(buf));
		snprintf(buf, sizeof(buf), "%d", vs->vlan[i]);
		xmlNewProp(p, X("vlan"), X(buf));
	}
	return root;
}

int
vswitch_config_save(const struct vswitch *vs, struct hpvm_err *e)
{
	char dir[HPVM_PATH_LEN], path[HPVM_PATH_LEN], *buf;
	xmlDocPtr doc = xmlNewDoc(X("1.0"));
	size_t len;
	int rc;

	xmlDocSetRootElement(doc, vswitch_config_xml_node(vs));
	rc = xml_doc_dump(doc, &buf, &len, e);
	xmlFreeDoc(doc);
	if (rc == -1)
		return -1;
	if (path_build(dir, sizeof(dir), e, HPVM_VSWITCHES) == -1 || dir_make(dir, 0755, e) == -1 ||
	    config_path(vs->name, path, sizeof(path), e) == -1)
		rc = -1;
	else
		rc = file_write_atomic(path, buf, len, 0644, e);
	free(buf);
	return rc;
}

int
vswitch_config_remove(const char *name, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN];

	if (config_path(name, path, sizeof(path), e) == -1)
		return -1;
	if (unlink(path) == -1 && errno != ENOENT)
		return hpvm_fail(e, errno, "Unable to remove %s: %s", path, strerror(errno));
	return 0;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* localnet first, then the configured ones by name. */
int
vswitch_config_names(char ***out, size_t *n, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN], **names;
	struct dirent *d;
	DIR *dir;
	size_t cap = 16;

	*n = 0;
	if ((names = calloc(cap, sizeof(char *))) == NULL)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	names[(*n)++] = strdup(LOCALNET);
	path_build(path, sizeof(path), NULL, HPVM_VSWITCHES);
	if ((dir = opendir(path)) != NULL) {
		while ((d = readdir(dir)) != NULL) {
			if (d->d_name[0] == '.' || strstr(d->d_name, ".tmp.") != NULL ||
			    strcmp(d->d_name, LOCALNET) == 0 || name_check_vswitch(d->d_name, NULL) == -1)
				continue;
			if (*n == cap) {
				char **nn = realloc(names, (cap *= 2) * sizeof(char *));
				if (nn == NULL)
					break;
				names = nn;
			}
			names[(*n)++] = strdup(d->d_name);
		}
		closedir(dir);
	}
	if (*n > 2)
		qsort(names + 1, *n - 1, sizeof(char *), cmp_name);
	*out = names;
	return 0;
}

void
vswitch_config_names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The lowest number not in use (localnet is 1). */
int
vswitch_config_next_number(void)
{
	char **names;
	size_t n, i;
	int num, taken;

	if (vswitch_config_names(&names, &n, NULL) == -1)
		return 2;
	for (num = 2; ; num++) {
		taken = 0;
		for (i = 1; i < n && !taken; i++) {
			struct vswitch vs;
			if (vswitch_config_load(names[i], &vs, NULL) == 0 && vs.number == num)
				taken = 1;
		}
		if (!taken)
			break;
	}
	vswitch_config_names_free(names, n);
	return num;
}
