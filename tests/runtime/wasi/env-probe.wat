;; Imports WASI's `wasi:cli/environment` and exports test:wasi/probe with
;; `env: func() -> list<tuple<string, string>>`: the environment the plugin
;; sees, passed straight back to the host.
(component
  ;; The one WASI import (p2; the host's 0.2.x serves any 0.2.0+ importer).
  (import "wasi:cli/environment@0.2.0" (instance $environment
    (export "get-environment" (func (result (list (tuple string string)))))))

  ;; Linear memory and a bump allocator: the canonical ABI writes the
  ;; returned list and its strings here (through `realloc`).
  (core module $memory
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 16)) ;; bytes 0..8: the result's (ptr, len)
    (func (export "realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
      (local $at i32)
      ;; at = next rounded up to align
      (local.set $at (i32.and
        (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
        (i32.sub (i32.const 0) (local.get $align))))
      (global.set $next (i32.add (local.get $at) (local.get $size)))
      (local.get $at)))
  (core instance $mem (instantiate $memory))
  (alias core export $mem "memory" (core memory $mem-memory))
  (alias core export $mem "realloc" (core func $mem-realloc))

  ;; `get-environment` lowered: it takes a pointer where it stores (ptr, len).
  (core func $get-environment (canon lower (func $environment "get-environment")
    (memory $mem-memory) (realloc $mem-realloc)))

  (core module $main
    (import "host" "get-environment" (func $get-environment (param i32)))
    (func (export "env") (result i32)
      (call $get-environment (i32.const 0))
      (i32.const 0)))  ;; the list is already laid out as the result: (ptr, len) at 0
  (core instance $i (instantiate $main
    (with "host" (instance (export "get-environment" (func $get-environment))))))

  (func $env (result (list (tuple string string)))
    (canon lift (core func $i "env") (memory $mem-memory)))
  (instance $probe (export "env" (func $env)))
  (export "test:wasi/probe" (instance $probe)))
