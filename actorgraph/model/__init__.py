"""What may be in the graph: the vocabulary the ontology defines, partial dates, the shapes, and where the files are."""
