;; A plugin with a costly start-up: its core start function counts to 100000
;; (about 700000 units of fuel). Exports test:limits/ready (see limits.wit).
(component
  (core module $M
    (global $count (mut i32) (i32.const 0))
    (func $start
      (loop $turn
        global.get $count i32.const 1 i32.add global.set $count
        global.get $count i32.const 100000 i32.lt_u br_if $turn))
    (start $start)
    (func (export "ready") (result i32) global.get $count))
  (core instance $i (instantiate $M))
  (func $ready (result u32) (canon lift (core func $i "ready")))
  (instance $ready (export "ready" (func $ready)))
  (export "test:limits/ready" (instance $ready)))
