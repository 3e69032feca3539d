/* fuzz_qmp_stats.c: libFuzzer target: any bytes as QEMU's reply to query-blockstats or query-cpus-fast, read as hpvmsar and hpvmsnmpd read them. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vmm/qmp_stats.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct qmp_blockstat b[64];
	struct qmp_vcpu v[64];
	struct json_tokener *tok = json_tokener_new_ex(64);
	json_object *j;
	int n, i;

	if (tok == NULL)
		return 0;
	j = json_tokener_parse_ex(tok, (const char *)data, (int)(size > 65536 ? 65536 : size));
	json_tokener_free(tok);
	if (j == NULL)
		return 0;
	n = qmp_stats_blockstats(j, b, 64);
	for (i = 0; i < n; i++) {
		/* Every name is terminated within its field, and matching never reads past it. */
		if (memchr(b[i].drive, '\0', sizeof(b[i].drive)) == NULL ||
		    memchr(b[i].qdev, '\0', sizeof(b[i].qdev)) == NULL)
			abort();
		(void)qmp_stats_blockstat_is(&b[i], "drv0_1_0", "dev0_1_0");
	}
	n = qmp_stats_cpus(j, v, 64);
	for (i = 0; i < n; i++)
		if (v[i].index < 0 || v[i].thread <= 0)
			abort();
	json_object_put(j);
	return 0;
}
