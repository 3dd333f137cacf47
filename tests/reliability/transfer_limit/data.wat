;; Exports test:transfer/data (see transfer.wit): as much data as asked for.
(component
  (core module $m
    (memory (export "mem") 40)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0x1000))
    ;; A string of n bytes at 0: (ptr, len) at 0x10.
    (func (export "text") (param $n i32) (result i32)
      (i32.store (i32.const 0x10) (i32.const 0))
      (i32.store offset=4 (i32.const 0x10) (local.get $n))
      (i32.const 0x10))
    ;; `count` (ptr 0, len) pairs at 0x200000; the outer (ptr, len) at 0x10.
    (func (export "lists") (param $count i32) (param $len i32) (result i32)
      (local $i i32)
      (block $done
        (loop $fill
          (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
          (i32.store (i32.add (i32.const 0x200000) (i32.shl (local.get $i) (i32.const 3)))
            (i32.const 0))
          (i32.store offset=4 (i32.add (i32.const 0x200000) (i32.shl (local.get $i) (i32.const 3)))
            (local.get $len))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $fill)))
      (i32.store (i32.const 0x10) (i32.const 0x200000))
      (i32.store offset=4 (i32.const 0x10) (local.get $count))
      (i32.const 0x10))
    (func (export "sink") (param $ptr i32) (param $len i32) (result i32) (local.get $len))
    (func (export "fine") (result i32) (i32.const 42)))
  (core instance $i (instantiate $m))
  (alias core export $i "mem" (core memory $mem))
  (alias core export $i "realloc" (core func $realloc))
  (func $text (param "n" u32) (result string)
    (canon lift (core func $i "text") (memory $mem) (realloc $realloc)))
  (func $lists (param "count" u32) (param "len" u32) (result (list (list u8)))
    (canon lift (core func $i "lists") (memory $mem) (realloc $realloc)))
  (func $sink (param "s" string) (result u32)
    (canon lift (core func $i "sink") (memory $mem) (realloc $realloc)))
  (func $fine (result u32) (canon lift (core func $i "fine")))
  (instance $data
    (export "text" (func $text))
    (export "lists" (func $lists))
    (export "sink" (func $sink))
    (export "fine" (func $fine)))
  (export "test:transfer/data" (instance $data)))
