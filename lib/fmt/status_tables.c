/* status_tables.c: the per-aspect tables of hpvmstatus, each in the manner of HP's summary table. */
#include <stdio.h>

#include "base/units.h"
#include "fmt/status_fmt.h"
#include "fmt/status_tables.h"
#include "model/guest.h"
#include "ops/guest_view.h"

static const char *const headers[] = {
	[STATUS_TABLE_RESOURCES] = "[Virtual Machine Resources]\n"
	    "Virtual Machine Name VM #  #VCPUs Entitlement Maximum Memory  Reserved #Devs #Nets\n"
	    "==================== ===== ====== =========== ======= ======= ======== ===== =====\n",
	[STATUS_TABLE_CPU] = "[Virtual CPU Details]\n"
	    "Virtual Machine Name VM #  #VCPUs Entitlement Maximum\n"
	    "==================== ===== ====== =========== =======\n",
	[STATUS_TABLE_MEMORY] = "[Memory Details]\n"
	    "Virtual Machine Name VM #  Memory  Reserved\n"
	    "==================== ===== ======= ========\n",
	[STATUS_TABLE_ATTRIBUTES] = "[Virtual Machine Attributes]\n"
	    "Virtual Machine Name VM #  Start  Runnable Modify   Visible  Register Label\n"
	    "==================== ===== ====== ======== ======== ======== ======== =====\n",
};

void
status_tables_header(FILE *f, enum status_table t)
{
	fputs(headers[t], f);
}

static const char *
status_word(int on)
{
	return on ? "enabled" : "disabled";
}

void
status_tables_line(FILE *f, enum status_table t, const struct guest_view *v)
{
	const struct guest *g = &v->g;
	char ent[32], max[32], mem[32], res[32];

	status_fmt_entitlement(v, ENT_LIMIT_MIN, ent, sizeof(ent));
	status_fmt_entitlement(v, ENT_LIMIT_MAX, max, sizeof(max));
	units_format_memory(g->memory_mb, mem, sizeof(mem));
	units_format_memory(g->reserved_mb, res, sizeof(res));
	fprintf(f, "%-20s %5d ", g->name, g->vmnum);
	switch (t) {
	case STATUS_TABLE_RESOURCES:
		fprintf(f, "%6d %11s %7s %7s %8s %5zu %5zu\n", g->vcpus, ent, max, mem, res,
		    guest_count_devices(g, DEVICES_STORAGE), guest_count_devices(g, DEVICES_NICS));
		break;
	case STATUS_TABLE_CPU:
		fprintf(f, "%6d %11s %7s\n", g->vcpus, ent, max);
		break;
	case STATUS_TABLE_MEMORY:
		fprintf(f, "%7s %8s\n", mem, res);
		break;
	case STATUS_TABLE_ATTRIBUTES:
		fprintf(f, "%-6s %-8s %-8s %-8s %-8s %s\n", g->start_auto ? "auto" : "manual",
		    status_word(g->runnable), status_word(g->modifiable), status_word(g->visible),
		    status_word(g->registered), g->label);
		break;
	}
}
