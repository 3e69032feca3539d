#!/bin/sh
# bench/lib.sh: what the benchmarks share: where hpvm's programs and the test guest are, and
# private namespaces for those that make vswitches and taps. Sourced, after `set -eu`.
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=${HPVM_BUILD:-$TOP/build}/bin
GUEST=${HPVM_TEST_GUEST:-$TOP/build/guest}
export TOP BIN GUEST

# bench_private "$@": run this script again, once, in private mount and network namespaces (with
# a sysfs of their own), so nothing it makes reaches the host's network.
bench_private() {
	[ -z "${HPVM_BENCH_NS:-}" ] || return 0
	# shellcheck disable=SC2016 # $0 and $@ are the inner shell's
	HPVM_BENCH_NS=1 exec unshare --mount --net --propagation private \
	    sh -c 'mount -t sysfs sysfs /sys && exec sh "$0" "$@"' "$0" "$@"
}
