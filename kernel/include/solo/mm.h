/* mm.h - memory allocation: physical pages (pmm.c over buddy.c), the kernel
 * heap (heap.c) and kernel page tables (vmm.c). */
#ifndef SOLO_MM_H
#define SOLO_MM_H

#include <stddef.h>
#include <stdint.h>
#include <solo/memlayout.h>

struct pvh_info;

/* Physical pages: 2^order contiguous pages, returned through the direct map;
 * NULL when memory is exhausted. Pages are not zeroed. */
void *pages_alloc(unsigned order);
void pages_free(void *p, unsigned order);
uint64_t pmm_total_pages(void);
uint64_t pmm_free_pages(void);
void pmm_init(const struct pvh_info *boot);

/* Kernel heap: any size; memory is not zeroed by kmalloc, it is by kzalloc. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);
size_t kmalloc_usable_size(const void *p);

/* Kernel page tables. */
#define PTE_P   0x001ull
#define PTE_W   0x002ull
#define PTE_U   0x004ull
#define PTE_PWT 0x008ull
#define PTE_PCD 0x010ull
#define PTE_PS  0x080ull
#define PTE_G   0x100ull
#define PTE_NX  (1ull << 63)

#define PTE_OWNED (1ull << 9)     /* software bit: a private page, freed on unmap */
#define PTE_ADDR_MASK 0x000ffffffffff000ull

void vmm_init_direct_map(void);
/* The leaf entry for an app address, creating tables when create is set. */
uint64_t *vmm_user_pte(uintptr_t va, int create);
/* Calls fn for each present page of the app in [start, end). */
void vmm_user_range(uintptr_t start, uintptr_t end,
                    void (*fn)(uintptr_t va, uint64_t *pte, void *ctx), void *ctx);
/* Maps one 4 KiB page at va (kernel half); -ENOMEM if a table is missing. */
int vmm_map_page(uintptr_t va, phys_addr_t pa, uint64_t flags);
/* Maps device memory uncached and returns its virtual address. */
void *vmm_map_mmio(phys_addr_t pa, size_t size);
/* Removes the boot identity map of low memory once the APs are up. */
void vmm_drop_identity_map(void);
phys_addr_t vmm_kernel_pml4(void);
/* Reads the mapping of va: its PTE, or 0 when unmapped. */
uint64_t vmm_lookup(uintptr_t va);

/* Kernel thread stacks with an unmapped guard page below each. */
void *kstack_alloc(void);
void kstack_free(void *base);
/* True when addr lies in the guard page of some kernel stack. */
int kstack_is_guard(uintptr_t addr);

#endif
