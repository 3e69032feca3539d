# hpvm: HP Integrity VM commands for Linux hosts.
#   make demo       the main job: build, then create, start, show and stop a demo guest
#   make            build everything into build/
#   make check      install what is missing, then lint, layering, unit + behaviour tests,
#                   then unit, guest-less behaviour tests and the fuzz corpus under ASan/UBSan
#   make install    install under $(DESTDIR)$(PREFIX); make uninstall removes it again
#   make lint       mandoc -Tlint on every page, shellcheck on every script
#   make fuzz       run the libFuzzer targets for a while
#   make bench      run the benchmarks in bench/

PREFIX	?= /opt/hpvm
BUILD	?= build
CC	?= cc
CFLAGS	?= -O2 -g
# Files outside PREFIX go to the system's places only for the default PREFIX; any other
# PREFIX keeps everything below it unless these are given.
ifeq ($(PREFIX),/opt/hpvm)
SYSTEMDUNITDIR	?= /lib/systemd/system
INITDIR		?= /etc/init.d
OCFDIR		?= /usr/lib/ocf/resource.d/hpvm
COMPLETIONDIR	?= /etc/bash_completion.d
PAMDIR		?= /etc/pam.d
else
SYSTEMDUNITDIR	?= $(PREFIX)/lib/systemd/system
INITDIR		?= $(PREFIX)/etc/init.d
OCFDIR		?= $(PREFIX)/lib/ocf/resource.d/hpvm
COMPLETIONDIR	?= $(PREFIX)/etc/bash_completion.d
PAMDIR		?= $(PREFIX)/etc/pam.d
endif
BINDIR	= $(PREFIX)/bin
LBINDIR	= $(PREFIX)/lbin
MANDIR	= $(PREFIX)/man
SHAREDIR = $(PREFIX)/etc

WARN	 = -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes -Wmissing-declarations \
	   -Wshadow -Wpointer-arith -Wcast-qual -Wsign-compare -Wformat=2 -Wundef
HARDEN_CFLAGS	?= -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
HARDEN_LDFLAGS	?= -pie -Wl,-z,relro -Wl,-z,now
ifeq ($(SANITIZE),1)
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif

# Library groups, lowest first; a group may use only the groups before it (tools/layercheck.sh).
# The core layers are a ladder; the services above them are siblings, none may use another.
LAYERS		= base model store net vmm ops fmt
SERVICES	= migrate snmp collect cluster console
GROUPS		= $(LAYERS) $(SERVICES)
PKGS_base	=
PKGS_model	=
PKGS_store	= libxml-2.0
PKGS_net	= libnl-route-3.0
PKGS_vmm	= json-c
PKGS_ops	=
PKGS_fmt	=
PKGS_migrate	= openssl json-c libseccomp
PKGS_snmp	=
PKGS_collect	= libcrypto
PKGS_cluster	=
PKGS_console	=
# net-snmp's own flags (net-snmp-config, pkg-config netsnmp-agent) drag in perl, sensors, pci:
# the AgentX subagent needs these two libraries and nothing else.
LIBS_snmp	= -lnetsnmpagent -lnetsnmp
SERVICES_hpvmsecsetup	= migrate
SERVICES_hpvmmigrate	= migrate
SERVICES_hpvmmigrated	= migrate
SERVICES_hpvmsnmpd	= snmp
SERVICES_hpvmcollect	= collect
SERVICES_hpvmsg_package	= cluster
SERVICES_hpvmconsole	= console
SERVICES_hpvmconsoled	= console
ALL_PKGS	= $(foreach g,$(GROUPS),$(PKGS_$(g)))
# A group compiles with its own packages and those below it (its headers include theirs).
UPTO_base	= base
UPTO_model	= $(UPTO_base) model
UPTO_store	= $(UPTO_model) store
UPTO_net	= $(UPTO_store) net
UPTO_vmm	= $(UPTO_net) vmm
UPTO_ops	= $(UPTO_vmm) ops
UPTO_fmt	= $(UPTO_ops) fmt
$(foreach s,$(SERVICES),$(eval UPTO_$(s) = $$(UPTO_fmt) $(s)))
pkgs_upto	= $(strip $(foreach g,$(UPTO_$(1)),$(PKGS_$(g))))
pc_cflags	= $(if $(1),$(shell pkg-config --cflags $(1)))
pc_libs		= $(if $(1),$(shell pkg-config --libs $(1)))

