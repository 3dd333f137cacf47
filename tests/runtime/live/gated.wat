;; A source plugin (test:card/source, see ../cardinality/cardinality.wit)
;; whose `value` first calls the host's test:live/gate `wait`, which the test
;; holds shut while it changes the binding: value(x) = x + 1, once let
;; through.
(component
  (import "test:live/gate" (instance $gate (export "wait" (func))))
  (core func $wait (canon lower (func $gate "wait")))
  (core module $m
    (import "gate" "wait" (func $wait))
    (global $touches (mut i32) (i32.const 0))
    (func (export "value") (param i32) (result i32)
      (call $wait)
      (i32.add (local.get 0) (i32.const 1)))
    (func (export "touch") (global.set $touches (i32.add (global.get $touches) (i32.const 1))))
    (func (export "touches") (result i32) (global.get $touches)))
  (core instance $i (instantiate $m (with "gate" (instance (export "wait" (func $wait))))))
  (func $value (param "x" u32) (result u32) (canon lift (core func $i "value")))
  (func $touch (canon lift (core func $i "touch")))
  (func $touches (result u32) (canon lift (core func $i "touches")))
  (instance $source
    (export "value" (func $value))
    (export "touch" (func $touch))
    (export "touches" (func $touches)))
  (export "test:card/source" (instance $source)))
