/* The averaged perceptron of tools/perceptron.c, declared for its unit test. */
#ifndef RASD_TOOLS_PERCEPTRON_H
#define RASD_TOOLS_PERCEPTRON_H
#include <stdint.h>
#include <stdio.h>

typedef struct {
    int y;          /* +1 or -1 */
    int32_t *f;     /* feature ids, repeated for a count */
    size_t n;
} pc_example;

typedef struct {
    char **names;
    double *w, *u;  /* weights; u the step-weighted sum of updates, for the average */
    int32_t *table; /* open addressing over names, -1 empty */
    size_t nfeat, capfeat, capw, capu, slots;
    pc_example *ex;
    size_t nex, capex;
} pc_model;

/* An empty model, or NULL when out of memory.  Free with pc_free. */
pc_model *pc_create(void);
void pc_free(pc_model *m);
/* The id of a feature name (len bytes); adds it when add is set.  -1 unknown, -2 no memory. */
int32_t pc_feature(pc_model *m, const char *name, size_t len, int add);
/* Adds a training example: label 1 or 0, features separated by spaces.  0 or -1. */
int pc_add_example(pc_model *m, int label, const char *features);
/* Trains over the examples for epochs passes in an order shuffled from seed, then leaves the
 * averaged weights scaled to unit length.  0 or -1. */
int pc_train(pc_model *m, int epochs, uint64_t seed);
/* The weight of a feature name, 0 when unknown. */
double pc_weight(pc_model *m, const char *name);
/* Sets a feature's weight (loading a weights file).  0 or -1. */
int pc_set_weight(pc_model *m, const char *name, double w);
/* The sum of the weights of space-separated features; unknown ones count 0.  0 or -1. */
int pc_score(pc_model *m, const char *features, double *score);
/* Writes the non-zero weights as "name<TAB>weight" lines sorted bytewise.  0 or -1. */
int pc_write(const pc_model *m, FILE *out);
#endif
