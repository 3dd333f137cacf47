;; The root of the chain: imports test:chain/middle transparently and exports
;; test:chain/root (see chain.wit): digit(x) = middle.digit(x)*10+3,
;; wrap(s) = "{" + middle.wrap(s) + "}", fail() = middle.fail().
(component
  (import "test:chain/middle" (instance $below
    (export "digit" (func (param "x" u32) (result u32)))
    (export "wrap" (func (param "s" string) (result string)))
    (export "fail" (func (result u32)))))

  ;; Memory and a bump allocator (never frees, grows when needed), needed
  ;; before the imports can be lowered.
  (core module $libc
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
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

  (core func $digit (canon lower (func $below "digit")))
  (core func $wrap (canon lower (func $below "wrap") (memory $mem) (realloc $realloc)))
  (core func $fail (canon lower (func $below "fail")))

  (core module $m
    (import "libc" "mem" (memory 1))
    (import "libc" "realloc" (func $realloc (param i32 i32 i32 i32) (result i32)))
    (import "below" "digit" (func $digit (param i32) (result i32)))
    (import "below" "wrap" (func $wrap (param i32 i32 i32)))
    (import "below" "fail" (func $fail (result i32)))

    (func (export "digit") (param i32) (result i32)
      (i32.add (i32.mul (call $digit (local.get 0)) (i32.const 10)) (i32.const 3)))

    ;; Returns a pointer to the (ptr, len) of "{" + below.wrap(s) + "}".
    (func (export "wrap") (param i32 i32) (result i32)
      (local $ptr i32) (local $len i32) (local $out i32) (local $ret i32)
      (local.set $ret (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 8)))
      (call $wrap (local.get 0) (local.get 1) (local.get $ret))
      (local.set $ptr (i32.load (local.get $ret)))
      (local.set $len (i32.load offset=4 (local.get $ret)))
      (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1)
        (i32.add (local.get $len) (i32.const 2))))
      (i32.store8 (local.get $out) (i32.const 0x7b))
      (memory.copy (i32.add (local.get $out) (i32.const 1)) (local.get $ptr) (local.get $len))
      (i32.store8 (i32.add (local.get $out) (i32.add (local.get $len) (i32.const 1))) (i32.const 0x7d))
      (i32.store (local.get $ret) (local.get $out))
      (i32.store offset=4 (local.get $ret) (i32.add (local.get $len) (i32.const 2)))
      (local.get $ret))

    (func (export "fail") (result i32) (call $fail)))
  (core instance $i (instantiate $m
    (with "libc" (instance $libc))
    (with "below" (instance
      (export "digit" (func $digit))
      (export "wrap" (func $wrap))
      (export "fail" (func $fail))))))

  (func $digit' (param "x" u32) (result u32) (canon lift (core func $i "digit")))
  (func $wrap' (param "s" string) (result string)
    (canon lift (core func $i "wrap") (memory $mem) (realloc $realloc)))
  (func $fail' (result u32) (canon lift (core func $i "fail")))
  (instance $above
    (export "digit" (func $digit'))
    (export "wrap" (func $wrap'))
    (export "fail" (func $fail')))
  (export "test:chain/root" (instance $above)))
