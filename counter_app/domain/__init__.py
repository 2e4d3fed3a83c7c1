"""Domain model and rules: dataclasses, enums and pure functions, no I/O."""
