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

enum {
    HTML_CS_UTF8 = 0,  /* no charset named, or UTF-8: the bytes must be UTF-8 */
    HTML_CS_MARKED,    /* a UTF-16 byte order mark, which libxml2 reads */
    HTML_CS_NAMED      /* another charset, named by a meta charset, or UTF-16 without a
                        * byte order mark (its bytes NUL in every other place) */
};

/* How page html[0..len) is encoded (HTML_CS_*); for HTML_CS_NAMED the charset's name is
 * put in name[0..cap). */
int html_charset(const char *html, size_t len, char *name, size_t cap);

/* 1 when libxml2 can convert charset `name` to UTF-8, else 0. */
int html_charset_known(const char *name);

/* Releases what html_article stored; NULL is a no-op. */
void html_article_free(struct html_article *h);

#endif
