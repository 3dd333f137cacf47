;; Imports test:faults/work transparently (`crash: func() -> u32`) and exports
;; test:faults/front with `relay`, which returns `crash()` (see faults.wit).
(component
  (import "test:faults/work" (instance $work (export "crash" (func (result u32)))))
  (core func $crash (canon lower (func $work "crash")))
  (core module $M
    (import "work" "crash" (func $crash (result i32)))
    (func (export "relay") (result i32) call $crash))
  (core instance $i (instantiate $M (with "work" (instance (export "crash" (func $crash))))))
  (func $relay (result u32) (canon lift (core func $i "relay")))
  (instance $front (export "relay" (func $relay)))
  (export "test:faults/front" (instance $front)))
