;; test:cm/asker (see answer.wit) over an ExactlyOne socket in the wrapped
;; shape: imports test:cm/answer's `next` (an `async func`) and `plain` as
;; `tuple<string, result<u32, dispatch-error>>`, and answers the ok value, or
;; 1000 for an error.
(component
  (import "test:cm/answer" (instance $answer
    (type $failure (record
      (field "plugin" string) (field "interface" string)
      (field "function" string) (field "message" string)))
    (export "failure" (type $failure' (eq $failure)))
    (type $dispatch-error (variant
      (case "unknown-interface" $failure') (case "unknown-function" $failure')
      (case "missing-export" $failure') (case "fuel-exhausted" $failure')
      (case "deadline-exceeded" $failure') (case "trap" $failure')
      (case "unusable" $failure') (case "reentrant" $failure')
      (case "invalid-arguments" $failure') (case "invalid-resource" $failure')))
    (export "dispatch-error" (type $dispatch-error' (eq $dispatch-error)))
    (type $entries (tuple string (result u32 (error $dispatch-error'))))
    (type $next (func async (param "x" u32) (result $entries)))
    (export "next" (func (type $next)))
    (export "plain" (func (param "x" u32) (result $entries)))))

  ;; Memory and a bump allocator (never frees, grows when needed), needed
  ;; before the imports can be lowered.
  (core module $libc
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $ptr i32)
      (local.set $ptr
        (i32.and
          (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
          (i32.sub (i32.const 0) (local.get 2))))
      (global.set $next (i32.add (local.get $ptr) (local.get 3)))
      (if (i32.gt_u (global.get $next) (i32.shl (memory.size) (i32.const 16)))
        (then (drop (memory.grow
          (i32.add (i32.const 1)
            (i32.shr_u (i32.sub (global.get $next) (i32.shl (memory.size) (i32.const 16)))
              (i32.const 16)))))))
      (local.get $ptr)))
  (core instance $libc (instantiate $libc))
  (alias core export $libc "mem" (core memory $mem))
  (alias core export $libc "realloc" (core func $realloc))

  (core func $next (canon lower (func $answer "next") (memory $mem) (realloc $realloc)))
  (core func $plain (canon lower (func $answer "plain") (memory $mem) (realloc $realloc)))

  (core module $m
    (import "libc" "mem" (memory 1))
    (import "task" "return" (func $return (param i32)))
    (import "answer" "next" (func $next (param i32 i32)))
    (import "answer" "plain" (func $plain (param i32 i32)))
    ;; The entry at `r`: the result's discriminant @8, its payload @12.
    (func $sum (param $r i32) (result i32)
      (if (result i32) (i32.load8_u offset=8 (local.get $r))
        (then (i32.const 1000))
        (else (i32.load offset=12 (local.get $r)))))
    (func (export "ask") (param $x i32) (result i32)
      (call $next (local.get $x) (i32.const 16))
      (call $return (call $sum (i32.const 16)))
      (i32.const 0))
    (func (export "ask-callback") (param i32 i32 i32) (result i32) unreachable)
    (func (export "ask-plain") (param $x i32) (result i32)
      (call $plain (local.get $x) (i32.const 16))
      (call $sum (i32.const 16))))
  (core func $return (canon task.return (result u32)))
  (core instance $i (instantiate $m
    (with "task" (instance (export "return" (func $return))))
    (with "libc" (instance $libc))
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
