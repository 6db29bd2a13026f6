#!/usr/bin/env bash
# bench/boot-time.sh - boot-time benchmark: Solo against Debian's Linux kernel.
#
# Measures the wall-clock time from just before QEMU starts until the guest's
# ready marker appears on its serial console ("solo: ready:" for Solo, the
# line "linux-init: ready" printed by a static /init for Linux), and the time
# until QEMU exits. Both kernels boot under TCG on -M microvm and -M q35 with
# the same QEMU options; the four configurations run interleaved, --runs times
# each. Writes a table of medians (min/max) and the Linux/Solo ratio per
# machine to stdout and bench/results/boot-time.txt; each run's times go to
# bench/results/boot-time-runs.txt and the serial logs to bench/results/logs/.
# It never fails on speed: it exits non-zero only if something could not be
# prepared or a guest never printed its marker.
#
# Usage: bench/boot-time.sh [--runs N]      (see bench/README.md)
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP_DIR=$(dirname "$BENCH_DIR")
WORK_DIR=$BENCH_DIR/work
RESULTS_DIR=$BENCH_DIR/results
LOG_DIR=$RESULTS_DIR/logs
RUNS_FILE=$RESULTS_DIR/boot-time-runs.txt
SOLO_KERNEL=$TOP_DIR/kernel/solo.elf
QEMU=${QEMU:-qemu-system-x86_64}
MEMORY=256M          # Linux needs about 96 MiB; Solo gets the same
QEMU_TIMEOUT=120     # seconds, per QEMU run
SOLO_MARKER="solo: ready:"
LINUX_MARKER="linux-init: ready"
CONFIGS=(solo-microvm linux-microvm solo-q35 linux-q35)

RUNS=5
LINUX_PKG=""         # e.g. linux-image-6.1.0-57-amd64
LINUX_VERSION=""     # the package's version, e.g. 6.1.192-3
LINUX_KERNEL=""      # the extracted vmlinuz
INITRAMFS=$WORK_DIR/initramfs.cpio
TSC_KHZ=""

die() {
	echo "boot-time: $*" >&2
	exit 1
}

usage() {
	echo "usage: bench/boot-time.sh [--runs N]"
}

