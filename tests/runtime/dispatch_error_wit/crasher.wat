;; Exports test:errors/work (see errors.wit) whose `crash` traps.
(component
  (core module $M (func (export "crash") (result i32) unreachable))
  (core instance $i (instantiate $M))
  (func $crash (result u32) (canon lift (core func $i "crash")))
  (instance $work (export "crash" (func $crash)))
  (export "test:errors/work" (instance $work)))
