;; Exports test:roundtrip/{shapes,api}: every echo returns its argument.
;; `everything` has more than 16 flat values, so it arrives as a pointer to
;; its in-memory form and the same pointer is the result.
(component
  (core module $m
    (memory (export "memory") 16)
    (global $next (mut i32) (i32.const 1024))
    ;; A bump allocator; 0..64 is the return area, 32.. holds "odd".
    (data (i32.const 32) "odd")
    (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      global.get $next
      local.get $align i32.const 1 i32.sub i32.add
      local.get $align i32.const 1 i32.sub i32.const -1 i32.xor i32.and
      local.set $p
      local.get $p local.get $size i32.add global.set $next
      local.get $old
      if
        local.get $p local.get $old local.get $old_size memory.copy
      end
      local.get $p)
    (func (export "id32") (param i32) (result i32) local.get 0)
    (func (export "id64") (param i64) (result i64) local.get 0)
    (func (export "idf32") (param f32) (result f32) local.get 0)
    (func (export "idf64") (param f64) (result f64) local.get 0)
    (func (export "pair") (param i32 i32) (result i32)
      i32.const 8 local.get 0 i32.store
      i32.const 12 local.get 1 i32.store
      i32.const 8)
    (func (export "halve") (param i32) (result i32)
      local.get 0 i32.const 1 i32.and
      if
        i32.const 16 i32.const 1 i32.store8
        i32.const 20 i32.const 32 i32.store
        i32.const 24 i32.const 3 i32.store
      else
        i32.const 16 i32.const 0 i32.store8
        i32.const 20 local.get 0 i32.const 1 i32.shr_u i32.store
      end
      i32.const 16)
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "match") (param i32) (result i32) local.get 0 i32.const 1 i32.add)
    (func (export "nothing"))
    (func (export "count") (param i32 i32) (result i32) local.get 1))
  (core instance $i (instantiate $m))
  (alias core export $i "memory" (core memory $mem))
  (alias core export $i "cabi_realloc" (core func $realloc))

  (type $point (record (field "x" s32) (field "y" s32)))
  (type $shape (variant
    (case "circle" f64) (case "square" u32) (case "named" string) (case "nothing")))
  (type $color (enum "red" "green" "blue"))
  (type $perms (flags "read" "write" "exec"))
  (type $everything (record
    (field "b" bool) (field "u8v" u8) (field "u16v" u16) (field "u32v" u32)
    (field "u64v" u64) (field "s8v" s8) (field "s16v" s16) (field "s32v" s32)
    (field "s64v" s64) (field "f32v" f32) (field "f64v" f64) (field "c" char)
    (field "s" string)
    (field "names" (list string))
    (field "nested" (list (list string)))
    (field "opt" (option string))
    (field "none" (option u32))
    (field "ok" (result u32 (error string)))
    (field "err" (result u32 (error string)))
    (field "unit-err" (result (error string)))
    (field "bare" (result))
    (field "tup" (tuple u8 string bool))
    (field "shape" $shape)
    (field "shapes" (list $shape))
    (field "color" $color)
    (field "perms" $perms)
    (field "bytes" (list u8))
    (field "point" $point)
    (field "type" u32)))

  (func $echo-everything (param "x" $everything) (result $everything)
    (canon lift (core func $i "id32") (memory $mem) (realloc $realloc)))
  (func $echo-bool (param "x" bool) (result bool) (canon lift (core func $i "id32")))
  (func $echo-u8 (param "x" u8) (result u8) (canon lift (core func $i "id32")))
  (func $echo-u16 (param "x" u16) (result u16) (canon lift (core func $i "id32")))
  (func $echo-u32 (param "x" u32) (result u32) (canon lift (core func $i "id32")))
  (func $echo-u64 (param "x" u64) (result u64) (canon lift (core func $i "id64")))
  (func $echo-s8 (param "x" s8) (result s8) (canon lift (core func $i "id32")))
  (func $echo-s16 (param "x" s16) (result s16) (canon lift (core func $i "id32")))
  (func $echo-s32 (param "x" s32) (result s32) (canon lift (core func $i "id32")))
  (func $echo-s64 (param "x" s64) (result s64) (canon lift (core func $i "id64")))
  (func $echo-f32 (param "x" f32) (result f32) (canon lift (core func $i "idf32")))
  (func $echo-f64 (param "x" f64) (result f64) (canon lift (core func $i "idf64")))
  (func $echo-char (param "x" char) (result char) (canon lift (core func $i "id32")))
  (func $echo-color (param "x" $color) (result $color) (canon lift (core func $i "id32")))
  (func $echo-perms (param "x" $perms) (result $perms) (canon lift (core func $i "id32")))
  (func $echo-string (param "x" string) (result string)
    (canon lift (core func $i "pair") (memory $mem) (realloc $realloc)))
  (func $echo-bytes (param "x" (list u8)) (result (list u8))
    (canon lift (core func $i "pair") (memory $mem) (realloc $realloc)))
  (func $halve (param "x" u32) (result (result u32 (error string)))
    (canon lift (core func $i "halve") (memory $mem) (realloc $realloc)))
  (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
  (func $match (param "self" u32) (result u32) (canon lift (core func $i "match")))
  (func $nothing (canon lift (core func $i "nothing")))
  (func $count (param "xs" (list $everything)) (result u32)
    (canon lift (core func $i "count") (memory $mem) (realloc $realloc)))

  (instance $shapes (export "point" (type $point)) (export "shape" (type $shape)))
  (instance $api
    (export "point" (type $point))
    (export "shape" (type $shape))
    (export "color" (type $color))
    (export "perms" (type $perms))
    (export "everything" (type $everything))
    (export "echo-everything" (func $echo-everything))
    (export "echo-bool" (func $echo-bool))
    (export "echo-u8" (func $echo-u8))
    (export "echo-u16" (func $echo-u16))
    (export "echo-u32" (func $echo-u32))
    (export "echo-u64" (func $echo-u64))
    (export "echo-s8" (func $echo-s8))
    (export "echo-s16" (func $echo-s16))
    (export "echo-s32" (func $echo-s32))
    (export "echo-s64" (func $echo-s64))
    (export "echo-f32" (func $echo-f32))
    (export "echo-f64" (func $echo-f64))
    (export "echo-char" (func $echo-char))
    (export "echo-color" (func $echo-color))
    (export "echo-perms" (func $echo-perms))
    (export "echo-string" (func $echo-string))
    (export "echo-bytes" (func $echo-bytes))
    (export "halve" (func $halve))
    (export "add" (func $add))
    (export "match" (func $match))
    (export "nothing" (func $nothing))
    (export "count" (func $count)))
  (export "test:roundtrip/shapes" (instance $shapes))
  (export "test:roundtrip/api" (instance $api)))
