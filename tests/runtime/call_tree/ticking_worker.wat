;; A callee that spends epoch ticks deterministically: imports
;; test:call-tree/clock (defined by the host) and exports
;; test:call-tree/ticking with `tick-times(k)`, which asks the host to
;; advance the engine's epoch `k` times, one at a time (an epoch check at the
;; loop's head between two), and returns `k` (see call_tree.wit).
(component
  (import "test:call-tree/clock" (instance $clock (export "tick" (func))))
  (core func $tick (canon lower (func $clock "tick")))
  (core module $M
    (import "clock" "tick" (func $tick))
    (func (export "tick-times") (param $k i32) (result i32)
      (local $left i32)
      local.get $k local.set $left
      (block $done
        (loop $turn
          local.get $left i32.eqz br_if $done
          call $tick
          local.get $left i32.const 1 i32.sub local.set $left
          br $turn))
      local.get $k))
  (core instance $i (instantiate $M
    (with "clock" (instance (export "tick" (func $tick))))))
  (func $tick-times (param "k" u32) (result u32) (canon lift (core func $i "tick-times")))
  (instance $ticking (export "tick-times" (func $tick-times)))
  (export "test:call-tree/ticking" (instance $ticking)))
