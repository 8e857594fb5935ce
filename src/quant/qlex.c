#include "quant/qlex.h"
#include "common/data.h"
#include "quant/date.h"
#include "quant/num.h"
#include "rasd.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define QLEX_MAX_COUNTED 128 /* rows of count_nouns.tsv; more is a data error */

struct qlex {
    struct qent *e;
    size_t n, cap;
    uint32_t *slot;        /* index + 1 into e, 0 = empty */
    size_t nslot;          /* power of two */
    int max_phrase;
    uint8_t filter[1u << 13]; /* 65536 bits: a cheap first test before hashing */
    uint8_t tail[1u << 13];   /* 65536 bits over (length, last bytes) of the keys' ends */
    char counted[QLEX_MAX_COUNTED][48]; /* count_nouns.tsv singulars, normalized */
    uint8_t counted_len[QLEX_MAX_COUNTED];
    int ncounted;
    uint16_t tail_lens[256];  /* by last byte b, bit L: a key ending in b has
                                 min(length, TAIL) == L */
};

/* Keys are matched against a word less its proclitics, that is against one of its
 * suffixes: a word none of whose suffixes can be a key ends in none of the keys' last
 * TAIL bytes, which one or a few bitmap probes tell for all its readings at once. */
#define TAIL 8 /* qlex_may_end probes lengths 1..8 */

static struct qlex g_lex;
static int g_status = RASD_OK;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

/* A hash of the length and the first and last eight bytes: the keys are short words that
 * differ there, and the full key is compared on a match anyway. */
static inline uint64_t hash(const char *s, size_t n)
{
    uint64_t a = 0, z = 0;
    if (n >= 8) {
        memcpy(&a, s, 8);
        memcpy(&z, s + n - 8, 8);
    } else if (n >= 4) { /* two overlapping four-byte loads cover it */
        uint32_t lo, hi;
        memcpy(&lo, s, 4);
        memcpy(&hi, s + n - 4, 4);
        a = (uint64_t)lo | (uint64_t)hi << 32;
    } else {
        for (size_t i = 0; i < n; i++)
            a |= (uint64_t)(unsigned char)s[i] << (8 * i);
    }
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ull;
    h ^= a * 0xC2B2AE3D27D4EB4Full;
    h = (h ^ (h >> 31)) * 0x165667B19E3779F9ull;
    h ^= z * 0xD6E8FEB86659FD93ull;
    return h ^ (h >> 29);
}

/* Most words of a text are not in the lexicon: 16 bits of the hash index a bitmap that
 * rejects them before the table is probed. */
static unsigned sig(uint64_t h)
{
    return (unsigned)(h >> 48);
}

const struct qent *qlex_find(const struct qlex *lx, const char *s, size_t n)
{
    if (!lx || !lx->nslot || n == 0)
        return NULL;
    uint64_t h = hash(s, n);
    unsigned g = sig(h);
    if (!(lx->filter[g >> 3] & (1u << (g & 7))))
        return NULL;
    size_t mask = lx->nslot - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t k = lx->slot[i];
        if (!k)
            return NULL;
        const struct qent *e = &lx->e[k - 1];
        if (e->keylen == n && memcmp(e->key, s, n) == 0)
            return e;
    }
}

