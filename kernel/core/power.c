/* power.c - ends the VM with an exit status. The status goes out through
 * QEMU's isa-debug-exit device (port 0xf4: QEMU exits with 2*status+1) when
 * present; otherwise ACPI S5 powers off (QEMU then exits 0). The last
 * console line always states the status, for hosts that read the console. */
#include <solo/power.h>
#include <solo/klog.h>
#include <solo/acpi.h>
#include <solo/arch.h>
#include "../arch/x86_64/cpu.h"

#define DEBUG_EXIT_PORT 0xf4

_Noreturn void power_off(int status)
{
    kprintf_raw("solo: power off, exit status %d\n", status);
    outl(DEBUG_EXIT_PORT, (uint32_t)status);
    acpi_poweroff();
    /* QEMU stops the VM a little after the power-off write: give it time
     * (200 ms, measured with the TSC once it is calibrated) before saying
     * that it did not happen. */
    if (tsc_khz())
        udelay(200000);
    else
        for (int spins = 0; spins < 1000000; spins++)
            cpu_relax();
    /* No power-off device (microvm without ACPI or isa-debug-exit): a reset
     * by triple fault, which QEMU run with -no-reboot turns into its exit. */
    kprintf_raw("solo: no power-off device; resetting the machine\n");
    cli();
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) empty = { 0, 0 };
    __asm__ volatile("lidt %0; int3" :: "m"(empty));
    for (;;)
        hlt();
}
