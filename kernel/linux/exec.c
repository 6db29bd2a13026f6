/* exec.c - loads the app's ELF executable (static, static-PIE or dynamic
 * with its PT_INTERP interpreter) into the address space and builds the
 * initial stack: argc, argv, envp and the auxiliary vector. */
#include <solo/exec.h>
#include <solo/process.h>
#include <solo/errno.h>
#include <solo/klog.h>
#include <solo/mm.h>
#include <solo/random.h>
#include <solo/string.h>
#include <solo/uaccess.h>
#include "../arch/x86_64/cpu.h"

#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6
#define ET_EXEC 2
#define ET_DYN 3
#define EM_X86_64 62
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define MAX_PHDRS 64
#define STACK_SIZE (8ul << 20)
#define ARGS_MAX (256ul << 10)      /* room for argument and environment strings */

struct elf_ehdr {
    unsigned char ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct loaded {
    uintptr_t entry, bias, phdr;
    uintptr_t end;              /* first page above the image */
    unsigned phnum;
    char interp[VFS_PATH_MAX];
};

static unsigned seg_prot(uint32_t f)
{
    return (f & PF_R ? PROT_READ : 0) | (f & PF_W ? PROT_WRITE : 0) | (f & PF_X ? PROT_EXEC : 0);
}

static const char *check_header(const struct elf_ehdr *h, long n)
{
    if (n < (long)sizeof *h || memcmp(h->ident, "\177ELF", 4) != 0)
        return "not an ELF file";
    if (h->ident[4] != 2 || h->ident[5] != 1 || h->machine != EM_X86_64)
        return "not an x86-64 ELF file";
    if (h->type != ET_EXEC && h->type != ET_DYN)
        return "not an executable or shared object";
    if (h->phentsize != sizeof(struct elf_phdr) || h->phnum == 0 || h->phnum > MAX_PHDRS)
        return "bad program headers";
    return NULL;
}

/* Zeros the bss tail of the last file page of a segment. */
static int zero_tail(uintptr_t from, uintptr_t to, unsigned prot)
{
    if (from >= to)
        return 0;
    if (!(prot & PROT_WRITE))
        mm_mprotect(app.mm, PAGE_ALIGN_DOWN(from), PAGE_SIZE, prot | PROT_WRITE);
    int err = clear_user((void *)from, to - from);
    if (!(prot & PROT_WRITE))
        mm_mprotect(app.mm, PAGE_ALIGN_DOWN(from), PAGE_SIZE, prot);
    return err;
}

static long map_segment(struct file *f, const struct elf_phdr *p, uintptr_t bias)
{
    unsigned prot = seg_prot(p->flags);
    uintptr_t start = PAGE_ALIGN_DOWN(bias + p->vaddr);
    uintptr_t file_end = bias + p->vaddr + p->filesz;
    uintptr_t mem_end = PAGE_ALIGN_UP(bias + p->vaddr + p->memsz);
    if ((p->vaddr - p->offset) & (PAGE_SIZE - 1))
        return -ENOEXEC;
    if (p->filesz) {
        long r = mm_mmap(app.mm, start, PAGE_ALIGN_UP(file_end) - start, prot,
                         MAP_PRIVATE | MAP_FIXED, f, PAGE_ALIGN_DOWN(p->offset));
        if (r < 0)
            return r;
        if (p->memsz > p->filesz && zero_tail(file_end, PAGE_ALIGN_UP(file_end), prot) < 0)
            return -EFAULT;
    }
    uintptr_t anon = p->filesz ? PAGE_ALIGN_UP(file_end) : start;
    if (mem_end > anon) {
        long r = mm_mmap(app.mm, anon, mem_end - anon, prot,
                         MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, NULL, 0);
        if (r < 0)
            return r;
    }
    return 0;
}

#define PIE_BASE 0x555555554000ul     /* where Linux puts a PIE program */

/* Maps the ELF file f. A position-independent program goes near PIE_BASE
 * (plus hint_random), its interpreter wherever mmap finds room. */
static long load_elf(struct file *f, struct loaded *out, const char **why, uintptr_t hint)
{
    struct elf_ehdr h;
    struct elf_phdr ph[MAX_PHDRS];
    long n = kernel_read(f, &h, sizeof h, 0);
    if (n < 0)
        return n;
    if ((*why = check_header(&h, n)))
        return -ENOEXEC;
    size_t phsize = (size_t)h.phnum * sizeof ph[0];
    if (kernel_read(f, ph, phsize, h.phoff) != (long)phsize) {
        *why = "truncated program headers";
        return -ENOEXEC;
    }
    uintptr_t lo = ~0ul, hi = 0;
    out->interp[0] = 0;
    out->phdr = 0;
    for (unsigned i = 0; i < h.phnum; i++) {
        if (ph[i].type == PT_LOAD) {
            if (ph[i].vaddr < lo)
                lo = ph[i].vaddr;
            if (ph[i].vaddr + ph[i].memsz > hi)
                hi = ph[i].vaddr + ph[i].memsz;
        } else if (ph[i].type == PT_INTERP) {
            if (ph[i].filesz >= sizeof out->interp
                || kernel_read(f, out->interp, ph[i].filesz, ph[i].offset) != (long)ph[i].filesz) {
                *why = "bad PT_INTERP";
                return -ENOEXEC;
            }
            out->interp[ph[i].filesz] = 0;
        } else if (ph[i].type == PT_PHDR) {
            out->phdr = ph[i].vaddr;
        }
    }
    if (hi <= lo) {
        *why = "no loadable segments";
        return -ENOEXEC;
    }
    lo = PAGE_ALIGN_DOWN(lo);
    uintptr_t bias = 0;
    if (h.type == ET_DYN) {
        long base = mm_mmap(app.mm, hint, PAGE_ALIGN_UP(hi) - lo, PROT_NONE,
                            MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
        if (base < 0)
            return base;
        bias = (uintptr_t)base - lo;
    }
    for (unsigned i = 0; i < h.phnum; i++) {
        if (ph[i].type != PT_LOAD)
            continue;
        long r = map_segment(f, &ph[i], bias);
        if (r < 0) {
            *why = "cannot map a segment";
            return r;
        }
        if (!out->phdr && h.phoff >= ph[i].offset && h.phoff < ph[i].offset + ph[i].filesz)
            out->phdr = ph[i].vaddr + (h.phoff - ph[i].offset);
    }
    out->entry = bias + h.entry;
    out->bias = bias;
    out->end = PAGE_ALIGN_UP(bias + hi);
    out->phdr += bias;
    out->phnum = h.phnum;
    return 0;
}

/* The auxiliary vector's types. */
enum {
    AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
    AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14,
    AT_PLATFORM = 15, AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25,
    AT_HWCAP2 = 26, AT_EXECFN = 31, AT_MINSIGSTKSZ = 51,
};

struct stack_builder {
    char *buf;                  /* a kernel copy of the top of the stack */
    uintptr_t top;              /* app address of buf's end */
    size_t used;                /* bytes used from the end */
};

/* Puts bytes at the top; returns their app address, or 0 when full. */
static uintptr_t push_bytes(struct stack_builder *s, const void *p, size_t n)
{
    if (s->used + n > ARGS_MAX)
        return 0;
    s->used += n;
    memcpy(s->buf + ARGS_MAX - s->used, p, n);
    return s->top - s->used;
}

static uint64_t minsigstksz(void)
{
    uint32_t r[4];
    cpuid(1, 0, r);
    if (!((r[2] >> 27) & 1))        /* OSXSAVE */
        return 2048;
    cpuid(0xd, 0, r);
    return r[1] + 1024;
}

static long build_stack(const struct exec_args *ea, const struct loaded *prog,
                        const struct loaded *interp, uintptr_t stack_top, uintptr_t *sp_out)
{
    struct stack_builder s = { kmalloc(ARGS_MAX), stack_top, 0 };
    if (!s.buf)
        return -ENOMEM;
    uintptr_t argv[EXEC_MAX_ARGS], envp[EXEC_MAX_ARGS];
    uint8_t rnd[16];
    random_bytes(rnd, sizeof rnd);
    uintptr_t execfn = push_bytes(&s, ea->path, strlen(ea->path) + 1);
    uintptr_t platform = push_bytes(&s, "x86_64", 7);
    uintptr_t random = push_bytes(&s, rnd, sizeof rnd);
    for (int i = ea->envc - 1; i >= 0; i--)
        envp[i] = push_bytes(&s, ea->envp[i], strlen(ea->envp[i]) + 1);
    for (int i = ea->argc - 1; i >= 0; i--)
        argv[i] = push_bytes(&s, ea->argv[i], strlen(ea->argv[i]) + 1);
    uint32_t r[4];
    cpuid(1, 0, r);
    uint64_t aux[][2] = {
        { AT_PHDR, prog->phdr }, { AT_PHENT, sizeof(struct elf_phdr) }, { AT_PHNUM, prog->phnum },
        { AT_PAGESZ, PAGE_SIZE }, { AT_BASE, interp ? interp->bias : 0 }, { AT_FLAGS, 0 },
        { AT_ENTRY, prog->entry }, { AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 }, { AT_EGID, 0 },
        { AT_PLATFORM, platform }, { AT_HWCAP, r[3] }, { AT_CLKTCK, 100 }, { AT_SECURE, 0 },
        { AT_RANDOM, random }, { AT_HWCAP2, 0 }, { AT_EXECFN, execfn },
        { AT_MINSIGSTKSZ, minsigstksz() }, { AT_NULL, 0 },
    };
    /* The pointer block: argc, argv[], NULL, envp[], NULL, auxv; 16-aligned. */
    size_t words = 1 + (size_t)ea->argc + 1 + (size_t)ea->envc + 1 + 2 * (sizeof aux / sizeof aux[0]);
    s.used = (s.used + 15) & ~(size_t)15;
    if ((s.used + words * 8) % 16)
        s.used += 8;
    uint64_t *w = kmalloc(words * 8);
    long err = -E2BIG;
    if (w && execfn && platform && random) {
        size_t k = 0;
        w[k++] = (uint64_t)ea->argc;
        for (int i = 0; i < ea->argc; i++)
            w[k++] = argv[i];
        w[k++] = 0;
        for (int i = 0; i < ea->envc; i++)
            w[k++] = envp[i];
        w[k++] = 0;
        memcpy(&w[k], aux, sizeof aux);
        uintptr_t sp = push_bytes(&s, w, words * 8);
        err = sp && copy_to_user((void *)sp, s.buf + ARGS_MAX - s.used, s.used) == 0 ? 0 : -E2BIG;
        *sp_out = sp;
    }
    for (int i = 0; i < ea->argc && err == 0; i++)
        if (!argv[i])
            err = -E2BIG;
    kfree(w);
    kfree(s.buf);
    return err;
}

static struct file *open_exec(const char *path, long *err)
{
    struct file *f = vfs_open(app.cwd, path, O_RDONLY, 0);
    if (IS_ERR(f)) {
        *err = PTR_ERR(f);
        return NULL;
    }
    if (!S_ISREG(f->inode->mode) || !(f->inode->mode & 0111)) {
        *err = -EACCES;
        file_put(f);
        return NULL;
    }
    return f;
}

int exec_load(const struct exec_args *ea, struct exec_result *res)
{
    static struct loaded prog, interp;
    const char *why = NULL;
    long err = 0;
    struct file *f = open_exec(ea->path, &err);
    if (!f) {
        res->why = err == -ENOENT ? "No such file or directory"
                 : err == -EACCES ? "Permission denied" : "cannot open";
        return err == -ENOENT ? 127 : 126;
    }
    uintptr_t stack_top = (USER_TOP - PAGE_SIZE) - (ea->aslr ? (random_u64() % 4096) * PAGE_SIZE : 0);
    mm_init(app.mm, stack_top - STACK_SIZE - PAGE_SIZE
                    - (ea->aslr ? (random_u64() % 65536) * PAGE_SIZE : 0));
    long stack = mm_mmap(app.mm, stack_top - STACK_SIZE, STACK_SIZE, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, NULL, 0);
    if (stack >= 0)
        mm_set_name(app.mm, (uintptr_t)stack, "[stack]");
    uintptr_t pie = PIE_BASE + (ea->aslr ? (random_u64() % (1ul << 28)) * PAGE_SIZE : 0);
    err = stack < 0 ? stack : load_elf(f, &prog, &why, pie);
    file_put(f);
    if (err < 0) {
        res->why = why ? why : "cannot load";
        return 126;
    }
    const struct loaded *ip = NULL;
    if (prog.interp[0]) {
        struct file *fi = open_exec(prog.interp, &err);
        if (!fi) {
            res->why = "its interpreter is missing";
            res->detail = prog.interp;
            return 127;
        }
        err = load_elf(fi, &interp, &why, 0);
        file_put(fi);
        if (err < 0) {
            res->why = why ? why : "cannot load its interpreter";
            res->detail = prog.interp;
            return 126;
        }
        ip = &interp;
    }
    /* The heap starts above the program, at a random distance. */
    app.mm->brk_start = app.mm->brk = prog.end
        + (ea->aslr ? (random_u64() % 8192) * PAGE_SIZE : 0);
    err = build_stack(ea, &prog, ip, stack_top, &res->sp);
    if (err < 0) {
        res->why = "the arguments and environment are too large";
        return 126;
    }
    res->entry = ip ? ip->entry : prog.entry;
    return 0;
}
