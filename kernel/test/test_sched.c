/* test_sched.c - guest tests of threads, mutexes, condition variables,
 * preemption and the use of every CPU. */
#include <solo/selftest.h>
#include <solo/sched.h>
#include <solo/sync.h>
#include <solo/percpu.h>
#include <solo/arch.h>
#include <solo/mm.h>
#include <solo/timer.h>

#define NTHREADS 1000

static uint64_t counter;
static uint64_t cpu_seen;

static void count_once(void *arg)
{
    (void)arg;
    __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
    __atomic_fetch_or(&cpu_seen, 1ull << this_cpu()->id, __ATOMIC_RELAXED);
    sched_yield();
}

int test_threads(void)
{
    static struct thread *t[NTHREADS];
    uint64_t base = sched_thread_count();
    counter = 0;
    cpu_seen = 0;
    int created = 0;
    for (int i = 0; i < NTHREADS; i++)
        if ((t[i] = thread_create("worker", count_once, NULL)))
            created++;
    for (int i = 0; i < NTHREADS; i++)
        if (t[i])
            thread_join(t[i]);
    int cpus_used = 0;
    for (uint64_t m = cpu_seen; m; m &= m - 1)
        cpus_used++;
    int ok = created == NTHREADS && counter == NTHREADS && sched_thread_count() == base;
    int failed = selftest_report("threads", ok, "%d created and joined, %llu ran, on %d of %u CPUs, %llu left",
                    created, (unsigned long long)counter, cpus_used, ncpus,
                    (unsigned long long)(sched_thread_count() - base));
    /* Detached threads free themselves, whether they end before or after
     * the detach. */
    counter = 0;
    for (int i = 0; i < 200; i++) {
        struct thread *d = thread_create("detached", count_once, NULL);
        if (!d)
            return 1 + selftest_report("threads-detached", 0, "creation %d failed", i);
        if (i % 2)
            sched_yield();      /* some finish before they are detached */
        thread_detach(d);
    }
    uint64_t deadline = clock_monotonic_ns() + 5000000000ull;
    while (sched_thread_count() != base && clock_monotonic_ns() < deadline)
        sched_sleep_ns(1000000);
    int dok = counter == 200 && sched_thread_count() == base;
    failed += selftest_report("threads-detached", dok, "200 detached: %llu ran, %llu not yet freed",
                              (unsigned long long)counter,
                              (unsigned long long)(sched_thread_count() - base));
    return failed;
}

#define MUTEX_ROUNDS 20000

static struct mutex test_mutex_lock;
static volatile uint64_t shared_count;

static void mutex_worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < MUTEX_ROUNDS; i++) {
        mutex_lock(&test_mutex_lock);
        uint64_t v = shared_count;
        if (i % 64 == 0)
            sched_yield();      /* hold it across a switch now and then */
        shared_count = v + 1;
        mutex_unlock(&test_mutex_lock);
    }
}

static int try_held_result = -1;

static void try_held(void *arg)
{
    (void)arg;
    try_held_result = mutex_trylock(&test_mutex_lock);
}

static int run_threads(void (*fn)(void *), int n)
{
    struct thread *t[MAX_CPUS * 4 + 2];     /* callers start at most this many */
    int created = 0;
    for (int i = 0; i < n; i++)
        if ((t[i] = thread_create("contend", fn, NULL)))
            created++;
    for (int i = 0; i < n; i++)
        if (t[i])
            thread_join(t[i]);
    return created;
}

int test_mutex(void)
{
    int n = (int)ncpus * 2 + 2;
    mutex_init(&test_mutex_lock);
    shared_count = 0;
    int created = run_threads(mutex_worker, n);
    uint64_t want = (uint64_t)n * MUTEX_ROUNDS;
    /* trylock: taken when free, refused while another thread holds it. */
    int try_free = mutex_trylock(&test_mutex_lock);
    struct thread *t = thread_create("trylock", try_held, NULL);
    if (t)
        thread_join(t);
    mutex_unlock(&test_mutex_lock);
    if (!try_free || !t || try_held_result != 0)
        return selftest_report("mutex", 0, "trylock: free %d, held %d", try_free, try_held_result);
    return selftest_report("mutex", created == n && shared_count == want,
                           "%d threads on %u CPUs: count %llu of %llu",
                           n, ncpus, (unsigned long long)shared_count, (unsigned long long)want);
}

#define QUEUE_SIZE 8
#define ITEMS 5000

static struct {
    struct mutex m;
    struct cond not_empty, not_full;
    uint64_t buf[QUEUE_SIZE];
    unsigned head, count;
    uint64_t consumed_sum;
    int producers_left;
} q;

static void producer(void *arg)
{
    (void)arg;
    for (uint64_t i = 1; i <= ITEMS; i++) {
        mutex_lock(&q.m);
        while (q.count == QUEUE_SIZE)
            cond_wait(&q.not_full, &q.m);
        q.buf[(q.head + q.count++) % QUEUE_SIZE] = i;
        cond_signal(&q.not_empty);
        mutex_unlock(&q.m);
    }
    mutex_lock(&q.m);
    q.producers_left--;
    cond_broadcast(&q.not_empty);
    mutex_unlock(&q.m);
}

static void consumer(void *arg)
{
    (void)arg;
    mutex_lock(&q.m);
    for (;;) {
        while (q.count == 0 && q.producers_left > 0)
            cond_wait(&q.not_empty, &q.m);
        if (q.count == 0)
            break;
        q.consumed_sum += q.buf[q.head];
        q.head = (q.head + 1) % QUEUE_SIZE;
        q.count--;
        cond_signal(&q.not_full);
    }
    mutex_unlock(&q.m);
}

