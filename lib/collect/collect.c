/*
 * collect.c: gather host facts, every guest's configurations and logs, vswitches, the device
 * database, hpvmstatus -X, the host logs and kernel messages (and one guest's runtime state
 * from QEMU) into a staging directory, list each file's SHA-256 in MANIFEST, and pack it with
 * the system's tar, run from an argument vector. Logs are kept to their last bytes. A file
 * that holds a private key is never collected; EXCLUDED says which were left out. Works while
 * guests run: configurations are read under the shared global lock, like hpvmstatus.
 */
#include <sys/stat.h>
#include <sys/utsname.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <libxml/xmlversion.h>
#include <netlink/version.h>
#include <openssl/crypto.h>

#include "base/dir.h"
#include "base/exec.h"
#include "base/file.h"
#include "base/host.h"
#include "base/hpvm_err.h"
#include "base/lock.h"
#include "base/path.h"
#include "base/uuid.h"
#include "base/version.h"
#include "collect/collect.h"
#include "collect/manifest.h"
#include "fmt/status_fmt.h"
#include "fmt/vswitch_fmt.h"
#include "net/vswitch_view.h"
#include "ops/guest_view.h"
#include "store/guest_store.h"
#include "store/vswitch_config.h"
#include "vmm/qmp.h"
#include "vmm/runtime.h"

#define COLLECT_STEPS	10

struct staging {
	char	root[HPVM_PATH_LEN + 300];	/* the directory packed: <tmp>/<name> */
	char	tmp[HPVM_PATH_LEN];
	char	name[256];
	char	**files;		/* collected, relative to root, for the MANIFEST */
	size_t	nfiles, cap;
	char	excluded[8192];
	long	log_max;
};

static int
record(struct staging *s, const char *rel)
{
	if (s->nfiles == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		char **f = realloc(s->files, cap * sizeof(*f));
		if (f == NULL)
			return -1;
		s->files = f;
		s->cap = cap;
	}
	return (s->files[s->nfiles] = strdup(rel)) == NULL ? -1 : (int)(s->nfiles++, 0);
}

static int
make_parents(const char *root, const char *rel)
{
	char path[HPVM_PATH_LEN * 3];
	char *p;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

/* Put `len` bytes as `rel`, unless they hold a private key: then it is only named in EXCLUDED. */
static int
put_text(struct staging *s, const char *rel, const char *buf, size_t len, struct hpvm_err *e)
{
	char path[HPVM_PATH_LEN * 3];

	if (manifest_has_private_key(buf, len)) {
		size_t o = strlen(s->excluded);
		snprintf(s->excluded + o, sizeof(s->excluded) - o, "%s: holds a private key\n", rel);
		return 0;
	}
	snprintf(path, sizeof(path), "%s/%s", s->root, rel);
	if (make_parents(s->root, rel) == -1)
		return hpvm_fail(e, errno, "Unable to make the directory for %s: %s", rel, strerror(errno));
	if (file_write_atomic(path, buf, len, 0600, e) == -1 || record(s, rel) == -1)
		return hpvm_fail(e, ENOMEM, "Unable to collect %s.", rel);
	return 0;
}

/* The file at `src` (its last `max` bytes, when max > 0); a file that is not there is no error. */
static int
put_file(struct staging *s, const char *rel, const char *src, long max, struct hpvm_err *e)
{
	char *text;
	size_t len;
	int rc;

	if (file_read_all(src, &text, &len, NULL) == -1)
		return 0;
	if (max > 0 && len > (size_t)max) {
		/* A log kept to its end starts at its first whole line. */
		char *start = text + len - (size_t)max, *nl = memchr(start, '\n', (size_t)max);
		if (nl != NULL)
			start = nl + 1;
		rc = put_text(s, rel, start, (size_t)(text + len - start), e);
	} else
		rc = put_text(s, rel, text, len, e);
	free(text);
	return rc;
}

/* A program's output (its last `max` bytes); what went wrong running it is the file's text instead. */
static int
put_command(struct staging *s, const char *rel, const char *const *argv, long max, struct hpvm_err *e)
{
	char tmp[HPVM_PATH_LEN + 32];
	struct hpvm_err ce = { 0 };
	int fd, rc;

	snprintf(tmp, sizeof(tmp), "%s/command.out", s->tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) == -1)
		return hpvm_fail(e, errno, "Unable to create %s: %s", tmp, strerror(errno));
	rc = exec_argv_output(argv, fd, &ce);
	close(fd);
	if (rc == -1) {
		char msg[HPVM_MSG_LEN + 32];
		int n = snprintf(msg, sizeof(msg), "(%s)\n", hpvm_err_first(&ce));
		unlink(tmp);
		return put_text(s, rel, msg, (size_t)n, e);
	}
	rc = put_file(s, rel, tmp, max, e);
	unlink(tmp);
	return rc;
}

