/* The article text of an HTML page: libxml2's tolerant HTML parser, then a walk that keeps
 * headings and paragraphs and leaves out scripts, menus, footers and the like. */
#include "extract/html.h"
#include "common/buf.h"
#include "rasd.h"
#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { TAG_SKIP = 1, TAG_BLOCK, TAG_CONTENT, TAG_ARTICLE, TAG_HEADER, TAG_BREAK };

struct tag_class { const char *name; int cls; };

/* Elements by role.  CONTENT elements are blocks whose text is always kept; BLOCK elements
 * only separate paragraphs; ARTICLE elements keep the loose text inside them. */
static const struct tag_class html_tags[] = {
    {"script", TAG_SKIP}, {"style", TAG_SKIP}, {"noscript", TAG_SKIP}, {"nav", TAG_SKIP},
    {"footer", TAG_SKIP}, {"aside", TAG_SKIP}, {"form", TAG_SKIP}, {"menu", TAG_SKIP},
    {"iframe", TAG_SKIP}, {"svg", TAG_SKIP}, {"button", TAG_SKIP}, {"select", TAG_SKIP},
    {"template", TAG_SKIP}, {"head", TAG_SKIP}, {"object", TAG_SKIP}, {"embed", TAG_SKIP},
    {"canvas", TAG_SKIP}, {"textarea", TAG_SKIP}, {"dialog", TAG_SKIP},
    {"header", TAG_HEADER},
    {"h1", TAG_CONTENT}, {"h2", TAG_CONTENT}, {"h3", TAG_CONTENT}, {"h4", TAG_CONTENT},
    {"h5", TAG_CONTENT}, {"h6", TAG_CONTENT}, {"p", TAG_CONTENT}, {"li", TAG_CONTENT},
    {"blockquote", TAG_CONTENT}, {"pre", TAG_CONTENT}, {"dd", TAG_CONTENT},
    {"dt", TAG_CONTENT}, {"figcaption", TAG_CONTENT},
    {"article", TAG_ARTICLE}, {"main", TAG_ARTICLE},
    {"div", TAG_BLOCK}, {"section", TAG_BLOCK}, {"ul", TAG_BLOCK}, {"ol", TAG_BLOCK},
    {"dl", TAG_BLOCK}, {"table", TAG_BLOCK}, {"tr", TAG_BLOCK}, {"td", TAG_BLOCK},
    {"th", TAG_BLOCK}, {"figure", TAG_BLOCK}, {"hr", TAG_BLOCK}, {"body", TAG_BLOCK},
    {"br", TAG_BREAK},
};

/* Words in class/id values that mark page furniture.  `prefix` 1 also matches words that
 * start with it ("sharebar", "navigation-top"); short or ambiguous words match whole. */
struct furniture { const char *word; int prefix; };
static const struct furniture html_furniture[] = {
    {"menu", 1}, {"nav", 0}, {"navbar", 1}, {"navigation", 1}, {"footer", 1},
    {"share", 1}, {"sharing", 1}, {"social", 1}, {"comment", 0}, {"comments", 1},
    {"sidebar", 1}, {"breadcrumb", 1}, {"related", 1}, {"ad", 0}, {"ads", 0},
    {"advert", 1}, {"banner", 1}, {"cookie", 1}, {"newsletter", 1}, {"subscribe", 1},
    {"promo", 1}, {"popup", 1}, {"modal", 0}, {"tags", 0}, {"toolbar", 1},
    {"masthead", 1}, {"topbar", 1}, {"widget", 0}, {"print", 0}, {"skip", 0},
};

/* Words in class/id values that mark the article body, whose loose text (outside p, e.g.
 * paragraphs separated by <br>) is kept like that of <article>. */
static const char *const html_body_words[] = {
    "article", "content", "story", "entry", "post", "details", "detail", "articlebody",
};

struct walk {
    struct buf out;    /* paragraphs so far */
    struct buf block;  /* the paragraph being gathered */
    int space;         /* whitespace seen since the last kept character */
};

