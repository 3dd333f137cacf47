;; test:cm/answer (see answer.wit): `next` is async-lifted with a callback;
;; it yields once (callback code 1) before `task.return` gives x + 1, so a
;; caller really waits on it.
(component
  (core module $m
    (import "" "task.return" (func $return (param i32)))
    (global $pending (mut i32) (i32.const 0))
    (func (export "next") (param i32) (result i32)
      (global.set $pending (i32.add (local.get 0) (i32.const 1)))
      (i32.const 1))
    (func (export "next-callback") (param i32 i32 i32) (result i32)
      (call $return (global.get $pending))
      (i32.const 0))
    (func (export "plain") (param i32) (result i32)
      (i32.add (local.get 0) (i32.const 1))))
  (core func $return (canon task.return (result u32)))
  (core instance $i (instantiate $m
    (with "" (instance (export "task.return" (func $return))))))
  (type $next (func async (param "x" u32) (result u32)))
  (func $next (type $next)
    (canon lift (core func $i "next") async (callback (core func $i "next-callback"))))
  (func $plain (param "x" u32) (result u32) (canon lift (core func $i "plain")))
  (instance $answer (export "next" (func $next)) (export "plain" (func $plain)))
  (export "test:cm/answer" (instance $answer)))
