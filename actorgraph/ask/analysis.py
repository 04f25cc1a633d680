"""Network analysis over year snapshots: blocs, structural balance, paths, centrality and change over time."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from actorgraph.ask.questions import ActorInfo, Citation, RelationRow, actors_existed, all_relations, profile, resolve
from actorgraph.errors import ActorgraphError, BadDate
from actorgraph.model.dates import PartialDate, Period
from actorgraph.model.vocab import vocabulary
from actorgraph.store.protocol import Graph

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "BalanceReport",
    "Blocs",
    "Centrality",
    "Diff",
    "InferredTie",
    "NoPath",
    "PairChange",
    "PathReport",
    "Step",
    "Tie",
    "Triad",
    "balance",
    "blocs",
    "centrality",
    "diff",
    "path",
    "signed_graph",
    "snapshot",
    "to_period",
]


def _weight(row: RelationRow) -> float:
    """How much one claim counts towards a tie's strength: its certainty's ``ag:weight`` (disputed 0)."""
    return vocabulary().certainty_weights.get(row.certainty, 0.0)


#: above this many actors in one connected part, blocs uses local search instead of exact search
EXACT_LIMIT = 30
_BUDGET = 20_000  # search steps per connected part (~2 s on a 2-vCPU machine), then the best found so far


class NoPath(ActorgraphError):
    """Two actors with no chain of relations between them in the period asked about."""


def to_period(period: Period | str | int | None) -> Period | None:
    """A period from a year, month, day, :class:`Period` or None (all time).

    >>> to_period("2016").label, to_period(None)
    ('2016', None)
    """
    if period is None or isinstance(period, Period):
        return period
    return Period.parse(period)


# ---------------------------------------------------------------------------- snapshot


def snapshot(graph: Graph, period: Period | str | int | None = None, *, throughout: bool = False) -> nx.MultiDiGraph:
    """The relations possibly holding during a period as a networkx graph (all time if None).

    One directed edge per relation node, keyed by the relation id, from its actor to its target,
    with the attributes ``kind``, ``mode``, ``types``, ``start``, ``end`` (partial dates),
    ``certainty``, ``as_of``, ``agreement``, ``note``, ``sources`` (:class:`Citation` tuples,
    quotes included), ``quotes``, ``sign`` (the kind's ``ag:sign`` in the ontology) and ``row`` (the
    :class:`RelationRow` itself). Nodes carry ``label``, ``type``, ``start`` and ``end``.
    Built from :func:`actorgraph.ask.questions.all_relations` each time; nothing is stored.

    For a dated period, a relation is left out when one of its actors did not exist then
    (the Assad government ends 2024-12-08, the transitional government begins 2024-12-10);
    ``G.graph["outside_lifespan"]`` lists those relation ids.

    >>> g = snapshot(open_graph(), 2016)
    >>> g.has_edge("russia", "assad-government"), g.nodes["russia"]["label"]
    (True, 'Russia')
    >>> edge = g.edges["russia", "assad-government", "report-russia-supports-assad-government-2016"]
    >>> edge["kind"], edge["start"], edge["end"], edge["sources"][0].publisher
    ('support', '2016', '2016', 'Associated Press')
    >>> "transitional-government" in g
    False
    """
    import networkx as nx

    when = to_period(period)
    g = nx.MultiDiGraph(period=when.label if when else "any time", throughout=throughout)
    dropped: list[str] = []
    for row in all_relations(graph, when, throughout=throughout):
        if when is not None and not actors_existed(row, when):
            dropped.append(row.relation)
            continue
        for actor in (row.subject, row.other):
            if actor.id not in g:
                g.add_node(actor.id, label=actor.label, type=actor.type, start=actor.start, end=actor.end, info=actor)
        g.add_edge(
            row.subject.id,
            row.other.id,
            key=row.relation,
            kind=row.kind,
            mode=row.mode,
            types=row.types,
            start=row.start,
            end=row.end,
            certainty=row.certainty,
            as_of=row.as_of,
            agreement=row.agreement,
            note=row.note,
            sources=row.sources,
            quotes=tuple(c.quote for c in row.sources if c.quote),
            sign=vocabulary().kind(row.kind).sign,
            row=row,
        )
    g.graph["outside_lifespan"] = sorted(dropped)
    dates = [r["as_of"] for _, _, r in g.edges(data=True) if r["as_of"]]
    g.graph["as_of"] = max(dates, default=None)
    return g


def _rows(g: nx.MultiDiGraph) -> list[RelationRow]:
    return [data["row"] for _, _, data in g.edges(data=True)]


# ---------------------------------------------------------------------------- signed view


@dataclass(frozen=True)
class Tie:
    """The relations between two actors, in either direction, and the sign they add up to.

    ``sign`` is +1 when every relation between them is cooperative, -1 when every one is
    opposition, and 0 (ambivalent) when both kinds are claimed in the same period.
    """

    a: ActorInfo
    b: ActorInfo
    sign: int
    relations: tuple[RelationRow, ...]

    @property
    def strength(self) -> float:
        """Sum over the relations of certainty weight times number of distinct sources."""
        return sum(_weight(r) * max(1, len({c.source for c in r.sources})) for r in self.relations)

    @property
    def symbol(self) -> str:
        return {1: "+", -1: "-", 0: "±"}[self.sign]

    def best(self) -> RelationRow:
        """The relation that says most: confirmed first, then most sources, then latest start."""
        return max(
            self.relations,
            key=lambda r: (_weight(r), len(r.sources), r.start or "", r.relation),
        )


def signed_graph(snap: nx.MultiDiGraph, *, include_disputed: bool = False) -> nx.Graph:
    """The undirected signed view of a snapshot: one edge per pair of actors, with a :class:`Tie`.

    Edge attributes: ``sign`` (+1, -1, or 0 for an ambivalent pair), ``tie``. Disputed claims
    are left out unless ``include_disputed``.

    >>> s = signed_graph(snapshot(open_graph(), 2016))
    >>> s["russia"]["assad-government"]["sign"], s["russia"]["syrian-opposition"]["sign"]
    (1, -1)
    """
    import networkx as nx

    pairs: dict[tuple[str, str], list[RelationRow]] = {}
    for u, v, data in snap.edges(data=True):
        if data["row"].disputed and not include_disputed:
            continue
        if data["sign"] == 0:
            continue
        pairs.setdefault((min(u, v), max(u, v)), []).append(data["row"])
    s = nx.Graph(period=snap.graph.get("period"))
    for node, data in snap.nodes(data=True):
        s.add_node(node, **data)
    for (u, v), rows in sorted(pairs.items()):
        signs = {vocabulary().kind(r.kind).sign for r in rows}
        sign = signs.pop() if len(signs) == 1 else 0
        tie = Tie(snap.nodes[u]["info"], snap.nodes[v]["info"], sign, tuple(rows))
        s.add_edge(u, v, sign=sign, tie=tie)
    return s


# ---------------------------------------------------------------------------- blocs


@dataclass(frozen=True)
class Blocs:
    """Camps of actors that minimise frustration (negative ties inside, positive ties across).

    ``frustrated`` are the ties the partition breaks; ``crossing`` the negative ties between
    camps (expected by balance theory); ``ambivalent`` the pairs left out for having both signs;
    ``alternatives`` maps an actor to camps it could join at no extra frustration.
    """

    period: str
    camps: tuple[tuple[ActorInfo, ...], ...]
    frustrated: tuple[Tie, ...]
    crossing: tuple[Tie, ...]
    ambivalent: tuple[Tie, ...]
    signed_pairs: int
    exact: bool
    max_camps: int | None
    alternatives: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def frustration(self) -> int:
        """The frustration index: how many signed pairs the partition breaks."""
        return len(self.frustrated)

    @property
    def satisfied(self) -> float:
        """The fraction of signed pairs the partition satisfies (1.0 = perfectly balanced)."""
        return 1.0 - self.frustration / self.signed_pairs if self.signed_pairs else 1.0

    def camp_of(self, actor_id: str) -> int:
        """The index of the camp an actor is in; -1 if it is in none."""
        for n, camp in enumerate(self.camps):
            if any(a.id == actor_id for a in camp):
                return n
        return -1


def _cost(assign: dict[str, int], edges: dict[tuple[str, str], int]) -> int:
    return sum(1 for (u, v), s in edges.items() if (s > 0) != (assign[u] == assign[v]))


def _local_search(nodes: list[str], adj: dict[str, dict[str, int]], max_camps: int | None) -> dict[str, int]:
    """Greedy start (components of positive ties) improved by single moves until none helps."""
    assign: dict[str, int] = {}
    camp = 0
    for start in nodes:
        if start in assign:
            continue
        stack = [start]
        assign[start] = camp
        while stack:
            u = stack.pop()
            for v, s in adj[u].items():
                if s > 0 and v not in assign:
                    assign[v] = camp
                    stack.append(v)
        camp += 1
    if max_camps is not None:
        assign = {n: c % max_camps for n, c in assign.items()}
    improved = True
    while improved:
        improved = False
        for u in nodes:
            used = sorted(set(assign.values()))
            options = used + ([max(used) + 1] if max_camps is None or len(used) < max_camps else [])

            def local(c: int, u: str = u) -> int:
                return sum(1 for v, s in adj[u].items() if (s > 0) != (assign[v] == c))

            best = min(options, key=lambda c: (local(c), c != assign[u]))
            if local(best) < local(assign[u]):
                assign[u] = best
                improved = True
    return _renumber(assign, nodes)


def _renumber(assign: dict[str, int], nodes: list[str]) -> dict[str, int]:
    order: dict[int, int] = {}
    for n in nodes:
        order.setdefault(assign[n], len(order))
    return {n: order[assign[n]] for n in nodes}


def _exact(
    nodes: list[str], adj: dict[str, dict[str, int]], max_camps: int | None, start: dict[str, int]
) -> tuple[dict[str, int], bool]:
    """Branch and bound over set partitions, minimising (frustration, number of camps)."""
    edges = {(u, v): s for u in nodes for v, s in adj[u].items() if u < v}
    best_assign = dict(start)
    best = (_cost(start, edges), len(set(start.values())))
    order = sorted(nodes, key=lambda n: (-len(adj[n]), n))
    assign: dict[str, int] = {}
    budget = [_BUDGET]

    def placement_cost(u: str, c: int) -> int:
        return sum(1 for v, s in adj[u].items() if v in assign and (s > 0) != (assign[v] == c))

    def search(i: int, cost: int, camps: int) -> None:
        nonlocal best, best_assign
        budget[0] -= 1
        if budget[0] < 0:
            return
        if i == len(order):
            if (cost, camps) < best:
                best, best_assign = (cost, camps), dict(assign)
            return
        bound = cost
        for u in order[i:]:
            options = range(camps + (1 if max_camps is None or camps < max_camps else 0))
            bound += min(placement_cost(u, c) for c in options)
        if (bound, camps) >= best:
            return
        u = order[i]
        choices = list(range(camps)) + ([camps] if max_camps is None or camps < max_camps else [])
        for c in sorted(choices, key=lambda c: placement_cost(u, c)):
            assign[u] = c
            search(i + 1, cost + placement_cost(u, c), max(camps, c + 1))
            del assign[u]

    search(0, 0, 0)
    return _renumber(best_assign, nodes), budget[0] >= 0


def blocs(
    graph: Graph,
    period: Period | str | int | None = None,
    *,
    max_camps: int | None = None,
    include_disputed: bool = False,
    throughout: bool = False,
) -> Blocs:
    """Camps from the signed network: a structural-balance partition with the least frustration.

    Each pair of actors counts once, whatever the number of claims: +1 if all its relations
    cooperate (support, membership, leadership, agreement), -1 if all oppose; pairs with both
    are ambivalent and left out. The partition minimises the number of frustrated pairs
    (negative inside a camp or positive across camps), then the number of camps; an actor
    with no positive tie to anyone in its camp then stands alone (``alternatives`` names the
    camps it could join at no cost). With
    ``max_camps=2`` it is Heider's two-camp balance, otherwise Davis's clusterability with any
    number of camps, each connected part of the network partitioned on its own. The search is
    exact (branch and bound) up to :data:`EXACT_LIMIT` actors per part, local search above.

    >>> b = blocs(open_graph(), 2016)
    >>> b.camp_of("russia") == b.camp_of("iran") == b.camp_of("hezbollah") == b.camp_of("assad-government")
    True
    >>> b.camp_of("turkey") == b.camp_of("syrian-opposition") != b.camp_of("russia")
    True
    >>> b.exact, b.frustration <= 2
    (True, True)
    """
    import networkx as nx

    snap = snapshot(graph, period, throughout=throughout)
    signed = signed_graph(snap, include_disputed=include_disputed)
    adj: dict[str, dict[str, int]] = {n: {} for n in signed}
    for u, v, s in signed.edges(data="sign"):
        if s:
            adj[u][v] = s
            adj[v][u] = s
    parts = [sorted(p) for p in nx.connected_components(nx.Graph([(u, v) for u in adj for v in adj[u]]))]
    parts += [[n] for n in sorted(adj) if not adj[n]]
    if max_camps is not None:
        parts = [sorted(n for p in parts for n in p)]
    assign: dict[str, int] = {}
    exact = True
    offset = 0
    for part in sorted(parts, key=lambda p: (-len(p), p)):
        start = _local_search(part, adj, max_camps)
        if len(part) <= EXACT_LIMIT:
            found, done = _exact(part, adj, max_camps, start)
            exact = exact and done
        else:
            found, exact = start, False
        assign.update({n: c + offset for n, c in found.items()})
        offset += len(set(found.values()))
    if max_camps is None:
        # fewest camps can seat an actor with no friend among its camp-mates (Israel beside
        # Islamic State); such an actor stands alone instead, which never adds frustration
        for n in sorted(assign):
            mates = [v for v, s in adj[n].items() if s > 0 and assign[v] == assign[n]]
            if not mates and sum(1 for m in assign.values() if m == assign[n]) > 1:
                assign[n] = offset
                offset += 1
    info = {n: snap.nodes[n]["info"] for n in snap}
    groups: dict[int, list[ActorInfo]] = {}
    for n, c in assign.items():
        groups.setdefault(c, []).append(info[n])
    camps = sorted(
        (tuple(sorted(g, key=lambda a: a.label.casefold())) for g in groups.values()),
        key=lambda c: (-len(c), c[0].label),
    )
    camp_index = {a.id: i for i, camp in enumerate(camps) for a in camp}
    frustrated, crossing, ambivalent = [], [], []
    for u, v, data in sorted(signed.edges(data=True), key=lambda e: (e[0], e[1])):
        tie: Tie = data["tie"]
        same = camp_index[u] == camp_index[v]
        if tie.sign == 0:
            ambivalent.append(tie)
        elif (tie.sign > 0) != same:
            frustrated.append(tie)
        elif not same:
            crossing.append(tie)
    alternatives: dict[str, tuple[int, ...]] = {}
    for u in adj:
        own = camp_index[u]

        def local(c: int, u: str = u) -> int:
            return sum(1 for v, s in adj[u].items() if (s > 0) != (camp_index[v] == c))

        others = tuple(c for c in range(len(camps)) if c != own and local(c) <= local(own))
        if others and adj[u]:
            alternatives[u] = others
    signed_pairs = sum(1 for _, _, s in signed.edges(data="sign") if s)
    return Blocs(
        snap.graph["period"],
        tuple(camps),
        tuple(frustrated),
        tuple(crossing),
        tuple(ambivalent),
        signed_pairs,
        exact,
        max_camps,
        alternatives,
    )


# ---------------------------------------------------------------------------- balance


@dataclass(frozen=True)
class Triad:
    """Three actors whose three pairs all have sourced, signed ties."""

    actors: tuple[ActorInfo, ActorInfo, ActorInfo]
    ties: tuple[Tie, Tie, Tie]

    @property
    def balanced(self) -> bool:
        """Heider: balanced when the product of the three signs is positive."""
        return self.ties[0].sign * self.ties[1].sign * self.ties[2].sign > 0

    @property
    def reading(self) -> str:
        """The triad in Heider's words."""
        negatives = sum(1 for t in self.ties if t.sign < 0)
        return {
            0: "friends of friends are friends",
            1: "a friend's friend is an enemy",
            2: "the enemy of my enemy is my friend",
            3: "all three are enemies",
        }[negatives]


