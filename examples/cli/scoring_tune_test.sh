#!/bin/bash
# The CLI's scoring tune and apply on a database of its own: 80 leads, the
# converted ones meeting "Need identified" more often. Prints what each step
# printed and its exit status; the test checks the whole output.
# Usage: scoring_tune_test.sh LEADBOOK WORK_DIR
set -u
L=$1
work=$2
rm -rf "$work" && mkdir -p "$work" || exit 1
db=$work/tune.db
for i in $(seq 1 80); do
    "$L" --db "$db" --json --fields id lead add --name "Lead $i" >>"$work/ids.json" || exit 1
done
n=0
: >"$work/labels.csv"
while read -r line; do
    id=${line//[^0-9]/}
    n=$((n + 1))
    if ((n % 2)); then outcome=converted; else outcome=lost; fi
    # "Need identified" (criterion 1): most converted leads, a few lost ones.
    if { ((n % 2)) && ((n % 7)); } || ((n % 10 == 0)); then
        "$L" --db "$db" lead meets "$id" 1 >/dev/null || exit 1
    fi
    echo "$id,$outcome" >>"$work/labels.csv"
done <"$work/ids.json"
step() {
    echo "== $*"
    "$L" --db "$db" "$@" 2>&1
    echo "exit $?"
}
step scoring tune --labels "$work/labels.csv" --dry-run
step criteria list
step scoring apply --labels "$work/labels.csv"
step criteria list
head -n 10 "$work/labels.csv" >"$work/few.csv"
step scoring apply --labels "$work/few.csv"
printf '5,maybe\n' >"$work/bad.csv"
step scoring tune --labels "$work/bad.csv"
step criteria list
