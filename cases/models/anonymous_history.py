"""History triggers of the intake records that keep an anonymous report's time coarse.

An anonymous report is stored as received at the start of its hour, and its receipt code
only as a keyed hash that no one needs to read (reports.services.submission). pghistory's
triggers would copy both into the event tables as they were at the insert, and stamp the
event with the exact time (NOW()), which the case history and the case-file export show.
These trackers write instead:

- the event time rounded down to the hour inside an anonymous submission (the submission
  sets the transaction-local setting below), else the exact time;
- the report's received and updated times rounded down to the hour for an anonymous report;
- never the receipt code's hash (an empty string: the column stays, so the audit chain of
  the rows already sealed still verifies).

pghistory has no option for an expression per column: the trigger's SQL is edited where
pghistory builds it (`get_func`), which is why this is written here.
"""

import pghistory
import pghistory.trigger
import pgtrigger
from pghistory import config

ANONYMOUS_INTAKE_SETTING = "idhr.anonymous_intake"
_IN_ANONYMOUS_INTAKE = f"coalesce(current_setting('{ANONYMOUS_INTAKE_SETTING}', true), '') = 'on'"


def _hour(expression: str, anonymous: str) -> str:
    return f"CASE WHEN {anonymous} THEN date_trunc('hour', {expression}) ELSE {expression} END"


class _CoarseEvent(pghistory.trigger.Event):
    def get_func(self, model):
        sql = super().get_func(model).func
        now = config.created_at_function()
        sql = sql.replace(now, _hour(now, _IN_ANONYMOUS_INTAKE), 1)
        row_columns = {f.column for f in model._meta.concrete_fields}
        if "is_anonymous" in row_columns:
            anonymous = f'{self.row}."is_anonymous"'
            for column in ("created_at", "updated_at"):
                value = f'{self.row}."{column}"'
                sql = sql.replace(value, _hour(value, anonymous), 1)  # once in the VALUES list
        if "receipt_code_hash" in row_columns:
            sql = sql.replace(f'{self.row}."receipt_code_hash"', "''", 1)
        return pgtrigger.Func(sql)


class _CoarseRowEvent:
    def add_event_trigger(self, event_model):
        pgtrigger.register(
            _CoarseEvent(
                event_model=event_model,
                label=self.label,
                name=self.trigger_name,
                row=self.row,
                operation=self.operation,
                condition=self.condition,
                level=self.level,
            )
        )(event_model.pgh_tracked_model)


class CoarseInsertEvent(_CoarseRowEvent, pghistory.InsertEvent):
    pass


class CoarseUpdateEvent(_CoarseRowEvent, pghistory.UpdateEvent):
    pass
