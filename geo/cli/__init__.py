"""`python -m geo COMMAND …`: the command line, one module per command.

The top layer of geo/: each command reads its arguments, calls the concern that does the work and prints in the
format documented in the README. Every module here has NAME, HELP, add_arguments(parser) and run(args) -> exit status,
so geo/__main__.py can list them all under one `--help`.
"""
