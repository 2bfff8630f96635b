"""Runs the per-note stages over every note: the incremental cache, its fingerprint, worker processes."""
