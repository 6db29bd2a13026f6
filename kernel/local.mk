# kernel/local.mk - the kernel: a freestanding x86-64 ELF booted by QEMU
# through its PVH note. Objects go into kernel/libsolo.a, which is linked
# twice: once to read the symbol table, once with that table embedded
# (section .ksyms, placed last, so the second link moves nothing).

noinst_LIBRARIES += kernel/libsolo.a
kernel_libsolo_a_CFLAGS = $(KERNEL_CFLAGS) -Wall -Wextra -Werror
kernel_libsolo_a_CCASFLAGS = $(KERNEL_CFLAGS) -Wa,--noexecstack
kernel_libsolo_a_CPPFLAGS = -I$(srcdir)/kernel/include -DSOLO_VERSION='"$(VERSION)"'

# Boot, CPU structures, interrupts, SMP and clocks.
kernel_libsolo_a_SOURCES = \
	kernel/arch/x86_64/apic.c \
	kernel/arch/x86_64/boot.S \
	kernel/arch/x86_64/cpu.h \
	kernel/arch/x86_64/frame.h \
	kernel/arch/x86_64/gdt.c \
	kernel/arch/x86_64/isr.S \
	kernel/arch/x86_64/pvh.c \
	kernel/arch/x86_64/smp.c \
	kernel/arch/x86_64/switch.S \
	kernel/arch/x86_64/syscall.S \
	kernel/arch/x86_64/trampoline.S \
	kernel/arch/x86_64/trap.c \
	kernel/arch/x86_64/tsc.c \
	kernel/arch/x86_64/user.c \
	kernel/arch/x86_64/usercopy.S
# Core: the log, the command line, threads, timers, locks, power.
kernel_libsolo_a_SOURCES += \
	kernel/core/cmdline.c \
	kernel/core/klog.c \
	kernel/core/ksyms.c \
	kernel/core/main.c \
	kernel/core/panic.c \
	kernel/core/power.c \
	kernel/core/sched.c \
	kernel/core/spinlock.c \
	kernel/core/sync.c \
	kernel/core/timer.c
# Memory: physical pages, the heap, kernel page tables.
kernel_libsolo_a_SOURCES += \
	kernel/mm/buddy.c \
	kernel/mm/buddy.h \
	kernel/mm/heap.c \
	kernel/mm/pmm.c \
	kernel/mm/uaccess.c \
	kernel/mm/vma.c \
	kernel/mm/vmm.c
# Freestanding library.
kernel_libsolo_a_SOURCES += \
	kernel/lib/format.c \
	kernel/lib/random.c \
	kernel/lib/string.c
# The Linux ABI: system calls by area, the ELF loader, the app.
kernel_libsolo_a_SOURCES += \
	kernel/linux/app.c \
	kernel/linux/exec.c \
	kernel/linux/fdtable.c \
	kernel/linux/fs.c \
	kernel/linux/fsmeta.c \
	kernel/linux/path.h \
	kernel/linux/mmap.c \
	kernel/linux/process.c \
	kernel/linux/syscall.c \
	kernel/linux/time.c
nodist_kernel_libsolo_a_SOURCES = kernel/linux/syscall-names.c
# File systems.
kernel_libsolo_a_SOURCES += \
	fs/cpio.c \
	fs/devfs.c \
	fs/pipe.c \
	fs/procfs.c \
	fs/ramfs.c \
	fs/vfs.c
# Devices.
kernel_libsolo_a_SOURCES += \
	drivers/acpi.c \
	drivers/rtc.c \
	drivers/uart16550.c
# In-kernel self-tests and deliberate crashes (boot options test=, crash=).
kernel_libsolo_a_SOURCES += \
	kernel/test/crash.c \
	kernel/test/selftest.c \
	kernel/test/test_mm.c \
	kernel/test/test_sched.c \
	kernel/test/test_time.c

# The names of all Linux system calls, for messages and the tracer.
kernel/linux/syscall-names.c: $(srcdir)/tools/gen-syscall-names.sh
	$(AM_V_GEN)$(SHELL) $(srcdir)/tools/gen-syscall-names.sh $(UNISTD_64_H) > $@
BUILT_SOURCES = kernel/linux/syscall-names.c
CLEANFILES += kernel/linux/syscall-names.c

KERNEL_LDSCRIPT = $(srcdir)/kernel/arch/x86_64/kernel.ld
KERNEL_LINK = $(CC) -nostdlib -static -no-pie -Wl,--no-dynamic-linker \
	-Wl,-T,$(KERNEL_LDSCRIPT) -Wl,-z,max-page-size=4096 -Wl,--build-id=none
GEN_KSYMS = NM="$(NM)" $(SHELL) $(srcdir)/tools/gen-ksyms.sh

kernel/ksyms-empty.S: $(srcdir)/tools/gen-ksyms.sh
	$(AM_V_GEN)$(GEN_KSYMS) > $@

kernel/solo-nosyms.elf: kernel/libsolo.a kernel/ksyms-empty.o $(KERNEL_LDSCRIPT)
	$(AM_V_CCLD)$(KERNEL_LINK) -o $@ -Wl,--whole-archive kernel/libsolo.a \
		-Wl,--no-whole-archive kernel/ksyms-empty.o

kernel/ksyms.S: kernel/solo-nosyms.elf $(srcdir)/tools/gen-ksyms.sh
	$(AM_V_GEN)$(GEN_KSYMS) kernel/solo-nosyms.elf > $@

# The final link; it must not move any function the table names.
kernel/solo.elf: kernel/libsolo.a kernel/ksyms.o $(KERNEL_LDSCRIPT)
	$(AM_V_CCLD)$(KERNEL_LINK) -o $@ -Wl,--whole-archive kernel/libsolo.a \
		-Wl,--no-whole-archive kernel/ksyms.o
	@$(GEN_KSYMS) $@ | cmp -s - kernel/ksyms.S || \
		{ echo "kernel/solo.elf: the symbol table moved between links" >&2; rm -f $@; exit 1; }

kernel/ksyms-empty.o: kernel/ksyms-empty.S
	$(AM_V_CCAS)$(CCAS) $(KERNEL_CFLAGS) -Wa,--noexecstack -c -o $@ kernel/ksyms-empty.S

kernel/ksyms.o: kernel/ksyms.S
	$(AM_V_CCAS)$(CCAS) $(KERNEL_CFLAGS) -Wa,--noexecstack -c -o $@ kernel/ksyms.S

kerneldir = $(pkglibdir)
kernel_DATA = kernel/solo.elf
CLEANFILES += kernel/ksyms-empty.S kernel/ksyms.S kernel/ksyms-empty.o kernel/ksyms.o \
	kernel/solo-nosyms.elf kernel/solo.elf
EXTRA_DIST += kernel/arch/x86_64/kernel.ld kernel/include
