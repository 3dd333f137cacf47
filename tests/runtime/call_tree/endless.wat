;; A plugin whose start-up never ends: its core start function loops forever
;; (see call_tree.wit). No imports, no exports.
(component
  (core module $M
    (func $start (loop $forever br $forever))
    (start $start))
  (core instance $i (instantiate $M)))