/* What a walk knows of a node's ancestors, handed down to its children. */
struct ctx {
    int keep;          /* text here is kept (inside a content element, or loose inside
                        * article/main) */
    int in_article;    /* inside article/main or an element named as the body */
    int chrome;        /* inside header, nav, footer, aside or furniture, outside article */
    int block;         /* set by enter for leave: the node separates paragraphs */
};

struct frame {
    xmlNode *n;
    struct ctx outer;  /* the context of n and its siblings */
    struct ctx inner;  /* the context enter gave n's children */
};

/* Visits first and its following siblings and all their descendants in document order,
 * with a stack on the heap rather than recursion: pages nest thousands of levels deep,
 * and every level's text is kept.  enter(u, n, &c) gets each node with its context c and
 * returns 0 to leave the node out, or 1 to visit its children with the context it left in
 * c, then leave(u, n, &c) (leave may be NULL).  Returns RASD_OK or RASD_ENOMEM. */
static int tree_walk(xmlNode *first, struct ctx c, int (*enter)(void *, xmlNode *, struct ctx *),
                     void (*leave)(void *, xmlNode *, const struct ctx *), void *u)
{
    struct frame *st = NULL;
    size_t depth = 0, cap = 0;
    xmlNode *n = first;
    for (;;) {
        if (!n) {
            if (!depth)
                break;
            struct frame *f = &st[--depth];
            if (leave)
                leave(u, f->n, &f->inner);
            c = f->outer;
            n = f->n->next;
            continue;
        }
        struct ctx inner = c;
        if (!enter(u, n, &inner)) {
            n = n->next;
            continue;
        }
        if (depth == cap) {
            size_t nc = cap ? cap * 2 : 64;
            struct frame *g = realloc(st, nc * sizeof *g);
            if (!g) {
                free(st);
                return RASD_ENOMEM;
            }
            st = g;
            cap = nc;
        }
        st[depth++] = (struct frame){n, c, inner};
        c = inner;
        n = n->children;
    }
    free(st);
    return RASD_OK;
}

static int tag_class(const xmlChar *name)
{
    for (size_t i = 0; i < sizeof html_tags / sizeof *html_tags; i++)
        if (!strcasecmp((const char *)name, html_tags[i].name))
            return html_tags[i].cls;
    return 0;
}

static int furniture_word(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof html_furniture / sizeof *html_furniture; i++) {
        const char *f = html_furniture[i].word;
        size_t fl = strlen(f);
        if (n == fl && !strncasecmp(w, f, n))
            return 1;
        if (html_furniture[i].prefix && n > fl && !strncasecmp(w, f, fl))
            return 1;
    }
    return 0;
}

static int is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Whether an attribute value names furniture, word by word (split on - _ space etc.). */
static int furniture_attr(const char *v)
{
    const char *p = v;
    while (*p) {
        while (*p && !is_word_char(*p))
            p++;
        const char *w = p;
        while (*p && is_word_char(*p))
            p++;
        if (p > w && furniture_word(w, (size_t)(p - w)))
            return 1;
    }
    return 0;
}

static int body_word(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof html_body_words / sizeof *html_body_words; i++)
        if (strlen(html_body_words[i]) == n && !strncasecmp(w, html_body_words[i], n))
            return 1;
    return 0;
}

/* Whether a class or id value names the article body, word by word. */
static int is_body(xmlNode *n)
{
    static const char *const attrs[] = {"class", "id", "itemprop"};
    int hit = 0;
    for (size_t i = 0; i < sizeof attrs / sizeof *attrs && !hit; i++) {
        xmlChar *v = xmlGetProp(n, (const xmlChar *)attrs[i]);
        for (const char *p = (const char *)v; p && *p && !hit;) {
            while (*p && !is_word_char(*p))
                p++;
            const char *w = p;
            while (*p && is_word_char(*p))
                p++;
            hit = p > w && body_word(w, (size_t)(p - w));
        }
        xmlFree(v);
    }
    return hit;
}

static int is_furniture(xmlNode *n)
{
    static const char *const attrs[] = {"class", "id", "role"};
    for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++) {
        xmlChar *v = xmlGetProp(n, (const xmlChar *)attrs[i]);
        int hit = v && furniture_attr((const char *)v);
        xmlFree(v);
        if (hit)
            return 1;
    }
    return 0;
}

