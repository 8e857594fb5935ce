/* Out of memory, as SQLite's malloc tests do it: each scenario (a sequence of public
 * calls) is run with the Nth allocation failing, for N = 1, 2, 3, ... until a run
 * completes with no failure injected.  Every call must then return a status its contract
 * names, leave no half-built handle behind, leak nothing, and when it returns RASD_OK
 * after an allocation failed under it, give the same output as a run without failures
 * (a swallowed failure must not quietly change an answer).
 *
 * The library has no allocator hook: this program interposes malloc, calloc, realloc and
 * free over glibc's (__libc_malloc...), so the allocations sqlite3, jansson, libxml2,
 * utf8proc and glibc itself (strdup, strndup, open_memstream call malloc through the
 * interposed symbol) make inside rasd's calls fail too, as in a real out-of-memory.  None
 * of those libraries calls posix_memalign, aligned_alloc or memalign, so those are not
 * interposed.  Under AddressSanitizer, which owns malloc, the tests are skipped.
 *
 * What is not failed or not compared, each for a reason given where it is done: the
 * libraries' one-time set-up (a warm-up run precedes each scenario), libxml2's own
 * allocations with a libxml2 older than 2.12, and the text of search snippets.  The
 * scenarios of thousands of allocations step N by a stride (RASD_ALLOC_STRIDE=1 runs
 * every N; it takes minutes). */
#define _GNU_SOURCE /* dladdr */
#include "common/harness.h"
#include "rasd.h"
#include <dlfcn.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define NO_INTERPOSE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_INTERPOSE 1
#endif
#endif

#ifndef NO_INTERPOSE

/* ------------------------------------------------------------------ the allocator */

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

/* Armed: allocations of the arming thread are counted and the fail_at-th one fails. */
static int armed;
static pthread_t arm_thread;
static long calls, fail_at;
static int injected;

/* Blocks allocated while armed and not freed yet: open addressing, linear probing,
 * deletion by backward shift, so that no allocation is needed to keep it. */
#define LIVE_BITS 18
#define LIVE_CAP (1u << LIVE_BITS)
struct live {
    void *p;
    long seq;           /* which allocation of the run made it */
    size_t size;
    const void *caller; /* the code that called the allocator */
};
static struct live live[LIVE_CAP];
static size_t nlive;
static int live_full;

