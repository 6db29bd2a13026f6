# tests/guest.sh - the guest tests: which boots to make and what each must
# show. Sourced by tests/run.sh, which defines pass, fail and boot.
#
# A spec line is NAME|MACHINE|CPUS|MEMORY|KERNEL COMMAND LINE|DEBUG-EXIT|CHECK[|INITRD]
# (MACHINE+cpumax boots with QEMU's -cpu max).
# DEBUG-EXIT says whether QEMU gets the isa-debug-exit device (the exit
# status path); without it the kernel powers off through ACPI.

SELFTESTS="pages kmalloc threads threads-detached balance exit-race mutex condvar preempt smp sleep timers tickless rtc klog"

guest_specs() {
    local m c mem
    for m in microvm q35 pc; do
        for mem in 32M 4G; do
            for c in 1 2; do
                echo "selftest-$m-${c}cpu-$mem|$m|$c|$mem|test=all|yes|check_selftest"
            done
        done
        echo "selftest-$m-4cpu-256M|$m|4|256M|test=all|yes|check_selftest"
    done
    cat <<'SPECS'
big-memory-q35-2cpu-16G|q35|2|16G|test=pages,threads,smp|yes|check_some_selftests
mptable-microvm-acpi-off-2cpu|microvm,acpi=off|2|64M|test=smp,threads,preempt|yes|check_some_selftests
demo-q35|q35|2|64M||yes|check_demo
idle-halts-q35-4cpu|q35|4|64M|test=idle|yes|check_idle_halts
nmi-dump-pc-2cpu|pc|2|64M|test=idle|yes|check_nmi_dump
mce-report-q35|q35|1|64M|test=idle|yes|check_mce_report
poweroff-acpi-microvm|microvm|1|32M||no|check_demo
poweroff-acpi-q35|q35|1|32M||no|check_demo
poweroff-acpi-pc|pc|1|32M||no|check_demo
option-unknown-warns|microvm|1|32M|bogus=1 alsobogus|yes|check_unknown_option
option-bad-test-name|microvm|1|32M|test=nosuchtest|yes|check_bad_test_name
option-tsc-khz|microvm|1|32M|tsc_khz=2000000|yes|check_tsc_option
option-tsc-khz-invalid|microvm|1|32M|tsc_khz=fast|yes|check_tsc_invalid
option-tsc-khz-absurd|microvm|1|32M|tsc_khz=1|yes|check_tsc_absurd
option-empty-test-list|microvm|1|32M|test=|yes|check_empty_test
option-test-and-crash|microvm|1|32M|test=all crash=null|yes|check_exclusive
app-not-found|microvm|1|32M|-- /bin/hello world|yes|check_app_not_found
app-command-not-found|microvm|1|32M|-- hello world|yes|check_command_not_found
app-static|microvm|1|64M|env=GREETING=hi -- /bin/hello-static 3 two|yes|check_app_hello|apps.cpio
app-static-pie|q35|2|64M|env=GREETING=hi cwd=/tmp -- /bin/hello-pie 4 two|yes|check_app_hello|apps.cpio
app-dynamic-path|pc|2|64M|env=GREETING=hi env=PATH=/usr/bin:/bin strace -- hello-dyn 5 two|yes|check_app_hello|apps.cpio
app-not-elf|microvm|1|64M|-- /bin/not-an-elf|yes|check_app_not_elf|apps.cpio
app-syscalls|microvm|2|128M|-- /bin/syscalls|yes|check_app_cases|apps.cpio
app-syscalls-smap|q35+cpumax|2|128M|-- /bin/syscalls|yes|check_app_cases_smap|apps.cpio
app-lua-memory|q35|2|512M|-- lua5.4 /app/memory.lua|yes|check_lua_memory|apps.cpio
app-lua|q35|2|256M|-- lua5.4 -e print(("x"):rep(3),os.time()>0,io.open("/etc/hostname"):read("a"))|yes|check_app_lua|apps.cpio
app-segv|microvm|1|64M|-- /bin/crash segv|yes|check_app_signal|apps.cpio
app-sigill|microvm|1|64M|-- /bin/crash ill|yes|check_app_signal|apps.cpio
app-sigfpe|q35|1|64M|-- /bin/crash fpe|yes|check_app_signal|apps.cpio
crash-null|q35|2|64M|crash=null|yes|check_crash
crash-ud|q35|1|64M|crash=ud|yes|check_crash
crash-divide|pc|1|64M|crash=divide|yes|check_crash
crash-gp|microvm|2|64M|crash=gp|yes|check_crash
crash-stack|microvm|2|64M|crash=stack|yes|check_crash
crash-stack-main|q35|1|64M|crash=stack-main|yes|check_crash
crash-panic|pc|2|64M|crash=panic|yes|check_crash
no-rtc-microvm|microvm,rtc=off|1|32M||yes|check_no_rtc
no-poweroff-device-microvm|microvm,acpi=off|1|32M||no|check_reset_exit
SPECS
}

