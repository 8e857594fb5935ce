/* rasd worker: takes articles from the NATS JetStream work queue, extracts their figures,
 * stores them, and acknowledges each message only once its transaction has committed. */
#include "cli/cli.h"
#include "cli/queue.h"
#include "rasd.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char worker_usage[] =
    "usage: rasd worker --nats URL --db STORE [--stream NAME] [--concurrency N]\n"
    "                   [--batch N] [--ack-wait SECONDS] [--max-deliver N]\n"
    "                   [--refresh SECONDS] [--idle-exit SECONDS] [--progress SECONDS]\n"
    "Stores the articles published to stream NAME (default RASD) by `rasd publish`: N\n"
    "threads (default 1), each with its own store connection, pull up to --batch messages\n"
    "(default 16), extract their figures, write them in one transaction, acknowledge them\n"
    "after the commit; every --refresh seconds (default 30; 0: after each batch), when the\n"
    "queue is idle, and before exiting, they bring the stories and passage index up to\n"
    "date with what every worker stored.  Several workers\n"
    "on several machines share one queue and one PostgreSQL store (--db postgres://...).\n"
    "A message not acknowledged within --ack-wait (default 30) is delivered again; one that\n"
    "fails --max-deliver times (default 5) goes to the subject NAME.dead (stream NAME_DEAD)\n"
    "with its error in the header Rasd-Error.  Progress and the queue's lag go to stderr\n"
    "every --progress seconds (default 5).  SIGTERM or SIGINT finishes the messages in hand\n"
    "and exits 0; --idle-exit S exits likewise once the queue has been empty for S seconds.\n"
    "Lost connections to NATS or to the store are retried with backoff.\n";

#define WORKER_MAX_THREADS 64
#define WORKER_FETCH_MS 1000
#define WORKER_BACKOFF_MAX_MS 5000

static volatile sig_atomic_t worker_stop;

static void on_signal(int sig)
{
    (void)sig;
    worker_stop = 1;
}

struct worker {
    struct queue q;
    const char *db, *url;
    int threads, batch, max_deliver, idle_exit, progress, refresh;
    int64_t ack_wait_s;
    pthread_mutex_t mu;
    /* Counters, under mu. */
    size_t stored, fresh, replaced, same, retried, dead;
    time_t last_msg;
    int failed;               /* a thread could not start */
};

/* One message in hand: its article, read back from the JSON, and its figures. */
struct item {
    natsMsg *msg;
    rasd_reader *r;
    const rasd_doc *doc;
    rasd_figure *figs;
    size_t nfigs, cap;
    char err[256];            /* why it failed, "" when it did not */
};

struct thread {
    struct worker *w;
    int no;
    pthread_t tid;
    rasd_store *store;
    rasd_extractor *x;
    natsSubscription *sub;
    time_t refreshed;         /* when this thread last brought the stories up to date */
    int behind;               /* it has stored articles since */
};

static int backoff_next(int ms)
{
    return ms * 2 > WORKER_BACKOFF_MAX_MS ? WORKER_BACKOFF_MAX_MS : ms * 2;
}

static void count(struct worker *w, size_t *field, size_t n)
{
    pthread_mutex_lock(&w->mu);
    *field += n;
    pthread_mutex_unlock(&w->mu);
}

/* (Re)opens t's store, retrying with backoff until it opens or the worker stops. */
static int store_connect(struct thread *t)
{
    for (int wait = 100; !worker_stop; wait = backoff_next(wait)) {
        rasd_store_free(t->store);
        t->store = NULL;
        int rc = rasd_store_open(t->w->db, &t->store);
        if (rc == RASD_OK) {
            /* Batches are the fetched messages: commits are the worker's, not the store's. */
            rasd_store_set_batch(t->store, 1000000);
            return 0;
        }
        cli_err("worker", "%s: %s%s%s; retrying", t->w->db, rasd_strerror(rc),
                t->store ? ": " : "", rasd_store_detail(t->store));
        queue_sleep(wait, &worker_stop);
    }
    return -1;
}

/* Makes the workers' durable pull consumer when there is none.  One that is there is
 * taken as it is (another worker made it): its settings are the queue's, and a different
 * --ack-wait here is said, not applied. */
