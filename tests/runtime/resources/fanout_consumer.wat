;; An importer of test:resources/counters through a fan-out (list) socket,
;; whose `consume` takes an owned counter: linked to a binding of several
;; plugins it is refused, since the handle could move into one of them only.
;; It only imports, so it links without being run.
(component
  (import "test:resources/counters" (instance
    (export "counter" (type (sub resource)))
    (export "consume" (func (param "c" (own 0)) (result (list (tuple string (result u32))))))
  ))
)
