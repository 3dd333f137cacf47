// The phrases analyser: the two-word phrases a text repeats.
// World `analyzer`: exports `text:analyzer/analyzer`, imports the shared
// `text:tokenizer/tokenizer`.
//
// THIS PLUGIN IS BROKEN ON PURPOSE. Its hash table doubles on every insert
// instead of when it is 3/4 full, so its memory grows exponentially with
// the text. The example keeps it to show a memory limit stopping a runaway
// plugin while the others answer.

#include "analysis.h"

typedef struct {
  char *phrase; // "first second", NUL-terminated
  uint32_t count;
} phrase_t;

typedef struct {
  phrase_t *slots;
  size_t capacity;
  size_t used;
} table_t;

static phrase_t *find(phrase_t *slots, size_t capacity, const char *phrase) {
  size_t i = hash((const uint8_t *)phrase, strlen(phrase)) & (capacity - 1);
  while (slots[i].phrase && strcmp(slots[i].phrase, phrase) != 0) {
    i = (i + 1) & (capacity - 1);
  }
  return &slots[i];
}

static void insert(table_t *t, char *phrase) {
  // Grow when the table would be more than 3/4 full.
  // BUG (deliberate): `t->used * 3` should be `t->capacity * 3`.
  if ((t->used + 1) * 4 > t->used * 3) {
    size_t capacity = t->capacity ? t->capacity * 2 : 64;
    phrase_t *slots = calloc(capacity, sizeof(phrase_t));
    for (size_t i = 0; i < t->capacity; i++) {
      if (t->slots[i].phrase) {
        *find(slots, capacity, t->slots[i].phrase) = t->slots[i];
      }
    }
    free(t->slots);
    t->slots = slots;
    t->capacity = capacity;
  }
  phrase_t *slot = find(t->slots, t->capacity, phrase);
  if (slot->phrase) {
    free(phrase);
  } else {
    slot->phrase = phrase;
    t->used++;
  }
  slot->count++;
}

void exports_text_analyzer_analyzer_describe(string_t *ret) {
  *ret = format("finds repeated two-word phrases");
}

void exports_text_analyzer_analyzer_analyze(string_t *text, analysis_t *ret) {
  // Read the words (and their sentences) first, then let the tokenizer's
  // document go: nothing is held in another plugin while the index grows.
  own_document_t doc = text_tokenizer_tokenizer_constructor_document(text);
  borrow_document_t reading = text_tokenizer_tokenizer_borrow_document(doc);
  token_t *tokens = NULL;
  size_t count = 0, capacity = 0;
  token_t token;
  while (text_tokenizer_tokenizer_method_document_next_token(reading, &token)) {
    if (count == capacity) {
      capacity = capacity ? capacity * 2 : 64;
      tokens = realloc(tokens, capacity * sizeof(token_t));
    }
    tokens[count++] = token;
  }
  text_tokenizer_tokenizer_document_drop_own(doc);
  analyzer_string_free(text);

  // Index every pair of neighbouring words within a sentence.
  table_t table = {0};
  for (size_t i = 1; i < count; i++) {
    if (tokens[i - 1].sentence == tokens[i].sentence) {
      text_builder_t phrase = {0};
      tb_format(&phrase, "%.*s %.*s", (int)tokens[i - 1].word.len,
                tokens[i - 1].word.ptr, (int)tokens[i].word.len,
                tokens[i].word.ptr);
      insert(&table, phrase.buf);
    }
  }
  for (size_t i = 0; i < count; i++) {
    text_tokenizer_tokenizer_token_free(&tokens[i]);
  }
  free(tokens);

  phrase_t top = {0};
  for (size_t i = 0; i < table.capacity; i++) {
    if (table.slots[i].phrase && table.slots[i].count > top.count) {
      top = table.slots[i];
    }
  }
  *ret = (analysis_t){0};
  if (top.count > 1) {
    set_summary(ret, "most repeated phrase: \"%s\" (%u times)", top.phrase, top.count);
  } else {
    set_summary(ret, "no phrase is repeated");
  }
  add_metric(ret, "distinct phrases", "%zu", table.used);
  for (size_t i = 0; i < table.capacity; i++) {
    free(table.slots[i].phrase);
  }
  free(table.slots);
}
