/* vmm.c - the kernel's page tables: the direct map of all RAM, device memory
 * (MMIO) mappings, and kernel thread stacks with guard pages.
 *
 * There is one page table for the whole machine (boot_pml4 from boot.S); its
 * upper half is the kernel's. The boot tables map the first GiB twice
 * (identity, for the 32-bit entry and the AP trampoline, and at the kernel's
 * link address); vmm_init_direct_map() adds the rest of RAM at
 * DIRECT_MAP_BASE with 2 MiB pages.
 */
#include <solo/mm.h>
#include <solo/pvh.h>
#include <solo/string.h>
#include <solo/panic.h>
#include <solo/spinlock.h>
#include <solo/errno.h>
#include <solo/param.h>
#include "../arch/x86_64/cpu.h"

extern uint64_t boot_pml4[512];
extern uint64_t boot_pd[512];

#define PML4_INDEX(va) (((va) >> 39) & 511)
#define PDPT_INDEX(va) (((va) >> 30) & 511)
#define PD_INDEX(va)   (((va) >> 21) & 511)
#define PT_INDEX(va)   (((va) >> 12) & 511)
#define PTE_ADDR(e)    ((e) & 0x000ffffffffff000ull)

static struct spinlock vmm_lock = SPINLOCK_INIT("vmm");

phys_addr_t vmm_kernel_pml4(void)
{
    return virt_to_phys(boot_pml4);
}

static uint64_t *new_table(void)
{
    uint64_t *t = pages_alloc(0);
    if (t)
        memset(t, 0, PAGE_SIZE);
    return t;
}

/* The entry for va in the table one level down from *entry, creating that
 * table when create is set; NULL when it is missing. */
static uint64_t *next_level(uint64_t *entry, unsigned index, int create, uint64_t user)
{
    if (!(*entry & PTE_P)) {
        if (!create)
            return NULL;
        uint64_t *t = new_table();
        if (!t)
            return NULL;
        *entry = virt_to_phys(t) | PTE_P | PTE_W | user;
    }
    if (*entry & PTE_PS)
        return NULL;
    uint64_t *table = phys_to_virt(PTE_ADDR(*entry));
    return &table[index];
}

/* Walks to the PD entry (level 2) or the PT entry (level 1) for va. */
static uint64_t *walk(uintptr_t va, int level, int create)
{
    /* Tables of the app's half allow user access at every level, so only
     * the leaf entry decides what the app may do. */
    uint64_t user = va < (1ull << 47) ? PTE_U : 0;
    uint64_t *e = &boot_pml4[PML4_INDEX(va)];
    e = next_level(e, PDPT_INDEX(va), create, user);
    if (!e)
        return NULL;
    e = next_level(e, PD_INDEX(va), create, user);
    if (!e || level == 2)
        return e;
    return next_level(e, PT_INDEX(va), create, user);
}

static void map_large(uintptr_t va, phys_addr_t pa)
{
    uint64_t *pde = walk(va, 2, 1);
    if (!pde)
        panic("vmm: out of memory building the direct map at %#lx", (unsigned long)va);
    *pde = pa | PTE_P | PTE_W | PTE_PS | PTE_NX;
}

void vmm_init_direct_map(void)
{
    /* A fresh PDPT for the direct map, so the identity map can be dropped later. */
    uint64_t *pdpt = new_table();
    if (!pdpt)
        panic("vmm: no page for the direct map");
    pdpt[0] = virt_to_phys(boot_pd) | PTE_P | PTE_W;
    boot_pml4[PML4_INDEX(DIRECT_MAP_BASE)] = virt_to_phys(pdpt) | PTE_P | PTE_W;
    for (int i = 0; i < boot_info.nram; i++) {
        uint64_t s = boot_info.ram[i].start & ~(LARGE_PAGE_SIZE - 1);
        uint64_t e = (boot_info.ram[i].end + LARGE_PAGE_SIZE - 1) & ~(LARGE_PAGE_SIZE - 1);
        for (uint64_t pa = s < (1ull << 30) ? (1ull << 30) : s; pa < e; pa += LARGE_PAGE_SIZE)
            map_large(DIRECT_MAP_BASE + pa, pa);
    }
    cpu_write_cr3(read_cr3());
}

int vmm_map_page(uintptr_t va, phys_addr_t pa, uint64_t flags)
{
    irqflags_t f = spin_lock_irqsave(&vmm_lock);
    uint64_t *pte = walk(va, 1, 1);
    if (pte)
        *pte = pa | flags | PTE_P;
    spin_unlock_irqrestore(&vmm_lock, f);
    if (!pte)
        return -ENOMEM;
    invlpg(va);
    return 0;
}

/* Clears the PTE of a page only this CPU used; returns its frame address. */
static phys_addr_t unmap_page(uintptr_t va)
{
    irqflags_t f = spin_lock_irqsave(&vmm_lock);
    uint64_t *pte = walk(va, 1, 0);
    phys_addr_t pa = PTE_ADDR(*pte);
    *pte = 0;
    spin_unlock_irqrestore(&vmm_lock, f);
    invlpg(va);
    return pa;
}

