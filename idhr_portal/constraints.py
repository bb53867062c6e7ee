"""A violated database constraint reads as a plain message on the field it is about.

Each CheckConstraint and UniqueConstraint of the project has a `violation_error_message`
in plain words and, as its `violation_error_code`, its own name. A model with
`ConstraintFieldsMixin` names in `constraint_fields` the field each constraint is
about; Django puts a constraint's error at the top of the form (NON_FIELD_ERRORS), the
mixin moves it beside that field, where the person who typed the value looks.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ConstraintFieldsMixin:
    constraint_fields: dict[str, str] = {}

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            moved: dict[str, list] = {}
            for field, errors in error.error_dict.items():
                for item in errors:
                    target = self.constraint_fields.get(item.code, field) if field == NON_FIELD_ERRORS else field
                    moved.setdefault(target, []).append(item)
            raise ValidationError(moved) from error
