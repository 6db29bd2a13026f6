/* test_mm.c - stress tests of the page allocator and the kernel heap, run
 * in the guest: patterns survive, memory comes back, all CPUs at once. */
#include <solo/selftest.h>
#include <solo/mm.h>
#include <solo/sched.h>
#include <solo/percpu.h>
#include <solo/string.h>

static uint64_t xorshift(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Takes every free page, largest blocks first, chaining them through their
 * first words; checks the chain; gives all back. Returns pages taken. */
static uint64_t exhaust_and_return(int *corrupt)
{
    struct blk { struct blk *next; uint64_t order, tag; } *head = NULL;
    uint64_t pages = 0;
    for (int order = BUDDY_MAX_ORDER; order >= 0; order--) {
        struct blk *b;
        while ((b = pages_alloc((unsigned)order))) {
            b->next = head;
            b->order = (uint64_t)order;
            b->tag = (uint64_t)b ^ 0x5a5a;
            head = b;
            pages += 1ull << order;
        }
    }
    while (head) {
        struct blk *next = head->next;
        if (head->tag != ((uint64_t)head ^ 0x5a5a))
            *corrupt = 1;
        pages_free(head, (unsigned)head->order);
        head = next;
    }
    return pages;
}

#define SLOTS 512
#define MAX_WORKERS 16

/* Two stress threads per CPU, up to MAX_WORKERS. */
static int worker_count(void)
{
    return ncpus * 2 < MAX_WORKERS ? (int)ncpus * 2 : MAX_WORKERS;
}

struct page_worker {
    uint64_t seed;
    int errors;
};

static void page_stress(void *arg)
{
    struct page_worker *w = arg;
    void *blk[SLOTS] = { 0 };
    unsigned ord[SLOTS];
    for (int round = 0; round < 4000; round++) {
        unsigned i = (unsigned)(xorshift(&w->seed) % SLOTS);
        if (blk[i]) {
            uint64_t *p = blk[i];
            size_t words = (PAGE_SIZE << ord[i]) / 8;
            if (p[0] != (uint64_t)p || p[words - 1] != ~(uint64_t)p)
                w->errors++;
            pages_free(blk[i], ord[i]);
            blk[i] = NULL;
        } else {
            ord[i] = (unsigned)(xorshift(&w->seed) % 4);
            uint64_t *p = pages_alloc(ord[i]);
            if (p) {
                p[0] = (uint64_t)p;
                p[(PAGE_SIZE << ord[i]) / 8 - 1] = ~(uint64_t)p;
            }
            blk[i] = p;
        }
    }
    for (unsigned i = 0; i < SLOTS; i++)
        if (blk[i])
            pages_free(blk[i], ord[i]);
}

static int run_workers(void (*fn)(void *), struct page_worker *w, int n)
{
    struct thread *t[MAX_WORKERS];
    for (int i = 0; i < n; i++)
        t[i] = thread_create("stress", fn, &w[i]);
    int errors = 0;
    for (int i = 0; i < n; i++) {
        if (!t[i])
            errors++;
        else
            thread_join(t[i]);
        errors += w[i].errors;
    }
    return errors;
}

int test_pages(void)
{
    uint64_t before = pmm_free_pages();
    int corrupt = 0;
    uint64_t taken = exhaust_and_return(&corrupt);
    if (corrupt || taken != before || pmm_free_pages() != before)
        return selftest_report("pages", 0, "exhaust: free %llu, took %llu, after %llu, corrupt %d",
                               (unsigned long long)before, (unsigned long long)taken,
                               (unsigned long long)pmm_free_pages(), corrupt);
    int n = worker_count();
    uint64_t free[2];
    int errors = 0;
    /* Two rounds: the first may leave thread stacks cached; the second must
     * give back exactly what it took. */
    for (int round = 0; round < 2; round++) {
        struct page_worker w[MAX_WORKERS];
        for (int i = 0; i < n; i++)
            w[i] = (struct page_worker){ 0x1234567ull * (uint64_t)(i + 1 + round), 0 };
        errors += run_workers(page_stress, w, n);
        free[round] = pmm_free_pages();
    }
    return selftest_report("pages", errors == 0 && free[0] == free[1],
                           "%llu pages exhausted and returned; %d threads: %d errors, free %llu then %llu",
                           (unsigned long long)taken, n, errors,
                           (unsigned long long)free[0], (unsigned long long)free[1]);
}

static void heap_stress(void *arg)
{
    struct page_worker *w = arg;
    unsigned char *obj[SLOTS] = { 0 };
    size_t size[SLOTS];
    for (int round = 0; round < 20000; round++) {
        unsigned i = (unsigned)(xorshift(&w->seed) % SLOTS);
        if (obj[i]) {
            unsigned char tag = (unsigned char)((uintptr_t)obj[i] >> 4);
            for (size_t k = 0; k < size[i]; k += 61)
                if (obj[i][k] != tag)
                    w->errors++;
            kfree(obj[i]);
            obj[i] = NULL;
        } else {
            uint64_t r = xorshift(&w->seed);
            size[i] = r % 16 == 0 ? 1 + r % 70000 : 1 + r % 1500;
            obj[i] = kmalloc(size[i]);
            if (!obj[i] || kmalloc_usable_size(obj[i]) < size[i]) {
                w->errors++;
                obj[i] = NULL;
                continue;
            }
            memset(obj[i], (unsigned char)((uintptr_t)obj[i] >> 4), size[i]);
        }
    }
    for (unsigned i = 0; i < SLOTS; i++)
        kfree(obj[i]);
}

int test_kmalloc(void)
{
    int n = worker_count();
    uint64_t free[2];
    int errors = 0;
    /* After the first round each size class keeps one empty slab; the
     * second round must leak nothing at all. */
    for (int round = 0; round < 2; round++) {
        struct page_worker w[MAX_WORKERS];
        for (int i = 0; i < n; i++)
            w[i] = (struct page_worker){ 0xabcdefull * (uint64_t)(i + 3 + round), 0 };
        errors += run_workers(heap_stress, w, n);
        free[round] = pmm_free_pages();
    }
    return selftest_report("kmalloc", errors == 0 && free[0] == free[1],
                           "%d threads x 20000 operations, %d errors, pages free %llu then %llu",
                           n, errors, (unsigned long long)free[0], (unsigned long long)free[1]);
}
