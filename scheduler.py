"""The daemon entry point (filled in by the scheduler work)."""
