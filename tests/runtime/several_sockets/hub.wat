;; The hub: imports test:base/base transparently (ExactlyOne) and
;; test:bonus/bonus as a list of tagged results (Any), and exports
;; test:hub/hub with total() = base() + the sum of the `ok` bonuses.
(component
  (import "test:base/base" (instance $base
    (export "base" (func (result u32)))))
  (import "test:bonus/bonus" (instance $bonus
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
    (export "bonus" (func
      (result (list (tuple string (result u32 (error $dispatch-error')))))))))

  ;; Memory and a bump allocator (never frees, grows when needed).
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

  (core func $base (canon lower (func $base "base")))
  (core func $bonus (canon lower (func $bonus "bonus") (memory $mem) (realloc $realloc)))

  (core module $m
    (import "libc" "mem" (memory 1))
    (import "libc" "realloc" (func $realloc (param i32 i32 i32 i32) (result i32)))
    (import "sockets" "base" (func $base (result i32)))
    (import "sockets" "bonus" (func $bonus (param i32)))
    (func (export "total") (result i32)
      (local $ret i32) (local $entry i32) (local $end i32) (local $sum i32)
      (local.set $sum (call $base))
      (local.set $ret (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 8)))
      (call $bonus (local.get $ret))
      ;; Entries are 48 bytes: id string @0, result discriminant @8, u32 @12.
      (local.set $entry (i32.load (local.get $ret)))
      (local.set $end (i32.add (local.get $entry)
        (i32.mul (i32.load offset=4 (local.get $ret)) (i32.const 48))))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $entry) (local.get $end)))
          (if (i32.eqz (i32.load8_u offset=8 (local.get $entry)))
            (then (local.set $sum (i32.add (local.get $sum) (i32.load offset=12 (local.get $entry))))))
          (local.set $entry (i32.add (local.get $entry) (i32.const 48)))
          (br $next)))
      (local.get $sum)))
  (core instance $i (instantiate $m
    (with "libc" (instance $libc))
    (with "sockets" (instance (export "base" (func $base)) (export "bonus" (func $bonus))))))

  (func $total (result u32) (canon lift (core func $i "total")))
  (instance $hub (export "total" (func $total)))
  (export "test:hub/hub" (instance $hub)))
