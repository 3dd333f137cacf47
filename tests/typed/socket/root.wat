;; Imports test:numbers/numbers transparently (`double: func(x: u32) -> u32`)
;; and exports test:app/app with `quadruple: func(x: u32) -> u32`.
(component
  (import "test:numbers/numbers" (instance $numbers
    (export "double" (func (param "x" u32) (result u32)))))
  (core func $double (canon lower (func $numbers "double")))
  (core module $m
    (import "numbers" "double" (func $double (param i32) (result i32)))
    (func (export "quadruple") (param i32) (result i32)
      local.get 0 call $double call $double))
  (core instance $i (instantiate $m
    (with "numbers" (instance (export "double" (func $double))))))
  (func $quadruple (param "x" u32) (result u32) (canon lift (core func $i "quadruple")))
  (instance $app (export "quadruple" (func $quadruple)))
  (export "test:app/app" (instance $app)))