parse_args() {
	while (($#)); do
		case $1 in
		--runs)
			(($# >= 2)) || die "--runs needs a number"
			RUNS=$2
			shift 2
			;;
		--runs=*)
			RUNS=${1#--runs=}
			shift
			;;
		-h | --help)
			usage
			exit 0
			;;
		*) die "unknown option '$1' (usage: bench/boot-time.sh [--runs N])" ;;
		esac
	done
	[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive whole number, not '$RUNS'"
}

check_tools() {
	[[ -f $SOLO_KERNEL ]] || die "$SOLO_KERNEL not found: build the kernel first (run make)"
	command -v "$QEMU" >/dev/null || die "$QEMU not found: apt-get install qemu-system-x86"
	command -v gcc >/dev/null || die "gcc not found: apt-get install gcc"
	command -v timeout >/dev/null || die "timeout not found: apt-get install coreutils"
	if ! command -v cpio >/dev/null; then
		echo "boot-time: installing cpio" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cpio >/dev/null 2>&1 || die "cpio missing and apt-get install cpio failed"
	fi
}

# Prints the versioned image package that linux-image-amd64 depends on.
linux_package_name() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
}

# Downloads Debian's kernel package and unpacks it under bench/work/ (never
# into the host's /boot); sets LINUX_PKG, LINUX_VERSION and LINUX_KERNEL.
prepare_linux_kernel() {
	LINUX_PKG=$(linux_package_name)
	if [[ -z $LINUX_PKG ]]; then
		apt-get update -qq >/dev/null || die "apt-get update failed"
		LINUX_PKG=$(linux_package_name)
	fi
	[[ -n $LINUX_PKG ]] || die "cannot find the package linux-image-amd64 depends on (apt-cache depends)"
	local tree=$WORK_DIR/$LINUX_PKG
	LINUX_KERNEL=$tree/boot/vmlinuz-${LINUX_PKG#linux-image-}
	if [[ ! -f $LINUX_KERNEL ]]; then
		local deb
		rm -f "$WORK_DIR/${LINUX_PKG}"_*.deb
		echo "boot-time: downloading $LINUX_PKG into $WORK_DIR" >&2
		(cd "$WORK_DIR" && apt-get download -qq "$LINUX_PKG" >/dev/null 2>&1) ||
			die "apt-get download $LINUX_PKG failed"
		deb=$(ls "$WORK_DIR/${LINUX_PKG}"_*.deb)
		rm -rf "$tree"
		dpkg-deb -x "$deb" "$tree" || die "dpkg-deb -x $deb failed"
		[[ -f $LINUX_KERNEL ]] || die "$deb holds no $LINUX_KERNEL"
	fi
	LINUX_VERSION=$(basename "$(ls "$WORK_DIR/${LINUX_PKG}"_*.deb)" .deb)
	LINUX_VERSION=${LINUX_VERSION#"${LINUX_PKG}"_}
	LINUX_VERSION=${LINUX_VERSION%_amd64}
}

# Builds bench/linux-init.c statically and packs it as /init in a newc cpio.
prepare_initramfs() {
	local root=$WORK_DIR/initramfs
	rm -rf "$root"
	mkdir -p "$root/dev"
	gcc -static -O2 -Wall -o "$root/init" "$BENCH_DIR/linux-init.c" ||
		die "building bench/linux-init.c failed"
	(cd "$root" && printf '%s\n' dev init | cpio -o -H newc --quiet) >"$INITRAMFS" ||
		die "cpio could not build $INITRAMFS"
}

# Host TSC rate in kHz from /proc/cpuinfo; under TCG the guest's TSC is the
# host's, and Linux on microvm cannot calibrate it (no PIT/HPET/PM timer).
detect_tsc_khz() {
	TSC_KHZ=$(awk -F: '/^cpu MHz/ { printf "%d\n", $2 * 1000; exit }' /proc/cpuinfo)
	[[ $TSC_KHZ =~ ^[1-9][0-9]*$ ]] || die "cannot read the host's 'cpu MHz' from /proc/cpuinfo"
}

# Prints the QEMU command for configuration $1 (kernel-machine), one word a line.
qemu_command() {
	local kernel=${1%%-*} machine=${1#*-}
	printf '%s\n' "$QEMU" -accel tcg -M "$machine" -smp 1 -m "$MEMORY" \
		-nodefaults -display none -serial stdio -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04
	if [[ $kernel == solo ]]; then
		printf '%s\n' -kernel "$SOLO_KERNEL"
	else
		local append="console=ttyS0 panic=-1 quiet"
		[[ $machine == microvm ]] && append+=" tsc_early_khz=$TSC_KHZ"
		printf '%s\n' -kernel "$LINUX_KERNEL" -initrd "$INITRAMFS" -append "$append"
	fi
}

marker_for() {
	if [[ ${1%%-*} == solo ]]; then echo "$SOLO_MARKER"; else echo "$LINUX_MARKER"; fi
}

# Microseconds since the epoch, without forking (bash 5) or with date.
now_us() {
	if [[ -n ${EPOCHREALTIME:-} ]]; then
		echo "${EPOCHREALTIME//[!0-9]/}"
	else
		echo $(($(date +%s%N) / 1000))
	fi
}

# Boots configuration $1 once, its serial log to $2. Reads QEMU's output
# line by line and prints "ready_us exit_us status" (ready_us is - if the
# marker never came; status is QEMU's exit status, 124 on timeout).
time_one_boot() {
	local config=$1 log=$2 marker cmd line start ready=- status=-
	local sentinel="@@boot-time: qemu exit status"
	marker=$(marker_for "$config")
	mapfile -t cmd < <(qemu_command "$config")
	start=$(now_us)
	while IFS= read -r line || [[ -n $line ]]; do
		if [[ $line == "$sentinel "* ]]; then
			status=${line#"$sentinel "}
			continue
		fi
		if [[ $ready == - && $line == *"$marker"* ]]; then
			ready=$(($(now_us) - start))
		fi
		printf '%s\n' "$line"
	done < <(
		rc=0
		timeout "$QEMU_TIMEOUT" "${cmd[@]}" </dev/null 2>&1 || rc=$?
		echo "$sentinel $rc"
	) >"$log"
	echo "$ready $(($(now_us) - start)) $status"
}

# Prints microseconds $1 as milliseconds with one decimal.
us_to_ms() {
	local tenths=$((($1 + 50) / 100))
	printf '%d.%d' $((tenths / 10)) $((tenths % 10))
}

# Prints "median min max" in ms (one decimal) of the microsecond values given.
summarize() {
	printf '%s\n' "$@" | sort -n | awk '
		{ v[NR] = $1 }
		END {
			m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.1f %.1f %.1f\n", m / 1000, v[1] / 1000, v[NR] / 1000
		}'
}

declare -A READY EXIT FAILED

# Runs all configurations interleaved, RUNS rounds; fills READY/EXIT/FAILED.
run_all() {
	local round config result ready total status
	mkdir -p "$LOG_DIR"
	: >"$RUNS_FILE"
	for config in "${CONFIGS[@]}"; do READY[$config]="" EXIT[$config]="" FAILED[$config]=0; done
	for ((round = 1; round <= RUNS; round++)); do
		for config in "${CONFIGS[@]}"; do
			result=$(time_one_boot "$config" "$LOG_DIR/$config-$round.log")
			read -r ready total status <<<"$result"
			if [[ $ready == - ]]; then
				FAILED[$config]=$((${FAILED[$config]} + 1))
				echo "boot-time: run $round $config: no marker (QEMU status $status), see $LOG_DIR/$config-$round.log" >&2
				continue
			fi
			[[ $status != 124 ]] ||
				echo "boot-time: run $round $config: QEMU timed out after the marker; its exit time is the timeout" >&2
			READY[$config]+="$ready "
			EXIT[$config]+="$total "
			printf 'run %d/%d  %-14s ready %9s ms  exit %9s ms  (QEMU status %s)\n' \
				"$round" "$RUNS" "$config" "$(us_to_ms "$ready")" "$(us_to_ms "$total")" "$status" |
				tee -a "$RUNS_FILE" >&2
		done
	done
}

# Prints the median time-to-ready in ms of a configuration, or nothing.
median_ready() {
	local -a v
	read -ra v <<<"${READY[$1]}"
	((${#v[@]})) && summarize "${v[@]}" | awk '{ print $1 }'
	return 0
}

report_header() {
	echo "Boot time to ready marker, QEMU TCG, -smp 1 -m $MEMORY, runs per configuration: $RUNS (interleaved)"
	echo "date:   $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "qemu:   $("$QEMU" --version | head -n 1)"
	echo "host:   $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(nproc) CPUs, TSC $TSC_KHZ kHz"
	echo "solo:   kernel/solo.elf, work tree at commit $(git -C "$TOP_DIR" describe --always --dirty 2>/dev/null || echo unknown)"
	echo "linux:  Debian $LINUX_PKG $LINUX_VERSION (vmlinuz, initramfs with bench/linux-init.c as /init)"
	echo
}

report_table() {
	local config median min max exit_ ok
	local -a r e
	printf '%-14s %4s  %12s %10s %10s  %12s\n' config runs "ready ms" min max "exit ms"
	for config in "${CONFIGS[@]}"; do
		read -ra r <<<"${READY[$config]}"
		read -ra e <<<"${EXIT[$config]}"
		ok=${#r[@]}
		if ((ok == 0)); then
			printf '%-14s %4s  %12s\n' "$config" "0/$RUNS" "no marker"
			continue
		fi
		read -r median min max < <(summarize "${r[@]}")
		read -r exit_ _ < <(summarize "${e[@]}")
		printf '%-14s %4s  %12s %10s %10s  %12s\n' "$config" "$ok/$RUNS" \
			"$median" "$min" "$max" "$exit_"
	done
	echo "(ready: median, min, max of QEMU start to marker; exit: median QEMU start to exit)"
	echo
}

report_ratios() {
	local machine solo linux
	for machine in microvm q35; do
		solo=$(median_ready "solo-$machine")
		linux=$(median_ready "linux-$machine")
		if [[ -n $solo && -n $linux ]]; then
			awk -v m="$machine" -v s="$solo" -v l="$linux" \
				'BEGIN { printf "%-8s Linux/Solo = %.1fx  (median %.1f ms / %.1f ms)\n", m, l / s, l, s }'
		else
			printf '%-8s Linux/Solo = n/a (a configuration never reached its marker)\n' "$machine"
		fi
	done
}

main() {
	parse_args "$@"
	check_tools
	mkdir -p "$WORK_DIR" "$RESULTS_DIR"
	prepare_linux_kernel
	prepare_initramfs
	detect_tsc_khz
	run_all
	{
		report_header
		report_table
		report_ratios
	} | tee "$RESULTS_DIR/boot-time.txt"
	local config failed=0
	for config in "${CONFIGS[@]}"; do failed=$((failed + ${FAILED[$config]})); done
	((failed == 0)) || die "$failed runs never printed their marker; logs in $LOG_DIR"
}

main "$@"
