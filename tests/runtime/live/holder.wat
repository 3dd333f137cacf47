;; An importer of test:resources/counters that keeps a counter it is given
;; and reads it later through its socket, declaring the method `get` in the
;; result shape, `result<u32, dispatch-error>`, so that a failure to route it
;; reaches the plugin as a value, which `read` hands back as it is. Exports
;; test:live/holder: keep(c: counter), read() -> result<u32, dispatch-error>.
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
    (export "[method]counter.get" (func (param "self" (borrow $c))
      (result (result u32 (error $dispatch-error')))))))
  (alias export $counters "counter" (type $counter))
  (alias export $counters "dispatch-error" (type $dispatch-error))

  ;; Memory and a bump allocator for the error's strings.
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

  (core func $get (canon lower (func $counters "[method]counter.get")
    (memory $memory) (realloc (core func $mem "realloc"))))

  (core module $Impl
    (import "c" "get" (func $get (param i32 i32)))
    (global $kept (mut i32) (i32.const 0))
    (func (export "keep") (param i32) (global.set $kept (local.get 0)))
    ;; The result `get` wrote at 16, handed back as it is.
    (func (export "read") (result i32)
      (call $get (global.get $kept) (i32.const 16))
      (i32.const 16)))
  (core instance $impl (instantiate $Impl
    (with "c" (instance (export "get" (func $get))))))
  (func $keep (param "c" (own $counter)) (canon lift (core func $impl "keep")))
  (func $read (result (result u32 (error $dispatch-error)))
    (canon lift (core func $impl "read") (memory $memory)))
  (instance $holder
    (export "keep" (func $keep))
    (export "read" (func $read)))
  (export "test:live/holder" (instance $holder)))