/* Text a formatter writes to a stream. */
typedef int (*stream_writer)(FILE *f, void *arg, struct hpvm_err *e);

static int
put_stream(struct staging *s, const char *rel, stream_writer w, void *arg, struct hpvm_err *e)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	rc = w(f, arg, e);
	fclose(f);
	if (rc == 0)
		rc = put_text(s, rel, buf, len, e);
	free(buf);
	return rc;
}

static void
first_match(const char *path, const char *key, char *buf, size_t len)
{
	char *text, *p;

	snprintf(buf, len, "unknown");
	if (file_read_all(path, &text, NULL, NULL) == -1)
		return;
	if ((p = strstr(text, key)) != NULL && (p = strchr(p, ':')) != NULL) {
		p += 1 + strspn(p + 1, " \t");
		snprintf(buf, len, "%.*s", (int)strcspn(p, "\n"), p);
	}
	free(text);
}

static int
write_facts(FILE *f, void *arg, struct hpvm_err *e)
{
	char uuid[UUID_STR_LEN + 1] = "unknown", model[256], mem[64], qemu[256] = "", path[HPVM_PATH_LEN];
	const char *qv[] = { "qemu-system-x86_64", "--version", NULL };
	struct utsname u;
	int fd;

	(void)arg;
	(void)e;
	uname(&u);
	host_uuid(uuid, sizeof(uuid), NULL);
	first_match("/proc/cpuinfo", "model name", model, sizeof(model));
	first_match("/proc/meminfo", "MemTotal", mem, sizeof(mem));
	snprintf(path, sizeof(path), "/tmp/.hpvmcollect-qemu.%ld", (long)getpid());
	if ((fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) != -1) {
		if (exec_argv_output(qv, fd, NULL) == 0 && pread(fd, qemu, sizeof(qemu) - 1, 0) > 0)
			qemu[strcspn(qemu, "\n")] = '\0';
		close(fd);
		unlink(path);
	}
	fprintf(f, "hpvm:       %s\nhost name:  %s\nhost UUID:  %s\nkernel:     %s %s %s %s\n"
	    "processors: %d (%s), %d MHz\nmemory:     %s\nQEMU:       %s\nlibxml2:    %s\n"
	    "json-c:     %s\nlibnl:      %s\nOpenSSL:    %s\n", HPVM_VERSION, u.nodename, uuid,
	    u.sysname, u.release, u.version, u.machine, host_ncpus(), model, host_cpu_mhz(), mem,
	    qemu[0] ? qemu : "not found", LIBXML_DOTTED_VERSION, json_c_version(), LIBNL_STRING,
	    OpenSSL_version(OPENSSL_VERSION));
	return 0;
}

static int
write_status_xml(FILE *f, void *arg, struct hpvm_err *e)
{
	struct guest_view *vs;
	size_t n;

	(void)arg;
	if (guest_view_load_all(&vs, &n, e) == -1)
		return -1;
	status_fmt_xml(f, vs, n, e);
	guest_view_free(vs, n);
	return 0;
}

static int
write_vswitches(FILE *f, void *arg, struct hpvm_err *e)
{
	char **names;
	size_t n, i;

	(void)arg;
	if (vswitch_config_names(&names, &n, e) == -1)
		return -1;
	vswitch_fmt_header(f);
	for (i = 0; i < n; i++) {
		struct vswitch_view v;
		if (vswitch_view_load(names[i], &v, NULL) == 0) {
			vswitch_fmt_line(f, &v);
			vswitch_fmt_ports(f, &v);
			fputc('\n', f);
		}
	}
	vswitch_config_names_free(names, n);
	return 0;
}

