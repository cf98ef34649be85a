"""The module's text, section by section, from a ``ModulePlan``.

Sections in order: the docstring; the imports; ``metadata`` (``SQLModel.metadata``, or the
module's own with ``private_metadata``) and ``TableBase``; the helpers the schema needs;
the DDL SQLAlchemy does not write itself (schemas, the trigger function, enum comments);
the enum types; the sequences, domains and verbatim objects (views, functions,
triggers...) as DDL events in the DDL's order; for each table the ``Literal`` aliases of
its checked columns and its Base, table, Create, Update and Read classes (a partition:
Base and table only); last, the NOT VALID checks and the ``updated_at`` triggers. Blank lines follow
``ruff format``: two around a class or function, one between other statements.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from designer.generators import ddl
from designer.generators import ddl_objects as objects
from designer.schema.builtins import TYPE_NAMES
from designer.schema.model import Domain, Generated, SqlObject
from designer.schema.naming import trigger_name
from designer.schema.sqltext import qualified, quote_ident

from . import code, preamble
from . import imports as imp
from . import names as py
from .code import Atom, Node, Str, call, dict_of, list_of, literal, tuple_of
from .fields import Context, field_lines
from .plan import EnumPlan, FieldPlan, ModelPlan, ModulePlan
from .relations import RelationshipAttribute
from .sqlcalls import ddl_text
from .table_args import table_args

INDENT = code.INDENT
_ALWAYS = {imp.SA, imp.SQLMODEL, imp.ANY, imp.CLASS_VAR}


@dataclass
class Module:
    """Top-level blocks of source lines, and the imports they use."""

    blocks: list[tuple[bool, list[str]]] = field(default_factory=list)  # (a def?, lines)
    imports: set[imp.Import] = field(default_factory=lambda: set(_ALWAYS))

    def add(self, lines: list[str], *, definition: bool | None = None) -> None:
        """Add a block; a definition (class or def) unless it is said otherwise."""
        if definition is None:
            definition = lines[0].startswith(("class ", "def "))
        self.blocks.append((definition, lines))

    def text(self, docstring: list[str]) -> str:
        lines = [*docstring, "", *imp.render(self.imports)]
        previous = False  # after the imports: one blank line unless a def follows
        for definition, block in self.blocks:
            lines += [""] * (2 if definition or previous else 1) + block
            previous = definition
        return "\n".join(lines) + "\n"


def render(plan: ModulePlan, *, api_models: bool = True, private_metadata: bool = False) -> str:
    module = Module()
    if private_metadata:
        module.add(preamble.PRIVATE_FOUNDATION.splitlines())
        module.add(preamble.PRIVATE_TABLE_BASE.splitlines(), definition=True)
        module.imports.add(imp.REGISTRY)
    else:
        module.add(preamble.SHARED_FOUNDATION.splitlines())
        module.add(preamble.SHARED_TABLE_BASE.splitlines(), definition=True)
    _helpers(module, plan)
    _database_extras(module, plan)
    for enum in plan.enums:
        _enum(module, enum)
    _objects(module, plan)
    for model in plan.models:
        _model(module, plan, model, api_models=api_models)
    _triggers(module, plan)
    return module.text(_module_docstring(plan, private_metadata=private_metadata))


def _module_docstring(plan: ModulePlan, *, private_metadata: bool) -> list[str]:
    title = " ".join(plan.schema.name.split())
    lines = [f'"""SQLModel models of {_safe(title, "this schema")}, written by pg schema designer.']
    description = " ".join(plan.schema.description.split())
    if code.docstring_safe(description):
        lines += ["", *textwrap.wrap(description, 88)]
    if private_metadata:
        lines += [
            "",
            "The tables are in this module's own ``metadata``, not in ``SQLModel.metadata``:",
            "``metadata.create_all(engine)`` builds what the DDL builds: the same tables, named",
            "constraints, indexes, comments and ``updated_at`` triggers. Each table has a",
        ]
    else:
        lines += [
            "",
            "``SQLModel.metadata.create_all(engine)`` builds what the DDL builds: the same",
            "tables, named constraints, indexes, comments and ``updated_at`` triggers; Alembic's",
            "autogenerate (``target_metadata = SQLModel.metadata``) compares them with a database",
            "built by the DDL and finds no difference. Each table has a",
        ]
    lines += [
        "``<Name>Base`` of shared fields, the table model, and ``<Name>Create`` /",
        "``<Name>Update`` / ``<Name>Read`` for an API (sensitive fields never in Read).",
        '"""',
    ]
    return lines


def _safe(text: str, fallback: str) -> str:
    """``text`` where a docstring can say it as it is, else ``fallback``."""
    return text if code.docstring_safe(text) else fallback