/* Appends text with runs of whitespace (and no-break spaces) collapsed to one space. */
static void add_text(struct walk *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v') {
            w->space = 1;
            p++;
            continue;
        }
        if (p[0] == 0xC2 && p[1] == 0xA0) {
            w->space = 1;
            p += 2;
            continue;
        }
        if (w->space && w->block.len)
            buf_addc(&w->block, ' ');
        w->space = 0;
        buf_addc(&w->block, (char)*p++);
    }
}

static void flush(struct walk *w)
{
    if (w->block.len) {
        if (w->out.len)
            buf_add(&w->out, "\n\n", 2);
        buf_add(&w->out, w->block.p, w->block.len);
    }
    buf_reset(&w->block);
    w->space = 0;
}

static int walk_enter(void *u, xmlNode *n, struct ctx *c)
{
    struct walk *w = u;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (c->keep && n->content)
            add_text(w, (const char *)n->content);
        return 0;
    }
    if (n->type != XML_ELEMENT_NODE || !n->name)
        return 0;
    int cls = tag_class(n->name);
    if (cls == TAG_SKIP || (cls == TAG_HEADER && !c->in_article))
        return 0;
    if (cls == TAG_BREAK) {
        flush(w);
        return 0;
    }
    if (strcasecmp((const char *)n->name, "body") && is_furniture(n))
        return 0;
    if (cls == TAG_BLOCK && !c->in_article && is_body(n))
        cls = TAG_ARTICLE;
    c->block = cls == TAG_BLOCK || cls == TAG_CONTENT || cls == TAG_ARTICLE ||
               cls == TAG_HEADER;
    if (c->block)
        flush(w);
    c->keep = c->keep || cls == TAG_CONTENT || cls == TAG_ARTICLE;
    c->in_article = c->in_article || cls == TAG_ARTICLE;
    return 1;
}

static void walk_leave(void *u, xmlNode *n, const struct ctx *c)
{
    (void)n;
    if (c->block)
        flush(u);
}

static int walk_nodes(struct walk *w, xmlNode *n, int keep, int in_article)
{
    struct ctx c = {keep, in_article, 0, 0};
    return tree_walk(n, c, walk_enter, walk_leave, w);
}

struct meta {
    char *og_title, *h1, *title, *url, *canonical, *published;
    char *h1_any;   /* the first h1 in page chrome (header, nav...), the last resort */
    int oom;        /* a value could not be kept: another would stand in for it */
};

static void set_once(char **slot, xmlChar *v, int *oom)
{
    if (!*slot && v && *v && !(*slot = strdup((const char *)v)))
        *oom = 1;
}

/* The text of a node with whitespace collapsed, as a malloc'd string (or NULL; *oom set
 * when that is for want of memory). */
static char *node_text(xmlNode *n, int *oom)
{
    xmlChar *c = xmlNodeGetContent(n);
    if (!c)
        return NULL;
    struct walk w = {0};
    buf_init(&w.block);
    add_text(&w, (const char *)c);
    xmlFree(c);
    if (!w.block.len || w.block.oom) {
        *oom |= w.block.oom;
        buf_free(&w.block);
        return NULL;
    }
    return buf_take(&w.block, NULL);
}

/* Whether the children of n are page chrome, given that n's own context is `chrome`. */
static int chrome_of(xmlNode *n, int chrome, int in_article)
{
    int cls = tag_class(n->name);
    if (cls == TAG_ARTICLE)
        return 0;
    if (chrome || cls == TAG_SKIP || (cls == TAG_HEADER && !in_article))
        return 1;
    return strcasecmp((const char *)n->name, "body") && strcasecmp((const char *)n->name, "html")
           && is_furniture(n);
}

