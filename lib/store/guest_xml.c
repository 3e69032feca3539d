/* guest_xml.c: serialize a guest for vmm_config.* and hpvmstatus -X; parse and schema-check it back. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/hpvm_err.h"
#include "base/mac.h"
#include "base/name.h"
#include "base/str.h"
#include "base/units.h"
#include "model/guest.h"
#include "model/rspec.h"
#include "store/guest_xml.h"
#include "store/schema.h"
#include "store/xml.h"

static void
prop_int(xmlNodePtr n, const char *name, long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", v);
	xmlNewProp(n, X(name), X(buf));
}

static const char *
enabled(int v)
{
	return v ? "enabled" : "disabled";
}

static void
add_device(xmlNodePtr devs, const struct device *d)
{
	char mac[MAC_STR_LEN + 1];
	xmlNodePtr n;

	if (d->type == DEV_NETWORK) {
		n = xmlNewChild(devs, NULL, X("network"), NULL);
		xmlNewProp(n, X("adapter"), X(device_adapter_name(d->adapter)));
		prop_int(n, "bus", d->bus);
		prop_int(n, "dev", d->dev);
		mac_format(d->mac, mac, sizeof(mac));
		xmlNewProp(n, X("mac"), X(mac));
		xmlNewProp(n, X("vswitch"), X(d->location));
		if (d->portid >= 0)
			prop_int(n, "portid", d->portid);
	} else {
		n = xmlNewChild(devs, NULL, X("storage"), NULL);
		xmlNewProp(n, X("type"), X(device_type_name(d->type)));
		xmlNewProp(n, X("adapter"), X(device_adapter_name(d->adapter)));
		prop_int(n, "bus", d->bus);
		prop_int(n, "dev", d->dev);
		prop_int(n, "target", d->target);
		xmlNewProp(n, X("backing"), X(device_backing_name(d->backing)));
		xmlNewProp(n, X("location"), X(d->location));
	}
	if (d->spec != NULL)
		xmlNewProp(n, X("spec"), X(d->spec));
}

static void
add_acls(xmlNodePtr parent, const char *tag, const struct acl *a, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		xmlNodePtr c = xmlNewChild(parent, NULL, X(tag), NULL);
		xmlNewProp(c, X("name"), X(a[i].name));
		xmlNewProp(c, X("level"), X(a[i].level == ACL_ADMIN ? "admin" : "oper"));
	}
}

/*
 * The <guest> element of `doc`; the caller links it in. Devices must have addresses. Names come
 * from the document's dictionary when it has one (hpvmstatus -X: thousands of guests).
 */
xmlNodePtr
guest_xml_node(const struct guest *g, xmlDocPtr doc)
{
	xmlNodePtr root, n;
	char buf[32];
	size_t i;

	root = xmlNewDocNode(doc, NULL, X("guest"), NULL);
	xmlNewProp(root, X("format"), X("1"));
	xmlNewTextChild(root, NULL, X("name"), X(g->name));
	xmlNewTextChild(root, NULL, X("uuid"), X(g->uuid));
	snprintf(buf, sizeof(buf), "%d", g->vmnum);
	xmlNewTextChild(root, NULL, X("vmnum"), X(buf));
	if (g->label[0] != '\0')
		xmlNewTextChild(root, NULL, X("label"), X(g->label));
	xmlNewTextChild(root, NULL, X("ostype"), X(guest_os_limits(g->os)->name));
	snprintf(buf, sizeof(buf), "%d", g->vcpus);
	xmlNewTextChild(root, NULL, X("vcpus"), X(buf));
	n = xmlNewChild(root, NULL, X("entitlement"), NULL);
	xmlNewProp(n, X("unit"), X(g->ent_unit == ENT_MHZ ? "mhz" : "percent"));
	prop_int(n, "min", g->ent_min);
	prop_int(n, "max", g->ent_max);
	n = xmlNewChild(root, NULL, X("memory"), NULL);
	prop_int(n, "mb", g->memory_mb);
	if (g->reserved_mb > 0)
		prop_int(n, "reserved", g->reserved_mb);
	xmlNewTextChild(root, NULL, X("start_attr"), X(g->start_auto ? "auto" : "manual"));
	n = xmlNewChild(root, NULL, X("status"), NULL);
	xmlNewProp(n, X("runnable"), X(enabled(g->runnable)));
	xmlNewProp(n, X("modify"), X(enabled(g->modifiable)));
	xmlNewProp(n, X("visible"), X(enabled(g->visible)));
	xmlNewProp(n, X("register"), X(enabled(g->registered)));
	if (g->uefi || g->boot_kernel[0] != '\0') {
		n = xmlNewChild(root, NULL, X("boot"), NULL);
		xmlNewProp(n, X("firmware"), X(g->uefi ? "uefi" : "bios"));
		if (g->boot_kernel[0] != '\0')
			xmlNewProp(n, X("kernel"), X(g->boot_kernel));
		if (g->boot_initrd[0] != '\0')
			xmlNewProp(n, X("initrd"), X(g->boot_initrd));
		if (g->boot_args[0] != '\0')
			xmlNewProp(n, X("args"), X(g->boot_args));
	}
	if (g->cluster[0] != '\0') {
		n = xmlNewChild(root, NULL, X("cluster"), NULL);
		xmlNewProp(n, X("package"), X(g->cluster));
	}
	n = xmlNewChild(root, NULL, X("console"), NULL);
	add_acls(n, "user", g->users, g->nusers);
	add_acls(n, "group", g->groups, g->ngroups);
	n = xmlNewChild(root, NULL, X("devices"), NULL);
	for (i = 0; i < g->ndevs; i++)
		add_device(n, &g->devs[i]);
	return root;
}

