"""A small schema holding every object issue 16 carries: a domain, a standalone sequence,
a partitioned table with two partitions (and the table they reference), NOT VALID
constraints (a check, and a foreign key of a plain table) and verbatim objects (a
view reading a sensitive column, a materialized view, a function, a trigger, a policy
and a table option). Fixed ids, so that outputs over it can be golden files."""

from __future__ import annotations

from dataclasses import replace

from designer.schema.model import (
    Action,
    CheckConstraint,
    Column,
    ColumnType,
    Domain,
    Generated,
    Index,
    IndexElement,
    ObjectKind,
    PrimaryKey,
    QName,
    Relationship,
    Schema,
    Sequence,
    SqlObject,
    Table,
)

FILMS = QName("public", "films")
PAYMENTS = QName("public", "payments")
NOTES = QName("public", "film_notes")
YEAR = QName("public", "year")

YEAR_TYPE = ColumnType("integer", domain=YEAR)


def objects_schema() -> Schema:
    year = Domain(
        "d-year",
        "year",
        ColumnType("integer"),
        checks=(CheckConstraint("d-year-ck", "VALUE >= 1901 AND VALUE <= 2155", "year_check"),),
        description="A calendar year a film can be released in.",
    )
    sequence = Sequence(
        "s-ticket",
        "ticket_number_seq",
        data_type="bigint",
        start=1000,
        increment=1,
        cache=20,
        description="Ticket numbers, shared by the box office application.",
    )
    films = Table(
        "t-films",
        "films",
        (
            Column(
                "c-films-id",
                "film_id",
                ColumnType("integer"),
                False,
                generated=Generated.IDENTITY_BY_DEFAULT,
            ),
            Column("c-films-title", "title", ColumnType("text"), False),
            Column("c-films-year", "release_year", YEAR_TYPE, description="Year of release."),
            Column(
                "c-films-ticket",
                "ticket_number",
                ColumnType("bigint"),
                False,
                default="nextval('ticket_number_seq'::regclass)",
            ),
            Column("c-films-secret", "distributor_token", ColumnType("text"), sensitive=True),
        ),
        description="The films on offer.",
        timestamps=False,
        primary_key=PrimaryKey(("film_id",)),
        checks=(CheckConstraint("k-films-title", "char_length(title) > 0", not_valid=True),),
    )

    def payment_columns(prefix: str) -> tuple[Column, ...]:
        return (
            Column(f"{prefix}-id", "payment_id", ColumnType("integer"), False),
            Column(f"{prefix}-film", "film_id", ColumnType("integer"), False),
            Column(
                f"{prefix}-amount", "amount", ColumnType("numeric", precision=5, scale=2), False
            ),
            Column(f"{prefix}-paid", "paid_at", ColumnType("timestamptz"), False),
        )

    key = PrimaryKey(("payment_id", "paid_at"))
    payments = Table(
        "t-payments",
        "payments",
        payment_columns("c-pay"),
        description="Payments for films, partitioned by month.",
        timestamps=False,
        primary_key=key,
        partition_by="RANGE (paid_at)",
    )
    january = Table(
        "t-payments-2022-01",
        "payments_2022_01",
        payment_columns("c-pay01"),
        timestamps=False,
        primary_key=key,
        partition_of=PAYMENTS,
        partition_bound="FOR VALUES FROM ('2022-01-01 00:00:00+00') TO ('2022-02-01 00:00:00+00')",
    )
    rest = Table(
        "t-payments-default",
        "payments_default",
        payment_columns("c-payd"),
        timestamps=False,
        primary_key=key,
        partition_of=PAYMENTS,
        partition_bound="DEFAULT",
    )
    notes = Table(
        "t-notes",
        "film_notes",
        (
            Column(
                "c-notes-id",
                "note_id",
                ColumnType("integer"),
                False,
                generated=Generated.IDENTITY_BY_DEFAULT,
            ),
            Column("c-notes-film", "film_id", ColumnType("integer"), False),
            Column("c-notes-text", "note", ColumnType("text"), False),
        ),
        description="Notes on films, kept from an older system.",
        timestamps=False,
        primary_key=PrimaryKey(("note_id",)),
        indexes=(Index("i-notes-film", (IndexElement("film_id"),)),),
    )
    relationships = (
        Relationship(
            "r-payments-films",
            PAYMENTS,
            ("film_id",),
            FILMS,
            ("film_id",),
            on_delete=Action.RESTRICT,
        ),
        # PostgreSQL has no NOT VALID foreign key on a partitioned table: on a plain one.
        Relationship(
            "r-notes-films",
            NOTES,
            ("film_id",),
            FILMS,
            ("film_id",),
            on_delete=Action.CASCADE,
            not_valid=True,
        ),
    )
    objects = (
        SqlObject(
            "o-last-day",
            ObjectKind.FUNCTION,
            "last_day(timestamp with time zone)",
            "CREATE FUNCTION public.last_day(timestamp with time zone) RETURNS date\n"
            "    LANGUAGE sql IMMUTABLE STRICT\n"
            "    AS $_$\n"
            "  SELECT (date_trunc('month', $1) + interval '1 month' - interval '1 day')::date\n"
            "$_$;",
            description="The last day of the month of a time.",
        ),
        SqlObject(
            "o-film-list",
            ObjectKind.VIEW,
            "film_list",
            "CREATE VIEW public.film_list AS\n"
            " SELECT f.film_id, f.title, f.distributor_token\n"
            "   FROM public.films f\n"
            "  WHERE f.title <> '<none>';",
            depends_on=(FILMS,),
            reads=(FILMS,),
            columns=("film_id", "title", "distributor_token"),
            description="Films as the shop lists them.",
        ),
        SqlObject(
            "o-sales",
            ObjectKind.MATERIALIZED_VIEW,
            "sales_by_film",
            "CREATE MATERIALIZED VIEW public.sales_by_film AS\n"
            " SELECT p.film_id, sum(p.amount) AS total\n"
            "   FROM public.payments p\n"
            "  GROUP BY p.film_id\n"
            "  WITH NO DATA;",
            depends_on=(PAYMENTS,),
            reads=(PAYMENTS,),
            columns=("film_id", "amount"),
        ),
        SqlObject(
            "o-touch",
            ObjectKind.FUNCTION,
            "touch_film()",
            "CREATE FUNCTION public.touch_film() RETURNS trigger\n"
            "    LANGUAGE plpgsql\n"
            "    AS $$\n"
            "BEGIN\n"
            "  NEW.title := trim(NEW.title);\n"
            "  RETURN NEW;\n"
            "END $$;",
        ),
        SqlObject(
            "o-trigger",
            ObjectKind.TRIGGER,
            "films_touch on films",
            "CREATE TRIGGER films_touch BEFORE INSERT OR UPDATE ON public.films "
            "FOR EACH ROW EXECUTE FUNCTION public.touch_film();",
            depends_on=(FILMS, QName("public", "touch_film")),
            reads=(FILMS,),
            columns=("title",),
        ),
        SqlObject(
            "o-option",
            ObjectKind.TABLE_OPTION,
            "films.title statistics",
            "ALTER TABLE ONLY public.films ALTER COLUMN title SET STATISTICS 500;",
            depends_on=(FILMS,),
            reads=(FILMS,),
            columns=("title",),
        ),
    )
    return Schema(
        name="Cinema",
        description="Films and their payments.",
        key_strategy="identity",
        timestamps_default=False,
        domains=(year,),
        sequences=(sequence,),
        tables=(films, payments, january, rest, notes),
        relationships=relationships,
        sql_objects=objects,
    )


