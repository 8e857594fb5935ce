/* Compiling the extraction lexicons into per-type hash tables of word sequences. */
#include "extract/lex.h"
#include "common/data.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One phrase: its words after the first live in the word pool as (len, bytes) records. */
struct phrase {
    uint32_t rest;      /* offset of the words after the first in L->pool */
    uint8_t nwords;
    uint8_t bare;       /* a place keyed by its first word without the article (add_phrase) */
    int32_t payload;
    int32_t next;       /* next phrase keyed by the same first word, or -1 */
};

struct slot {
    uint32_t hash;
    uint32_t key;       /* offset of the key bytes in L->pool */
    uint16_t klen;
    int32_t head;       /* first phrase, or -1 for an empty slot */
};

struct table {
    struct slot *slots;
    size_t cap, used;
};

struct arena {
    char *chunk;
    size_t used, cap;
    struct arena_block { struct arena_block *next; } *blocks;
};

struct lex {
    struct table tab[LEX_NTYPES];
    struct phrase *ph;
    size_t nph, cph;
    char *pool;
    size_t npool, cpool;
    struct lex_cue *cues;
    size_t ncue, ccue;
    struct lex_actor *actors;
    size_t nactor, cactor;
    struct lex_source *sources;
    size_t nsource, csource;
    struct lex_place *places;
    size_t nplace, cplace;
    struct lex_army *armies;
    size_t narmy, carmy;
    struct lex_group *groups;
    size_t ngroup, cgroup;
    struct lex_side *sides;
    size_t nside, cside;
    const char **stops;           /* data/place_stop.tsv, normalized, sorted */
    size_t nstop, cstop;
    const char **press;           /* its `before` rows: a name after them is no place */
    size_t npress, cpress;
    const char **quoted;          /* its `quoted` rows: between quotes a paper's name */
    size_t nquoted, cquoted;
    const char **kin;             /* its `after` rows: a name before them is a person's */
    size_t nkin, ckin;
    const char **frame[LEX_PF_N]; /* its `at`, `to` and `ref` rows, by LEX_PF_ */
    size_t nframe[LEX_PF_N], cframe[LEX_PF_N];
    const char **kinds;           /* its `kind` rows: «مدينة», «محافظة» before a name */
    size_t nkind, ckind;
    struct lex_outlet *outlets;
    size_t noutlet, coutlet;
    struct arena arena;
};

static const char *const cat_names[CAT_N] = {
    NULL, "killed", "injured", "arrested", "escaped", "surrendered", "displaced",
    "detained", "missing", "abducted", "other"
};

const char *lex_cat_name(int cat)
{
    return cat > 0 && cat < CAT_N ? cat_names[cat] : NULL;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * size);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

static const char *arena_str(struct arena *a, const char *s, size_t n)
{
    if (a->used + n + 1 > a->cap || !a->chunk) {
        size_t cap = n + 1 > 65536 ? n + 1 : 65536;
        struct arena_block *b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->next = a->blocks;
        a->blocks = b;
        a->chunk = (char *)(b + 1);
        a->cap = cap;
        a->used = 0;
    }
    char *d = a->chunk + a->used;
    memcpy(d, s, n);
    d[n] = 0;
    a->used += n + 1;
    return d;
}

static uint32_t fnv(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h | 1;
}

static int pool_add(struct lex *L, const void *p, size_t n, uint32_t *off)
{
    if (grow((void **)&L->pool, &L->cpool, L->npool + n, 1))
        return -1;
    memcpy(L->pool + L->npool, p, n);
    *off = (uint32_t)L->npool;
    L->npool += n;
    return 0;
}

static struct slot *table_find(struct table *T, const char *pool, const char *k, size_t n,
                               uint32_t h)
{
    size_t mask = T->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        struct slot *s = &T->slots[i];
        if (s->head < 0)
            return s;
        if (s->hash == h && s->klen == n && memcmp(pool + s->key, k, n) == 0)
            return s;
    }
}

static int table_grow(struct table *T, const char *pool)
{
    size_t ncap = T->cap ? T->cap * 2 : 1024;
    struct slot *ns = malloc(ncap * sizeof *ns);
    if (!ns)
        return -1;
    for (size_t i = 0; i < ncap; i++)
        ns[i].head = -1;
    struct table nt = {ns, ncap, T->used};
    for (size_t i = 0; i < T->cap; i++) {
        struct slot *s = &T->slots[i];
        if (s->head >= 0)
            *table_find(&nt, pool, pool + s->key, s->klen, s->hash) = *s;
    }
    free(T->slots);
    *T = nt;
    return 0;
}

/* Splits normalized text into words on spaces; returns the count (at most max). */
static int split_words(const char *s, size_t n, const char **w, size_t *wl, int max)
{
    int k = 0;
    size_t i = 0;
    while (i < n && k < max) {
        while (i < n && s[i] == ' ')
            i++;
        size_t b = i;
        while (i < n && s[i] != ' ')
            i++;
        if (i > b) {
            w[k] = s + b;
            wl[k] = i - b;
            k++;
        }
    }
    return k;
}

