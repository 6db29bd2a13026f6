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

EXTRA_DIST += tests/run.sh tests/guest.sh

check-local: $(check_PROGRAMS) kernel/solo.elf
	QEMU="$(QEMU)" TIMEOUT="$(TIMEOUT)" $(SHELL) $(srcdir)/tests/run.sh \
		--unit "$(check_PROGRAMS)" --kernel kernel/solo.elf
