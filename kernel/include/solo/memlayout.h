/* memlayout.h - the kernel's virtual address map.
 *
 *   0xffff800000000000  direct map of all physical memory (2 MiB pages)
 *   0xffffc00000000000  kernel virtual area: thread stacks with guard pages
 *   0xffffd00000000000  device memory (MMIO), mapped uncached
 *   0xffffffff80000000  the kernel image, loaded at physical KERNEL_PHYS
 *
 * The lower half is left to the application (later issues).
 */
#ifndef SOLO_MEMLAYOUT_H
#define SOLO_MEMLAYOUT_H

#define KERNEL_VBASE    0xffffffff80000000
#define KERNEL_PHYS     0x100000
#define DIRECT_MAP_BASE 0xffff800000000000
#define KVA_BASE        0xffffc00000000000
#define KVA_SIZE        0x0000010000000000   /* 1 TiB */
#define MMIO_BASE       0xffffd00000000000
#define MMIO_SIZE       0x0000010000000000

#define PAGE_SIZE       4096ul
#define PAGE_SHIFT      12
#define LARGE_PAGE_SIZE (2ul << 20)

#ifndef __ASSEMBLER__
#include <stdint.h>
typedef uint64_t phys_addr_t;

/* The host unit tests replace the direct map with their own arena. */
#ifdef SOLO_HOST_TEST
extern uintptr_t host_direct_map_base;
#define DIRECT_MAP ((uintptr_t)host_direct_map_base)
#else
#define DIRECT_MAP ((uintptr_t)DIRECT_MAP_BASE)
#endif

static inline void *phys_to_virt(phys_addr_t pa) { return (void *)(pa + DIRECT_MAP); }
static inline phys_addr_t virt_to_phys(const void *va)
{
    uintptr_t v = (uintptr_t)va;
#ifndef SOLO_HOST_TEST
    if (v >= KERNEL_VBASE)
        return v - KERNEL_VBASE;
#endif
    return v - DIRECT_MAP;
}
#define PAGE_ALIGN_UP(x)   (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define PAGE_ALIGN_DOWN(x) ((x) & ~(PAGE_SIZE - 1))
#endif

#endif
