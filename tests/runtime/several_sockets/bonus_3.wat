;; A plugin of the hub's Any socket: exports test:bonus/bonus, bonus() = 3.
(component
  (core module $m (func (export "bonus") (result i32) (i32.const 3)))
  (core instance $i (instantiate $m))
  (func $bonus (result u32) (canon lift (core func $i "bonus")))
  (instance $api (export "bonus" (func $bonus)))
  (export "test:bonus/bonus" (instance $api)))