/* The whole configuration file text; free *out. */
int
guest_xml_format(const struct guest *g, char **out, size_t *len, struct hpvm_err *e)
{
	xmlDocPtr doc = xmlNewDoc(X("1.0"));
	int rc;

	xmlDocSetRootElement(doc, guest_xml_node(g, doc));
	rc = xml_doc_dump(doc, out, len, e);
	xmlFreeDoc(doc);
	return rc;
}

static const char *
attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a = xmlHasProp(n, X(name));

	if (a == NULL || a->children == NULL || a->children->content == NULL)
		return "";
	return (const char *)a->children->content;
}

static int
attr_int(xmlNodePtr n, const char *name)
{
	long v;

	return units_parse_int(attr(n, name), 0, 1L << 30, &v) == 0 ? (int)v : -1;
}

static const char *
text(xmlNodePtr n)
{
	return (n->children != NULL && n->children->content != NULL) ?
	    (const char *)n->children->content : "";
}

static int
word_index(const char *w, const char *const *words, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(w, words[i]) == 0)
			return i;
	return -1;
}

/* Schema-checked documents only: every enumerated value is known to be one of the listed ones. */
static int
parse_device(xmlNodePtr n, struct device *d)
{
	static const char *const types[] = { "disk", "dvd", "tape", "changer", "burner" };
	static const char *const ads[] = { "scsi", "avio_stor", "lan", "avio_lan" };
	static const char *const bks[] = { "disk", "lv", "file", "null", "attach" };
	int rc, ad, type = DEV_NETWORK, bk = BK_VSWITCH;

	memset(d, 0, sizeof(*d));
	ad = word_index(attr(n, "adapter"), ads, 4);
	d->bus = attr_int(n, "bus");
	d->dev = attr_int(n, "dev");
	d->portid = -1;
	if (strcmp((const char *)n->name, "network") == 0) {
		d->target = -1;
		rc = mac_parse(attr(n, "mac"), d->mac);
		d->has_mac = 1;
		snprintf(d->location, sizeof(d->location), "%s", attr(n, "vswitch"));
		if (xmlHasProp(n, X("portid")) != NULL)
			d->portid = attr_int(n, "portid");
	} else {
		type = word_index(attr(n, "type"), types, 5);
		d->target = attr_int(n, "target");
		bk = word_index(attr(n, "backing"), bks, 5);
		snprintf(d->location, sizeof(d->location), "%s", attr(n, "location"));
		rc = d->target < 0 ? -1 : 0;
	}
	/* The schema lets "+1" or " 1" through; the loader takes only plain decimals and exact words. */
	if (d->bus < 0 || d->dev < 0 || (xmlHasProp(n, X("portid")) != NULL && d->portid < 0) ||
	    ad < 0 || type < 0 || bk < 0)
		return -1;
	d->adapter = ad;
	d->type = type;
	d->backing = bk;
	if (xmlHasProp(n, X("spec")) != NULL && device_set_spec(d, attr(n, "spec")) == -1)
		rc = -1;
	return rc;
}

static void
parse_acls(xmlNodePtr console, struct guest *g)
{
	xmlNodePtr c;

	for (c = console->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		enum acl_level level = strcmp(attr(c, "level"), "admin") == 0 ? ACL_ADMIN : ACL_OPER;
		if (strcmp((const char *)c->name, "user") == 0)
			guest_acl_set(g->users, &g->nusers, attr(c, "name"), level);
		else
			guest_acl_set(g->groups, &g->ngroups, attr(c, "name"), level);
	}
}

