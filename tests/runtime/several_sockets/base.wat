;; The ExactlyOne socket of the hub: exports test:base/base, base() = 100.
(component
  (core module $m (func (export "base") (result i32) (i32.const 100)))
  (core instance $i (instantiate $m))
  (func $base (result u32) (canon lift (core func $i "base")))
  (instance $api (export "base" (func $base)))
  (export "test:base/base" (instance $api)))