static int same_rest(const struct lex *L, const struct phrase *p, const char **w,
                     const size_t *wl, int nw)
{
    if (p->nwords != nw)
        return 0;
    const char *q = L->pool + p->rest;
    for (int i = 1; i < nw; i++) {
        size_t n = (uint8_t)*q++;
        if (n != wl[i] || memcmp(q, w[i], n) != 0)
            return 0;
        q += n;
    }
    return 1;
}

/* Keys phrase w[0..nw) under first word key[0..kn) in table `type`.  Returns the payload
 * of an identical phrase already there (so callers can merge), or `payload`. -2: no memory */
static int key_phrase(struct lex *L, int type, const char *key, size_t kn, const char **w,
                      const size_t *wl, int nw, int payload, int bare)
{
    struct table *T = &L->tab[type];
    if ((T->used + 1) * 2 > T->cap && table_grow(T, L->pool))
        return -2;
    uint32_t h = fnv(key, kn);
    struct slot *s = table_find(T, L->pool, key, kn, h);
    if (s->head >= 0)
        for (int32_t j = s->head; j >= 0; j = L->ph[j].next)
            if (same_rest(L, &L->ph[j], w, wl, nw))
                return L->ph[j].payload;
    if (s->head < 0) {
        uint32_t off;
        if (pool_add(L, key, kn, &off))
            return -2;
        s->hash = h;
        s->key = off;
        s->klen = (uint16_t)kn;
        T->used++;
    }
    if (grow((void **)&L->ph, &L->cph, L->nph + 1, sizeof *L->ph))
        return -2;
    struct phrase *p = &L->ph[L->nph];
    p->nwords = (uint8_t)nw;
    p->bare = (uint8_t)bare;
    p->payload = payload;
    p->rest = (uint32_t)L->npool;
    for (int i = 1; i < nw; i++) {
        uint8_t n = (uint8_t)wl[i];
        uint32_t off;
        if (pool_add(L, &n, 1, &off) || pool_add(L, w[i], n, &off))
            return -2;
    }
    /* Longer phrases first in the chain, so the first hit is the longest. */
    int32_t *link = &s->head;
    while (*link >= 0 && L->ph[*link].nwords >= nw)
        link = &L->ph[*link].next;
    p->next = *link;
    *link = (int32_t)L->nph;
    L->nph++;
    return payload;
}

#define ALEF_LAM "\xD8\xA7\xD9\x84"

/* Adds a phrase (raw form from a data file): normalizes it, keys it by its first word and,
 * when that word carries the article, by the word without it: nouns are also written
 * indefinite («حوثيين» for «الحوثيين»), and «للرقة» splits the article off with the
 * proclitic.  A place's name without its article is another word («تل», «رقة»), so a
 * place keyed so matches only after a proclitic ending in ل (lex_heads tells
 * lex_match_heads which reading a head came from).  *payload in: the payload
 * for a new phrase; out: the payload actually used (an identical phrase's, to merge). */
static int add_phrase(struct lex *L, int type, const char *form, size_t n, int *payload,
                      int definite)
{
    rasd_text t = {0};
    const char *w[16];
    size_t wl[16];
    int st = rasd_normalize(form, n, RASD_NORM_EXTRACT | RASD_NORM_REPLACE, &t, NULL);
    if (st != RASD_OK)
        return st;
    int nw = split_words(t.s, t.len, w, wl, 16);
    int rc = RASD_OK;
    for (int i = 0; i < nw; i++)
        if (wl[i] > 255)
            nw = 0;
    if (nw == 0) {
        rc = RASD_EDATA;
        goto out;
    }
    int got = key_phrase(L, type, w[0], wl[0], w, wl, nw, *payload, 0);
    if (got == -2) {
        rc = RASD_ENOMEM;
        goto out;
    }
    *payload = got;
    if (wl[0] > 6 && memcmp(w[0], ALEF_LAM, 4) == 0 &&
        key_phrase(L, type, w[0] + 4, wl[0] - 4, w, wl, nw, got, definite) == -2)
        rc = RASD_ENOMEM;
out:
    rasd_text_free(&t);
    return rc;
}

static const char *field_str(struct lex *L, const struct data_tsv *r, int i)
{
    if (i >= r->nfields)
        return arena_str(&L->arena, "", 0);
    return arena_str(&L->arena, r->f[i].p, r->f[i].len);
}

static int cat_by_name(const struct data_field *f)
{
    for (int c = 1; c < CAT_N; c++)
        if (strlen(cat_names[c]) == f->len && !memcmp(cat_names[c], f->p, f->len))
            return c;
    return -1;
}

