"""Loading, validation and the domain model."""
