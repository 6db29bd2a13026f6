/* mmap.c - the memory system calls: mmap, munmap, mprotect, brk, madvise.
 * The mechanism is kernel/mm/vma.c; this is the ABI boundary. */
#include <solo/syscall.h>
#include <solo/process.h>
#include <solo/errno.h>
#include <solo/mm.h>
#include <solo/klog.h>
#include <solo/uaccess.h>

#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4
#define MADV_FREE 8
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2

static long sys_mmap(const long *a)
{
    uintptr_t addr = (uintptr_t)a[0];
    size_t len = (size_t)a[1];
    unsigned prot = (unsigned)a[2], flags = (unsigned)a[3];
    struct file *f = NULL;
    if (!(flags & MAP_ANONYMOUS)) {
        f = fd_get((int)a[4]);
        if (!f)
            return -EBADF;
        if (!S_ISREG(f->inode->mode)) {
            file_put(f);
            return -ENODEV;
        }
        if ((f->flags & O_ACCMODE) == O_WRONLY) {
            file_put(f);
            return -EACCES;
        }
        if ((flags & MAP_TYPE) != MAP_PRIVATE) {
            /* Shared file mappings need the page cache's write-back. */
            static int warned;
            if (!warned++)
                kprintf("mmap: MAP_SHARED mappings of files are not implemented yet: -ENODEV\n");
            file_put(f);
            return -ENODEV;
        }
    }
    long r = mm_mmap(app.mm, addr, len, prot, flags, f, (uint64_t)a[5]);
    if (f)
        file_put(f);
    return r;
}

static long sys_munmap(const long *a)
{
    return mm_munmap(app.mm, (uintptr_t)a[0], (size_t)a[1]);
}

static long sys_mprotect(const long *a)
{
    return mm_mprotect(app.mm, (uintptr_t)a[0], (size_t)a[1], (unsigned)a[2]);
}

static long sys_brk(const long *a)
{
    return (long)mm_brk(app.mm, (uintptr_t)a[0]);
}

static long sys_madvise(const long *a)
{
    uintptr_t addr = (uintptr_t)a[0];
    if (addr & (PAGE_SIZE - 1))
        return -EINVAL;
    switch (a[2]) {
    case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
        return 0;       /* hints */
    case MADV_DONTNEED:
    case MADV_FREE:
        return mm_dontneed(app.mm, addr, (size_t)a[1]);
    default:
        return -EINVAL;
    }
}

static long sys_mremap(const long *a)
{
    unsigned flags = (unsigned)a[3];
    if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED) || ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)))
        return -EINVAL;
    return mm_mremap(app.mm, (uintptr_t)a[0], (size_t)a[1], (size_t)a[2], flags & MREMAP_MAYMOVE,
                     flags & MREMAP_FIXED ? (uintptr_t)a[4] : 0);
}

static long sys_mincore(const long *a)
{
    uintptr_t addr = (uintptr_t)a[0];
    size_t len = (size_t)a[1];
    long err = mm_check_mapped(app.mm, addr, len);
    if (err < 0)
        return err;
    unsigned char vec[64];
    size_t pages = PAGE_ALIGN_UP(len) / PAGE_SIZE;
    for (size_t done = 0; done < pages; ) {
        size_t n = pages - done < sizeof vec ? pages - done : sizeof vec;
        for (size_t i = 0; i < n; i++)
            vec[i] = (unsigned char)mm_page_resident(addr + (done + i) * PAGE_SIZE);
        if (copy_to_user((unsigned char *)a[2] + done, vec, n) < 0)
            return -EFAULT;
        done += n;
    }
    return 0;
}

/* Private and anonymous mappings have nothing to write back (shared file
 * mappings are refused by mmap for now): msync checks its arguments. */
static long sys_msync(const long *a)
{
    if (a[2] & ~7 || ((a[2] & 1) && (a[2] & 4)))     /* MS_ASYNC with MS_SYNC */
        return -EINVAL;
    return mm_check_mapped(app.mm, (uintptr_t)a[0], (size_t)a[1]);
}

static const struct syscall_desc calls[] = {
    { 9, "mmap", sys_mmap, "puPMfx:x" },
    { 10, "mprotect", sys_mprotect, "puP" },
    { 11, "munmap", sys_munmap, "pu" },
    { 12, "brk", sys_brk, "p:x" },
    { 25, "mremap", sys_mremap, "puuxp:x" },
    { 26, "msync", sys_msync, "pux" },
    { 27, "mincore", sys_mincore, "pup" },
    { 28, "madvise", sys_madvise, "pud" },
};

const struct syscall_area syscalls_mm = { calls, sizeof calls / sizeof calls[0] };
