/* vma.c - the app's mappings and demand paging.
 *
 * The mappings are kept sorted in a list (a tree is the next step when apps
 * with thousands of mappings arrive; the interface hides the difference).
 * Nothing is mapped until touched: mm_fault() fills one page at a time from
 * the VMA's backing: zeros for anonymous memory, a private copy of the file
 * data for MAP_PRIVATE, the file's own page for MAP_SHARED. Private pages
 * carry PTE_OWNED and go back to the page allocator when unmapped.
 *
 * TLB: one app thread runs at a time for now, so after a change the local
 * entries are flushed and a generation count makes any other CPU flush all
 * of the app's entries before it next runs the app (mm_switch_in). The
 * threads issue replaces this with shootdown IPIs.
 */
#include <solo/vma.h>
#include <solo/vfs.h>
#include <solo/mm.h>
#include <solo/errno.h>
#include <solo/string.h>
#include <solo/percpu.h>
#include <solo/uaccess.h>
#include "../arch/x86_64/cpu.h"

struct mm app_mm;
static uint64_t tlb_generation;
static uint64_t cpu_generation[MAX_CPUS];

void mm_init(struct mm *mm, uintptr_t mmap_top)
{
    mutex_init(&mm->lock);
    list_init(&mm->vmas);
    mm->mmap_top = mmap_top;
}

static void tlb_changed(void)
{
    __atomic_fetch_add(&tlb_generation, 1, __ATOMIC_RELEASE);
    cpu_generation[this_cpu()->id] = tlb_generation;
}

void mm_switch_in(void)
{
    unsigned id = this_cpu()->id;
    uint64_t g = __atomic_load_n(&tlb_generation, __ATOMIC_ACQUIRE);
    if (cpu_generation[id] != g) {
        cpu_generation[id] = g;
        cpu_write_cr3(read_cr3());
    }
}

static struct vma *vma_of(struct list *n)
{
    return list_entry(n, struct vma, node);
}

/* The first mapping that ends above addr, or NULL. */
static struct vma *find_vma(struct mm *mm, uintptr_t addr)
{
    struct list *it;
    list_for_each(it, &mm->vmas)
        if (vma_of(it)->end > addr)
            return vma_of(it);
    return NULL;
}

static void insert_vma(struct mm *mm, struct vma *v)
{
    struct list *it;
    list_for_each(it, &mm->vmas)
        if (vma_of(it)->start >= v->end)
            break;
    list_insert(it->prev, &v->node, it);
}

static void free_vma(struct vma *v)
{
    if (v->file)
        file_put(v->file);
    kfree(v);
}

static void unmap_page(uintptr_t va, uint64_t *pte, void *ctx)
{
    (void)ctx;
    uint64_t e = *pte;
    *pte = 0;
    invlpg(va);
    if (e & PTE_OWNED)
        pages_free(phys_to_virt(e & PTE_ADDR_MASK), 0);
}

/* Splits v at addr (inside it); the new upper part is returned, linked. */
static struct vma *split_vma(struct vma *v, uintptr_t addr)
{
    struct vma *hi = kmalloc(sizeof *hi);
    if (!hi)
        return NULL;
    *hi = *v;
    hi->start = addr;
    if (v->file) {
        hi->offset = v->offset + (addr - v->start);
        file_get(v->file);
    }
    v->end = addr;
    list_insert(&v->node, &hi->node, v->node.next);
    return hi;
}

/* Removes [start, end) from every mapping; the caller holds the lock. */
static int unmap_range(struct mm *mm, uintptr_t start, uintptr_t end)
{
    struct vma *v = find_vma(mm, start);
    while (v && v->start < end) {
        if (v->start < start) {
            if (!split_vma(v, start))
                return -ENOMEM;
            v = vma_of(v->node.next);
            continue;
        }
        if (v->end > end && !split_vma(v, end))
            return -ENOMEM;
        struct list *next = v->node.next;
        vmm_user_range(v->start, v->end, unmap_page, NULL);
        list_remove(&v->node);
        free_vma(v);
        v = next == &mm->vmas ? NULL : vma_of(next);
    }
    tlb_changed();
    return 0;
}

/* The highest free range of len bytes below mm->mmap_top, or 0. */
static uintptr_t find_free(struct mm *mm, size_t len)
{
    uintptr_t top = mm->mmap_top;
    struct list *it;
    for (it = mm->vmas.prev; it != &mm->vmas; it = it->prev) {
        struct vma *v = vma_of(it);
        if (v->start >= top)
            continue;
        if (v->end <= top && top - v->end >= len)
            return top - len;
        if (v->start < top)
            top = v->start;
    }
    return top - MMAP_BOTTOM >= len && top >= len ? top - len : 0;
}

