#!/usr/bin/env bash
# Runs a wuyi binary over the examples and writes one line per output file:
# its SHA-256 and its path. Two builds whose manifests are equal wrote
# byte-identical reports, terminal text and exit statuses.
#
#   scripts/output-manifest.sh target/release/wuyi > before.txt
#   ... change the code, rebuild ...
#   scripts/output-manifest.sh target/release/wuyi > after.txt
#   diff before.txt after.txt
#
# The run happens in a scratch folder, so paths printed by the tool are the
# same from one run to the next.
set -euo pipefail
bin="$(realpath "$1")"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$here/examples" "$work/examples"
cp -r "$here/rubrics" "$work/rubrics"
cd "$work"

run() {
    local name="$1"
    shift
    local status=0
    "$bin" "$@" >"out/$name.stdout" 2>"out/$name.stderr" || status=$?
    echo "$status" >"out/$name.status"
}

mkdir -p out
for lang in zh en; do
    run "score-$lang" --lang "$lang" score examples/收件箱/ --out "out/score-$lang" --feedback
    run "score-asof-$lang" --lang "$lang" score examples/收件箱/ --as-of 2022-06-28 --out "out/score-asof-$lang"
    run "check-$lang" --lang "$lang" check examples/收件箱/
    run "check-json-$lang" --lang "$lang" check examples/收件箱/ --format json
    run "template-$lang" --lang "$lang" template --out "out/template-$lang.xlsx"
    for r in rubrics/*.toml; do
        run "rubric-show-$(basename "$r" .toml)-$lang" --lang "$lang" rubric show "$r"
        run "rubric-check-$(basename "$r" .toml)-$lang" --lang "$lang" rubric check "$r"
    done
    run "awards-q1-$lang" --lang "$lang" awards --quarter 2022Q1 "out/score-$lang" \
        --roster examples/名册.csv --events examples/事件.csv --out "out/awards-q1-$lang.xlsx"
    run "awards-q2-$lang" --lang "$lang" awards --quarter 2022Q2 examples/收件箱/ --as-of 2022-06-28 \
        --register "out/awards-q1-$lang.xlsx" --roster examples/名册.csv --events examples/事件.csv \
        --out "out/awards-q2-$lang.xlsx"
    run "merge-$lang" --lang "$lang" merge "out/score-$lang" "out/score-asof-$lang" --out "out/merge-$lang"
done
find out -type f -print0 | sort -z | xargs -0 sha256sum
