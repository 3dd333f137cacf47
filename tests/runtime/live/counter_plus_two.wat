;; The diamond's leaf (../diamond/counter.wat), fixed differently: `bump`
;; returns x + 2. Swapped in and out under load.
(component
  (core module $m
    (global $count (mut i32) (i32.const 0))
    (func (export "bump") (param i32) (result i32)
      (global.set $count (i32.add (global.get $count) (i32.const 1)))
      (i32.add (local.get 0) (i32.const 2)))
    (func (export "count") (result i32) (global.get $count)))
  (core instance $i (instantiate $m))
  (func $bump (param "x" u32) (result u32) (canon lift (core func $i "bump")))
  (func $count (result u32) (canon lift (core func $i "count")))
  (instance $counter (export "bump" (func $bump)) (export "count" (func $count)))
  (export "test:diamond/counter" (instance $counter)))
