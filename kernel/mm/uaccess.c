/* uaccess.c - the checked copies between the kernel and app memory, over
 * the fault-tolerant routines in usercopy.S. */
#include <solo/uaccess.h>
#include <solo/errno.h>

extern long uaccess_copy(void *dst, const void *src, size_t n);
extern long uaccess_clear(void *dst, size_t n);
extern long uaccess_strncpy(char *dst, const char *src, size_t max);

struct fixup {
    uint64_t insn, fixup;
};
extern const struct fixup __uaccess_fixup_start[], __uaccess_fixup_end[];

int user_range_ok(uintptr_t addr, size_t n)
{
    return addr < USER_TOP && n <= USER_TOP - addr;
}

int copy_to_user(void *udst, const void *src, size_t n)
{
    if (!user_range_ok((uintptr_t)udst, n))
        return -EFAULT;
    return (int)uaccess_copy(udst, src, n);
}

int copy_from_user(void *dst, const void *usrc, size_t n)
{
    if (!user_range_ok((uintptr_t)usrc, n))
        return -EFAULT;
    return (int)uaccess_copy(dst, usrc, n);
}

int clear_user(void *udst, size_t n)
{
    if (!user_range_ok((uintptr_t)udst, n))
        return -EFAULT;
    return (int)uaccess_clear(udst, n);
}

long strncpy_from_user(char *dst, const char *usrc, size_t max)
{
    uintptr_t a = (uintptr_t)usrc;
    if (a >= USER_TOP)
        return -EFAULT;
    size_t room = USER_TOP - a < max ? (size_t)(USER_TOP - a) : max;
    long n = uaccess_strncpy(dst, usrc, room);
    if (n < 0)
        return n;
    if ((size_t)n == room)
        return room < max ? -EFAULT : -ENAMETOOLONG;
    return n;
}

uint64_t uaccess_fixup(uint64_t rip)
{
    for (const struct fixup *f = __uaccess_fixup_start; f < __uaccess_fixup_end; f++)
        if (f->insn == rip)
            return f->fixup;
    return 0;
}