@dataclass(frozen=True)
class InferredTie:
    """A tie no source states, which balance theory predicts from two sourced ties through ``via``."""

    a: ActorInfo
    b: ActorInfo
    via: ActorInfo
    sign: int
    through: tuple[Tie, Tie]
    inferred: bool = True

    @property
    def reading(self) -> str:
        first, second = (t.sign for t in self.through)
        if first < 0 and second < 0:
            return "enemy of an enemy: predicted friend"
        if first > 0 and second > 0:
            return "friend of a friend: predicted friend"
        return "friend of an enemy: predicted enemy"


@dataclass(frozen=True)
class BalanceReport:
    """Sourced triads, balanced and not, and the ties balance would infer (kept apart)."""

    period: str
    balanced: tuple[Triad, ...]
    unbalanced: tuple[Triad, ...]
    inferred: tuple[InferredTie, ...]
    ambivalent: tuple[Tie, ...]

    @property
    def balance_ratio(self) -> float:
        """The share of sourced triads that are balanced (1.0 if there are none)."""
        total = len(self.balanced) + len(self.unbalanced)
        return len(self.balanced) / total if total else 1.0


def balance(
    graph: Graph,
    period: Period | str | int | None = None,
    *,
    include_disputed: bool = False,
    throughout: bool = False,
) -> BalanceReport:
    """Heider's structural balance: every triad of sourced signed ties, and the ties it predicts.

    A triad is listed only when all three pairs have sourced, non-ambivalent ties; an open triad
    (two sourced ties, no relation at all between the other two actors) yields an
    :class:`InferredTie`, which is labelled inferred and never counted among the triads.

    >>> report = balance(open_graph(), 2016)
    >>> trio = {"russia", "assad-government", "syrian-opposition"}
    >>> t = next(t for t in report.balanced if {a.id for a in t.actors} == trio)
    >>> t.reading
    'the enemy of my enemy is my friend'
    >>> all(i.inferred for i in report.inferred)
    True
    """
    signed = signed_graph(snapshot(graph, period, throughout=throughout), include_disputed=include_disputed)
    ties: dict[frozenset[str], Tie] = {frozenset((u, v)): d["tie"] for u, v, d in signed.edges(data=True)}
    info = {n: d["info"] for n, d in signed.nodes(data=True)}
    balanced: list[Triad] = []
    unbalanced: list[Triad] = []
    inferred: list[InferredTie] = []
    nodes = sorted(signed)
    for a, b, c in itertools.combinations(nodes, 3):
        pairs = [frozenset((a, b)), frozenset((a, c)), frozenset((b, c))]
        present = [p for p in pairs if p in ties]
        if any(ties[p].sign == 0 for p in present):
            continue
        if len(present) == 3:
            triad = Triad((info[a], info[b], info[c]), (ties[pairs[0]], ties[pairs[1]], ties[pairs[2]]))
            (balanced if triad.balanced else unbalanced).append(triad)
        elif len(present) == 2:
            missing = next(p for p in pairs if p not in ties)
            x, y = sorted(missing)
            via = ({a, b, c} - missing).pop()
            t1, t2 = ties[frozenset((x, via))], ties[frozenset((y, via))]
            inferred.append(InferredTie(info[x], info[y], info[via], t1.sign * t2.sign, (t1, t2)))
    ambivalent = tuple(t for t in ties.values() if t.sign == 0)
    return BalanceReport(
        signed.graph.get("period", ""), tuple(balanced), tuple(unbalanced), tuple(inferred), ambivalent
    )