static int overlaps(struct mm *mm, uintptr_t start, uintptr_t end)
{
    struct vma *v = find_vma(mm, start);
    return v && v->start < end;
}

long mm_mmap(struct mm *mm, uintptr_t addr, size_t len, unsigned prot, unsigned flags,
             struct file *file, uint64_t offset)
{
    if (len == 0 || (offset & (PAGE_SIZE - 1)))
        return -EINVAL;
    len = PAGE_ALIGN_UP(len);
    if (len == 0 || len > USER_TOP)
        return -ENOMEM;
    unsigned type = flags & MAP_TYPE;
    if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
        return -EINVAL;
    if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && (addr & (PAGE_SIZE - 1)))
        return -EINVAL;
    struct vma *v = kzalloc(sizeof *v);
    if (!v)
        return -ENOMEM;
    mutex_lock(&mm->lock);
    long result;
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if (!user_range_ok(addr, len) || addr < PAGE_SIZE) {
            result = -ENOMEM;
            goto fail;
        }
        if (overlaps(mm, addr, addr + len)) {
            if (flags & MAP_FIXED_NOREPLACE) {
                result = -EEXIST;
                goto fail;
            }
            if ((result = unmap_range(mm, addr, addr + len)) < 0)
                goto fail;
        }
    } else {
        /* A hint is used when it is free, like Linux. */
        addr = PAGE_ALIGN_DOWN(addr);
        if (!addr || !user_range_ok(addr, len) || addr < MMAP_BOTTOM || overlaps(mm, addr, addr + len))
            addr = find_free(mm, len);
        if (!addr) {
            result = -ENOMEM;
            goto fail;
        }
    }
    v->start = addr;
    v->end = addr + len;
    v->prot = prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
    v->flags = (type == MAP_PRIVATE ? MAP_PRIVATE : MAP_SHARED) | (flags & MAP_GROWSDOWN);
    v->file = file ? file_get(file) : NULL;
    v->offset = offset;
    insert_vma(mm, v);
    mutex_unlock(&mm->lock);
    return (long)addr;
fail:
    mutex_unlock(&mm->lock);
    kfree(v);
    return result;
}

int mm_munmap(struct mm *mm, uintptr_t addr, size_t len)
{
    if ((addr & (PAGE_SIZE - 1)) || len == 0 || !user_range_ok(addr, len))
        return -EINVAL;
    mutex_lock(&mm->lock);
    int err = unmap_range(mm, addr, addr + PAGE_ALIGN_UP(len));
    mutex_unlock(&mm->lock);
    return err;
}

static uint64_t pte_flags(unsigned prot)
{
    uint64_t f = PTE_U;
    if (prot & PROT_WRITE)
        f |= PTE_W;
    if (!(prot & PROT_EXEC))
        f |= PTE_NX;
    return f;
}

struct protect_ctx {
    unsigned prot;
};

static void reprotect_page(uintptr_t va, uint64_t *pte, void *ctx)
{
    unsigned prot = ((struct protect_ctx *)ctx)->prot;
    uint64_t e = *pte & (PTE_ADDR_MASK | PTE_OWNED);
    if (prot != PROT_NONE)
        *pte = e | PTE_P | pte_flags(prot);
    else    /* PROT_NONE hides a private page (not present, frame kept) */
        *pte = (e & PTE_OWNED) ? e : 0;
    invlpg(va);
}

int mm_mprotect(struct mm *mm, uintptr_t addr, size_t len, unsigned prot)
{
    if ((addr & (PAGE_SIZE - 1)) || !user_range_ok(addr, len))
        return -EINVAL;
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
        return -EINVAL;
    uintptr_t end = addr + PAGE_ALIGN_UP(len);
    mutex_lock(&mm->lock);
    /* Linux: every page of the range must be mapped. */
    uintptr_t at = addr;
    struct vma *v = find_vma(mm, addr);
    for (struct vma *w = v; at < end; ) {
        if (!w || w->start > at) {
            mutex_unlock(&mm->lock);
            return -ENOMEM;
        }
        at = w->end;
        w = w->node.next == &mm->vmas ? NULL : vma_of(w->node.next);
    }
    while (v && v->start < end) {
        if (v->start < addr) {
            if (!split_vma(v, addr))
                goto nomem;
            v = vma_of(v->node.next);
        }
        if (v->end > end && !split_vma(v, end))
            goto nomem;
        v->prot = prot;
        struct protect_ctx c = { prot };
        vmm_user_range(v->start, v->end, reprotect_page, &c);
        v = v->node.next == &mm->vmas ? NULL : vma_of(v->node.next);
    }
    tlb_changed();
    mutex_unlock(&mm->lock);
    return 0;
nomem:
    mutex_unlock(&mm->lock);
    return -ENOMEM;
}

