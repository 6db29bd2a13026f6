/* test_format.c - the kernel's printf against the host's printf, and the
 * number parser used for boot options. */
#include "host.h"
#include <solo/format.h>
#include <solo/errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int same(const char *fmt, ...)
{
    char a[128], b[128];
    va_list ap;
    va_start(ap, fmt);
    int na = kvsnprintf(a, sizeof a, fmt, ap);
    va_end(ap);
    va_start(ap, fmt);
    int nb = vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    if (na != nb || strcmp(a, b) != 0)
        fprintf(stderr, "format '%s': kernel '%s' host '%s'\n", fmt, a, b);
    return na == nb && strcmp(a, b) == 0;
}

int main(void)
{
    unit_begin("format", "matches-host-printf");
    CHECK(same("%d %i %u", -42, 0, 4000000000u));
    CHECK(same("%x %X %#x %08x %-6d|", 0xbeefu, 0xbeefu, 0x1fu, 0x1fu, 12));
    CHECK(same("%ld %lu %lld %llx %zu", -1L, 123456789012UL, (long long)-9223372036854775807LL - 1,
               0xffffffffffffffffULL, (size_t)77));
    CHECK(same("%s|%10s|%-10s|%c%%", "abc", "right", "left", 'z'));
    CHECK(same("%016llx %5llu.%06llu", 0x1234ULL, 3ULL, 42ULL));
    srand(3);
    int ok = 1;
    for (int i = 0; i < 100000; i++) {
        long long v = ((long long)rand() << 33) ^ ((long long)rand() << 2) ^ rand();
        ok &= same("%lld %llu %llx %20lld %-20llx|", v, (unsigned long long)v,
                   (unsigned long long)v, v, (unsigned long long)v);
    }
    CHECK(ok);
    CHECK(same("%p", (void *)0x1000));
    CHECK(same("%o %06o %lo", 0755u, 8u, 0100644ul));
    unit_end();

    unit_begin("format", "truncation");
    char small[8];
    CHECK(ksnprintf(small, sizeof small, "%s", "0123456789") == 10);
    CHECK(strcmp(small, "0123456") == 0);
    CHECK(ksnprintf(NULL, 0, "%d", 12345) == 5);
    unit_end();

    unit_begin("format", "parse-numbers");
    unsigned long long v;
    CHECK(kparse_u64("123", &v, 0) == 0 && v == 123);
    CHECK(kparse_u64("0x1F", &v, 0) == 0 && v == 31);
    CHECK(kparse_u64("64M", &v, 1) == 0 && v == 64ull << 20);
    CHECK(kparse_u64("2g", &v, 1) == 0 && v == 2ull << 30);
    CHECK(kparse_u64("64M", &v, 0) == -EINVAL);
    CHECK(kparse_u64("", &v, 0) == -EINVAL);
    CHECK(kparse_u64("12x", &v, 0) == -EINVAL);
    CHECK(kparse_u64("-1", &v, 0) == -EINVAL);
    CHECK(kparse_u64("18446744073709551615", &v, 0) == 0 && v == ~0ull);
    CHECK(kparse_u64("18446744073709551616", &v, 0) == -ERANGE);
    CHECK(kparse_u64("17179869184G", &v, 1) == -ERANGE);
    unit_end();
    return unit_exit_status();
}
