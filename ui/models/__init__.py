"""Qt item models over counter.services read models."""
