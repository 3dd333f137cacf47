;; Import only: declares test:errors/source's `value` in the fanned-out
;; shape, list<tuple<string, result<u32, dispatch-error>>>.
(component
  (import "test:errors/source" (instance
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
      (result (list (tuple string (result u32 (error $dispatch-error'))))))))))