static int
parse_element(xmlNodePtr n, struct guest *g)
{
	const char *name = (const char *)n->name;
	long v;

	if (strcmp(name, "name") == 0)
		snprintf(g->name, sizeof(g->name), "%s", text(n));
	else if (strcmp(name, "uuid") == 0)
		snprintf(g->uuid, sizeof(g->uuid), "%s", text(n));
	else if (strcmp(name, "vmnum") == 0) {
		if (units_parse_int(text(n), 1, 1 << 30, &v) == -1)
			return -1;
		g->vmnum = (int)v;
	}
	else if (strcmp(name, "label") == 0)
		snprintf(g->label, sizeof(g->label), "%s", text(n));
	else if (strcmp(name, "ostype") == 0)
		return guest_os_parse(text(n), &g->os);
	else if (strcmp(name, "vcpus") == 0) {
		if (units_parse_int(text(n), 1, 1 << 30, &v) == -1)
			return -1;
		g->vcpus = (int)v;
	} else if (strcmp(name, "entitlement") == 0) {
		g->ent_unit = strcmp(attr(n, "unit"), "mhz") == 0 ? ENT_MHZ : ENT_PERCENT;
		g->ent_min = attr_int(n, "min");
		g->ent_max = attr_int(n, "max");
		if (g->ent_min < 0 || g->ent_max < 0)
			return -1;
	} else if (strcmp(name, "memory") == 0) {
		if ((g->memory_mb = attr_int(n, "mb")) < 0 ||
		    (xmlHasProp(n, X("reserved")) != NULL && (g->reserved_mb = attr_int(n, "reserved")) < 0))
			return -1;
	}
	else if (strcmp(name, "start_attr") == 0)
		g->start_auto = strcmp(text(n), "auto") == 0;
	else if (strcmp(name, "status") == 0) {
		g->runnable = strcmp(attr(n, "runnable"), "enabled") == 0;
		g->modifiable = strcmp(attr(n, "modify"), "enabled") == 0;
		g->visible = strcmp(attr(n, "visible"), "enabled") == 0;
		g->registered = strcmp(attr(n, "register"), "enabled") == 0;
	} else if (strcmp(name, "boot") == 0) {
		g->uefi = strcmp(attr(n, "firmware"), "uefi") == 0;
		if (str_copy(g->boot_kernel, sizeof(g->boot_kernel), attr(n, "kernel")) == -1 ||
		    str_copy(g->boot_initrd, sizeof(g->boot_initrd), attr(n, "initrd")) == -1 ||
		    str_copy(g->boot_args, sizeof(g->boot_args), attr(n, "args")) == -1)
			return -1;
	} else if (strcmp(name, "cluster") == 0) {
		if (str_copy(g->cluster, sizeof(g->cluster), attr(n, "package")) == -1)
			return -1;
	} else if (strcmp(name, "console") == 0)
		parse_acls(n, g);
	else if (strcmp(name, "devices") == 0) {
		xmlNodePtr c;
		struct device d;
		for (c = n->children; c != NULL; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			int rc = parse_device(c, &d);
			if (rc == 0)
				rc = guest_device_add(g, &d);
			device_free(&d);
			if (rc == -1)
				return -1;
		}
	}
	return 0;
}

/* Parse and validate; on failure `g` is left empty and nothing of the file is used. */
int
guest_xml_parse(const char *buf, size_t len, const char *what, struct guest *g,
    struct hpvm_err *e)
{
	xmlDocPtr doc;
	xmlNodePtr n;
	int rc = 0;

	guest_init(g);
	if ((doc = xml_read(buf, len, what, e)) == NULL)
		return -1;
	if (strcmp((const char *)xmlDocGetRootElement(doc)->name, "guest") != 0) {
		xmlFreeDoc(doc);
		return hpvm_fail(e, EINVAL, "%s is not a guest configuration.", what);
	}
	if (schema_validate(doc, what, e) == -1) {
		xmlFreeDoc(doc);
		return -1;
	}
	for (n = xmlDocGetRootElement(doc)->children; n != NULL && rc == 0; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			rc = parse_element(n, g);
	xmlFreeDoc(doc);
	if (rc == -1) {
		guest_free(g);
		guest_init(g);
		return hpvm_fail(e, EINVAL, "%s holds a value that cannot be used.", what);
	}
	return 0;
}
