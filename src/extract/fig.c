/* Figure extraction: frames over a sentence's tokens.
 *
 * A pass over every token finds cues (one hash lookup per stem); only sentences holding a
 * category cue get the heavy work: numbers and dates (src/quant), actors, sources and
 * places.  Each count is then tied to a category by a few constructions, tried in order:
 *   1. a counted noun after it names the category («39 قتيلا», «العشرات منهم طليقين»);
 *   2. it continues a list whose head has a category («... و23 من ... وخمسة مدنيين»,
 *      «بينهم 4 أطفال», «بعدد يفوق 4000 شخص»);
 *   3. an event verb or noun stands shortly before it («قتل 6», «مقتل أكثر من أربعين»);
 *   4. an event verb follows it or the list it ends («77 من داعش و39 من الأسايش ...
 *      لقوا مصرعهم», «11 جنديا ... قتلوا»).
 * Its side comes from the words after it («من» + group, the counted noun and its
 * adjectives), else from whose losses precede it, else from the list it continues, else
 * from the article's context.  The source is the attributed one of the sentence (or the
 * speaker carried from the sentence before), the place the sentence's most specific one,
 * the date the sentence's nearest day or the publication date. */
#include "extract/fig.h"
#include "extract/lex.h"
#include "quant/num.h"
#include "quant/date.h"
#include "quant/cal.h"
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#define MAX_SENT_TOK 4096
#define SENT_SHOW 128     /* tokens shown either side of the evidence in a run-on sentence */
#define NO_ENTRY (-1)

/* A figure the article gave with its side: a later count of the same people with no side
 * («قتل 43 مدنيا» ... «ما ادى الى سقوط 43 قتيلا على الاقل») is the same toll. */
struct told {
    int cat;
    int has_value, has_low, has_high;
    double value;
    int64_t low, high;
    const char *group, *actor;
};

#define TOLD_MAX 64

struct tinfo {
    int16_t cue, actor, src, place;    /* payloads, or NO_ENTRY */
    uint8_t cue_n, actor_n, src_n, place_n;
};

struct cand {
    const struct num_match *m;
    int own;              /* the side came from the count's own words */
    int weak_all;         /* `all` only because a total word precedes («حصيلة») */
    int armed_noun;       /* counts armed men or soldiers whose side is not known */
    uint32_t noun;        /* the token after the number (or its absorbed noun), or UINT32_MAX */
    int cat;              /* category, CAT_NONE while unknown */
    int how;              /* 1 noun, 2 list, 3 before, 4 after */
    int linked;           /* continues the count before it («و», «،», «بينهم») */
    int part;             /* linked by «بينهم»/«منهم»/«هم»: a part of the count before */
    uint32_t cue_first, cue_last; /* tokens of the category cue */
    const char *group, *actor;
    int unit_family;
    int ok;
};

struct fig_ctx {
    const struct lex *L;
    const rasd_doc *doc;
    const rasd_text *t;
    const rasd_tokens *tk;
    const char *field_text;
    int field;
    struct tinfo *ti;
    size_t cti;
    struct fig_cache_entry *cache;
    struct date_ymd pub;
    /* Article context. */
    char doc_cc[3];
    const char *fighters_group;   /* the side «عناصر»/«مقاتلي» most often belong to */
    const char *dominant_group;   /* the armed side most named */
    const char *main_place;
    int armed;                    /* a word of war or an armed side is named */
    const char *losses_group;     /* whose losses the article counts («الخسائر بين المدنيين») */
    int head_q;                   /* the headline is of a bombing or a massacre */
    uint32_t org_pos;             /* last_org's cursor and what it has seen */
    const char *org_last;
    /* The side of the last figure emitted, for «وأصيب خمسة آخرون» in a later sentence. */
    const char *last_group, *last_actor;
    size_t last_group_sent;
    struct told told[TOLD_MAX]; /* the article's figures with a side, latest TOLD_MAX */
    size_t ntold;
    /* Speaker carried from the sentence before. */
    int speaker;                  /* source payload or NO_ENTRY */
    uint32_t speaker_tok, speaker_n;
    size_t speaker_sent;
    rasd_figure_cb cb;
    void *ud;
};

static const char *const qual_names[] = {
    "exact", "approx", "at_least", "more_than", "at_most", "less_than", "range", "vague"
};

/* ------------------------------------------------------------------ token helpers */

static const char *tok_s(const struct fig_ctx *c, uint32_t i, size_t *n)
{
    const rasd_token *t = &c->tk->tok[i];
    *n = t->nend - t->nstart;
    return c->t->s + t->nstart;
}

static int tok_is(const struct fig_ctx *c, uint32_t i, const char *s)
{
    size_t n;
    const char *p = tok_s(c, i, &n);
    return n == strlen(s) && memcmp(p, s, n) == 0;
}

static int is_punct(const struct fig_ctx *c, uint32_t i)
{
    int k = c->tk->tok[i].kind;
    return k == RASD_TOK_PUNCT || k == RASD_TOK_OTHER;
}

/* Punctuation that closes a phrase (quotes and brackets do not). */
static int is_break(const struct fig_ctx *c, uint32_t i)
{
    return tok_is(c, i, ",") || tok_is(c, i, ".") || tok_is(c, i, ";") || tok_is(c, i, ":") ||
           tok_is(c, i, "?") || tok_is(c, i, "!") || tok_is(c, i, "-") || tok_is(c, i, "(") ||
           tok_is(c, i, ")");
}

static const struct lex_cue *cue_at(const struct fig_ctx *c, uint32_t i)
{
    return c->ti[i].cue >= 0 ? lex_cue(c->L, c->ti[i].cue) : NULL;
}

static int cue_flag(const struct fig_ctx *c, uint32_t i, unsigned f)
{
    const struct lex_cue *q = cue_at(c, i);
    return q && (q->flags & f);
}

#define WAW "\xD9\x88"
#define DATELINE_MAX 8 /* tokens of a dateline: «عبدالله البرقاوي - سبق - الرياض :» */
#define MIN "\xD9\x85\xD9\x86"
#define MINHUM "\xD9\x85\xD9\x86\xD9\x87\xD9\x85" /* «منهم» */

/* 1 when tokens e, e + 1 (before end) are «منهم من»: «خمسة منهم من رجال الأمن», five of
 * them, and of whom they are follows. */
static int of_them_from(const struct fig_ctx *c, uint32_t e, uint32_t end)
{
    return e + 1 < end && tok_is(c, e, MINHUM) && tok_is(c, e + 1, MIN);
}

