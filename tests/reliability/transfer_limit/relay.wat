;; Imports test:transfer/data (all but `lists`) from an ExactlyOne socket
;; transparently and exports test:transfer/relay (see transfer.wit).
(component
  (import "test:transfer/data" (instance $data
    (export "text" (func (param "n" u32) (result string)))
    (export "sink" (func (param "s" string) (result u32)))
    (export "fine" (func (result u32)))))
  (core module $libc
    (memory (export "mem") 40)
    ;; Strings from the socket land at 0x100000 (they are at most 1 MiB).
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0x100000)))
  (core instance $libc (instantiate $libc))
  (alias core export $libc "mem" (core memory $mem))
  (alias core export $libc "realloc" (core func $realloc))
  (core func $text (canon lower (func $data "text") (memory $mem) (realloc $realloc)))
  (core func $sink (canon lower (func $data "sink") (memory $mem) (realloc $realloc)))
  (core module $m
    (import "libc" "mem" (memory 40))
    (import "data" "text" (func $text (param i32 i32)))
    (import "data" "sink" (func $sink (param i32 i32) (result i32)))
    ;; The string comes back as (ptr, len) at 0x10: return the length.
    (func (export "relay-text") (param $n i32) (result i32)
      (call $text (local.get $n) (i32.const 0x10)) (i32.load offset=4 (i32.const 0x10)))
    (func (export "send") (param $n i32) (result i32)
      (call $sink (i32.const 0) (local.get $n))))
  (core instance $i (instantiate $m
    (with "libc" (instance $libc))
    (with "data" (instance
      (export "text" (func $text))
      (export "sink" (func $sink))))))
  (func $relay-text (param "n" u32) (result u32) (canon lift (core func $i "relay-text")))
  (func $send (param "n" u32) (result u32) (canon lift (core func $i "send")))
  (instance $relay
    (export "relay-text" (func $relay-text))
    (export "send" (func $send)))
  (export "test:transfer/relay" (instance $relay)))
