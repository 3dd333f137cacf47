;; Imports test:hostile-values/values (all but `bad-enum`) from an ExactlyOne
;; socket transparently and exports test:hostile-values/relay (see
;; hostile_values.wit).
(component
  (import "test:hostile-values/values" (instance $values
    (export "bad-string" (func (result string)))
    (export "huge-list" (func (result (list u32))))
    (export "bad-char" (func (result char)))
    (export "recurse" (func (result u32)))
    (export "fine" (func (result u32)))))
  (core module $libc
    (memory (export "mem") 1)
    ;; A bump allocator; values.wat's strings and lists are small when valid.
    (global $next (mut i32) (i32.const 0x1000))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $ptr i32)
      (local.set $ptr (global.get $next))
      (global.set $next (i32.add (global.get $next) (i32.and (i32.add (local.get 3) (i32.const 7)) (i32.const -8))))
      (local.get $ptr)))
  (core instance $libc (instantiate $libc))
  (alias core export $libc "mem" (core memory $mem))
  (alias core export $libc "realloc" (core func $realloc))
  (core func $bad-string (canon lower (func $values "bad-string") (memory $mem) (realloc $realloc)))
  (core func $huge-list (canon lower (func $values "huge-list") (memory $mem) (realloc $realloc)))
  (core func $bad-char (canon lower (func $values "bad-char")))
  (core func $recurse (canon lower (func $values "recurse")))
  (core func $fine (canon lower (func $values "fine")))
  (core module $m
    (import "libc" "mem" (memory 1))
    (import "values" "bad-string" (func $bad-string (param i32)))
    (import "values" "huge-list" (func $huge-list (param i32)))
    (import "values" "bad-char" (func $bad-char (result i32)))
    (import "values" "recurse" (func $recurse (result i32)))
    (import "values" "fine" (func $fine (result i32)))
    ;; Strings and lists come back as (ptr, len) at 0x10: return the length.
    (func (export "relay-string") (result i32)
      (call $bad-string (i32.const 0x10)) (i32.load offset=4 (i32.const 0x10)))
    (func (export "relay-list") (result i32)
      (call $huge-list (i32.const 0x10)) (i32.load offset=4 (i32.const 0x10)))
    (func (export "relay-char") (result i32) (call $bad-char))
    (func (export "relay-recurse") (result i32) (call $recurse))
    (func (export "relay-fine") (result i32) (call $fine)))
  (core instance $i (instantiate $m
    (with "libc" (instance $libc))
    (with "values" (instance
      (export "bad-string" (func $bad-string))
      (export "huge-list" (func $huge-list))
      (export "bad-char" (func $bad-char))
      (export "recurse" (func $recurse))
      (export "fine" (func $fine))))))
  (func $relay-string (result u32) (canon lift (core func $i "relay-string")))
  (func $relay-list (result u32) (canon lift (core func $i "relay-list")))
  (func $relay-char (result u32) (canon lift (core func $i "relay-char")))
  (func $relay-recurse (result u32) (canon lift (core func $i "relay-recurse")))
  (func $relay-fine (result u32) (canon lift (core func $i "relay-fine")))
  (instance $relay
    (export "relay-string" (func $relay-string))
    (export "relay-list" (func $relay-list))
    (export "relay-char" (func $relay-char))
    (export "relay-recurse" (func $relay-recurse))
    (export "relay-fine" (func $relay-fine)))
  (export "test:hostile-values/relay" (instance $relay)))
