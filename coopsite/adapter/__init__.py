"""Adapters from the core to a build engine. Only this folder imports MkDocs (``hooks.py``, and the
preview in ``preview/``); the core never does."""