int test_condvar(void)
{
    mutex_init(&q.m);
    cond_init(&q.not_empty);
    cond_init(&q.not_full);
    q.head = q.count = 0;
    q.consumed_sum = 0;
    q.producers_left = 3;
    struct thread *t[6];
    for (int i = 0; i < 3; i++)
        t[i] = thread_create("producer", producer, NULL);
    for (int i = 3; i < 6; i++)
        t[i] = thread_create("consumer", consumer, NULL);
    for (int i = 0; i < 6; i++)
        if (t[i])
            thread_join(t[i]);
    /* A timed wait nobody signals must time out, not hang. */
    mutex_lock(&q.m);
    uint64_t t0 = clock_monotonic_ns();
    int r = cond_timedwait(&q.not_empty, &q.m, t0 + 20000000ull);
    uint64_t waited = clock_monotonic_ns() - t0;
    mutex_unlock(&q.m);
    uint64_t want = 3ull * ITEMS * (ITEMS + 1) / 2;
    return selftest_report("condvar", q.consumed_sum == want && r < 0 && waited >= 20000000ull,
                           "3 producers, 3 consumers: sum %llu of %llu; timed wait %d after %llu us",
                           (unsigned long long)q.consumed_sum, (unsigned long long)want, r,
                           (unsigned long long)(waited / 1000));
}

static volatile int spin_stop;

static void spinner(void *arg)
{
    volatile uint64_t *progress = arg;
    while (!spin_stop)
        (*progress)++;
}

int test_preempt(void)
{
    /* Two threads that never yield, bound to one CPU: both must progress. */
    static volatile uint64_t progress[2];
    progress[0] = progress[1] = 0;
    spin_stop = 0;
    unsigned cpu = ncpus - 1;
    struct thread *a = thread_create_on("spin-a", spinner, (void *)&progress[0], cpu);
    struct thread *b = thread_create_on("spin-b", spinner, (void *)&progress[1], cpu);
    sched_sleep_ns(300000000ull);
    uint64_t pa = progress[0], pb = progress[1];
    spin_stop = 1;
    if (a)
        thread_join(a);
    if (b)
        thread_join(b);
    return selftest_report("preempt", a && b && pa > 0 && pb > 0,
                           "two spinning threads on cpu %u: %llu and %llu iterations",
                           cpu, (unsigned long long)pa, (unsigned long long)pb);
}

static uint64_t balance_cpus;

static void busy_work(void *arg)
{
    (void)arg;
    for (volatile uint64_t i = 0; i < 3000000; i++)
        ;
    __atomic_fetch_or(&balance_cpus, 1ull << this_cpu()->id, __ATOMIC_RELAXED);
}

int test_balance(void)
{
    /* CPU-bound threads created from one CPU must spread to all of them,
     * by placement and by idle CPUs stealing. */
    int n = (int)ncpus * 4;
    balance_cpus = 0;
    int created = run_threads(busy_work, n);
    int used = 0;
    for (uint64_t m = balance_cpus; m; m &= m - 1)
        used++;
    return selftest_report("balance", created == n && used == (int)ncpus,
                           "%d CPU-bound threads ran on %d of %u CPUs", n, used, ncpus);
}

static volatile int storm_on;
static struct timer storm_timer;

/* Asks for a reschedule every 20 us: preemption lands everywhere. */
static void storm(struct timer *tm)
{
    if (!storm_on)
        return;
    this_cpu()->need_resched = 1;
    timer_arm(tm, clock_monotonic_ns() + 20000);
}

static void exit_at_once(void *arg)
{
    (void)arg;
}

int test_exit_race(void)
{
    /* Threads that end at once on this CPU while it is preempted all the
     * time: a thread preempted on its way out must still wake its joiner
     * (a lost wake-up here once hung the threads tests). */
    unsigned cpu = this_cpu()->id;
    storm_on = 1;
    timer_init(&storm_timer, storm);
    timer_arm(&storm_timer, clock_monotonic_ns() + 20000);
    /* One at a time, so the joiner always sleeps on the thread that ends. */
    int joined = 0;
    for (int i = 0; i < 3000; i++) {
        struct thread *t = thread_create_on("exiter", exit_at_once, NULL, cpu);
        if (t) {
            thread_join(t);
            joined++;
        }
    }
    storm_on = 0;
    timer_cancel(&storm_timer);
    return selftest_report("exit-race", joined == 3000,
                           "3000 threads ended under a preemption storm, %d joined", joined);
}

static volatile unsigned ran_on[MAX_CPUS];

static void report_cpu(void *arg)
{
    unsigned want = (unsigned)(uintptr_t)arg;
    ran_on[want] = this_cpu()->id + 1;
}

int test_smp(void)
{
    struct thread *t[MAX_CPUS];
    for (unsigned i = 0; i < ncpus; i++) {
        ran_on[i] = 0;
        t[i] = thread_create_on("percpu", report_cpu, (void *)(uintptr_t)i, i);
    }
    int ok = 1;
    for (unsigned i = 0; i < ncpus; i++) {
        if (t[i])
            thread_join(t[i]);
        if (ran_on[i] != i + 1)
            ok = 0;
    }
    return selftest_report("smp", ok, "a thread ran on each of %u CPUs", ncpus);
}
