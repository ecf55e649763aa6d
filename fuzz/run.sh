#!/bin/sh
# Builds the libFuzzer targets with clang++-14 and runs each for SECONDS
# (default 20) on its seed corpus under fuzz/corpus/<target>/. New inputs go
# to a scratch directory, so the corpus stays as committed. Exits non-zero
# when a target finds anything (a crash, a failed check, a leak, a hang);
# the input that did it is kept as build/fuzz/crash-<target>-*.
#
#   fuzz/run.sh            # 20 s per target
#   fuzz/run.sh 300        # longer, by hand
set -eu
seconds=${1:-20}
here=$(cd "$(dirname "$0")" && pwd)
build=${LEADBOOK_FUZZ_BUILD:-$here/../build/fuzz}
compiler=${CXX_FUZZ:-clang++-14}

cmake -S "$here" -B "$build" -DCMAKE_CXX_COMPILER="$compiler" >/dev/null
cmake --build "$build" -j2

status=0
for target in csv email vcard charset xlsx; do
    scratch=$(mktemp -d)
    echo "== fuzz_$target for ${seconds}s"
    if ! "$build/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -dict="$here/$target.dict" -artifact_prefix="$build/crash-$target-" \
        -print_final_stats=1 "$scratch" "$here/corpus/$target"; then
        echo "fuzz_$target found a problem; see $build/crash-$target-*" >&2
        status=1
    fi
    rm -rf "$scratch"
done
exit $status