# The kernel's last line gives its exit status; QEMU's own status must
# agree: 2*status+1 through isa-debug-exit, 0 after an ACPI power-off.
# Sets STATUS, or reports why there is none and returns 1.
exit_status_of() {
    local name=$1 log=$2 rc=$3 debug_exit=$4 want_rc
    STATUS=""
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
        fail "guest/$name" "timed out (log: $log)"
        return 1
    fi
    STATUS=$(sed -n 's/^solo: power off, exit status \([0-9]*\).*/\1/p' "$log" | tail -1)
    if [ -z "$STATUS" ]; then
        fail "guest/$name" "no power-off line; QEMU exited $rc (log: $log)"
        return 1
    fi
    want_rc=0
    [ "$debug_exit" = yes ] && want_rc=$(( (STATUS * 2 + 1) & 255 ))
    if [ "$rc" != "$want_rc" ]; then
        fail "guest/$name/exit-status" "kernel said $STATUS, QEMU exited $rc, expected $want_rc"
        return 1
    fi
}

expect_line() {
    local name=$1 log=$2 what=$3 regex=$4
    if grep -Eq -- "$regex" "$log"; then
        pass "guest/$name/$what"
    else
        fail "guest/$name/$what" "no line matching '$regex' (log: $log)"
    fi
}

expect_status() {
    local name=$1 log=$2 rc=$3 debug_exit=$4 want=$5
    exit_status_of "$name" "$log" "$rc" "$debug_exit" || return 0
    if [ "$STATUS" = "$want" ]; then
        pass "guest/$name/exit-status-$want"
    else
        fail "guest/$name/exit-status" "status $STATUS, expected $want (log: $log)"
    fi
}

# The ready line must show the CPUs asked for and most of the memory.
check_ready() {
    local name=$1 log=$2 smp=$3 mem=$4 line cpus mib want
    line=$(grep -m1 'solo: ready:' "$log")
    cpus=$(echo "$line" | sed -n 's/.*ready: \([0-9]*\) CPUs.*/\1/p')
    mib=$(echo "$line" | sed -n 's/.* \([0-9]*\) MiB memory.*/\1/p')
    case $mem in
        *G) want=$(( ${mem%G} * 1024 )) ;;
        *M) want=${mem%M} ;;
    esac
    if [ -z "$line" ]; then
        fail "guest/$name/ready" "no ready line (log: $log)"
    elif [ "$cpus" != "$smp" ]; then
        fail "guest/$name/ready" "$cpus CPUs online, expected $smp"
    elif [ "$mib" -lt $(( want * 85 / 100 )) ] || [ "$mib" -gt "$want" ]; then
        fail "guest/$name/ready" "$mib MiB usable of $mem"
    else
        pass "guest/$name/ready"
    fi
}

