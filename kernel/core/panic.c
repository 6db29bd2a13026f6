/* panic.c - stops the machine when a kernel invariant breaks: halts the
 * other CPUs, prints the message and a backtrace, powers off. */
#include <solo/panic.h>
#include <solo/klog.h>
#include <solo/power.h>
#include <solo/format.h>
#include <solo/arch.h>
#include "../arch/x86_64/cpu.h"
#include <stdarg.h>

static volatile int panicking;
static volatile int panic_cpu = -1;

/* Claims the right to report a crash. A crash on another CPU meanwhile
 * halts there; a crash while reporting on this CPU powers off at once. */
void panic_enter(void)
{
    cli();
    int me = ncpus ? (int)this_cpu()->id : 0;
    if (__atomic_exchange_n(&panicking, 1, __ATOMIC_SEQ_CST)) {
        if (panic_cpu == me) {
            kprintf_raw("\nsolo: crashed again while reporting a crash\n");
            power_off(EXIT_PANIC);
        }
        for (;;)
            hlt();
    }
    panic_cpu = me;
    if (ncpus > 1)
        lapic_send_ipi_others(VEC_HALT);
    klog_force_unlock();
}

_Noreturn void panic(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    panic_enter();
    va_start(ap, fmt);
    kvsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    kprintf_raw("\nPANIC on cpu %u: %s\n", ncpus ? this_cpu()->id : 0, buf);
    backtrace_print((uint64_t)__builtin_frame_address(0), (uint64_t)&panic);
    power_off(EXIT_PANIC);
}
