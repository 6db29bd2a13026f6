/* exec.h - loading the app's program into its address space. */
#ifndef SOLO_EXEC_H
#define SOLO_EXEC_H

#include <stdint.h>

#define EXEC_MAX_ARGS 256

struct exec_args {
    const char *path;           /* resolved program path */
    int argc, envc;
    const char *argv[EXEC_MAX_ARGS];
    const char *envp[EXEC_MAX_ARGS];
    int aslr;
};

struct exec_result {
    uintptr_t entry, sp;
    const char *why;            /* on failure: what went wrong */
    const char *detail;         /* and with what, or NULL */
};

/* Loads the program and builds its stack: 0, or the shell's status for a
 * program that cannot start (127 not found, 126 cannot execute). */
int exec_load(const struct exec_args *ea, struct exec_result *res);

#endif
