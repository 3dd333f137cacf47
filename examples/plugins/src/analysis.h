// Helpers shared by the analyser plugins (world `analyzer`): building the
// `analysis` result, and counting words.
//
// Header-only (every function is `static`), so each plugin stays one
// translation unit plus its generated bindings.

#ifndef ANALYSIS_H
#define ANALYSIS_H

#include "analyzer.h"
#include "format.h"

typedef analyzer_string_t string_t;
typedef exports_text_analyzer_analyzer_analysis_t analysis_t;
typedef exports_text_analyzer_analyzer_metric_t metric_t;
typedef text_tokenizer_tokenizer_own_document_t own_document_t;
typedef text_tokenizer_tokenizer_borrow_document_t borrow_document_t;
typedef text_tokenizer_tokenizer_token_t token_t;

// A string in a fresh malloc'd buffer, formatted like printf. The bindings
// free result strings after the call (see format.h for the formats it knows).
static inline string_t vformat(const char *fmt, va_list args) {
  text_builder_t b = {0};
  tb_vformat(&b, fmt, args);
  return (string_t){(uint8_t *)b.buf, b.len};
}

static inline string_t format(const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  string_t s = vformat(fmt, args);
  va_end(args);
  return s;
}

static inline void set_summary(analysis_t *a, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  a->summary = vformat(fmt, args);
  va_end(args);
}

static inline void add_metric(analysis_t *a, const char *name, const char *fmt, ...) {
  metric_t *grown =
      realloc(a->metrics.ptr, (a->metrics.len + 1) * sizeof(metric_t));
  a->metrics.ptr = grown;
  metric_t *m = &grown[a->metrics.len++];
  m->name = format("%s", name);
  va_list args;
  va_start(args, fmt);
  m->value = vformat(fmt, args);
  va_end(args);
}

// The number of characters (not bytes) of a UTF-8 word.
static inline size_t utf8_chars(const uint8_t *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    n += (s[i] & 0xC0) != 0x80;
  }
  return n;
}

static inline bool word_is(const string_t *w, const char *s) {
  return w->len == strlen(s) && memcmp(w->ptr, s, w->len) == 0;
}

static inline bool word_in(const string_t *w, const char *const *list) {
  for (; *list; list++) {
    if (word_is(w, *list)) {
      return true;
    }
  }
  return false;
}

// Word counts: an open-addressing hash table that copies its keys.
typedef struct {
  char *word;
  size_t len;
  uint32_t count;
} count_t;

typedef struct {
  count_t *slots;
  size_t capacity;
  size_t used;
} counts_t;

static inline uint32_t hash(const uint8_t *s, size_t len) {
  uint32_t h = 2166136261u; // FNV-1a
  for (size_t i = 0; i < len; i++) {
    h = (h ^ s[i]) * 16777619u;
  }
  return h;
}

static inline count_t *counts_slot(count_t *slots, size_t capacity, const uint8_t *w,
                            size_t len) {
  size_t i = hash(w, len) & (capacity - 1);
  while (slots[i].word &&
         !(slots[i].len == len && memcmp(slots[i].word, w, len) == 0)) {
    i = (i + 1) & (capacity - 1);
  }
  return &slots[i];
}

static inline void counts_add(counts_t *c, const uint8_t *w, size_t len) {
  if ((c->used + 1) * 4 > c->capacity * 3) { // keep it at most 3/4 full
    size_t capacity = c->capacity ? c->capacity * 2 : 64;
    count_t *slots = calloc(capacity, sizeof(count_t));
    for (size_t i = 0; i < c->capacity; i++) {
      if (c->slots[i].word) {
        *counts_slot(slots, capacity, (uint8_t *)c->slots[i].word,
                     c->slots[i].len) = c->slots[i];
      }
    }
    free(c->slots);
    c->slots = slots;
    c->capacity = capacity;
  }
  count_t *slot = counts_slot(c->slots, c->capacity, w, len);
  if (!slot->word) {
    slot->word = malloc(len ? len : 1);
    memcpy(slot->word, w, len);
    slot->len = len;
    c->used++;
  }
  slot->count++;
}

static inline void counts_free(counts_t *c) {
  for (size_t i = 0; i < c->capacity; i++) {
    free(c->slots[i].word);
  }
  free(c->slots);
  *c = (counts_t){0};
}

#endif
