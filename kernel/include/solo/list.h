/* list.h - intrusive circular doubly linked lists, used everywhere in the kernel. */
#ifndef SOLO_LIST_H
#define SOLO_LIST_H

#include <stddef.h>
#include <stdbool.h>

struct list {
    struct list *next, *prev;
};

#define LIST_INIT(name) { &(name), &(name) }
#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))
#define list_entry(ptr, type, member) container_of(ptr, type, member)

static inline void list_init(struct list *l) { l->next = l->prev = l; }
static inline bool list_empty(const struct list *l) { return l->next == l; }

static inline void list_insert(struct list *prev, struct list *n, struct list *next)
{
    n->prev = prev;
    n->next = next;
    prev->next = n;
    next->prev = n;
}
static inline void list_push_back(struct list *l, struct list *n) { list_insert(l->prev, n, l); }
static inline void list_push_front(struct list *l, struct list *n) { list_insert(l, n, l->next); }
static inline void list_remove(struct list *n)
{
    n->prev->next = n->next;
    n->next->prev = n->prev;
    n->next = n->prev = n;
}
static inline struct list *list_pop_front(struct list *l)
{
    struct list *n = l->next;
    if (n == l)
        return NULL;
    list_remove(n);
    return n;
}
#define list_for_each(it, head) for ((it) = (head)->next; (it) != (head); (it) = (it)->next)

#endif