/* The count starting at token i is joined to what precedes by «و» or a comma. */
static int joined_before(const struct fig_ctx *c, uint32_t first, uint32_t i)
{
    size_t n;
    const char *p = tok_s(c, i, &n);
    if (c->tk->tok[i].kind == RASD_TOK_ARABIC && n > 2 && memcmp(p, WAW, 2) == 0)
        return 1;
    if (i > first) {
        uint32_t j = i - 1;
        if (tok_is(c, j, WAW) || tok_is(c, j, ","))
            return 1;
        if (is_punct(c, j) && !is_break(c, j) && j > first &&
            (tok_is(c, j - 1, WAW) || tok_is(c, j - 1, ",")))
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ annotation */

/* The lexicon chains of the word at token i, from the cache (filled on a miss). */
#define HEADS_UNKNOWN 0xFF

/* The lexicon chains of word w for the first ntypes lexicons, from the cache (looked up
 * on a miss; lexicons not needed yet stay unknown until a later call needs them). */
static const struct fig_cache_entry *cached_heads(struct fig_ctx *c, const char *w, size_t n,
                                                  int ntypes)
{
    uint32_t h = 2166136261u;
    for (size_t b = 0; b < n; b++)
        h = (h ^ (uint8_t)w[b]) * 16777619u;
    struct fig_cache_entry *ce = &c->cache[h & (FIG_CACHE - 1)];
    if (ce->len != n || memcmp(ce->w, w, n) != 0) {
        ce->len = (uint8_t)n;
        memcpy(ce->w, w, n);
        memset(ce->nh, HEADS_UNKNOWN, sizeof ce->nh);
    }
    int missing = 0;
    for (int t = 0; t < ntypes; t++)
        missing |= ce->nh[t] == HEADS_UNKNOWN;
    if (missing) {
        uint16_t st[24], ln[24];
        int nst = lex_stems(w, n, st, ln, 24);
        for (int t = 0; t < ntypes; t++)
            if (ce->nh[t] == HEADS_UNKNOWN)
                ce->nh[t] = (uint8_t)lex_heads(c->L, t, w, st, ln, nst, ce->heads[t],
                                               FIG_CACHE_HEADS);
    }
    return ce;
}

static void set_match(struct tinfo *x, int type, int k, int pl)
{
    switch (type) {
    case LEX_CUE: x->cue = (int16_t)pl; x->cue_n = (uint8_t)k; break;
    case LEX_ACTOR: x->actor = (int16_t)pl; x->actor_n = (uint8_t)k; break;
    case LEX_SOURCE: x->src = (int16_t)pl; x->src_n = (uint8_t)k; break;
    default: x->place = (int16_t)pl; x->place_n = (uint8_t)k; break;
    }
}

/* Marks the lexicon phrases that start at each token of [first, last): cues always, actors,
 * sources and places when `full`.  *has_cue tells whether a category cue is among them. */
static int annotate(struct fig_ctx *c, uint32_t first, uint32_t last, int full, int *has_cue)
{
    uint16_t st[24], ln[24];
    uint32_t cue_until = first;   /* tokens inside a cue phrase begun earlier */
    uint32_t actor_until = first; /* inside an actor's name: «كتائب حزب الله» is not
                                     Lebanon's «حزب الله» */
    int ntypes = full ? LEX_NTYPES : 1;
    *has_cue = 0;
    for (uint32_t i = first; i < last; i++) {
        struct tinfo *x = &c->ti[i];
        x->cue = x->actor = x->src = x->place = NO_ENTRY;
        x->cue_n = x->actor_n = x->src_n = x->place_n = 0;
    }
    for (uint32_t i = first; i < last; i++) {
        const rasd_token *t = &c->tk->tok[i];
        struct tinfo *x = &c->ti[i];
        size_t n;
        const char *w = tok_s(c, i, &n);
        int pl = 0, k;
        if (t->kind == RASD_TOK_PUNCT || t->kind == RASD_TOK_OTHER) {
            /* «%», «:»: punctuation only ever starts a cue. */
            st[0] = 0;
            ln[0] = (uint16_t)(n > 255 ? 255 : n);
            if (i >= cue_until &&
                (k = lex_match(c->L, LEX_CUE, c->t, c->tk, i, last, st, ln, 1, &pl)))
                set_match(x, LEX_CUE, k, pl);
            continue;
        }
        if (t->kind != RASD_TOK_ARABIC || n == 0)
            continue;
        if (n <= FIG_CACHE_WORD) {
            const struct fig_cache_entry *ce = cached_heads(c, w, n, ntypes);
            for (int type = 0; type < ntypes; type++) {
                if (!ce->nh[type] || (type == LEX_CUE && i < cue_until) ||
                    (type == LEX_ACTOR && i < actor_until))
                    continue;
                k = lex_match_heads(c->L, c->t, c->tk, i, last, ce->heads[type], ce->nh[type],
                                    &pl);
                if (k && !(type == LEX_PLACE &&
                           lex_place_refused(c->L, c->t, c->tk, first, last, i, (uint32_t)k)))
                    set_match(x, type, k, pl);
            }
        } else {
            int nst = lex_stems(w, n, st, ln, 24);
            for (int type = 0; type < ntypes; type++) {
                if ((type == LEX_CUE && i < cue_until) || (type == LEX_ACTOR && i < actor_until))
                    continue;
                k = lex_match(c->L, type, c->t, c->tk, i, last, st, ln, nst, &pl);
                if (k && !(type == LEX_PLACE &&
                           lex_place_refused(c->L, c->t, c->tk, first, last, i, (uint32_t)k)))
                    set_match(x, type, k, pl);
            }
        }
        if (x->actor >= 0 && x->actor_n > 1)
            actor_until = i + x->actor_n;
        if (x->cue >= 0) {
            if (x->cue_n > 1)
                cue_until = i + x->cue_n;
            const struct lex_cue *q = lex_cue(c->L, x->cue);
            if (q->vcat || q->ncat)
                *has_cue = 1;
        }
    }
    return RASD_OK;
}

/* ------------------------------------------------------------------ context */

static int is_org_group(const struct fig_ctx *c, const char *g)
{
    return lex_group_kind(c->L, g) == GROUP_ORG;
}


/* The organization named last before token i (for «التنظيم»).  Queries come mostly in
 * text order, so a cursor walks forward once; a query behind it scans back a little. */
static const char *last_org(struct fig_ctx *c, uint32_t i)
{
    const char *found = NULL;
    if (i >= c->org_pos) {
        for (uint32_t j = c->org_pos; j < i; j++) {
            if (c->ti[j].actor < 0)
                continue;
            const struct lex_actor *a = lex_actor(c->L, c->ti[j].actor);
            if (a->kind == GROUP_ORG)
                c->org_last = a->group;
        }
        c->org_pos = i;
        found = c->org_last;
    } else {
        uint32_t stop = i > 2000 ? i - 2000 : 0;
        for (uint32_t j = i; j-- > stop && !found;) {
            if (c->ti[j].actor < 0)
                continue;
            const struct lex_actor *a = lex_actor(c->L, c->ti[j].actor);
            if (a->kind == GROUP_ORG)
                found = a->group;
        }
    }
    if (found)
        return found;
    return c->dominant_group && is_org_group(c, c->dominant_group) ? c->dominant_group : NULL;
}

struct tally {
    const char *k[32];
    int n[32];
    int used;
};

static void tally_add(struct tally *t, const char *k)
{
    for (int i = 0; i < t->used; i++)
        if (t->k[i] == k || !strcmp(t->k[i], k)) {
            t->n[i]++;
            return;
        }
    if (t->used < 32) {
        t->k[t->used] = k;
        t->n[t->used++] = 1;
    }
}

static const char *tally_top(const struct tally *t, int *count)
{
    int best = -1;
    for (int i = 0; i < t->used; i++)
        if (best < 0 || t->n[i] > t->n[best])
            best = i;
    if (count)
        *count = best < 0 ? 0 : t->n[best];
    return best < 0 ? NULL : t->k[best];
}

/* Picks among places of one name: the country the words around it say, then the
 * article's country, then the most specific and most populous. */
static const struct lex_place *pick_place(const struct fig_ctx *c, int p, const char *want)
{
    const struct lex_place *best = NULL;
    const char *cc = want && want[0] ? want : c->doc_cc[0] ? c->doc_cc : NULL;
    for (int j = p; j >= 0; j = lex_place(c->L, j)->alt) {
        const struct lex_place *x = lex_place(c->L, j);
        if (!best) {
            best = x;
            continue;
        }
        int xin = cc && !memcmp(x->cc, cc, 2);
        int bin = cc && !memcmp(best->cc, cc, 2);
        if (xin != bin) {
            if (xin)
                best = x;
            continue;
        }
        if (x->population > best->population)
            best = x;
    }
    return best;
}

/* «على الحدود مع سوريا»: the country across a border (an n word, then «مع») is a
 * neighbour of where the event is, not its place.  first: where the words may start. */
static int across_border(const struct fig_ctx *c, uint32_t first, uint32_t i)
{
    if (i < first + 2 || !tok_is(c, i - 1, "\xD9\x85\xD8\xB9"))
        return 0;
    return cue_flag(c, i - 2, CUE_NB) || (i >= first + 3 && cue_flag(c, i - 3, CUE_NB));
}

static void doc_context(struct fig_ctx *c, uint32_t ntok)
{
    struct tally cc = {0}, fighters = {0}, armed = {0}, orgs = {0}, places = {0};
    const char *head_cc = NULL;
    int nplaces = 0;
    for (uint32_t i = 0; i < ntok; i++) {
        const struct tinfo *x = &c->ti[i];
        if (x->place >= 0 && !across_border(c, 0, i)) {
            const struct lex_place *p = lex_place(c->L, x->place);
            /* The headline's country is the article's. */
            if (c->tk->nsent && i < c->tk->sent[0].last && (!p->alt || p->alt < 0) &&
                !head_cc)
                head_cc = p->cc;
            if (!p->alt || p->alt < 0)
                tally_add(&cc, p->cc);
        }
        if (x->actor >= 0) {
            const struct lex_actor *a = lex_actor(c->L, x->actor);
            if (a->group && strcmp(a->group, "civilians") && strcmp(a->group, "all"))
                tally_add(&armed, a->group);
            if (a->kind == GROUP_ORG)
                tally_add(&orgs, a->group);
            if (!a->civil && (a->kind == GROUP_ORG || a->kind == GROUP_STATE ||
                (!a->group && a->cls != ACLASS_NAT && a->cls != ACLASS_FIGHTER)))
                c->armed = 1;
        }
        if (cue_flag(c, i, CUE_G))
            c->armed = 1;
        /* A monitor, a party to the fight or the UN counting speaks of war. */
        if (x->src >= 0) {
            const char *k = lex_source(c->L, x->src)->kind;
            if (!strcmp(k, "monitor") || !strcmp(k, "armed") || !strcmp(k, "un"))
                c->armed = 1;
        }
    }
    const char *top = head_cc ? head_cc : tally_top(&cc, NULL);
    /* A report that names no place at all («أعلنت وزارة الداخلية القبض على ...») is of the
     * country its outlet is published in. */
    if (!top)
        top = lex_outlet_country(c->L, c->doc->outlet);
    if (top) {
        c->doc_cc[0] = top[0];
        c->doc_cc[1] = top[1];
        c->doc_cc[2] = 0;
    }
    c->dominant_group = tally_top(&armed, NULL);
    /* Whose fighters the article speaks of: the side named right after «عناصر», «مقاتلي». */
    for (uint32_t i = 0; i + 1 < ntok; i++) {
        const struct tinfo *x = &c->ti[i];
        if (x->actor < 0 || lex_actor(c->L, x->actor)->cls != ACLASS_FIGHTER)
            continue;
        for (uint32_t j = i + x->actor_n; j < ntok && j < i + x->actor_n + 3; j++) {
            /* «عناصر داعش», «مقاتلين من عصابات داعش»; not past a verb («مسلحا سلموا
             * أنفسهم للمقاومة»). */
            if (c->ti[j].actor < 0) {
                const struct lex_cue *q = cue_at(c, j);
                if (q && (q->vcat || q->ncat))
                    break;
                continue;
            }
            const struct lex_actor *a = lex_actor(c->L, c->ti[j].actor);
            const char *g = a->group;
            if (!g && a->cls == ACLASS_ORG)
                g = last_org(c, j);
            if (g && strcmp(g, "civilians") && strcmp(g, "all"))
                tally_add(&fighters, g);
            break;
        }
    }
    c->fighters_group = tally_top(&fighters, NULL);
    /* «الخسائر البشرية بين المدنيين»: whose losses the article counts. */
    struct tally losses = {0};
    for (uint32_t i = 0; i < ntok; i++) {
        if (!cue_flag(c, i, CUE_P))
            continue;
        for (uint32_t j = i + 1, w = 0; j < ntok && w < 3; j++, w++)
            if (c->ti[j].actor >= 0) {
                const struct lex_actor *a = lex_actor(c->L, c->ti[j].actor);
                if (a->group && strcmp(a->group, "all"))
                    tally_add(&losses, a->group);
                break;
            }
    }
    int nl = 0;
    c->losses_group = tally_top(&losses, &nl);
    if (nl < 1 || losses.used > 1)
        c->losses_group = NULL;
    c->org_pos = 0;
    c->org_last = NULL;
    /* Armed men of no named side belong to the organization the article names most; a
     * state's army named most says nothing of whom it fought. */
    if (!c->fighters_group)
        c->fighters_group = tally_top(&orgs, NULL);
    /* Counted once the article's country is known: of two places of one name
     * («الرياض», Riyadh and a subdistrict of Kirkuk) the one it reads as. */
    for (uint32_t i = 0; i < ntok; i++)
        if (c->ti[i].place >= 0 && !across_border(c, 0, i)) {
            const struct lex_place *p = pick_place(c, c->ti[i].place, NULL);
            if (p->rank > 1) {
                tally_add(&places, p->id);
                nplaces++;
            }
        }
    int n = 0;
    const char *mp = tally_top(&places, &n);
    c->main_place = (mp && n >= 2 && n * 5 >= nplaces * 2) ? mp : NULL;
}

/* ------------------------------------------------------------------ sentence parts */

/* A place a sentence names that may be where its figures happened. */
struct splace {
    uint32_t tok;
    const struct lex_place *p;
    int frame;                /* LEX_PF_: «في حلب», «إلى بغداد», «جنوب صنعاء» */
};

#define SENT_PLACES 32        /* places kept per sentence for the figures' own places */
#define FIG_PLACE_WORDS 12    /* words around a figure in which its own place is named */

struct sent {
    uint32_t first, last;
    size_t index;
    struct num_list nums;
    struct date_list dates;
    char cc[3];               /* the sentence's country, from its places */
    const char *location;     /* the most specific place, for a figure naming none nearby */
    const char *location_to;  /* the first place travelled to, for the displaced */
    struct splace places[SENT_PLACES];
    size_t nplaces;
    int source;               /* source payload or NO_ENTRY */
    uint32_t src_tok, src_n;
    const char *state_group;  /* a state's forces named in the sentence */
};

/* A walk back over the words before a token, nearest first, within its sentence: at most
 * `left` words, punctuation skipped, and (with `clause`) no farther than a mark that closes
 * the phrase.  Most of the rules below look a few words back for a cue. */
struct back {
    uint32_t j, left, n;   /* the current word, words still allowed, words walked */
    int clause;
};

static struct back back_from(uint32_t tok, uint32_t words, int clause)
{
    return (struct back){tok, words, 0, clause};
}

/* Steps w to the previous word (w->j); 0 when the walk ends. */
static int back_next(const struct fig_ctx *c, const struct sent *s, struct back *w)
{
    while (w->left > 0 && w->j > s->first) {
        w->j--;
        if (!is_punct(c, w->j)) {
            w->left--;
            w->n++;
            return 1;
        }
        if (w->clause && is_break(c, w->j))
            return 0;
    }
    return 0;
}

/* The first word at or after token j, past punctuation; s->last when a mark that closes
 * the phrase («،», «.», «-», brackets) or the sentence's end comes first. */
static uint32_t next_word(const struct fig_ctx *c, const struct sent *s, uint32_t j)
{
    for (; j < s->last; j++) {
        if (!is_punct(c, j))
            return j;
        if (is_break(c, j))
            return s->last;
    }
    return s->last;
}

/* The country the words right after a place name give it: a nationality («ولاية هرات
 * الأفغانية») or a province or country («رفح شمال سيناء», «دوما بريف دمشق»). */
static const char *place_context(const struct fig_ctx *c, const struct sent *s, uint32_t i)
{
    uint32_t e = i + c->ti[i].place_n;
    for (uint32_t j = next_word(c, s, e), w = 0; j < s->last && w < 3;
         j = next_word(c, s, j + 1), w++) {
        /* «حصيبة قرب الحدود السورية»: the country of the border, not of the place */
        if (cue_flag(c, j, CUE_NB))
            return NULL;
        if (c->ti[j].actor >= 0) {
            const struct lex_actor *a = lex_actor(c->L, c->ti[j].actor);
            if (a->cls == ACLASS_NAT)
                return a->cc;
        }
        if (c->ti[j].place >= 0) {
            const struct lex_place *q = lex_place(c->L, c->ti[j].place);
            if (q->rank <= 2 && q->alt < 0)
                return q->cc;
        }
    }
    return NULL;
}


/* «واس- الرياض: ...», «الرياض - واس: ...», «فلان-سبق-الرياض: ...»: a place before the
 * colon that ends a dateline is where the report was filed, not where the event was.  The
 * dateline opens the sentence: a colon within its first DATELINE_MAX tokens, with a dash
 * before it or the place its first word. */
static int in_dateline(const struct fig_ctx *c, const struct sent *s, uint32_t i)
{
    int dash = 0;
    for (uint32_t j = s->first; j < s->last && j < s->first + DATELINE_MAX; j++) {
        if (tok_is(c, j, ":"))
            return j > i && (dash || i == s->first);
        if (tok_is(c, j, "-"))
            dash = 1;
        else if (is_break(c, j))
            return 0;
    }
    return 0;
}

static void sentence_places(struct fig_ctx *c, struct sent *s)
{
    int best_rank = 0, home = 0;
    /* «في منطقة الحراريات التابعة لقضاء الكرمة، شرقي الرمادي»: when the sentence names
     * places of the article's country, a name the gazetteer knows only abroad is not one
     * of them. */
    for (uint32_t i = s->first; i < s->last && c->doc_cc[0] && !home; i++)
        if (c->ti[i].place >= 0 &&
            !memcmp(pick_place(c, c->ti[i].place, NULL)->cc, c->doc_cc, 2))
            home = 1;
    for (uint32_t i = s->first; i < s->last; i++) {
        if (c->ti[i].place < 0)
            continue;
        if (across_border(c, s->first, i) || in_dateline(c, s, i)) {
            i += c->ti[i].place_n - 1;
            continue;
        }
        const char *want = place_context(c, s, i);
        const struct lex_place *p = pick_place(c, c->ti[i].place, want);
        if (home && !want && memcmp(p->cc, c->doc_cc, 2) && p->rank >= 3) {
            i += c->ti[i].place_n - 1;
            continue;
        }
        /* «هرات الأفغانية» when the gazetteer knows only Iran's Herat: the words say the
         * country, the name is not that place. */
        if (want && memcmp(p->cc, want, 2)) {
            s->cc[0] = want[0];
            s->cc[1] = want[1];
            i += c->ti[i].place_n - 1;
            continue;
        }
        if (!s->cc[0]) {
            s->cc[0] = p->cc[0];
            s->cc[1] = p->cc[1];
        }
        int frame = lex_place_frame(c->L, c->t, c->tk, s->first, i);
        if (s->nplaces < SENT_PLACES)
            s->places[s->nplaces++] = (struct splace){i, p, frame};
        /* «نقل الجرحى إلى العاصمة بغداد»: not where the event was */
        if (frame == LEX_PF_TO && !s->location_to)
            s->location_to = p->id;
        if (p->rank > best_rank && frame != LEX_PF_TO) {
            best_rank = p->rank;
            s->location = p->id;
            s->cc[0] = p->cc[0];
            s->cc[1] = p->cc[1];
        }
        i += c->ti[i].place_n - 1;
    }
    if (!s->location)
        s->location = c->main_place;
    for (uint32_t i = s->first; i < s->last && !s->state_group; i++)
        if (c->ti[i].actor >= 0) {
            const struct lex_actor *a = lex_actor(c->L, c->ti[i].actor);
            if (a->kind == GROUP_STATE)
                s->state_group = a->group;
        }
}

/* The speech word at token i has no named subject after it («وأضاف أن ...», «وقالت في
 * بيانها ...», «مضيفا: ...»), so the speaker is the one of the sentences before. */
static int unnamed_speaker(const struct fig_ctx *c, const struct sent *s, uint32_t i)
{
    static const char *const next_ok[] = {
        "\xD8\xA7\xD9\x86", "\xD8\xA7\xD9\x86\xD9\x87", "\xD8\xA7\xD9\x86\xD9\x87\xD8\xA7",
        "\xD8\xA7\xD9\x86\xD9\x87\xD9\x85", "\xD8\xA8\xD8\xA7\xD9\x86", "\xD9\x81\xD9\x8A",
        "\xD8\xA7\xD9\x84\xD9\x8A", "\xD9\x83\xD8\xB0\xD9\x84\xD9\x83",
    };
    uint32_t j = i + c->ti[i].cue_n;
    if (j >= s->last || is_punct(c, j))
        return 1;
    for (size_t q = 0; q < sizeof next_ok / sizeof *next_ok; q++)
        if (tok_is(c, j, next_ok[q]))
            return 1;
    return 0;
}

static int has_speech_after(const struct fig_ctx *c, const struct sent *s, uint32_t from)
{
    for (uint32_t j = from; j < s->last; j++)
        if (cue_flag(c, j, CUE_S))
            return 1;
    return 0;
}

/* The attributed source: after «وفق»/«بحسب»..., or the subject of «قال»/«أفاد»... */
static void sentence_source(struct fig_ctx *c, struct sent *s)
{
    int has_speech = 0;
    s->source = NO_ENTRY;
    for (uint32_t i = s->first; i < s->last; i++) {
        if (!has_speech && cue_flag(c, i, CUE_S | CUE_A))
            has_speech = unnamed_speaker(c, s, i) ? 1 : -1;
        if (c->ti[i].src < 0)
            continue;
        int ok = 0, words = 0;
        for (uint32_t j = i; j-- > s->first && words < 4 && !ok;) {
            if (is_punct(c, j))
                continue;
            words++;
            if ((cue_flag(c, j, CUE_A) && words <= 3) || cue_flag(c, j, CUE_S))
                ok = 1;
        }
        uint32_t e = i + c->ti[i].src_n;
        words = 0;
        /* «مصادر مطلعة أفادت», «وزارة الداخلية التركية: ...» */
        for (uint32_t j = e; j < s->last && words < 2 && !ok; j++) {
            if (tok_is(c, j, ":"))
                ok = 1;
            if (is_punct(c, j))
                continue;
            if (cue_flag(c, j, CUE_S) && words == 0)
                ok = 1;
            words++;
        }
        /* «محافظ الحسكة وجه ... مضيفا أن ...»: the subject opening the sentence speaks. */
        if (!ok && has_speech_after(c, s, e)) {
            uint32_t w = 0;
            for (uint32_t j = s->first; j < i; j++)
                if (!is_punct(c, j))
                    w++;
            ok = w <= 1;
        }
        if (ok) {
            s->source = c->ti[i].src;
            s->src_tok = i;
            s->src_n = c->ti[i].src_n;
            break;
        }
        i = e - 1;
    }
    if (s->source >= 0) {
        c->speaker = s->source;
        c->speaker_tok = s->src_tok;
        c->speaker_n = s->src_n;
        c->speaker_sent = s->index;
    } else if (has_speech > 0 && c->speaker >= 0 && s->index - c->speaker_sent <= 3) {
        /* «وأضاف ...», «ولاحظت في بيانها ...»: the speaker of the sentences before. */
        s->source = c->speaker;
        s->src_tok = c->speaker_tok;
        s->src_n = c->speaker_n;
        c->speaker_sent = s->index;
    }
}

static const char *sent_cc(const struct fig_ctx *c, const struct sent *s)
{
    return s->cc[0] ? s->cc : c->doc_cc[0] ? c->doc_cc : NULL;
}

/* The side of country cc's soldiers in sentence s: the row for the sentence's country,
 * else for the article's, else for anywhere (data/armies.tsv). */
static const char *army_group(const struct fig_ctx *c, const struct sent *s, const char *cc,
                              const char **actor)
{
    const struct lex_army *a = lex_army(c->L, cc, s->cc[0] ? s->cc : NULL);
    if (a && !a->where[0] && c->doc_cc[0])
        a = lex_army(c->L, cc, c->doc_cc);
    if (!a)
        return NULL;
    if (actor)
        *actor = a->actor;
    return a->group;
}

/* Resolves a context class to a group: a state's forces by the sentence's state or
 * country (data/armies.tsv), «التنظيم» by the organization named last, the article's
 * fighters, and the rest by the rules of data/sides.tsv (source, then country). */
static const char *resolve_class(struct fig_ctx *c, const struct sent *s,
                                 const struct lex_actor *a, uint32_t at, const char **actor)
{
    const char *cc = sent_cc(c, s);
    const char *src = s->source >= 0 ? lex_source(c->L, s->source)->id : NULL;
    const char *g;
    switch (a->cls) {
    case ACLASS_SOLDIER:
    case ACLASS_GOV:
        if (s->state_group)
            return s->state_group;
        return cc ? army_group(c, s, cc, actor) : NULL;
    case ACLASS_ORG:
        return last_org(c, at);
    case ACLASS_FIGHTER:
        if (c->fighters_group)
            return c->fighters_group;
        g = lex_side(c->L, a->cls, cc, src, 0);
        return g ? g : c->doc_cc[0] ? lex_side(c->L, a->cls, c->doc_cc, src, 0) : NULL;
    case ACLASS_NAT:
        return "civilians";
    default:
        g = lex_side(c->L, a->cls, cc, src, 0);
        /* «مرتزقة» in an article about Yemen, though the sentence names another country. */
        if (!g && c->doc_cc[0])
            g = lex_side(c->L, a->cls, c->doc_cc, src, 0);
        if (!g)
            g = lex_side(c->L, a->cls, NULL, NULL, 1);
        if (g && !strcmp(g, "@fighters"))
            return c->fighters_group;
        return g;
    }
}

/* The side of the actor at token j: its group, or its context class resolved; *actor
 * gets the finer id (the group's when there is none). */
static const char *actor_side(struct fig_ctx *c, const struct sent *s, uint32_t j,
                              const char **actor)
{
    const struct lex_actor *a = lex_actor(c->L, c->ti[j].actor);
    const char *fine = NULL;
    const char *g = a->group ? a->group : resolve_class(c, s, a, j, &fine);
    *actor = a->group ? a->actor : fine ? fine : g;
    return g;
}

/* ------------------------------------------------------------------ counts */

static int is_side(const char *g)
{
    return g && strcmp(g, "unknown") && strcmp(g, "all");
}

static int is_armed(const char *g)
{
    return is_side(g) && strcmp(g, "civilians");
}

static int written_as_year(const struct fig_ctx *c, const struct num_match *m);
static int since_before(const struct fig_ctx *c, const struct sent *s, uint32_t b);
static int since_near(const struct fig_ctx *c, const struct sent *s, uint32_t b);

static int is_person_word(const struct fig_ctx *c, uint32_t i)
{
    const struct lex_cue *q = cue_at(c, i);
    return c->ti[i].actor >= 0 || (q && (q->ncat || (q->flags & (CUE_F | CUE_L | CUE_U))));
}

/* 1 when token i's cue is the word as written, without a proclitic: the noun counted
 * («30 انفجارا») rather than a phrase after the count («30 بانفجار»). */
static int bare_word_cue(const struct fig_ctx *c, uint32_t i)
{
    size_t n;
    const char *w = tok_s(c, i, &n);
    uint16_t st[2] = {0, 4}, ln[2];
    int pl = -1, nst = 1;
    ln[0] = (uint16_t)(n > 255 ? 255 : n);
    /* The article is no preposition: «ملايين الدولارات» counts dollars. */
    if (n > 6 && !memcmp(w, "\xD8\xA7\xD9\x84", 4)) {
        ln[1] = (uint16_t)(ln[0] - 4);
        nst = 2;
    }
    return lex_match(c->L, LEX_CUE, c->t, c->tk, i, i + c->ti[i].cue_n, st, ln, nst, &pl) &&
           pl == c->ti[i].cue;
}

/* 1 when the word right after the count is a counted noun of people joined to the
 * preposition «ل» («مليون ريال ومائة ألف لشهداء طوارئ عسير», «500 للمصابين»): the count is
 * of something given to them, not of them.  A noun that begins with lam as written
 * («100 لاجئ») is no such case. */
static int for_the_victims(const struct fig_ctx *c, const struct num_match *m, uint32_t i)
{
    const struct lex_cue *q = cue_at(c, i);
    size_t n;
    const char *w = tok_s(c, i, &n);
    return i == m->tok_last && q && (q->ncat || (q->flags & CUE_U)) && n > 2 &&
           !memcmp(w, "\xD9\x84", 2) && !bare_word_cue(c, i);
}

/* More people than any war has killed, held or driven out in one report: a larger count
 * (or range bound) is a number of something else, or a typing slip. */
#define FIG_MAX_COUNT 5e7

/* Fills the noun after the count and tells whether the count is of people at all. */
static int count_ok(struct fig_ctx *c, const struct sent *s, struct cand *k)
{
    const struct num_match *m = k->m;
    if (m->kind != NUM_CARDINAL || m->unit != NUMU_NONE)
        return 0;
    if (!m->has_value && m->qual != NUMQ_RANGE && m->qual != NUMQ_VAGUE)
        return 0;
    /* «عدد من», «بعض», «العديد من» say too little; «عشرات», «مئات», «آلاف» are figures. */
    if (m->qual == NUMQ_VAGUE && (!m->has_low || m->low < 10))
        return 0;
    if (m->has_value && (!(m->value >= 1 && m->value <= FIG_MAX_COUNT) ||
                         m->value != (double)(int64_t)m->value))
        return 0;
    if ((m->has_low && m->low > FIG_MAX_COUNT) || (m->has_high && m->high > FIG_MAX_COUNT))
        return 0;
    k->noun = UINT32_MAX;
    if (m->noun_tok != NUM_NO_TOK)
        k->noun = m->noun_tok;
    else
        for (uint32_t j = m->tok_last; j < s->last; j++)
            if (!is_punct(c, j) || tok_is(c, j, "%")) {
                k->noun = j;
                break;
            }
    if (k->noun != UINT32_MAX) {
        /* «50 Cent», «F 16»: a Latin word after the number names a thing. */
        if (c->tk->tok[k->noun].kind == RASD_TOK_LATIN && k->noun == m->tok_last)
            return 0;
        if (cue_flag(c, k->noun, CUE_X) && !cue_at(c, k->noun)->ncat && bare_word_cue(c, k->noun))
            return 0;
        if (cue_flag(c, k->noun, CUE_U))
            k->unit_family = 1;
        if (for_the_victims(c, m, k->noun))
            return 0;
    }
    /* «بحجر واحد»: a noun of things before «واحد» is what is counted */
    if (m->noun_tok != NUM_NO_TOK && m->noun_tok < m->num_first &&
        cue_flag(c, m->noun_tok, CUE_X))
        return 0;
    /* «أربعة أشخاص من عائلة واحدة»: one family is no count. */
    if (m->noun_tok != NUM_NO_TOK && cue_flag(c, m->noun_tok, CUE_U) && m->has_value &&
        m->value == 1)
        return 0;
    /* Scores and date-like pairs: «3-1», «2 مقابل 1». */
    uint32_t e = m->tok_last;
    if (e + 1 < s->last && (tok_is(c, e, "-") || tok_is(c, e, "/") || tok_is(c, e, "+")) &&
        c->tk->tok[e + 1].kind == RASD_TOK_NUMBER)
        return 0;
    if (m->tok_first > s->first + 1 && (tok_is(c, m->tok_first - 1, "-") ||
                                        tok_is(c, m->tok_first - 1, "/") ||
                                        tok_is(c, m->tok_first - 1, "+")) &&
        c->tk->tok[m->tok_first - 2].kind == RASD_TOK_NUMBER)
        return 0;
    for (struct back w = back_from(m->tok_first, 3, 0); back_next(c, s, &w);)
        if (cue_flag(c, w.j, CUE_C))
            return 0;
    /* «الأشهر الأربعة»: a number word with the article after a noun of things is that
     * noun's adjective («the four months»), as «الجنود الأربعة» would be the soldiers'. */
    if (m->tok_first > s->first && m->num_first == m->tok_first &&
        cue_flag(c, m->tok_first - 1, CUE_X) && !cue_at(c, m->tok_first - 1)->ncat &&
        c->tk->tok[m->num_first].kind == RASD_TOK_ARABIC) {
        size_t n;
        const char *w = tok_s(c, m->num_first, &n);
        if (n > 4 && !memcmp(w, "\xD8\xA7\xD9\x84", 4))
            return 0;
    }
    /* «مقر اللواء 22», «الفرقة 30»: the number names the unit, unless people are counted
     * after it («قتلت الكتيبة 12 مسلحا»). */
    if (m->tok_first > s->first && cue_flag(c, m->tok_first - 1, CUE_NAMED) &&
        !(k->noun != UINT32_MAX && (c->ti[k->noun].actor >= 0 ||
                                    (cue_at(c, k->noun) && cue_at(c, k->noun)->ncat))))
        return 0;
    for (uint32_t j = e, d = 0; j < s->last && d < 2; j++) {
        if (is_punct(c, j))
            continue;
        d++;
        if (cue_flag(c, j, CUE_C))
            return 0;
    }
    /* A bare year: only a counted noun right after it makes it a count. */
    if (m->has_value && m->qual == NUMQ_EXACT && m->value >= 1900 && m->value <= 2100 &&
        written_as_year(c, m)) {
        const struct lex_cue *q = k->noun == UINT32_MAX ? NULL : cue_at(c, k->noun);
        if (k->noun == UINT32_MAX || k->noun != m->tok_last ||
            !(c->ti[k->noun].actor >= 0 || (q && (q->ncat || (q->flags & CUE_U)))))
            return 0;
    }
    /* Clock times, codes and zero-padded parts of dates («02:51:08», «08»). */
    for (uint32_t j = m->num_first; j < m->num_last; j++) {
        size_t n;
        const char *w = tok_s(c, j, &n);
        if (c->tk->tok[j].kind == RASD_TOK_NUMBER && n > 1 && w[0] == '0')
            return 0;
    }
    if ((e < s->last && tok_is(c, e, ":") && e + 1 < s->last &&
         c->tk->tok[e + 1].kind == RASD_TOK_NUMBER) ||
        (m->tok_first > s->first + 1 && tok_is(c, m->tok_first - 1, ":") &&
         c->tk->tok[m->tok_first - 2].kind == RASD_TOK_NUMBER))
        return 0;
    return 1;
}

/* An event verb or noun within two words before the count. */
static int verb_right_before(const struct fig_ctx *c, const struct sent *s,
                             const struct cand *k)
{
    for (struct back bw = back_from(k->m->tok_first, 3, 0); back_next(c, s, &bw);) {
        uint32_t j = bw.j;
        const struct lex_cue *q = cue_at(c, j);
        if (q && q->vcat)
            return 1;
    }
    return 0;
}

/* 1: a counted noun right after the count (past punctuation, «منهم», the side's noun). */
static int by_noun(struct fig_ctx *c, const struct sent *s, struct cand *k)
{
    const struct num_match *m = k->m;
    uint32_t from = m->noun_tok != NUM_NO_TOK ? m->noun_tok : m->tok_last;
    int words = 0;
    for (uint32_t j = from; j < s->last && words < 3; j++) {
        if (is_punct(c, j)) {
            /* «1592- حالة وفاة»: a dash glued to the number is no break. */
            if (is_break(c, j) && !(j == m->tok_last && tok_is(c, j, "-")))
                break;
            continue;
        }
        const struct lex_cue *q = cue_at(c, j);
        /* «162 إصابة» counts injuries; «115 شخصا وإصابة 170» does not. */
        if (q && q->ncat && q->vcat && (words > 0 || !bare_word_cue(c, j)))
            q = NULL;
        if (q && q->ncat && words > 1 && verb_right_before(c, s, k))
            return 0; /* «فرار عدد من الجهاديين المعتقلين»: the verb governs */
        if (q && q->ncat) {
            k->cat = q->ncat;
            k->cue_first = j;
            k->cue_last = j + c->ti[j].cue_n;
            return 1;
        }
        words++;
        if (!(q && (q->flags & (CUE_L | CUE_F))) && c->ti[j].actor < 0)
            break;
    }
    return 0;
}

/* An event verb right after the count or its noun («و32 أصيبوا», «و9 جنود قتلوا»):
 * sets the category and returns 1. */
static int verb_right_after(const struct fig_ctx *c, const struct sent *s, struct cand *k)
{
    uint32_t j = k->m->tok_last;
    const struct lex_cue *nq = k->noun != UINT32_MAX ? cue_at(c, k->noun) : NULL;
    if (k->noun != UINT32_MAX && k->noun >= j && k->noun < s->last &&
        (c->ti[k->noun].actor >= 0 || (nq && nq->ncat && !nq->vcat)))
        j = k->noun + (c->ti[k->noun].actor >= 0 ? c->ti[k->noun].actor_n : 1);
    if (j >= s->last || is_punct(c, j))
        return 0;
    const struct lex_cue *q = cue_at(c, j);
    if (!q || !q->vcat || (q->flags & (CUE_U | CUE_Y | CUE_R)) || bare_word_cue(c, j) == 0)
        return 0;
    k->cat = q->vcat;
    k->cue_first = j;
    k->cue_last = j + c->ti[j].cue_n;
    return 1;
}

static int blocked_between(const struct fig_ctx *c, uint32_t a, uint32_t b)
{
    for (uint32_t j = a; j < b; j++) {
        const struct lex_cue *q = cue_at(c, j);
        if (q && (q->vcat || (q->flags & (CUE_S | CUE_A))))
            return 1;
    }
    return 0;
}

/* The words after a count that are not known to be of people stop distant attachments. */
static int noun_plausible(const struct fig_ctx *c, const struct cand *k)
{
    if (k->noun == UINT32_MAX)
        return 0;
    if (k->m->noun_tok != NUM_NO_TOK)
        return is_person_word(c, k->m->noun_tok);
    const rasd_token *t = &c->tk->tok[k->noun];
    if (t->kind != RASD_TOK_ARABIC)
        return 1;
    /* «ثلاثة من آلياته»: what «من» counts. */
    if (tok_is(c, k->noun, MIN) && k->noun + 1 < c->tk->ntok &&
        cue_flag(c, k->noun + 1, CUE_X) && c->ti[k->noun + 1].actor < 0)
        return 0;
    return is_person_word(c, k->noun) || c->ti[k->noun].place >= 0 || cue_at(c, k->noun);
}

/* A total word («حصيلة», «عدد») right before token j. */
static int total_before(const struct fig_ctx *c, const struct sent *s, uint32_t j)
{
    while (j-- > s->first) {
        if (is_punct(c, j))
            continue;
        return cue_flag(c, j, CUE_T) || tok_is(c, j, "\xD8\xB9\xD8\xAF\xD8\xAF");
    }
    return 0;
}

/* The count is of people: a word of people right after it («9 من مقاتليها», «125 ألف
 * جندي»), not just any word («1-4 بعد», «120 نقطة»). */
static int others_after(const struct fig_ctx *c, const struct sent *s, const struct cand *k);

static int people_after(const struct fig_ctx *c, const struct sent *s, const struct cand *k)
{
    /* «وأصابوا عشرة آخرين»: others are more people. */
    if (others_after(c, s, k))
        return 1;
    if (k->m->noun_tok != NUM_NO_TOK)
        return is_person_word(c, k->m->noun_tok);
    uint32_t j = k->m->tok_last;
    if (j < s->last && tok_is(c, j, MIN))
        j++;
    if (j >= s->last)
        return 0;
    const struct lex_cue *q = cue_at(c, j);
    return c->ti[j].actor >= 0 || (q && q->ncat);
}

/* An armed side is named in [a, b), with no break: the subject of a verb before a count. */
static int subject_between(const struct fig_ctx *c, uint32_t a, uint32_t b)
{
    int armed = 0;
    for (uint32_t j = a; j < b; j++) {
        if (is_punct(c, j) && is_break(c, j))
            return 0;
        if (c->ti[j].actor >= 0) {
            const struct lex_actor *x = lex_actor(c->L, c->ti[j].actor);
            if (!x->group || strcmp(x->group, "civilians"))
                armed = 1;
        }
    }
    return armed;
}

/* Token i is written with the article: «ال», «وال», «بال», «لل», «فال», «كال». */
static int has_article(const struct fig_ctx *c, uint32_t i)
{
    size_t n;
    const char *w = tok_s(c, i, &n);
    static const char *const pre[] = {"\xD8\xA7\xD9\x84", "\xD9\x88\xD8\xA7\xD9\x84",
                                      "\xD8\xA8\xD8\xA7\xD9\x84", "\xD9\x84\xD9\x84",
                                      "\xD9\x81\xD8\xA7\xD9\x84", "\xD9\x83\xD8\xA7\xD9\x84"};
    for (size_t p = 0; p < sizeof pre / sizeof *pre; p++) {
        size_t l = strlen(pre[p]);
        if (n > l + 4 && !memcmp(w, pre[p], l))
            return 1;
    }
    return 0;
}

static int by_before(struct fig_ctx *c, const struct sent *s, struct cand *k)
{
    for (struct back bw = back_from(k->m->tok_first, 24, 0); back_next(c, s, &bw);) {
        uint32_t j = bw.j;
        /* A cue of several words is found at its first token. */
        const struct lex_cue *q = cue_at(c, j);
        /* «حصيلة قتلى قوات النظام ... 50»: a counted noun under a total reads as a cue. */
        int cat = q && !(q->flags & CUE_R) ? q->vcat : 0, window = q ? q->window : 0;
        /* «الأسر المعيشية», «العوائل والأسر»: with the article, «أسر» is families. */
        if (cat && (q->flags & CUE_U) && has_article(c, j))
            cat = 0;
        if (q && !cat && q->ncat && total_before(c, s, j)) {
            cat = q->ncat;
            window = 10;
        }
        if (!cat)
            continue;
        uint32_t words = bw.n - 1; /* words between the cue's first token and the count */
        uint32_t span = c->ti[j].cue_n;
        if (words >= span)
            words -= span - 1;
        /* «وخطف مسلحون يشتبه في انتمائهم لجماعة بوكو حرام أكثر من 200 تلميذة»: a
         * subject of the verb may stand between it and a count of people. */
        if (words > (uint32_t)window &&
            !(words <= (uint32_t)window + 4 && k->noun != UINT32_MAX &&
              c->ti[k->noun].actor >= 0 && subject_between(c, j + span, k->m->tok_first)))
            return 0;
        if (words > 2 && !noun_plausible(c, k))
            return 0;
        if (q && (q->flags & CUE_Y) && !people_after(c, s, k))
            return 0;
        k->cat = cat;
        k->cue_first = j;
        k->cue_last = j + span;
        return 1;
    }
    return 0;
}

/* The opener of a phrase split by its count («سلم ... أنفسهم», «لقي ... حتفه») within
 * `words` words before the count, in its clause. */
static int opener_before(const struct fig_ctx *c, const struct sent *s, const struct cand *k,
                         uint32_t words)
{
    for (struct back w = back_from(k->m->tok_first, words, 1); back_next(c, s, &w);)
        if (cue_flag(c, w.j, CUE_O))
            return 1;
    return 0;
}

/* «عاد 300 ألف نازح», «عادت 400 عائلة»: people going home are no displacement figure. A
 * return word right before the count or right after its noun says so. */
static int returning(const struct fig_ctx *c, const struct sent *s, const struct cand *k)
{
    for (struct back w = back_from(k->m->tok_first, 3, 1); back_next(c, s, &w);)
        if (cue_flag(c, w.j, CUE_W | CUE_D))
            return 1;
    uint32_t from = k->m->tok_last;
    if (k->noun != UINT32_MAX && k->noun + 1 > from)
        from = k->noun + 1;
    for (uint32_t j = from, d = 0; j < s->last && d < 2; j++) {
        if (is_punct(c, j))
            break;
        d++;
        if (cue_flag(c, j, CUE_W | CUE_D))
            return 1;
    }
    return 0;
}

/* 1 when digits follow token j at once, past brackets («كما أصيب (120)»): a verb there
 * governs its own count, not the one before it. */
static int governs_count(const struct fig_ctx *c, const struct sent *s, uint32_t j)
{
    while (j < s->last && (tok_is(c, j, "(") || tok_is(c, j, "[")))
        j++;
    return j < s->last && c->tk->tok[j].kind == RASD_TOK_NUMBER;
}

static int by_after(struct fig_ctx *c, const struct sent *s, struct cand *k, uint32_t from)
{
    uint32_t d = 0, reach = 8;
    /* «ارتفع إلى 25 عدد عناصر قوات النظام ... الذين قضوا»: the count names a number of
     * people described at length before their verb. */
    if (k->noun != UINT32_MAX && tok_is(c, k->noun, "\xD8\xB9\xD8\xAF\xD8\xAF"))
        reach = 14;
    /* «لقي 13 عنصرا من المتمردين الحوثيين وقوات الرئيس السابق ... مصرعهم»: the opener
     * holds the phrase open over a long subject. */
    if (opener_before(c, s, k, 2))
        reach = 16;
    for (uint32_t j = from; j < s->last && d < reach; j++) {
        if (is_punct(c, j)) {
            if (tok_is(c, j, ".") || tok_is(c, j, ";"))
                return 0;
            continue;
        }
        d++;
        const struct lex_cue *q = cue_at(c, j);
        /* «سلم 50 مسلحا أنفسهم»: a phrase's tail holds only with its opener before. */
        /* «سلم آخرون يقدر عددهم ب 35 شخصا أنفسهم»: the opener may stand further back;
         * a tail without one ends the search («وجد 200 طالب أنفسهم»). */
        if (q && (q->flags & CUE_R) && !opener_before(c, s, k, 8))
            return 0;
        /* «المئات من الأسر»: after a count, «أسر» is families, not «captured»; «خسرت»
         * after a count is no loss of it. */
        if (q && q->vcat && !(q->flags & (CUE_U | CUE_Y))) {
            if (!noun_plausible(c, k) || governs_count(c, s, j + c->ti[j].cue_n))
                return 0;
            k->cat = q->vcat;
            k->cue_first = j;
            k->cue_last = j + c->ti[j].cue_n;
            return 1;
        }
        if (q && (q->flags & (CUE_S | CUE_A)))
            return 0;
    }
    return 0;
}

/* 1 when the actor word at token i carries a pronoun suffix («مقاتليه», «عناصرها»): it
 * matched through the clitic splitter, not as written, and ends in ه, ها, هم or هما. */
static int possessive(const struct fig_ctx *c, uint32_t i)
{
    size_t n;
    const char *w = tok_s(c, i, &n);
    uint16_t st[2] = {0, 4}, ln[2];
    int pl = -1, nst = 1;
    if (n < 4)
        return 0;
    int suffixed = (n >= 2 && !memcmp(w + n - 2, "\xD9\x87", 2)) ||
                   (n >= 4 && (!memcmp(w + n - 4, "\xD9\x87\xD8\xA7", 4) ||
                               !memcmp(w + n - 4, "\xD9\x87\xD9\x85", 4)));
    if (!suffixed)
        return 0;
    ln[0] = (uint16_t)(n > 255 ? 255 : n);
    if (n > 6 && !memcmp(w, "\xD8\xA7\xD9\x84", 4)) {
        ln[1] = (uint16_t)(ln[0] - 4);
        nst = 2;
    }
    return !lex_match(c->L, LEX_ACTOR, c->t, c->tk, i, i + c->ti[i].actor_n, st, ln, nst, &pl);
}

/* A total word («حصيلة», «منذ بدء»), or a toll running since a date a year or more back
 * («منذ منتصف آذار 2011»). */
static int generic_people(const struct lex_actor *a)
{
    /* «رجال المقاومة»: men of the side named after them. */
    return !strcmp(a->actor, "people") || !strcmp(a->actor, "men") ||
           !strcmp(a->actor, "foreigners") || !strcmp(a->actor, "members");
}

/* The token of the people joined by «و» to those at token j («الجنود والمدنيين»,
 * «الفصائل المقاتلة و داعش»), or UINT32_MAX. */
static uint32_t joined_actor(const struct fig_ctx *c, const struct sent *s, uint32_t j)
{
    uint32_t e = j + c->ti[j].actor_n;
    if (e >= s->last)
        return UINT32_MAX;
    if (tok_is(c, e, WAW))
        e++;
    else if (c->tk->tok[e].kind != RASD_TOK_ARABIC ||
             c->tk->tok[e].nend - c->tk->tok[e].nstart <= 2 ||
             memcmp(c->t->s + c->tk->tok[e].nstart, WAW, 2))
        return UINT32_MAX;
    return e < s->last && c->ti[e].actor >= 0 ? e : UINT32_MAX;
}

/* «من الفصائل المقاتلة وداعش»: the side at token j is joined by «و» to another side. */
static int second_side(const struct fig_ctx *c, const struct sent *s, uint32_t j,
                       const char *g)
{
    uint32_t e = joined_actor(c, s, j);
    if (e == UINT32_MAX)
        return 0;
    const struct lex_actor *b = lex_actor(c->L, c->ti[e].actor);
    return b->group && is_armed(b->group) && is_armed(g) && strcmp(b->group, g);
}

static int armed_class(const struct fig_ctx *c, uint32_t j)
{
    int cls = lex_actor(c->L, c->ti[j].actor)->cls;
    return cls == ACLASS_SOLDIER || cls == ACLASS_FIGHTER || cls == ACLASS_GOV ||
           cls == ACLASS_MILITIA;
}

/* «من المدنيين ورجال الأمن», «من الجنود والمدنيين»: the people at token j and those joined
 * to them by «و» are of two sides (one of them civilians), so the count is of every side. */
static int mixed_pair(struct fig_ctx *c, const struct sent *s, uint32_t j)
{
    uint32_t e = joined_actor(c, s, j);
    if (e == UINT32_MAX)
        return 0;
    const char *a1, *a2;
    const char *g1 = actor_side(c, s, j, &a1), *g2 = actor_side(c, s, e, &a2);
    /* one of them civilians, the other a side or men under arms of a side left unsaid */
    int civ1 = g1 && !strcmp(g1, "civilians"), civ2 = g2 && !strcmp(g2, "civilians");
    int arm1 = !civ1 && (is_side(g1) || armed_class(c, j));
    int arm2 = !civ2 && (is_side(g2) || armed_class(c, e));
    return (civ1 && arm2) || (civ2 && arm1);
}

static int sentence_total(const struct fig_ctx *c, const struct sent *s)
{
    for (uint32_t j = s->first; j < s->last; j++)
        if (cue_flag(c, j, CUE_T))
            return 1;
    for (size_t d = 0; d < s->dates.n && c->pub.y; d++) {
        const struct date_match *m = &s->dates.v[d];
        if (m->resolved && m->date.y && m->date.y < c->pub.y && since_near(c, s, m->tok_first))
            return 1;
    }
    return 0;
}

/* «... منهم» at token at: the side named before the count, not the side striking
 * («غارات ... على مواقع حوثية ... مقتل 16 منهم»), unless a number follows («استشهاد 15
 * منهم 12 من ...» opens the count's parts).  Sets k's side and returns 1 when found. */
static int back_side(struct fig_ctx *c, const struct sent *s, struct cand *k, uint32_t at)
{
    if (at + 1 < s->last && c->tk->tok[at + 1].kind == RASD_TOK_NUMBER)
        return 0;
    for (struct back bw = back_from(k->m->tok_first, 15, 0); back_next(c, s, &bw);) {
        uint32_t j = bw.j;
        if (c->ti[j].actor < 0)
            continue;
        if (j > s->first && cue_flag(c, j - 1, CUE_B))
            continue;
        const char *actor;
        const char *g = actor_side(c, s, j, &actor);
        if (g && strcmp(g, "all")) {
            k->group = g;
            k->actor = actor;
            return 1;
        }
    }
    return 0;
}

/* «في صفوف مقاتلي المعارضة ... 42 ألفا»: a side named right after a word of losses in
 * the clause before the count. */
static int losses_before(struct fig_ctx *c, const struct sent *s, const struct cand *k)
{
    for (struct back w = back_from(k->m->tok_first, 12, 1); back_next(c, s, &w);) {
        uint32_t j = w.j;
        if (!cue_flag(c, j, CUE_P))
            continue;
        for (uint32_t e = j + c->ti[j].cue_n, w2 = 0; e < k->m->tok_first && w2 < 3; e++, w2++)
            if (c->ti[e].actor >= 0) {
                const struct lex_actor *a = lex_actor(c->L, c->ti[e].actor);
                if (a->group ? is_armed(a->group) : a->cls != ACLASS_NAT)
                    return 1;
            }
    }
    return 0;
}

/* The side of a count: the words after it, then whose losses precede it. */
static void find_group(struct fig_ctx *c, const struct sent *s, struct cand *k, uint32_t next)
{
    const struct lex_actor *explicit_a = NULL, *cls_a = NULL, *nat_a = NULL;
    uint32_t cls_at = 0, words = 0;
    uint32_t end = next < s->last ? next : s->last;
    int partitive = 0;
    /* «منتسبين اثنين»: a number after its noun. */
    uint32_t from = k->m->tok_first;
    if (k->m->noun_tok != NUM_NO_TOK && k->m->noun_tok < from)
        from = k->m->noun_tok;
    /* One and two follow their noun as adjectives: «منتسبين اثنين», «مدني واحد». */
    if (from == k->m->tok_first && from > s->first && k->m->has_value &&
        (k->m->value == 1 || k->m->value == 2) &&
        c->tk->tok[k->m->num_first].kind == RASD_TOK_ARABIC && c->ti[from - 1].actor >= 0)
        from--;
    for (uint32_t j = from; j < end && words < 8; j++) {
        if (j >= k->m->tok_last && is_punct(c, j)) {
            if (is_break(c, j))
                break;
            continue;
        }
        /* «35 مسلحا سلموا أنفسهم للمقاومة»: past the tail of a split phrase, its
         * recipient follows, not the count's side. */
        if (k->how == 4 && k->cue_first >= k->m->tok_last && j >= k->cue_first &&
            cue_flag(c, k->cue_first, CUE_R))
            break;
        if (j >= k->m->tok_last) {
            words++;
            if (words == 1 && of_them_from(c, j, end))
                continue;
            const struct lex_cue *q = cue_at(c, j);
            if (q && (q->vcat || (q->flags & (CUE_S | CUE_A | CUE_L | CUE_B | CUE_J))) &&
                (j < k->cue_first || j >= k->cue_last))
                break;
            if (q && (q->flags & CUE_X) && j != k->noun && c->ti[j].actor < 0)
                break;
            /* Past a word of unknown role, a side named later is not this count's
             * («6 جنود سعوديين بنيران الحوثيين», «9 آلاف جريح منذ دخول الحوثيين»); the
             * counted noun itself may be unknown («5 صيادين من ...»). */
            if (tok_is(c, j, MIN)) {
                /* «من كبار قادة داعش», «من مليشيا الحشد»: a partitive runs through. */
                partitive = 2;
            } else if (c->ti[j].actor < 0 && j != k->noun &&
                       c->tk->tok[j].kind == RASD_TOK_ARABIC &&
                       (j < k->cue_first || j >= k->cue_last) &&
                       !(q && (q->ncat || (q->flags & (CUE_F | CUE_P | CUE_U))))) {
                if (partitive-- <= 0)
                    break;
            }
        }
        if (c->ti[j].actor < 0)
            continue;
        const struct lex_actor *a = lex_actor(c->L, c->ti[j].actor);
        /* «9 أشخاص يشتبه بانتمائهم إلى داعش»: a side named after a generic noun of
         * people says more than the noun. */
        if (a->group && (!explicit_a || (generic_people(explicit_a) &&
                                          strcmp(a->group, "civilians"))))
            explicit_a = a;
        else if (a->cls == ACLASS_NAT || a->cls == ACLASS_KURD) {
            if (!nat_a)
                nat_a = a;
        } else if (a->cls && (!cls_a || (cls_a->cls == ACLASS_FIGHTER &&
                                         a->cls != ACLASS_FIGHTER))) {
            /* «عناصر الجيش»: the army says more than «عناصر». */
            cls_a = a;
            cls_at = j;
        }
        if ((explicit_a == a && is_armed(a->group) && second_side(c, s, j, a->group)) ||
            (partitive > 0 && mixed_pair(c, s, j))) {
            k->group = k->actor = "all";
            return;
        }
        j += c->ti[j].actor_n - 1;
        if (explicit_a && !generic_people(explicit_a))
            break;
    }
    /* «مقتل 210 آلاف شخص منذ بدء النزاع»: people counted in a toll are every side, unless
     * whose losses they are precedes («حصيلة القتلى في صفوف مقاتلي المعارضة بلغت 42 ألفا
     * و384 شخصا»). */
    int losses = explicit_a && generic_people(explicit_a) && losses_before(c, s, k);
    if (explicit_a && !strcmp(explicit_a->actor, "people") &&
        (k->cat == CAT_KILLED || k->cat == CAT_INJURED || k->cat == CAT_OTHER) &&
        sentence_total(c, s) && !losses) {
        k->group = k->actor = "all";
        return;
    }
    if (losses)
        explicit_a = NULL;
    /* «مقتل قرابة 50 شخصا منهم»: people «of them» are of the side named before. */
    uint32_t after = k->m->noun_tok != NUM_NO_TOK ? k->m->noun_tok + 1 : k->m->tok_last + 1;
    if (explicit_a && generic_people(explicit_a) && after < s->last &&
        tok_is(c, after, MINHUM) && back_side(c, s, k, after))
        return;
    /* «مقاتلا أجنبيا»: fighters who are foreigners are fighters. */
    if (explicit_a && !(generic_people(explicit_a) && cls_a)) {
        k->group = explicit_a->group;
        k->actor = explicit_a->actor;
        return;
    }
    /* «3 متمردين أكراد»: rebels who are Kurds are the Kurdish side of the country. */
    if (nat_a && (!cls_a || cls_a->cls == ACLASS_SOLDIER || cls_a->cls == ACLASS_GOV ||
                  cls_a->cls == ACLASS_FIGHTER ||
                  (cls_a->cls == ACLASS_REBEL && nat_a->cls == ACLASS_KURD))) {
        if (nat_a->cls == ACLASS_KURD) {
            k->group = resolve_class(c, s, nat_a, k->m->tok_first, NULL);
            k->actor = k->group;
            return;
        }
        /* «القبض على 431 عنصرا أغلبهم سعوديون»: the held are no state's forces. */
        int held = k->cat == CAT_ARRESTED || k->cat == CAT_DETAINED ||
                   k->cat == CAT_SURRENDERED;
        if (cls_a && !(held && cls_a->cls == ACLASS_FIGHTER)) {
            const char *actor = NULL;
            const char *g = army_group(c, s, nat_a->cc, &actor);
            if (g) {
                k->group = g;
                k->actor = actor;
                return;
            }
        }
    }
    /* The abducted are hostages, whatever the article's fighters. */
    if (cls_a && cls_a->cls == ACLASS_FIGHTER && k->cat == CAT_ABDUCTED)
        cls_a = NULL;
    /* «14 من مقاتليه», «عناصرها»: the fighters of the side named before the count. */
    if (cls_a && (cls_a->cls == ACLASS_FIGHTER || cls_a->cls == ACLASS_SOLDIER) &&
        possessive(c, cls_at)) {
        for (struct back bw = back_from(k->m->tok_first, 20, 0); back_next(c, s, &bw);) {
            uint32_t j = bw.j;
            if (c->ti[j].actor < 0)
                continue;
            const struct lex_actor *a = lex_actor(c->L, c->ti[j].actor);
            const char *actor = NULL;
            const char *g = a->group ? a->group
                            : a->cls != ACLASS_FIGHTER && a->cls != ACLASS_NAT
                                ? resolve_class(c, s, a, j, &actor)
                                : NULL;
            if (is_armed(g)) {
                k->group = g;
                k->actor = a->group ? a->actor : actor ? actor : g;
                return;
            }
        }
    }
    if (cls_a) {
        const char *actor = NULL;
        const char *g = resolve_class(c, s, cls_a, cls_at, &actor);
        if (g) {
            k->group = g;
            k->actor = actor ? actor : g;
            return;
        }
        /* «مقتل 20 إرهابيا»: armed men of a side the article does not name are still
         * no civilians. */
        k->armed_noun = 1;
    }
    if (nat_a) {
        k->group = "civilians";
        k->actor = "civilians";
        return;
    }
    /* «لعشرات الحوثيين ... عشرات منهم محتجزين»: «منهم» points back to the side named
     * before the count. */
    /* Not «استشهاد 15 منهم 12 من ...»: a number after «منهم» opens the count's parts. */
    if (k->m->tok_last < s->last && tok_is(c, k->m->tok_last, MINHUM) &&
        back_side(c, s, k, k->m->tok_last))
        return;
    /* Whose losses: «خسائر التنظيم بلغت 27 قتيلا», «في صفوف قوات النظام ... 12». */
    words = 0;
    for (uint32_t j = k->m->tok_first; j-- > s->first && words < 12;) {
        if (is_punct(c, j)) {
            if (is_break(c, j))
                break;
            continue;
        }
        words++;
        const struct lex_cue *q = cue_at(c, j);
        /* «ارتفعت حصيلة ضحايا التفجير ... إلى 27 قتيلا»: a total over every side. */
        if (q && (q->flags & CUE_T) && !k->group) {
            k->group = "all";
            k->actor = "all";
            k->weak_all = 1;
        }
        if (c->ti[j].actor < 0 || j == 0)
            continue;
        for (uint32_t b = j, w2 = 0; b-- > s->first && w2 < 3;) {
            if (is_punct(c, b))
                continue;
            /* «الخسائر البشرية بين المدنيين»: «بين» and an adjective may stand between. */
            if (w2++ == 2 && !tok_is(c, b + 1, "\xD8\xA8\xD9\x8A\xD9\x86"))
                break;
            const struct lex_cue *pq = cue_at(c, b);
            /* «خسائر التنظيم», «في صفوف ...», «قتلى قوات النظام» */
            if (pq && ((pq->flags & CUE_P) || pq->ncat)) {
                const char *actor;
                const char *g = actor_side(c, s, j, &actor);
                if (g) {
                    k->group = g;
                    k->actor = actor;
                    return;
                }
            }
        }
    }
}

static void default_group(struct fig_ctx *c, struct cand *k)
{
    switch (k->cat) {
    case CAT_DISPLACED:
    case CAT_ABDUCTED:
        k->group = "civilians";
        break;
    case CAT_ARRESTED:
    case CAT_ESCAPED:
    case CAT_SURRENDERED:
    case CAT_DETAINED:
        k->group = c->fighters_group;
        break;
    default:
        break;
    }
    if (!k->group)
        k->group = "unknown";
    k->actor = k->group;
}

/* ------------------------------------------------------------------ dates and history */

static int since_before(const struct fig_ctx *c, const struct sent *s, uint32_t b)
{
    static const char *const since[] = {"\xD9\x85\xD9\x86\xD8\xB0", "\xD9\x88\xD9\x85\xD9\x86\xD8\xB0"};
    for (struct back bw = back_from(b, 2, 0); back_next(c, s, &bw);) {
        uint32_t j = bw.j;
        for (int q = 0; q < 2; q++)
            if (tok_is(c, j, since[q]))
                return 1;
    }
    return 0;
}

/* A year is written in four digits («2011»), not in words («ألفين»). */
static int written_as_year(const struct fig_ctx *c, const struct num_match *m)
{
    for (uint32_t j = m->num_first; j < m->num_last; j++) {
        size_t n;
        const char *w = tok_s(c, j, &n);
        if (c->tk->tok[j].kind == RASD_TOK_NUMBER && n == 4 && (w[0] == '1' || w[0] == '2'))
            return 1;
    }
    return 0;
}

/* A year in the sentence, read as a number («بين 1993 و2006», «في 2005»), that lies years
 * before the article. */
static int old_year_number(const struct fig_ctx *c, const struct sent *s)
{
    for (size_t i = 0; i < s->nums.n; i++) {
        const struct num_match *m = &s->nums.v[i];
        if (m->has_value && !(m->value >= 1900 && m->value <= 2100))
            continue;
        if (!written_as_year(c, m))
            continue;
        int64_t lo = m->has_value ? (int64_t)m->value : m->has_low ? m->low : 0;
        int64_t hi = m->has_value ? (int64_t)m->value : m->has_high ? m->high : 0;
        if (m->kind != NUM_CARDINAL || m->unit != NUMU_NONE || lo < 1900 || hi > 2100 ||
            (m->qual != NUMQ_EXACT && m->qual != NUMQ_RANGE))
            continue;
        if (m->tok_last < s->last && (c->ti[m->tok_last].actor >= 0 ||
                                      (cue_at(c, m->tok_last) && cue_at(c, m->tok_last)->ncat)))
            continue;
        if (lo <= c->pub.y - 3 && !since_before(c, s, m->tok_first))
            return 1;
    }
    return 0;
}

/* «منذ» opens the clause the token at b ends: within six words, no punctuation between
 * (a date's own «/» aside). */
static int since_near(const struct fig_ctx *c, const struct sent *s, uint32_t b)
{
    for (struct back w = back_from(b, 6, 1); back_next(c, s, &w);)
        if (tok_is(c, w.j, "\xD9\x85\xD9\x86\xD8\xB0") ||
            tok_is(c, w.j, "\xD9\x88\xD9\x85\xD9\x86\xD8\xB0"))
            return 1;
    return 0;
}


/* The clause of token i: back to the sentence end before it and on to the one after,
 * at most CLAUSE_REACH words either way (quotes hold several sentences together). */
#define CLAUSE_REACH 25
static int stops_clause(const struct fig_ctx *c, uint32_t j)
{
    return tok_is(c, j, ".") || tok_is(c, j, "!") || tok_is(c, j, "?") || tok_is(c, j, ";");
}

/* The clause of token i is [*a, *b). */
static void clause_of(const struct fig_ctx *c, const struct sent *s, uint32_t i, uint32_t *a,
                      uint32_t *b)
{
    *a = *b = i;
    for (uint32_t d = 0; *a > s->first && d < CLAUSE_REACH && !stops_clause(c, *a - 1); d++)
        (*a)--;
    for (uint32_t d = 0; *b < s->last && d < CLAUSE_REACH && !stops_clause(c, *b); d++)
        (*b)++;
}

static int clause_has(const struct fig_ctx *c, const struct sent *s, uint32_t i, unsigned f)
{
    uint32_t a, b;
    clause_of(c, s, i, &a, &b);
    for (uint32_t j = a; j < b; j++)
        if (cue_flag(c, j, f) && !((f & (CUE_H | CUE_Z)) && c->ti[j].place >= 0))
            return 1;
    return 0;
}

/* An armed side or a state's forces are named in the clause of token i («يدهس 3 جنود
 * إسرائيليين»: a ramming of soldiers is an attack). */
static int clause_armed(const struct fig_ctx *c, const struct sent *s, uint32_t i)
{
    uint32_t a, b;
    clause_of(c, s, i, &a, &b);
    for (uint32_t j = a; j < b; j++) {
        if (c->ti[j].actor < 0)
            continue;
        const struct lex_actor *x = lex_actor(c->L, c->ti[j].actor);
        if (x->kind == GROUP_ORG || x->kind == GROUP_STATE || x->cls == ACLASS_SOLDIER ||
            x->cls == ACLASS_GOV)
            return 1;
    }
    return 0;
}

/* The count at token i stands in a clause about something else than armed violence: an
 * accident, a disease, a court, sport, what might have been.  A fire or a collapse that
 * shelling or a bombing caused is still armed violence. */
static int other_frame(const struct fig_ctx *c, const struct sent *s, uint32_t i)
{
    if (clause_has(c, s, i, CUE_H))
        return 1;
    return clause_has(c, s, i, CUE_Z) && !clause_has(c, s, i, CUE_G) &&
           !clause_armed(c, s, i);
}

/* «اعتقل أكثر من 200 مدرس خلال عملية قمع لمظاهرة»: arrests at a protest (d) are of
 * public order, not armed violence, unless a word of war is in the clause or the arrested
 * are of an armed organization («20 من عناصر داعش»). */
static int protest_arrest(const struct fig_ctx *c, const struct sent *s, const struct cand *k)
{
    uint32_t i = k->m->tok_first, a, b;
    if ((k->cat != CAT_ARRESTED && k->cat != CAT_DETAINED) || !clause_has(c, s, i, CUE_DEMO) ||
        clause_has(c, s, i, CUE_G))
        return 0;
    clause_of(c, s, i, &a, &b);
    a = k->m->tok_last;
    if (b > a + 5)
        b = a + 5;
    for (uint32_t j = a; j < b; j++)
        if (c->ti[j].actor >= 0 && lex_actor(c->L, c->ti[j].actor)->kind == GROUP_ORG)
            return 0;
    return 1;
}

static int is_history(struct fig_ctx *c, const struct sent *s)
{
    if (!c->pub.y)
        return 0;
    if (old_year_number(c, s))
        return 1;
    for (size_t d = 0; d < s->dates.n; d++) {
        const struct date_match *m = &s->dates.v[d];
        if (!m->resolved || m->date.y > c->pub.y - 3)
            continue;
        uint32_t b = m->tok_first;
        /* «منذ 2011», «منذ بدء النزاع في آذار 2011»: a count since then is a running
         * toll, still news. */
        if (since_near(c, s, b))
            continue;
        size_t n;
        const char *w = tok_s(c, b, &n);
        if (n >= 6 && !memcmp(w, "\xD9\x85\xD9\x86\xD8\xB0", 6))
            continue;
        return 1;
    }
    return 0;
}

static void fig_date(struct fig_ctx *c, const struct sent *s, const struct cand *k, char out[11])
{
    const struct date_match *best = NULL;
    uint32_t bestd = UINT32_MAX;
    for (size_t d = 0; d < s->dates.n; d++) {
        const struct date_match *m = &s->dates.v[d];
        if (!m->resolved || (m->grain != DATE_DAY && m->grain != DATE_TIME))
            continue;
        /* «منذ 6 سنوات», «منذ مارس»: a running toll, as of the article. */
        if (since_before(c, s, m->tok_first + 1))
            continue;
        if (c->pub.y && cal_days(m->date.y, m->date.m, m->date.d) >
                            cal_days(c->pub.y, c->pub.m, c->pub.d))
            continue;
        uint32_t a = k->m->tok_first, b = m->tok_first;
        uint32_t dist = a > b ? a - b : b - a;
        if (dist < bestd) {
            bestd = dist;
            best = m;
        }
    }
    if (best && best->has_end) {
        /* «خلال أسبوع», «منذ مطلع الشهر»: the figure stands as of the interval's end. */
        struct date_ymd e = best->end_date;
        if (c->pub.y && cal_days(e.y, e.m, e.d) > cal_days(c->pub.y, c->pub.m, c->pub.d))
            e = c->pub;
        cal_format(e, out);
    } else if (best)
        cal_format(best->date, out);
    else if (c->pub.y)
        cal_format(c->pub, out);
    else
        out[0] = 0;
}

/* ------------------------------------------------------------------ emitting */

static int same_count(const struct told *t, const struct cand *k)
{
    const struct num_match *m = k->m;
    return t->cat == k->cat && t->has_value == m->has_value && t->has_low == m->has_low &&
           t->has_high == m->has_high && (!m->has_value || t->value == m->value) &&
           (!m->has_low || t->low == m->low) && (!m->has_high || t->high == m->high);
}

/* A count with no side that the article gave before with one takes that side: the toll
 * restated («43 مدنيا» ... «43 قتيلا على الاقل»; «وأصيب العشرات» ... «عشرات الجرحى»). */
static void restated_side(struct fig_ctx *c, struct cand *k)
{
    if (strcmp(k->group, "unknown"))
        return;
    for (size_t j = c->ntold < TOLD_MAX ? c->ntold : TOLD_MAX; j-- > 0;)
        if (same_count(&c->told[j], k)) {
            k->group = c->told[j].group;
            k->actor = c->told[j].actor;
            return;
        }
}

static void remember_side(struct fig_ctx *c, const struct cand *k)
{
    if (!strcmp(k->group, "unknown") || !strcmp(k->group, "all"))
        return;
    const struct num_match *m = k->m;
    c->told[c->ntold++ % TOLD_MAX] = (struct told){k->cat, m->has_value, m->has_low,
                                                   m->has_high, m->value, m->low, m->high,
                                                   k->group, k->actor ? k->actor : k->group};
}

static int break_between(const struct fig_ctx *c, uint32_t a, uint32_t b)
{
    for (uint32_t j = a; j < b; j++)
        if (is_break(c, j))
            return 1;
    return 0;
}

/* Words (punctuation not counted) in tokens [a, b). */
static uint32_t words_between(const struct fig_ctx *c, uint32_t a, uint32_t b)
{
    uint32_t n = 0;
    for (uint32_t j = a; j < b; j++)
        n += !is_punct(c, j);
    return n;
}

/* The place the figure's own words name, or NULL: of one sentence's «20 قتيلا في بلدة
 * معرة مصرين ...، و6 في بلدة دارة عزة، و5 في مدينة الباب» each count is where the words
 * after it (up to the next count or mark) or else before it (back to the previous count)
 * say, not the sentence's most specific place.  Of the places on one side the most
 * specific, the first of equals (a chain goes from the town to what holds it: «بلدة
 * الغارية الغربية بريف درعا»); of the two sides the more specific, the one after of
 * equals.  A place the wounded were taken to is no figure's own place, save for the
 * displaced and the detained; nor is a landmark («جنوب صنعاء»), nor a whole country
 * unless it is said to be in it. */
static const char *own_place(const struct fig_ctx *c, const struct sent *s,
                             const struct cand *all, size_t nall, const struct cand *k)
{
    uint32_t a = k->m->tok_first, b = k->m->tok_last;
    if (k->cue_last > k->cue_first && k->cue_last > b)
        b = k->cue_last;
    if (k->noun != UINT32_MAX && k->noun + 1 > b && k->noun < s->last)
        b = k->noun + 1;
    uint32_t brk = b; /* the mark that ends the figure's clause */
    while (brk < s->last && !is_break(c, brk))
        brk++;
    uint32_t next = brk, prev = s->first;
    for (size_t i = 0; i < nall; i++) {
        const struct num_match *n = all[i].m;
        /* «طوز خورماتو التي تبعد نحو 175 كيلومترا»: only another figure ends the words */
        if (!all[i].ok || !all[i].cat)
            continue;
        /* «6 قتلى بينهم 4 أطفال في بلدة دارة عزة», «اوقع 30 قتيلا ونحو 100 جريح في مدينة
         * سوروتش»: a part or the rest of a list does not end the words of its first count */
        if (n->tok_first >= b && n->tok_first < next && !all[i].part && !all[i].linked)
            next = n->tok_first;
        if (n->tok_last <= a && n->tok_last > prev)
            prev = n->tok_last;
    }
    const struct splace *after = NULL, *before = NULL;
    for (size_t i = 0; i < s->nplaces; i++) {
        const struct splace *x = &s->places[i];
        /* the displaced are where they went, prisoners where they were taken; a country is
         * a figure's place only said as one in its own clause («عدد القتلى المدنيين في
         * اليمن ارتفع إلى 1916», not «وقال الوزير اليمني» or «في اليمن، السبت، بينما
         * لقي 7 مدنيين مصرعهم»), and any finer place says more */
        int to = x->frame == LEX_PF_TO && (k->cat == CAT_DISPLACED || k->cat == CAT_DETAINED);
        if ((x->frame == LEX_PF_TO && !to) || x->frame == LEX_PF_REF ||
            (x->p->rank < 2 && x->frame != LEX_PF_AT))
            continue;
        /* after the count, only a place it is said to be at («قتلى في بلدة ...»), not the
         * next clause's subject («... و756 جريحا تلتها محافظة ديالى») */
        if (x->tok >= b && x->tok < next && words_between(c, b, x->tok) <= FIG_PLACE_WORDS &&
            (x->frame == LEX_PF_AT || to)) {
            if (!after || x->p->rank > after->p->rank)
                after = x;
        } else if (x->tok < a && x->tok >= prev &&
                   words_between(c, x->tok, a) <= FIG_PLACE_WORDS &&
                   (x->p->rank >= 2 || !break_between(c, x->tok, a))) {
            if (!before || x->p->rank > before->p->rank)
                before = x;
        }
    }
    const struct splace *best = after && (!before || after->p->rank >= before->p->rank)
                                    ? after : before;
    /* «وفي العراق المجاور، قتل أربعة جنود ... في هجوم ... على نقطة عسكرية في محافظة
     * ديالى»: a country is the figure's place only when its clause names nothing finer */
    for (size_t i = 0; best && best->p->rank < 2 && i < s->nplaces; i++) {
        const struct splace *x = &s->places[i];
        if (x->tok >= b && x->tok < brk && x->frame == LEX_PF_AT && x->p->rank >= 2)
            best = x;
    }
    return best ? best->p->id : NULL;
}

static int emit(struct fig_ctx *c, const struct sent *s, const struct cand *k,
                const char *location)
{
    const struct num_match *m = k->m;
    rasd_figure f;
    memset(&f, 0, sizeof f);
    f.category = lex_cat_name(k->cat);
    f.group = k->group;
    f.actor = k->actor ? k->actor : k->group;
    f.has_value = m->has_value;
    f.value = m->has_value ? (int64_t)m->value : 0;
    f.has_low = m->has_low;
    f.low = m->low;
    f.has_high = m->has_high;
    f.high = m->high;
    f.qualifier = m->qual >= 0 && m->qual <= NUMQ_VAGUE ? qual_names[m->qual] : "exact";
    f.unit = k->unit_family ? "family" : "person";
    if (s->source >= 0) {
        const rasd_token *a = &c->tk->tok[s->src_tok], *b = &c->tk->tok[s->src_tok + s->src_n - 1];
        f.source = lex_source(c->L, s->source)->id;
        f.source_text = c->field_text + a->start;
        f.source_len = b->end - a->start;
    }
    f.location = location;
    fig_date(c, s, k, f.date);
    f.field = c->field;
    uint32_t a = m->tok_first, b = m->tok_last;
    if (k->cue_last > k->cue_first) {
        if (k->cue_first < a)
            a = k->cue_first;
        if (k->cue_last > b)
            b = k->cue_last;
    }
    if (k->noun != UINT32_MAX && k->noun + 1 > b && k->noun < s->last &&
        !is_punct(c, k->noun) &&
        (c->ti[k->noun].actor >= 0 || cue_flag(c, k->noun, CUE_U) ||
         (cue_at(c, k->noun) && cue_at(c, k->noun)->ncat)))
        b = k->noun + 1;
    f.start = c->tk->tok[a].start;
    f.end = c->tk->tok[b - 1].end;
    /* A run-on «sentence» (no punctuation for pages) is shown around the evidence only. */
    uint32_t sf = s->first, sl = s->last;
    if (sl - sf > 2 * SENT_SHOW) {
        sf = a > sf + SENT_SHOW ? a - SENT_SHOW : sf;
        sl = b + SENT_SHOW < sl ? b + SENT_SHOW : sl;
    }
    f.sent_start = c->tk->tok[sf].start;
    f.sent_end = c->tk->tok[sl - 1].end;
    return c->cb(c->ud, c->doc, &f);
}

/* «210 آلاف»: digits before a plural scale word («آلاف», «ملايين») multiply it, though
 * the number reader takes them apart (the plural is read as a vague quantity, 2000 and
 * up).  The two become one count. */
static void join_scales(const struct fig_ctx *c, struct sent *s)
{
    (void)c;
    for (size_t i = 0; i + 1 < s->nums.n; i++) {
        struct num_match *a = &s->nums.v[i], *b = &s->nums.v[i + 1];
        if (a->kind != NUM_CARDINAL || b->kind != NUM_CARDINAL || !a->has_value ||
            a->unit != NUMU_NONE || a->noun_tok != NUM_NO_TOK ||
            !(a->value >= 11 && a->value <= 999) || /* range first: the cast needs it */
            a->value != (double)(int64_t)a->value ||
            b->qual != NUMQ_VAGUE || b->tok_first != a->tok_last || !b->has_low)
            continue;
        int64_t scale = b->low == 2000 ? 1000 : b->low == 2000000 ? 1000000 : 0;
        if (!scale)
            continue;
        int64_t v = (int64_t)a->value;
        a->value = (double)(v * scale);
        if (a->has_low)
            a->low = v * scale + (a->low - v);
        if (a->has_high)
            a->high = v * scale + (a->high - v);
        a->tok_last = b->tok_last;
        a->num_last = b->num_last;
        a->end = b->end;
        a->noun_tok = b->noun_tok;
        b->has_value = b->has_low = b->has_high = 0;
        b->qual = NUMQ_EXACT;
    }
}

/* «، وثمانية من عناصر المقاومة الشعبية»: a count whose side follows it as a partitive
 * continues a list however long the side of the count before it was named. */
static int partitive_side(const struct fig_ctx *c, const struct sent *s, const struct cand *k)
{
    uint32_t j = k->m->tok_last;
    if (j >= s->last || !tok_is(c, j, MIN))
        return 0;
    for (uint32_t e = j + 1; e < s->last && e <= j + 3; e++)
        if (c->ti[e].actor >= 0)
            return 1;
    return 0;
}

/* The sentence speaks of custody: a word of the held or of holding them. */
static int custody_in(const struct fig_ctx *c, const struct sent *s)
{
    for (uint32_t j = s->first; j < s->last; j++) {
        const struct lex_cue *q = cue_at(c, j);
        if (q && (q->ncat == CAT_DETAINED || q->vcat == CAT_DETAINED ||
                  q->ncat == CAT_ARRESTED || q->vcat == CAT_ARRESTED))
            return 1;
        if ((q && (q->flags & CUE_K)) ||
            (c->ti[j].place >= 0 && lex_place(c->L, c->ti[j].place)->rank == 4))
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ sides across counts */

/* «مقتل 21 وإصابة 36 من الحوثيين»: the side after the second count of a pair of events
 * is the first's too. */
static void pair_sides(const struct fig_ctx *c, struct cand *k, size_t n)
{
    for (size_t i = n; i-- > 0;) {
        if (!k[i].ok || !k[i].cat || k[i].group)
            continue;
        size_t q = i + 1;
        while (q < n && !k[q].ok)
            q++;
        if (q >= n || !k[q].cat || !k[q].own || !is_side(k[q].group) || k[q].part)
            continue;
        int words = 0, event = 0;
        for (uint32_t j = k[i].m->tok_last; j < k[q].m->tok_first && words <= 2; j++) {
            if (is_punct(c, j)) {
                if (is_break(c, j) && !tok_is(c, j, ","))
                    words = 99;
                continue;
            }
            words++;
            const struct lex_cue *qq = cue_at(c, j);
            if (qq && (qq->vcat || qq->ncat))
                event = 1;
            else if (!tok_is(c, j, WAW))
                words = 99;
        }
        if (event && words <= 2)
            k[i].group = k[q].group, k[i].actor = k[q].actor, k[i].own = 1;
    }
}

/* The count is followed by «آخرين», «آخرون», «آخران»: more of people named before. */
static int others_after(const struct fig_ctx *c, const struct sent *s, const struct cand *k)
{
    static const char *const tails[] = {
        "\xD9\x8A\xD9\x86", "\xD9\x88\xD9\x86", "\xD8\xA7\xD9\x86",
        "\xD9\x8A\xD8\xA7\xD8\xAA",
    };
    uint32_t j = k->m->noun_tok != NUM_NO_TOK ? k->m->noun_tok : k->m->tok_last;
    if (j >= s->last)
        return 0;
    size_t n;
    const char *w = tok_s(c, j, &n);
    if (n < 8 || memcmp(w, "\xD8\xA7\xD8\xAE\xD8\xB1", 6))
        return 0;
    for (size_t t = 0; t < sizeof tails / sizeof *tails; t++)
        if (n == 6 + strlen(tails[t]) && !memcmp(w + 6, tails[t], n - 6))
            return 1;
    return 0;
}

/* The side of «آخرون»: the figure before it in the sentence, else the people named before
 * it («قتل أحد مسلحي المقاومة وأصيب خمسة آخرون»), else the last figure of the sentences
 * just before. */
static void others_side(struct fig_ctx *c, const struct sent *s, struct cand *k,
                        const struct cand *prev)
{
    if (prev && is_side(prev->group)) {
        k->group = prev->group, k->actor = prev->actor;
        return;
    }
    for (struct back bw = back_from(k->m->tok_first, 20, 0); back_next(c, s, &bw);) {
        uint32_t j = bw.j;
        if (c->ti[j].actor < 0)
            continue;
        /* «وأوضحت المقاومة في بيان أن عملياتها أدت إلى إصابة 350 آخرين»: the speaker
         * is not whose people the others are. */
        if (s->source >= 0 && j >= s->src_tok && j < s->src_tok + s->src_n)
            continue;
        const struct lex_actor *a = lex_actor(c->L, c->ti[j].actor);
        const char *actor = NULL;
        const char *g = NULL;
        /* «قتل جندي تركي وجرح سبعة آخرون»: a soldier's nationality names his army. */
        if (a->cls == ACLASS_NAT) {
            uint32_t b = j;
            while (b > s->first && c->ti[b - 1].actor < 0 && is_punct(c, b - 1))
                b--;
            if (b > s->first && c->ti[b - 1].actor >= 0) {
                const struct lex_actor *sa = lex_actor(c->L, c->ti[b - 1].actor);
                if (sa->cls == ACLASS_SOLDIER || sa->cls == ACLASS_GOV)
                    g = army_group(c, s, a->cc, &actor);
            }
            if (!g)
                continue;
        } else {
            g = a->group ? a->group : resolve_class(c, s, a, j, &actor);
        }
        if (is_side(g)) {
            k->group = g;
            k->actor = a->group ? a->actor : actor ? actor : g;
            return;
        }
    }
    if (c->last_group && s->index - c->last_group_sent <= 2)
        k->group = c->last_group, k->actor = c->last_actor;
}

/* Killed or injured with no side named, where the clause speaks of a massacre, homes or
 * a market: civilians (../shared/spec/figures.md). */
static int setting_civilian(const struct fig_ctx *c, const struct sent *s, const struct cand *k,
                            unsigned kinds)
{
    if (k->cat != CAT_KILLED && k->cat != CAT_INJURED && k->cat != CAT_OTHER)
        return 0;
    return clause_has(c, s, k->m->tok_first, kinds);
}

/* The side struck in the sentence: «غارات على مواقع الحوثيين», «استهدفت تجمعات داعش» —
 * the dead a strike on positions leaves, when no side is named, are of those positions. */
static const char *target_side(struct fig_ctx *c, const struct sent *s, const struct cand *k)
{
    if (k->cat != CAT_KILLED && k->cat != CAT_INJURED && k->cat != CAT_OTHER)
        return NULL;
    for (uint32_t j = s->first; j < s->last; j++) {
        if (!cue_flag(c, j, CUE_E))
            continue;
        for (uint32_t e = next_word(c, s, j + c->ti[j].cue_n), w = 0; e < s->last && w < 7;
             e = next_word(c, s, e + 1), w++) {
            if (c->ti[e].actor < 0)
                continue;
            const char *actor;
            const char *g = actor_side(c, s, e, &actor);
            if (is_armed(g))
                return g;
            break;
        }
    }
    return NULL;
}

/* «سقوط نحو 120 قتيلا في الاشتباكات بين الجيش والمسلحين»: the dead of a clash between
 * sides, none named for them, are of every side. */
static int clash_between(const struct fig_ctx *c, const struct sent *s, const struct cand *k)
{
    if (k->cat != CAT_KILLED && k->cat != CAT_INJURED && k->cat != CAT_OTHER)
        return 0;
    for (uint32_t j = s->first; j < s->last; j++) {
        if (!cue_flag(c, j, CUE_J))
            continue;
        for (uint32_t e = j + c->ti[j].cue_n, w = 0; e < s->last && w < 3; e++, w++)
            if (tok_is(c, e, "\xD8\xA8\xD9\x8A\xD9\x86"))
                return 1;
    }
    return 0;
}

/* A count split into parts: «9 أشخاص بينهم 5 مدنيين», «استشهاد 15 منهم 12 من منسوبي
 * القوات» are totals over sides; «57 قتيلا بينهم 12 طفلا» stays civilians. */
static void parts_total(struct cand *k, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!k[i].ok || !k[i].cat || k[i].part || k[i].cat == CAT_DISPLACED)
            continue;
        size_t q = i + 1;
        while (q < n && !k[q].ok)
            q++;
        if (q >= n || !k[q].part || !k[q].cat || !is_side(k[q].group))
            continue;
        const char *ig = k[i].group, *ia = k[i].actor ? k[i].actor : ig;
        int generic = !is_side(ig) || !strcmp(ia, "people");
        /* «استشهاد 15 منهم 12 من منسوبي القوات، وثلاثة عاملين»: parts of two sides */
        int mixed = 0;
        for (size_t r = q + 1; r < n && !mixed; r++) {
            if (!k[r].ok)
                continue;
            if (!(k[r].part || k[r].linked) || k[r].cat != k[q].cat)
                break;
            mixed = is_side(k[r].group) && strcmp(k[r].group, k[q].group);
        }
        if (mixed ||
            (is_armed(k[q].group) ? (generic || strcmp(ig, k[q].group))
                                  : (generic && !strcmp(k[q].actor, "civilians"))))
            k[i].group = k[i].actor = "all";
        else if (!is_side(ig))
            k[i].group = k[i].actor = k[q].group;
    }
}

/* «قتل أربعة مسلحين من حركة الشباب 67 شخصا»: a verb, a count with its side, then a second
 * count of people not joined to it: the first names who killed, the second the killed. */
static void killers_first(const struct fig_ctx *c, struct cand *k, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (!k[i].ok || k[i].how != 3 || k[i].cat != CAT_KILLED)
            continue;
        size_t q = i + 1;
        while (q < n && !k[q].ok)
            q++;
        if (q >= n || k[q].cat || k[q].linked || k[q].part || !noun_plausible(c, &k[q]) ||
            k[q].m->tok_first - k[i].m->tok_last > 8)
            continue;
        /* Only the first count's side may stand between: «مسلحين من حركة الشباب». */
        int actor = 0, clean = 1;
        for (uint32_t j = k[i].m->tok_last; j < k[q].m->tok_first && clean; j++) {
            if (c->ti[j].actor >= 0) {
                actor = 1;
                j += c->ti[j].actor_n - 1;
            } else if (!tok_is(c, j, MIN)) {
                clean = 0;
            }
        }
        if (!actor || !clean)
            continue;
        k[q].cat = k[i].cat;
        k[q].how = 3;
        k[q].cue_first = k[i].cue_first;
        k[q].cue_last = k[i].cue_last;
        k[i].cat = CAT_NONE;
        k[i].how = 0;
    }
}

/* «19 شخصا قتلوا بينهم مدنيون», «240 ألفا و831 قتيلا حصيلة الصراع»: a count of people of
 * no side, whose parts named without a number are civilians among others, or that a
 * total word follows, is over every side. */
static void named_parts(const struct fig_ctx *c, const struct sent *s, struct cand *k)
{
    if (is_side(k->group) && strcmp(k->actor ? k->actor : "", "people"))
        return;
    if (k->cat != CAT_KILLED && k->cat != CAT_INJURED && k->cat != CAT_OTHER)
        return;
    uint32_t from = k->noun != UINT32_MAX && k->noun >= k->m->tok_last ? k->noun + 1
                                                                        : k->m->tok_last;
    for (uint32_t j = next_word(c, s, from), w = 1; j < s->last && w <= 4;
         j = next_word(c, s, j + 1), w++) {
        if (cue_flag(c, j, CUE_T) && w <= 1 && !is_side(k->group)) {
            k->group = k->actor = "all";
            return;
        }
        if (!cue_flag(c, j, CUE_L))
            continue;
        uint32_t e = j + c->ti[j].cue_n;
        /* «من بينهم نساء واطفال وجندي افغاني واحد», «وخمسة رجال بينهم شرطي تشادي»: a
         * soldier or an armed side among the parts makes the count a mix. */
        for (uint32_t x = e, w2 = 0; x < s->last && w2 < 8; x++) {
            if (is_punct(c, x)) {
                if (is_break(c, x) && !tok_is(c, x, ","))
                    break;
                continue;
            }
            w2++;
            if (c->ti[x].actor < 0)
                continue;
            const struct lex_actor *a = lex_actor(c->L, c->ti[x].actor);
            if (a->cls == ACLASS_SOLDIER || a->cls == ACLASS_GOV ||
                (a->group && is_armed(a->group))) {
                k->group = k->actor = "all";
                return;
            }
        }
        /* «بينهم عدد من الأطفال», «بينهم نساء» */
        for (int skip = 0; skip < 2 && e < s->last && c->ti[e].actor < 0 &&
                           c->tk->tok[e].kind == RASD_TOK_ARABIC; skip++)
            e++;
        if (e < s->last && c->tk->tok[e].kind == RASD_TOK_ARABIC && c->ti[e].actor >= 0) {
            const struct lex_actor *a = lex_actor(c->L, c->ti[e].actor);
            /* «بينهم 5 مدنيين» names civilians among others; «بينهم أطفال» the kind. */
            if (a->group && !strcmp(a->actor, "civilians"))
                k->group = k->actor = "all";
            else if (a->group && !strcmp(a->group, "civilians"))
                k->group = k->actor = "civilians";
        }
        return;
    }
}

/* «سقط ألف قتيل وجرح تسعة آلاف آخرين ... وجميعهم من المدنيين»: «all of them» after the
 * counts names their side. */
static const char *all_of_them(struct fig_ctx *c, const struct sent *s, const struct cand *k)
{
    for (uint32_t j = k->m->tok_last; j < s->last; j++) {
        if (!cue_flag(c, j, CUE_I | CUE_IM))
            continue;
        /* «معظمهم من المدنيين»: most of them, so the count is a mix of sides. */
        int most = cue_flag(c, j, CUE_IM);
        for (uint32_t e = j + c->ti[j].cue_n, w = 0; e < s->last && w < 3; e++, w++) {
            if (c->ti[e].actor < 0)
                continue;
            /* «أغلبهم سعوديون»: a nationality says where they are from, not whose side. */
            if (lex_actor(c->L, c->ti[e].actor)->cls == ACLASS_NAT)
                return NULL;
            const char *actor;
            const char *g = actor_side(c, s, e, &actor);
            /* «431 موقوفا غالبيتهم مواطنون»: of the arrested it says where they are from. */
            if (!is_side(g) || (k->cat != CAT_KILLED && k->cat != CAT_INJURED &&
                                k->cat != CAT_OTHER && !strcmp(g, "civilians")))
                return NULL;
            /* «معظمهم من الطلاب» are civilians still; «معظمهم من المدنيين» says some
             * are not. */
            int kind_of_civilian = !strcmp(g, "civilians") && actor && strcmp(actor, "civilians");
            return most && !kind_of_civilian ? "all" : g;
        }
    }
    return NULL;
}

/* 1 when «most of them» or «between» comes right after the count and its noun («28 قتيلا
 * أغلبهم من الحوثيين», «20 ما بين مدنيين وعسكريين»): the side named after it is only part
 * of the count, whatever found that side first. */
static int mix_follows(struct fig_ctx *c, const struct sent *s, const struct cand *k)
{
    uint32_t j = k->m->tok_last;
    if (k->noun != UINT32_MAX && k->noun >= j && k->noun < s->last)
        j = k->noun + 1;
    while (j < s->last && is_punct(c, j))
        j++;
    return j < s->last && cue_flag(c, j, CUE_IM);
}

/* «استشهاد جنديين», «جثتي الشهيدين»: martyrs, no side named, are of the side the
 * article's country mourns (data/sides.tsv class @martyr). */
static const char *martyrs_side(struct fig_ctx *c, const struct sent *s, const struct cand *k)
{
    if (k->cat != CAT_KILLED || k->cue_last <= k->cue_first ||
        !cue_flag(c, k->cue_first, CUE_M))
        return NULL;
    const char *cc = c->doc_cc[0] ? c->doc_cc : sent_cc(c, s);
    const char *g = lex_side(c->L, ACLASS_MARTYR, cc, NULL, 1);
    return is_side(g) ? g : NULL;
}

static int frame(struct fig_ctx *c, struct sent *s)
{
    size_t n = s->nums.n;
    int rc = RASD_OK;
    if (!n)
        return RASD_OK;
    join_scales(c, s);
    struct cand *k = calloc(n, sizeof *k);
    if (!k)
        return RASD_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        k[i].m = &s->nums.v[i];
        k[i].ok = count_ok(c, s, &k[i]) && !other_frame(c, s, k[i].m->tok_first);
        uint32_t b = k[i].m->tok_first;
        k[i].linked = joined_before(c, s->first, b);
        for (uint32_t j = b, d = 0; j-- > s->first && d < 2;) {
            /* «سقوط 28 قتيلا - 17 متمردا و11 ...»: a dash right before opens the parts. */
            /* «(6) ستة»: digits alone in brackets are the number written so, no part */
            int bracketed = tok_is(c, j, "(") && k[i].m->num_first + 1 < s->last &&
                            tok_is(c, k[i].m->num_first + 1, ")");
            int dash = j + 1 == b && !bracketed &&
                       (tok_is(c, j, "-") || tok_is(c, j, "\xE2\x80\x93") ||
                        tok_is(c, j, "\xE2\x80\x94") || tok_is(c, j, "("));
            if (is_punct(c, j) && !tok_is(c, j, ":") && !dash)
                continue;
            d++;
            /* «هم: 130 ...» lists parts only after a count («مصادر: قتل 5» does not). */
            int earlier = 0;
            for (size_t p = 0; p < i; p++)
                earlier |= k[p].ok;
            if (cue_flag(c, j, CUE_L) || ((tok_is(c, j, ":") || dash) && earlier)) {
                k[i].linked = k[i].part = 1;
                break;
            }
        }
        /* «استشهاد 15 مصليا، خمسة منهم من رجال الأمن»: «of them» after a count names a
         * part of the count before. */
        if (!k[i].part && i > 0 && k[i - 1].ok && of_them_from(c, k[i].m->tok_last, s->last))
            k[i].linked = k[i].part = 1;
    }
    /* Categories, left to right (1-3), then right to left (4). */
    for (size_t i = 0; i < n; i++) {
        if (!k[i].ok)
            continue;
        if (by_noun(c, s, &k[i])) {
            k[i].how = 1;
            /* «20 سجينا تمكنوا من الفرار»: what happened to the inmates is the figure. */
            if (k[i].cat == CAT_DETAINED) {
                struct cand v = k[i];
                v.cat = CAT_NONE;
                /* «ألف أسير ومعتقل ممن تم اعتقالهم»: how they came to be held is no news. */
                if (by_after(c, s, &v, k[i].cue_last) &&
                    v.cue_first - k[i].cue_last <= 4 && v.cat != CAT_ARRESTED)
                    k[i] = v, k[i].how = 4;
            }
            continue;
        }
        ssize_t p = (ssize_t)i - 1;
        while (p >= 0 && !k[p].ok)
            p--;
        /* «بينهم 8 أطفال» names a part of the count before, however far the clause
         * between them runs. */
        if (p >= 0 && k[p].cat && k[i].part && noun_plausible(c, &k[i]) &&
            k[i].m->tok_first - k[p].m->tok_last <= 30) {
            k[i].cat = k[p].cat;
            k[i].how = 2;
            continue;
        }
        /* «لقي 42 مصرعهم و32 أصيبوا بجروح»: a verb right after the count says more than
         * the list it continues. */
        if (p >= 0 && k[p].cat && k[i].linked && verb_right_after(c, s, &k[i])) {
            k[i].how = 4;
            continue;
        }
        if (p >= 0 && k[p].cat && k[i].linked && noun_plausible(c, &k[i]) &&
            k[i].m->tok_first - k[p].m->tok_last <= (partitive_side(c, s, &k[i]) ? 20u : 9u) &&
            !blocked_between(c, k[p].m->tok_last, k[i].m->tok_first)) {
            k[i].cat = k[p].cat;
            k[i].how = 2;
            continue;
        }
        /* «أسرت 45 حوثيا، وكانت تحاصر 35 آخرين»: a verb before an earlier count is that
         * count's, unless this one continues it. */
        if (by_before(c, s, &k[i])) {
            k[i].how = 3;
            if (p >= 0 && !k[i].linked && k[p].m->tok_first > k[i].cue_first)
                k[i].cat = CAT_NONE, k[i].how = 0;
        }
    }
    killers_first(c, k, n);
    for (size_t i = n; i-- > 0;) {
        if (!k[i].ok || k[i].cat)
            continue;
        if (by_after(c, s, &k[i], k[i].m->tok_last)) {
            k[i].how = 4;
            continue;
        }
        size_t q = i + 1;
        while (q < n && !k[q].ok)
            q++;
        if (q < n && k[q].how == 4 && k[q].linked &&
            k[q].m->tok_first - k[i].m->tok_last <= 9 &&
            !blocked_between(c, k[i].m->tok_last, k[q].m->tok_first) &&
            noun_plausible(c, &k[i])) {
            k[i].cat = k[q].cat;
            k[i].how = 4;
        }
    }
    /* «1200 عائلة» in a sentence about displacement: families count the displaced. */
    for (size_t i = 0; i < n; i++) {
        if (!k[i].ok || k[i].cat || !k[i].unit_family)
            continue;
        for (uint32_t j = s->first; j < s->last; j++) {
            const struct lex_cue *q = cue_at(c, j);
            if (q && (q->vcat == CAT_DISPLACED || q->ncat == CAT_DISPLACED)) {
                k[i].cat = CAT_DISPLACED;
                k[i].how = 3;
                k[i].cue_first = k[i].cue_last = 0;
                break;
            }
        }
        /* What restates the family count («بعدد يفوق 4000 شخص») shares its category. */
        for (size_t q = i + 1; k[i].cat && q < n; q++) {
            if (!k[q].ok)
                continue;
            if (!k[q].cat && k[q].part && k[q].m->tok_first - k[i].m->tok_last <= 16 &&
                !blocked_between(c, k[i].m->tok_last, k[q].m->tok_first)) {
                k[q].cat = k[i].cat;
                k[q].how = 2;
            }
            break;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (k[i].ok && k[i].cat == CAT_DISPLACED && returning(c, s, &k[i]))
            k[i].cat = CAT_NONE;
    /* A count of families is a figure of displacement only («1900 أسرة مستفيدة»). */
    for (size_t i = 0; i < n; i++)
        if (k[i].unit_family && k[i].cat && k[i].cat != CAT_DISPLACED)
            k[i].cat = CAT_NONE;
    /* Sides: each count's own words first. */
    for (size_t i = 0; i < n; i++) {
        if (!k[i].ok || !k[i].cat)
            continue;
        uint32_t next = s->last;
        for (size_t q = i + 1; q < n; q++)
            if (k[q].ok) {
                next = k[q].m->tok_first;
                break;
            }
        find_group(c, s, &k[i], next);
        k[i].own = k[i].group != NULL;
    }
    /* «فر 100 ألف شخص من المدينة»: people fleeing their homes are displaced; only the
     * held escape (a sentence about custody: «سجن», «معتقلين»). */
    for (size_t i = 0; i < n; i++)
        if (k[i].ok && k[i].cat == CAT_ESCAPED && k[i].group &&
            !strcmp(k[i].group, "civilians") && !custody_in(c, s))
            k[i].cat = CAT_DISPLACED;
    /* «17 قتيلا و40 جريحا في صفوف المدنيين»: a side named after the list's last count
     * holds for the counts joined before it. */
    for (size_t i = n; i-- > 0;) {
        if (!k[i].ok || !k[i].cat || k[i].group)
            continue;
        size_t q = i + 1;
        while (q < n && !k[q].ok)
            q++;
        /* Only a count whose own noun names no one («17 قتيلا», not «25 ألف شيشاني»). */
        if (q >= n)
            continue;
        int bare = k[i].noun == UINT32_MAX || k[i].noun >= k[q].m->tok_first ||
                   (cue_at(c, k[i].noun) && cue_at(c, k[i].noun)->ncat);
        if (bare && k[q].cat && k[q].group && k[q].linked && !k[q].part &&
            k[q].m->tok_first - k[i].m->tok_last <= 4 && strcmp(k[q].group, "all"))
            k[i].group = k[q].group, k[i].actor = k[q].actor;
    }
    pair_sides(c, k, n);
    /* Then «آخرون», the list before, the defaults. */
    const struct cand *prev = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!k[i].ok || !k[i].cat)
            continue;
        if (!k[i].group && others_after(c, s, &k[i]))
            others_side(c, s, &k[i], prev);
        /* Not a count whose parts follow («وأصيب 27 بينهم 12 من داعش»): they tell. */
        size_t nx = i + 1;
        while (nx < n && !k[nx].ok)
            nx++;
        int has_parts = nx < n && k[nx].part;
        /* A total's «all» («ارتفعت حصيلة ... إلى 11 قتيلا و18 جريحا») carries on. */
        if (!k[i].group && prev && (k[i].linked || k[i].how == 3) && !k[i].part &&
            !has_parts && (strcmp(prev->group, "all") || prev->weak_all) &&
            strcmp(prev->group, "unknown")) {
            k[i].group = prev->group, k[i].actor = prev->actor;
            k[i].weak_all = prev->weak_all;
        }
        /* A part («بينهم شقيقان») is a figure only when it names a side. */
        if (!k[i].group && k[i].part && k[i].cat != CAT_DISPLACED) {
            k[i].cat = CAT_NONE;
            continue;
        }
        /* «واعتقلت 97 شخصا» in an operation against a side: the arrested are its men. */
        if (k[i].cat == CAT_ARRESTED && k[i].actor &&
            (!strcmp(k[i].actor, "people") || !strcmp(k[i].actor, "men")) && c->fighters_group)
            k[i].group = k[i].actor = c->fighters_group;
        /* «وأعلنت وزارة الصحة في غزة ارتفاع الحصيلة إلى 43 شهيدا»: the toll of a
         * territory's health ministry is of that territory's people. */
        if ((!k[i].group || !strcmp(k[i].group, "all")) && s->source >= 0 &&
            lex_source(c->L, s->source)->victims &&
            (k[i].cat == CAT_KILLED || k[i].cat == CAT_INJURED || k[i].cat == CAT_OTHER))
            k[i].group = k[i].actor = lex_source(c->L, s->source)->victims;
        const char *tg;
        if (!k[i].group && (tg = target_side(c, s, &k[i])))
            k[i].group = k[i].actor = tg;
        /* «25 شخصا، معظمهم من المدنيين»: what follows says more than a generic noun. */
        if ((!k[i].group || (k[i].actor && !strcmp(k[i].actor, "people")) ||
             mix_follows(c, s, &k[i])) &&
            (tg = all_of_them(c, s, &k[i])))
            k[i].group = k[i].actor = tg;
        if (!k[i].group && (tg = martyrs_side(c, s, &k[i])))
            k[i].group = k[i].actor = tg;
        if (!k[i].group && clash_between(c, s, &k[i]))
            k[i].group = k[i].actor = "all";
        /* A civilian setting (Q: «مجزرة», «الأحياء السكنية») says more than a total's «all»;
         * a weapon (q: «قصف», «تفجير») only where no side is named. */
        if ((!k[i].armed_noun &&
             ((k[i].weak_all && setting_civilian(c, s, &k[i], CUE_Q)) ||
              (!k[i].group && setting_civilian(c, s, &k[i], CUE_Q | CUE_QW)))) ||
            (!k[i].group && !k[i].armed_noun && c->head_q &&
             (k[i].cat == CAT_KILLED || k[i].cat == CAT_INJURED)))
            k[i].group = k[i].actor = "civilians";
        /* A report on civilian losses («الخسائر البشرية بين المدنيين») counts civilians;
         * one side's losses named once say nothing of the article's other tolls. */
        if (!k[i].group && c->losses_group && !strcmp(c->losses_group, "civilians") &&
            (k[i].cat == CAT_KILLED || k[i].cat == CAT_INJURED || k[i].cat == CAT_OTHER))
            k[i].group = k[i].actor = c->losses_group;
        if (!k[i].group)
            default_group(c, &k[i]);
        prev = &k[i];
    }
    parts_total(k, n);
    for (size_t i = 0; i < n; i++)
        if (k[i].ok && k[i].cat)
            named_parts(c, s, &k[i]);
    const char *own_prev = NULL;
    for (size_t i = 0; i < n && rc == RASD_OK; i++) {
        if (!k[i].ok || !k[i].cat || protest_arrest(c, s, &k[i]))
            continue;
        /* Palestinian victims are palestinians (data/sides.tsv @civilians). */
        if (!strcmp(k[i].group, "civilians")) {
            const char *cc = sent_cc(c, s);
            const char *g = cc ? lex_side(c->L, ACLASS_CIVILIANS, cc, NULL, 0) : NULL;
            if (g)
                k[i].group = g;
        }
        restated_side(c, &k[i]);
        /* «استشهاد 15 منهم 12 ... وثلاثة عاملين»: a part is where its whole is */
        const char *own = own_place(c, s, k, n, &k[i]);
        if (!own)
            own = k[i].linked && own_prev ? own_prev : s->location;
        if (!own && (k[i].cat == CAT_DISPLACED || k[i].cat == CAT_DETAINED))
            own = s->location_to;
        own_prev = own;
        rc = emit(c, s, &k[i], own);
        remember_side(c, &k[i]);
        if (strcmp(k[i].group, "unknown") && strcmp(k[i].group, "all")) {
            c->last_group = k[i].group;
            c->last_actor = k[i].actor;
            c->last_group_sent = s->index;
        }
    }
    free(k);
    return rc;
}

