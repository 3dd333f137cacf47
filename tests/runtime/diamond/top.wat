;; The top of the diamond: imports test:diamond/left and test:diamond/right
;; transparently, exports test:diamond/top with run(x) = left(x) + right(x).
(component
  (import "test:diamond/left" (instance $left
    (export "left" (func (param "x" u32) (result u32)))))
  (import "test:diamond/right" (instance $right
    (export "right" (func (param "x" u32) (result u32)))))
  (core func $left (canon lower (func $left "left")))
  (core func $right (canon lower (func $right "right")))
  (core module $m
    (import "branches" "left" (func $left (param i32) (result i32)))
    (import "branches" "right" (func $right (param i32) (result i32)))
    (func (export "run") (param i32) (result i32)
      (i32.add (call $left (local.get 0)) (call $right (local.get 0)))))
  (core instance $i (instantiate $m
    (with "branches" (instance (export "left" (func $left)) (export "right" (func $right))))))
  (func $run (param "x" u32) (result u32) (canon lift (core func $i "run")))
  (instance $api (export "run" (func $run)))
  (export "test:diamond/top" (instance $api)))