static int meta_enter(void *u, xmlNode *n, struct ctx *c)
{
    struct meta *m = u;
    if (n->type != XML_ELEMENT_NODE || !n->name)
        return 0;
    const char *name = (const char *)n->name;
    if (!strcasecmp(name, "meta")) {
        xmlChar *prop = xmlGetProp(n, (const xmlChar *)"property");
        if (!prop)
            prop = xmlGetProp(n, (const xmlChar *)"name");
        xmlChar *content = prop ? xmlGetProp(n, (const xmlChar *)"content") : NULL;
        if (prop && content) {
            if (!strcasecmp((char *)prop, "og:title"))
                set_once(&m->og_title, content, &m->oom);
            else if (!strcasecmp((char *)prop, "og:url"))
                set_once(&m->url, content, &m->oom);
            else if (!strcasecmp((char *)prop, "article:published_time") ||
                     !strcasecmp((char *)prop, "datePublished"))
                set_once(&m->published, content, &m->oom);
        }
        xmlFree(prop);
        xmlFree(content);
    } else if (!strcasecmp(name, "link")) {
        xmlChar *rel = xmlGetProp(n, (const xmlChar *)"rel");
        if (rel && !strcasecmp((char *)rel, "canonical")) {
            xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
            set_once(&m->canonical, href, &m->oom);
            xmlFree(href);
        }
        xmlFree(rel);
    } else if (!strcasecmp(name, "title") && !m->title) {
        m->title = node_text(n, &m->oom);
    } else if (!strcasecmp(name, "h1")) {
        /* A site's logo is often the first h1; the headline is the first outside. */
        char **slot = c->chrome ? &m->h1_any : &m->h1;
        if (!*slot)
            *slot = node_text(n, &m->oom);
    } else if (!strcasecmp(name, "script") || !strcasecmp(name, "style")) {
        return 0;
    }
    int chrome = chrome_of(n, c->chrome, c->in_article);
    c->in_article = c->in_article || tag_class(n->name) == TAG_ARTICLE;
    c->chrome = chrome;
    return 1;
}

static int scan_meta(struct meta *m, xmlNode *root)
{
    struct ctx c = {0, 0, 0, 0};
    return tree_walk(root, c, meta_enter, NULL, m);
}

static void meta_free(struct meta *m)
{
    free(m->og_title);
    free(m->h1);
    free(m->h1_any);
    free(m->title);
    free(m->url);
    free(m->canonical);
    free(m->published);
}

/* Whether a page of UTF-16 code units lacks its byte order mark: markup is mostly ASCII,
 * so one byte of each pair is NUL.  Returns the charset, or NULL. */
static const char *utf16_unmarked(const char *s, size_t len)
{
    size_t n = len < 512 ? len : 512, zero[2] = {0, 0};
    for (size_t i = 0; i < n; i++)
        zero[i & 1] += s[i] == 0;
    if (n >= 8 && zero[1] > n / 4 && zero[0] == 0)
        return "UTF-16LE";
    if (n >= 8 && zero[0] > n / 4 && zero[1] == 0)
        return "UTF-16BE";
    return NULL;
}

int html_charset(const char *s, size_t len, char *name, size_t cap)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return HTML_CS_MARKED;
    const char *cs = utf16_unmarked(s, len);
    if (cs) {
        snprintf(name, cap, "%s", cs);
        return HTML_CS_NAMED;
    }
    size_t n = len < 2048 ? len : 2048;
    for (size_t i = 0; i + 8 <= n; i++) {
        if (strncasecmp(s + i, "charset=", 8))
            continue;
        size_t j = i + 8, k = 0;
        while (j < n && (s[j] == '"' || s[j] == '\'' || s[j] == ' '))
            j++;
        while (j < n && k + 1 < cap && (is_word_char(s[j]) || strchr("-_.:", s[j])))
            name[k++] = s[j++];
        name[k] = 0;
        /* A page of bytes that says UTF-16 without a mark is not UTF-16 (as browsers
         * read it). */
        if (!k || !strcasecmp(name, "utf-8") || !strcasecmp(name, "utf8") ||
            !strncasecmp(name, "utf-16", 6) || !strncasecmp(name, "utf-32", 6))
            return HTML_CS_UTF8;
        return HTML_CS_NAMED;
    }
    /* libxml2 reads a page without a charset as Latin-1; Arabic news is UTF-8 unless it
     * says otherwise. */
    return HTML_CS_UTF8;
}

