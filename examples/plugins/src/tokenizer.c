// The tokenizer plugin: exports `text:tokenizer/tokenizer` (world
// `tokenizer` in examples/wit/worlds.wit).
//
// It owns every `document`: the analysers create documents through their
// socket and read them word by word; wasm-link routes those calls here and
// runs `..._document_destructor` when an analyser drops its handle.
//
// Memory rules of wit-bindgen's C bindings, as used below: arguments of an
// exported function belong to the function (free them), and results are
// handed over (allocate them with malloc; the bindings free them after the
// caller has copied them).

#include <stdlib.h>
#include <string.h>

#include "tokenizer.h"

typedef tokenizer_string_t string_t;
typedef exports_text_tokenizer_tokenizer_token_t token_t;

// A document: the normalised text and a read position.
struct exports_text_tokenizer_tokenizer_document_t {
  char *text;
  size_t len;
  size_t pos;
  // The sentence the read position is in, and whether a word has been read
  // in it yet (so that "..." or "?!" end one sentence, not several).
  uint32_t sentence;
  bool sentence_has_words;
  uint32_t sentences;
};

static uint32_t live_documents = 0;

// UTF-8 sequences that normalise to one ASCII character.
static const struct {
  const char *from;
  char to;
} REPLACEMENTS[] = {
    {"\xE2\x80\x98", '\''}, // left single quote
    {"\xE2\x80\x99", '\''}, // right single quote, apostrophe
    {"\xE2\x80\x9C", '"'},  // left double quote
    {"\xE2\x80\x9D", '"'},  // right double quote
    {"\xE2\x80\x93", '-'},  // en dash
    {"\xE2\x80\x94", '-'},  // em dash
    {"\xC2\xA0", ' '},      // no-break space
};

static bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

// Letters, digits and every byte of a multi-byte UTF-8 character (so that
// "café" is one word).
static bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c >= 0x80;
}

static bool ends_sentence(char c) { return c == '.' || c == '!' || c == '?'; }

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; }

// Normalises `in` into a fresh buffer; returns its length.
static size_t normalize(const char *in, size_t len, char **out) {
  char *buf = malloc(len + 1);
  size_t n = 0;
  bool pending_space = false;
  for (size_t i = 0; i < len;) {
    char c = in[i];
    size_t used = 1;
    for (size_t r = 0; r < sizeof REPLACEMENTS / sizeof REPLACEMENTS[0]; r++) {
      size_t rl = strlen(REPLACEMENTS[r].from);
      if (i + rl <= len && memcmp(in + i, REPLACEMENTS[r].from, rl) == 0) {
        c = REPLACEMENTS[r].to;
        used = rl;
        break;
      }
    }
    i += used;
    if (is_space(c)) {
      pending_space = n > 0;
      continue;
    }
    if (pending_space) {
      buf[n++] = ' ';
      pending_space = false;
    }
    buf[n++] = c;
  }
  buf[n] = 0;
  *out = buf;
  return n;
}

// Finds the next word of `doc` (its bytes are `[*start, *end)`) and moves
// past it, counting the sentences it passes; returns false at the end.
static bool scan_word(exports_text_tokenizer_tokenizer_document_t *doc,
                      size_t *start, size_t *end) {
  const char *t = doc->text;
  size_t i = doc->pos;
  while (i < doc->len && !is_word_byte((unsigned char)t[i])) {
    if (ends_sentence(t[i]) && doc->sentence_has_words) {
      doc->sentence++;
      doc->sentence_has_words = false;
    }
    i++;
  }
  if (i >= doc->len) {
    doc->pos = i;
    return false;
  }
  size_t s = i;
  // A word may hold an apostrophe or hyphen between word characters:
  // "don't", "well-known".
  while (i < doc->len &&
         (is_word_byte((unsigned char)t[i]) ||
          ((t[i] == '\'' || t[i] == '-') && i + 1 < doc->len &&
           is_word_byte((unsigned char)t[i + 1]) && i > s))) {
    i++;
  }
  *start = s;
  *end = i;
  doc->pos = i;
  doc->sentence_has_words = true;
  return true;
}

exports_text_tokenizer_tokenizer_own_document_t
exports_text_tokenizer_tokenizer_constructor_document(string_t *text) {
  exports_text_tokenizer_tokenizer_document_t *doc = calloc(1, sizeof *doc);
  doc->len = normalize((const char *)text->ptr, text->len, &doc->text);
  tokenizer_string_free(text);

  // Count the sentences once: read to the end, then start over.
  size_t s, e;
  bool any = false;
  while (scan_word(doc, &s, &e)) {
    any = true;
  }
  doc->sentences = any ? doc->sentence + (doc->sentence_has_words ? 1 : 0) : 0;
  doc->pos = 0;
  doc->sentence = 0;
  doc->sentence_has_words = false;

  live_documents++;
  return exports_text_tokenizer_tokenizer_document_new(doc);
}

void exports_text_tokenizer_tokenizer_document_destructor(
    exports_text_tokenizer_tokenizer_document_t *doc) {
  live_documents--;
  free(doc->text);
  free(doc);
}

bool exports_text_tokenizer_tokenizer_method_document_next_token(
    exports_text_tokenizer_tokenizer_borrow_document_t doc, token_t *ret) {
  size_t start, end;
  if (!scan_word(doc, &start, &end)) {
    return false;
  }
  char *word = malloc(end - start);
  for (size_t i = start; i < end; i++) {
    word[i - start] = lower(doc->text[i]);
  }
  ret->word.ptr = (uint8_t *)word;
  ret->word.len = end - start;
  ret->offset = (uint32_t)start;
  ret->sentence = doc->sentence;
  return true;
}

uint32_t exports_text_tokenizer_tokenizer_method_document_sentence_count(
    exports_text_tokenizer_tokenizer_borrow_document_t doc) {
  return doc->sentences;
}

void exports_text_tokenizer_tokenizer_method_document_rewind(
    exports_text_tokenizer_tokenizer_borrow_document_t doc) {
  doc->pos = 0;
  doc->sentence = 0;
  doc->sentence_has_words = false;
}

void exports_text_tokenizer_tokenizer_normalize(string_t *text, string_t *ret) {
  char *out;
  size_t len = normalize((const char *)text->ptr, text->len, &out);
  tokenizer_string_free(text);
  ret->ptr = (uint8_t *)out;
  ret->len = len;
}

uint32_t exports_text_tokenizer_tokenizer_live_documents(void) {
  return live_documents;
}
