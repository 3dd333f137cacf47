;; Calls a host function while it runs: imports test:faults/host (defined by
;; the host in the linker), exports test:faults/calls. See faults.wit.
(component
  (import "test:faults/host" (instance $host (export "callback" (func))))
  (core func $callback (canon lower (func $host "callback")))
  (core module $M
    (import "host" "callback" (func $callback))
    (func (export "run") (result i32) call $callback i32.const 7))
  (core instance $i (instantiate $M (with "host" (instance (export "callback" (func $callback))))))
  (func $run (result u32) (canon lift (core func $i "run")))
  (instance $calls (export "run" (func $run)))
  (export "test:faults/calls" (instance $calls)))