static int load_cues(struct lex *L, struct data_tsv *r)
{
    static const char kinds[] = "TASLXCHUPFBROWYKGQZEJDIMqindu";
    while (data_tsv_next(r)) {
        if (r->nfields < 3 || r->f[2].len != 1)
            return RASD_EDATA;
        char k = r->f[2].p[0];
        int cat = 0;
        if (k == 'V' || k == 'N') {
            cat = cat_by_name(&r->f[1]);
            if (cat < 0)
                return RASD_EDATA;
        }
        if (grow((void **)&L->cues, &L->ccue, L->ncue + 1, sizeof *L->cues))
            return RASD_ENOMEM;
        int pl = (int)L->ncue;
        int st = add_phrase(L, LEX_CUE, r->f[0].p, r->f[0].len, &pl, 0);
        if (st)
            return st;
        if (pl == (int)L->ncue)
            memset(&L->cues[L->ncue++], 0, sizeof *L->cues);
        struct lex_cue *c = &L->cues[pl];
        if (k == 'V') {
            c->vcat = (uint8_t)cat;
            c->window = (uint8_t)data_tsv_long(r, 3, 6);
        } else if (k == 'N') {
            c->ncat = (uint8_t)cat;
        } else {
            const char *p = strchr(kinds, k);
            if (!p || !k)
                return RASD_EDATA;
            c->flags |= 1u << (p - kinds);
            /* A bombing or shelling (q) is armed violence (G); a civilian setting (Q: a
             * market, a school) is not. */
            if (c->flags & CUE_QW)
                c->flags |= CUE_G;
        }
    }
    return RASD_OK;
}

static int class_of(const struct data_field *f, char cc[3])
{
    static const struct { const char *name; int cls; } classes[] = {
        {"@fighter", ACLASS_FIGHTER}, {"@soldier", ACLASS_SOLDIER}, {"@merc", ACLASS_MERC},
        {"@org", ACLASS_ORG}, {"@rebel", ACLASS_REBEL}, {"@gov", ACLASS_GOV},
        {"@kurd", ACLASS_KURD}, {"@militia", ACLASS_MILITIA}, {"@martyr", ACLASS_MARTYR},
        {"@resist", ACLASS_RESIST}, {"@civilians", ACLASS_CIVILIANS},
    };
    if (f->len == 7 && !memcmp(f->p, "@nat:", 5)) {
        cc[0] = f->p[5];
        cc[1] = f->p[6];
        cc[2] = 0;
        return ACLASS_NAT;
    }
    for (size_t i = 0; i < sizeof classes / sizeof *classes; i++)
        if (strlen(classes[i].name) == f->len && !memcmp(classes[i].name, f->p, f->len))
            return classes[i].cls;
    return -1;
}

/* The optional fourth column of an actor: comma-separated words.  `definite`: the form
 * names the side only with its article («التنظيم», not «تنظيم إضراب»); `civil`: see
 * struct lex_actor. */
static int actor_flags(const struct data_field *f, int *definite, int *civil)
{
    size_t i = 0;
    while (i < f->len) {
        size_t j = i;
        while (j < f->len && f->p[j] != ',')
            j++;
        if (j - i == 8 && !memcmp(f->p + i, "definite", 8))
            *definite = 1;
        else if (j - i == 5 && !memcmp(f->p + i, "civil", 5))
            *civil = 1;
        else if (j > i)
            return -1;
        i = j + 1;
    }
    return 0;
}

static int load_actors(struct lex *L, struct data_tsv *r)
{
    while (data_tsv_next(r)) {
        if (r->nfields < 3 || !r->f[1].len || !r->f[2].len)
            return RASD_EDATA;
        if (grow((void **)&L->actors, &L->cactor, L->nactor + 1, sizeof *L->actors))
            return RASD_ENOMEM;
        struct lex_actor a = {0};
        a.actor = field_str(L, r, 1);
        if (r->f[2].p[0] == '@') {
            a.cls = class_of(&r->f[2], a.cc);
            if (a.cls < 0)
                return RASD_EDATA;
        } else {
            a.group = field_str(L, r, 2);
        }
        if (!a.actor || (!a.group && !a.cls))
            return RASD_ENOMEM;
        int definite = 0;
        if (r->nfields > 3 && actor_flags(&r->f[3], &definite, &a.civil))
            return RASD_EDATA;
        int pl = (int)L->nactor;
        int st = add_phrase(L, LEX_ACTOR, r->f[0].p, r->f[0].len, &pl, definite);
        if (st)
            return st;
        if (pl == (int)L->nactor)
            L->actors[L->nactor++] = a;
    }
    return RASD_OK;
}

static int load_sources(struct lex *L, struct data_tsv *r)
{
    while (data_tsv_next(r)) {
        if (r->nfields < 2 || !r->f[1].len)
            return RASD_EDATA;
        if (grow((void **)&L->sources, &L->csource, L->nsource + 1, sizeof *L->sources))
            return RASD_ENOMEM;
        struct lex_source s = {field_str(L, r, 1), field_str(L, r, 2), NULL};
        if (!s.id || !s.kind)
            return RASD_ENOMEM;
        if (r->nfields > 3 && r->f[3].len && !(s.victims = field_str(L, r, 3)))
            return RASD_ENOMEM;
        int pl = (int)L->nsource;
        int st = add_phrase(L, LEX_SOURCE, r->f[0].p, r->f[0].len, &pl, 0);
        if (st)
            return st;
        if (pl == (int)L->nsource)
            L->sources[L->nsource++] = s;
    }
    return RASD_OK;
}

