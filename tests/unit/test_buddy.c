/* test_buddy.c - the buddy allocator against a shadow map of every frame:
 * no block is handed out twice, blocks are aligned, everything freed merges
 * back, and bad frees panic. */
#include "host.h"
#include "buddy.h"
#include <solo/memlayout.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_PAGES 4096u           /* 16 MiB */

static void *frame_ptr(uint64_t pfn)
{
    return phys_to_virt(pfn << PAGE_SHIFT);
}

static uint8_t state[ARENA_PAGES];
static uint8_t owner[ARENA_PAGES];  /* shadow: 1 while a frame is allocated */

static void setup(struct buddy *b, uint64_t first, uint64_t n)
{
    buddy_init(b, first, n, state, frame_ptr);
    buddy_add_range(b, first, n);
    memset(owner, 0, sizeof owner);
}

static unsigned count_blocks(struct buddy *b)
{
    unsigned n = 0;
    for (int k = 0; k <= BUDDY_MAX_ORDER; k++) {
        struct list *it;
        list_for_each(it, &b->free[k])
            n++;
    }
    return n;
}

static void test_exhaust(void)
{
    struct buddy b;
    unit_begin("buddy", "exhaust-unaligned-zone");
    setup(&b, 3, 1000);             /* starts and ends off any large alignment */
    CHECK(b.free_pages == 1000);
    uint64_t got = 0;
    int64_t pfn;
    while ((pfn = buddy_alloc(&b, 0)) >= 0) {
        CHECK(pfn >= 3 && pfn < 1003);
        CHECK(owner[pfn] == 0);
        owner[pfn] = 1;
        got++;
    }
    CHECK(got == 1000);
    CHECK(b.free_pages == 0);
    for (uint64_t p = 3; p < 1003; p++)
        buddy_free(&b, p, 0);
    CHECK(b.free_pages == 1000);
    /* Merged back to the same maximal blocks the zone started with. */
    /* 3, 4-8, 8-16, 16-32, 32-64, 64-128, 128-256, 256-512, 512-768,
     * 768-896, 896-960, 960-992, 992-1000, 1000-1002, 1002-1003 */
    CHECK(count_blocks(&b) == 15);
    unit_end();
}

static void test_random(void)
{
    struct buddy b;
    unit_begin("buddy", "random-alloc-free-aligned-no-overlap");
    setup(&b, 0, ARENA_PAGES);
    int64_t blk[300];
    unsigned ord[300];
    for (int i = 0; i < 300; i++)
        blk[i] = -1;
    srand(7);
    for (int round = 0; round < 200000; round++) {
        int i = rand() % 300;
        if (blk[i] >= 0) {
            for (uint64_t p = 0; p < (1u << ord[i]); p++)
                owner[blk[i] + p] = 0;
            buddy_free(&b, (uint64_t)blk[i], ord[i]);
            blk[i] = -1;
            continue;
        }
        ord[i] = (unsigned)(rand() % 6);
        blk[i] = buddy_alloc(&b, ord[i]);
        if (blk[i] < 0)
            continue;
        CHECK((blk[i] & ((1 << ord[i]) - 1)) == 0);
        for (uint64_t p = 0; p < (1u << ord[i]); p++) {
            CHECK(owner[blk[i] + p] == 0);
            owner[blk[i] + p] = 1;
        }
    }
    for (int i = 0; i < 300; i++)
        if (blk[i] >= 0)
            buddy_free(&b, (uint64_t)blk[i], ord[i]);
    CHECK(b.free_pages == ARENA_PAGES);
    CHECK(count_blocks(&b) == 1);    /* 4096 pages = one order-12 block */
    unit_end();
}

static void test_bad_frees(void)
{
    struct buddy b;
    jmp_buf jb;
    unit_begin("buddy", "double-free-and-bad-frees-panic");
    setup(&b, 0, 64);
    int64_t p = buddy_alloc(&b, 0);
    buddy_free(&b, (uint64_t)p, 0);
    panic_catch = &jb;
    int caught = 0;
    if (setjmp(jb) == 0)
        buddy_free(&b, (uint64_t)p, 0);
    else
        caught++;
    CHECK(caught == 1 && strstr(panic_message, "freed twice"));
    if (setjmp(jb) == 0)
        buddy_free(&b, 64, 0);
    else
        caught++;
    CHECK(caught == 2 && strstr(panic_message, "outside zone"));
    int64_t q = buddy_alloc(&b, 2);
    if (setjmp(jb) == 0)
        buddy_free(&b, (uint64_t)q + 1, 2);
    else
        caught++;
    CHECK(caught == 3 && strstr(panic_message, "not aligned"));
    /* Freed again after merging back into a larger free block. */
    buddy_free(&b, (uint64_t)q, 2);
    if (setjmp(jb) == 0)
        buddy_free(&b, (uint64_t)q + 1, 0);
    else
        caught++;
    CHECK(caught == 4 && strstr(panic_message, "inside a free block"));
    panic_catch = NULL;
    CHECK(buddy_alloc(&b, 7) == -1);    /* 128 pages > the 64-page zone */
    CHECK(buddy_alloc(&b, BUDDY_MAX_ORDER + 0) == -1);
    unit_end();
}

int main(void)
{
    host_arena((size_t)ARENA_PAGES * 4096);
    test_exhaust();
    test_random();
    test_bad_frees();
    return unit_exit_status();
}
