/* pmm.c - the physical page allocator: one buddy zone per usable RAM range
 * from the PVH memory map, under one lock.
 *
 * Boot order matters: the boot page tables map only the first GiB, so zones
 * below 1 GiB are set up first, the direct map of all RAM is built from them
 * (vmm.c), and then the zones above 1 GiB are added. Each zone keeps its
 * per-frame state bytes at its own start, so boot does no per-page work
 * beyond clearing those bytes.
 */
#include <solo/mm.h>
#include <solo/pvh.h>
#include <solo/klog.h>
#include <solo/panic.h>
#include <solo/spinlock.h>
#include "buddy.h"

#define LOW_LIMIT (1ull << 30)      /* what the boot page tables map */

extern char _kernel_end[];          /* from the linker script */

static struct buddy zones[PMM_MAX_ZONES];
static int nzones;
static uint64_t total_pages;
static struct spinlock pmm_lock = SPINLOCK_INIT("pmm");

static void *frame_ptr(uint64_t pfn)
{
    return phys_to_virt(pfn << PAGE_SHIFT);
}

static void add_zone(uint64_t start, uint64_t end)
{
    start = PAGE_ALIGN_UP(start);
    end = PAGE_ALIGN_DOWN(end);
    if (end <= start || nzones == PMM_MAX_ZONES)
        return;
    uint64_t npages = (end - start) >> PAGE_SHIFT;
    uint64_t meta_pages = (npages + PAGE_SIZE - 1) / PAGE_SIZE;
    if (npages <= meta_pages)
        return;
    struct buddy *z = &zones[nzones++];
    uint64_t first = (start >> PAGE_SHIFT) + meta_pages;
    buddy_init(z, first, npages - meta_pages, phys_to_virt(start), frame_ptr);
    buddy_add_range(z, first, npages - meta_pages);
    total_pages += npages - meta_pages;
}

/* Adds [start, end) minus every hole, clipped to [lo, hi). */
static void add_usable(uint64_t start, uint64_t end, const struct pvh_range *holes, int nholes,
                       uint64_t lo, uint64_t hi)
{
    if (start < lo)
        start = lo;
    if (end > hi)
        end = hi;
    if (start >= end)
        return;
    for (int i = 0; i < nholes; i++) {
        if (holes[i].end <= start || holes[i].start >= end)
            continue;
        add_usable(start, holes[i].start, holes + i + 1, nholes - i - 1, lo, hi);
        add_usable(holes[i].end, end, holes + i + 1, nholes - i - 1, lo, hi);
        return;
    }
    add_zone(start, end);
}

static int collect_holes(const struct pvh_info *boot, struct pvh_range *holes, int max)
{
    int n = 0;
    holes[n++] = (struct pvh_range){ 0, 1ull << 20 };   /* BIOS area, AP trampoline */
    holes[n++] = (struct pvh_range){ KERNEL_PHYS, virt_to_phys(_kernel_end) };
    for (int i = 0; i < boot->nreserved && n < max; i++)
        holes[n++] = boot->reserved[i];
    return n;
}

static void add_ram_between(const struct pvh_info *boot, uint64_t lo, uint64_t hi)
{
    struct pvh_range holes[PVH_MAX_RAM + 16];
    int nholes = collect_holes(boot, holes, (int)(sizeof holes / sizeof holes[0]));
    for (int i = 0; i < boot->nram; i++)
        add_usable(boot->ram[i].start, boot->ram[i].end, holes, nholes, lo, hi);
}

void pmm_init(const struct pvh_info *boot)
{
    add_ram_between(boot, 0, LOW_LIMIT);
    if (nzones == 0)
        panic("no usable RAM below 1 GiB in the memory map");
    vmm_init_direct_map();
    add_ram_between(boot, LOW_LIMIT, ~0ull);
    kprintf("mm: %llu MiB usable in %d zones\n",
            (unsigned long long)(total_pages >> 8), nzones);
}

void *pages_alloc(unsigned order)
{
    if (order > BUDDY_MAX_ORDER)
        return NULL;
    irqflags_t f = spin_lock_irqsave(&pmm_lock);
    int64_t pfn = -1;
    for (int i = 0; i < nzones && pfn < 0; i++)
        pfn = buddy_alloc(&zones[i], order);
    spin_unlock_irqrestore(&pmm_lock, f);
    return pfn < 0 ? NULL : frame_ptr((uint64_t)pfn);
}

void pages_free(void *p, unsigned order)
{
    uint64_t pfn = virt_to_phys(p) >> PAGE_SHIFT;
    irqflags_t f = spin_lock_irqsave(&pmm_lock);
    for (int i = 0; i < nzones; i++) {
        if (buddy_contains(&zones[i], pfn)) {
            buddy_free(&zones[i], pfn, order);
            spin_unlock_irqrestore(&pmm_lock, f);
            return;
        }
    }
    spin_unlock_irqrestore(&pmm_lock, f);
    panic("pages_free: %p is not in any memory zone", p);
}

uint64_t pmm_total_pages(void)
{
    return total_pages;
}

uint64_t pmm_free_pages(void)
{
    irqflags_t f = spin_lock_irqsave(&pmm_lock);
    uint64_t n = 0;
    for (int i = 0; i < nzones; i++)
        n += zones[i].free_pages;
    spin_unlock_irqrestore(&pmm_lock, f);
    return n;
}
