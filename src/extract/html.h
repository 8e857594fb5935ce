/* The article text of an HTML page (libxml2's HTML parser); see rasd_html_text. */
#ifndef RASD_EXTRACT_HTML_H
#define RASD_EXTRACT_HTML_H
#include <stddef.h>

/* What a page yields; every string is malloc'd and NUL-terminated, or NULL. */
struct html_article {
    char *text;       /* never NULL after success: paragraphs separated by blank lines */
    size_t text_len;
    char *title;      /* og:title, else the first h1, else <title> */
    char *url;        /* og:url, else the canonical link */
    char *published;  /* article:published_time */
};

/* Parses html[0..len) into *out (free with html_article_free, also after failure).
 * Returns RASD_OK, RASD_ETOOBIG (past INT_MAX bytes, libxml2's limit), RASD_ENOMEM. */
int html_article(const char *html, size_t len, struct html_article *out);

/* Releases what html_article stored; NULL is a no-op. */
void html_article_free(struct html_article *h);

#endif
