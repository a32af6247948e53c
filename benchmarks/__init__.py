"""Benchmark corpus generator and harness (see docs/benchmarks.md)."""
