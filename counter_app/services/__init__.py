"""Use cases: each takes a unit of work and returns typed results or raises typed errors."""
