;; Exports test:errors/source with value(x) = x * 2 (and no `missing`).
(component
  (core module $m
    (func (export "value") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))
  (core instance $i (instantiate $m))
  (func $value (param "x" u32) (result u32) (canon lift (core func $i "value")))
  (instance $source (export "value" (func $value)))
  (export "test:errors/source" (instance $source)))
