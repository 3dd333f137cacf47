;; Imports test:call-tree/control (defined by the host) and exports
;; test:call-tree/work with `answer` only (see call_tree.wit). Its core start
;; function asks `should-loop()` once and, if told so, loops forever.
(component
  (import "test:call-tree/control" (instance $control
    (export "should-loop" (func (result bool)))))
  (core func $should-loop (canon lower (func $control "should-loop")))
  (core module $M
    (import "control" "should-loop" (func $should-loop (result i32)))
    (global $answers (mut i32) (i32.const 0))
    (func $start
      (if (call $should-loop)
        (then (loop $forever br $forever))))
    (start $start)
    (func (export "answer") (result i32)
      global.get $answers i32.const 1 i32.add global.set $answers
      global.get $answers))
  (core instance $i (instantiate $M
    (with "control" (instance (export "should-loop" (func $should-loop))))))
  (func $answer (result u32) (canon lift (core func $i "answer")))
  (instance $work (export "answer" (func $answer)))
  (export "test:call-tree/work" (instance $work)))
