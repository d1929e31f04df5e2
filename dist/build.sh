#!/usr/bin/env bash
# Builds wuyi for the systems offices use, tests every build on the example
# batch, and writes one archive per system:
#
#   dist/wuyi-VERSION-x86_64-pc-windows-gnu.zip      Windows 10/11, 64-bit
#   dist/wuyi-VERSION-x86_64-unknown-linux-musl.zip  Linux x86-64, static
#   dist/wuyi-VERSION-aarch64-unknown-linux-musl.zip Linux ARM64, static
#
# Each build scores the examples (Windows under Wine, ARM64 under qemu) and
# its results.json and report workbooks are compared with those of a native
# Linux build; the drag-and-drop invocation, Chinese and long paths, the
# award list from GBK CSV lists and the template are run too. A target
# whose tools cannot be had is skipped, said so, and the script exits 1.
#
# Usage: dist/build.sh [--no-install] [TARGET...]
#   --no-install  only say what is missing instead of installing it
#                 (installing needs root and apt-get: Debian, Ubuntu, UOS)
#   TARGET        build only these (default: all three)
#
# Run from anywhere; needs rustup (https://rustup.rs). Takes a while: four
# release builds. Builds go to target/cross/, scratch to target/dist-test/.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

ALL_TARGETS=(x86_64-pc-windows-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl)
HOST=x86_64-unknown-linux-gnu
INSTALL=1
TARGETS=()
for a in "$@"; do
    case "$a" in
        --no-install) INSTALL=0 ;;
        -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $a" >&2; exit 2 ;;
        *) TARGETS+=("$a") ;;
    esac
done
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")

VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
BUILD_DIR=$ROOT/target/cross
TEST_DIR=$ROOT/target/dist-test
export CARGO_PROFILE_RELEASE_STRIP=true
export WINEDEBUG=-all
export WINEPREFIX=${WINEPREFIX:-$ROOT/target/wineprefix}
# The aarch64 musl target's C runtime and libc come with Rust; the GNU
# cross linker only links.
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER=aarch64-linux-gnu-gcc

say() { printf '\n== %s\n' "$*"; }
# Each target is built and tested in a subshell under `set -e`; fail ends it.
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- tools
[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || {
    echo "dist/build.sh runs on Linux x86-64 (it found $(uname -s)-$(uname -m))" >&2
    exit 2
}
command -v cargo >/dev/null && command -v rustup >/dev/null || {
    echo "Rust is missing: install rustup from https://rustup.rs, then run this again." >&2
    exit 2
}

# command → Debian package, per target (and for every target).
declare -A PKG=(
    [python3]=python3 [unzip]=unzip [cc]=gcc [iconv]=libc-bin [script]=bsdutils
    [x86_64-w64-mingw32-gcc]=gcc-mingw-w64-x86-64 [wine]=wine
    [musl-gcc]=musl-tools
    [aarch64-linux-gnu-gcc]=gcc-aarch64-linux-gnu [qemu-aarch64]=qemu-user
)
tools_for() {
    case "$1" in
        all) echo python3 unzip cc iconv script ;;
        x86_64-pc-windows-gnu) echo x86_64-w64-mingw32-gcc wine ;;
        x86_64-unknown-linux-musl) echo musl-gcc ;;
        aarch64-unknown-linux-musl) echo aarch64-linux-gnu-gcc qemu-aarch64 ;;
        *) echo "unknown target $1 (known: ${ALL_TARGETS[*]})" >&2; exit 2 ;;
    esac
}
missing_tools() {
    local t
    for t in $(tools_for "$1"); do command -v "$t" >/dev/null || echo "$t"; done
}

want=()
for scope in all "${TARGETS[@]}"; do
    for t in $(missing_tools "$scope"); do want+=("${PKG[$t]}"); done