static size_t slot_of(const void *p)
{
    return (size_t)(((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ull >> (64 - LIVE_BITS));
}

/* To find where a reported block comes from: RASD_ALLOC_TRAP="N SEQ" stops (SIGTRAP,
 * for a debugger) at allocation SEQ of the run where allocation N fails. */
static long trap_n = -1, trap_seq = -1;

static void track(void *p, size_t size, const void *caller)
{
    if (nlive + 1 >= LIVE_CAP) {
        live_full = 1;
        return;
    }
    size_t i = slot_of(p);
    while (live[i].p)
        i = (i + 1) & (LIVE_CAP - 1);
    live[i] = (struct live){p, calls, size, caller};
    nlive++;
}

/* Removes p; returns 1 when it was tracked. */
static int untrack(const void *p)
{
    if (!p || !nlive)
        return 0;
    size_t i = slot_of(p);
    while (live[i].p && live[i].p != p)
        i = (i + 1) & (LIVE_CAP - 1);
    if (!live[i].p)
        return 0;
    live[i].p = NULL;
    nlive--;
    /* Move up each later entry of the run that the hole would hide from its slot. */
    for (size_t j = (i + 1) & (LIVE_CAP - 1); live[j].p; j = (j + 1) & (LIVE_CAP - 1)) {
        size_t k = slot_of(live[j].p);
        if ((j > i && (k <= i || k > j)) || (j < i && k <= i && k > j)) {
            live[i] = live[j];
            live[j].p = NULL;
            i = j;
        }
    }
    return 1;
}

static int mine(void)
{
    return armed && pthread_equal(pthread_self(), arm_thread);
}

/* Where the failed allocation was called from. */
static const void *fail_caller;

/* libxml2 before 2.12 does not survive its own allocations failing while it reads a page:
 * it crashes in htmlParseDocument, or loops forever (htmlParseStartTag skips a bad
 * attribute with xmlNextChar, which stops moving once the failure has put the parser in
 * its end state).  With such a libxml2, allocations called from its code are not counted
 * and do not fail, except the lib_fail_at-th of them when that is set (its first ones,
 * the parser's set-up, fail cleanly).  rasd's own allocations on the HTML path still do. */
static uintptr_t xml_lo, xml_hi;
static long lib_calls, lib_fail_at;

static int spared(const void *caller)
{
    return (uintptr_t)caller >= xml_lo && (uintptr_t)caller < xml_hi;
}

/* Counts one allocation; 1 when it is the one to fail. */
static int fail_now(const void *caller)
{
    if (!mine())
        return 0;
    if (spared(caller)) {
        if (++lib_calls != lib_fail_at)
            return 0;
        injected = 1;
        fail_caller = caller;
        return 1;
    }
    if (++calls == trap_seq && fail_at == trap_n)
        raise(SIGTRAP);
    if (calls == fail_at) {
        injected = 1;
        fail_caller = caller;
        return 1;
    }
    return 0;
}

#define CALLER __builtin_return_address(0)

void *malloc(size_t n)
{
    if (fail_now(CALLER))
        return NULL;
    void *p = __libc_malloc(n);
    if (p && mine())
        track(p, n, CALLER);
    return p;
}

void *calloc(size_t n, size_t size)
{
    if (fail_now(CALLER))
        return NULL;
    void *p = __libc_calloc(n, size);
    if (p && mine())
        track(p, n * size, CALLER);
    return p;
}

/* A block allocated before the run and grown during it (a handle's scratch buffer) still
 * belongs to its owner, so only blocks that were new, or tracked, are tracked. */
void *realloc(void *p, size_t n)
{
    if (p && n == 0) { /* glibc frees the block */
        if (mine())
            untrack(p);
        return __libc_realloc(p, n);
    }
    if (fail_now(CALLER))
        return NULL;
    if (!mine())
        return __libc_realloc(p, n);
    int owned = !p || untrack(p);
    void *q = __libc_realloc(p, n);
    if (owned && (q || p))
        track(q ? q : p, n, CALLER);
    return q;
}

void free(void *p)
{
    if (p && mine())
        untrack(p);
    __libc_free(p);
}

/* ------------------------------------------------------------------ the driver */

/* A scenario's output, compared with that of the run without failures.  Static: the
 * scenario must not allocate for the test's own bookkeeping. */
#define OUT_CAP (1u << 20)
static char out[OUT_CAP], ref[OUT_CAP];
static size_t out_len, ref_len;

static void emit(const char *p, size_t n)
{
    if (n > OUT_CAP - out_len)
        n = OUT_CAP - out_len;
    memcpy(out + out_len, p, n);
    out_len += n;
}

static void emits(const char *s)
{
    emit(s, s ? strlen(s) : 0);
    emit("\n", 1);
}

/* The first problem a run found; reported once the allocator is disarmed. */
static char problem[512];

static void found(const char *fmt, ...)
{
    if (problem[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(problem, sizeof problem, fmt, ap);
    va_end(ap);
}

/* Checks status st of call `what` against the statuses it may return, a list ending in
 * RASD_OK.  Returns st. */
static int allowed(const char *what, int st, ...)
{
    va_list ap;
    va_start(ap, st);
    int ok = 0;
    for (int a = va_arg(ap, int);; a = va_arg(ap, int)) {
        if (a == st)
            ok = 1;
        if (a == RASD_OK)
            break;
    }
    va_end(ap);
    if (!ok)
        found("%s returned %d (%s), wanted one of its documented statuses", what, st,
              rasd_strerror(st));
    return st;
}

/* RASD_OK or the first failure's status; everything the scenario made is freed. */
typedef int (*scenario_fn)(void *ctx);

static void arm(long n)
{
    calls = 0;
    fail_at = n;
    injected = 0;
    fail_caller = NULL;
    lib_calls = 0;
    out_len = 0;
    problem[0] = 0;
    arm_thread = pthread_self();
    armed = 1;
}

static void disarm(void)
{
    armed = 0;
}

/* The first block still live after a run, described into buf. */
static void describe_leak(char *buf, size_t size)
{
    for (size_t i = 0; i < LIVE_CAP; i++)
        if (live[i].p) {
            Dl_info info;
            const char *lib = live[i].caller && dladdr(live[i].caller, &info) &&
                              info.dli_fname ? info.dli_fname : "?";
            const char *fn = lib[0] != '?' && info.dli_sname ? info.dli_sname : "?";
            snprintf(buf, size, "%zu blocks leaked, e.g. allocation #%ld of %zu bytes, "
                     "from %s in %s", nlive, live[i].seq, live[i].size, fn, lib);
            return;
        }
}

static void clear_live(void)
{
    memset(live, 0, sizeof live);
    nlive = 0;
    live_full = 0;
}

/* With RASD_ALLOC_DUMP=DIR, a differing output and the one wanted go to DIR/NAME.got
 * and DIR/NAME.wanted. */
static void dump(const char *name)
{
    const char *d = getenv("RASD_ALLOC_DUMP");
    const char *ext[] = {"got", "wanted"};
    const char *buf[] = {out, ref};
    size_t len[] = {out_len, ref_len};
    for (int i = 0; d && i < 2; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s.%s", d, name, ext[i]);
        FILE *f = fopen(path, "wb");
        if (f) {
            fwrite(buf[i], 1, len[i], f);
            fclose(f);
        }
    }
}

/* Runs fn once without failures (warm-up: the libraries' one-time set-up and the output
 * to compare with), then with allocation N failing for N = 1, 1 + stride, ...  A stride
 * above 1 is for scenarios of many thousands of allocations, to keep the run short. */
static void drive(const char *name, scenario_fn fn, void *ctx, long stride)
{
    if (getenv("RASD_ALLOC_STRIDE")) /* RASD_ALLOC_STRIDE=1: every allocation, slowly */
        stride = atol(getenv("RASD_ALLOC_STRIDE")) > 0 ? atol(getenv("RASD_ALLOC_STRIDE")) : 1;
    out_len = 0;
    problem[0] = 0;
    int st = fn(ctx);
    if (st != RASD_OK || problem[0])
        fail_msg("%s: warm-up run failed: %d %s", name, st, problem);
    memcpy(ref, out, out_len);
    ref_len = out_len;
    long n = 1, runs = 0, total = 0;
    for (;; n += stride) {
        clear_live();
        arm(n);
        st = fn(ctx);
        disarm();
        runs++;
        total = calls;
        if (problem[0])
            fail_msg("%s: allocation %ld failing: %s", name, n, problem);
        if (live_full)
            fail_msg("%s: allocation %ld failing: too many live blocks to track", name, n);
        if (nlive) {
            char what[160];
            describe_leak(what, sizeof what);
            fail_msg("%s: allocation %ld failing (status %d): %s", name, n, st, what);
        }
        if (!injected && st != RASD_OK)
            fail_msg("%s: no failure injected, got status %d, wanted 0", name, st);
        if (st == RASD_OK && (out_len != ref_len || memcmp(out, ref, out_len) != 0)) {
            dump(name);
            fail_msg("%s: allocation %ld failing: returned 0 but its output differs from "
                     "the run without failures (%zu bytes, wanted %zu)", name, n, out_len,
                     ref_len);
        }
        if (!injected)
            break;
    }
    clear_live();
    printf("%s: %ld allocations, %ld runs (stride %ld)\n", name, total, runs, stride);
}

/* ------------------------------------------------------------------ inputs */

static const char TEXT[] =
    "مقتل خمسة مدنيين في قصف على حلب\n\n"
    "قتل خمسة مدنيين بينهم طفلان وأصيب عشرة آخرون بجروح في قصف مدفعي استهدف حيا "
    "سكنيا في مدينة حلب يوم الخميس، بحسب المرصد السوري لحقوق الإنسان.\n\n"
    "وقال المرصد إن قوات النظام اعتقلت نحو 20 شخصا في ريف حلب الشمالي.";

static const char JSONL[] =
    "{\"id\":\"a1\",\"outlet\":\"wire\",\"url\":\"https://example.org/a1\","
    "\"published\":\"2022-01-20\",\"title\":\"مقتل 23 من قسد في هجوم لداعش على سجن "
    "الحسكة\",\"text\":\"شن عناصر من تنظيم داعش فجر الخميس هجوما على سجن الصناعة في "
    "حي غويران بمدينة الحسكة. وقال المرصد السوري لحقوق الإنسان إن 23 من عناصر قوات "
    "سوريا الديمقراطية قتلوا في الاشتباكات، وأصيب أكثر من 40 آخرين.\"}\n";

/* No attributes: libxml2 2.9 loops forever when it cannot allocate the buffer of an
 * attribute value (htmlParseStartTag skips the attribute with xmlNextChar, which stops
 * moving once the failure has put the parser in its end state; fixed in libxml2 2.11). */
static const char HTML[] =
    "<html><head><title>مقتل خمسة في حلب</title></head><body><nav>القائمة</nav>"
    "<article><h1>مقتل خمسة مدنيين</h1>"
    "<p>قتل خمسة مدنيين &amp; أصيب عشرة في قصف على حلب، بحسب المرصد.</p>"
    "<aside>شارك</aside></article><footer>حقوق</footer></body></html>";

/* Articles of one event over three days, and one of another, for the store. */
struct art {
    const char *id, *published, *title, *text;
};
static const struct art ARTS[] = {
    {"p1", "2022-01-20", "هجوم لداعش على سجن الصناعة في الحسكة",
     "شن عناصر من تنظيم داعش فجر الخميس هجوما على سجن الصناعة في حي غويران بمدينة "
     "الحسكة، وفجروا سيارة مفخخة عند بوابته. وقال المرصد السوري لحقوق الإنسان إن 23 "
     "من عناصر قوات سوريا الديمقراطية قتلوا في الاشتباكات التي تدور حول السجن الذي يضم "
     "آلاف المعتقلين من التنظيم."},
    {"p2", "2022-01-21", "ارتفاع حصيلة قتلى الهجوم على سجن غويران",
     "ارتفعت حصيلة القتلى في الهجوم الذي شنه تنظيم داعش على سجن الصناعة في حي غويران "
     "إلى 39 قتيلا بحسب المرصد السوري. وقال المرصد السوري لحقوق الإنسان إن 23 من "
     "عناصر قوات سوريا الديمقراطية قتلوا في الاشتباكات التي تدور حول السجن الذي يضم "
     "آلاف المعتقلين من التنظيم."},
    {"i1", "2022-01-21", "مقتل أحد عشر جنديا عراقيا في هجوم على ثكنة في ديالى",
     "قتل أحد عشر جنديا من الجيش العراقي فجر الجمعة في هجوم شنه مسلحون من تنظيم داعش "
     "على ثكنة عسكرية في منطقة العظيم بمحافظة ديالى شمال شرقي بغداد."},
};
#define NARTS (sizeof ARTS / sizeof *ARTS)

static rasd_doc doc_of(const struct art *a)
{
    rasd_doc d = {0};
    d.id = a->id;
    d.outlet = "wire";
    d.published = a->published;
    d.title = a->title;
    d.title_len = strlen(a->title);
    d.text = a->text;
    d.text_len = strlen(a->text);
    d.kind = RASD_INPUT_JSONL;
    return d;
}

static char dir[64];

static void db_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
}

/* Not part of a run: the files of the run before are removed. */
static void remove_db(const char *path)
{
    int was = armed;
    char p[128];
    armed = 0;
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-journal", path);
    unlink(p);
    armed = was;
}

/* ------------------------------------------------------------------ scenarios */

static int sc_extractor(void *ctx)
{
    (void)ctx;
    rasd_extractor *x = NULL;
    int st = allowed("rasd_extractor_create", rasd_extractor_create(&x), RASD_ENOMEM,
                     RASD_OK);
    if (st && x)
        found("rasd_extractor_create failed but set *out");
    rasd_extractor_free(st ? NULL : x);
    return st;
}

struct ex {
    rasd_extractor *x;
    const char *name, *buf;
    size_t len;
    int kind;
};

static int put_figure(void *ud, const rasd_doc *doc, const rasd_figure *f)
{
    (void)ud;
    char *line = NULL;
    size_t n = 0;
    int st = allowed("rasd_figure_format",
                     rasd_figure_format(doc, f, RASD_FIG_JSONL, doc->kind == RASD_INPUT_JSONL,
                                        &line, &n),
                     RASD_ENOMEM, RASD_OK);
    if (!st)
        emit(line, n);
    free(line);
    return st;
}

/* Reads the articles of the input and extracts their figures. */
static int sc_extract(void *ctx)
{
    struct ex *e = ctx;
    rasd_reader *r = NULL;
    int st = allowed("rasd_reader_open_mem",
                     rasd_reader_open_mem(e->name, e->buf, e->len, e->kind, NULL, &r),
                     RASD_ENOMEM, RASD_OK);
    if (st) {
        if (r)
            found("rasd_reader_open_mem failed but set *out");
        return st;
    }
    const rasd_doc *doc;
    int got;
    while (!st && (got = rasd_reader_next(r, &doc)) != 0) {
        if (got < 0) {
            const char *detail;
            rasd_reader_where(r, NULL, NULL, &detail);
            st = allowed(detail, got, RASD_ENOMEM, RASD_ELIB, RASD_OK);
            break;
        }
        emits(doc->id);
        emit(doc->title, doc->title_len);
        emit(doc->text, doc->text_len);
        st = allowed("rasd_extract", rasd_extract(e->x, doc, put_figure, NULL), RASD_ENOMEM,
                     RASD_OK);
    }
    rasd_reader_free(r);
    return st;
}

static int sc_text(void *ctx)
{
    (void)ctx;
    rasd_text t = {0};
    rasd_tokens tk = {0};
    int st = allowed("rasd_normalize",
                     rasd_normalize(TEXT, sizeof TEXT - 1, RASD_NORM_SEARCH, &t, NULL),
                     RASD_ENOMEM, RASD_OK);
    if (!st)
        st = allowed("rasd_tokenize", rasd_tokenize(&t, &tk), RASD_ENOMEM, RASD_OK);
    if (!st) {
        emit(t.s, t.len);
        for (size_t i = 0; i < tk.ntok; i++) {
            char line[64];
            int n = snprintf(line, sizeof line, "%u %u %u\n", (unsigned)tk.tok[i].start,
                             (unsigned)tk.tok[i].end, (unsigned)tk.tok[i].kind);
            emit(line, (size_t)n);
        }
    }
    rasd_tokens_free(&tk);
    rasd_text_free(&t);
    if (st)
        return st;
    rasd_tagger *tg = rasd_tagger_create();
    if (!tg)
        return RASD_ENOMEM;
    const rasd_tag *tags;
    size_t ntags;
    st = allowed("rasd_tag_text",
                 rasd_tag_text(tg, TEXT, sizeof TEXT - 1, "2022-01-20", 0, &tags, &ntags, NULL),
                 RASD_ENOMEM, RASD_OK);
    for (size_t i = 0; !st && i < ntags; i++) {
        char line[96];
        int n = snprintf(line, sizeof line, "%d %zu %zu %s\n", tags[i].type, tags[i].start,
                         tags[i].end, tags[i].date);
        emit(line, (size_t)n);
    }
    rasd_tagger_free(tg);
    return st;
}

static int sc_store_open(void *ctx)
{
    (void)ctx;
    char path[128];
    db_path(path, sizeof path, "open.db");
    remove_db(path);
    rasd_store *s = NULL;
    int st = allowed("rasd_store_open", rasd_store_open(path, &s), RASD_ENOMEM, RASD_EDB,
                     RASD_OK);
    if (st == RASD_ENOMEM && s)
        found("rasd_store_open returned RASD_ENOMEM but set *out");
    if (st == RASD_EDB && s)
        rasd_store_detail(s);
    rasd_store_free(s);
    return st;
}

/* Opens the store at path into *s (read-only or not), as a caller must handle it. */
static int open_store(const char *path, int readonly, rasd_store **s)
{
    *s = NULL;
    int st = readonly ? rasd_store_open_readonly(path, s) : rasd_store_open(path, s);
    st = allowed(readonly ? "rasd_store_open_readonly" : "rasd_store_open", st, RASD_ENOMEM,
                 RASD_EDB, RASD_OK);
    if (st) {
        if (st == RASD_ENOMEM && *s)
            found("rasd_store_open returned RASD_ENOMEM but set *out");
        rasd_store_free(*s);
        *s = NULL;
    }
    return st;
}

static int sc_store_put(void *ctx)
{
    (void)ctx;
    char path[128];
    db_path(path, sizeof path, "put.db");
    remove_db(path);
    rasd_store *s;
    int st = open_store(path, 0, &s);
    for (size_t i = 0; !st && i < 2; i++) {
        rasd_doc d = doc_of(&ARTS[i]);
        int outcome = 0;
        size_t nfig = 0;
        st = allowed("rasd_store_put", rasd_store_put(s, &d, &outcome, &nfig), RASD_ENOMEM,
                     RASD_EDB, RASD_OK);
        if (!st) {
            char line[64];
            int n = snprintf(line, sizeof line, "%d %zu\n", outcome, nfig);
            emit(line, (size_t)n);
        }
    }
    if (!st)
        st = allowed("rasd_store_commit", rasd_store_commit(s), RASD_EDB, RASD_OK);
    rasd_store_free(s);
    return st;
}

/* A store of ARTS; with refreshed 0 its stories and passage index are left out of date,
 * so that the reads compute them for the handle. */
static void make_store(const char *path, int refreshed)
{
    rasd_store *s = NULL;
    remove_db(path);
    assert_int_equal(rasd_store_open(path, &s), RASD_OK);
    for (size_t i = 0; i < NARTS; i++) {
        rasd_doc d = doc_of(&ARTS[i]);
        assert_int_equal(rasd_store_put(s, &d, NULL, NULL), RASD_OK);
    }
    assert_int_equal(rasd_store_commit(s), RASD_OK);
    if (refreshed)
        assert_int_equal(rasd_store_refresh(s), RASD_OK);
    rasd_store_free(s);
}

struct rd {
    const char *path;
    int readonly;
};

/* The snippet is not compared: FTS5's snippet() (SQLite 3.40) loses an allocation
 * failure of its own and then quotes the title instead of the text. */
static int put_hit(void *ctx, const rasd_hit *h)
{
    (void)ctx;
    emits(h->id);
    for (size_t i = 0; i < 2 * h->nmatch; i++) {
        char num[16];
        emit(num, (size_t)snprintf(num, sizeof num, "%u ", (unsigned)h->match[i]));
    }
    return 0;
}

static int sc_search(void *ctx)
{
    const struct rd *r = ctx;
    rasd_store *s;
    int st = open_store(r->path, r->readonly, &s);
    static const char Q[] = "سجن الحسكة";
    if (!st)
        st = allowed("rasd_store_search",
                     rasd_store_search(s, Q, sizeof Q - 1, 10, NULL, NULL, put_hit, NULL),
                     RASD_ENOMEM, RASD_EDB, RASD_OK);
    rasd_store_free(s);
    return st;
}

/* A callback's failure: the store's walks stop without error when a callback returns
 * non-zero, so the scenario takes the status from here. */
static int cb_status;

static int put_story(void *ctx, const rasd_story_rec *r)
{
    (void)ctx;
    char *json = NULL;
    size_t n = 0;
    int st = allowed("rasd_story_rec_json", rasd_story_rec_json(r, &json, &n), RASD_ENOMEM,
                     RASD_OK);
    if (!st)
        emit(json, n);
    free(json);
    return cb_status = st;
}

static int put_series(void *ctx, const rasd_series *se, const rasd_series_fig *figs)
{
    (void)ctx;
    char *json = NULL;
    size_t n = 0;
    int st = allowed("rasd_series_json", rasd_series_json(se, figs, "s1", &json, &n),
                     RASD_ENOMEM, RASD_OK);
    if (!st)
        emit(json, n);
    free(json);
    return cb_status = st;
}

static int sc_stories(void *ctx)
{
    const struct rd *r = ctx;
    rasd_store *s;
    cb_status = RASD_OK;
    int st = open_store(r->path, r->readonly, &s);
    if (!st)
        st = allowed("rasd_store_stories", rasd_store_stories(s, put_story, NULL),
                     RASD_ENOMEM, RASD_EDB, RASD_OK);
    if (!st && !cb_status)
        st = allowed("rasd_store_series", rasd_store_series(s, "s1", put_series, NULL),
                     RASD_ENOMEM, RASD_EDB, RASD_OK);
    rasd_store_free(s);
    return st ? st : cb_status;
}

static int put_bytes(void *ctx, const char *p, size_t n)
{
    (void)ctx;
    emit(p, n);
    return 0;
}

static int sc_export(void *ctx)
{
    const struct rd *r = ctx;
    rasd_store *s;
    int st = open_store(r->path, r->readonly, &s);
    if (!st)
        st = allowed("rasd_store_export jsonl",
                     rasd_store_export(s, RASD_EXPORT_JSONL, put_bytes, NULL), RASD_ENOMEM,
                     RASD_EDB, RASD_OK);
    if (!st)
        st = allowed("rasd_store_export acled",
                     rasd_store_export(s, RASD_EXPORT_ACLED, put_bytes, NULL), RASD_ENOMEM,
                     RASD_EDB, RASD_OK);
    rasd_store_free(s);
    return st;
}

/* ------------------------------------------------------------------ tests */

static rasd_extractor *xtor;

/* The address range of libxml2's loaded segments, into xml_lo, xml_hi. */
static int find_libxml2(struct dl_phdr_info *info, size_t size, void *ctx)
{
    (void)size;
    (void)ctx;
    if (!info->dlpi_name || !strstr(info->dlpi_name, "libxml2"))
        return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD)
            continue;
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
        if (!xml_lo || lo < xml_lo)
            xml_lo = lo;
        if (hi > xml_hi)
            xml_hi = hi;
    }
    return 1;
}

static void quiet(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

static int setup(void **state)
{
    (void)state;
    /* SQLite's global state (its allocator, mutexes, page cache configuration, VFS
     * list) is made once per process and kept by design. */
    if (sqlite3_initialize() != SQLITE_OK)
        return -1;
    if (atoi(xmlParserVersion) < 21200)
        dl_iterate_phdr(find_libxml2, NULL);
    /* libxml2 writes each memory failure on stderr. */
    xmlSetGenericErrorFunc(NULL, quiet);
    const char *trap = getenv("RASD_ALLOC_TRAP");
    if (trap && sscanf(trap, "%ld %ld", &trap_n, &trap_seq) != 2)
        trap_n = trap_seq = -1;
    snprintf(dir, sizeof dir, "/tmp/rasd_alloc_XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    return rasd_extractor_create(&xtor) == RASD_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char path[128];
    static const char *const names[] = {"open.db", "put.db", "read.db", "stale.db"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        db_path(path, sizeof path, names[i]);
        remove_db(path);
    }
    rmdir(dir);
    rasd_extractor_free(xtor);
    return 0;
}

static void extractor_create(void **state)
{
    (void)state;
    drive("extractor_create", sc_extractor, NULL, 7);
}

static void extract_text(void **state)
{
    (void)state;
    struct ex e = {xtor, "report.txt", TEXT, sizeof TEXT - 1, RASD_INPUT_TEXT};
    drive("extract_text", sc_extract, &e, 1);
}

static void extract_jsonl(void **state)
{
    (void)state;
    struct ex e = {xtor, "feed.jsonl", JSONL, sizeof JSONL - 1, RASD_INPUT_JSONL};
    drive("extract_jsonl", sc_extract, &e, 1);
}

static void extract_html(void **state)
{
    (void)state;
    struct ex e = {xtor, "page.html", HTML, sizeof HTML - 1, RASD_INPUT_HTML};
    drive("extract_html", sc_extract, &e, 1);
}

/* The first allocation libxml2 makes for a page (its parser context) fails: the page
 * must not read as empty. */
static void html_context(void **state)
{
    (void)state;
    struct ex e = {xtor, "page.html", HTML, sizeof HTML - 1, RASD_INPUT_HTML};
    if (!xml_hi)
        skip(); /* libxml2 2.12 and later: extract_html fails its allocations too */
    if (sc_extract(&e) != RASD_OK) /* warm-up, as in drive */
        fail_msg("html_context: warm-up run failed: %s", problem);
    clear_live();
    arm(0);
    lib_fail_at = 1;
    int st = sc_extract(&e);
    disarm();
    lib_fail_at = 0;
    if (problem[0])
        fail_msg("html_context: %s", problem);
    if (!injected)
        fail_msg("html_context: libxml2 allocated nothing");
    if (nlive) {
        char what[160];
        describe_leak(what, sizeof what);
        fail_msg("html_context: %s", what);
    }
    if (st != RASD_ENOMEM)
        fail_msg("html_context: got status %d, wanted %d (RASD_ENOMEM)", st, RASD_ENOMEM);
}

static void text_calls(void **state)
{
    (void)state;
    drive("normalize_tokenize_tag", sc_text, NULL, 1);
}

static void store_open(void **state)
{
    (void)state;
    drive("store_open", sc_store_open, NULL, 3);
}

static void store_put(void **state)
{
    (void)state;
    drive("store_put", sc_store_put, NULL, 13);
}

static void store_reads(void **state)
{
    (void)state;
    char path[128];
    db_path(path, sizeof path, "read.db");
    make_store(path, 1);
    struct rd r = {path, 1};
    drive("search", sc_search, &r, 1);
    drive("stories_series", sc_stories, &r, 1);
    drive("export", sc_export, &r, 1);
}

static void store_reads_stale(void **state)
{
    (void)state;
    char path[128];
    db_path(path, sizeof path, "stale.db");
    make_store(path, 0);
    struct rd r = {path, 1};
    drive("stories_series_stale", sc_stories, &r, 3);
    drive("export_stale", sc_export, &r, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(extractor_create),
        cmocka_unit_test(extract_text),
        cmocka_unit_test(extract_jsonl),
        cmocka_unit_test(extract_html),
        cmocka_unit_test(html_context),
        cmocka_unit_test(text_calls),
        cmocka_unit_test(store_open),
        cmocka_unit_test(store_put),
        cmocka_unit_test(store_reads),
        cmocka_unit_test(store_reads_stale),
    };
    if (getenv("RASD_ALLOC_ONLY")) /* one test by name, when debugging */
        cmocka_set_test_filter(getenv("RASD_ALLOC_ONLY"));
    return cmocka_run_group_tests(tests, setup, teardown);
}

#else /* NO_INTERPOSE */

static void under_asan(void **state)
{
    (void)state;
    skip();
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(under_asan)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif
