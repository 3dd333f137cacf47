;; A hostile test:cm/asker (see answer.wit): `ask` starts `next(x)` as an
;; async-lowered subtask and returns 7 at once, without waiting for it or
;; dropping it: the subtask is left running behind the finished call.
(component
  (import "test:cm/answer" (instance $answer
    (type $next (func async (param "x" u32) (result u32)))
    (export "next" (func (type $next)))
    (export "plain" (func (param "x" u32) (result u32)))))
  (core module $libc (memory (export "mem") 1))
  (core instance $libc (instantiate $libc))
  (alias core export $libc "mem" (core memory $mem))
  ;; Lowered async: (x, result address) -> status | subtask << 4.
  (core func $next (canon lower (func $answer "next") async (memory $mem)))
  (core func $return (canon task.return (result u32)))
  (core func $set-new (canon waitable-set.new))
  (core func $join (canon waitable.join))
  (core func $subtask-drop (canon subtask.drop))
  (core module $m
    (import "libc" "mem" (memory 1))
    (import "cm" "next" (func $next (param i32 i32) (result i32)))
    (import "cm" "return" (func $return (param i32)))
    (import "cm" "set-new" (func $set-new (result i32)))
    (import "cm" "join" (func $join (param i32 i32)))
    (import "cm" "subtask-drop" (func $subtask-drop (param i32)))
    ;; The waitable set, and how many subtasks have not returned yet.
    (global $set (mut i32) (i32.const 0))
    (global $pending (mut i32) (i32.const 0))
    ;; The results land at 16 and 20.
    (func $answer
      (call $return (i32.add (i32.load (i32.const 16)) (i32.load (i32.const 20)))))
    ;; Starts one subtask; one that has not returned joins the set.
    (func $start (param $x i32) (param $at i32)
      (local $status i32)
      (local.set $status (call $next (local.get $x) (local.get $at)))
      (if (i32.ne (i32.and (local.get $status) (i32.const 15)) (i32.const 2))
        (then
          (call $join (i32.shr_u (local.get $status) (i32.const 4)) (global.get $set))
          (global.set $pending (i32.add (global.get $pending) (i32.const 1))))))
    (func (export "ask") (param $x i32) (result i32)
      (global.set $set (call $set-new))
      (call $start (local.get $x) (i32.const 16))
      (call $return (i32.const 7))
      (i32.const 0))
    (func (export "ask-callback") (param i32 i32 i32) (result i32) (i32.const 0))
    (func (export "ask-plain") (param i32) (result i32) (i32.const 0)))
  (core instance $i (instantiate $m
    (with "libc" (instance $libc))
    (with "cm" (instance
      (export "next" (func $next))
      (export "return" (func $return))
      (export "set-new" (func $set-new))
      (export "join" (func $join))
      (export "subtask-drop" (func $subtask-drop))))))
  (type $ask (func async (param "x" u32) (result u32)))
  (func $ask (type $ask)
    (canon lift (core func $i "ask") async (callback (core func $i "ask-callback"))))
  (func $ask_plain (param "x" u32) (result u32) (canon lift (core func $i "ask-plain")))
  (instance $asker (export "ask" (func $ask)) (export "ask-plain" (func $ask_plain)))
  (export "test:cm/asker" (instance $asker)))
