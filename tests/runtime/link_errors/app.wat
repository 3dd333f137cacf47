;; Imports test:errors/source transparently (value: func(x: u32) -> u32) and
;; exports test:errors/app with run(x) = value(x).
(component
  (import "test:errors/source" (instance $source
    (export "value" (func (param "x" u32) (result u32)))))
  (core func $value (canon lower (func $source "value")))
  (core module $m
    (import "source" "value" (func $value (param i32) (result i32)))
    (func (export "run") (param i32) (result i32) (call $value (local.get 0))))
  (core instance $i (instantiate $m (with "source" (instance (export "value" (func $value))))))
  (func $run (param "x" u32) (result u32) (canon lift (core func $i "run")))
  (instance $app (export "run" (func $run)))
  (export "test:errors/app" (instance $app)))
