"""Shared-state stores beyond the in-memory one (`handlers.state.MemoryState`)."""
