;; A source plugin without `touches`: a newcomer the binding must refuse.
(component
  (core module $m
    (func (export "value") (param i32) (result i32) (local.get 0))
    (func (export "touch")))
  (core instance $i (instantiate $m))
  (func $value (param "x" u32) (result u32) (canon lift (core func $i "value")))
  (func $touch (canon lift (core func $i "touch")))
  (instance $source
    (export "value" (func $value))
    (export "touch" (func $touch)))
  (export "test:card/source" (instance $source)))
