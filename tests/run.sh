#!/bin/bash
# tests/run.sh - Solo's test runner (`make check` calls it).
#
# Runs the host unit test programs, then boots the kernel under QEMU (TCG)
# for every guest test in tests/guest.sh, two boots at a time, each bounded
# by a timeout. Every check prints one line, "PASS name" or "FAIL name: why";
# the last line is "N passed, N failed" and the exit status is 1 on any
# failure.
#
# Guest test programs listed with --host run on the host's Linux first: the
# host proves the test right, the guest run (tests/guest.sh) the kernel.
#
# Usage: tests/run.sh --unit "PROGRAMS" --kernel KERNEL.ELF [--host "PROGRAMS"]
#                     [--initrd-dir DIR] [--only REGEX]
set -u

unit_progs=""
host_progs=""
kernel=""
only=""
initrd_dir=tests/guest
while [ $# -gt 0 ]; do
    case "$1" in
        --unit|--kernel|--only|--initrd-dir|--host)
            [ $# -ge 2 ] || { echo "tests/run.sh: $1 needs a value" >&2; exit 2; } ;;&
        --unit) unit_progs=$2; shift 2 ;;
        --host) host_progs=$2; shift 2 ;;
        --kernel) kernel=$2; shift 2 ;;
        --only) only=$2; shift 2 ;;
        --initrd-dir) initrd_dir=$2; shift 2 ;;
        *) echo "tests/run.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
