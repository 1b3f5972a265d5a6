"""Adapters and the composition root: everything that touches a platform or the process."""