int html_charset_known(const char *name)
{
    xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(name);
    if (!h)
        return 0;
    xmlCharEncCloseFunc(h);
    return 1;
}

/* libxml2 reads on after errors and returns what it has, or nothing, so running out of
 * memory shows only in its last error.  That error is cleared before (a stale one must
 * not count) and after (it would keep its messages allocated). */
static int html_parse(const char *html, size_t len, htmlDocPtr *doc)
{
    /* HUGE lifts libxml2's depth limit of 256, past which it drops the rest of the page. */
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_NONET | HTML_PARSE_NOBLANKS | XML_PARSE_HUGE;
    char name[64];
    int cs = html_charset(html, len, name, sizeof name);
    const char *enc = cs == HTML_CS_UTF8 ? "UTF-8" : cs == HTML_CS_NAMED ? name : NULL;
    xmlResetLastError();
    *doc = htmlReadMemory(html, (int)len, NULL, enc, opts);
    xmlErrorPtr e = xmlGetLastError();
    int rc = e && e->code == XML_ERR_NO_MEMORY ? RASD_ENOMEM : RASD_OK;
    xmlResetLastError();
    if (rc && *doc) {
        xmlFreeDoc(*doc);
        *doc = NULL;
    }
    return rc;
}

int html_article(const char *html, size_t len, struct html_article *out)
{
    memset(out, 0, sizeof *out);
    if (len > INT_MAX)
        return RASD_ETOOBIG;
    struct walk w = {0};
    struct meta m = {0};
    buf_init(&w.out);
    buf_init(&w.block);
    htmlDocPtr doc = NULL;
    int rc = len ? html_parse(html, len, &doc) : RASD_OK;
    if (rc)
        return rc;
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (root) {
        rc = walk_nodes(&w, root, 0, 0);
        flush(&w);
        if (rc == RASD_OK && !w.out.len) {
            /* No paragraphs at all (text in bare divs): keep the loose text of the body. */
            rc = walk_nodes(&w, root, 1, 1);
            flush(&w);
        }
        if (rc == RASD_OK)
            rc = scan_meta(&m, root);
    }
    if (rc != RASD_OK || w.out.oom || w.block.oom || m.oom) {
        rc = RASD_ENOMEM;
        goto out;
    }
    out->text = buf_take(&w.out, &out->text_len);
    if (!out->text) {
        rc = RASD_ENOMEM;
        goto out;
    }
    if (!m.h1 && !m.title) {
        m.h1 = m.h1_any;
        m.h1_any = NULL;
    }
    out->title = m.og_title ? m.og_title : m.h1 ? m.h1 : m.title;
    if (out->title == m.og_title)
        m.og_title = NULL;
    else if (out->title == m.h1)
        m.h1 = NULL;
    else
        m.title = NULL;
    out->url = m.url ? m.url : m.canonical;
    if (out->url == m.url)
        m.url = NULL;
    else
        m.canonical = NULL;
    out->published = m.published;
    m.published = NULL;
out:
    meta_free(&m);
    buf_free(&w.out);
    buf_free(&w.block);
    if (doc)
        xmlFreeDoc(doc);
    return rc;
}

void html_article_free(struct html_article *h)
{
    if (!h)
        return;
    free(h->text);
    free(h->title);
    free(h->url);
    free(h->published);
    memset(h, 0, sizeof *h);
}

int rasd_html_text(const char *html, size_t len, char **text, size_t *text_len,
                   char **title, size_t *title_len)
{
    struct html_article h;
    int rc = html_article(html ? html : "", html ? len : 0, &h);
    if (rc != RASD_OK)
        return rc;
    *text = h.text;
    if (text_len)
        *text_len = h.text_len;
    h.text = NULL;
    if (title) {
        *title = h.title;
        if (title_len)
            *title_len = h.title ? strlen(h.title) : 0;
        h.title = NULL;
    }
    html_article_free(&h);
    return RASD_OK;
}
