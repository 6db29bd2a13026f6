/* vma.h - the app's address space: its mappings (VMAs), demand paging,
 * mmap/munmap/mprotect/brk. One address space: the app's half of the one
 * page table. */
#ifndef SOLO_VMA_H
#define SOLO_VMA_H

#include <stdint.h>
#include <solo/list.h>
#include <solo/sync.h>

#define PROT_NONE  0
#define PROT_READ  1
#define PROT_WRITE 2
#define PROT_EXEC  4

#define MAP_SHARED          0x01
#define MAP_PRIVATE         0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE            0x0f
#define MAP_FIXED           0x10
#define MAP_ANONYMOUS       0x20
#define MAP_GROWSDOWN       0x100
#define MAP_DENYWRITE       0x800
#define MAP_EXECUTABLE      0x1000
#define MAP_LOCKED          0x2000
#define MAP_NORESERVE       0x4000
#define MAP_POPULATE        0x8000
#define MAP_NONBLOCK        0x10000
#define MAP_STACK           0x20000
#define MAP_HUGETLB         0x40000
#define MAP_FIXED_NOREPLACE 0x100000

#define MMAP_TOP    0x00007f0000000000ull   /* mmap hands out addresses below */
#define MMAP_BOTTOM 0x0000000000010000ull   /* and above this (vm.mmap_min_addr) */

struct file;

struct vma {
    uintptr_t start, end;       /* [start, end), page aligned */
    unsigned prot;              /* PROT_* */
    unsigned flags;             /* MAP_SHARED or MAP_PRIVATE, MAP_GROWSDOWN */
    struct file *file;          /* NULL: anonymous memory */
    uint64_t offset;            /* file offset of start */
    const char *name;           /* "[heap]", "[stack]" or NULL, for /proc/self/maps */
    struct list node;           /* in mm->vmas, sorted by address */
};

struct mm {
    struct mutex lock;
    struct list vmas;
    uintptr_t brk_start, brk;
    uintptr_t mmap_top;         /* the top-down search starts here */
};

extern struct mm app_mm;

void mm_init(struct mm *mm, uintptr_t mmap_top);
/* mmap: returns the address or a negative errno. */
long mm_mmap(struct mm *mm, uintptr_t addr, size_t len, unsigned prot, unsigned flags,
             struct file *file, uint64_t offset);
int mm_munmap(struct mm *mm, uintptr_t addr, size_t len);
int mm_mprotect(struct mm *mm, uintptr_t addr, size_t len, unsigned prot);
uintptr_t mm_brk(struct mm *mm, uintptr_t new_brk);
/* madvise(MADV_DONTNEED): drops the pages; -ENOMEM if a page is unmapped. */
int mm_dontneed(struct mm *mm, uintptr_t addr, size_t len);
/* mremap: grows in place when it can, moves when allowed (fixed: to that
 * address). Returns the new address or a negative errno. */
long mm_mremap(struct mm *mm, uintptr_t old, size_t old_len, size_t new_len, int may_move,
               uintptr_t fixed);
/* Makes addr usable for the access; 0, or -EFAULT (SIGSEGV) / -EIO (SIGBUS). */
int mm_fault(struct mm *mm, uintptr_t addr, int write, int exec);
/* 0 when every page of the range is mapped, -ENOMEM otherwise (-EINVAL for
 * an unaligned or impossible range). */
int mm_check_mapped(struct mm *mm, uintptr_t addr, size_t len);
/* Whether the app's page at va is in memory now. */
int mm_page_resident(uintptr_t va);
/* Names the mapping holding addr in /proc/self/maps ("[stack]"). */
void mm_set_name(struct mm *mm, uintptr_t addr, const char *name);
/* Calls fn for each mapping in address order, under the lock. */
void mm_for_each(struct mm *mm, void (*fn)(struct vma *v, void *ctx), void *ctx);

/* On a switch to an app thread: drop stale translations if needed. */
void mm_switch_in(void);

#endif
