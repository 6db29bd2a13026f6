/* test_heap.c - kmalloc/kfree over a real buddy zone: sizes, alignment,
 * no overlap, contents kept, everything given back, bad frees panic. */
#include "host.h"
#include "buddy.h"
#include <solo/mm.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_PAGES 8192u           /* 32 MiB */

static struct buddy zone;
static uint8_t state[ARENA_PAGES];

static void *frame_ptr(uint64_t pfn)
{
    return phys_to_virt(pfn << PAGE_SHIFT);
}

void *pages_alloc(unsigned order)
{
    int64_t pfn = buddy_alloc(&zone, order);
    return pfn < 0 ? NULL : frame_ptr((uint64_t)pfn);
}

void pages_free(void *p, unsigned order)
{
    buddy_free(&zone, virt_to_phys(p) >> PAGE_SHIFT, order);
}

static void test_sizes(void)
{
    unit_begin("heap", "sizes-alignment-usable-size");
    size_t sizes[] = { 1, 8, 15, 16, 17, 100, 512, 1000, 1024, 1025, 4000, 4080, 4096, 70000, 1 << 20 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        unsigned char *p = kmalloc(sizes[i]);
        CHECK(p != NULL);
        CHECK(((uintptr_t)p & 15) == 0);
        CHECK(kmalloc_usable_size(p) >= sizes[i]);
        memset(p, 0xab, sizes[i]);
        kfree(p);
    }
    CHECK(kmalloc(0) != NULL);
    kfree(NULL);
    unsigned char *z = kzalloc(3000);
    int zero = 1;
    for (int i = 0; i < 3000; i++)
        zero &= z[i] == 0;
    CHECK(zero);
    kfree(z);
    unit_end();
}

#define SLOTS 2000

static void test_random(void)
{
    static unsigned char *p[SLOTS];
    static size_t len[SLOTS];
    unit_begin("heap", "random-contents-kept-nothing-leaks");
    /* Warm up so every size class holds its one kept slab. */
    for (int c = 16; c <= 1024; c *= 2)
        kfree(kmalloc((size_t)c));
    uint64_t before = zone.free_pages;
    srand(11);
    for (int round = 0; round < 300000; round++) {
        int i = rand() % SLOTS;
        if (p[i]) {
            int ok = 1;
            for (size_t k = 0; k < len[i]; k++)
                ok &= p[i][k] == (unsigned char)(i * 7 + k);
            CHECK(ok);
            kfree(p[i]);
            p[i] = NULL;
            continue;
        }
        len[i] = rand() % 10 == 0 ? (size_t)(rand() % 20000) + 1 : (size_t)(rand() % 1100) + 1;
        p[i] = kmalloc(len[i]);
        CHECK(p[i] != NULL);
        for (size_t k = 0; k < len[i]; k++)
            p[i][k] = (unsigned char)(i * 7 + k);
    }
    for (int i = 0; i < SLOTS; i++)
        kfree(p[i]);
    CHECK(zone.free_pages == before);
    unit_end();
}

static void test_bad_free(void)
{
    jmp_buf jb;
    unit_begin("heap", "bad-pointer-and-double-free-panic-huge-sizes-fail");
    unsigned char *big = kmalloc(10000);
    panic_catch = &jb;
    int caught = 0;
    if (setjmp(jb) == 0)
        kfree(big + 16);
    else
        caught = 1;
    panic_catch = NULL;
    CHECK(caught);
    kfree(big);
    void *small = kmalloc(40);
    kfree(small);
    caught = 0;
    panic_catch = &jb;
    if (setjmp(jb) == 0)
        kfree(small);
    else
        caught = 1;
    panic_catch = NULL;
    CHECK(caught);
    CHECK(kmalloc((size_t)-1) == NULL && kmalloc((size_t)-8) == NULL && kzalloc((size_t)-4095) == NULL);
    unit_end();
}

static void test_exhaustion(void)
{
    unit_begin("heap", "out-of-memory-returns-null");
    void *chain = NULL;
    size_t n = 0;
    void *p;
    while ((p = kmalloc(3000))) {
        *(void **)p = chain;
        chain = p;
        n++;
    }
    CHECK(n > 1000);
    CHECK(kmalloc((size_t)1 << 40) == NULL);
    while (chain) {
        void *next = *(void **)chain;
        kfree(chain);
        chain = next;
    }
    CHECK(kmalloc(3000) != NULL);
    unit_end();
}

int main(void)
{
    host_arena((size_t)ARENA_PAGES * PAGE_SIZE);
    buddy_init(&zone, 0, ARENA_PAGES, state, frame_ptr);
    buddy_add_range(&zone, 0, ARENA_PAGES);
    test_sizes();
    test_random();
    test_bad_free();
    test_exhaustion();
    return unit_exit_status();
}
