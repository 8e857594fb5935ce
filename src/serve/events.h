/* The event stream of /api/events: one thread polls the store's sequence number and, when
 * it moves, turns what arrived into events (new articles, new stories, changed
 * estimates) kept in a short log; each stream sends the events after the ones it sent
 * and, with nothing to send, is suspended until the next event or ping. */
#ifndef RASD_SERVE_EVENTS_H
#define RASD_SERVE_EVENTS_H
#include <microhttpd.h>

struct ev_hub;

#define EV_POLL_MS 500   /* how often the store is looked at */
#define EV_PING_S 15     /* a comment line after this long without an event */
#define EV_LOG 512       /* events kept for streams that are behind */
#define EV_PENDING_S 3   /* how long new articles wait for their writer to store stories */

/* Starts the polling thread over the store db into *out.  Returns RASD_OK or
 * RASD_ENOMEM (or RASD_ELIB when the thread cannot start). */
int ev_hub_create(const char *db, struct ev_hub **out);

/* Ends every stream and resumes the suspended ones, so that the daemon can stop. */
void ev_hub_stop(struct ev_hub *h);

/* Stops the thread and releases h (after the daemon has stopped); NULL is a no-op. */
void ev_hub_free(struct ev_hub *h);

/* A response that streams h's events to connection c from now on, or NULL (out of
 * memory). */
struct MHD_Response *ev_response(struct ev_hub *h, struct MHD_Connection *c);

#endif
