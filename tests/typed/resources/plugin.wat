;; Exports test:resources/counters. A counter's rep is its value, so a
;; borrowed counter (which arrives as its rep) reads as its value.
(component
  (type $counter (resource (rep i32)))
  (core func $new (canon resource.new $counter))
  (core module $m
    (import "host" "new" (func $new (param i32) (result i32)))
    (func (export "ctor") (param i32) (result i32) local.get 0 call $new)
    (func (export "rep") (param i32) (result i32) local.get 0)
    (func (export "zero") (result i32) i32.const 0 call $new)
    (func (export "plain") (result i32) i32.const 7))
  (core instance $i (instantiate $m
    (with "host" (instance (export "new" (func $new))))))
  (func $ctor (param "start" u32) (result (own $counter)) (canon lift (core func $i "ctor")))
  (func $get (param "self" (borrow $counter)) (result u32) (canon lift (core func $i "rep")))
  (func $zero (result (own $counter)) (canon lift (core func $i "zero")))
  (func $make (param "start" u32) (result (own $counter)) (canon lift (core func $i "ctor")))
  (func $value-of (param "c" (borrow $counter)) (result u32) (canon lift (core func $i "rep")))
  (func $plain (result u32) (canon lift (core func $i "plain")))
;; Exported functions may only use exported types, so the instance is built
  ;; by a component that re-exports its imports with types naming its export.
  (component $Counters
    (import "counter" (type $c (sub resource)))
    (import "ctor" (func $ctor (param "start" u32) (result (own $c))))
    (import "get" (func $get (param "self" (borrow $c)) (result u32)))
    (import "zero" (func $zero (result (own $c))))
    (import "make" (func $make (param "start" u32) (result (own $c))))
    (import "value-of" (func $value-of (param "c" (borrow $c)) (result u32)))
    (import "plain" (func $plain (result u32)))
    (export $C "counter" (type $c))
    (export "[constructor]counter" (func $ctor) (func (param "start" u32) (result (own $C))))
    (export "[method]counter.get" (func $get) (func (param "self" (borrow $C)) (result u32)))
    (export "[static]counter.zero" (func $zero) (func (result (own $C))))
    (export "make" (func $make) (func (param "start" u32) (result (own $C))))
    (export "value-of" (func $value-of) (func (param "c" (borrow $C)) (result u32)))
    (export "plain" (func $plain)))
  (instance $counters (instantiate $Counters
    (with "counter" (type $counter))
    (with "ctor" (func $ctor))
    (with "get" (func $get))
    (with "zero" (func $zero))
    (with "make" (func $make))
    (with "value-of" (func $value-of))
    (with "plain" (func $plain))))
  (export "test:resources/counters" (instance $counters)))
