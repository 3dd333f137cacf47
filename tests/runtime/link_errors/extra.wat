;; Import only: declares test:errors/source with `extra`, which the binding
;; does not declare, beside a fitting `value`.
(component
  (import "test:errors/source" (instance
    (export "value" (func (param "x" u32) (result u32)))
    (export "extra" (func (result u32))))))
