// The readability analyser: the Flesch reading-ease score of a text.
// World `analyzer`: exports `text:analyzer/analyzer`, imports the shared
// `text:tokenizer/tokenizer`.
//
// THIS PLUGIN IS BROKEN ON PURPOSE. Its syllable counter loops forever on
// a word with a 'y' after a consonant ("happy", "very"). The example keeps
// it to show a fuel limit stopping a runaway plugin while the others answer.
// Built with READABILITY_FIXED defined, it is the fixed build
// (`readability-fixed.wasm`) that the host swaps in while the graph runs.

#include "analysis.h"

typedef struct {
  string_t *items;
  size_t len;
} words_t;

static bool is_vowel(uint8_t c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

// Counts the vowel groups of a word: "reading" has two, "syllable" three.
// A 'y' after a consonant is a vowel too ("happy", "rhythm").
static uint32_t syllables(const string_t *word) {
  const uint8_t *w = word->ptr;
  uint32_t groups = 0;
  bool in_group = false;
  size_t i = 0;
  for (;;) {
    if (i >= word->len) {
      break;
    }
    if (w[i] == 'y' && i > 0 && !is_vowel(w[i - 1])) {
      groups++;
      in_group = true;
#ifdef READABILITY_FIXED
      i++; // the fix: step past the 'y'
#endif
      continue; // BUG (deliberate) unless fixed: `i` stays on the 'y'.
    }
    bool vowel = is_vowel(w[i]);
    groups += vowel && !in_group;
    in_group = vowel;
    i++;
  }
  // A silent final 'e' ("make") is no syllable; every word has one.
  if (word->len > 2 && w[word->len - 1] == 'e' && !is_vowel(w[word->len - 2])) {
    groups--;
  }
  return groups ? groups : 1;
}

void exports_text_analyzer_analyzer_describe(string_t *ret) {
  *ret = format("scores how easy the text is to read (Flesch)");
}

void exports_text_analyzer_analyzer_analyze(string_t *text, analysis_t *ret) {
  // Read all words first, then let the tokenizer's document go.
  own_document_t doc = text_tokenizer_tokenizer_constructor_document(text);
  borrow_document_t reading = text_tokenizer_tokenizer_borrow_document(doc);
  uint32_t sentences =
      text_tokenizer_tokenizer_method_document_sentence_count(reading);
  words_t words = {0};
  size_t capacity = 0;
  token_t token;
  while (text_tokenizer_tokenizer_method_document_next_token(reading, &token)) {
    if (words.len == capacity) {
      capacity = capacity ? capacity * 2 : 64;
      words.items = realloc(words.items, capacity * sizeof(string_t));
    }
    words.items[words.len++] = token.word; // keeps the word's buffer
  }
  text_tokenizer_tokenizer_document_drop_own(doc);
  analyzer_string_free(text);

  uint32_t total = 0;
  for (size_t i = 0; i < words.len; i++) {
    total += syllables(&words.items[i]);
    analyzer_string_free(&words.items[i]);
  }
  free(words.items);

  double per_sentence = sentences ? (double)words.len / sentences : 0.0;
  double per_word = words.len ? (double)total / (double)words.len : 0.0;
  double ease = 206.835 - 1.015 * per_sentence - 84.6 * per_word;
  const char *verdict = ease >= 70 ? "easy" : ease >= 50 ? "fairly hard" : "hard";

  *ret = (analysis_t){0};
  set_summary(ret, "reading ease %.0f: %s", ease, verdict);
  add_metric(ret, "syllables per word", "%.2f", per_word);
}
