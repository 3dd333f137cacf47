;; The right branch of the diamond: imports test:diamond/counter
;; transparently, exports test:diamond/right with right(x) = bump(x) * 3.
(component
  (import "test:diamond/counter" (instance $counter
    (export "bump" (func (param "x" u32) (result u32)))))
  (core func $bump (canon lower (func $counter "bump")))
  (core module $m
    (import "counter" "bump" (func $bump (param i32) (result i32)))
    (func (export "right") (param i32) (result i32)
      (i32.mul (call $bump (local.get 0)) (i32.const 3))))
  (core instance $i (instantiate $m
    (with "counter" (instance (export "bump" (func $bump))))))
  (func $right (param "x" u32) (result u32) (canon lift (core func $i "right")))
  (instance $api (export "right" (func $right)))
  (export "test:diamond/right" (instance $api)))
