/* random.h - the kernel's random numbers: a ChaCha20 generator seeded from
 * RDRAND/RDSEED where the CPU has them and from TSC jitter otherwise. It
 * serves getrandom, /dev/urandom, AT_RANDOM and address randomisation. */
#ifndef SOLO_RANDOM_H
#define SOLO_RANDOM_H

#include <stddef.h>
#include <stdint.h>

void random_init(void);
void random_bytes(void *buf, size_t n);
uint64_t random_u64(void);

#endif
