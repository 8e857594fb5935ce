/* An averaged perceptron over named binary features, for the experiment of
 * scripts/model-eval.sh: does a learned filter on the extractor's records beat the rules?
 *
 *   perceptron train [--epochs N] [--seed S] < EXAMPLES > WEIGHTS.tsv
 *   perceptron score WEIGHTS.tsv < EXAMPLES > SCORES
 *
 * EXAMPLES: one per line, "LABEL<TAB>feature feature ...", LABEL 1 or 0 (score ignores it).
 * WEIGHTS.tsv: "feature<TAB>weight", sorted bytewise; the weights are the averaged ones,
 * scaled to unit length so that a threshold means the same for models trained on sets of
 * different sizes.  SCORES: one weighted sum per example.  Training visits the examples in an
 * order shuffled by a fixed-seed generator, so the same input gives the same weights. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perceptron.h"

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return 0;
    size_t c = *cap ? *cap : 16;
    while (c < need) c *= 2;
    void *q = realloc(*p, c * size);
    if (!q) return -1;
    *p = q;
    *cap = c;
    return 0;
}

pc_model *pc_create(void)
{
    pc_model *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->slots = 1024;
    m->table = malloc(m->slots * sizeof *m->table);
    if (!m->table) { free(m); return NULL; }
    memset(m->table, 0xff, m->slots * sizeof *m->table);
    return m;
}

void pc_free(pc_model *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->nfeat; i++) free(m->names[i]);
    free(m->names); free(m->w); free(m->u); free(m->table);
    for (size_t i = 0; i < m->nex; i++) free(m->ex[i].f);
    free(m->ex);
    free(m);
}

static int rehash(pc_model *m)
{
    size_t slots = m->slots * 2;
    int32_t *t = malloc(slots * sizeof *t);
    if (!t) return -1;
    memset(t, 0xff, slots * sizeof *t);
    for (size_t i = 0; i < m->nfeat; i++) {
        size_t s = hash(m->names[i], strlen(m->names[i])) & (slots - 1);
        while (t[s] >= 0) s = (s + 1) & (slots - 1);
        t[s] = (int32_t)i;
    }
    free(m->table);
    m->table = t;
    m->slots = slots;
    return 0;
}

int32_t pc_feature(pc_model *m, const char *name, size_t len, int add)
{
    size_t s = hash(name, len) & (m->slots - 1);
    for (; m->table[s] >= 0; s = (s + 1) & (m->slots - 1)) {
        const char *n = m->names[m->table[s]];
        if (strlen(n) == len && memcmp(n, name, len) == 0) return m->table[s];
    }
    if (!add) return -1;
    if (grow((void **)&m->names, &m->capfeat, m->nfeat + 1, sizeof *m->names) ||
        grow((void **)&m->w, &m->capw, m->nfeat + 1, sizeof *m->w)) return -2;
    m->capu = m->capw;
    double *u = realloc(m->u, m->capu * sizeof *u);
    if (!u) return -2;
    m->u = u;
    char *copy = malloc(len + 1);
    if (!copy) return -2;
    memcpy(copy, name, len);
    copy[len] = 0;
    int32_t id = (int32_t)m->nfeat++;
    m->names[id] = copy;
    m->w[id] = 0;
    m->u[id] = 0;
    m->table[s] = id;
    if (m->nfeat * 2 > m->slots && rehash(m)) return -2;
    return id;
}

/* Splits a line's features on spaces; unknown names are added when add is set, skipped
 * otherwise. */
static int parse_features(pc_model *m, const char *text, int add, int32_t **out, size_t *n)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    for (const char *p = text; *p;) {
        while (*p == ' ') p++;
        const char *e = p;
        while (*e && *e != ' ' && *e != '\n') e++;
        if (e > p) {
            int32_t id = pc_feature(m, p, (size_t)(e - p), add);
            if (id == -2) return -1;
            if (id >= 0) {
                if (grow((void **)out, &cap, *n + 1, sizeof **out)) return -1;
                (*out)[(*n)++] = id;
            }
        }
        if (!*e || *e == '\n') break;
        p = e;
    }
    return 0;
}

int pc_add_example(pc_model *m, int label, const char *features)
{
    if (grow((void **)&m->ex, &m->capex, m->nex + 1, sizeof *m->ex)) return -1;
    pc_example *x = &m->ex[m->nex];
    x->y = label ? 1 : -1;
    if (parse_features(m, features, 1, &x->f, &x->n)) return -1;
    m->nex++;
    return 0;
}

static double dot(const pc_model *m, const int32_t *f, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) s += m->w[f[i]];
    return s;
}

/* The classic averaged perceptron: u accumulates each update times the step it was made at,
 * so that the average over all steps is w - u / steps without summing w at every step. */