static int place_rank(const struct data_field *f)
{
    static const struct { const char *k; int rank; } ranks[] = {
        {"FAC", 5}, {"NBHD", 4}, {"country", 1}, {"ADM1", 2}, {"REG", 2}, {"PPLA", 3},
        {"PPLC", 3},
    };
    for (size_t i = 0; i < sizeof ranks / sizeof *ranks; i++)
        if (strlen(ranks[i].k) == f->len && !memcmp(ranks[i].k, f->p, f->len))
            return ranks[i].rank;
    return 3;
}

static int load_places(struct lex *L, struct data_tsv *r)
{
    while (data_tsv_next(r)) {
        if (r->nfields < 8 || !r->f[1].len || r->f[3].len != 2)
            return RASD_EDATA;
        if (grow((void **)&L->places, &L->cplace, L->nplace + 1, sizeof *L->places))
            return RASD_ENOMEM;
        struct lex_place p = {0};
        p.id = field_str(L, r, 1);
        if (!p.id)
            return RASD_ENOMEM;
        p.cc[0] = r->f[3].p[0];
        p.cc[1] = r->f[3].p[1];
        p.rank = place_rank(&r->f[6]);
        p.population = data_tsv_long(r, 7, 0);
        p.alt = -1;
        int pl = (int)L->nplace;
        int st = add_phrase(L, LEX_PLACE, r->f[0].p, r->f[0].len, &pl, 1);
        if (st)
            return st;
        if (pl != (int)L->nplace) {
            /* Same name again: chain it as an alternative unless it is the same place. */
            int j = pl;
            for (;;) {
                if (!strcmp(L->places[j].id, p.id))
                    break;
                if (L->places[j].alt < 0) {
                    L->places[j].alt = (int)L->nplace;
                    L->places[L->nplace++] = p;
                    break;
                }
                j = L->places[j].alt;
            }
        } else {
            L->places[L->nplace++] = p;
        }
    }
    return RASD_OK;
}

static int load_armies(struct lex *L, struct data_tsv *r)
{
    while (data_tsv_next(r)) {
        if (r->nfields < 3 || r->f[0].len != 2)
            return RASD_EDATA;
        if (grow((void **)&L->armies, &L->carmy, L->narmy + 1, sizeof *L->armies))
            return RASD_ENOMEM;
        struct lex_army *a = &L->armies[L->narmy];
        a->cc[0] = r->f[0].p[0];
        a->cc[1] = r->f[0].p[1];
        a->cc[2] = 0;
        a->group = field_str(L, r, 1);
        a->actor = field_str(L, r, 2);
        memset(a->where, 0, sizeof a->where);
        if (r->nfields > 3 && r->f[3].len == 2)
            memcpy(a->where, r->f[3].p, 2);
        else if (r->nfields > 3 && r->f[3].len)
            return RASD_EDATA;
        if (!a->group || !a->actor)
            return RASD_ENOMEM;
        L->narmy++;
    }
    return RASD_OK;
}

static int load_groups(struct lex *L, struct data_tsv *r)
{
    static const char *const kinds[] = {"", "org", "state", "people"};
    while (data_tsv_next(r)) {
        if (r->nfields < 2 || !r->f[0].len)
            return RASD_EDATA;
        int kind = 0;
        for (int k = 1; k < 4; k++)
            if (strlen(kinds[k]) == r->f[1].len && !memcmp(kinds[k], r->f[1].p, r->f[1].len))
                kind = k;
        if (!kind)
            return RASD_EDATA;
        if (grow((void **)&L->groups, &L->cgroup, L->ngroup + 1, sizeof *L->groups))
            return RASD_ENOMEM;
        struct lex_group *g = &L->groups[L->ngroup];
        g->id = field_str(L, r, 0);
        g->kind = kind;
        if (!g->id)
            return RASD_ENOMEM;
        L->ngroup++;
    }
    return RASD_OK;
}

