/* test_string.c - the kernel's memory and string functions (kernel/lib/
 * string.c, linked in place of the C library's) against simple byte loops,
 * at every alignment and length that matters for the word loops. */
#include "host.h"
#include <solo/string.h>
#include <stdint.h>

static unsigned char src[300], dst[300], want[300];

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(i * 31 + seed);
}

static int same(const unsigned char *a, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

int main(void)
{
    unit_begin("string", "memset-every-alignment-and-length");
    int ok = 1;
    for (size_t off = 0; off < 9; off++)
        for (size_t len = 0; len < 80; len++) {
            fill(dst, sizeof dst, 1);
            fill(want, sizeof want, 1);
            for (size_t i = 0; i < len; i++)
                want[off + i] = 0xa5;
            ok &= memset(dst + off, 0xa5, len) == dst + off;
            ok &= same(dst, want, sizeof dst);
        }
    CHECK(ok);
    unit_end();

    unit_begin("string", "memcpy-every-alignment-pair-and-length");
    ok = 1;
    fill(src, sizeof src, 7);
    for (size_t so = 0; so < 9; so++)
        for (size_t d = 0; d < 9; d++)
            for (size_t len = 0; len < 70; len++) {
                fill(dst, sizeof dst, 3);
                fill(want, sizeof want, 3);
                for (size_t i = 0; i < len; i++)
                    want[d + i] = src[so + i];
                ok &= memcpy(dst + d, src + so, len) == dst + d;
                ok &= same(dst, want, sizeof dst);
            }
    CHECK(ok);
    unit_end();

    unit_begin("string", "memmove-overlapping-both-ways");
    fill(dst, sizeof dst, 5);
    fill(want, sizeof want, 5);
    memmove(dst + 10, dst, 100);
    for (int i = 99; i >= 0; i--)
        want[10 + i] = want[i];
    CHECK(same(dst, want, sizeof dst));
    fill(dst, sizeof dst, 9);
    fill(want, sizeof want, 9);
    memmove(dst, dst + 13, 100);
    for (int i = 0; i < 100; i++)
        want[i] = want[13 + i];
    CHECK(same(dst, want, sizeof dst));
    unit_end();

    unit_begin("string", "compare-search-copy");
    CHECK(memcmp("abc", "abd", 3) < 0 && memcmp("abc", "abc", 3) == 0);
    CHECK(strlen("") == 0 && strlen("solo") == 4);
    CHECK(strcmp("a", "b") < 0 && strcmp("b", "a") > 0 && strcmp("x", "x") == 0);
    CHECK(strncmp("abcdef", "abcxyz", 3) == 0 && strncmp("ab", "abc", 3) < 0);
    const char *s = "key=value";
    CHECK(strchr(s, '=') == s + 3 && strchr(s, 'z') == NULL && strchr(s, 0) == s + 9);
    char buf[5];
    CHECK(strlcpy(buf, "toolong", sizeof buf) == 7 && strcmp(buf, "tool") == 0);
    CHECK(strlcpy(buf, "ok", sizeof buf) == 2 && strcmp(buf, "ok") == 0);
    unit_end();
    return unit_exit_status();
}
