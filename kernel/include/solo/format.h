/* format.h - the kernel's printf formatting: %d %i %u %o %x %X %p %s %c %%,
 * flags '-' '0', a width, and the l, ll, z length modifiers. */
#ifndef SOLO_FORMAT_H
#define SOLO_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Parses an unsigned number: decimal, 0x hex, with an optional K/M/G suffix
 * when suffix != 0. Returns 0 on success, -EINVAL on anything else. */
int kparse_u64(const char *s, unsigned long long *out, int suffix);

#endif
