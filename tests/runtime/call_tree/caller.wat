;; Imports test:call-tree/work transparently (`spin: func() -> u32`,
;; `burn: func(n: u32) -> u32`) and exports test:call-tree/front (see
;; call_tree.wit): `relay-spin` returns `spin()`; `relay-burn(n, m)` calls
;; `burn(n)`, then loops `m` times itself (eight units of fuel per turn).
(component
  (import "test:call-tree/work" (instance $work
    (export "spin" (func (result u32)))
    (export "burn" (func (param "n" u32) (result u32)))))
  (core func $spin (canon lower (func $work "spin")))
  (core func $burn (canon lower (func $work "burn")))
  (core module $M
    (import "work" "spin" (func $spin (result i32)))
    (import "work" "burn" (func $burn (param i32) (result i32)))
    (func (export "relay-spin") (result i32) call $spin)
    (func (export "relay-burn") (param $n i32) (param $m i32) (result i32)
      (local $got i32)
      local.get $n call $burn local.set $got
      (block $done
        (loop $turn
          local.get $m i32.eqz br_if $done
          local.get $m i32.const 1 i32.sub local.set $m
          br $turn))
      local.get $got))
  (core instance $i (instantiate $M
    (with "work" (instance
      (export "spin" (func $spin))
      (export "burn" (func $burn))))))
  (func $relay-spin (result u32) (canon lift (core func $i "relay-spin")))
  (func $relay-burn (param "n" u32) (param "m" u32) (result u32)
    (canon lift (core func $i "relay-burn")))
  (instance $front
    (export "relay-spin" (func $relay-spin))
    (export "relay-burn" (func $relay-burn)))
  (export "test:call-tree/front" (instance $front)))
