"""Installation: creating and upgrading a database (:mod:`.setup`), the first-run wizard's work
(:mod:`.first_run`), upgrading a release (:mod:`.upgrade`) and backup/restore (:mod:`.backup`)."""
