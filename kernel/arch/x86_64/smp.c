/* smp.c - finds the CPUs (ACPI MADT, else the MP table, as on microvm with
 * ACPI off) and starts each application processor with INIT-SIPI-SIPI
 * through the real-mode trampoline at TRAMPOLINE_PHYS. An AP sets up its
 * GDT, IDT and local APIC and becomes an idle CPU of the scheduler. */
#include <solo/arch.h>
#include <solo/acpi.h>
#include <solo/mm.h>
#include <solo/klog.h>
#include <solo/sched.h>
#include <solo/string.h>
#include <solo/timer.h>
#include "cpu.h"

#define TRAMPOLINE_PHYS 0x8000

struct cpu cpus[MAX_CPUS];
unsigned ncpus;

extern char trampoline_start[], trampoline_end[], trampoline_params[];
static void *ap_stacks[MAX_CPUS];
static volatile int identity_dropped;

struct trampoline_params {
    uint64_t cr3, efer, stack, cpu, entry;
};

static _Noreturn void ap_entry(struct cpu *c)
{
    gdt_init_cpu(c);
    idt_load();
    lapic_init();
    user_init_cpu();
    timer_init_cpu(c);
    sched_init_cpu(c, ap_stacks[c->id]);
    __atomic_store_n(&c->online, 1, __ATOMIC_RELEASE);
    while (!identity_dropped)
        cpu_relax();
    cpu_write_cr3(read_cr3());      /* forget the identity map */
    sched_run_idle();
}

/* Finds the MP floating pointer: in the EBDA's first KiB, the last KiB of
 * base memory, or the BIOS ROM. */
static const uint8_t *find_mp_pointer(void)
{
    uint64_t ebda = (uint64_t)*(const uint16_t *)phys_to_virt(0x40e) << 4;
    const uint64_t areas[3][2] = { { ebda, ebda + 1024 }, { 0x9fc00, 0xa0000 }, { 0xf0000, 0x100000 } };
    for (int a = 0; a < 3; a++) {
        if (!areas[a][0])
            continue;
        for (uint64_t pa = areas[a][0]; pa < areas[a][1]; pa += 16)
            if (memcmp(phys_to_virt(pa), "_MP_", 4) == 0)
                return phys_to_virt(pa);
    }
    return NULL;
}

/* The MP table's processor entries, for machines without a MADT. */
static int mptable_cpus(uint32_t *ids, int max)
{
    const uint8_t *fp = find_mp_pointer();
    uint32_t table = fp ? *(const uint32_t *)(fp + 4) : 0;
    if (!table)
        return 0;
    const uint8_t *h = phys_to_virt(table);
    if (memcmp(h, "PCMP", 4) != 0)
        return 0;
    const uint8_t *p = h + 44, *end = h + *(const uint16_t *)(h + 4);
    int n = 0;
    while (p < end) {
        if (p[0] != 0) {                /* not a processor: 8-byte entries */
            p += 8;
            continue;
        }
        if ((p[3] & 1) && n < max)
            ids[n++] = p[1];
        p += 20;
    }
    return n;
}

static int start_ap(unsigned id, uint32_t apic_id)
{
    struct cpu *c = &cpus[id];
    c->id = id;
    c->apic_id = apic_id;
    ap_stacks[id] = kstack_alloc();
    for (int i = 0; i < 3; i++)
        c->ist_stacks[i] = kmalloc(IST_STACK_SIZE);
    if (!ap_stacks[id] || !c->ist_stacks[0] || !c->ist_stacks[1] || !c->ist_stacks[2]) {
        kprintf("smp: no memory to start cpu %u\n", id);
        return 0;
    }
    struct trampoline_params *tp = phys_to_virt(TRAMPOLINE_PHYS
        + (uint64_t)(trampoline_params - trampoline_start));
    tp->cr3 = vmm_kernel_pml4();
    tp->efer = rdmsr(MSR_EFER) & 0x900;         /* LME, NXE */
    tp->stack = (uint64_t)ap_stacks[id] + KSTACK_SIZE - 8;
    tp->cpu = (uint64_t)c;
    tp->entry = (uint64_t)ap_entry;
    lapic_init_sipi(apic_id, TRAMPOLINE_PHYS >> 12);
    for (int ms = 0; ms < 1000 && !__atomic_load_n(&c->online, __ATOMIC_ACQUIRE); ms++)
        udelay(1000);
    if (!c->online) {
        kprintf("smp: cpu %u (APIC %u) did not start\n", id, apic_id);
        return 0;
    }
    ncpus = id + 1;
    return 1;
}

void smp_boot_aps(void)
{
    uint32_t ids[MAX_CPUS];
    int n = acpi.ncpus;
    memcpy(ids, acpi.cpu_apic_id, sizeof ids);
    if (n == 0)
        n = mptable_cpus(ids, MAX_CPUS);
    if (acpi.cpus_listed > MAX_CPUS)
        kprintf("warning: %d CPUs found, using the first %d (MAX_CPUS in param.h)\n",
                acpi.cpus_listed, MAX_CPUS);
    memcpy(phys_to_virt(TRAMPOLINE_PHYS), trampoline_start,
           (size_t)(trampoline_end - trampoline_start));
    uint32_t self = cpus[0].apic_id;
    for (int i = 0; i < n; i++)
        if (ids[i] != self && !start_ap(ncpus, ids[i]))
            break;
    vmm_drop_identity_map();
    identity_dropped = 1;
    kprintf("smp: %u CPUs online\n", ncpus);
}
