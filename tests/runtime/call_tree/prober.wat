;; Imports test:call-tree/work in the tagged shape, with `dispatch-error` as
;; wasm-link/wit/dispatch.wit declares it, so that a failure of `spin` is a
;; value rather than a trap; exports test:call-tree/probe with `try-spin(m)`,
;; which calls `spin`, then loops `m` times itself (eight units of fuel per
;; turn) and returns the failure's cases and plugin (see call_tree.wit).
(component
  (import "test:call-tree/work" (instance $work
    (type $failure (record
      (field "plugin" string) (field "interface" string)
      (field "function" string) (field "message" string)))
    (export "failure" (type $f (eq $failure)))
    (type $dispatch-error (variant
      (case "unknown-interface" $f) (case "unknown-function" $f) (case "missing-export" $f)
      (case "fuel-exhausted" $f) (case "deadline-exceeded" $f) (case "trap" $f)
      (case "unusable" $f) (case "reentrant" $f) (case "invalid-arguments" $f)
      (case "invalid-resource" $f)))
    (export "dispatch-error" (type $e (eq $dispatch-error)))
    (export "spin" (func (result (tuple string (result u32 (error $e))))))))

  ;; Memory and a bump allocator for the lowered strings.
  (core module $Mem
    (memory (export "mem") 1)
    (global $bump (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      global.get $bump local.get 2 i32.add i32.const 1 i32.sub
      i32.const 0 local.get 2 i32.sub i32.and
      local.tee $p local.get 3 i32.add global.set $bump
      local.get $p))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "mem" (core memory $memory))
  (core func $spin (canon lower (func $work "spin")
    (memory $memory) (realloc (core func $mem "realloc"))))

  ;; `spin` writes tuple<string, result<u32, dispatch-error>> at 0: the id at
  ;; 0, the result's case (u8) at 8, the error's case (u8) at 12, and the
  ;; failure record's four strings at 16, 24, 32 and 40.
  (core module $M
    (import "mem" "mem" (memory 1))
    (import "work" "spin" (func $spin (param i32)))
    ;; Writes tuple<u32, string> at 64.
    (func (export "try-spin") (param $m i32) (result i32)
      i32.const 0 call $spin
      (block $done
        (loop $turn
          local.get $m i32.eqz br_if $done
          local.get $m i32.const 1 i32.sub local.set $m
          br $turn))
      i32.const 64
      i32.const 8 i32.load8_u i32.const 100 i32.mul
      i32.const 12 i32.load8_u i32.add
      i32.store
      i32.const 68 i32.const 16 i64.load i64.store
      i32.const 64))
  (core instance $i (instantiate $M
    (with "mem" (instance $mem))
    (with "work" (instance (export "spin" (func $spin))))))
  (func $try-spin (param "m" u32) (result (tuple u32 string))
    (canon lift (core func $i "try-spin") (memory $memory)))
  (instance $probe (export "try-spin" (func $try-spin)))
  (export "test:call-tree/probe" (instance $probe)))