/* Lock-free, so crash reports can use it: page tables are never freed. */
uint64_t vmm_lookup(uintptr_t va)
{
    uint64_t *e = walk(va, 2, 0);
    if (!e || !(*e & PTE_P))
        return 0;
    if (*e & PTE_PS)
        return *e;
    return *next_level(e, PT_INDEX(va), 0, 0);
}

void *vmm_map_mmio(phys_addr_t pa, size_t size)
{
    static uintptr_t next = MMIO_BASE;
    phys_addr_t base = PAGE_ALIGN_DOWN(pa);
    size_t len = PAGE_ALIGN_UP(pa + size) - base;
    irqflags_t f = spin_lock_irqsave(&vmm_lock);
    uintptr_t va = next;
    next += len + PAGE_SIZE;
    spin_unlock_irqrestore(&vmm_lock, f);
    for (size_t off = 0; off < len; off += PAGE_SIZE)
        if (vmm_map_page(va + off, base + off, PTE_W | PTE_PCD | PTE_PWT | PTE_NX) < 0)
            panic("vmm: out of memory mapping device memory at %#llx", (unsigned long long)pa);
    return (void *)(va + (pa - base));
}

void vmm_drop_identity_map(void)
{
    boot_pml4[0] = 0;
    cpu_write_cr3(read_cr3());
}

/* Kernel stacks: fixed slots of a guard page plus KSTACK_SIZE. A freed stack
 * keeps its mapping and goes on a free list, so no other CPU can hold a stale
 * translation for a slot that now points elsewhere. */
#define KSTACK_SLOT (KSTACK_SIZE + PAGE_SIZE)

struct free_stack {
    struct free_stack *next;
};
static struct free_stack *free_stacks;
static uintptr_t next_stack_slot = KVA_BASE;

void *kstack_alloc(void)
{
    irqflags_t f = spin_lock_irqsave(&vmm_lock);
    struct free_stack *s = free_stacks;
    if (s)
        free_stacks = s->next;
    spin_unlock_irqrestore(&vmm_lock, f);
    if (s)
        return s;
    f = spin_lock_irqsave(&vmm_lock);
    uintptr_t slot = next_stack_slot;
    next_stack_slot += KSTACK_SLOT;
    spin_unlock_irqrestore(&vmm_lock, f);
    if (slot + KSTACK_SLOT > KVA_BASE + KVA_SIZE)
        return NULL;
    uintptr_t base = slot + PAGE_SIZE;
    for (uintptr_t off = 0; off < KSTACK_SIZE; off += PAGE_SIZE) {
        void *page = pages_alloc(0);
        if (!page || vmm_map_page(base + off, virt_to_phys(page), PTE_W | PTE_NX) < 0) {
            if (page)
                pages_free(page, 0);
            /* Give back what was mapped; the slot's addresses are not reused.
             * No other CPU has touched this stack, so a local flush will do. */
            while (off) {
                off -= PAGE_SIZE;
                pages_free(phys_to_virt(unmap_page(base + off)), 0);
            }
            return NULL;
        }
    }
    return (void *)base;
}

void kstack_free(void *base)
{
    struct free_stack *s = base;
    irqflags_t f = spin_lock_irqsave(&vmm_lock);
    s->next = free_stacks;
    free_stacks = s;
    spin_unlock_irqrestore(&vmm_lock, f);
}

int kstack_is_guard(uintptr_t addr)
{
    if (addr < KVA_BASE || addr >= next_stack_slot)
        return 0;
    return (addr - KVA_BASE) % KSTACK_SLOT < PAGE_SIZE;
}

/* The app's half. Intermediate tables are marked user when created (see
 * next_level), so only the leaf decides what the app may do. */

uint64_t *vmm_user_pte(uintptr_t va, int create)
{
    return walk(va, 1, create);
}

/* Calls fn for each used leaf entry in [start, end), skipping empty
 * upper-level tables, so sparse gigabytes cost nothing. */
void vmm_user_range(uintptr_t start, uintptr_t end,
                    void (*fn)(uintptr_t va, uint64_t *pte, void *ctx), void *ctx)
{
    uintptr_t va = start;
    while (va < end) {
        uint64_t *e4 = &boot_pml4[PML4_INDEX(va)];
        if (!(*e4 & PTE_P)) {
            va = (va | ((1ull << 39) - 1)) + 1;
            continue;
        }
        uint64_t *e3 = &((uint64_t *)phys_to_virt(PTE_ADDR(*e4)))[PDPT_INDEX(va)];
        if (!(*e3 & PTE_P)) {
            va = (va | ((1ull << 30) - 1)) + 1;
            continue;
        }
        uint64_t *e2 = &((uint64_t *)phys_to_virt(PTE_ADDR(*e3)))[PD_INDEX(va)];
        if (!(*e2 & PTE_P)) {
            va = (va | ((1ull << 21) - 1)) + 1;
            continue;
        }
        uint64_t *pt = phys_to_virt(PTE_ADDR(*e2));
        uintptr_t stop = (va | ((1ull << 21) - 1)) + 1;
        for (; va < end && va < stop; va += PAGE_SIZE)
            if (pt[PT_INDEX(va)])       /* present, or a hidden private page */
                fn(va, &pt[PT_INDEX(va)], ctx);
    }
}
