# tests/local.mk - `make check`: host unit tests of kernel modules (compiled
# for the host against a small shim), then guest tests that boot the kernel
# under QEMU. tests/run.sh runs them all and prints "N passed, N failed".

UNIT_CPPFLAGS = -I$(srcdir)/kernel/include -I$(srcdir)/kernel/mm -DSOLO_HOST_TEST
# The kernel's own string functions replace the C library's in these programs.
UNIT_SHIM = tests/unit/host.c tests/unit/host.h kernel/lib/format.c kernel/lib/string.c

check_PROGRAMS += \
	tests/unit/test_buddy \
	tests/unit/test_cmdline \
	tests/unit/test_format \
	tests/unit/test_heap \
	tests/unit/test_klog \
	tests/unit/test_string

tests_unit_test_buddy_SOURCES = tests/unit/test_buddy.c kernel/mm/buddy.c $(UNIT_SHIM)
tests_unit_test_buddy_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_cmdline_SOURCES = tests/unit/test_cmdline.c kernel/core/cmdline.c $(UNIT_SHIM)
tests_unit_test_cmdline_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_format_SOURCES = tests/unit/test_format.c $(UNIT_SHIM)
tests_unit_test_format_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_heap_SOURCES = tests/unit/test_heap.c kernel/mm/heap.c kernel/mm/buddy.c $(UNIT_SHIM)
tests_unit_test_heap_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_klog_SOURCES = tests/unit/test_klog.c kernel/core/klog.c $(UNIT_SHIM)
tests_unit_test_klog_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_string_SOURCES = tests/unit/test_string.c $(UNIT_SHIM)
tests_unit_test_string_CPPFLAGS = $(UNIT_CPPFLAGS)

# Guest programs: ordinary Linux programs built for the host, run as the app
# in the VM from an initrd. The same programs run on the host too.
GUEST_APPS = \
	tests/guest/crash \
	tests/guest/syscalls \
	tests/guest/hello-dyn \
	tests/guest/hello-pie \
	tests/guest/hello-static
check_PROGRAMS += $(GUEST_APPS)
tests_guest_crash_SOURCES = tests/guest/crash.c
tests_guest_syscalls_SOURCES = tests/guest/syscalls.c
tests_guest_hello_dyn_SOURCES = tests/guest/hello.c
tests_guest_hello_pie_SOURCES = tests/guest/hello.c
tests_guest_hello_pie_CFLAGS = $(AM_CFLAGS) -fPIE
tests_guest_hello_pie_LDFLAGS = -static-pie
tests_guest_hello_static_SOURCES = tests/guest/hello.c
tests_guest_hello_static_LDFLAGS = -static

# The initrd the app tests boot: the programs under /bin, with what they
# link, and Debian's lua5.4.
tests/guest/apps.cpio: $(GUEST_APPS) $(srcdir)/tests/mkinitrd.sh Makefile \
		$(srcdir)/tests/apps/lua/memory.lua
	$(AM_V_GEN)$(SHELL) $(srcdir)/tests/mkinitrd.sh $@ \
		$(foreach p,$(GUEST_APPS),$(p)=/bin/$(notdir $(p))) \
		$(srcdir)/README.md=/bin/not-an-elf \
		$(LUA54)=/usr/bin/lua5.4 \
		$(srcdir)/tests/apps/lua/memory.lua=/app/memory.lua
CLEANFILES += tests/guest/apps.cpio

EXTRA_DIST += tests/run.sh tests/guest.sh tests/mkinitrd.sh tests/apps

check-local: $(check_PROGRAMS) kernel/solo.elf tests/guest/apps.cpio
	QEMU="$(QEMU)" TIMEOUT="$(TIMEOUT)" $(SHELL) $(srcdir)/tests/run.sh \
		--unit "$(filter tests/unit/%,$(check_PROGRAMS))" --kernel kernel/solo.elf \
		--host "tests/guest/syscalls" \
		--initrd-dir tests/guest

clean-local:
	rm -rf tests/logs