# Each TEST line is a result; every named test must have reported.
report_selftests() {
    local name=$1 log=$2 tests=$3 t line
    for t in $tests; do
        line=$(grep -m1 "TEST $t: " "$log")
        case $line in
            *"TEST $t: PASS"*) pass "guest/$name/$t" ;;
            *"TEST $t: FAIL"*) fail "guest/$name/$t" "${line#*FAIL }" ;;
            *) fail "guest/$name/$t" "did not report (log: $log)" ;;
        esac
    done
}

check_selftest() {
    local name=$1 log=$2 rc=$3 smp=$4 mem=$5 debug_exit=$6
    check_ready "$name" "$log" "$smp" "$mem"
    report_selftests "$name" "$log" "$SELFTESTS"
    expect_status "$name" "$log" "$rc" "$debug_exit" 0
}

check_some_selftests() {
    local name=$1 log=$2 rc=$3 smp=$4 mem=$5 debug_exit=$6 tests
    tests=$(grep -o 'test=[a-z,]*' "$log" | head -1 | sed 's/test=//; s/,/ /g')
    check_ready "$name" "$log" "$smp" "$mem"
    report_selftests "$name" "$log" "$tests"
    expect_status "$name" "$log" "$rc" "$debug_exit" 0
}

check_demo() {
    local name=$1 log=$2 rc=$3 smp=$4 mem=$5 debug_exit=$6
    expect_line "$name" "$log" banner '^\[ *[0-9.]+\] Solo [0-9.]+ \(x86_64\) booting'
    check_ready "$name" "$log" "$smp" "$mem"
    expect_line "$name" "$log" wall-clock 'clock: wall time [0-9]+ days since the epoch'
    expect_line "$name" "$log" no-app 'solo: no application given; shutting down'
    expect_status "$name" "$log" "$rc" "$debug_exit" 0
}

check_unknown_option() {
    local name=$1 log=$2 rc=$3 debug_exit=$6
    expect_line "$name" "$log" warns-bogus "warning: unknown boot option 'bogus' ignored"
    expect_line "$name" "$log" warns-alsobogus "warning: unknown boot option 'alsobogus' ignored"
    expect_status "$name" "$log" "$rc" "$debug_exit" 0
}

check_bad_test_name() {
    local name=$1 log=$2 rc=$3 debug_exit=$6
    expect_line "$name" "$log" error 'error: test=nosuchtest: no self-test by that name'
    expect_status "$name" "$log" "$rc" "$debug_exit" 1
}

check_tsc_option() {
    local name=$1 log=$2 rc=$3 debug_exit=$6
    expect_line "$name" "$log" uses-option 'clock: TSC 2000\.000 MHz \(from tsc_khz option\)'
    expect_status "$name" "$log" "$rc" "$debug_exit" 0
}

check_tsc_invalid() {
    local name=$1 log=$2 rc=$3 debug_exit=$6
    expect_line "$name" "$log" warns 'warning: tsc_khz=fast is not a frequency in kHz between 100000 and 20000000; measuring instead'
    expect_line "$name" "$log" measures 'clock: TSC [0-9.]+ MHz \(from (PIT|HPET|ACPI PM timer|CPUID)\)'
    expect_status "$name" "$log" "$rc" "$debug_exit" 0
}

check_app_not_found() {
    local name=$1 log=$2 rc=$3 debug_exit=$6
    expect_line "$name" "$log" error "^solo: /bin/hello: No such file or directory"
    expect_status "$name" "$log" "$rc" "$debug_exit" 127
}

check_command_not_found() {
    local name=$1 log=$2 rc=$3 debug_exit=$6
    expect_line "$name" "$log" error "^solo: hello: command not found"
    expect_status "$name" "$log" "$rc" "$debug_exit" 127
}