def _helpers(module: Module, plan: ModulePlan) -> None:
    fields = [f for model in plan.models for f in model.fields]
    if any(f.default is not None and f.default.factory == "utc_now" for f in fields):
        module.add(preamble.UTC_NOW.splitlines(), definition=True)
        module.imports |= {imp.UTC, imp.DATETIME}
    if plan.enums:
        module.add(preamble.ENUM_VALUES.splitlines(), definition=True)
        module.imports.add(imp.ENUM)
    if any(f.column.type.base == "xml" for f in fields):
        module.add(preamble.XML_TYPE.splitlines(), definition=True)
    if any(f.column.generated is Generated.SERIAL and not f.native_serial for f in fields):
        module.add(preamble.SERIAL.splitlines(), definition=True)
    if any(model.table.has_updated_at_trigger for model in plan.models):
        module.add(preamble.KEEP_UPDATED_AT.splitlines(), definition=True)


def _database_extras(module: Module, plan: ModulePlan) -> None:
    """The DDL's statements that SQLAlchemy has no construct for, as event listeners."""
    schema = plan.schema
    lines: list[str] = []
    for name in schema.extensions:
        lines += _listen("before_create", ddl_text(ddl.extension_statement(name)))
    for name in schema.schemas:
        if name != "public":
            lines += _listen("before_create", ddl_text(ddl.schema_statement(name)))
    if any(table.has_updated_at_trigger for table in schema.tables):
        function = ddl.trigger_function_statement(comment=False)
        block = ["# The function every updated_at trigger calls (the DDL's own text)."]
        block += ['UPDATE_UPDATED_AT_COLUMN = """\\', *function.splitlines(), '"""']
        module.add(block)
        lines += _listen("before_create", call("sa.DDL", Atom("UPDATE_UPDATED_AT_COLUMN")))
    for enum in schema.enums:
        comment = ddl.enum_comment_statement(enum)
        if comment:
            lines += _listen("after_create", ddl_text(comment))
    for table in schema.tables:
        # SQLAlchemy's Index has no comment: the rationale is the DDL's COMMENT ON INDEX.
        for comment in ddl.index_comment_statements(table, plan.names):
            lines += _listen("after_create", ddl_text(comment))
    if lines:
        module.add(lines)


def _listen(event: str, action: Node, target: str = "metadata") -> list[str]:
    listen = call("sa.event.listen", Atom(target), Str(event), action)
    return code.expression_statement(listen)


# The function bodies are checked when the functions are called, not when created (a
# body may read a table created later): the DDL's SET, for create_all's transaction only.
_FUNCTION_BODIES_UNCHECKED = "SET LOCAL check_function_bodies = false"


def _objects(module: Module, plan: ModulePlan) -> None:
    """The schema's objects SQLAlchemy has no construct for, in the DDL's order, as DDL
    events on the metadata (after the enum types, which a domain may be over): before
    the tables the sequences, then the domains and the verbatim objects that need no
    table (``ddl_objects.before_tables``); after them the partitions' ATTACH, the
    sequences' OWNED BY and the other verbatim objects."""
    schema = plan.schema
    lines: list[str] = []
    if objects.has_functions(schema):
        lines += _listen("before_create", ddl_text(_FUNCTION_BODIES_UNCHECKED))
    for sequence in schema.sequences:
        lines += _listen("before_create", ddl_text(objects.sequence_sql(sequence)))
    constants = py.Namespace(
        {"NAMING_CONVENTION", "UPDATE_UPDATED_AT_COLUMN", *(e.names.constant for e in plan.enums)}
    )
    for item in objects.before_tables(schema):  # domains and objects, in dependency order
        if isinstance(item, Domain):
            lines += _listen("before_create", ddl_text(objects.domain_sql(item, schema)))
            continue
        if lines:
            module.add(lines)
            lines = []
        _verbatim(module, item, "before_create", constants)
    if lines:
        module.add(lines)
    lines = []
    partitions = [model.table for model in plan.models if model.table.partition_of is not None]
    depth = {table.qname: objects.partition_depth(schema, table) for table in partitions}
    order = {table.qname: n for n, table in enumerate(ddl.creation_plan(schema).tables)}
    partitions.sort(key=lambda table: (-depth[table.qname], order[table.qname]))
    for table in partitions:  # the deepest first, as the DDL attaches them
        lines += _listen("after_create", ddl_text(objects.attach_partition_sql(table)))
    for sequence in schema.sequences:
        owner = objects.sequence_owner_sql(sequence)
        if owner:
            lines += _listen("after_create", ddl_text(owner))
    if lines:
        module.add(lines)
    for item in objects.object_phases(schema)[1]:
        _verbatim(module, item, "after_create", constants)


