"""The RDF and SPARQL-results formats actorgraph reads and writes: their names, file extensions and media types."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import QueryResultsFormat, RdfFormat

__all__ = ["RDF_FORMATS", "RESULT_FORMATS", "rdf_format", "rdf_format_of_media_type"]

#: the name a user gives (``--format``) -> the RDF format; file extensions and media types are the format's own
RDF_FORMATS: dict[str, RdfFormat] = {
    "turtle": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "trig": RdfFormat.TRIG,
    "xml": RdfFormat.RDF_XML,
    "nquads": RdfFormat.N_QUADS,
}

#: the name a user gives -> the SPARQL results format
RESULT_FORMATS: dict[str, QueryResultsFormat] = {
    "json": QueryResultsFormat.JSON,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
    "xml": QueryResultsFormat.XML,
}

# extensions people give RDF files besides the formats' own
_MORE_EXTENSIONS = {"owl": RdfFormat.RDF_XML, "turtle": RdfFormat.TURTLE}


def rdf_format(path: str | Path) -> RdfFormat | None:
    """The RDF format a file name's extension says, or None.

    >>> rdf_format("syria.ttl"), rdf_format("x.owl"), rdf_format("claims.toml")
    (<RdfFormat Turtle>, <RdfFormat RDF/XML>, None)
    """
    extension = Path(path).suffix.lstrip(".").lower()
    return _MORE_EXTENSIONS.get(extension) or (RdfFormat.from_extension(extension) if extension else None)


def rdf_format_of_media_type(media_type: str) -> RdfFormat | None:
    """The RDF format a Content-Type names (parameters ignored), or None.

    >>> rdf_format_of_media_type("text/turtle; charset=utf-8")
    <RdfFormat Turtle>
    """
    return RdfFormat.from_media_type(media_type.split(";")[0].strip())
