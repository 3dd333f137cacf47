;; A plugin whose start-up burns fuel: its core start function runs 50_000
;; turns of the eight-instruction loop (400_000 units and a few); exports
;; test:call-tree/work with `burn` and `answer` as worker.wat does (see
;; call_tree.wit).
(component
  (core module $M
    (global $answers (mut i32) (i32.const 0))
    (func $burn (export "burn") (param $n i32) (result i32)
      (local $left i32)
      local.get $n local.set $left
      (block $done
        (loop $turn
          local.get $left i32.eqz br_if $done
          local.get $left i32.const 1 i32.sub local.set $left
          br $turn))
      local.get $n)
    (func $start (drop (call $burn (i32.const 50000))))
    (start $start)
    (func (export "answer") (result i32)
      global.get $answers i32.const 1 i32.add global.set $answers
      global.get $answers))
  (core instance $i (instantiate $M))
  (func $burn (param "n" u32) (result u32) (canon lift (core func $i "burn")))
  (func $answer (result u32) (canon lift (core func $i "answer")))
  (instance $work
    (export "burn" (func $burn))
    (export "answer" (func $answer)))
  (export "test:call-tree/work" (instance $work)))