done
if [ ${#want[@]} -gt 0 ]; then
    pkgs=$(printf '%s\n' "${want[@]}" | sort -u | tr '\n' ' ')
    if [ "$INSTALL" = 1 ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        say "installing $pkgs"
        apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=900 $pkgs
    else
        echo "missing: $pkgs" >&2
        echo "install them with: sudo apt-get install $pkgs" >&2
    fi
fi
missing=$(missing_tools all)
[ -z "$missing" ] || { echo "cannot go on without: $missing" >&2; exit 2; }

for t in "$HOST" "${TARGETS[@]}"; do
    rustup target list --installed | grep -qx "$t" || rustup target add "$t"
done

# --------------------------------------------------------------- builds
build() {
    say "building $1"
    cargo build --release --locked --target "$1" --target-dir "$BUILD_DIR"
}
exe_of() {
    case "$1" in
        *windows*) echo "$BUILD_DIR/$1/release/wuyi.exe" ;;
        *) echo "$BUILD_DIR/$1/release/wuyi" ;;
    esac
}

# How to run a target's binary here: "wuyi ARGS" → a command line.
run_target() {
    local target=$1; shift
    case "$target" in
        x86_64-pc-windows-gnu) wine "$@" </dev/null ;;
        aarch64-*) qemu-aarch64 "$@" </dev/null ;;
        *) "$@" </dev/null ;;
    esac
}

# Wine 8 has no bcryptprimitives.dll, which the Rust standard library
# imports; a stand-in exporting ProcessPrng goes beside the exe under test.
# It is built here and never put in an archive.
wine_setup() {
    local dir=$1
    if [ ! -d "$WINEPREFIX" ]; then
        say "making a Wine prefix in $WINEPREFIX"
        wine wineboot -i >/dev/null 2>&1 || true
    fi
    x86_64-w64-mingw32-gcc -O2 -s -shared -o "$dir/bcryptprimitives.dll" \
        "$ROOT/dist/wine/bcryptprimitives.c" "$ROOT/dist/wine/bcryptprimitives.def" -ladvapi32
}

# A path as the program on the target sees it: Z:\… under Wine, where Z:
# is the Linux root. (Not winepath, which cuts paths at 260 characters.)
target_path() {
    case "$1" in
        x86_64-pc-windows-gnu) printf 'Z:%s\n' "${2//\//\\}" ;;
        *) echo "$2" ;;
    esac
}

# results.json with the separator in file paths made "/", the only thing
# that may differ between systems (the run holds no time or machine name).
normal_json() { sed -E '/^ *"file": /s#\\\\#/#g' "$1"; }

# Whether two report workbooks hold the same parts, byte for byte (the zip
# headers say which system wrote them; the contents must not differ).
same_xlsx() {
    local a=$1 b=$2 tmp
    tmp=$(mktemp -d)
    mkdir "$tmp/a" "$tmp/b"
    unzip -q "$a" -d "$tmp/a" && unzip -q "$b" -d "$tmp/b" && diff -r "$tmp/a" "$tmp/b" >/dev/null
    local rc=$?
    rm -rf "$tmp"
    return $rc
}