/* class  context  group: context is a country code, `*`, or `src:ID`. */
static int load_sides(struct lex *L, struct data_tsv *r)
{
    while (data_tsv_next(r)) {
        char cc[3];
        if (r->nfields < 3 || !r->f[1].len || !r->f[2].len)
            return RASD_EDATA;
        int cls = class_of(&r->f[0], cc);
        if (cls <= 0 || cls == ACLASS_NAT)
            return RASD_EDATA;
        if (grow((void **)&L->sides, &L->cside, L->nside + 1, sizeof *L->sides))
            return RASD_ENOMEM;
        struct lex_side *sd = &L->sides[L->nside];
        memset(sd, 0, sizeof *sd);
        sd->cls = cls;
        const struct data_field *f = &r->f[1];
        if (f->len > 4 && !memcmp(f->p, "src:", 4)) {
            sd->source = arena_str(&L->arena, f->p + 4, f->len - 4);
            if (!sd->source)
                return RASD_ENOMEM;
        } else if (f->len == 2) {
            sd->cc[0] = f->p[0];
            sd->cc[1] = f->p[1];
        } else if (!(f->len == 1 && f->p[0] == '*')) {
            return RASD_EDATA;
        }
        sd->group = field_str(L, r, 2);
        if (!sd->group)
            return RASD_ENOMEM;
        L->nside++;
    }
    return RASD_OK;
}

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int load_place_stops(struct lex *L, struct data_tsv *r)
{
    while (data_tsv_next(r)) {
        rasd_text t = {0};
        if (!r->f[0].len)
            return RASD_EDATA;
        int st = rasd_normalize(r->f[0].p, r->f[0].len, RASD_NORM_EXTRACT | RASD_NORM_REPLACE,
                                &t, NULL);
        if (st != RASD_OK)
            return st;
        const char *w = arena_str(&L->arena, t.s, t.len);
        rasd_text_free(&t);
        if (!w)
            return RASD_ENOMEM;
        if (data_tsv_is(r, 1, "before")) {
            if (grow((void **)&L->press, &L->cpress, L->npress + 1, sizeof *L->press))
                return RASD_ENOMEM;
            L->press[L->npress++] = w;
        } else if (data_tsv_is(r, 1, "quoted")) {
            if (grow((void **)&L->quoted, &L->cquoted, L->nquoted + 1, sizeof *L->quoted))
                return RASD_ENOMEM;
            L->quoted[L->nquoted++] = w;
        } else if (data_tsv_is(r, 1, "after")) {
            if (grow((void **)&L->kin, &L->ckin, L->nkin + 1, sizeof *L->kin))
                return RASD_ENOMEM;
            L->kin[L->nkin++] = w;
        } else if (data_tsv_is(r, 1, "at") || data_tsv_is(r, 1, "to") ||
                   data_tsv_is(r, 1, "ref")) {
            int f = data_tsv_is(r, 1, "at") ? LEX_PF_AT : data_tsv_is(r, 1, "to") ? LEX_PF_TO
                                                                               : LEX_PF_REF;
            if (grow((void **)&L->frame[f], &L->cframe[f], L->nframe[f] + 1,
                     sizeof *L->frame[f]))
                return RASD_ENOMEM;
            L->frame[f][L->nframe[f]++] = w;
        } else if (data_tsv_is(r, 1, "kind")) {
            if (grow((void **)&L->kinds, &L->ckind, L->nkind + 1, sizeof *L->kinds))
                return RASD_ENOMEM;
            L->kinds[L->nkind++] = w;
        } else if (r->nfields > 1 && r->f[1].len) {
            return RASD_EDATA;
        } else {
            if (grow((void **)&L->stops, &L->cstop, L->nstop + 1, sizeof *L->stops))
                return RASD_ENOMEM;
            L->stops[L->nstop++] = w;
        }
    }
    qsort(L->stops, L->nstop, sizeof *L->stops, cmp_strp);
    qsort(L->press, L->npress, sizeof *L->press, cmp_strp);
    qsort(L->quoted, L->nquoted, sizeof *L->quoted, cmp_strp);
    qsort(L->kin, L->nkin, sizeof *L->kin, cmp_strp);
    for (int f = 1; f < LEX_PF_N; f++)
        qsort(L->frame[f], L->nframe[f], sizeof *L->frame[f], cmp_strp);
    qsort(L->kinds, L->nkind, sizeof *L->kinds, cmp_strp);
    return RASD_OK;
}

static int in_sorted(const char **v, size_t nv, const char *w, size_t n)
{
    char buf[256];
    if (n >= sizeof buf || !nv)
        return 0;
    memcpy(buf, w, n);
    buf[n] = 0;
    const char *key = buf;
    return bsearch(&key, v, nv, sizeof *v, cmp_strp) != NULL;
}

static int tok_eq(const rasd_text *t, const rasd_token *k, const char *z)
{
    size_t n = strlen(z);
    return k->nend - k->nstart == n && !memcmp(t->s + k->nstart, z, n);
}

