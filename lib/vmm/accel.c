/* accel.c: KVM only when it can really run a guest: /dev/kvm may open yet fail or hang on KVM_RUN (nested modes). */
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "vmm/accel.h"
#include "base/hpvm_err.h"

/*
 * Some hosts offer a restricted KVM (a nested mode for special guest kernels) that runs a
 * real-mode HLT but hangs an ordinary kernel; it hides SSE3, which every x86-64 CPU since
 * 2005 has. Require it.
 */
static int
kvm_cpuid_ordinary(int kvm)
{
	struct {
		struct kvm_cpuid2 head;
		struct kvm_cpuid_entry2 ent[128];
	} c;
	unsigned int i;

	memset(&c, 0, sizeof(c));
	c.head.nent = 128;
	if (ioctl(kvm, KVM_GET_SUPPORTED_CPUID, &c.head) == -1)
		return 0;
	for (i = 0; i < c.head.nent; i++)
		if (c.head.entries[i].function == 1)
			return (c.head.entries[i].ecx & 1) != 0;
	return 0;
}

/* In a child: run one real-mode HLT instruction. Exit 0 if the vCPU stopped on it. */
static void __attribute__((noreturn))
kvm_probe_child(void)
{
	struct kvm_userspace_memory_region region = { 0 };
	struct kvm_sregs sregs;
	struct kvm_regs regs = { 0 };
	struct kvm_run *run;
	unsigned char *mem;
	int kvm, vm, vcpu, size;

	alarm(3);
	if ((kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC)) == -1 ||
	    ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION || !kvm_cpuid_ordinary(kvm) ||
	    (vm = ioctl(kvm, KVM_CREATE_VM, 0)) == -1)
		_exit(1);
	mem = mmap(NULL, 0x1000, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		_exit(1);
	mem[0] = 0xf4;					/* hlt */
	region.guest_phys_addr = 0x1000;
	region.memory_size = 0x1000;
	region.userspace_addr = (unsigned long)mem;
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) == -1 ||
	    (vcpu = ioctl(vm, KVM_CREATE_VCPU, 0)) == -1 ||
	    (size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0)) <= 0)
		_exit(1);
	run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED || ioctl(vcpu, KVM_GET_SREGS, &sregs) == -1)
		_exit(1);
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	regs.rip = 0x1000;
	regs.rflags = 2;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) == -1 || ioctl(vcpu, KVM_SET_REGS, &regs) == -1 ||
	    ioctl(vcpu, KVM_RUN, 0) == -1)
		_exit(1);
	_exit(run->exit_reason == KVM_EXIT_HLT ? 0 : 1);
}

int
accel_kvm_usable(void)
{
	pid_t pid;
	int status, i;

	if (access("/dev/kvm", R_OK | W_OK) == -1)
		return 0;
	if ((pid = fork()) == -1)
		return 0;
	if (pid == 0)
		kvm_probe_child();
	/* Never wait more than about three seconds: a hung KVM_RUN means "no". */
	for (i = 0; i < 300; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) && WEXITSTATUS(status) == 0;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return 0;
}

/* Which accelerator guests get here ("KVM" or "TCG"), and why, for hpvmstatus -s. */
const char *
accel_explain(const char *want, char *why, size_t len)
{
	const char *a = accel_choose(want, NULL);

	if (a == NULL)
		snprintf(why, len, "HPVM_ACCEL=%s in hpvmconf cannot be honoured", want);
	else if (want != NULL && strcasecmp(want, "tcg") == 0)
		snprintf(why, len, "HPVM_ACCEL=tcg in hpvmconf");
	else if (strcmp(a, "kvm") == 0)
		snprintf(why, len, "/dev/kvm runs guests on this host");
	else if (access("/dev/kvm", F_OK) == -1)
		snprintf(why, len, "no /dev/kvm on this host (no hardware virtualization, or kvm "
		    "not loaded)");
	else if (access("/dev/kvm", R_OK | W_OK) == -1)
		snprintf(why, len, "/dev/kvm cannot be opened");
	else
		snprintf(why, len, "KVM cannot run a guest on this host (its probe failed)");
	return a == NULL ? "none" : strcmp(a, "kvm") == 0 ? "KVM" : "TCG";
}

/* "kvm" or "tcg" for QEMU's -machine accel=. */
const char *
accel_choose(const char *want, struct hpvm_err *e)
{
	if (want == NULL || *want == '\0' || strcasecmp(want, "auto") == 0)
		return accel_kvm_usable() ? "kvm" : "tcg";
	if (strcasecmp(want, "tcg") == 0)
		return "tcg";
	if (strcasecmp(want, "kvm") == 0) {
		if (!accel_kvm_usable()) {
			hpvm_fail(e, ENODEV, "HPVM_ACCEL=kvm, but KVM cannot run a guest on this host.");
			return NULL;
		}
		return "kvm";
	}
	hpvm_fail(e, EINVAL, "Invalid HPVM_ACCEL '%s' in hpvmconf: use auto, kvm or tcg.", want);
	return NULL;
}
