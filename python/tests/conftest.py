"""Shared fixtures for the credkit Python suite."""
