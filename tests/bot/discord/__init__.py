"""Tests of the Discord adapter, against a local fake Discord."""