int pc_train(pc_model *m, int epochs, uint64_t seed)
{
    size_t *order = malloc((m->nex ? m->nex : 1) * sizeof *order);
    if (!order) return -1;
    for (size_t i = 0; i < m->nex; i++) order[i] = i;
    uint64_t state = seed * 6364136223846793005ull + 1442695040888963407ull;
    double step = 1;
    for (int e = 0; e < epochs; e++) {
        for (size_t i = m->nex; i > 1; i--) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            size_t j = (size_t)((state >> 33) % i);
            size_t t = order[i - 1]; order[i - 1] = order[j]; order[j] = t;
        }
        for (size_t k = 0; k < m->nex; k++, step++) {
            const pc_example *x = &m->ex[order[k]];
            if (x->y * dot(m, x->f, x->n) > 0) continue;
            for (size_t i = 0; i < x->n; i++) {
                m->w[x->f[i]] += x->y;
                m->u[x->f[i]] += x->y * step;
            }
        }
    }
    free(order);
    double norm = 0;
    for (size_t i = 0; i < m->nfeat; i++) {
        m->w[i] -= m->u[i] / step;
        m->u[i] = 0;
        norm += m->w[i] * m->w[i];
    }
    norm = sqrt(norm);
    if (norm > 0)
        for (size_t i = 0; i < m->nfeat; i++) m->w[i] /= norm;
    return 0;
}

double pc_weight(pc_model *m, const char *name)
{
    int32_t id = pc_feature(m, name, strlen(name), 0);
    return id >= 0 ? m->w[id] : 0;
}

int pc_score(pc_model *m, const char *features, double *score)
{
    int32_t *f;
    size_t n;
    if (parse_features(m, features, 0, &f, &n)) return -1;
    *score = dot(m, f, n);
    free(f);
    return 0;
}

int pc_set_weight(pc_model *m, const char *name, double w)
{
    int32_t id = pc_feature(m, name, strlen(name), 1);
    if (id < 0) return -1;
    m->w[id] = w;
    return 0;
}

/* A merge sort of feature ids by name: qsort has no context argument in C11. */
static void sort_ids(int32_t *ids, int32_t *tmp, size_t n, char **names)
{
    if (n < 2) return;
    size_t h = n / 2;
    sort_ids(ids, tmp, h, names);
    sort_ids(ids + h, tmp, n - h, names);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = strcmp(names[ids[j]], names[ids[i]]) < 0 ? ids[j++] : ids[i++];
    while (i < h) tmp[k++] = ids[i++];
    while (j < n) tmp[k++] = ids[j++];
    memcpy(ids, tmp, n * sizeof *ids);
}

int pc_write(const pc_model *m, FILE *out)
{
    int32_t *ids = malloc((m->nfeat + 1) * sizeof *ids), *tmp = malloc((m->nfeat + 1) * sizeof *tmp);
    if (!ids || !tmp) { free(ids); free(tmp); return -1; }
    for (size_t i = 0; i < m->nfeat; i++) ids[i] = (int32_t)i;
    sort_ids(ids, tmp, m->nfeat, m->names);
    for (size_t i = 0; i < m->nfeat; i++)
        if (m->w[ids[i]] != 0) fprintf(out, "%s\t%.8f\n", m->names[ids[i]], m->w[ids[i]]);
    free(ids);
    free(tmp);
    return ferror(out) ? -1 : 0;
}

#ifndef PERCEPTRON_NO_MAIN
static char *read_line(FILE *in, char **buf, size_t *cap)
{
    ssize_t n = getline(buf, cap, in);
    if (n < 0) return NULL;
    if (n && (*buf)[n - 1] == '\n') (*buf)[n - 1] = 0;
    return *buf;
}

static int train(int epochs, uint64_t seed)
{
    pc_model *m = pc_create();
    char *line = NULL;
    size_t cap = 0;
    int rc = m ? 0 : 1;
    while (!rc && read_line(stdin, &line, &cap)) {
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        if (pc_add_example(m, atoi(line), tab + 1)) rc = 1;
    }
    if (!rc && (pc_train(m, epochs, seed) || pc_write(m, stdout))) rc = 1;
    free(line);
    pc_free(m);
    if (rc) fprintf(stderr, "perceptron: out of memory or write error\n");
    return rc;
}

static int score(const char *weights)
{
    FILE *f = fopen(weights, "r");
    if (!f) { fprintf(stderr, "perceptron: cannot open %s\n", weights); return 1; }
    pc_model *m = pc_create();
    char *line = NULL;
    size_t cap = 0;
    int rc = m ? 0 : 1;
    while (!rc && read_line(f, &line, &cap)) {
        char *tab = strchr(line, '\t');
        if (tab) { *tab = 0; if (pc_set_weight(m, line, atof(tab + 1))) rc = 1; }
    }
    fclose(f);
    while (!rc && read_line(stdin, &line, &cap)) {
        char *tab = strchr(line, '\t');
        double s;
        if (pc_score(m, tab ? tab + 1 : line, &s)) rc = 1;
        else printf("%.6f\n", s);
    }
    free(line);
    pc_free(m);
    return rc;
}

int main(int argc, char **argv)
{
    int epochs = 10;
    uint64_t seed = 1;
    if (argc >= 3 && strcmp(argv[1], "score") == 0) return score(argv[2]);
    if (argc >= 2 && strcmp(argv[1], "train") == 0) {
        for (int i = 2; i + 1 < argc; i += 2) {
            if (strcmp(argv[i], "--epochs") == 0) epochs = atoi(argv[i + 1]);
            else if (strcmp(argv[i], "--seed") == 0) seed = strtoull(argv[i + 1], NULL, 10);
            else { fprintf(stderr, "perceptron: unknown option %s\n", argv[i]); return 2; }
        }
        return train(epochs, seed);
    }
    fprintf(stderr, "usage: perceptron train [--epochs N] [--seed S] < EXAMPLES\n"
                    "       perceptron score WEIGHTS.tsv < EXAMPLES\n");
    return 2;
}
#endif
