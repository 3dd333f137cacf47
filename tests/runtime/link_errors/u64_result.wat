;; Import only: declares test:errors/source's `value` returning u64, where
;; the exporter returns u32.
(component
  (import "test:errors/source" (instance
    (export "value" (func (param "x" u32) (result u64))))))