def _verbatim(module: Module, item: SqlObject, event: str, constants: py.Namespace) -> None:
    """An object kept as its SQL: the text in a constant, run on ``event``."""
    sql = objects.object_sql(item)
    name = " ".join(item.name.split())
    comment = f"# The {item.kind.value} {name} (kept as its SQL text)."
    if not code.docstring_safe(name) or code.width(comment) > code.LINE_LENGTH:
        comment = f"# A {item.kind.value} (kept as its SQL text)."
    # A function's name without its arguments: overloads get _2, _3...
    constant = constants.claim(py.constant_name(item.name.split("(")[0], "OBJECT") + "_SQL")
    block = [comment]
    if _triple_quotable(sql):
        block += [f'{constant} = """\\', *sql.splitlines(), '"""']
    else:
        block += code.statement(constant, code.Text(sql + "\n"))
    escaped = f'{constant}.replace("%", "%%")' if "%" in sql else constant
    block += _listen(event, call("sa.DDL", Atom(escaped)))
    module.add(block)


def _triple_quotable(sql: str) -> bool:
    """Whether ``sql`` reads as itself in a triple-quoted string that ruff accepts: no
    escape, no quote that would end it, no line too long or with trailing space."""
    lines = sql.splitlines()
    return (
        "\\" not in sql
        and '"""' not in sql
        and not sql.endswith('"')
        and "\r" not in sql
        and all(
            line == line.rstrip()
            and code.width(line) <= code.LINE_LENGTH
            and ((line.isascii() and line.isprintable()) or all(map(code.kept, line)))
            for line in lines
        )
        and len(lines) == sql.count("\n") + 1
    )


def _enum(module: Module, enum: EnumPlan) -> None:
    doc = _safe(" ".join(enum.enum.description.split()), "A PostgreSQL enum type.")
    lines = [f"class {enum.names.class_name}(str, enum.Enum):", *code.docstring(doc, INDENT), ""]
    for member, label in enum.members:
        lines += code.statement(member, Str(label), INDENT)
    module.add(lines, definition=True)
    # Schema-qualified outside public, and where the name is a built-in type's (``name``,
    # ``point``: pg_catalog's would hide it). Not otherwise: Alembic's autogenerate reads
    # an enum of the default schema with no schema, and would see ``schema="public"`` as
    # another type on every column that uses it.
    qualified_name = enum.enum.schema != "public" or enum.enum.name in TYPE_NAMES
    sa_enum = call(
        "sa.Enum",
        Atom(enum.names.class_name),
        name=Str(enum.enum.name),
        **({"schema": Str(enum.enum.schema)} if qualified_name else {}),
        metadata=Atom("metadata"),
        values_callable=Atom("enum_values"),
    )
    module.add(code.statement(enum.names.constant, sa_enum))


# --- one table ------------------------------------------------------------------------


def _model(module: Module, plan: ModulePlan, model: ModelPlan, *, api_models: bool) -> None:
    for f in model.fields:
        if f.choices is not None and f.rules is not None and f.rules.choices:
            _choices(module, f.column.name, f.choices, f.rules.choices)
    name, noun = model.class_name, _noun(model)
    shared = f"The fields of {noun} that the table and the API share."
    base = _class(module, (f"{name}Base", "SQLModel"), shared, model.base_fields(), Context.TABLE)
    module.add(base)
    module.add(_table_class(module, plan, model), definition=True)
    if not api_models or model.table.partition_of is not None:
        return  # a partition's rows are written and read through its parent's models
    returned = f"{noun[0].upper()}{noun[1:]} as the API returns it."
    api = (
        (f"{name}Create", f"{name}Base", f"What a client sends to create {noun}.", "create"),
        (f"{name}Update", "SQLModel", f"A change to {noun}: every field optional.", "update"),
        (f"{name}Read", f"{name}Base", returned, "read"),
    )
    for head, base, doc, kind in api:
        fields = model.update_fields() if kind == "update" else model.extra(kind)
        module.add(_class(module, (head, base), doc, fields, Context(kind)))


def _choices(module: Module, column: str, alias: str, values: tuple[str | int, ...]) -> None:
    """``OrderStatusChoice = Literal["a", "b"]``: the values a CHECK allows a column."""
    comment = f"# The values the checks on {column} allow."
    if not code.docstring_safe(column) or code.width(comment) > code.LINE_LENGTH:
        comment = "# The values the checks on a column allow."
    items = [Str(value) if isinstance(value, str) else Atom(str(value)) for value in values]
    module.imports.add(imp.LITERAL)
    module.add([comment, *code.statement(alias, code.Items("Literal[", "]", tuple(items)))])


