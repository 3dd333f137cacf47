;; A hostile importer of test:hostile/counters: `probe` calls a method with a
;; handle index it never received, `stale` one with a handle it already dropped.
;; Exports test:hostile/probe (see hostile.wit).
(component
  (import "test:hostile/counters" (instance $counters
    (export "counter" (type $c (sub resource)))
    (export "[constructor]counter" (func (param "init" u32) (result (own $c))))
    (export "[method]counter.get" (func (param "self" (borrow $c)) (result u32)))))
  (alias export $counters "counter" (type $counter))
  (core func $new (canon lower (func $counters "[constructor]counter")))
  (core func $get (canon lower (func $counters "[method]counter.get")))
  (core func $drop (canon resource.drop $counter))
  (core module $Impl
    (import "c" "new" (func $new (param i32) (result i32)))
    (import "c" "get" (func $get (param i32) (result i32)))
    (import "c" "drop" (func $drop (param i32)))
    (func (export "probe") (result i32)
      i32.const 42 call $get)
    (func (export "stale") (result i32)
      (local $h i32)
      i32.const 3 call $new local.set $h
      local.get $h call $drop
      local.get $h call $get))
  (core instance $impl (instantiate $Impl
    (with "c" (instance
      (export "new" (func $new)) (export "get" (func $get)) (export "drop" (func $drop))))))
  (func $probe (result u32) (canon lift (core func $impl "probe")))
  (func $stale (result u32) (canon lift (core func $impl "stale")))
  (instance $probes (export "probe" (func $probe)) (export "stale" (func $stale)))
  (export "test:hostile/probe" (instance $probes)))
