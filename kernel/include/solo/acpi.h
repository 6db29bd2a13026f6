/* acpi.h - what the kernel reads from the ACPI tables: the CPUs and
 * interrupt controllers (MADT), the power-off registers (FADT and the DSDT's
 * _S5 object) and the HPET. */
#ifndef SOLO_ACPI_H
#define SOLO_ACPI_H

#include <stdint.h>
#include <solo/param.h>

struct acpi_info {
    int found;
    int ncpus;                      /* usable: at most MAX_CPUS */
    int cpus_listed;                /* in the MADT */
    uint32_t cpu_apic_id[MAX_CPUS];
    uint64_t lapic_addr;
    uint64_t ioapic_addr;           /* the first I/O APIC, 0 if none */
    uint32_t ioapic_gsi_base;
    uint32_t irq_to_gsi[16];        /* legacy IRQ -> GSI after overrides */
    uint16_t irq_flags[16];         /* MPS INTI flags from the overrides */
    uint64_t hpet_addr;             /* 0 if none */
    /* Power off: PM1a control block (I/O port) or hardware-reduced sleep register. */
    uint32_t pm1a_cnt;
    uint32_t pm1b_cnt;
    uint8_t sleep_space;            /* 0: none, 1: system I/O, 2: memory */
    uint64_t sleep_addr;
    int s5_type;                    /* SLP_TYP for S5, -1 if no _S5 */
    uint16_t sci_irq;
    uint32_t pm_timer;              /* ACPI PM timer port, 0 if none */
};

extern struct acpi_info acpi;

/* Finds the RSDP (rsdp_hint from PVH, else the BIOS area) and reads the tables. */
void acpi_init(uint64_t rsdp_hint);
/* Enters S5; returns only if that did not stop the machine. */
void acpi_poweroff(void);

#endif
