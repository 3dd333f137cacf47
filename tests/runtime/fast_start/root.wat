;; An importer of the leaf: imports test:leaf/api (`get-value`, the
;; transparent ExactlyOne shape) and exports test:root/app with
;; `run-value: func() -> u32`, which calls the leaf's get-value once and
;; returns it (from benches/fixtures/root.wat, without `run-string`).
(component
  (import "test:leaf/api" (instance $leaf
    (export "get-value" (func (result u32)))))
  (core func $get-value (canon lower (func $leaf "get-value")))
  (core module $M
    (import "leaf" "get-value" (func $get-value (result i32)))
    (func (export "run-value") (result i32) call $get-value))
  (core instance $i (instantiate $M
    (with "leaf" (instance
      (export "get-value" (func $get-value))))))
  (func $run-value (result u32) (canon lift (core func $i "run-value")))
  (instance $app
    (export "run-value" (func $run-value)))
  (export "test:root/app" (instance $app)))
