#!/bin/bash
# tests/mkinitrd.sh - makes a cpio (newc) initrd for guest tests: each
# SOURCE=DEST pair copies a host file into the image at DEST, and for ELF
# programs also the shared libraries and interpreter ldd names, at the same
# paths as on the host. Files put under /bin are made executable.
# Usage: mkinitrd.sh OUT.cpio SOURCE=DEST...
set -euo pipefail
out=$1
shift
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

add() {
    local src=$1 dest=$2
    mkdir -p "$root$(dirname "$dest")"
    cp -L "$src" "$root$dest"
}

for pair in "$@"; do
    src=${pair%%=*}
    dest=${pair#*=}
    [ -e "$src" ] || { echo "mkinitrd.sh: no such file: $src" >&2; exit 1; }
    add "$src" "$dest"
    case $dest in /bin/*) chmod 755 "$root$dest" ;; esac
    if readelf -l "$src" 2>/dev/null | grep -q 'Requesting program interpreter'; then
        for lib in $(ldd "$src" | grep -o '/[^ ]*'); do
            [ -e "$root$lib" ] || add "$lib" "$lib"
        done
    fi
done
mkdir -p "$root/etc" "$root/tmp"
echo solo-guest > "$root/etc/hostname"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$out"
