// The word-stats analyser: counts words, sentences and distinct words.
// World `analyzer`: exports `text:analyzer/analyzer`, imports the shared
// `text:tokenizer/tokenizer`.

#include "analysis.h"

void exports_text_analyzer_analyzer_describe(string_t *ret) {
  *ret = format("counts words, sentences and distinct words");
}

void exports_text_analyzer_analyzer_analyze(string_t *text, analysis_t *ret) {
  // Ask the tokenizer plugin for a document. The handle is the tokenizer's
  // resource: every method call below crosses into the tokenizer plugin.
  own_document_t doc = text_tokenizer_tokenizer_constructor_document(text);
  borrow_document_t reading = text_tokenizer_tokenizer_borrow_document(doc);

  counts_t distinct = {0};
  size_t words = 0, chars = 0, longest = 0;
  char longest_word[64] = "";
  token_t token;
  while (text_tokenizer_tokenizer_method_document_next_token(reading, &token)) {
    size_t n = utf8_chars(token.word.ptr, token.word.len);
    words++;
    chars += n;
    counts_add(&distinct, token.word.ptr, token.word.len);
    if (n > longest && token.word.len < sizeof longest_word) {
      longest = n;
      memcpy(longest_word, token.word.ptr, token.word.len);
      longest_word[token.word.len] = 0;
    }
    text_tokenizer_tokenizer_token_free(&token);
  }
  uint32_t sentences =
      text_tokenizer_tokenizer_method_document_sentence_count(reading);
  // Dropping our handle drops the tokenizer's document (its destructor runs).
  text_tokenizer_tokenizer_document_drop_own(doc);
  analyzer_string_free(text);

  *ret = (analysis_t){0};
  // About 230 words a minute, rounded up to whole minutes.
  size_t minutes = (words + 229) / 230;
  set_summary(ret, "%zu words in %u sentences, %zu distinct; about %zu min to read",
              words, sentences, distinct.used, minutes);
  add_metric(ret, "words", "%zu", words);
  add_metric(ret, "sentences", "%u", sentences);
  add_metric(ret, "distinct words", "%zu (%.0f%% of all words)", distinct.used,
             words ? 100.0 * (double)distinct.used / (double)words : 0.0);
  add_metric(ret, "average word", "%.1f letters", words ? (double)chars / (double)words : 0.0);
  add_metric(ret, "average sentence", "%.1f words",
             sentences ? (double)words / (double)sentences : 0.0);
  add_metric(ret, "longest word", "%s", longest_word);
  counts_free(&distinct);
}