static natsStatus ensure_consumer(struct worker *w, jsErrCode *jerr)
{
    jsConsumerInfo *ci = NULL;
    natsStatus s = js_GetConsumerInfo(&ci, w->q.js, w->q.stream, QUEUE_CONSUMER, NULL, jerr);
    if (s == NATS_OK) {
        if (ci->Config && ci->Config->AckWait != w->ack_wait_s * 1000000000LL)
            cli_err("worker", "consumer %s waits %llds for an ack (set when it was made); "
                    "--ack-wait %llds not applied", QUEUE_CONSUMER,
                    (long long)(ci->Config->AckWait / 1000000000LL), (long long)w->ack_wait_s);
        jsConsumerInfo_Destroy(ci);
        return NATS_OK;
    }
    if (s != NATS_NOT_FOUND)
        return s;
    jsConsumerConfig cc;
    jsConsumerConfig_Init(&cc);
    cc.Durable = QUEUE_CONSUMER;
    cc.AckPolicy = js_AckExplicit;
    cc.AckWait = w->ack_wait_s * 1000000000LL;
    /* Unlimited on the server: the worker dead-letters a message itself, also one whose
     * worker died on it every time. */
    cc.MaxDeliver = -1;
    cc.MaxAckPending = 20000;
    *jerr = 0;
    s = js_AddConsumer(&ci, w->q.js, w->q.stream, &cc, NULL, jerr);
    jsConsumerInfo_Destroy(ci);
    /* Made by another worker meanwhile. */
    if (s != NATS_OK && *jerr == JSConsumerNameExistErr)
        s = NATS_OK;
    return s;
}

/* Binds t to the workers' durable pull consumer. */
static int subscribe(struct thread *t)
{
    struct worker *w = t->w;
    for (int wait = 100; !worker_stop; wait = backoff_next(wait)) {
        jsErrCode jerr = 0;
        natsStatus s;
        pthread_mutex_lock(&w->mu);
        s = ensure_consumer(w, &jerr);
        pthread_mutex_unlock(&w->mu);
        if (s == NATS_OK) {
            jsSubOptions so;
            jsSubOptions_Init(&so);
            so.Stream = w->q.stream;
            so.Consumer = QUEUE_CONSUMER;
            s = js_PullSubscribe(&t->sub, w->q.js, w->q.subject, QUEUE_CONSUMER, NULL, &so,
                                 &jerr);
        }
        if (s == NATS_OK)
            return 0;
        char why[512];
        cli_err("worker", "subscribing to %s: %s; retrying", w->q.subject,
                queue_err(s, jerr, why, sizeof why));
        queue_sleep(wait, &worker_stop);
    }
    return -1;
}

static int keep_figure(void *ud, const rasd_doc *d, const rasd_figure *f)
{
    (void)d;
    struct item *it = ud;
    if (it->nfigs == it->cap) {
        size_t nc = it->cap ? 2 * it->cap : 16;
        rasd_figure *p = realloc(it->figs, nc * sizeof *p);
        if (!p)
            return RASD_ENOMEM;
        it->figs = p;
        it->cap = nc;
    }
    it->figs[it->nfigs++] = *f;
    return 0;
}

/* Reads the message's article and extracts its figures (outside any transaction). */
static void prepare(struct thread *t, struct item *it)
{
    const char *data = natsMsg_GetData(it->msg);
    int len = natsMsg_GetDataLength(it->msg);
    int rc = rasd_reader_open_mem("message", data ? data : "", (size_t)(len > 0 ? len : 0),
                                  RASD_INPUT_JSONL, NULL, &it->r);
    if (rc == RASD_OK)
        rc = rasd_reader_next(it->r, &it->doc);
    if (rc != 1) {
        const char *name, *detail = NULL;
        long line;
        if (it->r)
            rasd_reader_where(it->r, &name, &line, &detail);
        snprintf(it->err, sizeof it->err, "%s%s%s", rc == 0 ? "no article in the message"
                 : rasd_strerror(rc), detail && *detail ? ": " : "", detail ? detail : "");
        it->doc = NULL;
        return;
    }
    if ((rc = rasd_extract(t->x, it->doc, keep_figure, it)) != RASD_OK)
        snprintf(it->err, sizeof it->err, "extracting: %s", rasd_strerror(rc));
}

static void item_free(struct item *it)
{
    rasd_reader_free(it->r);
    free(it->figs);
}

/* A message that failed: delivered again later, or, after max_deliver deliveries, put on
 * the dead-letter subject with its error (and then acknowledged: it is kept there). */
