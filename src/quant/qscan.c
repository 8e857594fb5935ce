#include "quant/qscan.h"
#include "quant/num.h"
#include <stdlib.h>
#include <string.h>

#define AR_WAW "\xd9\x88"
#define AR_FEH "\xd9\x81"
#define AR_BEH "\xd8\xa8"
#define AR_LAM "\xd9\x84"
#define AR_KAF "\xd9\x83"
#define AR_AL "\xd8\xa7\xd9\x84"

static int starts(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && memcmp(s, p, k) == 0;
}

static void try_add(struct qscan *sc, struct qtok *q, const char *s, size_t n, unsigned pf,
                    size_t off)
{
    if (q->nana >= QSCAN_MAX_ANA || n < 1)
        return;
    const struct qent *e = qlex_find(sc->lx, s, n);
    if (!e)
        return;
    if (sc->nana == sc->ana_cap) {
        size_t cap = sc->ana_cap ? sc->ana_cap * 2 : 1024;
        struct qana *a = realloc(sc->ana, cap * sizeof *a);
        if (!a) {
            sc->oom = 1;
            return;
        }
        sc->ana = a;
        sc->ana_cap = cap;
    }
    if (!q->nana)
        q->ana = (uint32_t)sc->nana;
    struct qana *a = &sc->ana[sc->nana++];
    a->e = e;
    a->pf = (uint8_t)pf;
    a->off = (uint8_t)off;
    q->nana++;
    q->roles |= e->roles | (e->phrase_max ? QR_PHRASE : 0);
    q->proles |= e->proles;
}

/* Looks up w and w less its article. */
static void try_art(struct qscan *sc, struct qtok *q, const char *w, size_t n, unsigned pf,
                    size_t off)
{
    try_add(sc, q, w, n, pf, off);
    if (n > 8 && w[0] == AR_AL[0] && w[1] == AR_AL[1] && w[2] == AR_AL[2] && w[3] == AR_AL[3])
        try_add(sc, q, w + 4, n - 4, pf | PF_ART, off + 4);
}

/* Every reading of the word with fewer or more proclitics stripped, least stripped first.
 * «لل» is ل + ال with the alef dropped: «للعام» reads as ل + العام. */
static void analyse_word(struct qscan *sc, struct qtok *q)
{
    const char *w = q->s;
    size_t n = q->n;
    if (!qlex_may_end(sc->lx, w, n))
        return;
    try_art(sc, q, w, n, 0, 0);
    /* proclitics are all two-byte letters of the U+0600 block starting with 0xD9/0xD8 */
    for (int conj = 0; conj < 2; conj++) {
        size_t o = 0;
        if (conj) {
            if (!(starts(w, n, AR_WAW) || starts(w, n, AR_FEH)) || n < 6)
                break;
            o = 2;
            try_art(sc, q, w + o, n - o, PF_CONJ, o);
        }
        const char *r = w + o;
        size_t rn = n - o;
        if ((starts(r, rn, AR_BEH) || starts(r, rn, AR_LAM) || starts(r, rn, AR_KAF)) && rn > 5) {
            if (starts(r, rn, AR_LAM AR_LAM) && rn > 6)
                try_add(sc, q, r + 4, rn - 4, (conj ? PF_CONJ : 0) | PF_PREP | PF_ART, o + 4);
            try_art(sc, q, r + 2, rn - 2, (conj ? PF_CONJ : 0) | PF_PREP, o + 2);
        }
    }
}

int qscan_init(struct qscan *s, const rasd_text *t, const rasd_tokens *tk, uint32_t first,
               uint32_t last)
{
    memset(s, 0, sizeof *s);
    return qscan_run(s, t, tk, first, last);
}

