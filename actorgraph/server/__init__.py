"""Speaking SPARQL to other tools: the read-only endpoint (``actorgraph serve``) and uploads (``actorgraph push``)."""
