/* syscall.h - the Linux system-call layer: the table, indexed by the Linux
 * x86-64 number, filled by each area file in kernel/linux/ from its own
 * array of entries, and the tracer (boot option strace). */
#ifndef SOLO_SYSCALL_H
#define SOLO_SYSCALL_H

#include <stddef.h>

#define SYSCALL_MAX 512

/* A system call gets the six raw argument registers. */
typedef long (*syscall_fn)(const long *args);

struct syscall_desc {
    unsigned nr;
    const char *name;
    syscall_fn fn;
    /* For the tracer, one letter per argument:
     *   d int, u unsigned, x hex, p pointer, s string, f fd or AT_FDCWD,
     *   o open flags, P mmap protection, M mmap flags, m mode (octal),
     *   b buffer the call fills (length: the
     *   result), B buffer the call reads (length: the next argument);
     * then optionally ':' and the result's form: x for hex. */
    const char *args;
};

struct syscall_area {
    const struct syscall_desc *calls;
    size_t n;
};

/* Each area file defines one of these. */
extern const struct syscall_area syscalls_fs, syscalls_fsmeta, syscalls_mm, syscalls_process,
    syscalls_time;

void syscall_init(int trace);

#endif
