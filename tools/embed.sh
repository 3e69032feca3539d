#!/bin/sh
# embed.sh: turn a text file into a C string constant, so the binaries carry their schema.
# usage: embed.sh NAME FILE > out.c
set -eu
name=$1 file=$2
printf '/* Generated from %s by tools/embed.sh; do not edit. */\n' "$file"
printf 'const char %s[] =\n' "$name"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/' "$file"
printf ';\n'