# ---------------------------------------------------------------------------- paths


@dataclass(frozen=True)
class Step:
    """One step of a path: from one actor to the next, through their tie."""

    source: ActorInfo
    target: ActorInfo
    tie: Tie

    @property
    def relation(self) -> RelationRow:
        return self.tie.best()

    @property
    def verb(self) -> str:
        """The relation as it reads from this step's source: ``support`` or ``supported by``."""
        r = self.relation
        if r.subject.id == self.source.id:
            return r.kind
        from actorgraph.model.vocab import vocabulary

        vocab = vocabulary()
        return vocab.inverse_labels.get(vocab.relation_kinds[r.kind].value, r.kind)

    def describe(self) -> str:
        """The step's relation in words, e.g. ``Government of Syria (Assad) -[supported by]-> Russia``."""
        return f"{self.source.label} -[{self.verb}]-> {self.target.label}"


@dataclass(frozen=True)
class PathReport:
    """The shortest (fewest steps) and strongest (most certain, best sourced) paths between two actors."""

    source: ActorInfo
    target: ActorInfo
    period: str
    shortest: tuple[Step, ...]
    strongest: tuple[Step, ...]

    @staticmethod
    def sign(steps: Sequence[Step]) -> int:
        """The product of the signs along a path: +1 reads as friend, -1 as enemy, 0 ambivalent."""
        product = 1
        for s in steps:
            product *= s.tie.sign
        return product