# What each deliberate crash must report, and its exit status.
check_crash() {
    local name=$1 log=$2 rc=$3 debug_exit=$6 kind=${1#crash-}
    case $kind in
        null)
            expect_line "$name" "$log" names-fault 'KERNEL CRASH: page fault \(vector 14, error code 0x0\)'
            expect_line "$name" "$log" explains 'page fault at 0000000000000010: page not present, read, kernel mode'
            expect_line "$name" "$log" cr2 'CR2 0000000000000010'
            expect_line "$name" "$log" backtrace '^  ffffffff8[0-9a-f]+ crash_null_deref\+0x'
            expect_line "$name" "$log" backtrace-caller '^  ffffffff8[0-9a-f]+ kmain_late\+0x'
            expect_status "$name" "$log" "$rc" "$debug_exit" 122 ;;
        ud)
            expect_line "$name" "$log" names-fault 'KERNEL CRASH: invalid opcode \(vector 6'
            expect_line "$name" "$log" backtrace 'crash_invalid_opcode\+0x'
            expect_status "$name" "$log" "$rc" "$debug_exit" 122 ;;
        divide)
            expect_line "$name" "$log" names-fault 'KERNEL CRASH: divide error \(vector 0'
            expect_line "$name" "$log" backtrace 'crash_divide\+0x'
            expect_status "$name" "$log" "$rc" "$debug_exit" 122 ;;
        gp)
            expect_line "$name" "$log" names-fault 'KERNEL CRASH: general protection \(vector 13'
            expect_line "$name" "$log" registers '^RAX 8000000000000000'
            expect_line "$name" "$log" backtrace 'crash_noncanonical\+0x'
            expect_status "$name" "$log" "$rc" "$debug_exit" 122 ;;
        stack)
            expect_line "$name" "$log" names-fault 'KERNEL CRASH: double fault \(vector 8.*thread overflow'
            expect_line "$name" "$log" explains 'kernel stack overflow: RSP [0-9a-f]+ is in a stack guard page'
            expect_line "$name" "$log" backtrace 'crash_recurse'
            expect_line "$name" "$log" backtrace-collapsed '\.\.\. the frame above [0-9]+ more times'
            expect_line "$name" "$log" backtrace-thread-start 'thread_start\+0x'
            expect_status "$name" "$log" "$rc" "$debug_exit" 123 ;;
        stack-main)
            expect_line "$name" "$log" names-fault 'KERNEL CRASH: double fault \(vector 8.*thread main'
            expect_line "$name" "$log" explains 'kernel stack overflow: RSP [0-9a-f]+ is in a stack guard page'
            expect_line "$name" "$log" backtrace 'crash_recurse'
            expect_status "$name" "$log" "$rc" "$debug_exit" 123 ;;
        panic)
            expect_line "$name" "$log" message 'PANIC on cpu [0-9]+: deliberate panic from crash=panic'
            expect_line "$name" "$log" backtrace 'crash_panic\+0x'
            expect_status "$name" "$log" "$rc" "$debug_exit" 121 ;;
        *)
            fail "guest/$name" "no expectations for crash kind '$kind'" ;;
    esac
}

# The hello programs print their arguments, GREETING and cwd, and exit
# with their first argument.
check_app_hello() {
    local name=$1 log=$2 rc=$3 debug_exit=$6 want prog cwd=/
    want=$(grep -o -- '-- [^ ]* [0-9]*' <<< "$(spec_of "$name")" | awk '{print $3}')
    prog=$(grep -o -- '-- [^ ]*' <<< "$(spec_of "$name")" | awk '{print $2}')
    case $name in *pie*) cwd=/tmp ;; esac
    expect_line "$name" "$log" argc '^hello: argc=3$'
    expect_line "$name" "$log" argv0 "^hello: argv\[0\]=$prog\$"
    expect_line "$name" "$log" argv2 '^hello: argv\[2\]=two$'
    expect_line "$name" "$log" env '^hello: GREETING=hi$'
    expect_line "$name" "$log" cwd "^hello: cwd=$cwd\$"
    case $name in *strace*|*path*)
        expect_line "$name" "$log" strace-open '\[strace\] openat\(AT_FDCWD, "/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY\|O_CLOEXEC, 00\) = 3$'
        expect_line "$name" "$log" strace-error '\[strace\] access\("/etc/ld.so.preload", 4\) = -1 ENOENT \(No such file or directory\)$'
        expect_line "$name" "$log" strace-mmap '\[strace\] mmap\(NULL, [0-9]+, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0x0\) = 0x7f'
        expect_line "$name" "$log" strace-write '\[strace\] write\(1, "hello: argc=3\\n", 14\) = 14' ;;
    esac
    expect_status "$name" "$log" "$rc" "$debug_exit" "$want"
}

