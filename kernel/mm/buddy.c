/* buddy.c - binary buddy allocator over one zone of page frames.
 *
 * A block of 2^k frames starts on a frame number that is a multiple of 2^k
 * (natural alignment in physical memory, so a 2 MiB block is 2 MiB aligned).
 * Free blocks are linked through their own first frame; a byte per frame says
 * whether it heads a free block and of which order, which is all that freeing
 * needs to find and merge a free buddy. Locking is the caller's (pmm.c).
 */
#include "buddy.h"
#include <solo/panic.h>
#include <solo/string.h>

void buddy_init(struct buddy *b, uint64_t base_pfn, uint64_t npages, uint8_t *state,
                void *(*frame_ptr)(uint64_t pfn))
{
    b->base_pfn = base_pfn;
    b->npages = npages;
    b->state = state;
    b->free_pages = 0;
    b->frame_ptr = frame_ptr;
    memset(state, 0, npages);
    for (int k = 0; k <= BUDDY_MAX_ORDER; k++)
        list_init(&b->free[k]);
}

int buddy_contains(const struct buddy *b, uint64_t pfn)
{
    return pfn >= b->base_pfn && pfn < b->base_pfn + b->npages;
}

static void push_block(struct buddy *b, uint64_t pfn, unsigned order)
{
    b->state[pfn - b->base_pfn] = (uint8_t)(order + 1);
    list_push_front(&b->free[order], b->frame_ptr(pfn));
}

static void take_block(struct buddy *b, uint64_t pfn)
{
    b->state[pfn - b->base_pfn] = 0;
    list_remove(b->frame_ptr(pfn));
}

void buddy_free(struct buddy *b, uint64_t pfn, unsigned order)
{
    if (!buddy_contains(b, pfn) || !buddy_contains(b, pfn + (1ull << order) - 1))
        panic("buddy_free: frames %#llx+%u outside zone", (unsigned long long)pfn, order);
    if ((pfn & ((1ull << order) - 1)) != 0)
        panic("buddy_free: frame %#llx not aligned to order %u", (unsigned long long)pfn, order);
    if (b->state[pfn - b->base_pfn] != 0)
        panic("buddy_free: frame %#llx freed twice", (unsigned long long)pfn);
    /* Freed twice after merging: the frame lies inside a larger free block. */
    for (unsigned k = order + 1; k <= BUDDY_MAX_ORDER; k++) {
        uint64_t head = pfn & ~((1ull << k) - 1);
        if (buddy_contains(b, head) && b->state[head - b->base_pfn] == k + 1)
            panic("buddy_free: frame %#llx freed twice (inside a free block of order %u)",
                  (unsigned long long)pfn, k);
    }
    b->free_pages += 1ull << order;
    while (order < BUDDY_MAX_ORDER) {
        uint64_t buddy = pfn ^ (1ull << order);
        if (!buddy_contains(b, buddy) || b->state[buddy - b->base_pfn] != order + 1)
            break;
        take_block(b, buddy);
        if (buddy < pfn)
            pfn = buddy;
        order++;
    }
    push_block(b, pfn, order);
}

int64_t buddy_alloc(struct buddy *b, unsigned order)
{
    unsigned k = order;
    while (k <= BUDDY_MAX_ORDER && list_empty(&b->free[k]))
        k++;
    if (k > BUDDY_MAX_ORDER)
        return -1;
    struct list *n = b->free[k].next;
    /* The list node is the block's first frame; frames are mapped linearly. */
    uint64_t pfn = b->base_pfn + ((uintptr_t)n - (uintptr_t)b->frame_ptr(b->base_pfn)) / 4096;
    take_block(b, pfn);
    /* Split: keep the low half, free the upper halves. */
    while (k > order) {
        k--;
        push_block(b, pfn + (1ull << k), k);
    }
    b->free_pages -= 1ull << order;
    return (int64_t)pfn;
}

void buddy_add_range(struct buddy *b, uint64_t pfn, uint64_t n)
{
    uint64_t end = pfn + n;
    while (pfn < end) {
        unsigned order = 0;
        while (order < BUDDY_MAX_ORDER
               && (pfn & ((2ull << order) - 1)) == 0
               && pfn + (2ull << order) <= end)
            order++;
        buddy_free(b, pfn, order);
        pfn += 1ull << order;
    }
}
