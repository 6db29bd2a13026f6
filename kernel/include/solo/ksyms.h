/* ksyms.h - the kernel's own symbol table, embedded at link time, so crash
 * reports can name functions. */
#ifndef SOLO_KSYMS_H
#define SOLO_KSYMS_H

#include <stdint.h>

/* The name of the function holding addr and the offset into it, or NULL. */
const char *ksyms_lookup(uint64_t addr, uint64_t *offset);

#endif
