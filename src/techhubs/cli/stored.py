"""Hub and company lists, and the records they are built from, read from the store.

The commands in techhubs.cli.commands ask here first and take the full path
(the whole dataset) when this says None. Apart from that module because only
the list commands and ``similar`` use it: every class and function defined
there is paid for at every start (a NamedTuple class alone ~0.2 ms).
"""

from typing import Any, NamedTuple

import typer

from techhubs.cli.options import at_least_one, chosen_all, session
from techhubs.core.growth import YUAN_CODE, Rates, to_yuan
from techhubs.core.kinds import Status
from techhubs.output import View, sort_records
from techhubs.text import one_of


class StoredOrder(NamedTuple):
    """How ``--sort`` orders a list served from the store: by name (no field set), by
    a ``field`` of the records, or by a figure's latest value, best first: an
    indicator's id (``figure``) or the list of the record a count counts (``counted``)."""

    field: str | None = None
    figure: str | None = None
    counted: str | None = None
    #: (currency, year) -> its rate: the data's exchange rates (records.answers),
    #: which a company's figure in another currency is ranked at.
    rates: Rates | None = None

    def arrange(self, found: list[Any], reverse: bool, kind: str) -> list[Any] | None:
        """Stored records ``found`` (by name) ordered as the full path orders them
        (queries.list_cities, list_companies; sort_records for a field); None for a
        company's figure in another currency without the exchange rates to rank it at."""
        if self.field is not None:
            return sort_records(found, self.field, reverse)
        if self.figure is None and self.counted is None:
            # (a reversed sort by name keeps tied names in the data's order, which a
            # record does not know; but names that tie under casefold do not validate)
            return found[::-1] if reverse else found
        known: list[tuple[float, Any]] = []
        apart: list[Any] = []  # a company's figure in a currency with no rate: after those known
        unknown: list[Any] = []
        for record in found:
            value: Any
            if self.counted is not None:
                value, higher = len(record[self.counted]), True
            else:
                entry = next((i for i in record["indicators"] if i["id"] == self.figure), None)
                if entry is None:
                    return None
                latest = entry["latest"]
                if latest is None:
                    unknown.append(record)
                    continue
                value, higher = latest["value"], entry["higher_is_better"]
                if kind == "company" and entry["currency"] not in (None, YUAN_CODE):
                    if self.rates is None:
                        return None
                    value = to_yuan(value, entry["currency"], latest["year"], self.rates)
                    if value is None:
                        apart.append(record)
                        continue
            known.append((-value if higher else value, record))
        if kind == "city":
            known.sort(key=lambda entry: (entry[0], entry[1]["name"].casefold()))
            if reverse:
                known.reverse()
            return [r for _, r in known] + sorted(unknown, key=lambda r: r["name"].casefold())
        from techhubs.core.order import arranged

        known.sort(key=lambda entry: entry[0])
        return arranged([r for _, r in known] + apart + unknown, reverse, None, len(known))


def stored_order(ctx: typer.Context, kind: str, sort: str) -> StoredOrder | None:
    """How ``--sort`` orders a list of ``kind`` served from the store; None for a
    --sort it does not know or that does not apply (the full path explains it),
    or a missing store."""
    from techhubs.core.kinds import Count, count_named

    state = session(ctx)
    if sort == "name":
        return StoredOrder()
    # as commands.lists._field_sort: a count or an indicator first, then a field
    count = count_named(sort)
    if count is not None:
        if kind != "city":
            return None
        return StoredOrder(counted="companies" if count is Count.companies else "focus_areas")
    measure = state.measure(sort)
    if state.store_broken():  # None then says nothing of whether it is an indicator
        return None
    if measure is not None:
        if measure.get("applies_to") != ("cities" if kind == "city" else "companies"):
            return None
        rates = state.rates() if kind == "company" else {}
        if rates is None:
            return None
        return StoredOrder(figure=measure["id"], rates=rates)
    from techhubs.output import contract
    from techhubs.text import field_key

    field = field_key(sort)
    return StoredOrder(field=field) if field in contract.field_names(kind) else None


def stored_every(ctx: typer.Context, name: str) -> list[Any] | None:
    """Every record of list ``name`` ("cities", "companies"), by name, as the store
    holds it; None when it cannot say."""
    text = session(ctx).listing(name)
    if text is None:
        return None
    from techhubs.output.plain import from_json

    every = from_json(text)
    return every if type(every) is list else None


def stored_by_name(ctx: typer.Context, kind: str, ids: set[str]) -> list[Any] | None:
    """The stored records of ``kind`` with ``ids``, by name as the stored list has
    them: a few looked up by id, not the whole list read (flat at any size). None
    when the store cannot say."""
    found = session(ctx).records_by_id(kind, sorted(ids))
    if found is None:
        return None
    found.sort(key=lambda r: r["name"].casefold())  # no two tie: see StoredOrder.arrange
    return found


def stored_cities(
    ctx: typer.Context,
    focus: list[str] | None,
    status: list[str] | None,
    sort: str,
    reverse: bool,
    limit: int | None,
) -> View | None:
    """The hub list from the store (see stored_order); None when it cannot say."""
    from techhubs.output import views

    order = stored_order(ctx, "city", sort)
    every = stored_every(ctx, "cities") if order is not None else None
    if order is not None and every is not None:
        # checked in the full path's order: status, sort, limit, then the names
        statuses = [s.value for s in chosen_all(status, Status, "--status")]
        most = at_least_one(limit)
        areas = session(ctx).stored_records("focus area", one_of(focus))
        if areas is not None:
            wanted = {a["id"] for a in areas}
            found = [
                c
                for c in every
                if (not wanted or wanted & {f["id"] for f in c["focus_areas"]})
                and (not statuses or c["status"] in statuses)
            ]
            data = order.arrange(found, reverse, "city")
            if data is not None:
                chosen = [(a["id"], a["name"]) for a in areas]
                if not session(ctx).store_broken():  # else what it read may be wrong
                    return views.city_list(
                        data[:most], len(every), chosen, statuses, len(found), order.figure
                    )
    return None


def stored_companies(
    ctx: typer.Context,
    city_name: list[str] | None,
    focus: list[str] | None,
    sort: str,
    reverse: bool,
    limit: int | None,
) -> View | None:
    """The company list from the store (see stored_order); None when it cannot say."""
    from techhubs.output import views

    order = stored_order(ctx, "company", sort)
    if order is not None:  # in the full path's order: names, then the limit
        state = session(ctx)
        places = state.stored_records("city", one_of(city_name))
        fields_of = state.stored_records("focus area", one_of(focus))
        tied = {link["id"] for hub in places or () for link in hub["companies"]}
        # a hub's companies are read by id, not as the whole list: flat at any size
        every = stored_by_name(ctx, "company", tied) if places else None
        if every is None and places is not None and fields_of is not None:
            every = stored_every(ctx, "companies")
        if every is not None and places is not None and fields_of is not None:
            most = at_least_one(limit)
            wanted = {a["id"] for a in fields_of}
            found = [
                c
                for c in every
                if (not places or c["id"] in tied)
                and (not wanted or wanted & {f["id"] for f in c["focus_areas"]})
            ]
            data = order.arrange(found, reverse, "company")
            if data is not None:
                hubs = [hub["name"] for hub in places]
                chosen = [(a["id"], a["name"]) for a in fields_of]
                if not state.store_broken():  # else what it read may be wrong
                    return views.company_list(
                        data[:most], hubs, chosen, order.figure, len(found), order.rates
                    )
    return None