static int is_quote(const rasd_text *t, const rasd_token *k)
{
    static const char *q[] = {"\"", "'", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xC2\xAB", "\xC2\xBB"};
    for (size_t j = 0; j < sizeof q / sizeof *q; j++)
        if (tok_eq(t, k, q[j]))
            return 1;
    return 0;
}

/* 1 when the place name of n tokens at token i names a paper (lex_place_refused). */
static int after_press(const struct lex *L, const rasd_text *t, const rasd_tokens *tk,
                       uint32_t first, uint32_t last, uint32_t i, uint32_t n)
{
    const rasd_token *k;
    int quoted = i > first && is_quote(t, &tk->tok[i - 1]);
    if (quoted && n == 1 && i + 1 < last && is_quote(t, &tk->tok[i + 1])) {
        k = &tk->tok[i];
        if (in_sorted(L->quoted, L->nquoted, t->s + k->nstart, k->nend - k->nstart))
            return 1;
    }
    if (quoted)
        i--;
    if (i <= first || tk->tok[i - 1].kind != RASD_TOK_ARABIC)
        return 0;
    k = &tk->tok[i - 1];
    return in_sorted(L->press, L->npress, t->s + k->nstart, k->nend - k->nstart);
}

/* 1 when token e (the one after a place name) is an `after` row: «الشيخ عثمان بن ناصر»
 * is a man, not the district of Aden. */
static int before_kin(const struct lex *L, const rasd_text *t, const rasd_tokens *tk,
                      uint32_t last, uint32_t e)
{
    if (e >= last || tk->tok[e].kind != RASD_TOK_ARABIC)
        return 0;
    const rasd_token *k = &tk->tok[e];
    return in_sorted(L->kin, L->nkin, t->s + k->nstart, k->nend - k->nstart);
}

#define LETTER_BA "\xD8\xA8"
#define LETTER_WAW "\xD9\x88"
#define LETTER_FA "\xD9\x81"

/* The bytes of the proclitic «و» or «ف» that w[0..n) begins with, followed by more (0 for
 * none). */
static size_t conj_prefix(const char *w, size_t n)
{
    return n > 2 && (!memcmp(w, LETTER_WAW, 2) || !memcmp(w, LETTER_FA, 2)) ? 2 : 0;
}

/* 1 when token k begins with the proclitic «ب», after «و» or «ف» or not. */
static int bi_prefix(const rasd_text *t, const rasd_token *k)
{
    const char *w = t->s + k->nstart;
    size_t n = k->nend - k->nstart, c = conj_prefix(w, n);
    return n > c + 2 && !memcmp(w + c, LETTER_BA, 2);
}

/* 1 when token k is a word of v, as written or after a proclitic «و», «ف» or «ب»
 * («وشمال», «بشرق»). */
static int word_in(const char **v, size_t nv, const rasd_text *t, const rasd_token *k)
{
    const char *w = t->s + k->nstart;
    size_t n = k->nend - k->nstart;
    if (k->kind != RASD_TOK_ARABIC)
        return 0;
    if (in_sorted(v, nv, w, n))
        return 1;
    size_t pre = n > 2 && !memcmp(w, LETTER_BA, 2) ? 2 : conj_prefix(w, n);
    return pre && in_sorted(v, nv, w + pre, n - pre);
}

int lex_place_frame(const struct lex *L, const rasd_text *t, const rasd_tokens *tk,
                    uint32_t first, uint32_t i)
{
    uint32_t j = i; /* the place, or the kind word before it */
    if (i > first && word_in(L->kinds, L->nkind, t, &tk->tok[i - 1]))
        j = i - 1;
    if (j > first)
        for (int f = LEX_PF_REF; f >= LEX_PF_AT; f--)
            if (word_in(L->frame[f], L->nframe[f], t, &tk->tok[j - 1]))
                return f;
    /* «بحلب», «بمحافظة لحج»: a place with «ب» is where; one whose name begins with the
     * letter («بغداد») reads so too, which costs little */
    return bi_prefix(t, &tk->tok[j]) ? LEX_PF_AT : LEX_PF_NONE;
}

int lex_place_refused(const struct lex *L, const rasd_text *t, const rasd_tokens *tk,
                      uint32_t first, uint32_t last, uint32_t i, uint32_t n)
{
    const rasd_token *k = &tk->tok[i];
    return (n == 1 && in_sorted(L->stops, L->nstop, t->s + k->nstart, k->nend - k->nstart)) ||
           after_press(L, t, tk, first, last, i, n) || before_kin(L, t, tk, last, i + n);
}

static int load_outlets(struct lex *L, struct data_tsv *r)
{
    while (data_tsv_next(r)) {
        if (r->nfields < 2 || !r->f[0].len || r->f[1].len != 2)
            return RASD_EDATA;
        if (grow((void **)&L->outlets, &L->coutlet, L->noutlet + 1, sizeof *L->outlets))
            return RASD_ENOMEM;
        struct lex_outlet *o = &L->outlets[L->noutlet];
        if (!(o->id = field_str(L, r, 0)))
            return RASD_ENOMEM;
        memcpy(o->cc, r->f[1].p, 2);
        o->cc[2] = 0;
        L->noutlet++;
    }
    return RASD_OK;
}

const char *lex_outlet_country(const struct lex *L, const char *outlet)
{
    for (size_t i = 0; outlet && i < L->noutlet; i++)
        if (!strcmp(L->outlets[i].id, outlet))
            return L->outlets[i].cc;
    return NULL;
}

int lex_group_kind(const struct lex *L, const char *g)
{
    for (size_t i = 0; g && i < L->ngroup; i++)
        if (!strcmp(L->groups[i].id, g))
            return L->groups[i].kind;
    return 0;
}

const char *lex_side(const struct lex *L, int cls, const char *cc, const char *source,
                     int anywhere)
{
    /* A source rule first, then the country's, then (when asked) the rule for anywhere. */
    for (int pass = 0; pass < (anywhere ? 3 : 2); pass++)
        for (size_t i = 0; i < L->nside; i++) {
            const struct lex_side *sd = &L->sides[i];
            if (sd->cls != cls)
                continue;
            if (pass == 0 && sd->source && source && !strcmp(sd->source, source))
                return sd->group;
            if (pass == 1 && !sd->source && sd->cc[0] && cc && !memcmp(sd->cc, cc, 2))
                return sd->group;
            if (pass == 2 && !sd->source && !sd->cc[0])
                return sd->group;
        }
    return NULL;
}

int lex_load(struct lex **out, char *errline, size_t errlen)
{
    static const struct {
        const char *file;
        int (*load)(struct lex *, struct data_tsv *);
    } files[] = {
        {"cues.tsv", load_cues}, {"actors.tsv", load_actors}, {"sources.tsv", load_sources},
        {"places.tsv", load_places}, {"places_extra.tsv", load_places},
        {"armies.tsv", load_armies}, {"nationalities.tsv", load_actors},
        {"groups.tsv", load_groups}, {"sides.tsv", load_sides},
        {"place_stop.tsv", load_place_stops}, {"outlets.tsv", load_outlets},
    };
    struct lex *L = calloc(1, sizeof *L);
    int st = RASD_OK;
    if (!L)
        return RASD_ENOMEM;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        const struct rasd_data_file *f = data_find(files[i].file);
        /* Token annotations hold payloads in 16 bits. */
        if (L->ncue > 32000 || L->nactor > 32000 || L->nsource > 32000 || L->nplace > 32000) {
            st = RASD_EDATA;
            if (errline)
                snprintf(errline, errlen, "lexicons: more than 32000 entries of one kind");
            goto out;
        }
        struct data_tsv r;
        if (!f) {
            st = RASD_EDATA;
            if (errline)
                snprintf(errline, errlen, "%s: not embedded", files[i].file);
            goto out;
        }
        data_tsv_init(&r, f->bytes, f->len);
        st = files[i].load(L, &r);
        if (st) {
            if (errline)
                snprintf(errline, errlen, "%s:%d", files[i].file, r.line);
            goto out;
        }
    }
    /* What kind of side each actor is, looked up once rather than per token. */
    for (size_t i = 0; i < L->nactor; i++)
        L->actors[i].kind = lex_group_kind(L, L->actors[i].group);
out:
    if (st) {
        lex_free(L);
        return st;
    }
    *out = L;
    return RASD_OK;
}

