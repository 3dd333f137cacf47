;; A plugin to limit: exports test:limits/work (see limits.wit) with `spin`
;; (an infinite loop), `burn` (a loop of `n` turns), `cheap` and `grow`.
(component
  (core module $M
    (memory 1)
    (func (export "spin") (loop $forever br $forever))
    (func (export "burn") (param $n i32)
      (loop $turn
        local.get $n i32.const 1 i32.sub local.tee $n
        br_if $turn))
    (func (export "cheap") (param i32) (result i32) local.get 0 i32.const 1 i32.add)
    (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))
  (core instance $i (instantiate $M))
  (func $spin (canon lift (core func $i "spin")))
  (func $burn (param "n" u32) (canon lift (core func $i "burn")))
  (func $cheap (param "x" u32) (result u32) (canon lift (core func $i "cheap")))
  (func $grow (param "pages" u32) (result s32) (canon lift (core func $i "grow")))
  (instance $work
    (export "spin" (func $spin))
    (export "burn" (func $burn))
    (export "cheap" (func $cheap))
    (export "grow" (func $grow)))
  (export "test:limits/work" (instance $work)))
