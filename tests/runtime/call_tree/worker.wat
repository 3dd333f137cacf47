;; The callee of the `call_tree` scenario: exports test:call-tree/work (see
;; call_tree.wit) with `spin` (an endless loop), `burn` (a loop of `n` turns,
;; eight units of fuel each) and `answer` (counts its calls).
(component
  (core module $M
    (global $answers (mut i32) (i32.const 0))
    (func (export "spin") (result i32)
      (loop $forever (result i32) br $forever))
    (func (export "burn") (param $n i32) (result i32)
      (local $left i32)
      local.get $n local.set $left
      (block $done
        (loop $turn
          local.get $left i32.eqz br_if $done
          local.get $left i32.const 1 i32.sub local.set $left
          br $turn))
      local.get $n)
    (func (export "answer") (result i32)
      global.get $answers i32.const 1 i32.add global.set $answers
      global.get $answers))
  (core instance $i (instantiate $M))
  (func $spin (result u32) (canon lift (core func $i "spin")))
  (func $burn (param "n" u32) (result u32) (canon lift (core func $i "burn")))
  (func $answer (result u32) (canon lift (core func $i "answer")))
  (instance $work
    (export "spin" (func $spin))
    (export "burn" (func $burn))
    (export "answer" (func $answer)))
  (export "test:call-tree/work" (instance $work)))
