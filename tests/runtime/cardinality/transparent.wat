;; Imports test:card/source from an ExactlyOne socket transparently (the
;; exporters' own types) and passes its results through test:card/probe as
;; value: func(x: u32) -> u32 and touch: func() (see cardinality.wit).
(component
  (import "test:card/source" (instance $source
    (export "value" (func (param "x" u32) (result u32)))
    (export "touch" (func))))
  (core func $value (canon lower (func $source "value")))
  (core func $touch (canon lower (func $source "touch")))
  (core module $m
    (import "source" "value" (func $value (param i32) (result i32)))
    (import "source" "touch" (func $touch))
    (func (export "value") (param i32) (result i32) (call $value (local.get 0)))
    (func (export "touch") (call $touch)))
  (core instance $i (instantiate $m
    (with "source" (instance (export "value" (func $value)) (export "touch" (func $touch))))))
  (func $probe-value (param "x" u32) (result u32) (canon lift (core func $i "value")))
  (func $probe-touch (canon lift (core func $i "touch")))
  (instance $probe
    (export "value" (func $probe-value))
    (export "touch" (func $probe-touch)))
  (export "test:card/probe" (instance $probe)))