void lex_free(struct lex *L)
{
    if (!L)
        return;
    for (int i = 0; i < LEX_NTYPES; i++)
        free(L->tab[i].slots);
    free(L->ph);
    free(L->pool);
    free(L->cues);
    free(L->actors);
    free(L->sources);
    free(L->places);
    free(L->armies);
    free(L->groups);
    free(L->outlets);
    free((void *)L->stops);
    free((void *)L->press);
    free((void *)L->quoted);
    free((void *)L->kin);
    for (int f = 0; f < LEX_PF_N; f++)
        free((void *)L->frame[f]);
    free((void *)L->kinds);
    free(L->sides);
    struct arena_block *b = L->arena.blocks;
    while (b) {
        struct arena_block *n = b->next;
        free(b);
        b = n;
    }
    free(L);
}

/* 1 when the proclitics w[0..n) (two-byte Arabic letters) hold the future particle س. */
static int memchr_seen(const char *w, size_t n)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        if ((unsigned char)w[i] == 0xD8 && (unsigned char)w[i + 1] == 0xB3)
            return 1;
    return 0;
}

int lex_stems(const char *w, size_t n, uint16_t *st, uint16_t *ln, int max)
{
    rasd_clitics an[24];
    int k = 0;
    if (n > 255 || max <= 0)
        return 0;
    int na = rasd_clitic_split(w, n, an, 24);
    for (int i = 0; i < na && k < max; i++) {
        uint16_t s = an[i].pre, l = (uint16_t)(n - an[i].pre - an[i].suf);
        /* A two-letter stem with a proclitic is mostly another word («وفر» is not «فر»). */
        if (an[i].pre && l <= 4)
            continue;
        /* The future particle never precedes the past tense or nouns the lexicons list
         * («سمات» is not «مات»). */
        if (memchr_seen(w, an[i].pre))
            continue;
        int dup = 0;
        for (int j = 0; j < k; j++)
            if (st[j] == s && ln[j] == l)
                dup = 1;
        if (!dup) {
            st[k] = s;
            ln[k] = l;
            k++;
        }
    }
    if (k == 0 && max > 0) {
        st[0] = 0;
        ln[0] = (uint16_t)n;
        k = 1;
    }
    return k;
}