def _class(
    module: Module,
    head: tuple[str, str],
    doc: str,
    fields: tuple[FieldPlan, ...],
    context: Context,
) -> list[str]:
    lines = [*code.class_head(head[0], head[1:]), *code.docstring(doc, INDENT)]
    return lines + field_lines(fields, context, module.imports)


def _noun(model: ModelPlan) -> str:
    """``a user``, ``an order item``: the class name read as words, with its article."""
    parts = py.words(model.class_name)
    readable = all(part.isalpha() for part in parts)
    noun = " ".join(part.lower() for part in parts) if readable else model.class_name
    return ("an " if noun[0].lower() in "aeio" else "a ") + noun


def _table_class(module: Module, plan: ModulePlan, model: ModelPlan) -> list[str]:
    table, name = model.table, model.class_name
    doc = _safe(" ".join(table.description.split()), _safe(f"The table {table.name}.", ""))
    lines = code.class_head(name, (f"{name}Base", "TableBase", "table=True"))
    lines += [*code.docstring(doc or "A table of this schema.", INDENT), ""]
    lines += code.statement("__tablename__", Str(table.name), INDENT)
    order = tuple_of([literal(column.name) for column in table.columns])
    lines += code.statement("__column_order__", order, INDENT)
    args = table_args(plan, model)
    if args is not None:
        lines += code.statement("__table_args__", args, INDENT)
    if table.primary_key is None:
        lines += code.statement("__mapper_args__", _mapper_args(model), INDENT)
    lines += field_lines(model.extra("table"), Context.TABLE, module.imports)
    if model.relationships:
        lines.append("")
        for attribute in model.relationships:
            lines += _relationship(module, attribute)
    return lines


def _mapper_args(model: ModelPlan) -> Node:
    """The ORM's identity for a table without a primary key: a unique column, else all."""
    unique = [f for f in model.fields if f.column.unique and not f.column.nullable]
    chosen = unique[:1] or [f for f in model.fields if not f.column.type.array] or model.fields
    return dict_of([("primary_key", list_of([Str(f.attribute) for f in chosen]))])


def _relationship(module: Module, attribute: RelationshipAttribute) -> list[str]:
    target = attribute.target_class
    if attribute.many:
        annotation = f"list[{target}]" if attribute.defined_before else f'list["{target}"]'
    elif attribute.defined_before:
        annotation = f"{target} | None"
    else:
        annotation = f'Optional["{target}"]'  # "X" | None would fail at run time
        module.imports.add(imp.OPTIONAL)
    keywords: dict[str, Node | None] = {"back_populates": Str(attribute.back_populates)}
    if attribute.link_model:
        keywords["link_model"] = Atom(attribute.link_model)
    if attribute.cascade_delete:
        keywords["cascade_delete"] = Atom("True")
    if attribute.passive_deletes:
        keywords["passive_deletes"] = Atom(attribute.passive_deletes)
    extra: list[tuple[str, Node]] = []
    if attribute.foreign_keys:
        extra.append(("foreign_keys", Str(_column_list(attribute.foreign_keys))))
    if attribute.remote_side:
        extra.append(("remote_side", Str(_column_list(attribute.remote_side))))
    if attribute.single:
        extra.append(("uselist", Atom("False")))
    if attribute.overlaps:
        extra.append(("overlaps", Str(",".join(attribute.overlaps))))
    if extra:
        keywords["sa_relationship_kwargs"] = dict_of(extra)
    module.imports.add(imp.RELATIONSHIP)
    value = call("Relationship", **keywords)
    return code.statement(f"{attribute.attribute}: {annotation}", value, INDENT)


def _column_list(columns: tuple[str, ...]) -> str:
    return columns[0] if len(columns) == 1 else f"[{', '.join(columns)}]"


def _triggers(module: Module, plan: ModulePlan) -> None:
    lines: list[str] = []
    for model in plan.models:
        for check in model.table.checks:
            if check.not_valid:  # CREATE TABLE cannot say it: added right after the table
                sql = ddl.not_valid_sql(model.table, check, plan.schema)
                table = f"{model.class_name}.__table__"
                lines += _listen("after_create", ddl_text(sql), target=table)
        if model.table.has_updated_at_trigger:
            trigger = Str(quote_ident(trigger_name(model.table)))
            table = Str(qualified(model.table.qname))
            keep = call("keep_updated_at", Atom(model.class_name), trigger, table)
            lines += code.expression_statement(keep)
    if lines:
        module.add(lines)


def render_model(plan: ModulePlan, table_id: str, *, api_models: bool = True) -> str:
    """The classes of one table, as they appear in the whole module (for previews)."""
    module = Module()
    model = next(model for model in plan.models if model.table.id == table_id)
    _model(module, plan, model, api_models=api_models)
    return "\n\n\n".join("\n".join(lines) for _, lines in module.blocks) + "\n"
