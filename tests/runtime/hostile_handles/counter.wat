;; A minimal counter plugin: exports test:hostile/counters (see hostile.wit)
;; with a `counter` resource whose rep is its value and whose destructor
;; counts drops, read by `drops`.
(component
  (core module $State
    (global $drops (export "drops") (mut i32) (i32.const 0))
    (func (export "dtor") (param i32)
      global.get $drops i32.const 1 i32.add global.set $drops))
  (core instance $state (instantiate $State))
  (type $counter (resource (rep i32) (dtor (core func $state "dtor"))))
  (core func $new (canon resource.new $counter))
  (core func $rep (canon resource.rep $counter))
  (core func $drop (canon resource.drop $counter))
  (core module $Impl
    (import "state" "drops" (global $drops (mut i32)))
    (import "res" "new" (func $new (param i32) (result i32)))
    (import "res" "rep" (func $rep (param i32) (result i32)))
    (import "res" "drop" (func $drop (param i32)))
    (func (export "ctor") (param i32) (result i32) local.get 0 call $new)
    ;; A borrow of our own resource arrives as its rep: the value.
    (func (export "get") (param i32) (result i32) local.get 0)
    (func (export "drops") (result i32) global.get $drops)
    (func (export "consume") (param $h i32) (result i32)
      local.get $h call $rep
      local.get $h call $drop))
  (core instance $impl (instantiate $Impl
    (with "state" (instance $state))
    (with "res" (instance
      (export "new" (func $new)) (export "rep" (func $rep)) (export "drop" (func $drop))))))
  (func $ctor (param "init" u32) (result (own $counter)) (canon lift (core func $impl "ctor")))
  (func $get (param "self" (borrow $counter)) (result u32) (canon lift (core func $impl "get")))
  (func $drops (result u32) (canon lift (core func $impl "drops")))
  (func $consume (param "c" (own $counter)) (result u32) (canon lift (core func $impl "consume")))
  ;; Exported functions may only use exported types, so the instance is built
  ;; by a component that re-exports its imports with types naming its exports.
  (component $Counters
    (import "counter" (type $c (sub resource)))
    (import "ctor" (func $ctor (param "init" u32) (result (own $c))))
    (import "get" (func $get (param "self" (borrow $c)) (result u32)))
    (import "drops" (func $drops (result u32)))
    (import "consume" (func $consume (param "c" (own $c)) (result u32)))
    (export $C "counter" (type $c))
    (export "[constructor]counter" (func $ctor) (func (param "init" u32) (result (own $C))))
    (export "[method]counter.get" (func $get) (func (param "self" (borrow $C)) (result u32)))
    (export "drops" (func $drops))
    (export "consume" (func $consume) (func (param "c" (own $C)) (result u32))))
  (instance $counters (instantiate $Counters
    (with "counter" (type $counter))
    (with "ctor" (func $ctor))
    (with "get" (func $get))
    (with "drops" (func $drops))
    (with "consume" (func $consume))))
  (export "test:hostile/counters" (instance $counters)))