def path(
    graph: Graph,
    a: str,
    b: str,
    period: Period | str | int | None = None,
    *,
    include_disputed: bool = False,
    throughout: bool = False,
) -> PathReport:
    """How two actors are connected through support, opposition and the other relations.

    Shortest: fewest steps (among equals, the strongest). Strongest: least total cost where a
    step costs 1 / strength and strength is the sum over the pair's relations of certainty
    weight (confirmed 1, alleged 0.5) times the number of distinct sources.

    >>> p = path(open_graph(), "Turkey", "Russia", 2015)
    >>> [s.target.id for s in p.shortest]
    ['syrian-opposition', 'russia']
    >>> PathReport.sign(p.shortest)
    -1
    >>> [s.target.id for s in path(open_graph(), "Turkey", "Russia", 2016).shortest]
    ['russia']
    """
    import networkx as nx

    when = to_period(period)
    first, second = resolve(graph, a, when), resolve(graph, b, when)
    if first.id == second.id:
        raise NoPath(f"{a!r} and {b!r} are the same actor ({first.label}): a path needs two")
    signed = signed_graph(snapshot(graph, when, throughout=throughout), include_disputed=include_disputed)
    label = when.label if when else "any time"
    for actor in (first, second):
        if actor.id not in signed:
            raise NoPath(f"{actor.label} has no relations in {label}")
    for _, _, d in signed.edges(data=True):
        d["cost"] = 1.0 / max(d["tie"].strength, 1e-9)

    def steps(nodes: list[str]) -> tuple[Step, ...]:
        return tuple(
            Step(signed.nodes[u]["info"], signed.nodes[v]["info"], signed[u][v]["tie"])
            for u, v in itertools.pairwise(nodes)
        )

    try:
        candidates = list(nx.all_shortest_paths(signed, first.id, second.id))
        strongest = nx.dijkstra_path(signed, first.id, second.id, weight="cost")
    except nx.NetworkXNoPath:
        raise NoPath(f"no path between {first.label} and {second.label} in {label}") from None
    shortest = min(candidates, key=lambda p: (sum(signed[u][v]["cost"] for u, v in itertools.pairwise(p)), p))
    return PathReport(first, second, label, steps(shortest), steps(strongest))


