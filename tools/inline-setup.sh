#!/bin/sh
# inline-setup.sh SCRIPT LIB: print SCRIPT with its ". .../hpvm-setup.sh" line replaced by LIB's text, so it stands alone.
set -eu
awk -v lib="$2" '
/^# shellcheck source=/ { next }
/^\. .*hpvm-setup\.sh$/ { while ((getline l < lib) > 0) print l; next }
{ print }' "$1"
