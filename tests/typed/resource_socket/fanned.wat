;; Imports test:resources/counters (typed/resources/resources.wit) from an
;; `Any` socket: `make` fanned out as `list<tuple<string, result<own<counter>,
;; dispatch-error>>>`, and the method `get` as `result<u32, dispatch-error>`.
;; Exports test:resources/fan:
;;   make-and-read: func(start: u32) -> u32
;; which makes a counter in every plugin of the socket, reads each through
;; `get` (routed to its owner), drops it, and returns the sum of the values
;; (1000 for each failed `get`).
(component
  (import "test:resources/counters" (instance $counters
    (export "counter" (type $c (sub resource)))
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
    (export "make" (func (param "start" u32)
      (result (list (tuple string (result (own $c) (error $dispatch-error')))))))
    (export "[method]counter.get" (func (param "self" (borrow $c))
      (result (result u32 (error $dispatch-error')))))))
  (alias export $counters "counter" (type $counter))

  ;; Memory and a bump allocator (never frees).
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
      (local.get $ptr)))
  (core instance $libc (instantiate $libc))
  (alias core export $libc "mem" (core memory $mem))
  (alias core export $libc "realloc" (core func $realloc))

  (core func $make (canon lower (func $counters "make") (memory $mem) (realloc $realloc)))
  (core func $get (canon lower (func $counters "[method]counter.get") (memory $mem) (realloc $realloc)))
  (core func $drop (canon resource.drop $counter))

  (core module $m
    (import "libc" "realloc" (func $realloc (param i32 i32 i32 i32) (result i32)))
    (import "libc" "mem" (memory 1))
    (import "counters" "make" (func $make (param i32 i32)))
    (import "counters" "get" (func $get (param i32 i32)))
    (import "counters" "drop" (func $drop (param i32)))
    (func (export "make-and-read") (param $start i32) (result i32)
      (local $r i32) (local $list i32) (local $n i32) (local $i i32)
      (local $e i32) (local $h i32) (local $g i32) (local $sum i32)
      (local.set $r (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 8)))
      (local.set $g (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 40)))
      (call $make (local.get $start) (local.get $r))
      (local.set $list (i32.load (local.get $r)))
      (local.set $n (i32.load offset=4 (local.get $r)))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          ;; An entry: the id (ptr, len) @0, the result's case @8, its payload @12.
          (local.set $e (i32.add (local.get $list) (i32.mul (local.get $i) (i32.const 48))))
          (if (i32.eqz (i32.load8_u offset=8 (local.get $e)))
            (then
              (local.set $h (i32.load offset=12 (local.get $e)))
              ;; get's result: its case @0, the value @4.
              (call $get (local.get $h) (local.get $g))
              (local.set $sum (i32.add (local.get $sum)
                (if (result i32) (i32.load8_u (local.get $g))
                  (then (i32.const 1000))
                  (else (i32.load offset=4 (local.get $g))))))
              (call $drop (local.get $h))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (local.get $sum)))
  (core instance $i (instantiate $m
    (with "libc" (instance $libc))
    (with "counters" (instance
      (export "make" (func $make))
      (export "get" (func $get))
      (export "drop" (func $drop))))))

  (func $make-and-read (param "start" u32) (result u32)
    (canon lift (core func $i "make-and-read")))
  (instance $fan (export "make-and-read" (func $make-and-read)))
  (export "test:resources/fan" (instance $fan)))
