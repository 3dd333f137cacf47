;; The leaf of the chain: exports test:chain/leaf (see chain.wit):
;; digit(x) = x*10+1, wrap(s) = "(" + s + ")", fail() traps.
(component
  (core module $m
    (memory (export "mem") 1)
    ;; A bump allocator: never frees, grows the memory when needed.
    (global $next (mut i32) (i32.const 1024))
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

    (func (export "digit") (param i32) (result i32)
      (i32.add (i32.mul (local.get 0) (i32.const 10)) (i32.const 1)))

    ;; Returns a pointer to the (ptr, len) of "(" + s + ")".
    (func (export "wrap") (param $ptr i32) (param $len i32) (result i32)
      (local $out i32) (local $ret i32)
      (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1)
        (i32.add (local.get $len) (i32.const 2))))
      (i32.store8 (local.get $out) (i32.const 0x28))
      (memory.copy (i32.add (local.get $out) (i32.const 1)) (local.get $ptr) (local.get $len))
      (i32.store8 (i32.add (local.get $out) (i32.add (local.get $len) (i32.const 1))) (i32.const 0x29))
      (local.set $ret (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 8)))
      (i32.store (local.get $ret) (local.get $out))
      (i32.store offset=4 (local.get $ret) (i32.add (local.get $len) (i32.const 2)))
      (local.get $ret))

    (func (export "fail") (result i32) unreachable))
  (core instance $i (instantiate $m))
  (alias core export $i "mem" (core memory $mem))
  (alias core export $i "realloc" (core func $realloc))
  (func $digit (param "x" u32) (result u32) (canon lift (core func $i "digit")))
  (func $wrap (param "s" string) (result string)
    (canon lift (core func $i "wrap") (memory $mem) (realloc $realloc)))
  (func $fail (result u32) (canon lift (core func $i "fail")))
  (instance $leaf
    (export "digit" (func $digit))
    (export "wrap" (func $wrap))
    (export "fail" (func $fail)))
  (export "test:chain/leaf" (instance $leaf)))