/* Little-endian loads whatever the host: byte k of memory is bits 8k..8k+7. */
static inline uint64_t load_le64(const char *s)
{
    uint64_t a;
    memcpy(&a, s, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    a = __builtin_bswap64(a);
#endif
    return a;
}

static inline uint32_t load_le32(const char *s)
{
    uint32_t a;
    memcpy(&a, s, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    a = __builtin_bswap32(a);
#endif
    return a;
}

/* The last TAIL (or n) bytes of s[0..n) as the high bytes of a word, in a few loads. */
static inline uint64_t tail_word(const char *s, size_t n)
{
    uint64_t a = 0;
    if (n >= 8) {
        a = load_le64(s + n - 8);
    } else if (n > 4) {
        uint32_t lo = load_le32(s), hi = load_le32(s + n - 4);
        a = (uint64_t)hi << 32 | (uint64_t)(uint32_t)(lo << (8 * (8 - n)));
    } else {
        for (size_t i = 0; i < n; i++)
            a |= (uint64_t)(unsigned char)s[n - 1 - i] << (56 - 8 * i);
    }
    return a;
}

/* The bitmap index of the last l bytes (1 <= l <= TAIL) held in the high bytes of a. */
static inline unsigned tail_sig(uint64_t a, size_t l)
{
    uint64_t t = a >> (64 - 8 * l);
    return (unsigned)(((t ^ l) * 0x9E3779B97F4A7C15ull) >> 48);
}

static inline int tail_has(const struct qlex *lx, uint64_t a, size_t l)
{
    unsigned g = tail_sig(a, l);
    return (lx->tail[g >> 3] >> (g & 7)) & 1;
}

int qlex_may_end(const struct qlex *lx, const char *s, size_t n)
{
    if (!lx || n == 0)
        return 0;
    unsigned m = lx->tail_lens[(unsigned char)s[n - 1]];
    if (n < TAIL)
        m &= (2u << n) - 1;
    if (!m)
        return 0;
    uint64_t a = tail_word(s, n);
    /* Arabic keys are 3+ letters long (lengths 6 and 8) or 2 (length 4): those first */
    if (((m & 0x100) && tail_has(lx, a, 8)) || ((m & 0x40) && tail_has(lx, a, 6)) ||
        ((m & 0x10) && tail_has(lx, a, 4)))
        return 1;
    for (m &= 0xAF; m; m &= m - 1)
        if (tail_has(lx, a, (size_t)__builtin_ctz(m)))
            return 1;
    return 0;
}

int qlex_counted(const struct qlex *lx, const char *s, size_t n)
{
    static const char ALEF[] = "\xd8\xa7";
    for (int k = 0; lx && k < lx->ncounted; k++) {
        size_t l = lx->counted_len[k];
        if ((n == l || (n == l + 2 && memcmp(s + l, ALEF, 2) == 0)) &&
            memcmp(s, lx->counted[k], l) == 0)
            return 1;
    }
    return 0;
}

int qlex_max_phrase(const struct qlex *lx)
{
    return lx ? lx->max_phrase : 0;
}

static int rehash(struct qlex *lx, size_t nslot)
{
    uint32_t *slot = calloc(nslot, sizeof *slot);
    if (!slot)
        return RASD_ENOMEM;
    for (size_t k = 0; k < lx->n; k++) {
        size_t i = hash(lx->e[k].key, lx->e[k].keylen) & (nslot - 1);
        while (slot[i])
            i = (i + 1) & (nslot - 1);
        slot[i] = (uint32_t)k + 1;
    }
    free(lx->slot);
    lx->slot = slot;
    lx->nslot = nslot;
    return RASD_OK;
}

/* Finds or adds key s[0..n); NULL when out of memory. */
static struct qent *intern(struct qlex *lx, const char *s, size_t n)
{
    struct qent *found = (struct qent *)qlex_find(lx, s, n);
    if (found)
        return found;
    if ((lx->n + 1) * 2 > lx->nslot && rehash(lx, lx->nslot ? lx->nslot * 2 : 1024))
        return NULL;
    if (lx->n == lx->cap) {
        size_t cap = lx->cap ? lx->cap * 2 : 512;
        struct qent *e = realloc(lx->e, cap * sizeof *e);
        if (!e)
            return NULL;
        lx->e = e;
        lx->cap = cap;
    }
    char *key = malloc(n + 1);
    if (!key)
        return NULL;
    memcpy(key, s, n);
    key[n] = 0;
    struct qent *e = &lx->e[lx->n];
    memset(e, 0, sizeof *e);
    e->key = key;
    e->keylen = (uint32_t)n;
    if (n) {
        unsigned g = sig(hash(s, n));
        lx->filter[g >> 3] |= (uint8_t)(1u << (g & 7));
        size_t l = n < TAIL ? n : TAIL;
        g = tail_sig(tail_word(s, n), l);
        lx->tail[g >> 3] |= (uint8_t)(1u << (g & 7));
        lx->tail_lens[(unsigned char)s[n - 1]] |= (uint16_t)(1u << l);
    }
    size_t i = hash(s, n) & (lx->nslot - 1);
    while (lx->slot[i])
        i = (i + 1) & (lx->nslot - 1);
    lx->slot[i] = (uint32_t)++lx->n;
    return e;
}

/* Normalizes a data phrase like the text it will be matched against: RASD_NORM_EXTRACT,
 * runs of spaces collapsed to one.  Writes at most cap-1 bytes to out; returns the length,
 * or -1 when it does not fit or cannot be normalized. */
static int norm_phrase(const char *s, size_t n, char *out, size_t cap)
{
    rasd_text t = {0};
    if (rasd_normalize(s, n, RASD_NORM_EXTRACT, &t, NULL) != RASD_OK) {
        rasd_text_free(&t);
        return -1;
    }
    size_t o = 0;
    int sp = 1;
    for (size_t i = 0; i < t.len && o + 1 < cap; i++) {
        char c = t.s[i];
        if (c == ' ' || c == '\t') {
            if (!sp)
                out[o++] = ' ';
            sp = 1;
        } else {
            out[o++] = c;
            sp = 0;
        }
    }
    int fits = o + 1 < cap || t.len == 0;
    rasd_text_free(&t);
    while (o && out[o - 1] == ' ')
        o--;
    out[o] = 0;
    return fits ? (int)o : -1;
}

typedef void (*fill_fn)(struct qent *e, const struct data_tsv *row, void *arg);

static int words_in(const char *s, size_t n)
{
    int w = 1;
    for (size_t i = 0; i < n; i++)
        w += s[i] == ' ';
    return w;
}

/* Adds one normalized key and marks its first word as a phrase start. */
static int add_key(struct qlex *lx, const char *k, size_t n, fill_fn fill,
                   const struct data_tsv *row, void *arg)
{
    struct qent *e = intern(lx, k, n);
    if (!e)
        return RASD_ENOMEM;
    fill(e, row, arg);
    int w = words_in(k, n);
    if (w > 1) {
        const char *sp = memchr(k, ' ', n);
        struct qent *f = intern(lx, k, (size_t)(sp - k));
        if (!f)
            return RASD_ENOMEM;
        if (f->phrase_max < w)
            f->phrase_max = (uint8_t)w;
        f->proles |= e->roles;
        if (w > lx->max_phrase)
            lx->max_phrase = w;
        /* mark the words after the first, so a phrase is only assembled where it can end */
        for (const char *p = sp + 1, *e = k + n; p < e;) {
            const char *q = memchr(p, ' ', (size_t)(e - p));
            if (!q)
                q = e;
            struct qent *c = intern(lx, p, (size_t)(q - p));
            if (!c)
                return RASD_ENOMEM;
            c->roles |= QR_INPHRASE;
            p = q + 1;
        }
    }
    return RASD_OK;
}

static const char TEH_M[] = "\xd8\xa9", HEH[] = "\xd9\x87";

/* Adds key k and its spelling variants: a final ة also written ه. */
static int add_variants(struct qlex *lx, char *k, size_t n, fill_fn fill,
                        const struct data_tsv *row, void *arg)
{
    int st = add_key(lx, k, n, fill, row, arg);
    if (st == RASD_OK && n >= 2 && memcmp(k + n - 2, TEH_M, 2) == 0) {
        memcpy(k + n - 2, HEH, 2);
        st = add_key(lx, k, n, fill, row, arg);
        memcpy(k + n - 2, TEH_M, 2);
    }
    return st;
}

/* Replaces the first occurrence of a in k (length *n, capacity cap) by b. */
static int replace1(char *k, size_t *n, size_t cap, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    for (size_t i = 0; i + la <= *n; i++) {
        if (memcmp(k + i, a, la) != 0)
            continue;
        if (*n - la + lb + 1 > cap)
            return 0;
        memmove(k + i + lb, k + i + la, *n - i - la);
        memcpy(k + i, b, lb);
        *n = *n - la + lb;
        k[*n] = 0;
        return 1;
    }
    return 0;
}

static int load_file(struct qlex *lx, const char *name, int min_fields, fill_fn fill,
                     void *arg, int spellings)
{
    const struct rasd_data_file *f = data_find(name);
    if (!f)
        return RASD_EDATA;
    struct data_tsv row;
    data_tsv_init(&row, f->bytes, f->len);
    while (data_tsv_next(&row)) {
        char k[256];
        if (row.nfields < min_fields)
            return RASD_EDATA;
        int kf = (arg == (void *)1) ? 1 : 0; /* relative_dates.tsv: key in field 1 */
        int n = norm_phrase(row.f[kf].p, row.f[kf].len, k, sizeof k);
        if (n <= 0)
            return RASD_EDATA;
        int st = add_variants(lx, k, (size_t)n, fill, &row, arg);
        if (st == RASD_OK && spellings) {
            /* مئة and مائة are both current spellings of «hundred», in compounds too. */
            size_t m = (size_t)n;
            char k2[256];
            memcpy(k2, k, m + 1);
            if (replace1(k2, &m, sizeof k2, "\xd9\x85\xd8\xa7\xd8\xa6", "\xd9\x85\xd8\xa6") ||
                replace1(k2, &m, sizeof k2, "\xd9\x85\xd8\xa6", "\xd9\x85\xd8\xa7\xd8\xa6"))
                st = add_variants(lx, k2, m, fill, &row, arg);
        }
        if (st)
            return st;
    }
    return RASD_OK;
}

static int field_is(const struct data_tsv *r, int i, const char *s)
{
    return data_tsv_is(r, i, s);
}

static double field_double(const struct data_tsv *r, int i)
{
    char tmp[40];
    if (i >= r->nfields || r->f[i].len >= sizeof tmp)
        return 0;
    memcpy(tmp, r->f[i].p, r->f[i].len);
    tmp[r->f[i].len] = 0;
    return strtod(tmp, NULL);
}

static void fill_number(struct qent *e, const struct data_tsv *r, void *arg)
{
    static const char *cls[] = {"", "zero", "unit", "teenunit", "ten", "teen", "tens",
                                "hundred", "hundreds", "scale", "scales", "scale2", "point",
                                "fraction", "scaleacc"};
    (void)arg;
    if (field_is(r, 2, "ordinal")) {
        e->roles |= QR_ORD;
        e->ord = (uint8_t)data_tsv_long(r, 1, 0);
        return;
    }
    for (size_t i = 1; i < sizeof cls / sizeof *cls; i++)
        if (field_is(r, 2, cls[i])) {
            e->roles |= QR_NUM;
            e->numcls = (uint8_t)i;
            e->numval = field_double(r, 1);
        }
}

static void fill_vague(struct qent *e, const struct data_tsv *r, void *arg)
{
    (void)arg;
    e->roles |= QR_VAGUE;
    e->vlow = data_tsv_long(r, 1, 0);
    e->vhigh = data_tsv_long(r, 2, -1);
    e->vscale = (uint8_t)data_tsv_long(r, 3, 0);
}

static void fill_qual(struct qent *e, const struct data_tsv *r, void *arg)
{
    static const char *q[] = {"exact", "approx", "at_least", "more_than", "at_most",
                              "less_than", "range"};
    (void)arg;
    if (field_is(r, 1, "change"))
        e->roles |= QR_CHANGE;
    for (size_t i = 0; i < sizeof q / sizeof *q; i++)
        if (field_is(r, 1, q[i])) {
            e->roles |= QR_QUAL;
            e->qual = (uint8_t)i;
            e->qafter = field_is(r, 2, "after");
            e->qand = field_is(r, 2, "and");
        }
}

static void fill_unit(struct qent *e, const struct data_tsv *r, void *arg)
{
    (void)arg;
    e->roles |= QR_UNIT;
    e->unit = field_is(r, 1, "percent") ? NUMU_PERCENT : NUMU_CURRENCY;
}

static void fill_noun(struct qent *e, const struct data_tsv *r, void *arg)
{
    (void)r;
    (void)arg;
    e->roles |= QR_NOUN;
}

static void fill_month(struct qent *e, const struct data_tsv *r, void *arg)
{
    (void)arg;
    long m = data_tsv_long(r, 1, 0);
    if (m < 1 || m > 12)
        return;
    e->roles |= QR_MONTH;
    e->month = (uint8_t)m;
    e->hijri = field_is(r, 2, "hijri");
    e->mctx = (uint8_t)(data_tsv_long(r, 3, 0) != 0);
}

static void fill_wday(struct qent *e, const struct data_tsv *r, void *arg)
{
    (void)arg;
    long w = data_tsv_long(r, 1, -1);
    if (w < 0 || w > 6)
        return;
    e->roles |= QR_WDAY;
    e->wday = (uint8_t)w;
}

static void fill_holiday(struct qent *e, const struct data_tsv *r, void *arg)
{
    (void)arg;
    e->roles |= QR_HOLIDAY;
    e->hcal = field_is(r, 1, "hijri") ? HCAL_HIJRI
            : field_is(r, 1, "easter") ? HCAL_EASTER : HCAL_GREGORIAN;
    e->hmonth = (uint8_t)data_tsv_long(r, 2, 1);
    e->hday = (uint8_t)data_tsv_long(r, 3, 1);
    e->hdays = (uint8_t)data_tsv_long(r, 4, 1);
}

static int grain_of(const struct data_tsv *r, int i)
{
    return field_is(r, i, "hour") ? DATE_TIME : field_is(r, i, "day") ? DATE_DAY
         : field_is(r, i, "week") ? DATE_WEEK
         : field_is(r, i, "month") ? DATE_MONTH : field_is(r, i, "year") ? DATE_YEAR : 0;
}

static void fill_reldate(struct qent *e, const struct data_tsv *r, void *arg)
{
    static const char *parts[] = {"", "dawn", "morning", "noon", "afternoon", "evening",
                                  "night"};
    static const char *cues[] = {"year", "month", "day", "hour", "minute", "link", "this",
                                 "last", "ago", "from", "within", "to", "tz", "that"};
    (void)arg;
    if (field_is(r, 0, "rel") && grain_of(r, 2)) {
        e->roles |= QR_REL;
        e->rgrain = (uint8_t)grain_of(r, 2);
        e->roff = (int16_t)data_tsv_long(r, 3, 0);
    } else if (field_is(r, 0, "dir")) {
        e->roles |= QR_DIR;
        e->dir = (int8_t)data_tsv_long(r, 2, 0);
    } else if (field_is(r, 0, "grain") && grain_of(r, 2)) {
        e->roles |= QR_GRAIN;
        e->grain = (uint8_t)grain_of(r, 2);
        e->gcount = (uint8_t)data_tsv_long(r, 3, 1);
    } else if (field_is(r, 0, "part")) {
        for (size_t i = 1; i < sizeof parts / sizeof *parts; i++)
            if (field_is(r, 2, parts[i])) {
                e->roles |= QR_PART;
                e->part = (uint8_t)i;
                e->phour = (uint8_t)data_tsv_long(r, 3, 0);
            }
    } else if (field_is(r, 0, "mpos")) {
        e->roles |= QR_MPOS;
        e->mlo = (uint8_t)data_tsv_long(r, 2, 1);
        e->mhi = (uint8_t)data_tsv_long(r, 3, 1);
    } else if (field_is(r, 0, "cue")) {
        for (size_t i = 0; i < sizeof cues / sizeof *cues; i++)
            if (field_is(r, 2, cues[i])) {
                e->roles |= QR_CUE;
                e->cue |= (uint16_t)(1u << i);
            }
    }
}

/* count_nouns.tsv lists singulars; the lexicon holds their duals. */
static int load_nouns(struct qlex *lx)
{
    const struct rasd_data_file *f = data_find("count_nouns.tsv");
    if (!f)
        return RASD_EDATA;
    struct data_tsv row;
    data_tsv_init(&row, f->bytes, f->len);
    while (data_tsv_next(&row)) {
        char k[256];
        int n = norm_phrase(row.f[0].p, row.f[0].len, k, sizeof k - 8);
        if (n <= 0)
            return RASD_EDATA;
        size_t m = (size_t)n;
        if (lx->ncounted == QLEX_MAX_COUNTED || m >= sizeof lx->counted[0])
            return RASD_EDATA;
        memcpy(lx->counted[lx->ncounted], k, m);
        lx->counted_len[lx->ncounted++] = (uint8_t)m;
        if (m >= 2 && memcmp(k + m - 2, TEH_M, 2) == 0)
            memcpy(k + m - 2, "\xd8\xaa", 2); /* ة becomes ت before the dual ending */
        int sound = data_tsv_long(&row, 1, 0) != 0;
        static const char *ends[] = {"\xd8\xa7\xd9\x86", "\xd9\x8a\xd9\x86"}; /* ان ين */
        for (int j = 0; j < 2; j++) {
            if (j == 1 && sound)
                continue;
            memcpy(k + m, ends[j], 4);
            struct qent *e = intern(lx, k, m + 4);
            if (!e)
                return RASD_ENOMEM;
            fill_noun(e, &row, NULL);
        }
        /* A possessed dual drops its ن: «نجلاه», «ابنيها» (his two sons, her two sons). */
        static const char *poss[] = {"\xd8\xa7\xd9\x87", "\xd8\xa7\xd9\x87\xd8\xa7",
                                     "\xd9\x8a\xd9\x87", "\xd9\x8a\xd9\x87\xd8\xa7"};
        for (int j = 0; data_tsv_long(&row, 2, 0) != 0 && j < 4; j++) {
            size_t pl = strlen(poss[j]);
            memcpy(k + m, poss[j], pl);
            struct qent *e = intern(lx, k, m + pl);
            if (!e)
                return RASD_ENOMEM;
            fill_noun(e, &row, NULL);
        }
    }
    return RASD_OK;
}

static void build(void)
{
    struct qlex *lx = &g_lex;
    int st = load_file(lx, "numbers.tsv", 3, fill_number, NULL, 1);
    if (!st)
        st = load_file(lx, "vague.tsv", 2, fill_vague, NULL, 0);
    if (!st)
        st = load_file(lx, "qualifiers.tsv", 2, fill_qual, NULL, 0);
    if (!st)
        st = load_file(lx, "units.tsv", 2, fill_unit, NULL, 0);
    if (!st)
        st = load_file(lx, "months.tsv", 3, fill_month, NULL, 0);
    if (!st)
        st = load_file(lx, "weekdays.tsv", 2, fill_wday, NULL, 0);
    if (!st)
        st = load_file(lx, "holidays.tsv", 4, fill_holiday, NULL, 0);
    if (!st)
        st = load_file(lx, "relative_dates.tsv", 3, fill_reldate, (void *)1, 0);
    if (!st)
        st = load_nouns(lx);
    g_status = st;
}

const struct qlex *qlex_get(int *status)
{
    pthread_once(&g_once, build);
    if (status)
        *status = g_status;
    return g_status == RASD_OK ? &g_lex : NULL;
}