static void fail(struct thread *t, natsMsg *m, const char *err)
{
    struct worker *w = t->w;
    jsMsgMetaData *meta = NULL;
    uint64_t n = natsMsg_GetMetaData(&meta, m) == NATS_OK ? meta->NumDelivered : 0;
    uint64_t seq = meta ? meta->Sequence.Stream : 0;
    jsMsgMetaData_Destroy(meta);
    if (n < (uint64_t)w->max_deliver) {
        natsMsg_NakWithDelay(m, (int64_t)(200 * n), NULL);
        count(w, &w->retried, 1);
        return;
    }
    natsMsg *d = NULL;
    jsPubAck *ack = NULL;
    jsErrCode jerr = 0;
    char num[32], why[512];
    natsStatus s = natsMsg_Create(&d, w->q.dead_subject, NULL, natsMsg_GetData(m),
                                  natsMsg_GetDataLength(m));
    if (s == NATS_OK)
        s = natsMsgHeader_Set(d, "Rasd-Error", err);
    snprintf(num, sizeof num, "%llu", (unsigned long long)n);
    if (s == NATS_OK)
        s = natsMsgHeader_Set(d, "Rasd-Deliveries", num);
    snprintf(num, sizeof num, "%llu", (unsigned long long)seq);
    if (s == NATS_OK)
        s = natsMsgHeader_Set(d, "Rasd-Stream-Seq", num);
    if (s == NATS_OK)
        s = js_PublishMsg(&ack, w->q.js, d, NULL, &jerr);
    if (s == NATS_OK) {
        natsMsg_Ack(m, NULL);
        count(w, &w->dead, 1);
        cli_err("worker", "message %llu: %s; put on %s after %llu deliveries",
                (unsigned long long)seq, err, w->q.dead_subject, (unsigned long long)n);
    } else {
        /* Not kept anywhere yet: it stays on the queue, to be tried again. */
        natsMsg_Nak(m, NULL);
        cli_err("worker", "message %llu: putting it on %s: %s", (unsigned long long)seq,
                w->q.dead_subject, queue_err(s, jerr, why, sizeof why));
    }
    jsPubAck_Destroy(ack);
    natsMsg_Destroy(d);
}

static void tally(struct worker *w, int outcome)
{
    pthread_mutex_lock(&w->mu);
    w->stored++;
    if (outcome == RASD_PUT_NEW)
        w->fresh++;
    else if (outcome == RASD_PUT_REPLACED)
        w->replaced++;
    else
        w->same++;
    pthread_mutex_unlock(&w->mu);
}

/* Writes the batch in one transaction; acknowledges after the commit.  A store that failed
 * as a whole (the commit, or the connection) leaves every message to be delivered again,
 * and is reopened. */
static void write_batch(struct thread *t, struct item *it, int n)
{
    int outcome[64], put_failed = 0;
    for (int i = 0; i < n; i++) {
        if (it[i].err[0])
            continue;
        int rc = rasd_store_put_figures(t->store, it[i].doc, it[i].figs, it[i].nfigs,
                                        &outcome[i]);
        if (rc != RASD_OK) {
            snprintf(it[i].err, sizeof it[i].err, "storing %s: %s: %s", it[i].doc->id,
                     rasd_strerror(rc), rasd_store_detail(t->store));
            put_failed = 1;
        }
    }
    int rc = rasd_store_commit(t->store);
    /* A put that failed because the store is gone (a lost connection) is the store's
     * failure, not the message's: it must not count towards the dead-letter subject. */
    int64_t count;
    if (rc == RASD_OK && put_failed && rasd_store_count(t->store, &count) != RASD_OK)
        rc = RASD_EDB;
    if (rc != RASD_OK) {
        cli_err("worker", "%s: commit: %s: %s; reconnecting", t->w->db, rasd_strerror(rc),
                rasd_store_detail(t->store));
        for (int i = 0; i < n; i++)
            natsMsg_Nak(it[i].msg, NULL);
        store_connect(t);
        return;
    }
    for (int i = 0; i < n; i++) {
        if (it[i].err[0]) {
            fail(t, it[i].msg, it[i].err);
            continue;
        }
        natsMsg_Ack(it[i].msg, NULL);
        tally(t->w, outcome[i]);
        t->behind = 1;
    }
}

/* Brings the stories and the passage index up to date with what is stored (by any
 * worker: the update is incremental, from what the store says it covers, and runs under
 * the store's write lock).  A failure is said and left to the next update. */
static void refresh(struct thread *t)
{
    int rc = rasd_store_refresh(t->store);
    if (rc != RASD_OK)
        cli_err("worker", "%s: updating stories: %s: %s (the next update catches up)",
                t->w->db, rasd_strerror(rc), rasd_store_detail(t->store));
    t->refreshed = time(NULL);
    t->behind = rc != RASD_OK;
}

