/* The NATS JetStream work queue: connection, streams, backoff. */
#include "cli/queue.h"
#include "cli/cli.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define QUEUE_BACKOFF_MIN_MS 100
#define QUEUE_BACKOFF_MAX_MS 5000

int queue_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (!n || n > QUEUE_NAME_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)name[i]) && name[i] != '-' && name[i] != '_')
            return 0;
    return 1;
}

void queue_sleep(int ms, volatile sig_atomic_t *stop)
{
    for (int slept = 0; slept < ms && !(stop && *stop); slept += 50) {
        struct timespec ts = {0, 50 * 1000000L};
        nanosleep(&ts, NULL);
    }
}

const char *queue_err(natsStatus s, jsErrCode jerr, char *buf, size_t cap)
{
    const char *last = nats_GetLastError(NULL);
    if (jerr)
        snprintf(buf, cap, "%s (JetStream error %d)%s%s", natsStatus_GetText(s), (int)jerr,
                 last && *last ? ": " : "", last ? last : "");
    else
        snprintf(buf, cap, "%s%s%s", natsStatus_GetText(s), last && *last ? ": " : "",
                 last ? last : "");
    return buf;
}

static void on_disconnect(natsConnection *nc, void *closure)
{
    (void)nc;
    struct queue *q = closure;
    if (!q->closing)
        cli_err(q->cmd, "NATS connection lost; reconnecting");
}

static void on_reconnect(natsConnection *nc, void *closure)
{
    (void)nc;
    struct queue *q = closure;
    cli_err(q->cmd, "NATS connection back");
}

static void names_of(struct queue *q, const char *stream)
{
    char lower[QUEUE_NAME_MAX + 1];
    int n = (int)strnlen(stream, QUEUE_NAME_MAX);
    for (int i = 0; i < n; i++)
        lower[i] = (char)tolower((unsigned char)stream[i]);
    snprintf(q->stream, sizeof q->stream, "%.*s", n, stream);
    snprintf(q->dead_stream, sizeof q->dead_stream, "%.*s_DEAD", n, stream);
    snprintf(q->subject, sizeof q->subject, "%.*s.articles", n, lower);
    snprintf(q->dead_subject, sizeof q->dead_subject, "%.*s.dead", n, lower);
}

/* Makes sure stream `name` on `subject` exists (work_queue: a work-queue stream). */
static natsStatus ensure_stream(struct queue *q, const char *name, const char *subject,
                                int work_queue, jsErrCode *jerr)
{
    jsStreamInfo *si = NULL;
    natsStatus s = js_GetStreamInfo(&si, q->js, name, NULL, jerr);
    if (s == NATS_OK) {
        jsStreamInfo_Destroy(si);
        return NATS_OK;
    }
    if (s != NATS_NOT_FOUND)
        return s;
    jsStreamConfig cfg;
    jsStreamConfig_Init(&cfg);
    const char *subjects[] = {subject};
    cfg.Name = name;
    cfg.Subjects = subjects;
    cfg.SubjectsLen = 1;
    cfg.Storage = js_FileStorage;
    cfg.Retention = work_queue ? js_WorkQueuePolicy : js_LimitsPolicy;
    cfg.Duplicates = (int64_t)QUEUE_DUP_WINDOW_S * 1000000000LL;
    *jerr = 0;
    s = js_AddStream(&si, q->js, &cfg, NULL, jerr);
    jsStreamInfo_Destroy(si);
    /* Another process created it meanwhile. */
    if (s != NATS_OK && *jerr == JSStreamNameExistErr)
        s = NATS_OK;
    return s;
}

static natsStatus connect_once(struct queue *q, const char *url, jsErrCode *jerr)
{
    natsOptions *o = NULL;
    q->closing = 0;
    natsStatus s = natsOptions_Create(&o);
    if (s == NATS_OK)
        s = natsOptions_SetURL(o, url);
    if (s == NATS_OK)
        s = natsOptions_SetMaxReconnect(o, -1);
    if (s == NATS_OK)
        s = natsOptions_SetReconnectWait(o, 250);
    if (s == NATS_OK)
        s = natsOptions_SetTimeout(o, 2000);
    if (s == NATS_OK)
        s = natsOptions_SetDisconnectedCB(o, on_disconnect, q);
    if (s == NATS_OK)
        s = natsOptions_SetReconnectedCB(o, on_reconnect, q);
    if (s == NATS_OK)
        s = natsConnection_Connect(&q->nc, o);
    natsOptions_Destroy(o);
    if (s == NATS_OK)
        s = natsConnection_JetStream(&q->js, q->nc, NULL);
    if (s == NATS_OK)
        s = ensure_stream(q, q->stream, q->subject, 1, jerr);
    if (s == NATS_OK)
        s = ensure_stream(q, q->dead_stream, q->dead_subject, 0, jerr);
    if (s != NATS_OK)
        queue_close(q);
    return s;
}

int queue_open(struct queue *q, const char *cmd, const char *url, const char *stream,
               volatile sig_atomic_t *stop, int patience_s)
{
    memset(q, 0, sizeof *q);
    q->cmd = cmd;
    names_of(q, stream);
    time_t t0 = time(NULL);
    for (int wait = QUEUE_BACKOFF_MIN_MS;; wait = wait * 2 > QUEUE_BACKOFF_MAX_MS
                                                      ? QUEUE_BACKOFF_MAX_MS : wait * 2) {
        jsErrCode jerr = 0;
        natsStatus s = connect_once(q, url, &jerr);
        if (s == NATS_OK)
            return 0;
        char why[512];
        int give_up = (stop && *stop) || (patience_s && time(NULL) - t0 >= patience_s);
        cli_err(cmd, "%s: %s%s", url, queue_err(s, jerr, why, sizeof why),
                give_up ? "" : "; retrying");
        if (give_up)
            return -1;
        queue_sleep(wait, stop);
    }
}

void queue_close(struct queue *q)
{
    if (q->js)
        jsCtx_Destroy(q->js);
    q->closing = 1;
    if (q->nc) {
        natsConnection_FlushTimeout(q->nc, 2000);
        natsConnection_Destroy(q->nc);
    }
    q->js = NULL;
    q->nc = NULL;
}
