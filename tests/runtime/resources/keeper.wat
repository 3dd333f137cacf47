;; An importer of test:resources/counters (for the resource type only) that
;; keeps the counter it is given; `crash` traps. Exports test:resources/keeper
;; (see counters.wit).
(component
  (import "test:resources/counters" (instance $counters
    (export "counter" (type (sub resource)))))
  (alias export $counters "counter" (type $counter))
  (core module $Impl
    (global $kept (mut i32) (i32.const 0))
    (func (export "keep") (param i32) local.get 0 global.set $kept)
    (func (export "crash") unreachable))
  (core instance $impl (instantiate $Impl))
  (func $keep (param "c" (own $counter)) (canon lift (core func $impl "keep")))
  (func $crash (canon lift (core func $impl "crash")))
  (instance $keeper
    (export "keep" (func $keep))
    (export "crash" (func $crash)))
  (export "test:resources/keeper" (instance $keeper)))
