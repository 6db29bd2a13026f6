/* random.c - a ChaCha20-based generator with fast key erasure: every request
 * draws a block whose first half becomes the next key, so past output can
 * not be recovered from the state. Seeded at boot from RDSEED/RDRAND when
 * the CPU has them, mixed with TSC samples in every case. */
#include <solo/random.h>
#include <solo/spinlock.h>
#include <solo/string.h>
#include "../arch/x86_64/cpu.h"

static uint32_t key[8];
static uint64_t nonce;
static struct spinlock random_lock = SPINLOCK_INIT("random");

static uint32_t rotl(uint32_t v, int n)
{
    return (v << n) | (v >> (32 - n));
}

#define QR(a, b, c, d) \
    (a += b, d = rotl(d ^ a, 16), c += d, b = rotl(b ^ c, 12), \
     a += b, d = rotl(d ^ a, 8), c += d, b = rotl(b ^ c, 7))

static void chacha_block(uint32_t out[16], const uint32_t k[8], uint64_t counter)
{
    uint32_t in[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
    memcpy(&in[4], k, 8 * sizeof k[0]);
    in[12] = (uint32_t)counter;
    in[13] = (uint32_t)(counter >> 32);
    in[14] = (uint32_t)nonce;
    in[15] = (uint32_t)(nonce >> 32);
    uint32_t x[16];
    memcpy(x, in, sizeof x);
    for (int i = 0; i < 10; i++) {
        QR(x[0], x[4], x[8], x[12]); QR(x[1], x[5], x[9], x[13]);
        QR(x[2], x[6], x[10], x[14]); QR(x[3], x[7], x[11], x[15]);
        QR(x[0], x[5], x[10], x[15]); QR(x[1], x[6], x[11], x[12]);
        QR(x[2], x[7], x[8], x[13]); QR(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; i++)
        out[i] = x[i] + in[i];
}

static int hw_random(uint64_t *v)
{
    uint32_t r[4];
    cpuid(7, 0, r);
    int have_rdseed = (r[1] >> 18) & 1;
    cpuid(1, 0, r);
    int have_rdrand = (r[2] >> 30) & 1;
    unsigned char ok = 0;
    for (int tries = 0; tries < 10 && !ok; tries++) {
        if (have_rdseed)
            __asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok));
        else if (have_rdrand)
            __asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
        else
            return 0;
    }
    return ok;
}

void random_init(void)
{
    for (int i = 0; i < 8; i += 2) {
        uint64_t hw = 0, t = 0;
        hw_random(&hw);
        /* TSC jitter: the low bits of many samples around a short spin. */
        for (int k = 0; k < 64; k++) {
            t = t * 6364136223846793005ull + rdtsc();
            for (volatile int spin = 0; spin < (int)(t & 63); spin++)
                ;
        }
        key[i] ^= (uint32_t)(hw ^ t);
        key[i + 1] ^= (uint32_t)((hw ^ t) >> 32);
    }
    nonce = rdtsc();
}

void random_bytes(void *buf, size_t n)
{
    unsigned char *p = buf;
    uint32_t block[16], out_key[8];
    /* Block 0 of the current key gives the next key and a one-use key for
     * this request's output. */
    irqflags_t f = spin_lock_irqsave(&random_lock);
    chacha_block(block, key, 0);
    memcpy(key, block, sizeof key);
    memcpy(out_key, &block[8], sizeof out_key);
    spin_unlock_irqrestore(&random_lock, f);
    for (uint64_t counter = 1; n; counter++) {
        chacha_block(block, out_key, counter);
        size_t k = n < sizeof block ? n : sizeof block;
        memcpy(p, block, k);
        p += k;
        n -= k;
    }
    memset(block, 0, sizeof block);
    memset(out_key, 0, sizeof out_key);
}

uint64_t random_u64(void)
{
    uint64_t v;
    random_bytes(&v, sizeof v);
    return v;
}