uintptr_t mm_brk(struct mm *mm, uintptr_t new_brk)
{
    mutex_lock(&mm->lock);
    uintptr_t old = mm->brk;
    if (new_brk < mm->brk_start || new_brk == old) {
        mutex_unlock(&mm->lock);
        return old;
    }
    uintptr_t old_end = PAGE_ALIGN_UP(old), new_end = PAGE_ALIGN_UP(new_brk);
    if (new_end > old_end) {
        if (overlaps(mm, old_end, new_end)) {
            mutex_unlock(&mm->lock);
            return old;
        }
        struct vma *v = kzalloc(sizeof *v);
        if (!v) {
            mutex_unlock(&mm->lock);
            return old;
        }
        v->start = old_end;
        v->end = new_end;
        v->prot = PROT_READ | PROT_WRITE;
        v->flags = MAP_PRIVATE;
        v->name = "[heap]";
        insert_vma(mm, v);
    } else if (new_end < old_end) {
        unmap_range(mm, new_end, old_end);
    }
    mm->brk = new_brk;
    mutex_unlock(&mm->lock);
    return new_brk;
}

/* Every page of [start, end) is mapped by some VMA. */
static int fully_mapped(struct mm *mm, uintptr_t start, uintptr_t end)
{
    struct vma *v = find_vma(mm, start);
    for (uintptr_t at = start; at < end; ) {
        if (!v || v->start > at)
            return 0;
        at = v->end;
        v = v->node.next == &mm->vmas ? NULL : vma_of(v->node.next);
    }
    return 1;
}

int mm_dontneed(struct mm *mm, uintptr_t addr, size_t len)
{
    uintptr_t end = addr + PAGE_ALIGN_UP(len);
    if ((addr & (PAGE_SIZE - 1)) || !user_range_ok(addr, len))
        return -EINVAL;
    mutex_lock(&mm->lock);
    int ok = fully_mapped(mm, addr, end);
    if (ok) {
        /* The next touch sees zeros (anonymous) or the file again (private
         * file pages); the pages go back to the allocator now. */
        vmm_user_range(addr, end, unmap_page, NULL);
        tlb_changed();
    }
    mutex_unlock(&mm->lock);
    return ok ? 0 : -ENOMEM;
}

int mm_check_mapped(struct mm *mm, uintptr_t addr, size_t len)
{
    if ((addr & (PAGE_SIZE - 1)) || !user_range_ok(addr, len))
        return -EINVAL;
    mutex_lock(&mm->lock);
    int ok = fully_mapped(mm, addr, addr + PAGE_ALIGN_UP(len));
    mutex_unlock(&mm->lock);
    return ok ? 0 : -ENOMEM;
}

int mm_page_resident(uintptr_t va)
{
    uint64_t *pte = vmm_user_pte(va, 0);
    return pte && (*pte & PTE_P);
}

struct move_ctx {
    intptr_t delta;
    int failed;
};

static void move_page(uintptr_t va, uint64_t *pte, void *ctx)
{
    struct move_ctx *m = ctx;
    uint64_t *to = vmm_user_pte((uintptr_t)((intptr_t)va + m->delta), 1);
    if (!to) {
        m->failed = 1;
        return;
    }
    *to = *pte;
    *pte = 0;
    invlpg(va);
}

