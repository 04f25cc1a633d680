"""Results as people and other tools read them: tables, JSON, CSV, RDF, figures, diagrams and the page."""
