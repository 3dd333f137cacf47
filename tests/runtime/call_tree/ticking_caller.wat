;; Imports test:call-tree/clock (defined by the host) and
;; test:call-tree/ticking transparently (`tick-times: func(k: u32) -> u32`);
;; exports test:call-tree/ticking-front with `relay-ticks(n, m)`, which calls
;; `tick-times(n)`, then advances the epoch `m` times itself, one at a time,
;; and returns what `tick-times` returned (see call_tree.wit).
(component
  (import "test:call-tree/clock" (instance $clock (export "tick" (func))))
  (import "test:call-tree/ticking" (instance $ticking
    (export "tick-times" (func (param "k" u32) (result u32)))))
  (core func $tick (canon lower (func $clock "tick")))
  (core func $tick-times (canon lower (func $ticking "tick-times")))
  (core module $M
    (import "clock" "tick" (func $tick))
    (import "ticking" "tick-times" (func $tick-times (param i32) (result i32)))
    (func (export "relay-ticks") (param $n i32) (param $m i32) (result i32)
      (local $got i32)
      local.get $n call $tick-times local.set $got
      (block $done
        (loop $turn
          local.get $m i32.eqz br_if $done
          call $tick
          local.get $m i32.const 1 i32.sub local.set $m
          br $turn))
      local.get $got))
  (core instance $i (instantiate $M
    (with "clock" (instance (export "tick" (func $tick))))
    (with "ticking" (instance (export "tick-times" (func $tick-times))))))
  (func $relay-ticks (param "n" u32) (param "m" u32) (result u32)
    (canon lift (core func $i "relay-ticks")))
  (instance $front (export "relay-ticks" (func $relay-ticks)))
  (export "test:call-tree/ticking-front" (instance $front)))
