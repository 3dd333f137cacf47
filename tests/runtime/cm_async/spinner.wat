;; A hostile test:cm/answer (see answer.wit): `next` never returns; its task
;; yields (callback code 1) every time it is called back, forever, and
;; counts how often through `plain`, which answers that count.
(component
  (core module $m
    (global $yields (mut i32) (i32.const 0))
    (func (export "next") (param i32) (result i32)
      (i32.const 1))
    (func (export "next-callback") (param i32 i32 i32) (result i32)
      (global.set $yields (i32.add (global.get $yields) (i32.const 1)))
      (i32.const 1))
    (func (export "plain") (param i32) (result i32)
      (global.get $yields)))
  (core instance $i (instantiate $m))
  (type $next (func async (param "x" u32) (result u32)))
  (func $next (type $next)
    (canon lift (core func $i "next") async (callback (core func $i "next-callback"))))
  (func $plain (param "x" u32) (result u32) (canon lift (core func $i "plain")))
  (instance $answer (export "next" (func $next)) (export "plain" (func $plain)))
  (export "test:cm/answer" (instance $answer)))
