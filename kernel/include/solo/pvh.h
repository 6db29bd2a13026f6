/* pvh.h - what the boot loader (QEMU's PVH boot) hands the kernel: the
 * start_info block, read once at boot into a plain struct pvh_info. */
#ifndef SOLO_PVH_H
#define SOLO_PVH_H

#include <stdint.h>

#define PVH_MAX_RAM   64
#define PVH_MAX_MODS  4

struct pvh_range {
    uint64_t start, end;        /* [start, end) physical */
};

struct pvh_info {
    const char *cmdline;        /* "" when none */
    uint64_t rsdp;              /* ACPI RSDP physical address, 0 if not given */
    int nram;
    struct pvh_range ram[PVH_MAX_RAM];       /* usable RAM, sorted */
    int nreserved;
    struct pvh_range reserved[PVH_MAX_RAM + PVH_MAX_MODS + 4]; /* in use at boot */
    int nmods;
    struct pvh_range mods[PVH_MAX_MODS];     /* initrd etc. */
};

/* Parses the start_info at physical address info_pa (reachable through the
 * boot identity map); panics on a bad magic number. */
void pvh_parse(uint64_t info_pa, struct pvh_info *out);

extern struct pvh_info boot_info;

#endif
