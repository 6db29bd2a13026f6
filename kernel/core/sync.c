/* sync.c - mutexes and condition variables on top of wait queues.
 * A mutex is handed straight to the first waiter on unlock, so waiters are
 * served in order and none starves under contention. */
#include <solo/sync.h>
#include <solo/panic.h>
#include <solo/errno.h>

void mutex_init(struct mutex *m)
{
    waitq_init(&m->wq);
    m->owner = NULL;
}

void mutex_lock(struct mutex *m)
{
    struct thread *self = thread_current();
    irqflags_t f = spin_lock_irqsave(&m->wq.lock);
    if (m->owner == self)
        panic("mutex_lock: thread %s already holds the mutex", self->name);
    if (!m->owner)
        m->owner = self;
    while (m->owner != self)
        waitq_sleep_locked(&m->wq, &f, 0);
    spin_unlock_irqrestore(&m->wq.lock, f);
}

int mutex_trylock(struct mutex *m)
{
    irqflags_t f = spin_lock_irqsave(&m->wq.lock);
    int ok = m->owner == NULL;
    if (ok)
        m->owner = thread_current();
    spin_unlock_irqrestore(&m->wq.lock, f);
    return ok;
}

void mutex_unlock(struct mutex *m)
{
    irqflags_t f = spin_lock_irqsave(&m->wq.lock);
    if (m->owner != thread_current())
        panic("mutex_unlock by thread %s, which does not hold it", thread_current()->name);
    struct list *n = list_pop_front(&m->wq.waiters);
    struct thread *next = n ? list_entry(n, struct thread, wait_node) : NULL;
    m->owner = next;
    spin_unlock_irqrestore(&m->wq.lock, f);
    if (next)
        sched_wake(next);
}

void cond_init(struct cond *c)
{
    waitq_init(&c->wq);
}

int cond_timedwait(struct cond *c, struct mutex *m, uint64_t deadline_ns)
{
    irqflags_t f = spin_lock_irqsave(&c->wq.lock);
    mutex_unlock(m);
    int r = waitq_sleep_locked(&c->wq, &f, deadline_ns);
    spin_unlock_irqrestore(&c->wq.lock, f);
    mutex_lock(m);
    return r;
}

void cond_wait(struct cond *c, struct mutex *m)
{
    cond_timedwait(c, m, 0);
}

void cond_signal(struct cond *c)
{
    waitq_wake_one(&c->wq);
}

void cond_broadcast(struct cond *c)
{
    waitq_wake_all(&c->wq);
}
