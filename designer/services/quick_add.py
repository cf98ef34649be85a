"""The quick-add line's operations, read against the design as it is now.

The line is parsed by ``designer.schema.quick_add`` (pure) on the project's current
schema; the view applies what comes back through ``designer.services.edits.apply`` as
one change, like any form's operations.
"""

from __future__ import annotations

from .. import models, store
from ..operations import AddEntity, Operation, check_step
from ..schema.quick_add import QuickAddError, parse

__all__ = ["QuickAddError", "entity_operations", "operations"]


def operations(project: models.Project, entity_id: str, line: str) -> list[Operation]:
    """What ``line`` adds to the entity ``entity_id``; ``QuickAddError`` says which item
    is wrong and why (nothing is applied then)."""
    return parse(line, store.current_schema(project), str(entity_id))


def entity_operations(project: models.Project, entity: AddEntity, line: str) -> list[Operation]:
    """What ``line`` adds to the entity ``entity`` creates (read on the design with the
    entity added): ``orders: -> customers, total numeric(10,2)`` in the new-entity form.
    ``OperationError`` when the entity itself cannot be added."""
    schema = store.current_schema(project)
    after = entity.apply(schema)
    check_step(schema, after, entity.guards)
    return parse(line, after, entity.id)
