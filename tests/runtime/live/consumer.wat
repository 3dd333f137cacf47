;; An importer of test:resources/counters through a list socket whose
;; `consume` takes an owned counter (as ../resources/fanout_consumer.wat),
;; lowered into its core module so that the import is live: while this
;; plugin lives, its binding must keep to one plugin.
(component
  (import "test:resources/counters" (instance $counters
    (export "counter" (type (sub resource)))
    (export "consume" (func (param "c" (own 0)) (result (list (tuple string (result u32))))))))
  (core module $libc
    (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024)))
  (core instance $libc (instantiate $libc))
  (alias core export $libc "mem" (core memory $mem))
  (alias core export $libc "realloc" (core func $realloc))
  (core func $consume (canon lower (func $counters "consume") (memory $mem) (realloc $realloc)))
  (core module $m
    (import "counters" "consume" (func (param i32 i32)))
    (func (export "unused")))
  (core instance (instantiate $m
    (with "counters" (instance (export "consume" (func $consume)))))))
