;; Owns `mine`s whose destructor loops forever: exports test:lifetime/peer
;; (`mine` and `make` only). See lifetime.wit.
(component
  (core module $Dtor
    (func (export "dtor") (param i32) (loop $forever br $forever)))
  (core instance $dtor (instantiate $Dtor))
  (type $mine (resource (rep i32) (dtor (core func $dtor "dtor"))))
  (core func $mine-new (canon resource.new $mine))
  (core module $M
    (import "mine" "new" (func $new (param i32) (result i32)))
    (func (export "make") (result i32) i32.const 0 call $new))
  (core instance $i (instantiate $M (with "mine" (instance (export "new" (func $mine-new))))))
  (func $make (result (own $mine)) (canon lift (core func $i "make")))
  (component $Looper
    (import "mine" (type $m (sub resource)))
    (import "make" (func $make (result (own $m))))
    (export $M "mine" (type $m))
    (export "make" (func $make) (func (result (own $M)))))
  (instance $looper (instantiate $Looper (with "mine" (type $mine)) (with "make" (func $make))))
  (export "test:lifetime/peer" (instance $looper)))
