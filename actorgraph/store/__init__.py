"""The graph: one store of truth, local (embedded pyoxigraph, in memory or on disk) or a remote SPARQL endpoint."""
