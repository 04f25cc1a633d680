"""A time-aware, sourced knowledge graph of conflict actors and their alliances.

The library: :func:`actorgraph.store.graph.open_graph` opens the graph (the bundled dataset,
claims or RDF files, or an on-disk store); :mod:`actorgraph.ask.questions` asks it who backed or
opposed whom, when and according to whom. Importing this package loads nothing heavy.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
