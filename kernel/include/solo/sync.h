/* sync.h - sleeping locks for threads: mutexes and condition variables. */
#ifndef SOLO_SYNC_H
#define SOLO_SYNC_H

#include <solo/sched.h>

struct mutex {
    struct waitq wq;
    struct thread *owner;
};

struct cond {
    struct waitq wq;
};

void mutex_init(struct mutex *m);
void mutex_lock(struct mutex *m);
int mutex_trylock(struct mutex *m);     /* 1 when taken */
void mutex_unlock(struct mutex *m);

void cond_init(struct cond *c);
/* Releases m, waits for a signal, takes m again. */
void cond_wait(struct cond *c, struct mutex *m);
/* The same with a monotonic deadline: -ETIMEDOUT when it passed. */
int cond_timedwait(struct cond *c, struct mutex *m, uint64_t deadline_ns);
void cond_signal(struct cond *c);
void cond_broadcast(struct cond *c);

#endif