def every_kind_schema() -> Schema:
    """One object of every kind the model keeps as SQL."""
    schema = objects_schema()
    more = (
        SqlObject(
            "o-archive",
            ObjectKind.PROCEDURE,
            "archive_notes()",
            "CREATE PROCEDURE public.archive_notes()\n    LANGUAGE sql\n"
            "    AS $$ DELETE FROM public.film_notes $$;",
            reads=(NOTES,),
            description="Empties the notes once they are archived.",
        ),
        SqlObject(
            "o-concat",
            ObjectKind.AGGREGATE,
            "text_concat(text)",
            "CREATE AGGREGATE public.text_concat(text) (\n    SFUNC = textcat,\n"
            "    STYPE = text\n);",
        ),
        SqlObject(
            "o-range",
            ObjectKind.TYPE,
            "price_range",
            "CREATE TYPE public.price_range AS RANGE (\n    subtype = numeric\n);",
        ),
        SqlObject(
            "o-schema-comment",
            ObjectKind.COMMENT,
            "schema public",
            "COMMENT ON SCHEMA public IS 'Films, payments and notes.';",
        ),
        SqlObject(
            "o-search",
            ObjectKind.OTHER,
            "simple_films",
            "CREATE TEXT SEARCH CONFIGURATION public.simple_films (\n"
            "    COPY = pg_catalog.simple );",
        ),
        SqlObject(
            "o-policy",
            ObjectKind.POLICY,
            "films_visible on films",
            "CREATE POLICY films_visible ON public.films FOR SELECT USING ((title <> ''::text));",
            depends_on=(FILMS,),
            reads=(FILMS,),
            columns=("title",),
        ),
        SqlObject(
            "o-rule",
            ObjectKind.RULE,
            "notes_kept on film_notes",
            "CREATE RULE notes_kept AS\n    ON DELETE TO public.film_notes DO INSTEAD NOTHING;",
            depends_on=(NOTES,),
            reads=(NOTES,),
        ),
    )
    return replace(schema, sql_objects=(*schema.sql_objects, *more))
