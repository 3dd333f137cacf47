;; A counter plugin: exports test:resources/counters (see counters.wit) with a
;; `counter` resource whose destructor counts drops, read by `drops`.
(component
  ;; Memory and the drop count, defined first so that the destructor can live here.
  (core module $State
    (memory (export "mem") 1)
    (global $drops (export "drops") (mut i32) (i32.const 0))
    (func (export "dtor") (param i32)
      global.get $drops i32.const 1 i32.add global.set $drops))
  (core instance $state (instantiate $State))
  (alias core export $state "mem" (core memory $mem))
  (type $counter (resource (rep i32) (dtor (core func $state "dtor"))))
  (core func $new (canon resource.new $counter))
  (core func $rep (canon resource.rep $counter))
  (core func $drop (canon resource.drop $counter))

  ;; A counter's value lives at address rep*4; nested results are written from 4096 on.
  (core module $Impl
    (import "state" "mem" (memory 1))
    (import "state" "drops" (global $drops (mut i32)))
    (import "res" "new" (func $new (param i32) (result i32)))
    (import "res" "rep" (func $rep (param i32) (result i32)))
    (import "res" "drop" (func $drop (param i32)))
    (global $next (mut i32) (i32.const 1))
    ;; A new counter holding $init; returns its (own) handle.
    (func $make (param $init i32) (result i32)
      (local $r i32)
      global.get $next local.tee $r
      i32.const 1 i32.add global.set $next
      local.get $r i32.const 4 i32.mul local.get $init i32.store
      local.get $r call $new)
    ;; Methods and borrows of this component's own resource receive the rep.
    (func $get (export "get") (param $self i32) (result i32)
      local.get $self i32.const 4 i32.mul i32.load)
    (func $add (export "add") (param $self i32) (param $n i32)
      local.get $self i32.const 4 i32.mul
      local.get $self call $get local.get $n i32.add
      i32.store)
    (func (export "ctor") (param i32) (result i32) local.get 0 call $make)
    (func (export "zero") (result i32) i32.const 0 call $make)
    (func (export "merge") (param $self i32) (param $other i32)
      local.get $self local.get $other call $get call $add)
    (func (export "drops") (result i32) global.get $drops)
    (func (export "sum") (param $a i32) (param $b i32) (result i32)
      local.get $a call $get local.get $b call $get i32.add)
    ;; An owned argument is a handle: resource.rep traps unless it is one of ours.
    (func (export "consume") (param $h i32) (result i32)
      local.get $h call $rep call $get
      local.get $h call $drop)
    ;; list<own<counter>>: elements at 4096, (ptr, len) at 4104.
    (func (export "make-list") (param $a i32) (param $b i32) (result i32)
      i32.const 4096 local.get $a call $make i32.store
      i32.const 4100 local.get $b call $make i32.store
      i32.const 4104 i32.const 4096 i32.store
      i32.const 4108 i32.const 2 i32.store
      i32.const 4104)
    ;; pair { tag: u32, item: own<counter> } at 4112.
    (func (export "make-pair") (param $n i32) (result i32)
      i32.const 4112 local.get $n i32.store
      i32.const 4116 local.get $n call $make i32.store
      i32.const 4112)
    ;; option<own<counter>>: some (1) at 4120, payload at 4124.
    (func (export "make-maybe") (param $n i32) (result i32)
      i32.const 4120 i32.const 1 i32.store8
      i32.const 4124 local.get $n call $make i32.store
      i32.const 4120)
    ;; result<own<counter>, u32>: ok (0) at 4128, payload at 4132.
    (func (export "make-result") (param $n i32) (result i32)
      i32.const 4128 i32.const 0 i32.store8
      i32.const 4132 local.get $n call $make i32.store
      i32.const 4128))
  (core instance $impl (instantiate $Impl
    (with "state" (instance $state))
    (with "res" (instance
      (export "new" (func $new)) (export "rep" (func $rep)) (export "drop" (func $drop))))))

  (func $ctor (param "init" u32) (result (own $counter)) (canon lift (core func $impl "ctor")))
  (func $zero (result (own $counter)) (canon lift (core func $impl "zero")))
  (func $add (param "self" (borrow $counter)) (param "n" u32) (canon lift (core func $impl "add")))
  (func $get (param "self" (borrow $counter)) (result u32) (canon lift (core func $impl "get")))
  (func $merge (param "self" (borrow $counter)) (param "other" (borrow $counter))
    (canon lift (core func $impl "merge")))
  (func $drops (result u32) (canon lift (core func $impl "drops")))
  (func $sum (param "a" (borrow $counter)) (param "b" (borrow $counter)) (result u32)
    (canon lift (core func $impl "sum")))
  (func $consume (param "c" (own $counter)) (result u32) (canon lift (core func $impl "consume")))
  (type $pair (record (field "tag" u32) (field "item" (own $counter))))
  (func $make-list (param "a" u32) (param "b" u32) (result (list (own $counter)))
    (canon lift (core func $impl "make-list") (memory $mem)))
  (func $make-pair (param "n" u32) (result $pair)
    (canon lift (core func $impl "make-pair") (memory $mem)))
  (func $make-maybe (param "n" u32) (result (option (own $counter)))
    (canon lift (core func $impl "make-maybe") (memory $mem)))
  (func $make-result (param "n" u32) (result (result (own $counter) (error u32)))
    (canon lift (core func $impl "make-result") (memory $mem)))
  ;; Exported functions may only use exported types, so the instance is built
  ;; by a component that re-exports its imports with types naming its exports.
  (component $Counters
    (import "counter" (type $c (sub resource)))
    (type $pair-def (record (field "tag" u32) (field "item" (own $c))))
    (import "pair" (type $pair (eq $pair-def)))
    (import "ctor" (func $ctor (param "init" u32) (result (own $c))))
    (import "zero" (func $zero (result (own $c))))
    (import "add" (func $add (param "self" (borrow $c)) (param "n" u32)))
    (import "get" (func $get (param "self" (borrow $c)) (result u32)))
    (import "merge" (func $merge (param "self" (borrow $c)) (param "other" (borrow $c))))
    (import "drops" (func $drops (result u32)))
    (import "sum" (func $sum (param "a" (borrow $c)) (param "b" (borrow $c)) (result u32)))
    (import "consume" (func $consume (param "c" (own $c)) (result u32)))
    (import "make-list" (func $make-list (param "a" u32) (param "b" u32) (result (list (own $c)))))
    (import "make-pair" (func $make-pair (param "n" u32) (result $pair)))
    (import "make-maybe" (func $make-maybe (param "n" u32) (result (option (own $c)))))
    (import "make-result" (func $make-result (param "n" u32) (result (result (own $c) (error u32)))))
    (export $C "counter" (type $c))
    (type $pair-export (record (field "tag" u32) (field "item" (own $C))))
    (export $Pair "pair" (type $pair) (type (eq $pair-export)))
    (export "[constructor]counter" (func $ctor) (func (param "init" u32) (result (own $C))))
    (export "[static]counter.zero" (func $zero) (func (result (own $C))))
    (export "[method]counter.add" (func $add) (func (param "self" (borrow $C)) (param "n" u32)))
    (export "[method]counter.get" (func $get) (func (param "self" (borrow $C)) (result u32)))
    (export "[method]counter.merge" (func $merge)
      (func (param "self" (borrow $C)) (param "other" (borrow $C))))
    (export "drops" (func $drops))
    (export "sum" (func $sum) (func (param "a" (borrow $C)) (param "b" (borrow $C)) (result u32)))
    (export "consume" (func $consume) (func (param "c" (own $C)) (result u32)))
    (export "make-list" (func $make-list)
      (func (param "a" u32) (param "b" u32) (result (list (own $C)))))
    (export "make-pair" (func $make-pair) (func (param "n" u32) (result $Pair)))
    (export "make-maybe" (func $make-maybe) (func (param "n" u32) (result (option (own $C)))))
    (export "make-result" (func $make-result)
      (func (param "n" u32) (result (result (own $C) (error u32))))))
  (instance $counters (instantiate $Counters
    (with "counter" (type $counter))
    (with "pair" (type $pair))
    (with "ctor" (func $ctor))
    (with "zero" (func $zero))
    (with "add" (func $add))
    (with "get" (func $get))
    (with "merge" (func $merge))
    (with "drops" (func $drops))
    (with "sum" (func $sum))
    (with "consume" (func $consume))
    (with "make-list" (func $make-list))
    (with "make-pair" (func $make-pair))
    (with "make-maybe" (func $make-maybe))
    (with "make-result" (func $make-result))))
  (export "test:resources/counters" (instance $counters)))