# ---------------------------------------------------------------------------- centrality


@dataclass(frozen=True)
class Centrality:
    """One actor's centrality in the network of one relation kind; each field names its measure."""

    actor: ActorInfo
    in_degree: int  # distinct actors with a relation of this kind towards it (e.g. its supporters)
    out_degree: int  # distinct actors it has a relation of this kind towards (e.g. those it supports)
    degree: float  # networkx degree_centrality of the undirected pair graph (distinct partners / (n - 1))
    pagerank: float  # networkx pagerank (alpha 0.85) of the directed pair graph: where the flows end up
    betweenness: float  # networkx betweenness_centrality (normalised) of the undirected pair graph

    MEASURES = ("in_degree", "out_degree", "degree", "pagerank", "betweenness")


def centrality(
    graph: Graph,
    period: Period | str | int | None = None,
    *,
    kind: str = "support",
    by: str = "in_degree",
    include_disputed: bool = False,
    throughout: bool = False,
) -> list[Centrality]:
    """Who is the hub of support (or another relation kind) in a period, by a named measure.

    >>> rows = centrality(open_graph(), 2016)
    >>> rows[0].actor.id, rows[0].in_degree >= 4
    ('syrian-opposition', True)
    """
    import networkx as nx

    if by not in Centrality.MEASURES:
        raise ActorgraphError(f"unknown centrality measure {by!r} (one of: {', '.join(Centrality.MEASURES)})")
    snap = snapshot(graph, period, throughout=throughout)
    directed = nx.DiGraph()
    for u, v, d in snap.edges(data=True):
        if d["kind"] == kind and (include_disputed or not d["row"].disputed):
            directed.add_edge(u, v)
    if not directed:
        return []
    undirected = directed.to_undirected()
    degree = nx.degree_centrality(undirected)
    pagerank = nx.pagerank(directed)
    between = nx.betweenness_centrality(undirected)
    rows = [
        Centrality(
            snap.nodes[n]["info"],
            directed.in_degree(n),
            directed.out_degree(n),
            round(degree[n], 4),
            round(pagerank[n], 4),
            round(between[n], 4),
        )
        for n in directed
    ]
    rows.sort(key=lambda r: (-getattr(r, by), r.actor.label.casefold()))
    return rows


