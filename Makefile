# hpvm: HP Integrity VM commands for Linux hosts.
#   make demo       the main job: build, then create, start, show and stop a demo guest
#   make            build everything into build/
#   make check      install what is missing, then unit + behaviour tests, plain and under ASan/UBSan
#   make install    install under $(DESTDIR)$(PREFIX)
#   make fuzz       run the libFuzzer targets for a while
#   make bench      run the benchmarks in bench/

PREFIX	?= /opt/hpvm
BUILD	?= build
CC	?= cc
CFLAGS	?= -O2 -g
WARN	 = -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes -Wshadow \
	   -Wpointer-arith -Wcast-qual -Wsign-compare
PKGS	 = libxml-2.0 json-c libnl-route-3.0
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(SAN_FLAGS) -Ilib $(PKG_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SAN_FLAGS)

ifeq ($(SANITIZE),1)
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif

CMDS	= hpvmcreate hpvmmodify hpvmclone hpvmremove hpvmstatus hpvminfo hpvmstart hpvmstop hpvmconsole hpvmnet hpvmdevmgmt hpvmhostrdev
LIB_SRC	= $(sort $(wildcard lib/*.c)) $(BUILD)/schema_text.c
LIB_OBJ	= $(patsubst %.c,$(BUILD)/%.o,$(notdir $(LIB_SRC)))
LBINS	= hpvmapp hpvmhost
BINS	= $(addprefix $(BUILD)/bin/,$(CMDS))
LBIN_BINS = $(addprefix $(BUILD)/lbin/,$(LBINS))
UNITS	= $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/*.c))

all: $(BINS) $(LBIN_BINS)

$(BUILD)/schema_text.c: etc/schema/hpvm.rng tools/embed.sh
	@mkdir -p $(BUILD)
	sh tools/embed.sh hpvm_schema_rng $< > $@

$(BUILD)/%.o: lib/%.c lib/*.h
	@mkdir -p $(BUILD)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/schema_text.o: $(BUILD)/schema_text.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libhpvm.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

# cmd/common: what every main() shares (the usage exit, confirmations); library code never exits.
CMD_COMMON = cmd/common/cmdutil.c

$(BUILD)/bin/%: cmd/%/*.c $(CMD_COMMON) $(BUILD)/libhpvm.a
	@mkdir -p $(BUILD)/bin
	$(CC) $(ALL_CFLAGS) -Icmd/common -o $@ $(filter %.c,$^) $(ALL_LDFLAGS) $(BUILD)/libhpvm.a $(PKG_LIBS)

# hpvminfo also runs inside guests, which have none of the host's libraries: link it statically.
$(BUILD)/bin/hpvminfo: cmd/hpvminfo/*.c $(BUILD)/libhpvm.a
	@mkdir -p $(BUILD)/bin
	$(CC) $(ALL_CFLAGS) -o $@ $(filter %.c,$^) $(ALL_LDFLAGS) $(if $(SAN_FLAGS),,-static) $(BUILD)/libhpvm.a $(if $(SAN_FLAGS),$(PKG_LIBS))

$(BUILD)/lbin/%: cmd/%/*.c $(CMD_COMMON) $(BUILD)/libhpvm.a
	@mkdir -p $(BUILD)/lbin
	$(CC) $(ALL_CFLAGS) -Icmd/common -o $@ $(filter %.c,$^) $(ALL_LDFLAGS) $(BUILD)/libhpvm.a $(PKG_LIBS)

$(BUILD)/unit/%: tests/unit/%.c $(BUILD)/libhpvm.a
	@mkdir -p $(BUILD)/unit
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) $(BUILD)/libhpvm.a $(PKG_LIBS) -lcmocka

deps:
	sh tools/install-deps.sh

# Install packages only when something is missing, so a prepared machine does not need the network.
deps-if-missing:
	@sh tools/install-deps.sh --check >/dev/null 2>&1 || sh tools/install-deps.sh

unit: $(UNITS)
	@set -e; for t in $(UNITS); do echo "# $$t"; $$t; done

# The test guest (a Debian kernel, a busybox initramfs, an ISO of both) is built once and shared.
GUEST_DIR = $(CURDIR)/build/guest
guest:
	sh tests/guest/build.sh $(GUEST_DIR)

behave: all guest
	HPVM_BUILD=$(CURDIR)/$(BUILD) HPVM_TEST_GUEST=$(GUEST_DIR) prove -j2 tests/t

test: unit behave

check: deps-if-missing
	$(MAKE) test
	$(MAKE) BUILD=build-san SANITIZE=1 CFLAGS="-O1 -g" test

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lbin $(DESTDIR)$(PREFIX)/man/man1m \
	    $(DESTDIR)$(PREFIX)/man/man5 $(DESTDIR)$(PREFIX)/etc/schema
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/bin/
	install -m 755 $(LBIN_BINS) $(DESTDIR)$(PREFIX)/lbin/
	install -m 644 man/*.1m $(DESTDIR)$(PREFIX)/man/man1m/
	install -m 644 man/*.5 $(DESTDIR)$(PREFIX)/man/man5/
	install -m 644 etc/schema/hpvm.rng $(DESTDIR)$(PREFIX)/etc/schema/
	install -m 644 etc/hpvmconf $(DESTDIR)$(PREFIX)/etc/hpvmconf.default
	install -d $(DESTDIR)/lib/systemd/system $(DESTDIR)/etc/init.d
	install -m 644 etc/systemd/hpvm.service $(DESTDIR)/lib/systemd/system/
	install -m 755 etc/init.d/hpvm $(DESTDIR)/etc/init.d/

FUZZ_TARGETS = fuzz_rspec fuzz_config
FUZZ_FLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Ilib $(PKG_CFLAGS)
FUZZ_SECONDS ?= 60

$(BUILD)/fuzz/%: tests/fuzz/%.c lib/*.c lib/*.h $(BUILD)/schema_text.c
	@mkdir -p $(BUILD)/fuzz
	clang $(FUZZ_FLAGS) -o $@ $< $(sort $(wildcard lib/*.c)) $(BUILD)/schema_text.c $(PKG_LIBS)

fuzz: $(addprefix $(BUILD)/fuzz/,$(FUZZ_TARGETS))
	@command -v clang >/dev/null || sh tools/install-deps.sh
	set -e; for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(BUILD)/fuzz/corpus-$$t; \
	    $(BUILD)/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) $(BUILD)/fuzz/corpus-$$t tests/fuzz/corpus/$$t; \
	done

demo: deps-if-missing
	$(MAKE) all guest
	sh tools/demo.sh

bench: all guest
	HPVM_BUILD=$(CURDIR)/$(BUILD) sh bench/config.sh
	HPVM_BUILD=$(CURDIR)/$(BUILD) HPVM_TEST_GUEST=$(GUEST_DIR) sh bench/start.sh
	HPVM_BUILD=$(CURDIR)/$(BUILD) HPVM_TEST_GUEST=$(GUEST_DIR) sh bench/net.sh

clean:
	rm -rf build build-san

.PHONY: all guest demo deps deps-if-missing unit behave test check install fuzz bench clean
