/* pvh.c - reads the PVH start_info block QEMU leaves for the kernel
 * (Xen's hvm_start_info, version 1: command line, memory map, RSDP, modules)
 * into a struct pvh_info. Runs before the page allocator exists. */
#include <solo/pvh.h>
#include <solo/memlayout.h>
#include <solo/panic.h>
#include <solo/string.h>

#define PVH_MAGIC 0x336ec578u
#define E820_RAM  1

struct hvm_start_info {
    uint32_t magic, version, flags, nr_modules;
    uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
    uint32_t memmap_entries, reserved;
};
struct hvm_modlist_entry {
    uint64_t paddr, size, cmdline_paddr, reserved;
};
struct hvm_memmap_entry {
    uint64_t addr, size;
    uint32_t type, reserved;
};

struct pvh_info boot_info;

static void add_reserved(struct pvh_info *out, uint64_t start, uint64_t len)
{
    int max = (int)(sizeof out->reserved / sizeof out->reserved[0]);
    if (out->nreserved < max && len)
        out->reserved[out->nreserved++] = (struct pvh_range){ start, start + len };
}

static void add_ram(struct pvh_info *out, uint64_t start, uint64_t len)
{
    if (out->nram == PVH_MAX_RAM || len == 0)
        return;
    int i = out->nram++;
    while (i > 0 && out->ram[i - 1].start > start) {
        out->ram[i] = out->ram[i - 1];
        i--;
    }
    out->ram[i] = (struct pvh_range){ start, start + len };
}

void pvh_parse(uint64_t info_pa, struct pvh_info *out)
{
    const struct hvm_start_info *si = phys_to_virt(info_pa);
    memset(out, 0, sizeof *out);
    if (si->magic != PVH_MAGIC)
        panic("PVH start_info at %#llx has bad magic %#x", (unsigned long long)info_pa, si->magic);
    add_reserved(out, info_pa, sizeof *si);
    out->cmdline = "";
    if (si->cmdline_paddr) {
        out->cmdline = phys_to_virt(si->cmdline_paddr);
        add_reserved(out, si->cmdline_paddr, strlen(out->cmdline) + 1);
    }
    out->rsdp = si->version >= 1 ? si->rsdp_paddr : 0;
    const struct hvm_modlist_entry *mods = phys_to_virt(si->modlist_paddr);
    for (uint32_t i = 0; i < si->nr_modules && i < PVH_MAX_MODS; i++) {
        out->mods[out->nmods++] = (struct pvh_range){ mods[i].paddr, mods[i].paddr + mods[i].size };
        add_reserved(out, mods[i].paddr, mods[i].size);
    }
    if (si->nr_modules)
        add_reserved(out, si->modlist_paddr, si->nr_modules * sizeof *mods);
    if (si->version < 1 || !si->memmap_paddr)
        panic("PVH start_info version %u has no memory map", si->version);
    const struct hvm_memmap_entry *mm = phys_to_virt(si->memmap_paddr);
    add_reserved(out, si->memmap_paddr, si->memmap_entries * sizeof *mm);
    for (uint32_t i = 0; i < si->memmap_entries; i++)
        if (mm[i].type == E820_RAM)
            add_ram(out, mm[i].addr, mm[i].size);
}