# ---------------------------------------------------------------------------- change over time


@dataclass(frozen=True)
class PairChange:
    """What happened to the relations from one actor to another between two dates."""

    change: str  # began | ended | changed
    subject: ActorInfo
    other: ActorInfo
    before: tuple[RelationRow, ...]
    after: tuple[RelationRow, ...]
    what: str  # the kinds and types before -> after, in words
    evidence: tuple[RelationRow, ...]  # the relations that date the change (or all involved)
    reason: str | None = None  # e.g. an actor ceased to exist
    bound: str | None = None  # the end (or start) of that actor, which bounds an undated change

    @property
    def when(self) -> str | None:
        """The date the evidence gives: the latest end of an ended relation, the earliest start of a new one;
        undated, the end or start of the actor whose lifespan bounds it ("by 2024-12-08")."""
        if self.change == "ended":
            found = max((r.end for r in self.evidence if r.end), default=None)
            return found or (f"by {self.bound}" if self.bound else None)
        if self.change == "began":
            found = min((r.start for r in self.evidence if r.start), default=None)
            return found or (f"not before {self.bound}" if self.bound else None)
        return None

    @property
    def sources(self) -> tuple[Citation, ...]:
        seen: dict[tuple[str, str | None], Citation] = {}
        for r in self.evidence:
            for c in r.sources:
                seen.setdefault((c.source, c.quote), c)
        return tuple(seen.values())


