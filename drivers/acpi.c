/* acpi.c - reads the ACPI tables QEMU provides: the RSDP, RSDT/XSDT, MADT
 * (CPUs, I/O APIC, interrupt overrides), FADT (power-management registers),
 * the DSDT's _S5 package (the sleep type for power-off) and HPET. Tables are
 * read through the direct map; nothing here interprets AML beyond _S5. */
#include <solo/acpi.h>
#include <solo/mm.h>
#include <solo/klog.h>
#include <solo/string.h>
#include "../kernel/arch/x86_64/cpu.h"

struct acpi_info acpi;

struct sdt_header {
    char sig[4];
    uint32_t length;
    uint8_t revision, checksum;
    char oem[6], oem_table[8];
    uint32_t oem_rev, creator, creator_rev;
} __attribute__((packed));

struct rsdp {
    char sig[8];
    uint8_t checksum;
    char oem[6];
    uint8_t revision;
    uint32_t rsdt;
    uint32_t length;
    uint64_t xsdt;
} __attribute__((packed));

struct gas {
    uint8_t space, bit_width, bit_offset, access_size;
    uint64_t addr;
} __attribute__((packed));

static int checksum_ok(const void *p, uint32_t len)
{
    uint8_t sum = 0;
    for (uint32_t i = 0; i < len; i++)
        sum += ((const uint8_t *)p)[i];
    return sum == 0;
}

static const struct rsdp *find_rsdp(uint64_t hint)
{
    if (hint) {
        const struct rsdp *r = phys_to_virt(hint);
        if (memcmp(r->sig, "RSD PTR ", 8) == 0)
            return r;
    }
    for (uint64_t pa = 0xe0000; pa < 0x100000; pa += 16) {
        const struct rsdp *r = phys_to_virt(pa);
        if (memcmp(r->sig, "RSD PTR ", 8) == 0 && checksum_ok(r, 20))
            return r;
    }
    return NULL;
}

static void parse_madt(const struct sdt_header *h)
{
    const uint8_t *p = (const uint8_t *)h + 44, *end = (const uint8_t *)h + h->length;
    acpi.lapic_addr = *(const uint32_t *)((const uint8_t *)h + 36);
    for (; p + 2 <= end && p[1] >= 2; p += p[1]) {
        switch (p[0]) {
        case 0:     /* processor local APIC: enabled or online-capable */
            if ((p[4] & 3) && acpi.cpus_listed++ < MAX_CPUS)
                acpi.cpu_apic_id[acpi.ncpus++] = p[3];
            break;
        case 1:     /* I/O APIC */
            if (!acpi.ioapic_addr) {
                acpi.ioapic_addr = *(const uint32_t *)(p + 4);
                acpi.ioapic_gsi_base = *(const uint32_t *)(p + 8);
            }
            break;
        case 2:     /* interrupt source override */
            if (p[3] < 16) {
                acpi.irq_to_gsi[p[3]] = *(const uint32_t *)(p + 4);
                acpi.irq_flags[p[3]] = *(const uint16_t *)(p + 8);
            }
            break;
        case 5:     /* local APIC address override */
            acpi.lapic_addr = *(const uint64_t *)(p + 4);
            break;
        }
    }
}

/* Finds "_S5_" in the DSDT and reads SLP_TYPa from its package. */
static void parse_s5(const struct sdt_header *dsdt)
{
    const uint8_t *p = (const uint8_t *)dsdt + sizeof *dsdt;
    const uint8_t *end = (const uint8_t *)dsdt + dsdt->length;
    for (; p + 8 < end; p++) {
        if (memcmp(p, "_S5_", 4) != 0 || p[4] != 0x12)    /* PackageOp */
            continue;
        const uint8_t *q = p + 5;
        q += ((*q >> 6) & 3) + 1;       /* PkgLength */
        q++;                            /* NumElements */
        /* BytePrefix then the value; ZeroOp and OneOp are the values 0 and 1. */
        acpi.s5_type = *q == 0x0a ? q[1] : *q;
        return;
    }
}

