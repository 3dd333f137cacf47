;; The leaf: exports test:leaf/api with `get-value: func() -> u32`, always
;; 42 (from benches/fixtures/leaf.wat, without `echo`).
(component
  (core module $M
    (func (export "get-value") (result i32) i32.const 42))
  (core instance $i (instantiate $M))
  (func $get-value (result u32) (canon lift (core func $i "get-value")))
  (instance $api
    (export "get-value" (func $get-value)))
  (export "test:leaf/api" (instance $api)))
