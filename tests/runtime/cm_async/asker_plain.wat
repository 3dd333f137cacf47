;; test:cm/asker (see answer.wit) as a plain importer: it declares
;; test:cm/answer's `next` as a plain `func` (the exporter's is an `async
;; func`), so a sync and an async function meet across the socket.
(component
  (import "test:cm/answer" (instance $answer
    (export "next" (func (param "x" u32) (result u32)))
    (export "plain" (func (param "x" u32) (result u32)))))
  (core func $next (canon lower (func $answer "next")))
  (core func $plain (canon lower (func $answer "plain")))
  (core module $m
    (import "answer" "next" (func $next (param i32) (result i32)))
    (import "answer" "plain" (func $plain (param i32) (result i32)))
    (func (export "ask") (param i32) (result i32) (call $next (local.get 0)))
    (func (export "ask-plain") (param i32) (result i32) (call $plain (local.get 0))))
  (core instance $i (instantiate $m
    (with "answer" (instance (export "next" (func $next)) (export "plain" (func $plain))))))
  (func $ask (param "x" u32) (result u32) (canon lift (core func $i "ask")))
  (func $ask_plain (param "x" u32) (result u32) (canon lift (core func $i "ask-plain")))
  (instance $asker (export "ask" (func $ask)) (export "ask-plain" (func $ask_plain)))
  (export "test:cm/asker" (instance $asker)))
