/* cmdline.h - the boot command line: "key=value ... [-- PROGRAM ARGS...]".
 * Every option the kernel knows is declared in one table (cmdline.c) and
 * documented in docs/boot-options.md; an unknown option gets a warning. */
#ifndef SOLO_CMDLINE_H
#define SOLO_CMDLINE_H

#include <stdbool.h>

#define CMDLINE_MAX_OPTS 64
#define CMDLINE_MAX_ARGS 64

struct cmdline {
    int nopts;
    const char *key[CMDLINE_MAX_OPTS];
    const char *value[CMDLINE_MAX_OPTS];    /* "" for a bare "key" */
    int nargs;                              /* words after "--" */
    const char *args[CMDLINE_MAX_ARGS];
    char buf[4096];
};

/* Splits text into options and app words; returns 0, or -E2BIG when the
 * line or its word count is too long (the rest is dropped with a warning). */
int cmdline_parse(struct cmdline *c, const char *text);
/* The last value given for key, or NULL. */
const char *cmdline_get(const struct cmdline *c, const char *key);
/* Calls warn(key) for each option that is not in the known table. */
int cmdline_check_known(const struct cmdline *c, void (*warn)(const char *key));
bool cmdline_is_known(const char *key);

/* The parsed boot command line. */
extern struct cmdline boot_cmdline;

#endif
