"""Questions asked of the graph: who backed or opposed whom, when, according to whom; network analysis; SPARQL."""
