/* The NATS JetStream work queue of `rasd publish` and `rasd worker`: the connection (with
 * reconnects logged and retried with backoff), the streams and their subjects.
 *
 * A queue NAME (default RASD) is two streams: NAME, a work-queue stream on subject
 * `name.articles` (NAME lower-cased) holding one article per message as a JSON object,
 * with Nats-Msg-Id set so that the server drops a duplicate published within
 * QUEUE_DUP_WINDOW_S; and NAME_DEAD on `name.dead`, which keeps the messages that failed
 * QUEUE_MAX_DELIVER times, each with its error in the header Rasd-Error. */
#ifndef RASD_CLI_QUEUE_H
#define RASD_CLI_QUEUE_H
#include <nats/nats.h>
#include <signal.h>

#define QUEUE_DEFAULT_STREAM "RASD"
#define QUEUE_CONSUMER "rasd-workers"
#define QUEUE_DUP_WINDOW_S 600
#define QUEUE_NAME_MAX 32

struct queue {
    const char *cmd;                 /* the command, in messages */
    natsConnection *nc;
    jsCtx *js;
    volatile int closing;            /* set by queue_close: a disconnect is ours */
    char stream[QUEUE_NAME_MAX + 1], dead_stream[QUEUE_NAME_MAX + 8];
    char subject[QUEUE_NAME_MAX + 16], dead_subject[QUEUE_NAME_MAX + 16];
};

/* Whether name is a usable stream name: 1 to QUEUE_NAME_MAX letters, digits, '-', '_'. */
int queue_name_ok(const char *name);

/* Connects q to the server at url and makes sure both streams exist, retrying with
 * backoff (each failure logged on stderr) until it works, *stop becomes non-zero, or
 * `patience_s` seconds have passed (0: no limit).  Returns 0, or -1 after saying why. */
int queue_open(struct queue *q, const char *cmd, const char *url, const char *stream,
               volatile sig_atomic_t *stop, int patience_s);

/* Closes q's connection (flushing what was published); a q never opened is a no-op. */
void queue_close(struct queue *q);

/* Sleeps ms milliseconds, or less when *stop becomes non-zero. */
void queue_sleep(int ms, volatile sig_atomic_t *stop);

/* The text of status s, with the JetStream error code when there is one. */
const char *queue_err(natsStatus s, jsErrCode jerr, char *buf, size_t cap);

#endif