/* ------------------------------------------------------------------ driver */

static int grow_ti(struct fig_ctx *c, size_t n)
{
    if (n <= c->cti)
        return 0;
    struct tinfo *p = realloc(c->ti, n * sizeof *p);
    if (!p)
        return -1;
    c->ti = p;
    c->cti = n;
    return 0;
}

int fig_field(struct fig_scratch *sc, const struct lex *L, const rasd_doc *doc,
              const char *text, size_t len, int field, int whole, int head, rasd_figure_cb cb,
              void *ud, struct fig_doc_kind *kind)
{
    rasd_text t = {0};
    rasd_tokens tk = {0};
    struct fig_ctx c;
    uint8_t *cue_sent = NULL;
    memset(&c, 0, sizeof c);
    int rc = rasd_normalize(text, len, RASD_NORM_EXTRACT | RASD_NORM_REPLACE, &t, NULL);
    if (rc)
        goto out;
    if ((rc = rasd_tokenize(&t, &tk)))
        goto out;
    c.L = L;
    c.doc = doc;
    c.t = &t;
    c.tk = &tk;
    c.field_text = text;
    c.field = field;
    c.cb = cb;
    c.ud = ud;
    c.speaker = NO_ENTRY;
    c.ti = sc->ti;
    c.cti = sc->cti;
    c.cache = sc->cache;
    if (doc->published)
        cal_parse_iso(doc->published, strnlen(doc->published, 10), &c.pub);
    if (grow_ti(&c, tk.ntok + 1) || !(cue_sent = calloc(tk.nsent + 1, 1))) {
        rc = RASD_ENOMEM;
        goto out;
    }
    /* Articles are read whole for context; pieces of a huge input only where cues are. */
    int full = whole;
    for (size_t i = 0; i < tk.nsent; i++) {
        uint32_t f = tk.sent[i].first, l = tk.sent[i].last;
        if (l - f > MAX_SENT_TOK)
            l = f + MAX_SENT_TOK;
        int has = 0;
        annotate(&c, f, l, full, &has);
        if (has && !full)
            annotate(&c, f, l, 1, &has);
        cue_sent[i] = (uint8_t)has;
        for (uint32_t j = l; j < tk.sent[i].last; j++) {
            c.ti[j].cue = c.ti[j].actor = c.ti[j].src = c.ti[j].place = NO_ENTRY;
            c.ti[j].cue_n = c.ti[j].actor_n = c.ti[j].src_n = c.ti[j].place_n = 0;
        }
    }
    doc_context(&c, (uint32_t)tk.ntok);
    if (c.armed)
        kind->armed = 1;
    /* «27 قتيلا بانفجار في بلدة ...»: the dead of a report headlined with a bombing, no
     * side named, are civilians. */
    for (uint32_t i = 0; head && tk.nsent && i < tk.sent[0].last; i++)
        if (cue_flag(&c, i, CUE_Q | CUE_QW))
            c.head_q = 1;
    /* A title read as a field of its own (JSON Lines) heads the text read after it. */
    if (field == 1)
        kind->head_q = c.head_q;
    else if (!head)
        c.head_q = kind->head_q;
    for (size_t i = 0; i < tk.ntok; i++) {
        const struct lex_cue *q = cue_at(&c, (uint32_t)i);
        if (!q)
            continue;
        if (q->flags & CUE_G)
            kind->war_words++;
        /* «بئر العبد» is a town, not a well. */
        if ((q->flags & (CUE_H | CUE_Z)) && c.ti[i].place < 0) {
            kind->other_words++;
            if (head && tk.nsent && i < tk.sent[0].last) {
                struct sent hs = {.first = tk.sent[0].first, .last = tk.sent[0].last};
                if ((q->flags & CUE_H) || (!clause_has(&c, &hs, (uint32_t)i, CUE_G) &&
                                           !clause_armed(&c, &hs, (uint32_t)i)))
                    kind->other_head = 1;
            }
        }
    }
    struct date_ctx dctx = {c.pub, 0};
    for (size_t i = 0; i < tk.nsent && rc == RASD_OK; i++) {
        struct sent s;
        memset(&s, 0, sizeof s);
        s.first = tk.sent[i].first;
        s.last = tk.sent[i].last;
        if (s.last - s.first > MAX_SENT_TOK)
            s.last = s.first + MAX_SENT_TOK;
        s.index = i;
        s.source = NO_ENTRY;
        if (!cue_sent[i]) {
            /* Still follow who speaks, for «وأضاف ...» in a later sentence. */
            if (full)
                sentence_source(&c, &s);
            continue;
        }
        sentence_places(&c, &s);
        sentence_source(&c, &s);
        if ((rc = date_find(&t, &tk, s.first, s.last, c.pub.y ? &dctx : NULL, &s.dates)) ||
            (rc = num_find(&t, &tk, s.first, s.last, &s.dates, &s.nums)))
            goto next;
        if (!is_history(&c, &s))
            rc = frame(&c, &s);
next:
        num_list_free(&s.nums);
        date_list_free(&s.dates);
    }
out:
    if (c.ti) {
        sc->ti = c.ti;
        sc->cti = c.cti;
    }
    free(cue_sent);
    rasd_tokens_free(&tk);
    rasd_text_free(&t);
    return rc;
}
