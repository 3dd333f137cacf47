;; Owns `token`s (exports test:faults/tokens) and, in `poke` (exports
;; test:faults/poker), calls the keeper's `release` through a transparent
;; socket (imports test:faults/keeper). See faults.wit.
(component
  (import "test:faults/keeper" (instance $keeper (export "release" (func))))
  (core func $release (canon lower (func $keeper "release")))
  (core module $Dtor (func (export "dtor") (param i32)))
  (core instance $dtor (instantiate $Dtor))
  (type $token (resource (rep i32) (dtor (core func $dtor "dtor"))))
  (core func $new (canon resource.new $token))
  (core module $M
    (import "keeper" "release" (func $release))
    (import "token" "new" (func $new (param i32) (result i32)))
    (func (export "ctor") (result i32) i32.const 0 call $new)
    (func (export "poke") (result i32) call $release i32.const 1))
  (core instance $i (instantiate $M
    (with "keeper" (instance (export "release" (func $release))))
    (with "token" (instance (export "new" (func $new))))))
  (func $ctor (result (own $token)) (canon lift (core func $i "ctor")))
  (func $poke (result u32) (canon lift (core func $i "poke")))
  ;; Exported functions may only use exported types: re-export through a component.
  (component $Tokens
    (import "token" (type $t (sub resource)))
    (import "ctor" (func $ctor (result (own $t))))
    (export $T "token" (type $t))
    (export "[constructor]token" (func $ctor) (func (result (own $T)))))
  (instance $tokens (instantiate $Tokens (with "token" (type $token)) (with "ctor" (func $ctor))))
  (export "test:faults/tokens" (instance $tokens))
  (instance $poker (export "poke" (func $poke)))
  (export "test:faults/poker" (instance $poker)))
