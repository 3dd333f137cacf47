;; Import only: declares test:errors/source's `value` with a string
;; parameter, where the exporter takes a u32.
(component
  (import "test:errors/source" (instance
    (export "value" (func (param "x" string) (result u32))))))
