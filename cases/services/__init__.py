"""Every rule of the office's case process, one module per part of it.

Writes are keyword-only `<entity>_<action>` functions running inside
`transaction.atomic()` under a pghistory context naming the acting user (audit.py),
so the history tables record who made each change. The workflow's table and closed
statuses are data in `cases.workflow` (the guards: `cases.selectors.guards`); reads
live in `cases.selectors`. Import a name from the module that defines it
(`from cases.services.workflow import case_transition`): this package re-exports nothing.
"""
