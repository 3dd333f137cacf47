;; Owns `mine`s (counting destructor runs) and, in `poke`, calls a keeper's
;; `release` through a transparent socket (imports test:lifetime/peer);
;; exports test:lifetime/caller. See lifetime.wit.
(component
  (import "test:lifetime/peer" (instance $keeper (export "release" (func))))
  (core func $release (canon lower (func $keeper "release")))
  (core module $Counter
    (global (export "drops") (mut i32) (i32.const 0))
    (func (export "dtor") (param i32)
      global.get 0 i32.const 1 i32.add global.set 0))
  (core instance $counter (instantiate $Counter))
  (type $mine (resource (rep i32) (dtor (core func $counter "dtor"))))
  (core func $mine-new (canon resource.new $mine))
  (core module $M
    (import "keeper" "release" (func $release))
    (import "mine" "new" (func $new (param i32) (result i32)))
    (import "counter" "drops" (global $drops (mut i32)))
    (func (export "make") (result i32) i32.const 0 call $new)
    (func (export "drops") (result i32) global.get $drops)
    (func (export "poke") (result i32) call $release i32.const 1))
  (core instance $i (instantiate $M
    (with "keeper" (instance (export "release" (func $release))))
    (with "mine" (instance (export "new" (func $mine-new))))
    (with "counter" (instance $counter))))
  (func $make (result (own $mine)) (canon lift (core func $i "make")))
  (func $drops (result u32) (canon lift (core func $i "drops")))
  (func $poke (result u32) (canon lift (core func $i "poke")))
  (component $Caller
    (import "mine" (type $m (sub resource)))
    (import "make" (func $make (result (own $m))))
    (import "drops" (func $drops (result u32)))
    (import "poke" (func $poke (result u32)))
    (export $M "mine" (type $m))
    (export "make" (func $make) (func (result (own $M))))
    (export "drops" (func $drops))
    (export "poke" (func $poke)))
  (instance $caller (instantiate $Caller
    (with "mine" (type $mine))
    (with "make" (func $make))
    (with "drops" (func $drops))
    (with "poke" (func $poke))))
  (export "test:lifetime/caller" (instance $caller)))