# Scores the examples (and more) with one build; leaves the reports in
# $TEST_DIR/$target/.
exercise() {
    local target=$1 exe=$2 dir="$TEST_DIR/$1"
    rm -rf "$dir"
    mkdir -p "$dir"
    cp -r "$ROOT/examples" "$dir/examples"
    rm -f "$dir/examples/"*.rs
    local bin="$dir/$(basename "$exe")"
    cp "$exe" "$bin"
    [ "$target" != x86_64-pc-windows-gnu ] || wine_setup "$dir"
    (
        cd "$dir"
        local rc=0
        run_target "$target" "$bin" score examples/收件箱 --out reports --feedback >score.txt 2>&1 || rc=$?
        [ "$rc" = 1 ] || { cat score.txt; fail "$target: score exited $rc (expected 1: one example cannot be assessed)"; }
        run_target "$target" "$bin" template --out 台账模板.xlsx >/dev/null
        run_target "$target" "$bin" check 台账模板.xlsx >check.txt 2>&1 || true
        grep -q "基本信息缺少" check.txt || fail "$target: the template does not read back"

        # The award list from the lists an office saves with Excel on
        # Chinese Windows: GBK CSV.
        mkdir -p gbk
        for f in 名册 事件; do
            sed 's/^\xEF\xBB\xBF//; s/$/\r/' "examples/$f.csv" | iconv -f UTF-8 -t GBK >"gbk/$f.csv"
        done
        rc=0
        run_target "$target" "$bin" awards --quarter 2022Q1 reports \
            --roster gbk/名册.csv --events gbk/事件.csv --out 2022Q1.xlsx >awards.txt 2>&1 || rc=$?
        # 0, or 1 since one example cannot be assessed.
        [ "$rc" -le 1 ] && [ -f 2022Q1.xlsx ] || { cat awards.txt; fail "$target: awards from GBK lists exited $rc"; }
        # Five titles among the roster's nine; the events log's three later
        # events are held over.
        grep -q "5/9" awards.txt || { cat awards.txt; fail "$target: the GBK roster was not read"; }
        grep -q "3 条事件晚于 2022Q1" awards.txt || { cat awards.txt; fail "$target: the GBK events log was not read"; }

        # Dropped on the program: a folder with Chinese and spaces in its
        # path, given as the only argument, as Explorer does.
        local inbox="$dir/收件箱 2022年 第一季度"
        mkdir -p "$inbox"
        cp examples/收件箱/*.xlsx examples/收件箱/*.xls examples/收件箱/*.ods "$inbox/"
        rc=0
        run_target "$target" "$bin" "$(target_path "$target" "$inbox")" >drop.txt 2>&1 || rc=$?
        [ "$rc" = 1 ] || { cat drop.txt; fail "$target: drop exited $rc"; }
        ls -d "$dir"/评分结果-*/反馈 >/dev/null || { cat drop.txt; fail "$target: no report beside the dropped folder"; }

        # A path longer than Windows' old 260-character limit.
        local deep="$dir/long"
        for i in 1 2 3 4 5 6 7 8; do deep="$deep/第${i}层文件夹名称比较长的目录-用来超过二百六十个字符的路径限制"; done
        mkdir -p "$deep"
        cp "examples/收件箱/东关街道-幸福里小区.xlsx" "$deep/"
        rc=0
        run_target "$target" "$bin" score "$(target_path "$target" "$deep")" --out "$(target_path "$target" "$deep/报告")" >long.txt 2>&1 || rc=$?
        [ "$rc" = 0 ] && [ -f "$deep/报告/results.json" ] || { cat long.txt; fail "$target: a path of ${#deep} characters"; }

        [ "$target" != x86_64-pc-windows-gnu ] || windows_console "$bin" "$inbox"
    )
}

# The Windows console, under Wine with a pseudo-terminal as the console.
# Started the way Explorer starts it — the only process on a console made
# for it — the program prints its summary in Chinese and waits for a key;
# started from cmd.exe, which shares the console, it does not wait.
windows_console() {
    local win_bin inbox
    win_bin=$(target_path x86_64-pc-windows-gnu "$1")
    inbox=$(target_path x86_64-pc-windows-gnu "$2")
    local rc=0
    # Keys keep coming; those typed before the prompt are discarded.
    (for _ in $(seq 60); do sleep 2; printf x; done) |
        timeout 150 script -qec "wine '$win_bin' '$inbox'" /dev/null >explorer.txt 2>&1 || rc=$?
    [ "$rc" = 1 ] && grep -q "按任意键关闭此窗口" explorer.txt && grep -q "共 8 个文件" explorer.txt ||
        { cat -v explorer.txt; fail "started alone on a console: exit $rc, no wait for a key or no summary"; }
    rc=0
    timeout 150 script -qec "wine cmd /c '$win_bin' '$inbox'" /dev/null </dev/null >cmd.txt 2>&1 || rc=$?
    [ "$rc" = 1 ] && grep -q "共 8 个文件" cmd.txt && ! grep -q "按任意键" cmd.txt ||
        { cat -v cmd.txt; fail "started from cmd.exe: exit $rc, or it waited for a key"; }
}

