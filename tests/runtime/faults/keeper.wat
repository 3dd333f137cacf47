;; Keeps a token it is given and drops it on request: imports the `token` type
;; of test:faults/tokens and exports test:faults/keeper (see faults.wit).
(component
  (import "test:faults/tokens" (instance $tokens (export "token" (type (sub resource)))))
  (alias export $tokens "token" (type $token))
  (core func $drop (canon resource.drop $token))
  (core module $M
    (import "token" "drop" (func $drop (param i32)))
    (global $kept (mut i32) (i32.const 0))
    (func (export "keep") (param i32) local.get 0 global.set $kept)
    (func (export "release") global.get $kept call $drop))
  (core instance $i (instantiate $M (with "token" (instance (export "drop" (func $drop))))))
  (func $keep (param "t" (own $token)) (canon lift (core func $i "keep")))
  (func $release (canon lift (core func $i "release")))
  (instance $keeper (export "keep" (func $keep)) (export "release" (func $release)))
  (export "test:faults/keeper" (instance $keeper)))
