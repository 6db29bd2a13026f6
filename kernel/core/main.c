/* main.c - kmain(): brings the machine up in dependency order (console,
 * descriptor tables, boot information, memory; then, on the main thread's
 * guarded stack, ACPI, clocks, interrupts, scheduler, other CPUs, the root
 * file system), prints the ready line, then runs what the boot command line
 * asks for and powers off with its exit status. */
#include <solo/acpi.h>
#include <solo/arch.h>
#include <solo/cmdline.h>
#include <solo/console.h>
#include <solo/klog.h>
#include <solo/mm.h>
#include <solo/power.h>
#include <solo/pvh.h>
#include <solo/sched.h>
#include <solo/selftest.h>
#include <solo/timer.h>
#include <solo/vfs.h>
#include <solo/process.h>
#include <solo/random.h>
#include <solo/syscall.h>
#include <solo/errno.h>
#include <solo/panic.h>
#include <solo/string.h>
#include "../arch/x86_64/cpu.h"

#ifndef SOLO_VERSION
#define SOLO_VERSION "unknown"
#endif

static char boot_ist[3][IST_STACK_SIZE] __attribute__((aligned(16)));
static void *main_stack;
static void kmain_late(void);

static void warn_unknown(const char *key)
{
    if (!key[0])
        kprintf("warning: a boot option with no name ('=...') ignored\n");
    else
        kprintf("warning: unknown boot option '%s' ignored (see docs/boot-options.md)\n", key);
}

/* The machine type, from the PCI host bridge (microvm has no PCI bus). */
static const char *machine_name(void)
{
    outl(0xcf8, 0x80000000u);
    uint32_t id = inl(0xcfc);
    if (id == 0x12378086u)
        return "pc (i440FX)";
    if (id == 0x29c08086u)
        return "q35";
    return id == 0xffffffffu ? "no PCI (microvm)" : "unknown PCI host";
}

/* The root file system: a RAM file system filled from the initrd (the PVH
 * module) when there is one, with devices on /dev. */
static void mount_root(void)
{
    struct inode *root, *devroot;
    struct super_block *sb = ramfs_new("rootfs", &root);
    if (!sb)
        panic("no memory for the root file system");
    vfs_set_root(sb, root, boot_info.nmods ? "initrd" : "rootfs");
    if (boot_info.nmods) {
        const struct pvh_range *m = &boot_info.mods[0];
        if (cpio_unpack(vfs_root(), phys_to_virt(m->start), m->end - m->start) < 0)
            kprintf("warning: the initrd could not be unpacked completely\n");
    }
    int err = vfs_mkdir(NULL, "/dev", 0755);
    struct super_block *dev = ramfs_new("devtmpfs", &devroot);
    struct dentry *d = vfs_lookup(NULL, "/dev", 1);
    if ((err < 0 && err != -EEXIST) || !dev || IS_ERR(d)
        || vfs_mount(d, dev, devroot, "devtmpfs") < 0) {
        kprintf("warning: cannot mount /dev\n");
        return;
    }
    dentry_put(d);
    d = vfs_lookup(NULL, "/dev", 1);
    if (IS_ERR(d) || devfs_init(d) < 0)
        kprintf("warning: cannot create the devices in /dev\n");
    if (!IS_ERR(d))
        dentry_put(d);
    if (procfs_mount() < 0)
        kprintf("warning: cannot mount /proc\n");
    err = vfs_mkdir(NULL, "/tmp", 01777);
    if (err < 0 && err != -EEXIST)
        kprintf("warning: cannot create /tmp\n");
}

/* A yes/no option: "key" or key=1 is yes, key=0 is no; anything else is
 * reported and the default kept. */
static int flag_option(const char *key, int dflt)
{
    const char *v = cmdline_get(&boot_cmdline, key);
    if (!v)
        return dflt;
    if (!v[0] || strcmp(v, "1") == 0)
        return 1;
    if (strcmp(v, "0") == 0)
        return 0;
    kprintf("warning: %s=%s: expected 0 or 1; keeping %d\n", key, v, dflt);
    return dflt;
}

static void early_cpu_setup(void)
{
    struct cpu *c = &cpus[0];
    for (int i = 0; i < 3; i++)
        c->ist_stacks[i] = boot_ist[i];
    gdt_init_cpu(c);
    ncpus = 1;
    idt_init();
}

static void print_wall_clock(void)
{
    uint64_t s = clock_realtime_ns() / 1000000000ull;
    uint64_t days = s / 86400, rem = s % 86400;
    kprintf("clock: wall time %llu days since the epoch, %02llu:%02llu:%02llu UTC\n",
            (unsigned long long)days, (unsigned long long)(rem / 3600),
            (unsigned long long)(rem / 60 % 60), (unsigned long long)(rem % 60));
}

static int run_requested(void)
{
    const char *crash = cmdline_get(&boot_cmdline, "crash");
    const char *test = cmdline_get(&boot_cmdline, "test");
    if ((crash != NULL) + (test != NULL) + (boot_cmdline.nargs > 0) > 1) {
        kprintf("error: crash=, test= and an application (after --) exclude each other\n");
        return 1;
    }
    if (crash) {
        crash_run(crash);
        kprintf("error: crash=%s: unknown crash kind\n", crash);
        return 1;
    }
    if (test) {
        int failed = selftest_run(test);
        return failed == 0 ? 0 : 1;
    }
    if (boot_cmdline.nargs > 0)
        return app_start();
    kprintf("solo: no application given; shutting down\n");
    return 0;
}

void kmain(uint64_t start_info_pa)
{
    clock_mark_boot();
    uart_init();
    klog_set_console(uart_write);
    early_cpu_setup();
    kprintf("Solo %s (x86_64) booting\n", SOLO_VERSION);
    pvh_parse(start_info_pa, &boot_info);
    if (cmdline_parse(&boot_cmdline, boot_info.cmdline) < 0)
        kprintf("warning: boot command line too long; the excess was dropped\n");
    kprintf("cmdline: %s\n", boot_info.cmdline);
    cmdline_check_known(&boot_cmdline, warn_unknown);
    pmm_init(&boot_info);
    /* Leave the boot stack for one with a guard page below it, so even
     * the main thread's stack overflow gets a report. */
    main_stack = kstack_alloc();
    if (!main_stack)
        panic("no memory for the main thread's stack");
    call_on_stack(kmain_late, (char *)main_stack + KSTACK_SIZE);
}

/* The rest of the boot, on the main thread's own stack. */
static void kmain_late(void)
{
    acpi_init(boot_info.rsdp);
    tsc_calibrate();
    klog_set_clock(clock_monotonic_ns);
    clock_init_wall();
    print_wall_clock();
    lapic_init();
    cpus[0].apic_id = lapic_id();
    ioapic_init();
    user_init_cpu();
    lapic_timer_calibrate();
    timer_init_cpu(&cpus[0]);
    sched_init_cpu(&cpus[0], main_stack);
    cpus[0].online = 1;
    sti();
    smp_boot_aps();
    random_init();
    mount_root();
    syscall_init(flag_option("strace", 0));
    kprintf("solo: ready: %u CPUs, %llu MiB memory, machine %s\n", ncpus,
            (unsigned long long)(pmm_total_pages() >> 8), machine_name());
    power_off(run_requested());
}
