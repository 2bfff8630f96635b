"""The command line: options in, library calls, reports out (the only package that prints)."""
