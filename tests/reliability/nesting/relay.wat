;; A template (see nesting.wit and nesting.rs): both TYPES markers become the
;; chain of list types ending in `$deep`. Imports test:nesting/deep
;; transparently and passes its results through test:nesting/relay.
(component
  (import "test:nesting/deep" (instance $deep-api
    (; TYPES ;)
    (export "deep" (func (result $deep)))
    (export "echo" (func (param "x" $deep) (result $deep)))))
  (core module $libc
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 0x8000))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $ptr i32)
      (local.set $ptr
        (i32.and
          (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
          (i32.sub (i32.const 0) (local.get 2))))
      (global.set $next (i32.add (local.get $ptr) (local.get 3)))
      (if (i32.gt_u (global.get $next) (i32.shl (memory.size) (i32.const 16)))
        (then (drop (memory.grow
          (i32.add (i32.const 1)
            (i32.shr_u (i32.sub (global.get $next) (i32.shl (memory.size) (i32.const 16)))
              (i32.const 16)))))))
      (local.get $ptr)))
  (core instance $libc (instantiate $libc))
  (alias core export $libc "mem" (core memory $mem))
  (alias core export $libc "realloc" (core func $realloc))
  (core func $deep (canon lower (func $deep-api "deep") (memory $mem) (realloc $realloc)))
  (core func $echo (canon lower (func $deep-api "echo") (memory $mem) (realloc $realloc)))
  (core module $m
    (import "libc" "mem" (memory 1))
    ;; Results come back through a return pointer; both use 0x10.
    (import "deep" "deep" (func $deep (param i32)))
    (import "deep" "echo" (func $echo (param i32 i32 i32)))
    (func (export "relay") (result i32)
      (call $deep (i32.const 0x10))
      (i32.const 0x10))
    (func (export "relay-echo") (param i32 i32) (result i32)
      (call $echo (local.get 0) (local.get 1) (i32.const 0x10))
      (i32.const 0x10)))
  (core instance $i (instantiate $m
    (with "libc" (instance $libc))
    (with "deep" (instance (export "deep" (func $deep)) (export "echo" (func $echo))))))
  (; TYPES ;)
  (func $relay (result $deep) (canon lift (core func $i "relay") (memory $mem)))
  (func $relay-echo (param "x" $deep) (result $deep)
    (canon lift (core func $i "relay-echo") (memory $mem) (realloc $realloc)))
  (instance $api (export "relay" (func $relay)) (export "relay-echo" (func $relay-echo)))
  (export "test:nesting/relay" (instance $api)))
