;; A failing source plugin: exports test:card/source, but `value` and `touch`
;; execute `unreachable`; touches() is 0.
(component
  (core module $m
    (func (export "value") (param i32) (result i32) unreachable)
    (func (export "touch") unreachable)
    (func (export "touches") (result i32) (i32.const 0)))
  (core instance $i (instantiate $m))
  (func $value (param "x" u32) (result u32) (canon lift (core func $i "value")))
  (func $touch (canon lift (core func $i "touch")))
  (func $touches (result u32) (canon lift (core func $i "touches")))
  (instance $source
    (export "value" (func $value))
    (export "touch" (func $touch))
    (export "touches" (func $touches)))
  (export "test:card/source" (instance $source)))