static void handle(struct thread *t, natsMsgList *list)
{
    struct item it[64];
    int n = list->Count < 64 ? list->Count : 64;
    memset(it, 0, sizeof it);
    for (int i = 0; i < n; i++) {
        it[i].msg = list->Msgs[i];
        jsMsgMetaData *meta = NULL;
        if (natsMsg_GetMetaData(&meta, it[i].msg) == NATS_OK &&
            meta->NumDelivered > (uint64_t)t->w->max_deliver)
            snprintf(it[i].err, sizeof it[i].err, "delivered %llu times without an outcome "
                     "(its worker stopped each time)", (unsigned long long)meta->NumDelivered);
        jsMsgMetaData_Destroy(meta);
        if (!it[i].err[0])
            prepare(t, &it[i]);
    }
    write_batch(t, it, n);
    for (int i = 0; i < n; i++)
        item_free(&it[i]);
}

static void *thread_main(void *arg)
{
    struct thread *t = arg;
    struct worker *w = t->w;
    int rc = rasd_extractor_create(&t->x);
    if (rc != RASD_OK) {
        cli_err("worker", "loading the extractor: %s", rasd_strerror(rc));
        pthread_mutex_lock(&w->mu);
        w->failed = 1;
        pthread_mutex_unlock(&w->mu);
        worker_stop = 1;
        return NULL;
    }
    if (store_connect(t) != 0 || subscribe(t) != 0)
        goto out;
    for (int wait = 100; !worker_stop;) {
        natsMsgList list = {0};
        jsErrCode jerr = 0;
        natsStatus s = natsSubscription_Fetch(&list, t->sub, w->batch, WORKER_FETCH_MS, &jerr);
        if (s == NATS_TIMEOUT) {
            /* Idle: a good time to catch the stories up. */
            if (t->behind)
                refresh(t);
            continue;
        }
        if (s != NATS_OK) {
            char why[512];
            cli_err("worker", "fetching: %s; retrying", queue_err(s, jerr, why, sizeof why));
            queue_sleep(wait, &worker_stop);
            wait = backoff_next(wait);
            continue;
        }
        wait = 100;
        pthread_mutex_lock(&w->mu);
        w->last_msg = time(NULL);
        pthread_mutex_unlock(&w->mu);
        handle(t, &list);
        natsMsgList_Destroy(&list);
        if (t->behind && time(NULL) - t->refreshed >= w->refresh)
            refresh(t);
    }
    if (t->behind && t->store)
        refresh(t);
out:
    natsSubscription_Destroy(t->sub);
    rasd_store_free(t->store);
    rasd_extractor_free(t->x);
    return NULL;
}

/* The queue's lag: messages not yet delivered, and delivered but not acknowledged. */
static int lag(struct worker *w, int64_t *pending, int64_t *in_flight)
{
    jsConsumerInfo *ci = NULL;
    jsErrCode jerr = 0;
    if (js_GetConsumerInfo(&ci, w->q.js, w->q.stream, QUEUE_CONSUMER, NULL, &jerr) != NATS_OK)
        return -1;
    *pending = (int64_t)ci->NumPending;
    *in_flight = ci->NumAckPending;
    jsConsumerInfo_Destroy(ci);
    return 0;
}

static void report(struct worker *w, double elapsed, int final)
{
    int64_t pending = -1, in_flight = -1;
    int have = lag(w, &pending, &in_flight) == 0;
    pthread_mutex_lock(&w->mu);
    fprintf(stderr, "rasd worker: %s%zu stored (%zu new, %zu replaced, %zu unchanged), "
            "%zu retried, %zu dead-lettered, %.0f/s",
            final ? "done: " : "", w->stored, w->fresh, w->replaced, w->same, w->retried,
            w->dead, elapsed > 0 ? (double)w->stored / elapsed : 0.0);
    pthread_mutex_unlock(&w->mu);
    if (have)
        fprintf(stderr, "; queue: %lld pending, %lld in flight", (long long)pending,
                (long long)in_flight);
    fputc('\n', stderr);
}

