;; A further link of a chain: exports test:async/relay (see relay.wit) by
;; calling the relay behind its socket.
(component
  (import "test:async/relay" (instance $next
    (export "spin" (func))
    (export "cheap" (func (param "x" u32) (result u32)))))
  (core func $spin (canon lower (func $next "spin")))
  (core func $cheap (canon lower (func $next "cheap")))
  (core module $m
    (import "next" "spin" (func $spin))
    (import "next" "cheap" (func $cheap (param i32) (result i32)))
    (func (export "spin") (call $spin))
    (func (export "cheap") (param i32) (result i32) (call $cheap (local.get 0))))
  (core instance $i (instantiate $m
    (with "next" (instance (export "spin" (func $spin)) (export "cheap" (func $cheap))))))
  (func $spin_out (canon lift (core func $i "spin")))
  (func $cheap_out (param "x" u32) (result u32) (canon lift (core func $i "cheap")))
  (instance $relay (export "spin" (func $spin_out)) (export "cheap" (func $cheap_out)))
  (export "test:async/relay" (instance $relay)))