compare() {
    local target=$1 ref="$TEST_DIR/$HOST" dir="$TEST_DIR/$1"
    diff <(normal_json "$ref/reports/results.json") <(normal_json "$dir/reports/results.json") ||
        fail "$target: results.json differs from Linux"
    diff <(sed 's#\\#/#g' "$ref/reports/results.csv") <(sed 's#\\#/#g' "$dir/reports/results.csv") ||
        fail "$target: results.csv differs from Linux"
    local f
    for f in "$ref/reports/评分汇总.xlsx" "$ref/reports/反馈/"*.xlsx "$ref/2022Q1.xlsx" "$ref/台账模板.xlsx"; do
        local rel=${f#"$ref/"}
        same_xlsx "$f" "$dir/$rel" || fail "$target: $rel differs from Linux"
    done
    diff "$ref/2022Q1.csv" "$dir/2022Q1.csv" || fail "$target: the award list differs from Linux"
}

package() {
    local target=$1 exe=$2 name="wuyi-$VERSION-$1"
    local stage="$TEST_DIR/package/$name"
    rm -rf "$stage"
    mkdir -p "$stage/examples/收件箱"
    cp "$exe" "$stage/"
    cp README.md "$stage/"
    cp rubrics/default.toml "$stage/评分标准-默认.toml"
    cp rubrics/README.md "$stage/评分标准说明.md"
    cp "$TEST_DIR/$target/台账模板.xlsx" "$stage/"
    cp examples/收件箱/*.xlsx examples/收件箱/*.xls examples/收件箱/*.ods "$stage/examples/收件箱/"
    # Excel and WPS take a CSV without a byte-order mark for GBK.
    for f in examples/*.csv; do
        { printf '\xEF\xBB\xBF'; sed 's/^\xEF\xBB\xBF//' "$f"; } >"$stage/examples/$(basename "$f")"
    done
    sed "s/{VERSION}/$VERSION/" dist/使用说明.txt >"$stage/使用说明.txt"
    if [ "$target" = x86_64-pc-windows-gnu ]; then
        # Notepad: CRLF, and a byte-order mark for older Windows 10.
        for f in "$stage/使用说明.txt"; do
            { printf '\xEF\xBB\xBF'; sed 's/$/\r/' "$f"; } >"$f.tmp" && mv "$f.tmp" "$f"
        done
    fi
    mkdir -p dist
    rm -f "dist/$name.zip"
    # Names in UTF-8 with the zip's UTF-8 flag set, which Windows'
    # Explorer, 7-Zip and WPS's unzipper honour (Info-ZIP's zip does not set
    # it, and Explorer would show 使用说明.txt as mojibake); permissions kept.
    python3 - "$TEST_DIR/package" "$name" "$ROOT/dist/$name.zip" <<'PY'
import os, sys, zipfile
base, name, out = sys.argv[1:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for d, dirs, files in os.walk(os.path.join(base, name)):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(d, f)
            z.write(p, os.path.relpath(p, base))
PY
    echo "dist/$name.zip"
}

declare -A RESULT
build "$HOST"
exercise "$HOST" "$(exe_of "$HOST")"
for t in "${TARGETS[@]}"; do
    miss=$(missing_tools "$t" | tr '\n' ' ')
    if [ -n "$miss" ]; then
        RESULT[$t]="NOT BUILT: missing $miss"
        continue
    fi
    set +e
    (
        set -e
        build "$t"
        exercise "$t" "$(exe_of "$t")"
        compare "$t"
        package "$t" "$(exe_of "$t")" >"$TEST_DIR/$t.archive"
    )
    rc=$?
    set -e
    if [ $rc = 0 ]; then
        archive=$(cat "$TEST_DIR/$t.archive")
        RESULT[$t]="ok  $archive ($(du -h "$archive" | cut -f1))"
    else
        RESULT[$t]="FAILED (see above)"
    fi
done

say "summary (wuyi $VERSION)"
status=0
for t in "${TARGETS[@]}"; do
    printf '%-28s %s\n' "$t" "${RESULT[$t]}"
    case "${RESULT[$t]}" in ok*) ;; *) status=1 ;; esac
done
exit $status
