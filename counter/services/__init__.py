"""Use cases: what a clerk, a leader or an admin can do, each taking a Context and plain values."""
