/* cmdline.c - parses the boot command line into key=value options and the
 * application's words after "--". The table below is every option the kernel
 * knows; docs/boot-options.md documents each one. */
#include <solo/cmdline.h>
#include <solo/string.h>
#include <solo/errno.h>

struct cmdline boot_cmdline;

static const char *const known_options[] = {
    "aslr",         /* 0: no address randomisation for the app */
    "crash",        /* test: make the kernel fault on purpose (see docs) */
    "cwd",          /* the app's working directory */
    "env",          /* NAME=VALUE in the app's environment (repeatable) */
    "strace",       /* trace the app's system calls */
    "test",         /* run in-kernel self-tests, then power off */
    "tsc_khz",      /* the TSC frequency, when calibration cannot find it */
    NULL
};

bool cmdline_is_known(const char *key)
{
    for (int i = 0; known_options[i]; i++)
        if (strcmp(known_options[i], key) == 0)
            return true;
    return false;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

/* Cuts the buffer into words in place; returns how many, or -E2BIG. */
static int split_words(char *buf, char **words, int max)
{
    int n = 0;
    char *p = buf;
    for (;;) {
        while (is_space(*p))
            *p++ = 0;
        if (!*p)
            return n;
        if (n == max)
            return -E2BIG;
        words[n++] = p;
        while (*p && !is_space(*p))
            p++;
    }
}

int cmdline_parse(struct cmdline *c, const char *text)
{
    char *words[CMDLINE_MAX_OPTS + CMDLINE_MAX_ARGS + 1];
    int err = 0;
    memset(c, 0, sizeof *c);
    if (strlcpy(c->buf, text, sizeof c->buf) >= sizeof c->buf)
        err = -E2BIG;
    int n = split_words(c->buf, words, (int)(sizeof words / sizeof words[0]));
    if (n < 0) {
        err = n;
        n = (int)(sizeof words / sizeof words[0]);
    }
    int i = 0;
    for (; i < n && strcmp(words[i], "--") != 0; i++) {
        if (c->nopts == CMDLINE_MAX_OPTS) {
            err = -E2BIG;
            continue;
        }
        char *eq = strchr(words[i], '=');
        if (eq)
            *eq = 0;
        c->key[c->nopts] = words[i];
        c->value[c->nopts++] = eq ? eq + 1 : "";
    }
    for (i++; i < n; i++) {
        if (c->nargs == CMDLINE_MAX_ARGS) {
            err = -E2BIG;
            break;
        }
        c->args[c->nargs++] = words[i];
    }
    return err;
}

const char *cmdline_get(const struct cmdline *c, const char *key)
{
    for (int i = c->nopts - 1; i >= 0; i--)
        if (strcmp(c->key[i], key) == 0)
            return c->value[i];
    return NULL;
}

int cmdline_check_known(const struct cmdline *c, void (*warn)(const char *key))
{
    int unknown = 0;
    for (int i = 0; i < c->nopts; i++) {
        if (!cmdline_is_known(c->key[i])) {
            warn(c->key[i]);
            unknown++;
        }
    }
    return unknown;
}
