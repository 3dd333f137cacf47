;; Exports test:other/maths@1.0.0 with `triple: func(x: u32) -> u32` (x * 3):
;; the smoke test's `numbers#double` under another interface and function
;; name, for a binding to find through a remap.
(component
  (core module $m
    (func (export "triple") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3))))
  (core instance $i (instantiate $m))
  (func $triple (param "x" u32) (result u32) (canon lift (core func $i "triple")))
  (instance $maths (export "triple" (func $triple)))
  (export "test:other/maths@1.0.0" (instance $maths)))