/* The main thread's watch: progress, and the idle exit. */
static void watch(struct worker *w)
{
    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    time_t last_report = time(NULL);
    while (!worker_stop) {
        queue_sleep(250, &worker_stop);
        clock_gettime(CLOCK_MONOTONIC, &now);
        double el = (double)(now.tv_sec - t0.tv_sec) + (double)(now.tv_nsec - t0.tv_nsec) / 1e9;
        time_t tnow = time(NULL);
        if (w->progress && tnow - last_report >= w->progress) {
            report(w, el, 0);
            last_report = tnow;
        }
        if (w->idle_exit) {
            pthread_mutex_lock(&w->mu);
            int idle = tnow - w->last_msg >= w->idle_exit;
            pthread_mutex_unlock(&w->mu);
            int64_t pending, in_flight;
            if (idle && lag(w, &pending, &in_flight) == 0 && pending == 0 && in_flight == 0)
                worker_stop = 1;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &now);
    report(w, (double)(now.tv_sec - t0.tv_sec) + (double)(now.tv_nsec - t0.tv_nsec) / 1e9, 1);
}

static int int_opt(struct cli_args *a, int argc, char **argv, int *i, int lo, int hi, int *out)
{
    const char *v = cli_args_value(a, argc, argv, i);
    if (!v)
        return -1;
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || !*v || n < lo || n > hi) {
        cli_args_bad(a, 0, "%s must be a number from %d to %d", argv[*i - 1], lo, hi);
        return -1;
    }
    *out = (int)n;
    return 0;
}

static int parse(struct worker *w, struct cli_args *a, int argc, char **argv,
                 const char **stream)
{
    int ack_wait = 30;
    for (int i = 1; i < argc && a->end < 0; i++) {
        const char *arg = argv[i];
        if (cli_args_take(a, argc, argv, &i))
            continue;
        if (!strcmp(arg, "--nats"))
            w->url = cli_args_value(a, argc, argv, &i);
        else if (!strcmp(arg, "--stream")) {
            if ((*stream = cli_args_value(a, argc, argv, &i)) && !queue_name_ok(*stream))
                cli_args_bad(a, 0, "--stream must be 1 to %d letters, digits, - or _",
                             QUEUE_NAME_MAX);
        } else if (!strcmp(arg, "--concurrency"))
            int_opt(a, argc, argv, &i, 1, WORKER_MAX_THREADS, &w->threads);
        else if (!strcmp(arg, "--batch"))
            int_opt(a, argc, argv, &i, 1, 64, &w->batch);
        else if (!strcmp(arg, "--ack-wait"))
            int_opt(a, argc, argv, &i, 1, 86400, &ack_wait);
        else if (!strcmp(arg, "--max-deliver"))
            int_opt(a, argc, argv, &i, 1, 1000, &w->max_deliver);
        else if (!strcmp(arg, "--idle-exit"))
            int_opt(a, argc, argv, &i, 1, 86400, &w->idle_exit);
        else if (!strcmp(arg, "--refresh"))
            int_opt(a, argc, argv, &i, 0, 86400, &w->refresh);
        else if (!strcmp(arg, "--progress"))
            int_opt(a, argc, argv, &i, 0, 86400, &w->progress);
        else
            cli_args_bad(a, 1, "unknown option '%s'", arg);
    }
    w->ack_wait_s = ack_wait;
    if (a->end < 0 && !w->url)
        cli_args_bad(a, 1, "--nats URL is required");
    return a->end;
}

int cmd_worker(int argc, char **argv)
{
    struct worker w = {.threads = 1, .batch = 16, .max_deliver = 5, .progress = 5,
                       .refresh = 30};
    struct cli_args a = cli_args_init("worker", worker_usage, NULL, NULL);
    const char *stream = QUEUE_DEFAULT_STREAM;
    if (parse(&w, &a, argc, argv, &stream) >= 0)
        return a.end;
    w.db = a.db;
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    pthread_mutex_init(&w.mu, NULL);
    w.last_msg = time(NULL);
    struct thread t[WORKER_MAX_THREADS];
    int started = 0, status = EXIT_OK;
    if (queue_open(&w.q, "worker", w.url, stream, &worker_stop, 0) != 0) {
        status = worker_stop ? EXIT_OK : EXIT_INPUT;
        goto out;
    }
    for (; started < w.threads; started++) {
        t[started] = (struct thread){.w = &w, .no = started};
        if (pthread_create(&t[started].tid, NULL, thread_main, &t[started]) != 0) {
            cli_err("worker", "cannot start thread %d", started + 1);
            worker_stop = 1;
            w.failed = 1;
            break;
        }
    }
    watch(&w);
    for (int i = 0; i < started; i++)
        pthread_join(t[i].tid, NULL);
    if (w.failed)
        status = EXIT_INPUT;
out:
    queue_close(&w.q);
    pthread_mutex_destroy(&w.mu);
    return status;
}
