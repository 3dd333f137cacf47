// The sentiment analyser: scores each sentence with a small word list,
// minding negations ("not good") and intensifiers ("very good").
// World `analyzer`: exports `text:analyzer/analyzer`, imports the shared
// `text:tokenizer/tokenizer`.

#include "analysis.h"

static const char *const POSITIVE[] = {
    "good",      "great",     "excellent", "love",     "loved",    "like",
    "nice",      "happy",     "glad",      "fast",     "easy",     "simple",
    "clear",     "safe",      "useful",    "helpful",  "reliable", "robust",
    "elegant",   "wonderful", "best",      "better",   "enjoy",    "enjoyed",
    "fun",       "clean",     "solid",     "powerful", "friendly", "works",
    "recommend", "impressive", "pleasant", "delight",  "delightful", NULL};

static const char *const NEGATIVE[] = {
    "bad",      "poor",     "terrible", "awful",   "hate",     "hated",
    "slow",     "hard",     "difficult", "broken", "bug",      "bugs",
    "crash",    "crashes",  "crashed",  "unsafe",  "confusing", "annoying",
    "ugly",     "worse",    "worst",    "fail",    "fails",    "failed",
    "problem",  "problems", "painful",  "wrong",   "leak",     "leaks",
    "fragile",  "messy",    "sad",      "angry",   "disappointing", NULL};

static const char *const NEGATIONS[] = {
    "not",   "no",    "never", "don't", "doesn't", "didn't", "isn't",
    "wasn't", "aren't", "won't", "can't", "cannot", "hardly", "nothing", NULL};

static const char *const INTENSIFIERS[] = {
    "very", "really", "extremely", "so", "incredibly", "truly", NULL};

void exports_text_analyzer_analyzer_describe(string_t *ret) {
  *ret = format("scores the mood of each sentence with a word list");
}

void exports_text_analyzer_analyzer_analyze(string_t *text, analysis_t *ret) {
  // The document lives in the tokenizer plugin; we only hold a handle.
  own_document_t doc = text_tokenizer_tokenizer_constructor_document(text);
  borrow_document_t reading = text_tokenizer_tokenizer_borrow_document(doc);
  uint32_t sentences =
      text_tokenizer_tokenizer_method_document_sentence_count(reading);
  int *scores = calloc(sentences ? sentences : 1, sizeof(int));

  int positive = 0, negative = 0, negated = 0;
  // How the previous words affect the next sentiment word.
  bool negate = false;
  int weight = 1;
  uint32_t sentence = 0;
  token_t token;
  while (text_tokenizer_tokenizer_method_document_next_token(reading, &token)) {
    if (token.sentence != sentence) { // a new sentence resets the modifiers
      sentence = token.sentence;
      negate = false;
      weight = 1;
    }
    int polarity = word_in(&token.word, POSITIVE)   ? 1
                   : word_in(&token.word, NEGATIVE) ? -1
                                                    : 0;
    if (polarity != 0) {
      if (negate) {
        polarity = -polarity;
        negated++;
      }
      if (polarity > 0) {
        positive++;
      } else {
        negative++;
      }
      if (sentence < sentences) {
        scores[sentence] += polarity * weight;
      }
      negate = false;
      weight = 1;
    } else if (word_in(&token.word, NEGATIONS)) {
      negate = true;
    } else if (word_in(&token.word, INTENSIFIERS)) {
      weight = 2;
    }
    text_tokenizer_tokenizer_token_free(&token);
  }
  text_tokenizer_tokenizer_document_drop_own(doc);
  analyzer_string_free(text);

  int total = 0, best = 0, worst = 0;
  uint32_t best_at = 0, worst_at = 0, upbeat = 0, downbeat = 0;
  for (uint32_t i = 0; i < sentences; i++) {
    total += scores[i];
    upbeat += scores[i] > 0;
    downbeat += scores[i] < 0;
    if (scores[i] > best) {
      best = scores[i];
      best_at = i;
    }
    if (scores[i] < worst) {
      worst = scores[i];
      worst_at = i;
    }
  }
  free(scores);

  const char *mood = total >= 3    ? "positive"
                     : total <= -3 ? "negative"
                     : (upbeat && downbeat) ? "mixed"
                                            : "neutral";
  *ret = (analysis_t){0};
  set_summary(ret, "%s (score %+d: %d positive and %d negative words, %d negated)",
              mood, total, positive, negative, negated);
  add_metric(ret, "score", "%+d", total);
  add_metric(ret, "sentences", "%u upbeat, %u downbeat, %u neutral", upbeat,
             downbeat, sentences - upbeat - downbeat);
  if (best > 0) {
    add_metric(ret, "most positive sentence", "#%u (%+d)", best_at + 1, best);
  }
  if (worst < 0) {
    add_metric(ret, "most negative sentence", "#%u (%+d)", worst_at + 1, worst);
  }
}