@dataclass(frozen=True)
class Diff:
    """Relations that began, ended or changed kind or type between two dates."""

    before: str
    after: str
    changes: tuple[PairChange, ...]

    def of(self, change: str) -> list[PairChange]:
        return [c for c in self.changes if c.change == change]


def _signature(rows: Iterable[RelationRow]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for r in rows:
        found.setdefault(r.kind, set()).update(r.types or ([r.mode] if r.mode else []))
    return found


def _describe(sig: dict[str, set[str]]) -> str:
    if not sig:
        return "none"
    return "; ".join(f"{k} ({', '.join(sorted(v))})" if v else k for k, v in sorted(sig.items()))


def _day(text: str | None, *, last: bool = False) -> dt.date | None:
    if not text:
        return None
    date = PartialDate.parse(text)
    return date.last_day if last else date.first_day


def diff(graph: Graph, before: Period | str | int, after: Period | str | int) -> Diff:
    """Relations (per ordered pair of actors) that began, ended, or changed kind or type.

    Compares the snapshots of the two dates, pair by pair. The evidence of an ended pair is its
    relations whose stated end falls after the first period; of a new pair, its relations that
    start after the first period; of a changed pair, the relations only one side has (all the
    pair's relations when none is dated). When an actor of the pair did not exist at the other
    date, ``reason`` says so and names its successor or predecessor.

    >>> d = diff(open_graph(), 2016, 2025)
    >>> ended = {(c.subject.id, c.other.id): c for c in d.of("ended")}
    >>> russia = ended["russia", "assad-government"]
    >>> russia.when, [r.relation for r in russia.evidence], len(russia.sources) > 0
    ('2024-12-08', ['post-russia-supports-assad-government'], True)
    >>> ("iran", "assad-government") in ended
    True
    >>> ended["china", "assad-government"].when  # still reported in 2017: it ended by the government's end
    'by 2024-12-08'
    >>> lifted = {(c.subject.id, c.other.id): c for c in diff(open_graph(), 2023, 2025).of("ended")}
    >>> eu = lifted["european-union", "transitional-government"]
    >>> eu.when, eu.what
    ('2025-05-28', 'opposition (sanctions) -> none')
    """
    first, second = to_period(before), to_period(after)
    assert first is not None and second is not None
    if second.last < first.first:
        raise BadDate(f"compare an earlier date with a later one: {first.label} is after {second.label}")
    old, new = snapshot(graph, first), snapshot(graph, second)
    pairs: dict[tuple[str, str], tuple[list[RelationRow], list[RelationRow]]] = {}
    for row in _rows(old):
        pairs.setdefault((row.subject.id, row.other.id), ([], []))[0].append(row)
    for row in _rows(new):
        pairs.setdefault((row.subject.id, row.other.id), ([], []))[1].append(row)
    changes = []
    for (_, _), (was, now) in sorted(pairs.items()):
        subject = (was or now)[0].subject
        other = (was or now)[0].other
        sig_was, sig_now = _signature(was), _signature(now)
        what = f"{_describe(sig_was)} -> {_describe(sig_now)}"
        if was and not now:
            ended = [r for r in was if r.end and (_day(r.end, last=True) or dt.date.min) > first.last]
            evidence = sorted(ended, key=lambda r: (r.end or "", r.relation), reverse=True) or was
            changes.append(
                PairChange(
                    "ended",
                    subject,
                    other,
                    tuple(was),
                    (),
                    what,
                    tuple(evidence),
                    *_gone(graph, (subject, other), second),
                )
            )
        elif now and not was:
            begun = [r for r in now if r.start and (_day(r.start) or dt.date.max) > first.last]
            ending = [r for r in now if r.end and first.last < (_day(r.end, last=True) or dt.date.max) <= second.last]
            if not begun and len(ending) == len(now):
                # held only because an actor came into being, and ended (was lifted) within the later
                # period: the event the sources state is the end, so say that, not "began"
                evidence = sorted(ending, key=lambda r: (r.end or "", r.relation), reverse=True)
                what = f"{_describe(sig_now)} -> none"
                reason, _ = _new(graph, (subject, other), first)
                changes.append(PairChange("ended", subject, other, (), tuple(now), what, tuple(evidence), reason))
                continue
            evidence = sorted(begun, key=lambda r: (r.start or "", r.relation)) or now
            changes.append(
                PairChange(
                    "began",
                    subject,
                    other,
                    (),
                    tuple(now),
                    what,
                    tuple(evidence),
                    *_new(graph, (subject, other), first),
                )
            )
        elif sig_was != sig_now:
            ids_was, ids_now = {r.relation for r in was}, {r.relation for r in now}
            evidence = [r for r in was if r.relation not in ids_now] + [r for r in now if r.relation not in ids_was]
            changes.append(PairChange("changed", subject, other, tuple(was), tuple(now), what, tuple(evidence)))
    return Diff(first.label, second.label, tuple(changes))


def _gone(graph: Graph, actors: Sequence[ActorInfo], period: Period) -> tuple[str | None, str | None]:
    """Why a pair's relations ended, when an actor of it ceased to exist before ``period``; and that end."""
    for actor in actors:
        if actor.end and not actor.exists_during(period):
            after = profile(graph, actor.id).successors
            then = f"; succeeded by {', '.join(a.label for a in after)}" if after else ""
            return f"{actor.label} ceased to exist {actor.end}{then}", actor.end
    return None, None


def _new(graph: Graph, actors: Sequence[ActorInfo], period: Period) -> tuple[str | None, str | None]:
    """Why a pair's relations began, when an actor of it came into being after ``period``; and that start."""
    for actor in actors:
        if actor.start and not actor.exists_during(period):
            before = profile(graph, actor.id).predecessors
            then = f" (succeeding {', '.join(a.label for a in before)})" if before else ""
            return f"{actor.label} came into being {actor.start}{then}", actor.start
    return None, None