static int
by_name_desc(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

/* A log and its newest rotated files (<name>.<timestamp>), each kept to its end. */
static int
put_logs(struct staging *s, const char *dir, const char *name, const char *reldir, struct hpvm_err *e)
{
	char src[HPVM_PATH_LEN + 300], rel[HPVM_PATH_LEN], *found[256];
	size_t nf = 0, i, nl = strlen(name);
	struct dirent *d;
	DIR *dp;
	int rc = 0;

	snprintf(src, sizeof(src), "%s/%s", dir, name);
	snprintf(rel, sizeof(rel), "%s/%s", reldir, name);
	if (put_file(s, rel, src, s->log_max, e) == -1)
		return -1;
	if ((dp = opendir(dir)) == NULL)
		return 0;
	while ((d = readdir(dp)) != NULL && nf < sizeof(found) / sizeof(found[0]))
		if (strncmp(d->d_name, name, nl) == 0 && d->d_name[nl] == '.' && d->d_name[nl + 1] >= '0' &&
		    d->d_name[nl + 1] <= '9' && (found[nf] = strdup(d->d_name)) != NULL)
			nf++;
	closedir(dp);
	if (nf > 0)
		qsort(found, nf, sizeof(found[0]), by_name_desc);
	for (i = 0; i < nf; i++) {
		snprintf(src, sizeof(src), "%s/%s", dir, found[i]);
		snprintf(rel, sizeof(rel), "%s/%s", reldir, found[i]);
		if (rc == 0 && i < COLLECT_ROTATED_MAX)
			rc = put_file(s, rel, src, s->log_max, e);
		free(found[i]);
	}
	return rc;
}

/* Every guest's configurations (current, prev, next) and logs, by name. */
static int
put_guests(struct staging *s, struct hpvm_err *e)
{
	static const char *const slots[] = { "vmm_config.current", "vmm_config.prev", "vmm_config.next" };
	struct guest_store_list l;
	char dir[HPVM_PATH_LEN], src[HPVM_PATH_LEN + 64], rel[512], uuid[UUID_STR_LEN + 1];
	size_t i, k;
	int lk, rc = 0;

	if ((lk = lock_global(LOCK_SHARED_MODE, e)) == -1)
		return -1;
	if (guest_store_list(&l, GUEST_LIST_READ, e) == -1) {
		lock_release(lk);
		return -1;
	}
	for (i = 0; i < l.n && rc == 0; i++) {
		if (guest_store_lookup(l.names[i], uuid, sizeof(uuid), NULL) == -1 ||
		    guest_store_dir(uuid, dir, sizeof(dir), NULL) == -1)
			continue;
		for (k = 0; k < sizeof(slots) / sizeof(slots[0]) && rc == 0; k++) {
			snprintf(src, sizeof(src), "%s/%s", dir, slots[k]);
			snprintf(rel, sizeof(rel), "guests/%s/%s", l.names[i], slots[k]);
			rc = put_file(s, rel, src, 0, e);
		}
		snprintf(rel, sizeof(rel), "guests/%s", l.names[i]);
		if (rc == 0)
			rc = put_logs(s, dir, "log", rel, e);
		snprintf(src, sizeof(src), "%s/console.log", dir);
		snprintf(rel, sizeof(rel), "guests/%s/console.log", l.names[i]);
		if (rc == 0)
			rc = put_file(s, rel, src, s->log_max, e);
	}
	guest_store_list_free(&l);
	lock_release(lk);
	return rc;
}

/* -P: what QEMU says about the running guest, one file per question. */
static int
put_runtime(struct staging *s, const char *name, struct hpvm_err *e)
{
	static const char *const queries[] = { "query-status", "query-version", "query-name",
	    "query-uuid", "query-kvm", "query-machines", "query-cpus-fast", "query-memory-size-summary",
	    "query-block", "query-blockstats", "query-chardev", "query-pci", "query-migrate",
	    "query-balloon", "query-iothreads" };
	char uuid[UUID_STR_LEN + 1], sock[HPVM_PATH_LEN], rel[512];
	struct qmp q = { .fd = -1 };
	size_t i;
	int rc = 0;

	if (guest_store_lookup(name, uuid, sizeof(uuid), e) == -1)
		return -1;
	if (!runtime_is_running(uuid))
		return put_text(s, "runtime/not-running", "The guest was not running.\n", 27, e);
	if (runtime_path(uuid, RT_QMP_MON, sock, sizeof(sock), e) == -1 || qmp_connect(&q, sock, 5000, e) == -1)
		return -1;
	q.timeout_ms = 5000;
	for (i = 0; i < sizeof(queries) / sizeof(queries[0]) && rc == 0; i++) {
		json_object *ret = NULL;
		struct hpvm_err qe = { 0 };
		const char *text;
		snprintf(rel, sizeof(rel), "runtime/%s.json", queries[i]);
		if (qmp_execute(&q, queries[i], NULL, &ret, &qe) == 0) {
			text = json_object_to_json_string_ext(ret, JSON_C_TO_STRING_PRETTY);
			rc = put_text(s, rel, text, strlen(text), e);
		} else {
			char msg[HPVM_MSG_LEN + 8];
			int n = snprintf(msg, sizeof(msg), "(%s)\n", hpvm_err_first(&qe));
			rc = put_text(s, rel, msg, (size_t)n, e);
		}
		json_object_put(ret);
	}
	qmp_close(&q);
	return rc;
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
step(const struct collect_opts *o, const char *what, int *done)
{
	(*done)++;
	if (o->progress != NULL)
		o->progress(what, *done, COLLECT_STEPS, o->arg);
}

static int
gather(struct staging *s, const struct collect_opts *o, struct hpvm_err *e)
{
	const char *dmesg[] = { "dmesg", NULL };
	char common[HPVM_PATH_LEN], path[HPVM_PATH_LEN];
	int done = 0;

	if (put_stream(s, "host/facts.txt", write_facts, NULL, e) == -1 ||
	    put_file(s, "host/cpuinfo", "/proc/cpuinfo", 0, e) == -1 ||
	    put_file(s, "host/meminfo", "/proc/meminfo", 0, e) == -1)
		return -1;
	step(o, "host facts", &done);
	if (put_command(s, "host/dmesg.txt", dmesg, s->log_max, e) == -1)
		return -1;
	step(o, "kernel messages", &done);
	if (path_build(path, sizeof(path), e, HPVM_CONF) == -1 || put_file(s, "etc/hpvmconf", path, 0, e) == -1)
		return -1;
	if (path_build(path, sizeof(path), e, HPVM_DEVDB) == -1 ||
	    put_file(s, "common/hpvm_mgmtdb", path, 0, e) == -1)
		return -1;
	step(o, "configuration and device database", &done);
	if (path_build(common, sizeof(common), e, HPVM_COMMON) == -1 ||
	    put_logs(s, common, "command.log", "common", e) == -1 ||
	    put_logs(s, common, "hpvm_mon_log", "common", e) == -1)
		return -1;
	step(o, "host logs", &done);
	if (put_stream(s, "vswitches.txt", write_vswitches, NULL, e) == -1)
		return -1;
	step(o, "vswitches", &done);
	if (put_guests(s, e) == -1)
		return -1;
	step(o, "guest configurations and logs", &done);
	if (put_stream(s, "hpvmstatus-X.xml", write_status_xml, NULL, e) == -1)
		return -1;
	step(o, "hpvmstatus -X", &done);
	if (o->guest != NULL && put_runtime(s, o->guest, e) == -1)
		return -1;
	step(o, "guest runtime state", &done);
	if (s->excluded[0] != '\0' && put_text(s, "EXCLUDED", s->excluded, strlen(s->excluded), e) == -1)
		return -1;
	if (manifest_write(s->root, (const char *const *)s->files, s->nfiles, e) == -1)
		return -1;
	step(o, "MANIFEST", &done);
	return 0;
}

/*
 * Collect into "<dir>/hpvmcollect-<host>[-<guest>]-<time>.tar.gz", named in `archive`. The
 * archive appears whole or not at all; the staging directory never stays.
 */
int
collect_run(const struct collect_opts *o, char *archive, size_t len, struct hpvm_err *e)
{
	struct staging s = { .log_max = o->log_max > 0 ? o->log_max : COLLECT_LOG_MAX };
	char host[64] = "host", when[32], tmparch[HPVM_PATH_LEN + 300], uuid[UUID_STR_LEN + 1];
	struct stat st;
	time_t now = time(NULL);
	struct tm tm;
	size_t i;
	int rc;

	if (stat(o->dir, &st) == -1 || !S_ISDIR(st.st_mode))
		return hpvm_fail(e, ENOTDIR, "%s is not a directory.", o->dir);
	if (o->guest != NULL && guest_store_lookup(o->guest, uuid, sizeof(uuid), e) == -1)
		return -1;
	gethostname(host, sizeof(host) - 1);
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y%m%d-%H%M%S", &tm);
	snprintf(s.name, sizeof(s.name), "hpvmcollect-%s%s%s-%s", host, o->guest ? "-" : "",
	    o->guest ? o->guest : "", when);
	if (snprintf(archive, len, "%s/%s.tar.gz", o->dir, s.name) >= (int)len)
		return hpvm_fail(e, ENAMETOOLONG, "The archive's name is too long.");
	snprintf(s.tmp, sizeof(s.tmp), "%s/.hpvmcollect.XXXXXX", o->dir);
	if (mkdtemp(s.tmp) == NULL)
		return hpvm_fail(e, errno, "Unable to make a directory in %s: %s", o->dir, strerror(errno));
	snprintf(s.root, sizeof(s.root), "%s/%s", s.tmp, s.name);
	rc = mkdir(s.root, 0700) == -1 ? hpvm_fail(e, errno, "mkdir %s: %s", s.root, strerror(errno)) :
	    gather(&s, o, e);
	if (rc == 0) {
		const char *tar[] = { "tar", "-C", s.tmp, "-czf", tmparch, s.name, NULL };
		snprintf(tmparch, sizeof(tmparch), "%s/.%s.tar.gz.tmp", o->dir, s.name);
		if ((rc = exec_argv(tar, e)) == 0 && rename(tmparch, archive) == -1)
			rc = hpvm_fail(e, errno, "Unable to rename %s: %s", tmparch, strerror(errno));
		if (rc == -1)
			unlink(tmparch);
		else if (o->progress != NULL)
			o->progress("archive", COLLECT_STEPS, COLLECT_STEPS, o->arg);
	}
	nftw(s.tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	for (i = 0; i < s.nfiles; i++)
		free(s.files[i]);
	free(s.files);
	return rc;
}
