/* heap.c - kmalloc/kfree: size classes from 16 to 1024 bytes carved from
 * one-page slabs, and larger blocks taken whole from the page allocator.
 *
 * Every page handed out by the heap starts with a header, and every pointer
 * kmalloc returns lies in the first page of its block, so kfree finds the
 * header by rounding the pointer down to a page. A slab whose objects are
 * all free goes back to the page allocator unless it is the class's last.
 */
#include <solo/mm.h>
#include <solo/list.h>
#include <solo/panic.h>
#include <solo/spinlock.h>
#include <solo/string.h>
#include <solo/param.h>

#define SLAB_MAGIC  0x51ab51abu
#define FREE_POISON 0xf4eef4eef4eef4eeull  /* second word of a free object */
#define LARGE_MAGIC 0x1a6e1a6eu
#define NCLASSES    7           /* 16, 32, ..., 1024 */
#define MIN_SHIFT   4

struct slab {
    uint32_t magic;
    uint16_t cls;
    uint16_t nfree;
    void *free;                 /* free objects, linked through their first word */
    struct list node;           /* the class's list of slabs with free objects */
    uint64_t pad[4];            /* header = 64 bytes, objects stay 16-aligned */
};

struct large {
    uint32_t magic;
    uint32_t order;
    uint64_t size;              /* what was asked, for kmalloc_usable_size */
};

struct size_class {
    struct spinlock lock;
    struct list partial;        /* slabs with at least one free object */
    unsigned nslabs;
};

static struct size_class classes[NCLASSES];
static int heap_ready;

_Static_assert(sizeof(struct slab) == 64, "slab header size");
_Static_assert(sizeof(struct large) == 16, "large header size");

static void heap_init(void)
{
    for (int i = 0; i < NCLASSES; i++) {
        spin_init(&classes[i].lock, "kmalloc");
        list_init(&classes[i].partial);
    }
    heap_ready = 1;
}

static size_t class_size(int cls)
{
    return (size_t)1 << (cls + MIN_SHIFT);
}

static int class_of(size_t size)
{
    int cls = 0;
    while (class_size(cls) < size)
        cls++;
    return cls;
}

static unsigned objects_per_slab(int cls)
{
    return (unsigned)((PAGE_SIZE - sizeof(struct slab)) / class_size(cls));
}

static struct slab *new_slab(int cls)
{
    struct slab *s = pages_alloc(0);
    if (!s)
        return NULL;
    s->magic = SLAB_MAGIC;
    s->cls = (uint16_t)cls;
    s->free = NULL;
    unsigned n = objects_per_slab(cls);
    char *obj = (char *)s + sizeof *s;
    for (unsigned i = n; i-- > 0; ) {
        void **o = (void **)(obj + i * class_size(cls));
        o[1] = (void *)FREE_POISON;
        *o = s->free;
        s->free = o;
    }
    s->nfree = (uint16_t)n;
    return s;
}

static void *alloc_small(int cls)
{
    struct size_class *c = &classes[cls];
    irqflags_t f = spin_lock_irqsave(&c->lock);
    if (list_empty(&c->partial)) {
        spin_unlock_irqrestore(&c->lock, f);
        struct slab *s = new_slab(cls);
        if (!s)
            return NULL;
        f = spin_lock_irqsave(&c->lock);
        list_push_front(&c->partial, &s->node);
        c->nslabs++;
    }
    struct slab *s = list_entry(c->partial.next, struct slab, node);
    void **o = s->free;
    s->free = *o;
    o[1] = NULL;
    if (--s->nfree == 0)
        list_remove(&s->node);
    spin_unlock_irqrestore(&c->lock, f);
    return o;
}

static void free_small(struct slab *s, void *p)
{
    struct size_class *c = &classes[s->cls];
    irqflags_t f = spin_lock_irqsave(&c->lock);
    uint64_t *words = p;
    if (words[1] == FREE_POISON)
        panic("kfree(%p): freed twice", p);
    words[1] = FREE_POISON;
    *(void **)p = s->free;
    s->free = p;
    s->nfree++;
    if (s->nfree == 1)
        list_push_front(&c->partial, &s->node);
    int release = s->nfree == objects_per_slab(s->cls) && c->nslabs > 1;
    if (release) {
        list_remove(&s->node);
        c->nslabs--;
        s->magic = 0;
    }
    spin_unlock_irqrestore(&c->lock, f);
    if (release)
        pages_free(s, 0);
}

static void *alloc_large(size_t size)
{
    if (size > (PAGE_SIZE << BUDDY_MAX_ORDER) - sizeof(struct large))
        return NULL;
    unsigned order = 0;
    while ((PAGE_SIZE << order) < size + sizeof(struct large))
        if (++order > BUDDY_MAX_ORDER)
            return NULL;
    struct large *h = pages_alloc(order);
    if (!h)
        return NULL;
    h->magic = LARGE_MAGIC;
    h->order = order;
    h->size = size;
    return h + 1;
}

void *kmalloc(size_t size)
{
    if (!heap_ready)
        heap_init();
    if (size == 0)
        size = 1;
    if (size <= class_size(NCLASSES - 1))
        return alloc_small(class_of(size));
    return alloc_large(size);
}

void *kzalloc(size_t size)
{
    void *p = kmalloc(size);
    if (p)
        memset(p, 0, size);
    return p;
}

static void *header_of(const void *p)
{
    return (void *)((uintptr_t)p & ~(PAGE_SIZE - 1));
}

void kfree(void *p)
{
    if (!p)
        return;
    struct slab *s = header_of(p);
    if (s->magic == SLAB_MAGIC) {
        free_small(s, p);
        return;
    }
    struct large *h = header_of(p);
    if (h->magic != LARGE_MAGIC || (void *)(h + 1) != p)
        panic("kfree(%p): not a heap pointer (header magic %#x)", p, h->magic);
    h->magic = 0;
    pages_free(h, h->order);
}

size_t kmalloc_usable_size(const void *p)
{
    const struct slab *s = header_of(p);
    if (s->magic == SLAB_MAGIC)
        return class_size(s->cls);
    const struct large *h = header_of(p);
    return (PAGE_SIZE << h->order) - sizeof *h;
}
