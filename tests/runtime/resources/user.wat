;; An importer of test:resources/counters (transparent ExactlyOne socket) that
;; creates, uses, passes and drops counters; exports test:resources/user (see
;; counters.wit). Every function drops the handles it holds before returning.
(component
  (import "test:resources/counters" (instance $counters
    (export "counter" (type $c (sub resource)))
    (type $pair (record (field "tag" u32) (field "item" (own $c))))
    (export "pair" (type $pair' (eq $pair)))
    (export "[constructor]counter" (func (param "init" u32) (result (own $c))))
    (export "[method]counter.add" (func (param "self" (borrow $c)) (param "n" u32)))
    (export "[method]counter.get" (func (param "self" (borrow $c)) (result u32)))
    (export "[method]counter.merge" (func (param "self" (borrow $c)) (param "other" (borrow $c))))
    (export "sum" (func (param "a" (borrow $c)) (param "b" (borrow $c)) (result u32)))
    (export "consume" (func (param "c" (own $c)) (result u32)))
    (export "make-list" (func (param "a" u32) (param "b" u32) (result (list (own $c)))))
    (export "make-pair" (func (param "n" u32) (result $pair')))
    (export "make-maybe" (func (param "n" u32) (result (option (own $c)))))
    (export "make-result" (func (param "n" u32) (result (result (own $c) (error u32)))))))
  (alias export $counters "counter" (type $counter))

  ;; Memory and a bump allocator for lowering lists.
  (core module $Mem
    (memory (export "mem") 1)
    (global $bump (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      global.get $bump local.get 2 i32.add i32.const 1 i32.sub
      i32.const 0 local.get 2 i32.sub i32.and
      local.tee $p local.get 3 i32.add global.set $bump
      local.get $p))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "mem" (core memory $memory))

  (core func $new (canon lower (func $counters "[constructor]counter")))
  (core func $add (canon lower (func $counters "[method]counter.add")))
  (core func $get (canon lower (func $counters "[method]counter.get")))
  (core func $merge (canon lower (func $counters "[method]counter.merge")))
  (core func $sum (canon lower (func $counters "sum")))
  (core func $consume (canon lower (func $counters "consume")))
  (core func $make-list (canon lower (func $counters "make-list")
    (memory $memory) (realloc (core func $mem "realloc"))))
  (core func $make-pair (canon lower (func $counters "make-pair") (memory $memory)))
  (core func $make-maybe (canon lower (func $counters "make-maybe") (memory $memory)))
  (core func $make-result (canon lower (func $counters "make-result") (memory $memory)))
  (core func $drop (canon resource.drop $counter))

  (core module $Impl
    (import "mem" "mem" (memory 1))
    (import "c" "new" (func $new (param i32) (result i32)))
    (import "c" "add" (func $add (param i32 i32)))
    (import "c" "get" (func $get (param i32) (result i32)))
    (import "c" "merge" (func $merge (param i32 i32)))
    (import "c" "sum" (func $sum (param i32 i32) (result i32)))
    (import "c" "consume" (func $consume (param i32) (result i32)))
    (import "c" "make-list" (func $make-list (param i32 i32 i32)))
    (import "c" "make-pair" (func $make-pair (param i32 i32)))
    (import "c" "make-maybe" (func $make-maybe (param i32 i32)))
    (import "c" "make-result" (func $make-result (param i32 i32)))
    (import "c" "drop" (func $drop (param i32)))
    ;; The value of the counter behind handle $h, which is then dropped.
    (func $take (export "take") (param $h i32) (result i32)
      local.get $h call $get
      local.get $h call $drop)
    (func (export "round-trip") (param $init i32) (param $n i32) (result i32)
      (local $h i32)
      local.get $init call $new local.tee $h
      local.get $n call $add
      local.get $h call $take)
    ;; make-list(4, 6) writes (ptr, len) at 0.
    (func (export "list-total") (result i32)
      i32.const 4 i32.const 6 i32.const 0 call $make-list
      i32.const 4 i32.load i32.const 2 i32.ne if unreachable end
      i32.const 0 i32.load i32.load call $take
      i32.const 0 i32.load i32.const 4 i32.add i32.load call $take
      i32.add)
    ;; make-pair(5) writes { tag, item } at 16.
    (func (export "pair-total") (result i32)
      i32.const 5 i32.const 16 call $make-pair
      i32.const 16 i32.load
      i32.const 20 i32.load call $take
      i32.add)
    ;; make-maybe(7) writes the option at 32: must be some.
    (func (export "maybe-total") (result i32)
      i32.const 7 i32.const 32 call $make-maybe
      i32.const 32 i32.load8_u i32.eqz if unreachable end
      i32.const 36 i32.load call $take)
    ;; make-result(9) writes the result at 48: must be ok.
    (func (export "result-total") (result i32)
      i32.const 9 i32.const 48 call $make-result
      i32.const 48 i32.load8_u if unreachable end
      i32.const 52 i32.load call $take)
    (func (export "give") (param $init i32) (result i32)
      local.get $init call $new call $consume)
    (func (export "sum-two") (param $a i32) (param $b i32) (result i32)
      (local $x i32) (local $y i32)
      local.get $a call $new local.set $x
      local.get $b call $new local.set $y
      local.get $x local.get $y call $sum
      local.get $x call $drop
      local.get $y call $drop)
    (func (export "merge-two") (param $a i32) (param $b i32) (result i32)
      (local $x i32) (local $y i32)
      local.get $a call $new local.set $x
      local.get $b call $new local.set $y
      local.get $x local.get $y call $merge
      local.get $y call $drop
      local.get $x call $take))
  (core instance $impl (instantiate $Impl
    (with "mem" (instance $mem))
    (with "c" (instance
      (export "new" (func $new)) (export "add" (func $add)) (export "get" (func $get))
      (export "merge" (func $merge)) (export "sum" (func $sum)) (export "consume" (func $consume))
      (export "make-list" (func $make-list)) (export "make-pair" (func $make-pair))
      (export "make-maybe" (func $make-maybe)) (export "make-result" (func $make-result))
      (export "drop" (func $drop))))))

  (func $round-trip (param "init" u32) (param "n" u32) (result u32)
    (canon lift (core func $impl "round-trip")))
  (func $list-total (result u32) (canon lift (core func $impl "list-total")))
  (func $pair-total (result u32) (canon lift (core func $impl "pair-total")))
  (func $maybe-total (result u32) (canon lift (core func $impl "maybe-total")))
  (func $result-total (result u32) (canon lift (core func $impl "result-total")))
  (func $give (param "init" u32) (result u32) (canon lift (core func $impl "give")))
  (func $sum-two (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $impl "sum-two")))
  (func $merge-two (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $impl "merge-two")))
  ;; A lent handle must be dropped before returning, as an owned one: both use $take.
  (func $read (param "c" (borrow $counter)) (result u32) (canon lift (core func $impl "take")))
  (func $take (param "c" (own $counter)) (result u32) (canon lift (core func $impl "take")))
  (instance $user
    (export "round-trip" (func $round-trip))
    (export "list-total" (func $list-total))
    (export "pair-total" (func $pair-total))
    (export "maybe-total" (func $maybe-total))
    (export "result-total" (func $result-total))
    (export "give" (func $give))
    (export "sum-two" (func $sum-two))
    (export "merge-two" (func $merge-two))
    (export "read" (func $read))
    (export "take" (func $take)))
  (export "test:resources/user" (instance $user)))
