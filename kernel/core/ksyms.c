/* ksyms.c - looks up addresses in the symbol table that tools/gen-ksyms.sh
 * makes from a first link of the kernel (section .ksyms, sorted by address). */
#include <solo/ksyms.h>
#include <solo/string.h>

struct ksym {
    uint64_t addr;
    uint64_t name;          /* offset into ksyms_names */
};

extern const struct ksym ksyms_table[];
extern const uint64_t ksyms_count;
extern const char ksyms_names[];
extern char _etext[];

const char *ksyms_lookup(uint64_t addr, uint64_t *offset)
{
    uint64_t lo = 0, hi = ksyms_count;
    if (hi == 0 || addr < ksyms_table[0].addr || addr >= (uint64_t)_etext)
        return NULL;
    while (hi - lo > 1) {
        uint64_t mid = (lo + hi) / 2;
        if (ksyms_table[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    *offset = addr - ksyms_table[lo].addr;
    return ksyms_names + ksyms_table[lo].name;
}
