;; The left branch of the diamond: imports test:diamond/counter
;; transparently, exports test:diamond/left with left(x) = bump(x) * 2.
(component
  (import "test:diamond/counter" (instance $counter
    (export "bump" (func (param "x" u32) (result u32)))))
  (core func $bump (canon lower (func $counter "bump")))
  (core module $m
    (import "counter" "bump" (func $bump (param i32) (result i32)))
    (func (export "left") (param i32) (result i32)
      (i32.mul (call $bump (local.get 0)) (i32.const 2))))
  (core instance $i (instantiate $m
    (with "counter" (instance (export "bump" (func $bump))))))
  (func $left (param "x" u32) (result u32) (canon lift (core func $i "left")))
  (instance $api (export "left" (func $left)))
  (export "test:diamond/left" (instance $api)))
