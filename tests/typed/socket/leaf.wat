;; Exports test:numbers/numbers with `double: func(x: u32) -> u32`.
(component
  (core module $m
    (func (export "double") (param i32) (result i32) local.get 0 i32.const 2 i32.mul))
  (core instance $i (instantiate $m))
  (func $double (param "x" u32) (result u32) (canon lift (core func $i "double")))
  (instance $numbers (export "double" (func $double)))
  (export "test:numbers/numbers" (instance $numbers)))
