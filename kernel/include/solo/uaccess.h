/* uaccess.h - the one checked path between the kernel and app memory.
 * Every copy checks that the range lies in the app's half of the address
 * space; a fault on the way (unmapped, or not allowed) becomes -EFAULT
 * through the exception fixup table, never a kernel crash. Pages the app
 * has not touched yet are faulted in as if the app touched them. */
#ifndef SOLO_UACCESS_H
#define SOLO_UACCESS_H

#include <stddef.h>
#include <stdint.h>

#define USER_TOP 0x0000800000000000ull  /* end of the app's half */

int user_range_ok(uintptr_t addr, size_t n);
int copy_to_user(void *udst, const void *src, size_t n);
int copy_from_user(void *dst, const void *usrc, size_t n);
int clear_user(void *udst, size_t n);
/* Copies a NUL-terminated string of at most max-1 bytes; its length,
 * -EFAULT, or -ENAMETOOLONG when it does not fit. */
long strncpy_from_user(char *dst, const char *usrc, size_t max);

/* For the page-fault handler: the fixup address for a faulting kernel
 * instruction that touches app memory, or 0. */
uint64_t uaccess_fixup(uint64_t rip);

#endif
