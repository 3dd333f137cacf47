;; The one plugin of the `single_plugin` scenario: exports test:single/api
;; (see api.wit) with a scalar, two composite and a void function.
(component
  (core module $m
    (memory (export "mem") 1)
    (data (i32.const 0) "hello, ")
    ;; A bump allocator: never frees, grows the memory when needed.
    (global $next (mut i32) (i32.const 1024))
    (func $realloc (export "realloc") (param i32 i32 i32 i32) (result i32)
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
      (local.get $ptr))

    (func (export "add") (param i32 i32) (result i32)
      (i32.add (local.get 0) (local.get 1)))

    ;; Returns a pointer to the (ptr, len) of "hello, " + name.
    (func (export "greet") (param $ptr i32) (param $len i32) (result i32)
      (local $out i32) (local $ret i32)
      (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1)
        (i32.add (local.get $len) (i32.const 7))))
      (memory.copy (local.get $out) (i32.const 0) (i32.const 7))
      (memory.copy (i32.add (local.get $out) (i32.const 7)) (local.get $ptr) (local.get $len))
      (local.set $ret (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 8)))
      (i32.store (local.get $ret) (local.get $out))
      (i32.store offset=4 (local.get $ret) (i32.add (local.get $len) (i32.const 7)))
      (local.get $ret))

    ;; Returns a pointer to the record { count: u32 @0, total: u64 @8 }.
    (func (export "summarize") (param $ptr i32) (param $len i32) (result i32)
      (local $i i32) (local $total i64) (local $ret i32)
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
          (local.set $total (i64.add (local.get $total)
            (i64.extend_i32_u (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $i) (i32.const 2)))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (local.set $ret (call $realloc (i32.const 0) (i32.const 0) (i32.const 8) (i32.const 16)))
      (i32.store (local.get $ret) (local.get $len))
      (i64.store offset=8 (local.get $ret) (local.get $total))
      (local.get $ret))

    (global $pings (mut i32) (i32.const 0))
    (func (export "ping") (global.set $pings (i32.add (global.get $pings) (i32.const 1))))
    (func (export "pings") (result i32) (global.get $pings)))
  (core instance $i (instantiate $m))
  (alias core export $i "mem" (core memory $mem))
  (alias core export $i "realloc" (core func $realloc))

  (type $summary (record (field "count" u32) (field "total" u64)))
  (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
  (func $greet (param "name" string) (result string)
    (canon lift (core func $i "greet") (memory $mem) (realloc $realloc)))
  (func $summarize (param "values" (list u32)) (result $summary)
    (canon lift (core func $i "summarize") (memory $mem) (realloc $realloc)))
  (func $ping (canon lift (core func $i "ping")))
  (func $pings (result u32) (canon lift (core func $i "pings")))
  (instance $api
    (export "summary" (type $summary))
    (export "add" (func $add))
    (export "greet" (func $greet))
    (export "summarize" (func $summarize))
    (export "ping" (func $ping))
    (export "pings" (func $pings)))
  (export "test:single/api" (instance $api)))
