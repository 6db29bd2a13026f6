/* buddy.h - a binary buddy allocator over one contiguous range of page frames.
 * It knows nothing of locks or of the machine: pmm.c owns the zones and the
 * lock, the host unit tests drive it directly. */
#ifndef SOLO_BUDDY_H
#define SOLO_BUDDY_H

#include <stddef.h>
#include <stdint.h>
#include <solo/list.h>
#include <solo/param.h>

struct buddy {
    uint64_t base_pfn;          /* first frame of the zone */
    uint64_t npages;            /* frames in the zone */
    uint8_t *state;             /* per frame: order+1 if it heads a free block, else 0 */
    uint64_t free_pages;
    struct list free[BUDDY_MAX_ORDER + 1];
    void *(*frame_ptr)(uint64_t pfn);   /* where a free frame can be written;
                                           linear: frame_ptr(p+1) = frame_ptr(p)+4096 */
};

/* state must hold npages bytes. The zone starts with no free frames. */
void buddy_init(struct buddy *b, uint64_t base_pfn, uint64_t npages, uint8_t *state,
                void *(*frame_ptr)(uint64_t pfn));
/* Gives frames [pfn, pfn+n) to the allocator, as maximal aligned blocks. */
void buddy_add_range(struct buddy *b, uint64_t pfn, uint64_t n);
/* Returns the first frame of a 2^order block, or -1 when none is free. */
int64_t buddy_alloc(struct buddy *b, unsigned order);
void buddy_free(struct buddy *b, uint64_t pfn, unsigned order);
int buddy_contains(const struct buddy *b, uint64_t pfn);

#endif
