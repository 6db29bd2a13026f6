/* test_cmdline.c - boot command line parsing: options, bare keys, the app's
 * words after "--", the last value winning, unknown options, limits. */
#include "host.h"
#include <solo/cmdline.h>
#include <solo/errno.h>
#include <stdio.h>
#include <string.h>

static struct cmdline c;
static int warned;
static char last_warned[64];

static void warn(const char *key)
{
    warned++;
    snprintf(last_warned, sizeof last_warned, "%s", key);
}

int main(void)
{
    unit_begin("cmdline", "options-and-app-words");
    CHECK(cmdline_parse(&c, "  test=all  tsc_khz=3000000 crash  -- /bin/app -x  'y' ") == 0);
    CHECK(c.nopts == 3);
    CHECK(strcmp(cmdline_get(&c, "test"), "all") == 0);
    CHECK(strcmp(cmdline_get(&c, "tsc_khz"), "3000000") == 0);
    CHECK(strcmp(cmdline_get(&c, "crash"), "") == 0);
    CHECK(cmdline_get(&c, "missing") == NULL);
    CHECK(c.nargs == 3 && strcmp(c.args[0], "/bin/app") == 0 && strcmp(c.args[2], "'y'") == 0);
    unit_end();

    unit_begin("cmdline", "last-value-wins-and-values-keep-equals");
    CHECK(cmdline_parse(&c, "test=a test=b env=A=B") == 0);
    CHECK(strcmp(cmdline_get(&c, "test"), "b") == 0);
    CHECK(strcmp(cmdline_get(&c, "env"), "A=B") == 0);
    unit_end();

    unit_begin("cmdline", "unknown-options-warn");
    CHECK(cmdline_parse(&c, "test=all bogus=1 -- notanoption=2") == 0);
    CHECK(cmdline_check_known(&c, warn) == 1);
    CHECK(warned == 1 && strcmp(last_warned, "bogus") == 0);
    unit_end();

    unit_begin("cmdline", "empty-and-only-dashes");
    CHECK(cmdline_parse(&c, "") == 0 && c.nopts == 0 && c.nargs == 0);
    CHECK(cmdline_parse(&c, "--") == 0 && c.nopts == 0 && c.nargs == 0);
    unit_end();

    unit_begin("cmdline", "too-many-words-is-e2big");
    char big[2000] = "";
    for (int i = 0; i < 100; i++)
        strcat(big, "k=v ");
    CHECK(cmdline_parse(&c, big) == -E2BIG);
    CHECK(c.nopts == CMDLINE_MAX_OPTS);
    unit_end();

    unit_begin("cmdline", "too-long-line-is-e2big");
    static char huge[6000];
    memset(huge, 'a', sizeof huge - 1);
    CHECK(cmdline_parse(&c, huge) == -E2BIG);
    unit_end();
    return unit_exit_status();
}
