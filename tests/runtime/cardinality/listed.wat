;; Imports test:card/source from an AtLeastOne or Any socket,
;; `list<tuple<string, result<T, dispatch-error>>>`, and reports what it
;; received through test:card/probe (see cardinality.wit).
(component
  (import "test:card/source" (instance $source
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
    (export "value" (func (param "x" u32)
      (result (list (tuple string (result u32 (error $dispatch-error')))))))
    (export "touch" (func
      (result (list (tuple string (result (error $dispatch-error')))))))))

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

  (core func $value (canon lower (func $source "value") (memory $mem) (realloc $realloc)))
  (core func $touch (canon lower (func $source "touch") (memory $mem) (realloc $realloc)))

  (core module $m
    (import "libc" "mem" (memory 1))
    (import "libc" "realloc" (func $realloc (param i32 i32 i32 i32) (result i32)))
    (import "source" "value" (func $value (param i32 i32)))
    (import "source" "touch" (func $touch (param i32)))

    ;; Re-encodes `n` received entries `tuple<string, result<..>>`, `stride`
    ;; bytes apart from `src`, as the probe's `list<tuple<string, u32>>`:
    ;; (id, ok value), (id, 0) for a void ok, or (id, 1000 + the error case).
    (func $encode (param $src i32) (param $n i32) (param $stride i32) (param $void i32) (result i32)
      (local $out i32) (local $i i32) (local $e i32) (local $o i32) (local $ret i32)
      (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 4)
        (i32.mul (local.get $n) (i32.const 12))))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $e (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $stride))))
          (local.set $o (i32.add (local.get $out) (i32.mul (local.get $i) (i32.const 12))))
          ;; the id string (ptr, len) @0
          (i64.store (local.get $o) (i64.load (local.get $e)))
          ;; the result: discriminant @8, payload @12
          (i32.store offset=8 (local.get $o)
            (if (result i32) (i32.load8_u offset=8 (local.get $e))
              (then (i32.add (i32.const 1000) (i32.load8_u offset=12 (local.get $e))))
              (else (if (result i32) (local.get $void)
                (then (i32.const 0))
                (else (i32.load offset=12 (local.get $e)))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (local.set $ret (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 8)))
      (i32.store (local.get $ret) (local.get $out))
      (i32.store offset=4 (local.get $ret) (local.get $n))
      (local.get $ret))
    (func (export "value") (param $x i32) (result i32)
      (local $r i32)
      (local.set $r (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 8)))
      (call $value (local.get $x) (local.get $r))
      (call $encode (i32.load (local.get $r)) (i32.load offset=4 (local.get $r)) (i32.const 48) (i32.const 0)))
    (func (export "touch") (result i32)
      (local $r i32)
      (local.set $r (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 8)))
      (call $touch (local.get $r))
      (call $encode (i32.load (local.get $r)) (i32.load offset=4 (local.get $r)) (i32.const 48) (i32.const 1))))

  (core instance $i (instantiate $m
    (with "libc" (instance $libc))
    (with "source" (instance (export "value" (func $value)) (export "touch" (func $touch))))))

  (func $probe-value (param "x" u32) (result (list (tuple string u32)))
    (canon lift (core func $i "value") (memory $mem)))
  (func $probe-touch (result (list (tuple string u32)))
    (canon lift (core func $i "touch") (memory $mem)))
  (instance $probe
    (export "value" (func $probe-value))
    (export "touch" (func $probe-touch)))
  (export "test:card/probe" (instance $probe)))
