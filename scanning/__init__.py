"""Scanner backends (SANE, TWAIN, folder) implementing the core scanner port."""
