// The keywords analyser: the most frequent words that are not stop words.
// World `analyzer`: exports `text:analyzer/analyzer`, imports the shared
// `text:tokenizer/tokenizer`.

#include "analysis.h"

#define TOP 5

static const char *const STOP_WORDS[] = {
    "the",   "and",   "for",   "are",   "but",   "not",   "you",   "your",
    "with",  "this",  "that",  "from",  "they",  "them",  "their", "there",
    "then",  "than",  "have",  "has",   "had",   "was",   "were",  "will",
    "would", "can",   "could", "should", "which", "what",  "when",  "where",
    "who",   "how",   "all",   "any",   "each",  "its",   "it's",  "into",
    "onto",  "our",   "out",   "over",  "own",   "one",   "also",  "just",
    "more",  "most",  "some",  "such",  "only",  "other", "very",  "much",
    "been",  "being", "does",  "did",   "doing", "don't", "about", "after",
    "again", "because", "before", "both", "between", "these", "those",
    "here",  "his",   "her",   "she",   "him",   "via",   "yet",   "too",
    "may",   "might", "must",  "shall", "upon",  "while", "every", "without",
    NULL};

void exports_text_analyzer_analyzer_describe(string_t *ret) {
  *ret = format("finds the most frequent content words");
}

// Orders by count, then alphabetically.
static int by_count(const void *a, const void *b) {
  const count_t *x = a, *y = b;
  if (x->count != y->count) {
    return x->count < y->count ? 1 : -1;
  }
  size_t n = x->len < y->len ? x->len : y->len;
  int c = memcmp(x->word, y->word, n);
  return c ? c : (x->len > y->len) - (x->len < y->len);
}

void exports_text_analyzer_analyzer_analyze(string_t *text, analysis_t *ret) {
  own_document_t doc = text_tokenizer_tokenizer_constructor_document(text);
  borrow_document_t reading = text_tokenizer_tokenizer_borrow_document(doc);
  counts_t counts = {0};
  token_t token;
  while (text_tokenizer_tokenizer_method_document_next_token(reading, &token)) {
    bool number = token.word.ptr[0] >= '0' && token.word.ptr[0] <= '9';
    if (utf8_chars(token.word.ptr, token.word.len) >= 3 && !number &&
        !word_in(&token.word, STOP_WORDS)) {
      counts_add(&counts, token.word.ptr, token.word.len);
    }
    text_tokenizer_tokenizer_token_free(&token);
  }
  text_tokenizer_tokenizer_document_drop_own(doc);
  analyzer_string_free(text);

  // Move the entries to the front, then sort them.
  size_t n = 0;
  for (size_t i = 0; i < counts.capacity; i++) {
    if (counts.slots[i].word) {
      count_t entry = counts.slots[i];
      counts.slots[i] = (count_t){0};
      counts.slots[n++] = entry;
    }
  }
  qsort(counts.slots, n, sizeof(count_t), by_count);

  *ret = (analysis_t){0};
  text_builder_t summary = {0};
  tb_format(&summary, "repeated:");
  size_t repeated = 0;
  for (size_t i = 0; i < n && i < TOP; i++) {
    const count_t *c = &counts.slots[i];
    if (c->count > 1) {
      tb_format(&summary, "%s %.*s (%u)", repeated++ ? "," : "", (int)c->len,
                c->word, c->count);
    }
    add_metric(ret, "keyword", "%.*s, %u %s", (int)c->len, c->word, c->count,
               c->count == 1 ? "time" : "times");
  }
  if (repeated == 0) {
    tb_format(&summary, " no content word");
  }
  ret->summary = (string_t){(uint8_t *)summary.buf, summary.len};
  add_metric(ret, "content words", "%zu distinct", n);
  counts_free(&counts);
}