spec_of() {
    guest_specs | grep "^$1|"
}

check_app_not_elf() {
    local name=$1 log=$2 rc=$3 debug_exit=$6
    expect_line "$name" "$log" error '^solo: /bin/not-an-elf: not an ELF file$'
    expect_status "$name" "$log" "$rc" "$debug_exit" 126
}

# crash segv|ill|fpe dies of that signal: status 128+signal and a report.
check_app_signal() {
    local name=$1 log=$2 rc=$3 debug_exit=$6 sig status
    case $name in
        *segv) sig=SIGSEGV; status=139 ;;
        *sigill) sig=SIGILL; status=132 ;;
        *sigfpe) sig=SIGFPE; status=136 ;;
    esac
    expect_line "$name" "$log" report "^solo: the app was killed by $sig: "
    expect_line "$name" "$log" registers '^RIP 0000[0-9a-f]{12}  CS 002b'
    expect_status "$name" "$log" "$rc" "$debug_exit" "$status"
}

check_no_rtc() {
    local name=$1 log=$2 rc=$3 smp=$4 mem=$5 debug_exit=$6
    expect_line "$name" "$log" warns '^\[ *[0-9.]+\] warning: no real-time clock: wall time starts at the epoch'
    check_ready "$name" "$log" "$smp" "$mem"
    expect_status "$name" "$log" "$rc" "$debug_exit" 0
}

# No ACPI and no isa-debug-exit: the kernel resets the machine, QEMU exits.
check_reset_exit() {
    local name=$1 log=$2 rc=$3
    expect_line "$name" "$log" says-why '^solo: no power-off device; resetting the machine'
    if [ "$rc" = 0 ]; then
        pass "guest/$name/qemu-exits"
    else
        fail "guest/$name/qemu-exits" "QEMU exited $rc (log: $log)"
    fi
}

check_tsc_absurd() {
    local name=$1 log=$2 rc=$3 debug_exit=$6
    expect_line "$name" "$log" warns 'warning: tsc_khz=1 is not a frequency in kHz between 100000 and 20000000'
    expect_status "$name" "$log" "$rc" "$debug_exit" 0
}

check_empty_test() {
    local name=$1 log=$2 rc=$3 debug_exit=$6
    expect_line "$name" "$log" error 'error: test= names no test'
    expect_status "$name" "$log" "$rc" "$debug_exit" 1
}

check_exclusive() {
    local name=$1 log=$2 rc=$3 debug_exit=$6
    expect_line "$name" "$log" error 'error: crash=, test= and an application \(after --\) exclude each other'
    expect_status "$name" "$log" "$rc" "$debug_exit" 1
}

# Over the guest's 3 s sleep, 4 vCPUs that spun would burn seconds of host
# CPU time; halted ones burn almost none. The whole boot may use 1.5 s.
check_idle_halts() {
    local name=$1 log=$2 rc=$3 debug_exit=$6 user sys ms
    expect_line "$name" "$log" slept 'TEST idle: PASS'
    # `times` wrote the shell's then QEMU's user and system time, each line
    # like "1m2.345s 0m0.678s".
    read -r user sys < <(tail -1 "$log.cpu" 2>/dev/null) || true
    ms=$(awk -v u="$user" -v s="$sys" 'BEGIN { if (u !~ /^[0-9]+m[0-9.]+s$/ || s !~ /^[0-9]+m[0-9.]+s$/) exit;
        split(u, a, /[ms]/); split(s, b, /[ms]/); printf "%d", (a[1] * 60 + a[2] + b[1] * 60 + b[2]) * 1000 }')
    if [ -z "$ms" ]; then
        fail "guest/$name/cpu-time" "QEMU's CPU time was not recorded (log: $log.cpu)"
    elif [ "$ms" -lt 1500 ]; then
        pass "guest/$name/cpu-time"
    else
        fail "guest/$name/cpu-time" "QEMU used $ms ms of CPU in a boot that mostly slept"
    fi
    expect_status "$name" "$log" "$rc" "$debug_exit" 0
}