static void parse_fadt(const struct sdt_header *h)
{
    const uint8_t *f = (const uint8_t *)h;
    acpi.sci_irq = *(const uint16_t *)(f + 46);
    acpi.pm1a_cnt = *(const uint32_t *)(f + 64);
    acpi.pm1b_cnt = *(const uint32_t *)(f + 68);
    acpi.pm_timer = *(const uint32_t *)(f + 76);
    uint64_t dsdt = *(const uint32_t *)(f + 40);
    if (h->length >= 148 && *(const uint64_t *)(f + 140))
        dsdt = *(const uint64_t *)(f + 140);
    if (h->length >= 256) {
        const struct gas *sleep = (const struct gas *)(f + 244);
        if (sleep->addr) {
            acpi.sleep_space = sleep->space == 1 ? 1 : 2;
            acpi.sleep_addr = sleep->addr;
        }
    }
    if (dsdt)
        parse_s5(phys_to_virt(dsdt));
}

static void parse_table(uint64_t pa)
{
    const struct sdt_header *h = phys_to_virt(pa);
    if (!checksum_ok(h, h->length)) {
        char sig[5] = { h->sig[0], h->sig[1], h->sig[2], h->sig[3], 0 };
        kprintf("acpi: table %s has a bad checksum, ignored\n", sig);
        return;
    }
    if (memcmp(h->sig, "APIC", 4) == 0)
        parse_madt(h);
    else if (memcmp(h->sig, "FACP", 4) == 0)
        parse_fadt(h);
    else if (memcmp(h->sig, "HPET", 4) == 0)
        acpi.hpet_addr = ((const struct gas *)((const uint8_t *)h + 40))->addr;
}

void acpi_init(uint64_t rsdp_hint)
{
    acpi.s5_type = -1;
    for (int i = 0; i < 16; i++)
        acpi.irq_to_gsi[i] = (uint32_t)i;
    const struct rsdp *r = find_rsdp(rsdp_hint);
    if (!r) {
        kprintf("acpi: no RSDP found\n");
        return;
    }
    acpi.found = 1;
    int wide = r->revision >= 2 && r->xsdt;
    const struct sdt_header *root = phys_to_virt(wide ? r->xsdt : r->rsdt);
    int n = (int)(root->length - sizeof *root) / (wide ? 8 : 4);
    const uint8_t *entries = (const uint8_t *)root + sizeof *root;
    for (int i = 0; i < n; i++)
        parse_table(wide ? ((const uint64_t *)entries)[i] : ((const uint32_t *)entries)[i]);
    kprintf("acpi: %d CPUs, I/O APIC %s, HPET %s, power-off %s\n", acpi.ncpus,
            acpi.ioapic_addr ? "yes" : "no", acpi.hpet_addr ? "yes" : "no",
            acpi.s5_type < 0 ? "none" : acpi.sleep_space ? "sleep register" : "PM1 control");
}

void acpi_poweroff(void)
{
    if (acpi.s5_type < 0)
        return;
    unsigned typ = (unsigned)acpi.s5_type & 7;
    if (acpi.sleep_space == 1) {
        outb((uint16_t)acpi.sleep_addr, (uint8_t)((typ << 2) | (1 << 5)));
    } else if (acpi.sleep_space == 2) {
        volatile uint8_t *reg = vmm_map_mmio(acpi.sleep_addr, 1);
        *reg = (uint8_t)((typ << 2) | (1 << 5));
    } else if (acpi.pm1a_cnt) {
        outw((uint16_t)acpi.pm1a_cnt, (uint16_t)((typ << 10) | (1 << 13)));
        if (acpi.pm1b_cnt)
            outw((uint16_t)acpi.pm1b_cnt, (uint16_t)((typ << 10) | (1 << 13)));
    }
}
