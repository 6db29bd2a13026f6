/* host.h - what the host unit tests need to run kernel modules as ordinary
 * programs: a test-case reporter, panics that can be caught, and a fake
 * direct map (an arena whose offsets play physical addresses). */
#ifndef SOLO_TEST_HOST_H
#define SOLO_TEST_HOST_H

#include <setjmp.h>
#include <stddef.h>

/* Each case prints one line, "PASS suite/name" or "FAIL suite/name: why". */
void unit_begin(const char *suite, const char *name);
void unit_check(int ok, const char *expr, const char *file, int line);
void unit_end(void);
int unit_exit_status(void);
#define CHECK(e) unit_check(!!(e), #e, __FILE__, __LINE__)

/* While panic_catch is set, panic() records its message and jumps there. */
extern jmp_buf *panic_catch;
extern char panic_message[256];

/* Makes an arena of the given size the direct map; returns its base. */
void *host_arena(size_t bytes);

#endif
