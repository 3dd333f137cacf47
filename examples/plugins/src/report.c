// The report plugin: runs every analyser on a text and renders what they
// found. World `report` (examples/wit/report-world.wit): exports
// `text:report/report`, imports `text:analyzer/analyzer` through its socket
// shape (examples/wit/sockets/analyzer.wit).
//
// The analyser binding has `Any` cardinality, so each imported function
// returns a list with one `(plugin id, result)` entry per analyser plugin.
// A failed analyser is an `err(dispatch-error)` entry: the report says what
// went wrong and carries on with the others.

#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "report.h"

typedef report_string_t string_t;
typedef text_analyzer_analyzer_tuple2_string_result_analysis_dispatch_error_t
    analysis_entry_t;
typedef text_analyzer_analyzer_tuple2_string_result_string_dispatch_error_t
    description_entry_t;
typedef wasm_link_runtime_dispatch_dispatch_error_t dispatch_error_t;

static int compare_ids(const string_t *a, const string_t *b) {
  size_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->ptr, b->ptr, n);
  return c ? c : (a->len > b->len) - (a->len < b->len);
}

static int by_id(const void *a, const void *b) {
  return compare_ids(&((const analysis_entry_t *)a)->f0,
                     &((const analysis_entry_t *)b)->f0);
}

// What an analyser does, from the `describe` fan-out (empty if unknown).
static string_t description_of(
    const text_analyzer_analyzer_list_tuple2_string_result_string_dispatch_error_t
        *descriptions,
    const string_t *id) {
  for (size_t i = 0; i < descriptions->len; i++) {
    const description_entry_t *d = &descriptions->ptr[i];
    if (compare_ids(&d->f0, id) == 0 && !d->f1.is_err) {
      return d->f1.val.ok;
    }
  }
  return (string_t){(uint8_t *)"", 0};
}

// The `dispatch-error` case names, by tag.
static const char *const CASES[] = {
    "unknown-interface", "unknown-function",  "missing-export", "fuel-exhausted",
    "deadline-exceeded", "trap",              "unusable",       "reentrant",
    "invalid-arguments", "invalid-resource"};

// Says why one analyser failed, from the `dispatch-error` case.
static void explain(text_builder_t *out, const dispatch_error_t *error) {
  // Every case carries the same `failure` record.
  const wasm_link_runtime_dispatch_failure_t *f = &error->val.trap;
  switch (error->tag) {
  case WASM_LINK_RUNTIME_DISPATCH_DISPATCH_ERROR_FUEL_EXHAUSTED:
    tb_format(out, "ran out of fuel");
    break;
  case WASM_LINK_RUNTIME_DISPATCH_DISPATCH_ERROR_DEADLINE_EXCEEDED:
    tb_format(out, "ran past its epoch deadline");
    break;
  case WASM_LINK_RUNTIME_DISPATCH_DISPATCH_ERROR_UNUSABLE:
    tb_format(out, "cannot be called: it failed earlier and was not restarted");
    break;
  case WASM_LINK_RUNTIME_DISPATCH_DISPATCH_ERROR_TRAP:
    tb_format(out, "trapped: %.*s", (int)f->message.len, f->message.ptr);
    break;
  default:
    tb_format(out, "failed in `%.*s`: %.*s", (int)f->function.len,
              f->function.ptr, (int)f->message.len, f->message.ptr);
    break;
  }
}

void exports_text_report_report_render(string_t *title, string_t *text,
                                       exports_text_report_report_report_t *ret) {
  // Two calls through the analyser socket; each fans out to every analyser.
  text_analyzer_analyzer_list_tuple2_string_result_string_dispatch_error_t
      descriptions;
  text_analyzer_analyzer_describe(&descriptions);
  text_analyzer_analyzer_list_tuple2_string_result_analysis_dispatch_error_t
      analyses;
  text_analyzer_analyzer_analyze(text, &analyses);

  // The entries come in the binding's order; sort them for a stable report.
  qsort(analyses.ptr, analyses.len, sizeof(analysis_entry_t), by_id);

  uint32_t failures = 0;
  for (size_t i = 0; i < analyses.len; i++) {
    failures += analyses.ptr[i].f1.is_err;
  }
  ret->analysers = (uint32_t)analyses.len;
  ret->failures.len = 0;
  ret->failures.ptr = malloc((failures ? failures : 1) *
                             sizeof(exports_text_report_report_failure_t));

  text_builder_t out = {0};
  tb_format(&out, "%.*s\n", (int)title->len, title->ptr);
  for (size_t i = 0; i < title->len; i++) {
    tb_format(&out, "=");
  }
  tb_format(&out, "\n%zu analysers answered: %zu with findings, %u failed.\n",
            analyses.len, analyses.len - failures, failures);

  for (size_t i = 0; i < analyses.len; i++) {
    const analysis_entry_t *entry = &analyses.ptr[i];
    string_t about = description_of(&descriptions, &entry->f0);
    tb_format(&out, "\n[%.*s]%s%.*s\n", (int)entry->f0.len, entry->f0.ptr,
              about.len ? " " : "", (int)about.len, about.ptr);
    if (entry->f1.is_err) {
      text_builder_t reason = {0};
      explain(&reason, &entry->f1.val.err);
      tb_format(&out, "  FAILED: %s\n", reason.buf);
      exports_text_report_report_failure_t *failure =
          &ret->failures.ptr[ret->failures.len++];
      text_builder_t id = {0}, kind = {0};
      tb_format(&id, "%.*s", (int)entry->f0.len, entry->f0.ptr);
      tb_format(&kind, "%s", CASES[entry->f1.val.err.tag]);
      failure->analyser = (string_t){(uint8_t *)id.buf, id.len};
      failure->kind = (string_t){(uint8_t *)kind.buf, kind.len};
      failure->reason = (string_t){(uint8_t *)reason.buf, reason.len};
      continue;
    }
    const text_analyzer_analyzer_analysis_t *a = &entry->f1.val.ok;
    tb_format(&out, "  %.*s\n", (int)a->summary.len, a->summary.ptr);
    for (size_t m = 0; m < a->metrics.len; m++) {
      const text_analyzer_analyzer_metric_t *metric = &a->metrics.ptr[m];
      tb_format(&out, "    - %.*s: %.*s\n", (int)metric->name.len,
                metric->name.ptr, (int)metric->value.len, metric->value.ptr);
    }
  }

  ret->text = (string_t){(uint8_t *)out.buf, out.len};

  // What the imports returned is ours to free, and so are our arguments.
  text_analyzer_analyzer_list_tuple2_string_result_analysis_dispatch_error_free(
      &analyses);
  text_analyzer_analyzer_list_tuple2_string_result_string_dispatch_error_free(
      &descriptions);
  report_string_free(title);
  report_string_free(text);
}
