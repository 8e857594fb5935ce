/* rasd publish: puts articles on the NATS JetStream work queue of `rasd worker`. */
#include "cli/cli.h"
#include "cli/input_opts.h"
#include "cli/queue.h"
#include "store/store.h"
#include "rasd.h"
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char publish_usage[] =
    "usage: rasd publish --nats URL [--stream NAME] [--input auto|text|html|jsonl]\n"
    "                    [--outlet NAME] [--published DATE] [--id ID] [--max-bytes N]\n"
    "                    [--replace] [--] [FILE|-]...\n"
    "Puts each article (text, HTML or JSON Lines; standard input when no FILE) on the\n"
    "work-queue stream NAME (default RASD, subject rasd.articles, made when missing) of the\n"
    "NATS server at URL, one JSON object per message, for `rasd worker` to store.  Each\n"
    "message's Nats-Msg-Id is the article's content hash and id, so the server drops an\n"
    "article published again unchanged within 10 minutes.  A plain-text or HTML article is\n"
    "sent as its text (its title is its first line there).  Prints the counts on stderr.\n";

struct publish {
    struct queue q;
    struct input_opts in;
    struct buf msg;
    size_t sent, dup, failed;
};

/* The article as the JSON Lines reader reads it back. */
static void doc_json(struct buf *b, const rasd_doc *d)
{
    buf_reset(b);
    buf_adds(b, "{\"id\":");
    buf_json_strz(b, d->id);
    const char *keys[] = {"outlet", "url", "published"};
    const char *vals[] = {d->outlet, d->url, d->published};
    for (int i = 0; i < 3; i++)
        if (vals[i]) {
            buf_printf(b, ",\"%s\":", keys[i]);
            buf_json_strz(b, vals[i]);
        }
    if (d->title && !d->title_in_text) {
        buf_adds(b, ",\"title\":");
        buf_json_str(b, d->title, d->title_len);
    }
    buf_adds(b, ",\"text\":");
    buf_json_str(b, d->text ? d->text : "", d->text ? d->text_len : 0);
    buf_addc(b, '}');
}

/* The message id: the content hash (as the store keeps it), then a hash of the id, so
 * that two articles of one text under two ids are both kept. */
static void msg_id(const rasd_doc *d, char out[34])
{
    char hash[17];
    store_hash(d, hash);
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const char *p = d->id; *p; p++) {
        h ^= (unsigned char)*p;
        h *= 0x100000001b3ULL;
    }
    snprintf(out, 34, "%s-%016" PRIx64, hash, h);
}

static int publish_doc(void *ctx, const rasd_reader *r, const rasd_doc *d)
{
    (void)r;
    struct publish *p = ctx;
    char id[34], why[512];
    doc_json(&p->msg, d);
    if (p->msg.oom) {
        cli_err("publish", "%s: %s", d->id, rasd_strerror(RASD_ENOMEM));
        return 1;
    }
    msg_id(d, id);
    natsMsg *m = NULL;
    jsPubAck *ack = NULL;
    jsErrCode jerr = 0;
    natsStatus s = natsMsg_Create(&m, p->q.subject, NULL, p->msg.p, (int)p->msg.len);
    if (s == NATS_OK)
        s = natsMsgHeader_Set(m, "Nats-Msg-Id", id);
    if (s == NATS_OK)
        s = js_PublishMsg(&ack, p->q.js, m, NULL, &jerr);
    if (s == NATS_OK) {
        p->sent++;
        p->dup += ack->Duplicate;
    } else {
        p->failed++;
        cli_err("publish", "%s: %s", d->id, queue_err(s, jerr, why, sizeof why));
    }
    jsPubAck_Destroy(ack);
    natsMsg_Destroy(m);
    /* A server that stopped answering stops the run; one refused message does not. */
    return s == NATS_CONNECTION_CLOSED || s == NATS_NO_SERVER;
}

int cmd_publish(int argc, char **argv)
{
    struct publish p = {.in = INPUT_OPTS_INIT};
    struct cli_args a = cli_args_init("publish", publish_usage, NULL, NULL);
    const char *url = NULL, *stream = QUEUE_DEFAULT_STREAM;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0, status = EXIT_OK;
    if (!files) {
        cli_err("publish", "%s", rasd_strerror(RASD_ENOMEM));
        return EXIT_INPUT;
    }
    for (int i = 1; i < argc && a.end < 0; i++) {
        const char *arg = argv[i];
        int got = input_opts_parse(&p.in, "publish", argc, argv, &i);
        if (got < 0)
            a.end = EXIT_USAGE;
        while (got == INPUT_OPTS_END && ++i < argc)
            files[nfiles++] = argv[i];
        if (got)
            continue;
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            cli_args_take(&a, argc, argv, &i);
        } else if (!strcmp(arg, "--nats")) {
            url = cli_args_value(&a, argc, argv, &i);
        } else if (!strcmp(arg, "--stream")) {
            if ((stream = cli_args_value(&a, argc, argv, &i)) && !queue_name_ok(stream))
                cli_args_bad(&a, 0, "--stream must be 1 to %d letters, digits, - or _",
                             QUEUE_NAME_MAX);
        } else if (arg[0] == '-' && arg[1]) {
            cli_args_bad(&a, 1, "unknown option '%s'", arg);
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (a.end < 0 && !url)
        cli_args_bad(&a, 1, "--nats URL is required");
    if (a.end >= 0) {
        free(files);
        return a.end;
    }
    if (!nfiles)
        files[nfiles++] = "-";
    buf_init(&p.msg);
    if (queue_open(&p.q, "publish", url, stream, NULL, 30) != 0) {
        status = EXIT_INPUT;
        goto out;
    }
    for (int i = 0; i < nfiles; i++) {
        int s = input_each_doc("publish", &p.in, files[i], publish_doc, &p, NULL);
        if (s > status)
            status = s;
    }
    if (p.failed)
        status = EXIT_INPUT;
    fprintf(stderr, "rasd publish: %zu articles published to %s (%zu duplicates dropped by "
            "the server), %zu failed\n", p.sent, p.q.stream, p.dup, p.failed);
out:
    queue_close(&p.q);
    buf_free(&p.msg);
    free(files);
    return status;
}