# Debian's lua5.4 with its shared libraries: the same line as on the host,
# whose /etc/hostname would say something else.
check_app_lua() {
    local name=$1 log=$2 rc=$3 debug_exit=$6 want
    want=$(lua5.4 -e 'io.write(("x"):rep(3), "\t", tostring(os.time() > 0), "\t")')solo-guest
    if grep -qxF "$want" "$log"; then
        pass "guest/$name/output"
    else
        fail "guest/$name/output" "no line '$want' (log: $log)"
    fi
    expect_status "$name" "$log" "$rc" "$debug_exit" 0
}

# A guest program that prints one PASS/FAIL line per case: each is a result,
# and it must report as many cases as on the host (tests/run.sh --host).
check_app_cases() {
    local name=$1 log=$2 rc=$3 debug_exit=$6 prog cases host_cases
    prog=$(grep -o -- '-- /bin/[a-z]*' <<< "$(spec_of "$name")" | sed 's|-- /bin/||')
    grep -E '^(PASS|FAIL) ' "$log" | sed -E "s#^(PASS|FAIL) #\\1 guest/$name/#" | tee -a "$results"
    cases=$(grep -cE '^(PASS|FAIL) ' "$log")
    host_cases=$(grep -cE '^(PASS|FAIL) ' "$logdir/host-$prog.log" 2>/dev/null || echo 0)
    if [ "$cases" -gt 0 ] && { [ "$host_cases" = 0 ] || [ "$cases" = "$host_cases" ]; }; then
        pass "guest/$name/all-cases-ran"
    else
        fail "guest/$name/all-cases-ran" "$cases cases in the VM, $host_cases on the host (log: $log)"
    fi
    expect_status "$name" "$log" "$rc" "$debug_exit" 0
}

# The runner sends an NMI while the guest sleeps: a report, then it goes on.
check_nmi_dump() {
    local name=$1 log=$2 rc=$3 debug_exit=$6
    expect_line "$name" "$log" cpu0 '^NMI on cpu 0: running '
    expect_line "$name" "$log" cpu1 '^NMI on cpu 1: running '
    expect_line "$name" "$log" main-thread '^thread 1 main: blocked, cpu [0-9]'
    expect_line "$name" "$log" main-backtrace 'test_idle\+0x'
    expect_line "$name" "$log" goes-on 'TEST idle: PASS'
    expect_status "$name" "$log" "$rc" "$debug_exit" 0
}

# The runner injects a machine check while the guest sleeps: a report, 124.
check_mce_report() {
    local name=$1 log=$2 rc=$3 debug_exit=$6
    expect_line "$name" "$log" names-it 'KERNEL CRASH: machine check \(vector 18'
    expect_status "$name" "$log" "$rc" "$debug_exit" 124
}

# 200 MB of Lua strings built and freed in a 512 MiB VM: MemFree drops by
# more than 150 MB, then comes back to within 20 MB.
check_lua_memory() {
    local name=$1 log=$2 rc=$3 debug_exit=$6
    expect_line "$name" "$log" built '^strings 199 MB, '
    expect_line "$name" "$log" returned '^memory returned$'
    expect_status "$name" "$log" "$rc" "$debug_exit" 0
}

# The same cases with SMEP and SMAP on: every kernel access to app memory
# must go through the user-copy path.
check_app_cases_smap() {
    local name=$1 log=$2
    expect_line "$name" "$log" smap-on 'cpu: SMEP on, SMAP on'
    check_app_cases "$@"
}
