"""Importing texts: sources in, a reading of each text, saved articles out."""
