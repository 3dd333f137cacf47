;; A source plugin: exports test:card/source with value(x) = x + 2; touch()
;; counts its calls, which touches() returns.
(component
  (core module $m
    (global $touches (mut i32) (i32.const 0))
    (func (export "value") (param i32) (result i32) (i32.add (local.get 0) (i32.const 2)))
    (func (export "touch") (global.set $touches (i32.add (global.get $touches) (i32.const 1))))
    (func (export "touches") (result i32) (global.get $touches)))
  (core instance $i (instantiate $m))
  (func $value (param "x" u32) (result u32) (canon lift (core func $i "value")))
  (func $touch (canon lift (core func $i "touch")))
  (func $touches (result u32) (canon lift (core func $i "touches")))
  (instance $source
    (export "value" (func $value))
    (export "touch" (func $touch))
    (export "touches" (func $touches)))
  (export "test:card/source" (instance $source)))
