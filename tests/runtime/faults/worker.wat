;; A faulty worker: exports test:faults/work (see faults.wit) where `crash`
;; traps and `spin` loops forever.
(component
  (core module $M
    (func (export "answer") (result i32) i32.const 42)
    (func (export "crash") (result i32) unreachable)
    (func (export "spin") (result i32) (loop $forever br $forever) unreachable))
  (core instance $i (instantiate $M))
  (func $answer (result u32) (canon lift (core func $i "answer")))
  (func $crash (result u32) (canon lift (core func $i "crash")))
  (func $spin (result u32) (canon lift (core func $i "spin")))
  (instance $work
    (export "answer" (func $answer)) (export "crash" (func $crash)) (export "spin" (func $spin)))
  (export "test:faults/work" (instance $work)))
