;; Exports test:errors/source with `value` taking a string (its length), so
;; its type disagrees with source.wat's.
(component
  (core module $m
    (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
    (func (export "value") (param i32 i32) (result i32) (local.get 1)))
  (core instance $i (instantiate $m))
  (alias core export $i "mem" (core memory $mem))
  (alias core export $i "realloc" (core func $realloc))
  (func $value (param "x" string) (result u32)
    (canon lift (core func $i "value") (memory $mem) (realloc $realloc)))
  (instance $source (export "value" (func $value)))
  (export "test:errors/source" (instance $source)))