long mm_mremap(struct mm *mm, uintptr_t old, size_t old_len, size_t new_len, int may_move,
               uintptr_t fixed)
{
    if ((old & (PAGE_SIZE - 1)) || new_len == 0 || (fixed & (PAGE_SIZE - 1)))
        return -EINVAL;
    old_len = PAGE_ALIGN_UP(old_len);
    new_len = PAGE_ALIGN_UP(new_len);
    if (!user_range_ok(old, old_len) || (fixed && !user_range_ok(fixed, new_len)))
        return -EINVAL;
    mutex_lock(&mm->lock);
    long r;
    struct vma *v = find_vma(mm, old);
    if (!v || v->start > old || v->end < old + old_len) {
        r = -EFAULT;            /* the old range must lie in one mapping */
        goto out;
    }
    if (!fixed && new_len <= old_len) {
        r = new_len < old_len ? unmap_range(mm, old + new_len, old + old_len) : 0;
        if (r == 0)
            r = (long)old;
        goto out;
    }
    uintptr_t grow_end = old + new_len;
    int at_end = v->end == old + old_len;
    if (!fixed && at_end && user_range_ok(old, new_len) && !overlaps(mm, v->end, grow_end)) {
        v->end = grow_end;      /* grows where it is */
        r = (long)old;
        goto out;
    }
    if (!may_move) {
        r = -ENOMEM;
        goto out;
    }
    uintptr_t to = fixed;
    if (fixed) {
        if (fixed < old + old_len && old < fixed + new_len) {
            r = -EINVAL;
            goto out;
        }
        if ((r = unmap_range(mm, fixed, fixed + new_len)) < 0)
            goto out;
    } else if (!(to = find_free(mm, new_len))) {
        r = -ENOMEM;
        goto out;
    }
    /* The moved part becomes its own mapping at the new place. */
    if ((v->start < old && !(v = split_vma(v, old))) ||
        (v->end > old + old_len && !split_vma(v, old + old_len))) {
        r = -ENOMEM;
        goto out;
    }
    size_t keep = old_len < new_len ? old_len : new_len;
    if (keep < old_len && (r = unmap_range(mm, old + keep, old + old_len)) < 0)
        goto out;
    v = find_vma(mm, old);
    struct move_ctx m = { (intptr_t)to - (intptr_t)old, 0 };
    vmm_user_range(old, old + keep, move_page, &m);
    list_remove(&v->node);
    v->start = to;
    v->end = to + new_len;
    insert_vma(mm, v);
    tlb_changed();
    r = m.failed ? -ENOMEM : (long)to;
out:
    mutex_unlock(&mm->lock);
    return r;
}

void mm_set_name(struct mm *mm, uintptr_t addr, const char *name)
{
    mutex_lock(&mm->lock);
    struct vma *v = find_vma(mm, addr);
    if (v && v->start <= addr)
        v->name = name;
    mutex_unlock(&mm->lock);
}

void mm_for_each(struct mm *mm, void (*fn)(struct vma *v, void *ctx), void *ctx)
{
    struct list *it;
    mutex_lock(&mm->lock);
    list_for_each(it, &mm->vmas)
        fn(vma_of(it), ctx);
    mutex_unlock(&mm->lock);
}

/* Fills one page of v at va from its backing. */
static int fill_page(struct vma *v, uintptr_t va, uint64_t *pte)
{
    if (v->file && (v->flags & MAP_SHARED))
        return -EIO;    /* not made: sys_mmap refuses shared file mappings */
    void *page = pages_alloc(0);
    if (!page)
        return -ENOMEM;
    memset(page, 0, PAGE_SIZE);
    if (v->file) {
        uint64_t off = v->offset + (va - v->start);
        if (off >= v->file->inode->size) {
            pages_free(page, 0);
            return -EIO;                        /* beyond the end: SIGBUS */
        }
        long n = kernel_read(v->file, page, PAGE_SIZE, off);
        if (n < 0) {
            pages_free(page, 0);
            return -EIO;
        }
    }
    *pte = virt_to_phys(page) | PTE_P | PTE_OWNED | pte_flags(v->prot);
    return 0;
}

int mm_fault(struct mm *mm, uintptr_t addr, int write, int exec)
{
    uintptr_t va = PAGE_ALIGN_DOWN(addr);
    mutex_lock(&mm->lock);
    struct vma *v = find_vma(mm, addr);
    int err = -EFAULT;
    if (!v || v->start > addr)
        goto out;
    if ((write && !(v->prot & PROT_WRITE)) || (exec && !(v->prot & PROT_EXEC))
        || v->prot == PROT_NONE)
        goto out;
    uint64_t *pte = vmm_user_pte(va, 1);
    if (!pte) {
        err = -ENOMEM;
        goto out;
    }
    if (*pte & PTE_P) {
        invlpg(va);             /* another path mapped it already */
        err = 0;
        goto out;
    }
    if (*pte & PTE_OWNED) {
        /* A private page hidden by PROT_NONE, visible again. */
        *pte = (*pte & (PTE_ADDR_MASK | PTE_OWNED)) | PTE_P | pte_flags(v->prot);
        err = 0;
        goto out;
    }
    err = fill_page(v, va, pte);
out:
    mutex_unlock(&mm->lock);
    return err;
}
