;; An importer of test:resources/counters that declares the method `get` in
;; the result shape, `result<u32, dispatch-error>`, so that a failure to
;; route it reaches the plugin as a value; exports test:resources/reader
;; (see counters.wit).
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
  (core func $drop (canon resource.drop $counter))

  (core module $Impl
    (import "mem" "mem" (memory 1))
    (import "c" "get" (func $get (param i32 i32)))
    (import "c" "drop" (func $drop (param i32)))
    ;; The counter's value, or 1000 + the dispatch-error case number.
    (func (export "try-read") (param $h i32) (result i32)
      (local $answer i32)
      (call $get (local.get $h) (i32.const 16))
      (if (i32.eqz (i32.load8_u (i32.const 16)))
        (then (local.set $answer (i32.load (i32.const 20))))
        (else (local.set $answer
          (i32.add (i32.const 1000) (i32.load8_u (i32.const 20))))))
      (call $drop (local.get $h))
      (local.get $answer)))
  (core instance $impl (instantiate $Impl
    (with "mem" (instance $mem))
    (with "c" (instance (export "get" (func $get)) (export "drop" (func $drop))))))
  (func $try-read (param "c" (borrow $counter)) (result u32)
    (canon lift (core func $impl "try-read")))
  (instance $reader (export "try-read" (func $try-read)))
  (export "test:resources/reader" (instance $reader)))
