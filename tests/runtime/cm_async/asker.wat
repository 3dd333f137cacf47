;; test:cm/asker (see answer.wit): calls test:cm/answer through its socket;
;; the `async func` is lowered synchronously, so `ask` blocks its task until
;; the answer comes.
(component
  (import "test:cm/answer" (instance $answer
    (type $next (func async (param "x" u32) (result u32)))
    (export "next" (func (type $next)))
    (export "plain" (func (param "x" u32) (result u32)))))
  (core func $next (canon lower (func $answer "next")))
  (core func $plain (canon lower (func $answer "plain")))
  (core module $m
    (import "task" "return" (func $return (param i32)))
    (import "answer" "next" (func $next (param i32) (result i32)))
    (import "answer" "plain" (func $plain (param i32) (result i32)))
    (func (export "ask") (param i32) (result i32)
      (call $return (call $next (local.get 0)))
      (i32.const 0))
    (func (export "ask-callback") (param i32 i32 i32) (result i32) unreachable)
    (func (export "ask-plain") (param i32) (result i32) (call $plain (local.get 0))))
  (core func $return (canon task.return (result u32)))
  (core instance $i (instantiate $m
    (with "task" (instance (export "return" (func $return))))
    (with "answer" (instance (export "next" (func $next)) (export "plain" (func $plain))))))
  ;; Async-lifted: a task that may block on an `async func` it calls (a
  ;; sync-lifted export may not). It returns (callback code 0, exit) once
  ;; it has its answer, so its callback is never called.
  (type $ask (func async (param "x" u32) (result u32)))
  (func $ask (type $ask)
    (canon lift (core func $i "ask") async (callback (core func $i "ask-callback"))))
  (func $ask_plain (param "x" u32) (result u32) (canon lift (core func $i "ask-plain")))
  (instance $asker (export "ask" (func $ask)) (export "ask-plain" (func $ask_plain)))
  (export "test:cm/asker" (instance $asker)))
