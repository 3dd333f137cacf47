;; A template (see nesting.wit and nesting.rs): the TYPES marker becomes the
;; chain of list types ending in `$deep`, VALUE the bytes of the static value
;; of `deep()`, laid out from 0x100, and RESULT the address of its (ptr, len).
(component
  (core module $m
    (memory (export "mem") 1)
    (data (i32.const 0x100) (; VALUE ;))
    ;; A bump allocator above the static value: never frees, grows the
    ;; memory when needed.
    (global $next (mut i32) (i32.const 0x8000))
    (func $realloc (export "realloc") (param i32 i32 i32 i32) (result i32)
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
      (local.get $ptr))
    (func (export "deep") (result i32) (i32.const (; RESULT ;)))
    ;; Returns the (ptr, len) it was given, stored at 0x10.
    (func (export "echo") (param i32 i32) (result i32)
      (i32.store (i32.const 0x10) (local.get 0))
      (i32.store offset=4 (i32.const 0x10) (local.get 1))
      (i32.const 0x10)))
  (core instance $i (instantiate $m))
  (alias core export $i "mem" (core memory $mem))
  (alias core export $i "realloc" (core func $realloc))
  (; TYPES ;)
  (func $deep (result $deep) (canon lift (core func $i "deep") (memory $mem)))
  (func $echo (param "x" $deep) (result $deep)
    (canon lift (core func $i "echo") (memory $mem) (realloc $realloc)))
  (instance $api (export "deep" (func $deep)) (export "echo" (func $echo)))
  (export "test:nesting/deep" (instance $api)))