int qscan_run(struct qscan *s, const rasd_text *t, const rasd_tokens *tk, uint32_t first,
              uint32_t last)
{
    int st = RASD_OK;
    s->lx = qlex_get(&st);
    if (!s->lx)
        return st;
    if (last > tk->ntok)
        last = (uint32_t)tk->ntok;
    if (first > last)
        first = last;
    s->t = t;
    s->tk = tk;
    s->first = first;
    s->last = first;
    size_t need = (size_t)(last - first) + 1;
    if (need > s->cap) {
        struct qtok *q = realloc(s->q, need * sizeof *q);
        if (!q)
            return RASD_ENOMEM;
        s->q = q;
        s->cap = need;
    }
    s->last = last;
    s->nana = 0;
    s->oom = 0;
    for (uint32_t i = first; i < last; i++) {
        const rasd_token *k = &tk->tok[i];
        struct qtok *q = &s->q[i - first];
        q->s = "";
        q->n = 0;
        q->kind = 0;
        q->nana = q->isnum = q->ndig = 0;
        q->roles = q->proles = 0;
        q->val = 0;
        if (k->nend < k->nstart || k->nend > t->len)
            continue;
        q->s = t->s + k->nstart;
        q->n = k->nend - k->nstart;
        q->kind = k->kind;
        if (k->kind == RASD_TOK_ARABIC && q->n <= 60) {
            analyse_word(s, q);
        } else if (k->kind == RASD_TOK_NUMBER) {
            q->isnum = (uint8_t)num_parse_digits(q->s, q->n, &q->val);
            int plain = 1;
            for (uint32_t j = 0; j < q->n; j++)
                plain &= q->s[j] >= '0' && q->s[j] <= '9';
            q->ndig = (uint8_t)(plain && q->n < 255 ? q->n : 0);
        } else if (k->kind != RASD_TOK_URL && q->n <= 8) {
            try_add(s, q, q->s, q->n, 0, 0);
        }
    }
    for (uint32_t i = last, next = last; i-- > first;) {
        s->q[i - first].line_end = next;
        if (tk->tok[i].nl)
            next = i;
    }
    return s->oom ? RASD_ENOMEM : RASD_OK;
}

void qscan_free(struct qscan *s)
{
    if (!s)
        return;
    free(s->q);
    free(s->ana);
    s->q = NULL;
    s->ana = NULL;
    s->cap = s->nana = s->ana_cap = 0;
}

const struct qent *qs_ent_slow(const struct qscan *s, uint32_t i, uint32_t role,
                               unsigned allow, unsigned *pf)
{
    const struct qtok *q = qs_tok(s, i);
    const struct qana *a = &s->ana[q->ana];
    for (int k = 0; k < q->nana; k++)
        if ((a[k].e->roles & role) && (a[k].pf & ~allow) == 0) {
            if (pf)
                *pf = a[k].pf;
            return a[k].e;
        }
    return NULL;
}

const struct qent *qs_phrase_slow(const struct qscan *s, uint32_t i, uint32_t lim,
                                  uint32_t role, unsigned allow, uint32_t *end)
{
    if (lim > s->last)
        lim = s->last;
    const struct qtok *q = qs_tok(s, i);
    const struct qent *best = NULL;
    for (int k = 0; k < q->nana; k++) {
        const struct qana *a = &s->ana[q->ana + k];
        if ((a->pf & ~allow) != 0)
            continue;
        if ((a->e->roles & role) && !best) {
            best = a->e;
            *end = i + 1;
        }
        /* proles: the roles of the phrases this word starts */
        if (a->e->phrase_max < 2 || !(a->e->proles & role) || i + 1 >= lim ||
            !(qs_tok(s, i + 1)->roles & QR_INPHRASE))
            continue;
        char buf[256];
        size_t len = q->n - a->off;
        if (len >= sizeof buf)
            continue;
        memcpy(buf, q->s + a->off, len);
        uint32_t j = i + 1;
        for (int w = 2; w <= a->e->phrase_max && j < lim; w++, j++) {
            const struct qtok *r = qs_tok(s, j);
            if (len + 1 + r->n >= sizeof buf || r->n == 0 || !(r->roles & QR_INPHRASE))
                break;
            buf[len++] = ' ';
            memcpy(buf + len, r->s, r->n);
            len += r->n;
            const struct qent *e = qlex_find(s->lx, buf, len);
            if (e && (e->roles & role) && (!best || j + 1 > *end)) {
                best = e;
                *end = j + 1;
            }
        }
    }
    return best;
}
