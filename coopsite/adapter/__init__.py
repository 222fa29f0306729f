"""Adapters from the core to a build engine. Only ``hooks`` imports MkDocs; the core never does."""
