"""orgraph: documents that define public bodies, as a Neo4j graph of posts and reporting lines."""

__version__ = "0.1.0"
