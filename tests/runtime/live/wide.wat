;; A source plugin whose `value` returns a `u64` where test:card/source
;; declares a `u32`: a newcomer the binding must refuse.
(component
  (core module $m
    (func (export "value") (param i32) (result i64) (i64.extend_i32_u (local.get 0)))
    (func (export "touch"))
    (func (export "touches") (result i32) (i32.const 0)))
  (core instance $i (instantiate $m))
  (func $value (param "x" u32) (result u64) (canon lift (core func $i "value")))
  (func $touch (canon lift (core func $i "touch")))
  (func $touches (result u32) (canon lift (core func $i "touches")))
  (instance $source
    (export "value" (func $value))
    (export "touch" (func $touch))
    (export "touches" (func $touches)))
  (export "test:card/source" (instance $source)))
