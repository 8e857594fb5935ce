/* Input readers: articles from plain text, HTML and JSON Lines (rasd_reader in rasd.h). */
#ifndef RASD_EXTRACT_INPUT_H
#define RASD_EXTRACT_INPUT_H
#include <stddef.h>

/* The kind RASD_INPUT_AUTO resolves to for a file called `name` (may be NULL) whose first
 * bytes are head[0..len): the extension first (.html .htm .xhtml; .jsonl .ndjson .json;
 * .txt), then the content (a leading '{' is JSON Lines; a leading '<' with an HTML tag in
 * the first kilobytes is HTML), else plain text. */
int input_sniff(const char *name, const char *head, size_t len);

#endif
