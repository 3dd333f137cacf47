// A small printf-style formatter for the plugins.
//
// libc's printf family would work, but it drags in stdio, which imports
// WASI (`fd_close`, `fd_write`, ...). These plugins import nothing but their
// sockets, so they format with this instead. It knows `%s`, `%.*s` (length,
// then pointer: for strings that are not NUL-terminated), `%d`, `%+d`, `%u`,
// `%zu`, `%.Nf` (N from 0 to 9) and `%%`.

#ifndef FORMAT_H
#define FORMAT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char *buf;
  size_t len;
  size_t cap;
} text_builder_t;

static inline void tb_put(text_builder_t *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 32;
    while (b->len + n + 1 > cap) {
      cap *= 2;
    }
    b->buf = realloc(b->buf, cap);
    b->cap = cap;
  }
  memcpy(b->buf + b->len, s, n);
  b->len += n;
  b->buf[b->len] = 0;
}

static inline void tb_uint(text_builder_t *b, uint64_t v) {
  char digits[20];
  size_t n = 0;
  do {
    digits[sizeof digits - ++n] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  tb_put(b, digits + sizeof digits - n, n);
}

static inline void tb_int(text_builder_t *b, int64_t v, bool plus) {
  if (v < 0) {
    tb_put(b, "-", 1);
    tb_uint(b, (uint64_t)0 - (uint64_t)v);
    return;
  }
  if (plus) {
    tb_put(b, "+", 1);
  }
  tb_uint(b, (uint64_t)v);
}

static inline void tb_fixed(text_builder_t *b, double v, int digits) {
  if (v < 0) {
    tb_put(b, "-", 1);
    v = -v;
  }
  uint64_t scale = 1;
  for (int i = 0; i < digits; i++) {
    scale *= 10;
  }
  uint64_t scaled = (uint64_t)(v * (double)scale + 0.5);
  tb_uint(b, scaled / scale);
  if (digits > 0) {
    tb_put(b, ".", 1);
    uint64_t frac = scaled % scale;
    for (uint64_t d = scale / 10; d > 0; d /= 10) {
      char c = (char)('0' + (frac / d) % 10);
      tb_put(b, &c, 1);
    }
  }
}

static inline void tb_vformat(text_builder_t *b, const char *fmt, va_list args) {
  for (const char *p = fmt; *p; p++) {
    if (*p != '%') {
      const char *run = p;
      while (p[1] && p[1] != '%') {
        p++;
      }
      tb_put(b, run, (size_t)(p - run) + 1);
      continue;
    }
    p++;
    if (*p == '%') {
      tb_put(b, "%", 1);
    } else if (*p == 's') {
      const char *s = va_arg(args, const char *);
      tb_put(b, s, strlen(s));
    } else if (p[0] == '.' && p[1] == '*' && p[2] == 's') {
      int n = va_arg(args, int);
      const char *s = va_arg(args, const char *);
      tb_put(b, s, (size_t)n);
      p += 2;
    } else if (*p == 'd') {
      tb_int(b, va_arg(args, int), false);
    } else if (p[0] == '+' && p[1] == 'd') {
      tb_int(b, va_arg(args, int), true);
      p++;
    } else if (*p == 'u') {
      tb_uint(b, va_arg(args, unsigned));
    } else if (p[0] == 'z' && p[1] == 'u') {
      tb_uint(b, va_arg(args, size_t));
      p++;
    } else if (p[0] == '.' && p[1] >= '0' && p[1] <= '9' && p[2] == 'f') {
      tb_fixed(b, va_arg(args, double), p[1] - '0');
      p += 2;
    } else {
      __builtin_trap(); // a format this file does not know: a bug
    }
  }
}

static inline void tb_format(text_builder_t *b, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  tb_vformat(b, fmt, args);
  va_end(args);
}

#endif