/* A head taken from a reading whose proclitics end in ل (بال, لل, وال): article-less keys
 * may match there.  Phrase indices stay far below this bit. */
#define HEAD_ARTICLE 0x40000000
/* A head taken from a reading that strips a suffix: only one-word phrases may match there
 * («قتلى وإصابة» is not «قتل» + «ي» and «وإصابة»). */
#define HEAD_SUFFIX 0x20000000

static int ends_in_lam(const char *w, uint16_t pre)
{
    return pre >= 2 && (unsigned char)w[pre - 2] == 0xD9 && (unsigned char)w[pre - 1] == 0x84;
}

/* 1 when the one-word place phrase of the chain from head names a country.  A town's or a
 * province's name read through a suffix is its nisba, an adjective or a family name
 * («حلبي», «عسيري», «القصيمي»), not «my Aleppo»; a country's («العراقي», «اليمني») still
 * says where. */
static int country_word(const struct lex *L, int32_t head)
{
    for (int32_t j = head; j >= 0; j = L->ph[j].next)
        if (L->ph[j].nwords == 1)
            return L->places[L->ph[j].payload].rank == 1;
    return 0;
}

int lex_heads(const struct lex *L, int type, const char *w, const uint16_t *st,
              const uint16_t *ln, int nst, int32_t *heads, int max)
{
    const struct table *T = &L->tab[type];
    int k = 0;
    if (!T->cap)
        return 0;
    uint32_t whole = 0;
    for (int a = 0; a < nst; a++)
        if ((uint32_t)st[a] + ln[a] > whole)
            whole = (uint32_t)st[a] + ln[a];
    for (int a = 0; a < nst && k < max; a++) {
        uint32_t h = fnv(w + st[a], ln[a]);
        const struct slot *s = table_find((struct table *)T, L->pool, w + st[a], ln[a], h);
        if (type == LEX_PLACE && (uint32_t)st[a] + ln[a] < whole && !country_word(L, s->head))
            continue;
        if (s->head >= 0)
            heads[k++] = s->head | (ends_in_lam(w, st[a]) ? HEAD_ARTICLE : 0) |
                         ((uint32_t)st[a] + ln[a] < whole ? HEAD_SUFFIX : 0);
    }
    return k;
}

int lex_match_heads(const struct lex *L, const rasd_text *t, const rasd_tokens *tk,
                    uint32_t i, uint32_t last, const int32_t *heads, int nh, int *payload)
{
    int best = 0;
    for (int a = 0; a < nh; a++) {
        int article = (heads[a] & HEAD_ARTICLE) != 0;
        int suffix = (heads[a] & HEAD_SUFFIX) != 0;
        for (int32_t j = heads[a] & ~(HEAD_ARTICLE | HEAD_SUFFIX); j >= 0; j = L->ph[j].next) {
            const struct phrase *p = &L->ph[j];
            if (p->nwords <= best)
                break;
            if ((p->bare && !article) || (suffix && p->nwords > 1))
                continue;
            if (i + p->nwords > last)
                continue;
            const char *q = L->pool + p->rest;
            int ok = 1;
            for (uint32_t k = 1; k < p->nwords && ok; k++) {
                const rasd_token *x = &tk->tok[i + k];
                size_t n = (uint8_t)*q++;
                if (x->nend - x->nstart != n || memcmp(t->s + x->nstart, q, n) != 0)
                    ok = 0;
                q += n;
            }
            if (ok) {
                best = p->nwords;
                *payload = p->payload;
                break;
            }
        }
    }
    return best;
}

int lex_match(const struct lex *L, int type, const rasd_text *t, const rasd_tokens *tk,
              uint32_t i, uint32_t last, const uint16_t *st, const uint16_t *ln, int nst,
              int *payload)
{
    int32_t heads[24];
    const char *w = t->s + tk->tok[i].nstart;
    int nh = lex_heads(L, type, w, st, ln, nst, heads, 24);
    return lex_match_heads(L, t, tk, i, last, heads, nh, payload);
}

const struct lex_cue *lex_cue(const struct lex *L, int i) { return &L->cues[i]; }
const struct lex_actor *lex_actor(const struct lex *L, int i) { return &L->actors[i]; }
const struct lex_source *lex_source(const struct lex *L, int i) { return &L->sources[i]; }
const struct lex_place *lex_place(const struct lex *L, int i) { return &L->places[i]; }

const struct lex_army *lex_army(const struct lex *L, const char *cc, const char *where)
{
    const struct lex_army *any = NULL;
    for (size_t i = 0; cc && i < L->narmy; i++) {
        const struct lex_army *a = &L->armies[i];
        if (cc[0] != a->cc[0] || cc[1] != a->cc[1])
            continue;
        if (!a->where[0]) {
            if (!any)
                any = a;
        } else if (where && !memcmp(a->where, where, 2)) {
            return a;
        }
    }
    return any;
}