[ -n "$kernel" ] && [ -f "$kernel" ] || { echo "tests/run.sh: no kernel: '$kernel'" >&2; exit 2; }
QEMU=${QEMU:-qemu-system-x86_64}
TIMEOUT=${TIMEOUT:-timeout}
JOBS=${JOBS:-2}
[[ $JOBS =~ ^[1-9][0-9]*$ ]] || { echo "tests/run.sh: JOBS must be a positive number, not '$JOBS'" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
logdir=${LOGDIR:-tests/logs}
rm -rf "$logdir"
mkdir -p "$logdir"
results="$logdir/results"
: > "$results"
start=$(date +%s)

# One result line; the summary counts these.
pass() { echo "PASS $1" | tee -a "$results"; }
fail() { echo "FAIL $1: $2" | tee -a "$results"; }

# Runs test programs that print "PASS name" / "FAIL name: why" lines; each
# result is named PREFIX/name (the program's name is added when NAMED is set,
# for programs whose lines do not name their suite). A program that fails
# without saying why is a failure of its own.
run_programs() {
    local prefix=$1 named=$2 limit=$3 progs=$4 prog out rc p
    for prog in $progs; do
        out="$logdir/$prefix-$(basename "$prog").log"
        p=$prefix
        [ -n "$named" ] && p="$prefix/$(basename "$prog")"
        "$TIMEOUT" "$limit" "./$prog" > "$out" 2>&1
        rc=$?
        grep -E '^(PASS|FAIL) ' "$out" | sed -E "s#^(PASS|FAIL) #\\1 $p/#" | tee -a "$results"
        if [ $rc -ne 0 ] && { [ -n "$named" ] || ! grep -q '^FAIL ' "$out"; }; then
            fail "$prefix/$(basename "$prog")" "exited with status $rc (see $out)"
        fi
    done
}


# shellcheck source=tests/guest.sh
. "$here/guest.sh"

# Asks a hung QEMU for a report: an NMI makes the kernel print what every
# CPU runs and every thread's state and backtrace on its console; then the
# monitor adds every vCPU's registers to the log.
dump_registers() {
    local mon=$1 log=$2
    {
        exec 3<>"$mon.out"
        echo "nmi" > "$mon.in"
        sleep 2
        echo "=== the boot timed out; vCPU registers from the QEMU monitor:"
        echo "info registers -a" > "$mon.in"
        "$TIMEOUT" 3 cat <&3
        exec 3>&-
    } >> "$log.monitor" 2>&1
    cat "$log.monitor" >> "$log"
    rm -f "$log.monitor"
}

# Boots one guest test: writes the console log and QEMU's exit status
# (124 when it timed out) next to it.
boot() {
    local name=$1 machine=$2 smp=$3 mem=$4 append=$5 debug_exit=$6 initrd=$7
    local log="$logdir/$name.log" mon="$logdir/$name.mon" limit=${BOOT_TIMEOUT:-180}
    local dev=() pid rc start=$SECONDS
    [ "$debug_exit" = yes ] && dev=(-device isa-debug-exit,iobase=0xf4,iosize=0x04)
    # MACHINE+cpumax: QEMU's most capable CPU model (SMEP, SMAP, AVX...).
    if [[ $machine == *+cpumax ]]; then
        machine=${machine%+cpumax}
        dev+=(-cpu max)
    fi
    [ -n "$initrd" ] && dev+=(-initrd "$initrd_dir/$initrd")
    mkfifo "$mon.in" "$mon.out"
    # A shell around QEMU records QEMU's CPU time (for tests that check
    # that idle CPUs halt) with the `times` builtin when it exits.
    CPU_FILE="$log.cpu" "$TIMEOUT" -k 5 $((limit + 10)) bash -c '"$@"; rc=$?; times > "$CPU_FILE"; exit $rc' \
        qemu-wrapper "$QEMU" -accel tcg -M "$machine" -smp "$smp" -m "$mem" \
        -kernel "$kernel" -append "$append" -nodefaults -display none -serial stdio \
        -no-reboot -monitor "pipe:$mon" "${dev[@]}" < /dev/null > "$log" 2>&1 &
    pid=$!
    local nmi_sent=
    while kill -0 "$pid" 2>/dev/null && [ $((SECONDS - start)) -lt "$limit" ]; do
        # nmi-* and mce-* tests: an NMI or a machine check from the monitor
        # once the guest is asleep.
        if [ -z "$nmi_sent" ] && grep -q '^\[.*idle: sleeping' "$log"; then
            case $name in
                nmi-*) echo "nmi" > "$mon.in"; nmi_sent=yes ;;
                mce-*) echo "mce 0 1 0xbe00000000000000 0x7 0x1000 0x0" > "$mon.in"; nmi_sent=yes ;;
            esac
        fi
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        dump_registers "$mon" "$log"
        kill "$pid" 2>/dev/null
        wait "$pid"
        rc=124
    else
        wait "$pid"
        rc=$?
    fi
    rm -f "$mon.in" "$mon.out"
    sed -i 's/\r$//' "$log"        # the serial console ends lines with CR LF
    echo $rc > "$log.rc"
}

run_guest_tests() {
    local spec name running=0
    while IFS='|' read -r name machine smp mem append debug_exit check initrd; do
        [ -n "$only" ] && ! [[ $name =~ $only ]] && continue
        boot "$name" "$machine" "$smp" "$mem" "$append" "$debug_exit" "$initrd" &
        running=$((running + 1))
        if [ $running -ge "$JOBS" ]; then
            wait -n
            running=$((running - 1))
        fi
    done < <(guest_specs)
    wait
    while IFS='|' read -r name machine smp mem append debug_exit check initrd; do
        [ -n "$only" ] && ! [[ $name =~ $only ]] && continue
        $check "$name" "$logdir/$name.log" "$(cat "$logdir/$name.log.rc")" "$smp" "$mem" "$debug_exit"
    done < <(guest_specs)
}

if [ -z "$only" ] || [[ unit =~ $only ]]; then
    run_programs unit "" 300 "$unit_progs"
fi
if [ -z "$only" ] || [[ host =~ $only ]]; then
    run_programs host yes 120 "$host_progs"
fi
run_guest_tests

passed=$(grep -c '^PASS ' "$results")
failed=$(grep -c '^FAIL ' "$results")
echo "guest logs in $logdir; $(( $(date +%s) - start )) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
