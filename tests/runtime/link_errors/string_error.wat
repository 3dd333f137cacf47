;; Import only: declares test:errors/source's `value` fanned out, but with a
;; string where `dispatch-error` belongs.
(component
  (import "test:errors/source" (instance
    (export "value" (func (param "x" u32)
      (result (list (tuple string (result u32 (error string))))))))))
