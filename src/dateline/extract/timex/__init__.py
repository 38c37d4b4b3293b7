"""Helpers of the time stage: lexicons, recognition patterns, calendar math, normalization."""