BASE_CFLAGS	= -std=c11 -D_GNU_SOURCE $(WARN) $(HARDEN_CFLAGS) $(CFLAGS) $(SAN_FLAGS) -Ilib
BASE_LDFLAGS	= $(HARDEN_LDFLAGS) $(SAN_FLAGS) -Wl,--as-needed $(LDFLAGS)

lib_src		= $(sort $(wildcard lib/$(1)/*.c))
lib_obj		= $(patsubst lib/%.c,$(BUILD)/obj/%.o,$(call lib_src,$(1)))
ARCHIVE		= $(BUILD)/lib/libhpvm-$(1).a
SCHEMA_OBJ	= $(BUILD)/obj/store/schema_text.o

CMDS	= hpvmcreate hpvmmodify hpvmclone hpvmremove hpvmstatus hpvminfo hpvmstart hpvmstop \
	  hpvmconsole hpvmnet hpvmdevmgmt hpvmhostrdev hpvmsecsetup hpvmmigrate hpvmsar hpvmcollect \
	  hpvmdevinfo \
	  hpvmsg_package
LBINS	= hpvmapp hpvmmon hpvmhost hpvmmigrated hpvmsnmpd hpvmconsoled
BINS	= $(addprefix $(BUILD)/bin/,$(CMDS))
LBIN_BINS = $(addprefix $(BUILD)/lbin/,$(LBINS))
UNITS	= $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/*.c))
# What a program links: the core, highest first so each archive's users come before it, and the
# services it names in SERVICES_<program>; only those services' libraries are linked in.
CORE_ARCHIVES = $(foreach g,fmt ops vmm net store model base,$(call ARCHIVE,$(g)))
ALL_ARCHIVES = $(foreach g,$(SERVICES),$(call ARCHIVE,$(g))) $(CORE_ARCHIVES)
ALL_LIBS    = $(call pc_libs,$(ALL_PKGS)) $(foreach g,$(SERVICES),$(LIBS_$(g)))
prog_archives = $(foreach g,$(SERVICES_$(1)),$(call ARCHIVE,$(g))) $(CORE_ARCHIVES)
prog_libs   = $(call pc_libs,$(foreach g,$(LAYERS) $(SERVICES_$(1)),$(PKGS_$(g)))) \
	      $(foreach g,$(SERVICES_$(1)),$(LIBS_$(g)))
# Libraries only some programs link, by program name: PAM for hpvmconsoled's sessions
# (Debian's libpam0g-dev has no pkg-config file everywhere).
PAM_LIBS	:= $(shell pkg-config --libs pam 2>/dev/null || echo -lpam)
PROG_LIBS_hpvmconsoled = $(PAM_LIBS)
ifeq ($(SANITIZE),1)
# ASan intercepts crypt_r and its interceptor calls nothing unless libcrypt is there at start:
# pam_unix, loaded later by PAM, would crash in it.
PROG_LIBS_hpvmconsoled += -Wl,--no-as-needed -lcrypt -Wl,--as-needed
endif

all: $(BINS) $(LBIN_BINS)

# A missing -dev package says so at once, instead of a compiler error about a header later.
pkgcheck:
	@missing=""; command -v pkg-config >/dev/null || missing=" pkg-config"; \
	for p in $(ALL_PKGS); do pkg-config --exists $$p 2>/dev/null || missing="$$missing $$p"; done; \
	echo '#include <security/pam_appl.h>' | $(CC) -E -x c - >/dev/null 2>&1 || missing="$$missing libpam0g-dev"; \
	if [ -n "$$missing" ]; then \
	    echo "hpvm: missing build dependencies:$$missing (make deps installs them)" >&2; exit 1; fi

$(BUILD)/gen/schema_text.c: etc/schema/hpvm.rng tools/embed.sh
	@mkdir -p $(@D)
	sh tools/embed.sh hpvm_schema_rng $< > $@

$(SCHEMA_OBJ): $(BUILD)/gen/schema_text.c | pkgcheck
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CPPFLAGS) -Wno-missing-variable-declarations -c -o $@ $<

define group_rules
$(BUILD)/obj/$(1)/%.o: lib/$(1)/%.c | pkgcheck
	@mkdir -p $$(@D)
	$$(CC) $$(BASE_CFLAGS) $$(CPPFLAGS) $$(call pc_cflags,$$(call pkgs_upto,$(1))) -MMD -MP -c -o $$@ $$<

$(call ARCHIVE,$(1)): $(call lib_obj,$(1)) $(if $(filter store,$(1)),$(SCHEMA_OBJ))
	@mkdir -p $$(@D)
	rm -f $$@
	$$(AR) rcs $$@ $$^
endef
$(foreach g,$(GROUPS),$(eval $(call group_rules,$(g))))

-include $(foreach g,$(GROUPS),$(patsubst %.o,%.d,$(call lib_obj,$(g))))
-include $(wildcard $(BUILD)/obj/cmd/*/*.d $(BUILD)/unit/*.d)

PROG_CFLAGS = $(BASE_CFLAGS) $(CPPFLAGS) $(call pc_cflags,$(ALL_PKGS)) -Icmd/common

$(BUILD)/obj/cmd/%.o: cmd/%.c | pkgcheck
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -MMD -MP -c -o $@ $<

# The commands' shared helpers, as an archive: a program takes only the members it calls (so the
# lean hpvmmon gets no guest index, hence no libxml2, for the sake of cmd_guest_name).
CMD_COMMON_LIB = $(BUILD)/obj/cmd/common/libcmd.a
$(CMD_COMMON_LIB): $(patsubst cmd/%.c,$(BUILD)/obj/cmd/%.o,$(wildcard cmd/common/*.c))
	ar rcs $@ $^
define prog_rule
$(1): $(BUILD)/obj/cmd/$(notdir $(1))/$(notdir $(1)).o $(CMD_COMMON_LIB) $(call prog_archives,$(notdir $(1)))
	@mkdir -p $$(@D)
	$$(CC) -o $$@ $$(filter %.o,$$^) $(CMD_COMMON_LIB) $$(BASE_LDFLAGS) $$(call prog_archives,$(notdir $(1))) \
	    $$(call prog_libs,$(notdir $(1))) $$(PROG_LIBS_$(notdir $(1))) $$(LDLIBS)
endef
$(foreach p,$(filter-out %/hpvminfo,$(BINS) $(LBIN_BINS)),$(eval $(call prog_rule,$(p))))

# hpvminfo also runs inside guests, which have none of the host's libraries: static, base only.
$(BUILD)/bin/hpvminfo: $(BUILD)/obj/cmd/hpvminfo/hpvminfo.o $(call ARCHIVE,base)
	@mkdir -p $(@D)
	$(CC) -o $@ $< $(if $(SAN_FLAGS),$(BASE_LDFLAGS),-static-pie $(filter-out -pie,$(BASE_LDFLAGS))) \
	    $(call ARCHIVE,base) $(LDLIBS)

$(BUILD)/unit/%: tests/unit/%.c $(ALL_ARCHIVES) | pkgcheck
	@mkdir -p $(@D)
	$(CC) $(PROG_CFLAGS) -Itests/unit -MMD -MP -MF $@.d -MT $@ -o $@ $< $(BASE_LDFLAGS) $(ALL_ARCHIVES) \
	    $(ALL_LIBS) -lcmocka $(LDLIBS)

deps:
	sh tools/install-deps.sh

# Install packages only when something is missing, so a prepared machine does not need the network.
deps-if-missing:
	@sh tools/install-deps.sh --check >/dev/null 2>&1 || sh tools/install-deps.sh

# Sanitizer reports must fail: abort instead of exiting 1 (an expected failure would hide them).
SAN_ENV = ASAN_OPTIONS=abort_on_error=1:detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

unit: $(UNITS)
	@set -e; for t in $(UNITS); do echo "# $$t"; $(SAN_ENV) $$t; done

# The test guest (a Debian kernel, a busybox initramfs, an ISO of both) is built once and shared.
GUEST_DIR = $(CURDIR)/build/guest
guest:
	sh tests/guest/build.sh $(GUEST_DIR)

TEST_ENV = HPVM_BUILD=$(CURDIR)/$(BUILD) HPVM_TEST_GUEST=$(GUEST_DIR) $(SAN_ENV)
behave: all guest
	$(TEST_ENV) prove -j2 tests/t

# Under the sanitizers: everything that boots no guest (the plain run boots them all).
behave-noguest: all
	$(TEST_ENV) HPVM_TEST_NO_GUEST=1 prove -j2 tests/t

layercheck: $(ALL_ARCHIVES)
	sh tools/layercheck.sh $(BUILD) $(LAYERS) "$(SERVICES)"

LINT_SCRIPTS = $(wildcard tools/*.sh bench/*.sh tests/guest/*.sh tests/t/lib/*.sh) tests/guest/init \
	etc/init.d/hpvm etc/ocf/hpvmguest
# Section 1M is HP-UX's home for these commands; mandoc knows only 1-9, and that one warning is expected.
lint:
	@out=$$(mandoc -Tlint -W warning man/*.1m man/*.5 2>&1 | grep -v 'unknown manual section: Dt ... 1M'); \
	    if [ -n "$$out" ]; then echo "$$out" >&2; exit 1; fi; echo "mandoc: $(words $(wildcard man/*)) pages clean"
	shellcheck -s sh $(LINT_SCRIPTS)
	shellcheck -s sh -x -P SCRIPTDIR tests/t/*.t sd-depot/scripts/* deb/preinst deb/postinst deb/prerm deb/postrm
	shellcheck -s bash etc/completion/hpvm

test: unit behave

FUZZ_TARGETS = fuzz_rspec fuzz_config fuzz_wire fuzz_qmp_stats fuzz_vmp
FUZZ_GROUPS = base model store
FUZZ_FLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Ilib \
	$(call pc_cflags,libxml-2.0)
FUZZ_SECONDS ?= 60
# A target's sources beyond the core groups, and the packages they need.
FUZZ_SRC_fuzz_wire = lib/migrate/wire.c lib/migrate/tls.c lib/migrate/pki.c lib/migrate/request.c
FUZZ_PKGS_fuzz_wire = openssl json-c
# The vMP command line: a console parser that stands on base alone.
FUZZ_SRC_fuzz_vmp = lib/console/vmp_parse.c

.SECONDEXPANSION:
$(BUILD)/fuzz/%: tests/fuzz/%.c $(foreach g,$(FUZZ_GROUPS),$(call lib_src,$(g))) $(BUILD)/gen/schema_text.c \
    $$(FUZZ_SRC_$$*)
	@mkdir -p $(@D)
	clang $(FUZZ_FLAGS) $(call pc_cflags,$(FUZZ_PKGS_$*)) -o $@ $< \
	    $(foreach g,$(FUZZ_GROUPS),$(call lib_src,$(g))) $(FUZZ_SRC_$*) \
	    $(BUILD)/gen/schema_text.c $(call pc_libs,libxml-2.0 $(FUZZ_PKGS_$*))

# QEMU's monitor replies, as hpvmsar and hpvmsnmpd read them: the parser and json-c alone.
$(BUILD)/fuzz/fuzz_qmp_stats: tests/fuzz/fuzz_qmp_stats.c lib/vmm/qmp_stats.c
	@mkdir -p $(@D)
	clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Ilib $(call pc_cflags,json-c) \
	    -o $@ $^ $(call pc_libs,json-c)

fuzz: $(addprefix $(BUILD)/fuzz/,$(FUZZ_TARGETS))
	set -e; for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(BUILD)/fuzz/corpus-$$t; \
	    $(BUILD)/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) $(BUILD)/fuzz/corpus-$$t tests/fuzz/corpus/$$t; \
	done

# Every input of the corpus once, under the sanitizers: what fuzzing found stays fixed.
fuzz-corpus: $(addprefix $(BUILD)/fuzz/,$(FUZZ_TARGETS))
	set -e; for t in $(FUZZ_TARGETS); do \
	    $(SAN_ENV) $(BUILD)/fuzz/$$t -runs=0 tests/fuzz/corpus/$$t; done

test-san: unit behave-noguest fuzz-corpus

check: deps-if-missing
	$(MAKE) lint layercheck depot-check
	$(MAKE) test
	$(MAKE) BUILD=build-san SANITIZE=1 CFLAGS="-O1 -g" test-san

# Every unit in etc/systemd/ is installed, so a new daemon's unit needs no rule here.
UNIT_FILES = $(wildcard etc/systemd/*.service etc/systemd/*.socket etc/systemd/*.timer)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LBINDIR) $(DESTDIR)$(MANDIR)/man1m \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(SHAREDIR)/schema $(DESTDIR)$(SYSTEMDUNITDIR) \
	    $(DESTDIR)$(INITDIR) $(DESTDIR)$(OCFDIR) $(DESTDIR)$(COMPLETIONDIR) $(DESTDIR)$(PAMDIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)/
	@# Console accounts need hpvmconsole setgid hpvmsys. A staging tree (DESTDIR) is a package's,
	@# whose set-up makes the group on the host it installs on, and sets the bit there.
	@if [ -n "$(DESTDIR)" ]; then :; elif getent group hpvmsys >/dev/null; then \
	    chgrp hpvmsys $(DESTDIR)$(BINDIR)/hpvmconsole && chmod 2755 $(DESTDIR)$(BINDIR)/hpvmconsole; \
	else echo "hpvm: no group hpvmsys: only root can use hpvmconsole until it exists" \
	    "(groupadd --system hpvmsys, then make install again)" >&2; fi
	install -m 755 $(LBIN_BINS) $(DESTDIR)$(LBINDIR)/
	install -m 644 man/*.1m $(DESTDIR)$(MANDIR)/man1m/
	install -m 644 man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 etc/schema/hpvm.rng $(DESTDIR)$(SHAREDIR)/schema/
	install -m 644 etc/hpvmconf $(DESTDIR)$(SHAREDIR)/hpvmconf.default
	install -m 644 $(UNIT_FILES) $(DESTDIR)$(SYSTEMDUNITDIR)/
	install -m 755 etc/init.d/hpvm $(DESTDIR)$(INITDIR)/
	install -m 755 etc/ocf/hpvmguest $(DESTDIR)$(OCFDIR)/
	install -m 644 etc/completion/hpvm $(DESTDIR)$(COMPLETIONDIR)/
	install -m 644 etc/pam.d/hpvm $(DESTDIR)$(PAMDIR)/hpvm

# What install wrote, and nothing else: directories go only when they are left empty.
uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(CMDS)) $(addprefix $(DESTDIR)$(LBINDIR)/,$(LBINS)) \
	    $(addprefix $(DESTDIR)$(MANDIR)/man1m/,$(notdir $(wildcard man/*.1m))) \
	    $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(wildcard man/*.5))) \
	    $(DESTDIR)$(SHAREDIR)/schema/hpvm.rng $(DESTDIR)$(SHAREDIR)/hpvmconf.default \
	    $(addprefix $(DESTDIR)$(SYSTEMDUNITDIR)/,$(notdir $(UNIT_FILES))) $(DESTDIR)$(INITDIR)/hpvm \
	    $(DESTDIR)$(OCFDIR)/hpvmguest $(DESTDIR)$(COMPLETIONDIR)/hpvm $(DESTDIR)$(PAMDIR)/hpvm
	-rmdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(LBINDIR) $(DESTDIR)$(MANDIR)/man1m \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(SHAREDIR)/schema $(DESTDIR)$(SYSTEMDUNITDIR) \
	    $(DESTDIR)$(INITDIR) $(DESTDIR)$(OCFDIR) $(DESTDIR)$(COMPLETIONDIR) $(DESTDIR)$(PAMDIR) 2>/dev/null

# Packages: both are built from a real "make install" into a staging tree, so they carry exactly
# what install installs, and set the host up with the same script (sd-depot/scripts/hpvm-setup.sh).
HPVM_RELEASE	= $(shell sed -n 's/^\#define HPVM_VERSION[^"]*"\(.*\)"/\1/p' lib/base/version.h)
DEB_VERSION	= 0+$(HPVM_RELEASE)
DEPOT		= $(BUILD)/hpvm.depot
DEPOT_STAGE	= $(BUILD)/depot-stage

$(DEPOT_STAGE): all
	rm -rf $@
	$(MAKE) -s install PREFIX=/opt/hpvm DESTDIR=$(CURDIR)/$@ >/dev/null

# A serial SD depot: product hpvm, filesets RUNTIME, MAN and CLUSTER (sd-depot/hpvm.psf); DEPOT_SIGN=key
# signs it with gpg. depot-swbis: the same files as one fileset, which is all swbis 1.13.3 installs.
depot: $(DEPOT_STAGE)
	sh tools/mkdepot.sh $(if $(DEPOT_SIGN),-k $(DEPOT_SIGN)) sd-depot/hpvm.psf $(DEPOT_STAGE) $(DEPOT)

depot-swbis: $(DEPOT_STAGE)
	sh tools/mkdepot.sh -1 $(if $(DEPOT_SIGN),-k $(DEPOT_SIGN)) sd-depot/hpvm.psf $(DEPOT_STAGE) \
	    $(BUILD)/hpvm-swbis.depot

# The catalog against the payload, and the payload against make install.
depot-check: depot
	sh tools/depot-check.sh $(DEPOT) $(DEPOT_STAGE)

deb: all
	rm -rf $(BUILD)/deb-stage
	$(MAKE) -s install PREFIX=/opt/hpvm DESTDIR=$(CURDIR)/$(BUILD)/deb-stage >/dev/null
	sh tools/mkdeb.sh $(BUILD)/deb-stage $(BUILD)/hpvm_$(DEB_VERSION)_$$(dpkg --print-architecture).deb \
	    $(DEB_VERSION)

demo: deps-if-missing
	$(MAKE) all guest
	sh tools/demo.sh

bench: all guest
	HPVM_BUILD=$(CURDIR)/$(BUILD) sh bench/config.sh
	HPVM_BUILD=$(CURDIR)/$(BUILD) HPVM_TEST_GUEST=$(GUEST_DIR) sh bench/start.sh
	HPVM_BUILD=$(CURDIR)/$(BUILD) HPVM_TEST_GUEST=$(GUEST_DIR) sh bench/net.sh
	HPVM_BUILD=$(CURDIR)/$(BUILD) HPVM_TEST_GUEST=$(GUEST_DIR) sh bench/snmp.sh
	HPVM_BUILD=$(CURDIR)/$(BUILD) HPVM_TEST_GUEST=$(GUEST_DIR) sh bench/supervisor.sh
	HPVM_BUILD=$(CURDIR)/$(BUILD) HPVM_TEST_GUEST=$(GUEST_DIR) sh bench/migrate.sh

clean:
	rm -rf build build-san

.PHONY: all pkgcheck guest demo deps deps-if-missing unit behave behave-noguest layercheck lint test \
	test-san check install uninstall fuzz fuzz-corpus bench clean depot depot-swbis \
	depot-check deb $(DEPOT_STAGE)
